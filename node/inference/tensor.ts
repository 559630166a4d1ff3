import type { TensorDtype } from "../../lib/inference.js";

// The tensor types are the subnet SDK's contract (lib/inference.ts): plain typed arrays, so
// nothing outside `node/inference` needs onnxruntime types (only this folder imports it).
export {
  allocate,
  type NamedTensors,
  type Tensor,
  type TensorData,
  type TensorDtype,
  type TensorSpec,
} from "../../lib/inference.js";

export const BYTES_PER_ELEMENT: Record<TensorDtype, number> = {
  float32: 4,
  float64: 8,
  int32: 4,
  int64: 8,
  uint8: 1,
  int8: 1,
  bool: 1,
};

export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function dataMatchesDtype(dtype: TensorDtype, data: unknown): boolean {
  switch (dtype) {
    case "float32":
      return data instanceof Float32Array;
    case "float64":
      return data instanceof Float64Array;
    case "int32":
      return data instanceof Int32Array;
    case "int64":
      return data instanceof BigInt64Array;
    case "uint8":
    case "bool":
      return data instanceof Uint8Array;
    case "int8":
      return data instanceof Int8Array;
  }
}
