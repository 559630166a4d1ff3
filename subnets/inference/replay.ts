import { createHash } from "node:crypto";

/**
 * What the validator remembers of earlier answers: a hash of each answer's outputs, the last
 * `capacity` of them. Challenges are fresh random inputs, so an honest miner's outputs never
 * repeat; an answer whose outputs the validator has seen before (from any miner, any round) was
 * replayed or copied, and is caught without re-executing anything.
 */
export interface AnswerMemory {
  /** Whether this key was remembered before. */
  seen(key: string): boolean;
  remember(key: string): void;
}

export function createAnswerMemory(capacity: number): AnswerMemory {
  const keys = new Set<string>();
  const order: string[] = [];
  let head = 0;
  return {
    seen: (key) => keys.has(key),
    remember(key) {
      if (keys.has(key)) return;
      keys.add(key);
      order.push(key);
      // Bounded: forget the oldest once full (head index instead of shift, amortized O(1)).
      if (order.length - head > capacity) {
        keys.delete(order[head] as string);
        head++;
        if (head > capacity) {
          order.splice(0, head);
          head = 0;
        }
      }
    },
  };
}

/** A key for an answer's outputs: names and payloads, hashed (payloads are up to MiBs of base64). */
export function answerKey(response: unknown): string | null {
  const outputs = (response as { outputs?: Record<string, { data?: unknown; dims?: unknown }> } | null)?.outputs;
  if (outputs === undefined || outputs === null || typeof outputs !== "object") return null;
  const hash = createHash("sha256");
  for (const name of Object.keys(outputs).sort()) {
    const t = outputs[name];
    hash.update(`${name}|${JSON.stringify(t?.dims ?? null)}|${String(t?.data ?? "")}\n`);
  }
  return hash.digest("hex");
}
