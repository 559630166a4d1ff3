import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { noInference } from "../lib/inference.js";
import { silentLogger } from "../lib/logger.js";
import type { CallerInfo, SubnetDefinition } from "../subnets/sdk/interface.js";
import { createFileAnswerBook } from "./answer-book.js";
import { randomLike, withBehaviour } from "./behaviours.js";

// A tiny subnet as the part below: the miner returns the sum and a label.
const requestSchema = z.object({ numbers: z.array(z.number()) }).strict();
const responseSchema = z.object({ sum: z.number(), label: z.string(), blob: z.string() }).strict();
type Req = z.infer<typeof requestSchema>;
type Res = z.infer<typeof responseSchema>;
let honestCalls = 0;
const sumSubnet: SubnetDefinition<Req, Res> = {
  name: "sum",
  version: 1,
  requestSchema,
  responseSchema,
  queryTimeoutMs: 1000,
  async createMiner() {
    return {
      async handle(req) {
        honestCalls++;
        const sum = req.numbers.reduce((a, b) => a + b, 0);
        return { sum, label: `sum is ${sum}`, blob: Buffer.from(`payload-${sum}-padding`).toString("base64") };
      },
      async close() {},
    };
  },
  async createValidator() {
    throw new Error("not used");
  },
};

const caller: CallerInfo = { uid: 0, hotkey: "5x", stake: 1n };
const ctx = () => ({ signal: new AbortController().signal, caller });
const context = { logger: silentLogger(), inference: noInference() };
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs.reverse()) await rm(dir, { recursive: true, force: true });
});

