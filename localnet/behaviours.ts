import type { SubnetContext, SubnetDefinition, SubnetMiner } from "../subnets/sdk/interface.js";
import type { AnswerBook } from "./answer-book.js";
import { LocalnetError } from "./errors.js";
import type { Behaviour } from "./options.js";

/**
 * Misbehaving miners for the localnet, as wrappers over any SubnetDefinition: the node runs the
 * wrapped subnet exactly as it runs an honest one, so what the validator sees is what a real
 * cheater or a flaky host would send.
 */
export interface BehaviourOptions {
  behaviour: Behaviour;
  /** This miner's id in the answer book (e.g. its hotkey name). */
  minerId: string;
  /** Honest miners record their answers here, copying miners replay others' answers from it. */
  answers?: AnswerBook;
  /** "slow": delay before answering (ms). */
  slowMs?: number;
  /** "flapping": serve every other period of this length (ms), starting with one off. */
  flapMs?: number;
  /** "offline": stop answering this long after the miner was created (ms). */
  offlineAfterMs?: number;
  /** "offline": called once when the miner goes offline (the miner process then stops its node). */
  onOffline?: () => void;
  random?: () => number;
  now?: () => number;
}

export function withBehaviour<Req, Res>(
  subnet: SubnetDefinition<Req, Res>,
  options: BehaviourOptions,
): SubnetDefinition<Req, Res> {
  if (options.behaviour === "honest" && !options.answers) return subnet;
  return {
    ...subnet,
    name: subnet.name,
    createMiner: async (context: SubnetContext) => wrapMiner(await subnet.createMiner(context), subnet, options),
  };
}

function wrapMiner<Req, Res>(
  inner: SubnetMiner<Req, Res>,
  subnet: SubnetDefinition<Req, Res>,
  options: BehaviourOptions,
): SubnetMiner<Req, Res> {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const createdAt = now();
  let template: Res | undefined;
  let replayed: Res | undefined;
  let wentOffline = false;

  const handlers: Record<Behaviour, SubnetMiner<Req, Res>["handle"]> = {
    honest: async (request, ctx) => {
      const answer = await inner.handle(request, ctx);
      // Recording is best effort: a full disk must not make an honest miner fail its query.
      await options.answers?.record(options.minerId, answer).catch(() => undefined);
      return answer;
    },
    random: async (request, ctx) => {
      // One honest answer gives the shape; every answer after that is noise of that shape, computed for free.
      template ??= await inner.handle(request, ctx);
      // Well-formed but wrong: if noise in every leaf breaks the schema (enums, integer dims), keep
      // the structure and randomize only the content (base64 payloads, fractional numbers).
      const noisy = randomLike(template, random);
      if (subnet.responseSchema.safeParse(noisy).success) return noisy as Res;
      const content = randomLike(template, random, "content");
      return (subnet.responseSchema.safeParse(content).success ? content : noisy) as Res;
    },
    copy: async () => {
      const copied = await options.answers?.pickOther(options.minerId, random);
      if (copied === null || copied === undefined) {
        throw new LocalnetError({ code: "NOTHING_TO_COPY" }, "copying miner: no other miner's answer recorded yet");
      }
      return subnet.responseSchema.parse(copied);
    },
    replay: async (request, ctx) => {
      // One honest answer, then the same answer for every challenge: its own work, reused for free.
      replayed ??= await inner.handle(request, ctx);
      return replayed;
    },
    flapping: async (request, ctx) => {
      const period = Math.max(1, options.flapMs ?? 11_000);
      if (Math.floor((now() - createdAt) / period) % 2 === 0) {
        throw new LocalnetError({ code: "MINER_OFFLINE", afterMs: 0 }, "flapping miner: in an off period");
      }
      return inner.handle(request, ctx);
    },
    slow: async (request, ctx) => {
      await sleep(options.slowMs ?? 0, ctx.signal);
      return inner.handle(request, ctx);
    },
    offline: async (request, ctx) => {
      const afterMs = options.offlineAfterMs ?? 0;
      if (now() - createdAt >= afterMs) {
        if (!wentOffline) {
          wentOffline = true;
          options.onOffline?.();
        }
        throw new LocalnetError({ code: "MINER_OFFLINE", afterMs }, `miner went offline after ${afterMs} ms`);
      }
      return inner.handle(request, ctx);
    },
  };

  return {
    handle: handlers[options.behaviour],
    close: () => inner.close(),
  };
}

/** Resolves after `ms`, or rejects when `signal` aborts first (the node's deadline). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error("aborted"));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64 = `${ALNUM}+/`;
const B64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A value of the same JSON shape as `value` with leaves replaced by noise: strings keep their
 * length (base64 stays valid base64), numbers keep sign and integer-ness, fractions in [0, 1]
 * stay there, arrays keep their length. `"content"` leaves integers and non-base64 strings alone
 * (shapes, enums) and only scrambles payloads.
 */
export function randomLike(value: unknown, random: () => number, mode: "all" | "content" = "all"): unknown {
  if (typeof value === "string") return mode === "all" || isBase64(value) ? randomString(value, random) : value;
  if (typeof value === "number") {
    if (Number.isInteger(value) && mode === "content") return value;
    if (!Number.isInteger(value) && value >= 0 && value <= 1) return random();
    const span = Math.max(1, Math.abs(value) * 2);
    const magnitude = random() * span;
    const signed = value < 0 ? -magnitude : magnitude;
    return Number.isInteger(value) ? Math.round(signed) : signed;
  }
  if (typeof value === "boolean") return mode === "all" ? random() < 0.5 : value;
  if (Array.isArray(value)) return value.map((item) => randomLike(item, random, mode));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, randomLike(v, random, mode)]));
  }
  return value;
}

function isBase64(value: string): boolean {
  return value.length >= 16 && value.length % 4 === 0 && B64_RE.test(value);
}

function randomString(value: string, random: () => number): string {
  const base64 = isBase64(value);
  const alphabet = base64 ? B64 : ALNUM;
  const padding = base64 ? (value.match(/=+$/)?.[0] ?? "") : "";
  let out = "";
  for (let i = 0; i < value.length - padding.length; i++) {
    // Keep spaces so word structure survives (text answers stay plausible-looking yet wrong).
    out += !base64 && value[i] === " " ? " " : alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  }
  return out + padding;
}
