import http from "node:http";
import type { Duplex } from "node:stream";

/**
 * chopsticks' close() stops its HTTP server but leaves upgraded websockets open, and the closed
 * chain keeps answering on them: clients never notice the chain went away (and a restarted chain
 * on the same port is never reached). We capture the servers it creates during setup, remember
 * every upgraded socket, and destroy them on stop.
 */
export class SocketTracker {
  private readonly sockets = new Set<Duplex>();

  /** Run `setup` while recording the HTTP servers it creates. */
  async capture<T>(setup: () => Promise<T>): Promise<T> {
    const original = http.createServer;
    const track = (server: http.Server) =>
      server.on("upgrade", (_req: http.IncomingMessage, socket: Duplex) => {
        this.sockets.add(socket);
        socket.once("close", () => this.sockets.delete(socket));
      });
    (http as { createServer: typeof http.createServer }).createServer = ((...args: Parameters<typeof http.createServer>) => {
      const server = original.apply(http, args);
      track(server);
      return server;
    }) as typeof http.createServer;
    try {
      return await setup();
    } finally {
      (http as { createServer: typeof http.createServer }).createServer = original;
    }
  }

  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