describe("miner behaviours", () => {
  it("honest without a book is the subnet itself", () => {
    expect(withBehaviour(sumSubnet, { behaviour: "honest", minerId: "m0" })).toBe(sumSubnet);
  });

  it("random answers keep the schema's shape but not its content, and skip the work after the first", async () => {
    const miner = await withBehaviour(sumSubnet, { behaviour: "random", minerId: "m1", random: seeded(1) }).createMiner(context);
    honestCalls = 0;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await miner.handle({ numbers: [i, 40] }, ctx()));
    expect(honestCalls).toBe(1);
    for (const [i, answer] of answers.entries()) {
      expect(responseSchema.safeParse(answer).success).toBe(true);
      expect(answer.label).not.toBe(`sum is ${i + 40}`);
      expect(Buffer.from(answer.blob, "base64").length).toBeGreaterThan(0);
    }
    expect(new Set(answers.map((a) => a.label)).size).toBe(5);
  });

  it("copy replays another miner's recorded answer, never its own, and fails before anything is recorded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "answers-"));
    dirs.push(dir);
    const book = createFileAnswerBook(join(dir, "book"));
    const copier = await withBehaviour(sumSubnet, { behaviour: "copy", minerId: "copier", answers: book }).createMiner(context);
    await expect(copier.handle({ numbers: [1] }, ctx())).rejects.toThrow(/no other miner's answer/);
    await book.record("copier", { sum: -1, label: "mine", blob: "" });
    await expect(copier.handle({ numbers: [1] }, ctx())).rejects.toThrow(/no other miner's answer/);

    const honest = await withBehaviour(sumSubnet, { behaviour: "honest", minerId: "h0", answers: book }).createMiner(context);
    expect((await honest.handle({ numbers: [2, 3] }, ctx())).sum).toBe(5);
    const copied = await copier.handle({ numbers: [100, 200] }, ctx());
    expect(copied.sum).toBe(5);
    expect(copied.label).toBe("sum is 5");
  });

  it("slow answers correctly after its delay, and gives up when the deadline aborts it", async () => {
    const miner = await withBehaviour(sumSubnet, { behaviour: "slow", minerId: "s", slowMs: 120 }).createMiner(context);
    const t0 = performance.now();
    expect((await miner.handle({ numbers: [1, 2] }, ctx())).sum).toBe(3);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error("deadline")), 20);
    await expect(miner.handle({ numbers: [1] }, { signal: abort.signal, caller })).rejects.toThrow(/deadline/);
  });

  it("offline answers until its time is up, then refuses and signals once", async () => {
    let clock = 0;
    let offlineCalls = 0;
    const miner = await withBehaviour(sumSubnet, {
      behaviour: "offline",
      minerId: "o",
      offlineAfterMs: 1000,
      now: () => clock,
      onOffline: () => offlineCalls++,
    }).createMiner(context);
    expect((await miner.handle({ numbers: [4] }, ctx())).sum).toBe(4);
    clock = 1000;
    await expect(miner.handle({ numbers: [4] }, ctx())).rejects.toThrow(/offline/);
    await expect(miner.handle({ numbers: [4] }, ctx())).rejects.toThrow(/offline/);
    expect(offlineCalls).toBe(1);
  });

  it("replay computes one honest answer and returns it for every challenge after it", async () => {
    const miner = await withBehaviour(sumSubnet, { behaviour: "replay", minerId: "rp" }).createMiner(context);
    honestCalls = 0;
    expect((await miner.handle({ numbers: [1, 2] }, ctx())).sum).toBe(3);
    expect((await miner.handle({ numbers: [10, 20] }, ctx())).sum).toBe(3);
    expect(honestCalls).toBe(1);
  });

  it("flapping refuses in its first period, answers in the next, refuses in the third", async () => {
    let clock = 0;
    const miner = await withBehaviour(sumSubnet, {
      behaviour: "flapping",
      minerId: "f",
      flapMs: 1000,
      now: () => clock,
    }).createMiner(context);
    await expect(miner.handle({ numbers: [1] }, ctx())).rejects.toThrow(/off period/);
    clock = 1000;
    expect((await miner.handle({ numbers: [1] }, ctx())).sum).toBe(1);
    clock = 2500;
    await expect(miner.handle({ numbers: [1] }, ctx())).rejects.toThrow(/off period/);
  });

  it("random keeps answers well-formed when the schema has enums and integer shapes (only the payload is noise)", async () => {
    const tensor = z
      .object({ dtype: z.enum(["float32", "int64"]), dims: z.array(z.number().int().min(1)), data: z.string() })
      .strict();
    const schema = z.object({ outputs: z.record(z.string(), tensor) }).strict();
    const data = Buffer.from(new Float32Array([1, 2, 3, 4]).buffer).toString("base64");
    const tensorSubnet = {
      ...sumSubnet,
      responseSchema: schema,
      async createMiner() {
        return { handle: async () => ({ outputs: { y: { dtype: "float32", dims: [1, 4], data } } }), close: async () => {} };
      },
    } as unknown as SubnetDefinition<Req, z.infer<typeof schema>>;
    const miner = await withBehaviour(tensorSubnet, { behaviour: "random", minerId: "r", random: seeded(3) }).createMiner(
      context,
    );
    const answer = await miner.handle({ numbers: [] }, ctx());
    expect(schema.safeParse(answer).success).toBe(true);
    expect(answer.outputs.y).toMatchObject({ dtype: "float32", dims: [1, 4] });
    expect(answer.outputs.y!.data).not.toBe(data);
    expect(answer.outputs.y!.data).toHaveLength(data.length);
  });

  it("randomLike keeps lengths, signs, integer-ness and spaces", () => {
    const out = randomLike({ a: "hello world", n: [3, -2.5], ok: true, nil: null }, seeded(7)) as Record<string, unknown>;
    expect((out.a as string).length).toBe(11);
    expect((out.a as string)[5]).toBe(" ");
    const [i, f] = out.n as number[];
    expect(Number.isInteger(i)).toBe(true);
    expect(f).toBeLessThanOrEqual(0);
    expect(typeof out.ok).toBe("boolean");
    expect(out.nil).toBeNull();
  });
});
