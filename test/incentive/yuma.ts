/**
 * Miner incentive as Yuma computes it (../shared/spec/yuma.md steps 5-10), in floating point:
 * rows normalized, a stake-weighted median per column (kappa 0.5) as consensus, weights clipped
 * to it, rank = stake-weighted sum of clipped weights, incentive = rank normalized. Enough to
 * rank miners in a simulation; the runtime's fixed-point epoch is the reference for exact values.
 */
export function yumaIncentive(weights: ReadonlyArray<readonly number[]>, stakes: readonly number[], kappa = 0.5): number[] {
  const n = weights[0]?.length ?? 0;
  const total = stakes.reduce((a, b) => a + b, 0);
  const s = stakes.map((x) => (total > 0 ? x / total : 0));
  const rows = weights.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((w) => (sum > 0 ? w / sum : 0));
  });
  const consensus = Array.from({ length: n }, (_, j) =>
    weightedMedian(
      rows.map((r) => r[j] ?? 0),
      s,
      1 - kappa,
    ),
  );
  const rank = Array.from({ length: n }, (_, j) =>
    rows.reduce((acc, r, i) => acc + (s[i] ?? 0) * Math.min(r[j] ?? 0, consensus[j] ?? 0), 0),
  );
  const rankSum = rank.reduce((a, b) => a + b, 0);
  return rank.map((r) => (rankSum > 0 ? r / rankSum : 0));
}

/** The smallest score whose cumulative stake (scores ascending) exceeds `minority`. */
function weightedMedian(scores: number[], stakes: number[], minority: number): number {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let cum = 0;
  for (const i of order) {
    cum += stakes[i] as number;
    if (cum > minority) return scores[i] as number;
  }
  return 0;
}
