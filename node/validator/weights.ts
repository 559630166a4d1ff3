/** A weight row as `set_weights` takes it: uids and u16 values, max-upscaled (largest = 65535). */
export interface WeightRow {
  uids: number[];
  values: number[];
}

const U16_MAX = 65535;

/**
 * Turns scores into a weight row the chain accepts (chain.md, set_weights): at least
 * min(min_allowed_weights, n) uids, and after normalization no weight above
 * max_weight_limit / 65535. Returns null when there is nothing to reward yet.
 */
export function scoresToWeights(
  scores: ReadonlyMap<number, number>,
  n: number,
  minAllowedWeights: number,
  maxWeightLimit: number,
): WeightRow | null {
  const positive = [...scores.entries()].filter(([uid, s]) => uid < n && Number.isFinite(s) && s > 0).sort((a, b) => a[0] - b[0]);
  if (positive.length === 0 || n === 0) return null;
  const entries = new Map(positive);
  // Too few rewarded uids: add the lowest unrewarded ones with a token weight so the row is valid.
  const needed = Math.min(minAllowedWeights, n);
  const smallest = Math.min(...positive.map(([, s]) => s));
  for (let uid = 0; uid < n && entries.size < needed; uid++) {
    if (!entries.has(uid)) entries.set(uid, smallest * 1e-3);
  }
  const uids = [...entries.keys()].sort((a, b) => a - b);
  const weights = capWeights(
    uids.map((uid) => entries.get(uid) ?? 0),
    maxWeightLimit / U16_MAX,
  );
  const max = Math.max(...weights);
  const values = weights.map((w) => Math.max(1, Math.round((w / max) * U16_MAX)));
  return { uids, values };
}

/** Normalizes to sum 1 and clips every weight to `cap`, spreading the excess over the others. */
function capWeights(raw: number[], cap: number): number[] {
  const total = raw.reduce((a, b) => a + b, 0);
  let weights = raw.map((w) => w / total);
  if (cap >= 1) return weights;
  // A row of k uids cannot have all weights <= cap when k * cap < 1: uniform is the closest.
  if (weights.length * cap < 1) return weights.map(() => 1 / weights.length);
  // Aim a little under the cap so u16 rounding cannot push the largest weight over it.
  const target = cap * 0.999;
  for (let round = 0; round < weights.length; round++) {
    const over = weights.filter((w) => w > target);
    if (over.length === 0) break;
    const excess = over.reduce((a, w) => a + (w - target), 0);
    const underTotal = weights.filter((w) => w < target).reduce((a, b) => a + b, 0);
    weights = weights.map((w) => {
      if (w >= target) return target;
      return underTotal > 0 ? w + (excess * w) / underTotal : w;
    });
  }
  return weights;
}
