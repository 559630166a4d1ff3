import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorMessage, MeshtensorError } from "../../lib/errors.js";
import { silentLogger } from "../../lib/logger.js";
import { inferenceEngineFactory } from "../../node/inference/index.js";
import { loadSubnet, SUBNET_NAMES } from "../../subnets/index.js";
import {
  DEFAULT_MODEL_SHA256,
  type InferenceRequest,
  type InferenceResponse,
  inferenceSubnet,
} from "../../subnets/inference/index.js";
import { ocrSubnet } from "../../subnets/ocr/index.js";
import type { OcrRequest, OcrResponse } from "../../subnets/ocr/protocol.js";
import { renderChallenge } from "../../subnets/ocr/render.js";
import type { CallerInfo, SubnetMiner } from "../../subnets/sdk/interface.js";
import { createRng } from "../../subnets/sdk/rng.js";

// Each shipped subnet's schemas over arbitrary JSON, then its real miner (real ONNX models) over
// requests that pass the schema but carry hostile contents: the answer is a schema-valid response
// or a typed error naming the field, never a crash or a hang past the deadline.
const caller: CallerInfo = { uid: 1, hotkey: "5Fuzz", stake: 1n };
const cleanups: Array<() => Promise<void>> = [];
let ocr: SubnetMiner<OcrRequest, OcrResponse>;
let inference: SubnetMiner<InferenceRequest, InferenceResponse>;

beforeAll(async () => {
  ocr = await ocrSubnet.createMiner({ logger: silentLogger(), inference: inferenceEngineFactory({ logger: silentLogger() }) });
  cleanups.push(() => ocr.close());
  inference = await inferenceSubnet.createMiner({
    logger: silentLogger(),
    inference: inferenceEngineFactory({ logger: silentLogger() }),
  });
  cleanups.push(() => inference.close());
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Runs the miner as the query server does: under the subnet's deadline; returns what came back. */
async function answer<Req, Res>(
  miner: SubnetMiner<Req, Res>,
  request: Req,
  timeoutMs: number,
): Promise<{ ok: true; response: Res } | { ok: false; error: Error }> {
  const signal = AbortSignal.timeout(timeoutMs);
  const deadline = new Promise<never>((_, reject) => {
    // A margin over the deadline: the handler must notice the abort, not the race.
    setTimeout(() => reject(new Error(`HANG: no answer ${timeoutMs + 2000} ms after the request`)), timeoutMs + 2000).unref();
  });
  try {
    return { ok: true, response: await Promise.race([miner.handle(request, { signal, caller }), deadline]) };
  } catch (err) {
    expect(errorMessage(err)).not.toMatch(/^HANG/);
    return { ok: false, error: err as Error };
  }
}

describe("subnet schemas (fuzzed)", () => {
  for (const name of SUBNET_NAMES) {
    it(`${name}: request and response schemas refuse arbitrary JSON with a path and a message, never by throwing`, async () => {
      const subnet = await loadSubnet(name);
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          for (const schema of [subnet.requestSchema, subnet.responseSchema]) {
            const result = schema.safeParse(value);
            if (!result.success) {
              expect(result.error.issues.length).toBeGreaterThan(0);
              for (const issue of result.error.issues) expect(issue.message.length).toBeGreaterThan(0);
            }
          }
        }),
        { numRuns: 1_000 },
      );
    });
  }

  it("inference: mutated valid requests are accepted or refused with an issue naming the field", () => {
    const valid = {
      modelSha256: DEFAULT_MODEL_SHA256,
      inputs: { input: { dtype: "float32", dims: [1, 64], data: Buffer.alloc(256).toString("base64") } },
    };
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<string[]>(
          ["modelSha256"],
          ["inputs"],
          ["inputs", "input", "dtype"],
          ["inputs", "input", "dims"],
          ["inputs", "input", "data"],
          ["extra"],
        ),
        fc.jsonValue(),
        (path, replacement) => {
          const request = structuredClone(valid) as Record<string, unknown>;
          let node = request;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
          node[path[path.length - 1] as string] = replacement;
          const result = inferenceSubnet.requestSchema.safeParse(request);
          if (!result.success) {
            const issue = result.error.issues[0];
            // The issue points into the mutated field (or names the unknown key at the root).
            const where = issue?.path.map(String) ?? [];
            const named = issue?.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys : [];
            expect([...where, ...named].some((k) => path.includes(k))).toBe(true);
            refused += 1;
          }
        },
      ),
      { numRuns: 1_000 },
    );
    expect(refused).toBeGreaterThan(0);
  });
});

describe("subnet miners on hostile but schema-valid requests", () => {
  it("inference: wrong dims, dtypes, names and byte counts give a typed error naming the field", async () => {
    const tensor = fc.record({
      dtype: fc.constantFrom("float32", "float64", "int32", "int64"),
      dims: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 }),
      bytes: fc.integer({ min: 0, max: 4096 }),
    });
    const request = fc.record({
      names: fc.array(fc.constantFrom("input", "x", "output", "input "), { minLength: 1, maxLength: 3 }),
      tensor,
    });
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ names, tensor: t }) => {
        const inputs: Record<string, unknown> = {};
        for (const n of names) inputs[n] = { dtype: t.dtype, dims: t.dims, data: Buffer.alloc(t.bytes, 7).toString("base64") };
        const parsed = inferenceSubnet.requestSchema.parse({ modelSha256: DEFAULT_MODEL_SHA256, inputs });
        const out = await answer(inference, parsed, inferenceSubnet.queryTimeoutMs);
        if (out.ok) expect(inferenceSubnet.responseSchema.safeParse(out.response).success).toBe(true);
        else {
          refused += 1;
          expect(out.error).toBeInstanceOf(MeshtensorError);
          expect(out.error.message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 150 },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it("ocr: random bytes, truncated and bit-flipped PNGs and huge claimed sizes are refused by type, or read", async () => {
    const png = renderChallenge(createRng(3)).png;
    const mutation = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((b) => Buffer.from(b)),
      fc.nat({ max: png.length - 1 }).map((n) => png.subarray(0, Math.max(1, n))),
      fc
        .array(fc.tuple(fc.nat({ max: png.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 })
        .map((flips) => {
          const out = Buffer.from(png);
          for (const [at, xor] of flips) out[at] = (out[at] ?? 0) ^ xor;
          return out;
        }),
      fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })).map(([w, h]) => {
        const out = Buffer.from(png);
        out.writeUInt32BE(w, 16);
        out.writeUInt32BE(h, 20);
        return out;
      }),
    );
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (bytes) => {
        const parsed = ocrSubnet.requestSchema.safeParse({ image: bytes.toString("base64") });
        if (!parsed.success) return;
        const out = await answer(ocr, parsed.data, ocrSubnet.queryTimeoutMs);
        if (out.ok) expect(ocrSubnet.responseSchema.safeParse(out.response).success).toBe(true);
        else {
          refused += 1;
          expect(out.error).toBeInstanceOf(MeshtensorError);
          expect(out.error.message).toMatch(/image/);
        }
      }),
      { numRuns: 120 },
    );
    expect(refused).toBeGreaterThan(0);
  });
});
