import { badInput } from "./errors.js";
import { BYTES_PER_ELEMENT, dataMatchesDtype, type NamedTensors, type TensorSpec } from "./tensor.js";

export interface InputLimits {
  maxInputBytes: number;
  maxDimension: number;
  rejectNonFinite: boolean;
}

/**
 * Checks one request's inputs against the model's declared inputs before they reach the
 * session: names, dtype, rank, fixed and dynamic dimensions, data length, a size ceiling and
 * (for floats) finiteness. Throws BAD_INPUT naming the field; returns the request's row count
 * (its first dimension, the one batching concatenates along).
 */
export function validateInputs(inputs: unknown, specs: readonly TensorSpec[], limits: InputLimits): number {
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    throw badInput("inputs", "must be an object of named tensors");
  }
  const given = inputs as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!specs.some((s) => s.name === name))
      throw badInput(name, `unknown input; the model takes ${specs.map((s) => s.name).join(", ")}`);
  }
  let totalBytes = 0;
  let rows: number | undefined;
  for (const spec of specs) {
    const t = given[spec.name] as NamedTensors[string] | undefined;
    if (t === undefined) throw badInput(spec.name, "missing");
    if (typeof t !== "object" || t === null || !Array.isArray(t.dims)) throw badInput(spec.name, "must be { dtype, dims, data }");
    if (t.dtype !== spec.dtype) throw badInput(`${spec.name}.dtype`, `expected ${spec.dtype}, got ${String(t.dtype)}`);
    if (!dataMatchesDtype(spec.dtype, t.data)) throw badInput(`${spec.name}.data`, `must be the typed array for ${spec.dtype}`);
    if (t.dims.length !== spec.dims.length) {
      throw badInput(
        `${spec.name}.dims`,
        `expected rank ${spec.dims.length} [${spec.dims.join(", ")}], got rank ${t.dims.length}`,
      );
    }
    let count = 1;
    for (let i = 0; i < spec.dims.length; i++) {
      const want = spec.dims[i];
      const got = t.dims[i];
      if (typeof got !== "number" || !Number.isInteger(got) || got < 1) {
        throw badInput(`${spec.name}.dims[${i}]`, `must be a positive integer, got ${String(got)}`);
      }
      if (typeof want === "number" && want >= 0 && got !== want) {
        throw badInput(`${spec.name}.dims[${i}]`, `expected ${want}, got ${got}`);
      }
      if (got > limits.maxDimension)
        throw badInput(`${spec.name}.dims[${i}]`, `${got} exceeds the ceiling ${limits.maxDimension}`);
      count *= got;
    }
    const bytes = count * BYTES_PER_ELEMENT[spec.dtype];
    totalBytes += bytes;
    // Checked before the length so a huge claimed shape is named as what it is.
    if (totalBytes > limits.maxInputBytes) {
      throw badInput(spec.name, `inputs total ${totalBytes} bytes, over the ceiling of ${limits.maxInputBytes}`);
    }
    if (t.data.length !== count)
      throw badInput(`${spec.name}.data`, `has ${t.data.length} elements, dims [${t.dims.join(", ")}] need ${count}`);
    if (limits.rejectNonFinite && (spec.dtype === "float32" || spec.dtype === "float64")) {
      const data = t.data as Float32Array | Float64Array;
      for (let i = 0; i < data.length; i++) {
        const v = data[i] as number;
        // v - v is NaN exactly for NaN and the infinities: one subtraction instead of two calls.
        if (v - v !== 0) throw badInput(`${spec.name}.data[${i}]`, `is ${v}; inputs must be finite`);
      }
    }
    const first = t.dims[0] as number;
    if (rows === undefined) rows = first;
    else if (rows !== first)
      throw badInput(`${spec.name}.dims[0]`, `batch dimension ${first} differs from the other inputs' ${rows}`);
  }
  return rows ?? 1;
}
