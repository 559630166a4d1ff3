import { createServer } from "node:net";

/** True when something already listens on host:port (chopsticks would silently move to port+1). */
export function isPortInUse(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "EADDRINUSE" || err.code === "EACCES"));
    server.once("listening", () => server.close(() => resolve(false)));
    server.listen(port, host);
  });
}
