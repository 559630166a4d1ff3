/**
 * Writes the inference subnet's default model: a small MLP (Gemm/Relu layers) as an ONNX file,
 * encoding the protobuf by hand so the repo needs no Python or external model. Deterministic:
 * the same seed gives the same bytes, hence the same sha256 the subnet names.
 *
 *   npx tsx scripts/gen-mlp-model.ts [--out subnets/inference/models/mlp.onnx] [--layers 64,256,256,10] [--seed 7]
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createRng } from "../subnets/sdk/rng.js";

// --- minimal protobuf writer (wire types 0 varint, 2 length-delimited, 5 fixed32) ---
type Field = Uint8Array;

function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  if (v < 0n) v = (1n << 64n) + v;
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const tag = (field: number, wire: number): number[] => varint((field << 3) | wire);
const int = (field: number, value: number | bigint): Field => Uint8Array.from([...tag(field, 0), ...varint(value)]);
function bytes(field: number, payload: Uint8Array): Field {
  const head = Uint8Array.from([...tag(field, 2), ...varint(payload.length)]);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}
const str = (field: number, s: string): Field => bytes(field, new TextEncoder().encode(s));
const msg = (field: number, ...parts: Field[]): Field => bytes(field, concat(parts));
function float(field: number, value: number): Field {
  const b = new Uint8Array(5 + 4);
  const head = tag(field, 5);
  b.set(head);
  new DataView(b.buffer).setFloat32(head.length, value, true);
  return b.subarray(0, head.length + 4);
}
function concat(parts: Field[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// --- ONNX messages (field numbers from onnx.proto) ---
const FLOAT = 1;
const tensorType = (dims: Array<number | string>): Field =>
  msg(
    2, // ValueInfoProto.type
    msg(
      1, // TypeProto.tensor_type
      int(1, FLOAT),
      msg(2, ...dims.map((d) => msg(1, typeof d === "number" ? int(1, d) : str(2, d)))),
    ),
  );
const valueInfo = (field: number, name: string, dims: Array<number | string>): Field =>
  msg(field, str(1, name), tensorType(dims));
function initializer(name: string, dims: number[], values: Float32Array): Field {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return msg(5, ...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name), bytes(9, raw));
}
const attrInt = (name: string, value: number): Field => msg(5, str(1, name), int(3, value), int(20, 2));
const attrFloat = (name: string, value: number): Field => msg(5, str(1, name), float(2, value), int(20, 1));
const node = (op: string, inputs: string[], outputs: string[], name: string, ...attrs: Field[]): Field =>
  msg(1, ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, name), str(4, op), ...attrs);

/** `batch`: the first dimension, symbolic ("batch", the default) or fixed (a model that cannot batch). */
export function buildMlp(layers: number[], seed: number, batch: string | number = "batch"): Uint8Array {
  if (layers.length < 2) throw new Error("--layers needs at least an input and an output width");
  const rng = createRng(seed);
  const nodes: Field[] = [];
  const inits: Field[] = [];
  let prev = "x";
  for (let l = 0; l + 1 < layers.length; l++) {
    const fanIn = layers[l] as number;
    const fanOut = layers[l + 1] as number;
    const w = new Float32Array(fanIn * fanOut);
    const scale = Math.sqrt(2 / fanIn); // He init keeps activations in a sane range through the ReLUs.
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * scale;
    const b = new Float32Array(fanOut);
    for (let i = 0; i < b.length; i++) b[i] = (rng.next() - 0.5) * 0.1;
    inits.push(initializer(`w${l}`, [fanOut, fanIn], w), initializer(`b${l}`, [fanOut], b));
    const last = l + 2 === layers.length;
    const out = last ? "y" : `h${l}`;
    nodes.push(
      node(
        "Gemm",
        [prev, `w${l}`, `b${l}`],
        [out],
        `gemm${l}`,
        attrInt("transB", 1),
        attrFloat("alpha", 1),
        attrFloat("beta", 1),
      ),
    );
    if (!last) {
      nodes.push(node("Relu", [out], [`r${l}`], `relu${l}`));
      prev = `r${l}`;
    }
  }
  const graph = msg(
    7,
    ...nodes,
    str(2, "mlp"),
    ...inits,
    valueInfo(11, "x", [batch, layers[0] as number]),
    valueInfo(12, "y", [batch, layers[layers.length - 1] as number]),
  );
  return concat([int(1, 8), str(2, "meshtensor gen-mlp-model"), graph, msg(8, str(1, ""), int(2, 17))]);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "subnets/inference/models/mlp.onnx" },
      layers: { type: "string", default: "64,256,256,10" },
      seed: { type: "string", default: "7" },
    },
  });
  const layers = (values.layers as string).split(",").map((s) => Number.parseInt(s, 10));
  if (layers.some((n) => !Number.isInteger(n) || n < 1 || n > 4096))
    throw new Error(`--layers: widths must be integers 1..4096, got ${values.layers}`);
  const seed = Number.parseInt(values.seed as string, 10);
  if (!Number.isInteger(seed)) throw new Error(`--seed: must be an integer, got ${values.seed}`);
  const model = buildMlp(layers, seed);
  writeFileSync(values.out as string, model);
  const sha = createHash("sha256").update(model).digest("hex");
  console.log(JSON.stringify({ out: values.out, bytes: model.length, layers, seed, sha256: sha }));
}

// Run only as a script, so tests can import buildMlp.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
