import type { NamedTensors, Tensor } from "../../lib/inference.js";
import { SubnetError } from "../sdk/errors.js";
import type { WireDtype, WireTensor } from "./protocol.js";

const WIDTH: Record<WireDtype, number> = { float32: 4, float64: 8, int32: 4, int64: 8 };

/** Typed arrays are little-endian on every platform Node supports, so the bytes go as they are. */
export function encodeTensor(t: Tensor): WireTensor {
  if (!(t.dtype in WIDTH))
    throw new SubnetError({ code: "BAD_REQUEST", subnet: "inference", field: "dtype", reason: `${t.dtype} cannot be sent` });
  const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { dtype: t.dtype as WireDtype, dims: [...t.dims], data: bytes.toString("base64") };
}

export function decodeTensor(w: WireTensor, field: string): Tensor {
  const bytes = Buffer.from(w.data, "base64");
  let count = 1;
  for (const d of w.dims) count *= d;
  const width = WIDTH[w.dtype];
  if (bytes.length !== count * width) {
    throw new SubnetError(
      {
        code: "BAD_REQUEST",
        subnet: "inference",
        field: `${field}.data`,
        reason: `${bytes.length} bytes, dims [${w.dims.join(", ")}] need ${count * width}`,
      },
      `${field}.data: ${bytes.length} bytes, dims [${w.dims.join(", ")}] need ${count * width}`,
    );
  }
  // Copy into an aligned buffer: a base64 decode may start at any offset.
  const aligned = new ArrayBuffer(bytes.length);
  new Uint8Array(aligned).set(bytes);
  const data =
    w.dtype === "float32"
      ? new Float32Array(aligned)
      : w.dtype === "float64"
        ? new Float64Array(aligned)
        : w.dtype === "int32"
          ? new Int32Array(aligned)
          : new BigInt64Array(aligned);
  return { dtype: w.dtype, dims: [...w.dims], data };
}

export function encodeTensors(ts: NamedTensors): Record<string, WireTensor> {
  const out: Record<string, WireTensor> = {};
  for (const [name, t] of Object.entries(ts)) out[name] = encodeTensor(t);
  return out;
}

export function decodeTensors(ws: Record<string, WireTensor>, prefix: string): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, w] of Object.entries(ws)) out[name] = decodeTensor(w, `${prefix}.${name}`);
  return out;
}
