/**
 * The engine's own tensor type: plain typed arrays, so nothing outside `node/inference`
 * needs onnxruntime types (only this folder imports onnxruntime-node).
 */
export type TensorDtype = "float32" | "float64" | "int32" | "int64" | "uint8" | "int8" | "bool";

export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

export interface Tensor {
  dtype: TensorDtype;
  dims: readonly number[];
  data: TensorData;
}

/** One named input or output of a model, as the model file declares it. */
export interface TensorSpec {
  name: string;
  dtype: TensorDtype;
  /** A number is a fixed dimension; a string is a symbolic (dynamic) one, e.g. "batch". */
  dims: ReadonlyArray<number | string>;
}

export type NamedTensors = Record<string, Tensor>;

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

/** The typed-array class each dtype is carried in (bool travels as bytes). */
export function allocate(dtype: TensorDtype, length: number): TensorData {
  switch (dtype) {
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
    case "int32":
      return new Int32Array(length);
    case "int64":
      return new BigInt64Array(length);
    case "uint8":
    case "bool":
      return new Uint8Array(length);
    case "int8":
      return new Int8Array(length);
  }
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
