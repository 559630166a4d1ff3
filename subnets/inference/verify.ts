import type { NamedTensors, TensorSpec } from "../../lib/inference.js";

export interface Tolerance {
  /** Absolute tolerance. */
  atol: number;
  /** Relative tolerance (of the expected value). */
  rtol: number;
}

export type Verdict = { ok: true; maxError: number } | { ok: false; field: string; reason: string };

/**
 * Whether a miner's outputs match the validator's own run: same names, dtype and dims, and every
 * element within atol + rtol * |expected| (numpy's allclose rule; GPU and CPU kernels differ
 * in the last bits, so exact equality would punish honest GPU miners).
 */
export function compareOutputs(expected: NamedTensors, actual: NamedTensors, tol: Tolerance): Verdict {
  const names = Object.keys(expected);
  for (const name of Object.keys(actual)) if (!(name in expected)) return { ok: false, field: name, reason: "unexpected output" };
  let maxError = 0;
  for (const name of names) {
    const e = expected[name];
    const a = actual[name];
    if (!e) continue;
    if (!a) return { ok: false, field: name, reason: "missing output" };
    if (a.dtype !== e.dtype) return { ok: false, field: `${name}.dtype`, reason: `expected ${e.dtype}, got ${a.dtype}` };
    if (a.dims.length !== e.dims.length || a.dims.some((d, i) => d !== e.dims[i])) {
      return { ok: false, field: `${name}.dims`, reason: `expected [${e.dims.join(", ")}], got [${a.dims.join(", ")}]` };
    }
    for (let i = 0; i < e.data.length; i++) {
      const want = Number(e.data[i]);
      const got = Number(a.data[i]);
      const err = Math.abs(got - want);
      // `!(err <= bound)` also catches NaN.
      if (!(err <= tol.atol + tol.rtol * Math.abs(want))) {
        return { ok: false, field: `${name}.data[${i}]`, reason: `expected ${want}, got ${got}` };
      }
      if (err > maxError) maxError = err;
    }
  }
  return { ok: true, maxError };
}

/** Outputs must have the model's declared shape for `rows` rows, checked on every answer (cheap, no re-execution). */
export function shapeMatches(outputs: NamedTensors, specs: readonly TensorSpec[], rows: number): Verdict {
  for (const spec of specs) {
    const t = outputs[spec.name];
    if (!t) return { ok: false, field: spec.name, reason: "missing output" };
    if (t.dtype !== spec.dtype) return { ok: false, field: `${spec.name}.dtype`, reason: `expected ${spec.dtype}` };
    if (t.dims.length !== spec.dims.length)
      return { ok: false, field: `${spec.name}.dims`, reason: `expected rank ${spec.dims.length}` };
    for (let i = 0; i < spec.dims.length; i++) {
      const want = i === 0 ? rows : spec.dims[i];
      if (typeof want === "number" && t.dims[i] !== want)
        return { ok: false, field: `${spec.name}.dims[${i}]`, reason: `expected ${want}` };
    }
  }
  if (Object.keys(outputs).length !== specs.length) return { ok: false, field: "outputs", reason: "unexpected output names" };
  return { ok: true, maxError: 0 };
}
