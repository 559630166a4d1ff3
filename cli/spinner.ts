const FRAMES = ["|", "/", "-", "\\"];

export interface Spinner {
  stop(): void;
}

/** A spinner on stderr while waiting (only on a TTY and never with --json, so scripts see clean output). */
export function startSpinner(
  stream: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown },
  text: string,
  enabled: boolean,
): Spinner {
  if (!enabled || !stream.isTTY) return { stop() {} };
  let i = 0;
  const timer = setInterval(() => {
    stream.write(`\r${FRAMES[i++ % FRAMES.length]} ${text}`);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      stream.write(`\r${" ".repeat(text.length + 2)}\r`);
    },
  };
}
