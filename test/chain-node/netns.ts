import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { NodePlacement } from "../../chain/devchain/index.js";
import { errorMessage } from "../../lib/errors.js";

/**
 * Network namespaces joined by a bridge, as separate hosts on one machine: host i gets
 * 10.<subnet>.0.(i + 2)/24 on its own veth; the bridge (10.<subnet>.0.1) lets this process reach
 * every host's RPC. Needs root (CI runs as root); nothing listens outside these addresses.
 */
export interface Namespaces {
  readonly hosts: ReadonlyArray<NodePlacement & { name: string }>;
  remove(): void;
}

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

export function createNamespaces(count: number): Namespaces {
  if (process.getuid?.() !== 0) {
    throw new Error("the namespace test needs root (ip netns add): run it as root, as CI does");
  }
  const tag = randomBytes(3).toString("hex");
  // A /24 unlikely to collide with anything configured here; 10.200-249.
  const subnet = 200 + (Number.parseInt(tag.slice(0, 2), 16) % 50);
  const bridge = `mtbr${tag}`;
  const hosts: Array<NodePlacement & { name: string }> = [];
  const created: string[] = [];
  const remove = () => {
    for (const ns of created) {
      try {
        ip("netns", "del", ns);
      } catch {
        // already gone
      }
    }
    try {
      ip("link", "del", bridge);
    } catch {
      // already gone
    }
  };
  try {
    ip("link", "add", bridge, "type", "bridge");
    ip("addr", "add", `10.${subnet}.0.1/24`, "dev", bridge);
    ip("link", "set", bridge, "up");
    for (let i = 0; i < count; i++) {
      const ns = `mt${tag}h${i}`;
      const address = `10.${subnet}.0.${i + 2}`;
      ip("netns", "add", ns);
      created.push(ns);
      ip("link", "add", `mt${tag}v${i}`, "type", "veth", "peer", "name", `mt${tag}p${i}`);
      ip("link", "set", `mt${tag}p${i}`, "netns", ns);
      ip("link", "set", `mt${tag}v${i}`, "master", bridge);
      ip("link", "set", `mt${tag}v${i}`, "up");
      ip("-n", ns, "addr", "add", `${address}/24`, "dev", `mt${tag}p${i}`);
      ip("-n", ns, "link", "set", `mt${tag}p${i}`, "up");
      ip("-n", ns, "link", "set", "lo", "up");
      hosts.push({ name: ns, address, wrapper: ["ip", "netns", "exec", ns] });
    }
  } catch (err) {
    remove();
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`creating network namespaces failed: ${stderr || errorMessage(err)}`);
  }
  process.once("exit", remove);
  return { hosts, remove };
}
