import { describe, expect, it } from "vitest";
import type { Metagraph, NeuronInfo } from "../chain/client/index.js";
import { epochBetween, epochPoint, lastEpochBlock, neuronView, subnetView, weightsMatrix } from "./views.js";

const neuron = (uid: number, over: Partial<NeuronInfo> = {}): NeuronInfo => ({
  uid,
  hotkey: `5Hot${uid}`,
  coldkey: "5Cold",
  endpoint: null,
  active: true,
  validatorPermit: uid === 0,
  stake: BigInt(uid) * 10n ** 18n, // above 2^53: must stay exact
  rank: 0,
  trust: 0,
  consensus: 0,
  incentive: uid === 1 ? 49151 : 16384,
  dividends: 0,
  validatorTrust: 0,
  pruningScore: 0,
  emission: 7n,
  lastUpdate: 3,
  blockAtRegistration: 1,
  ...over,
});

const mg: Metagraph = {
  netuid: 2,
  owner: "5Own",
  block: 40,
  hyperparameters: { tempo: 9, burn: 5n, commitRevealEnabled: false } as unknown as Metagraph["hyperparameters"],
  emissionPerBlock: 3n,
  neurons: [neuron(0), neuron(1), neuron(2)],
  weights: [
    [
      [1, 30000],
      [2, 10000],
    ],
    [],
    [[1, 5]],
  ],
};

describe("dashboard views", () => {
  it("find epoch blocks the way the chain runs them: (block + netuid + 1) % (tempo + 1) == 0", () => {
    expect(lastEpochBlock(40, 2, 9)).toBe(37);
    expect(epochBetween(37, 46, 2, 9)).toBeNull();
    expect(epochBetween(37, 47, 2, 9)).toBe(47);
    expect(epochBetween(30, 60, 2, 9)).toBe(57); // several crossed: the newest
    expect(lastEpochBlock(5, 2, 9)).toBeNull();
  });

  it("keep amounts exact as decimal strings and proportions as the chain's u16", () => {
    const v = subnetView(mg, [], undefined);
    expect(v.neurons[2]).toMatchObject({ stake: "2000000000000000000", incentive: 16384, name: null, peerId: null });
    expect(v.hyperparameters).toMatchObject({ tempo: 9, burn: "5", commitRevealEnabled: false });
    expect(JSON.parse(JSON.stringify(v))).toEqual(v); // plain JSON, no bigint left
  });

  it("make a dense heatmap of the rows that set weights", () => {
    expect(weightsMatrix(mg)).toEqual({
      rows: [0, 2],
      cols: [0, 1, 2],
      values: [
        [0, 30000, 10000],
        [0, 5, 0],
      ],
    });
  });

  it("give a neuron its weights out and in with each setter's share, and its history while it held the uid", () => {
    const before = epochPoint(27, { ...mg, neurons: [neuron(0), neuron(1, { hotkey: "5Previous" }), neuron(2)] }, null);
    const after = epochPoint(37, mg, { netuid: 2, block: 37, ownerCut: 18n, validators: 41n, miners: 41n });
    const v = neuronView(mg, 1, [before, after], undefined, null)!;
    expect(v.weightsOut).toEqual([]);
    expect(v.weightsIn).toEqual([
      { uid: 0, weight: 30000, share: 0.75 },
      { uid: 2, weight: 5, share: 1 },
    ]);
    expect(v.history).toEqual([{ block: 37, incentive: 49151, dividends: 0, emission: "7", stake: "1000000000000000000" }]);
    expect(after.payout).toEqual({ ownerCut: "18", validators: "41", miners: "41" });
    expect(neuronView(mg, 9, [], undefined, null)).toBeNull();
  });
});
