/**
 * Chain data -> the JSON the page reads (pure functions, unit-tested against metagraphs built
 * in tests). Amounts become decimal strings; u16 proportions stay as the chain stores them.
 */
import type { EpochPayout, Metagraph, NeuronInfo, SubnetInfo } from "../chain/client/index.js";
import type { EpochPoint, NeuronRowJson, NeuronView, NodeStatusJson, SubnetRow, SubnetView } from "./api-types.js";
import type { LocalnetKnowledge } from "./interface.js";

/** The chain runs subnet `netuid`'s epoch at blocks where (block + netuid + 1) % (tempo + 1) == 0. */
export function blocksToEpoch(block: number, netuid: number, tempo: number): number {
  const period = tempo + 1;
  return (period - ((block + netuid + 1) % period)) % period;
}

/** The last epoch block of `netuid` at or before `block` (null before the first). */
export function lastEpochBlock(block: number, netuid: number, tempo: number): number | null {
  const b = block - ((block + netuid + 1) % (tempo + 1));
  return b > 0 ? b : null;
}

/** The newest epoch block in (from, to], or null. */
export function epochBetween(from: number, to: number, netuid: number, tempo: number): number | null {
  const b = lastEpochBlock(to, netuid, tempo);
  return b !== null && b > from ? b : null;
}

export function subnetRow(s: SubnetInfo, block: number, totalEmission: bigint, networkImmunityPeriod: number): SubnetRow {
  return {
    netuid: s.netuid,
    owner: s.owner,
    n: s.n,
    maxAllowedUids: s.maxAllowedUids,
    tempo: s.tempo,
    emissionPerBlock: s.emissionPerBlock.toString(),
    emissionShare: totalEmission > 0n ? Number((s.emissionPerBlock * 1_000_000n) / totalEmission) / 1_000_000 : 0,
    registrationCost: s.burn.toString(),
    lock: s.lockedAmount.toString(),
    registeredAt: s.registeredAt,
    immunityLeft: s.netuid === 0 ? 0 : Math.max(0, s.registeredAt + networkImmunityPeriod - block),
    nextEpochIn: blocksToEpoch(block, s.netuid, s.tempo),
  };
}

export function neuronJson(n: NeuronInfo, known: LocalnetKnowledge | undefined): NeuronRowJson {
  const who = known?.describe(n.hotkey) ?? null;
  return {
    uid: n.uid,
    hotkey: n.hotkey,
    coldkey: n.coldkey,
    name: who?.name ?? null,
    role: who?.role ?? null,
    behaviour: who?.behaviour ?? null,
    stake: n.stake.toString(),
    validatorPermit: n.validatorPermit,
    active: n.active,
    rank: n.rank,
    trust: n.trust,
    validatorTrust: n.validatorTrust,
    consensus: n.consensus,
    incentive: n.incentive,
    dividends: n.dividends,
    emission: n.emission.toString(),
    pruningScore: n.pruningScore,
    lastUpdate: n.lastUpdate,
    blockAtRegistration: n.blockAtRegistration,
    peerId: n.endpoint?.peerId ?? null,
    multiaddrs: n.endpoint?.multiaddrs ?? [],
  };
}

/** One epoch as the charts need it: per-uid values plus the split the chain paid. */
export function epochPoint(block: number, metagraph: Metagraph, payout: EpochPayout | null): EpochPoint {
  const point: EpochPoint = {
    block,
    payout: payout
      ? { ownerCut: payout.ownerCut.toString(), validators: payout.validators.toString(), miners: payout.miners.toString() }
      : null,
    incentive: {},
    dividends: {},
    emission: {},
    stake: {},
    hotkeys: {},
  };
  for (const n of metagraph.neurons) {
    point.incentive[n.uid] = n.incentive;
    point.dividends[n.uid] = n.dividends;
    point.emission[n.uid] = n.emission.toString();
    point.stake[n.uid] = n.stake.toString();
    point.hotkeys[n.uid] = n.hotkey;
  }
  return point;
}

/** Dense weights: a row per uid that set any weight, a column per uid of the subnet. */
export function weightsMatrix(metagraph: Metagraph): SubnetView["weights"] {
  const cols = metagraph.neurons.map((n) => n.uid);
  const colIndex = new Map(cols.map((uid, i) => [uid, i]));
  const rows: number[] = [];
  const values: number[][] = [];
  for (const [uid, row] of (metagraph.weights ?? []).entries()) {
    if (row.length === 0) continue;
    const dense = new Array<number>(cols.length).fill(0);
    for (const [to, w] of row) {
      const i = colIndex.get(to);
      if (i !== undefined) dense[i] = w;
    }
    rows.push(uid);
    values.push(dense);
  }
  return { rows, cols, values };
}

const plain = (v: unknown) => (typeof v === "bigint" ? v.toString() : (v as string | number | boolean));

export function subnetView(metagraph: Metagraph, history: EpochPoint[], known: LocalnetKnowledge | undefined): SubnetView {
  return {
    netuid: metagraph.netuid,
    block: metagraph.block,
    owner: metagraph.owner,
    tempo: metagraph.hyperparameters.tempo,
    emissionPerBlock: metagraph.emissionPerBlock.toString(),
    hyperparameters: Object.fromEntries(Object.entries(metagraph.hyperparameters).map(([k, v]) => [k, plain(v)])),
    neurons: metagraph.neurons.map((n) => neuronJson(n, known)),
    weights: weightsMatrix(metagraph),
    history,
  };
}

/** One uid: its row, weights out and in, and its history while it held this hotkey. Null when no such uid. */
export function neuronView(
  metagraph: Metagraph,
  uid: number,
  history: EpochPoint[],
  known: LocalnetKnowledge | undefined,
  node: NodeStatusJson | null,
): NeuronView | null {
  const n = metagraph.neurons.find((x) => x.uid === uid);
  if (!n) return null;
  const weights = metagraph.weights ?? [];
  const rowSum = (row: Array<[number, number]>) => row.reduce((a, [, w]) => a + w, 0) || 1;
  const own = weights[uid] ?? [];
  const weightsOut = own.map(([to, weight]) => ({ uid: to, weight, share: weight / rowSum(own) }));
  const weightsIn: NeuronView["weightsIn"] = [];
  for (const [from, row] of weights.entries()) {
    const hit = row.find(([to]) => to === uid);
    if (hit) weightsIn.push({ uid: from, weight: hit[1], share: hit[1] / rowSum(row) });
  }
  const key = String(uid);
  return {
    netuid: metagraph.netuid,
    block: metagraph.block,
    neuron: neuronJson(n, known),
    weightsOut,
    weightsIn,
    history: history
      .filter((p) => p.hotkeys[key] === n.hotkey)
      .map((p) => ({
        block: p.block,
        incentive: p.incentive[key] ?? 0,
        dividends: p.dividends[key] ?? 0,
        emission: p.emission[key] ?? "0",
        stake: p.stake[key] ?? "0",
      })),
    node,
  };
}
