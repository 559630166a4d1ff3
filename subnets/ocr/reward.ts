/** Levenshtein distance (insertions, deletions, substitutions each cost 1), two-row DP. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  let cur = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length] as number;
}

/** Whitespace is layout, not content: CER is measured on the characters alone. */
export function normalizeText(s: string): string {
  return s.replace(/\s+/g, "");
}

/** Character error rate of `predicted` against `truth`; can exceed 1 for long garbage, so callers clamp. */
export function characterErrorRate(predicted: string, truth: string): number {
  const p = normalizeText(predicted);
  const t = normalizeText(truth);
  if (t.length === 0) return p.length === 0 ? 0 : 1;
  return editDistance(p, t) / t.length;
}

export interface LatencyPolicy {
  /** Answers at or under this get the full factor. */
  fastMs: number;
  /** The deadline; the factor falls linearly to `floor` there. */
  timeoutMs: number;
  floor: number;
}

/** 1 up to `fastMs`, then linearly down to `floor` at the deadline: speed matters, accuracy matters more. */
export function latencyFactor(latencyMs: number, policy: LatencyPolicy): number {
  if (latencyMs <= policy.fastMs) return 1;
  if (latencyMs >= policy.timeoutMs) return policy.floor;
  const span = policy.timeoutMs - policy.fastMs;
  return 1 - ((1 - policy.floor) * (latencyMs - policy.fastMs)) / span;
}

/** The OCR reward: (1 - CER) clamped to [0, 1], times the latency factor. */
export function ocrReward(predicted: string, truth: string, latencyMs: number, policy: LatencyPolicy): number {
  const accuracy = Math.max(0, 1 - characterErrorRate(predicted, truth));
  return accuracy * latencyFactor(latencyMs, policy);
}
