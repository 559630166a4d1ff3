import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { errorMessage, hasErrorCode } from "../../lib/errors.js";
import { createChainClient } from "./client.js";
import { bytesToText, toHyperparameters, toMetagraph } from "./convert.js";
import { parsePoolRefusal } from "./tx.js";
import { checkEndpoint, hyperparameterArg } from "./validate.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("chain client without a chain", () => {
  it("fails to connect to a closed port with CONNECTION_FAILED naming the endpoint", async () => {
    const port = await freePort();
    const client = createChainClient({ endpoint: `ws://127.0.0.1:${port}`, connectTimeoutMs: 600, initialBackoffMs: 50 });
    const err = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(hasErrorCode(err, "CONNECTION_FAILED")).toBe(true);
    expect(errorMessage(err)).toContain(`127.0.0.1:${port}`);
    await client.close();
  });

  it("refuses a bad endpoint URL and reads before connect with typed errors", async () => {
    expect(() => createChainClient({ endpoint: "http://x" })).toThrow(/endpoint/);
    const client = createChainClient({ endpoint: "ws://127.0.0.1:1" });
    await expect(client.getSubnets()).rejects.toMatchObject({ type: { code: "NOT_CONNECTED" } });
  });

  it("validates extrinsic arguments, naming the field", () => {
    expect(() => checkEndpoint({ peerId: "", multiaddrs: [], version: 1, protocol: 0 })).toThrow(/endpoint.peerId/);
    expect(() => checkEndpoint({ peerId: "12D3Koo", multiaddrs: ["ip4/1.2.3.4"], version: 1, protocol: 0 })).toThrow(
      /endpoint.multiaddrs\[0\]/,
    );
    expect(() => hyperparameterArg("tempo", 70000)).toThrow(/tempo/);
    expect(() => hyperparameterArg("burn", 5 as unknown as bigint)).toThrow(/burn/);
    expect(hyperparameterArg("commitRevealEnabled", true)).toEqual({ CommitRevealEnabled: true });
    expect(hyperparameterArg("maxBurn", 10n)).toEqual({ MaxBurn: 10n });
    // The Yuma 3 options: bools, u16s and the one signed value (root may set it below 0).
    expect(hyperparameterArg("yuma3Enabled", true)).toEqual({ Yuma3Enabled: true });
    expect(hyperparameterArg("bondsPenalty", 0)).toEqual({ BondsPenalty: 0 });
    expect(hyperparameterArg("alphaSigmoidSteepness", -500)).toEqual({ AlphaSigmoidSteepness: -500 });
    expect(() => hyperparameterArg("alphaSigmoidSteepness", 40000)).toThrow(/alphaSigmoidSteepness.*-32768\.\.32767/);
    expect(() => hyperparameterArg("alphaLow", -1)).toThrow(/alphaLow/);
  });

  it("converts runtime JSON to plain TS with exact u64 amounts", () => {
    const hp = Object.fromEntries(
      [
        "tempo",
        "immunityPeriod",
        "maxAllowedUids",
        "maxAllowedValidators",
        "minAllowedWeights",
        "maxWeightLimit",
        "kappa",
        "activityCutoff",
      ].map((k) => [k, 7]),
    );
    const full = {
      ...hp,
      bondsMovingAverage: 900000,
      weightsRateLimit: 100,
      weightsVersionKey: 0,
      servingRateLimit: 50,
      targetRegistrationsPerInterval: 1,
      maxRegistrationsPerBlock: 1,
      adjustmentInterval: 360,
      adjustmentAlpha: "0x0000000000000000d7",
      burn: "0x00000000000000000020000000000001",
      minBurn: 1,
      maxBurn: 100000000000,
      commitRevealEnabled: false,
      revealPeriodEpochs: 1,
      registrationAllowed: true,
      yuma3Enabled: true,
      liquidAlphaEnabled: false,
      alphaLow: 6553,
      alphaHigh: 19660,
      alphaSigmoidSteepness: -500,
      bondsPenalty: 0,
      bondsResetEnabled: true,
    };
    const hyper = toHyperparameters(full);
    expect(hyper).toMatchObject({ yuma3Enabled: true, alphaSigmoidSteepness: -500, bondsPenalty: 0, bondsResetEnabled: true });
    expect(hyper.burn).toBe(9007199254740993n);
    expect(hyper.tempo).toBe(7);
    const mg = toMetagraph(
      3,
      {
        owner: "5Owner",
        block: 12,
        hyperparameters: full,
        emissionPerBlock: 1000,
        hotkeys: ["5H"],
        coldkeys: ["5C"],
        endpoints: [{ peerId: "0x3132", multiaddrs: ["0x2f6970"], version: 1, protocol: 0, block: 5 }],
        active: [true],
        validatorPermit: [false],
        stake: ["0x20000000000001"],
        rank: [1],
        trust: [2],
        consensus: [3],
        incentive: [4],
        dividends: [5],
        validatorTrust: [6],
        pruningScore: [7],
        emission: [8],
        lastUpdate: [9],
        blockAtRegistration: [10],
        weights: [[[0, 65535]]],
        bonds: [[]],
      },
      true,
    );
    expect(mg.neurons[0]).toMatchObject({
      uid: 0,
      hotkey: "5H",
      stake: 9007199254740993n,
      endpoint: { peerId: "12", multiaddrs: ["/ip"], block: 5 },
    });
    expect(mg.weights).toEqual([[[0, 65535]]]);
    expect(bytesToText("0x68656c6c6f")).toBe("hello");
  });

  it("reads a pool refusal (1010) in either engine's wording", () => {
    // Chopsticks (the embedded dev chain) and a Substrate node (meshtensor-node).
    expect(parsePoolRefusal('1010: {"invalid":{"custom":15}}')).toEqual({ kind: "custom", code: 15 });
    expect(parsePoolRefusal("1010: Invalid Transaction: Custom error: 22")).toEqual({ kind: "custom", code: 22 });
    expect(parsePoolRefusal('1010: {"invalid":{"payment":null}}')).toEqual({ kind: "payment" });
    expect(parsePoolRefusal("1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)")).toEqual({
      kind: "payment",
    });
    expect(parsePoolRefusal('1010: {"invalid":{"stale":null}}')).toBeNull();
    expect(parsePoolRefusal("1014: Priority is too low")).toBeNull();
  });
});
