import type { ApiPromise } from "@polkadot/api";
import type { Si1Type } from "@polkadot/types/interfaces";
import { PolkadotChainClient } from "./client.js";

/**
 * Renders `chain/client/generated/subnets.ts` from the runtime metadata (v15): the pallet's call,
 * error and event names with their argument types, and plain TS interfaces of the runtime-API
 * structs. Names-and-shapes only; `chain/client` keeps its hand-written conversions, and the
 * generated file makes a renamed call, field or error a visible diff (and a CI failure).
 */
const PALLET = "Subnets";
const API = "SubnetsApi";
const OWN_PATHS = ["pallet_subnets", "meshtensor_yuma", "pallet_subnets_runtime_api"];

class Renderer {
  readonly decls = new Map<string, string>();
  constructor(private readonly api: ApiPromise) {}

  private si(id: number): Si1Type {
    return this.api.registry.lookup.getSiType(id);
  }

  ts(id: number): string {
    const t = this.si(id);
    const path = t.path.map((p) => p.toString());
    const name = path[path.length - 1] ?? "";
    const params = t.params.map((p) => (p.type.isSome ? p.type.unwrap().toNumber() : -1));
    if (name === "AccountId32") return "string /* SS58 */";
    if (name === "H256") return "string /* 0x hex, 32 bytes */";
    if (name === "Option" && params[0] !== undefined) return `${this.ts(params[0])} | null`;
    if (name === "Result" && params.length === 2)
      return `{ ok: ${this.ts(params[0] as number)} } | { err: ${this.ts(params[1] as number)} }`;
    const def = t.def;
    if (def.isPrimitive) {
      const p = def.asPrimitive.type.toLowerCase();
      if (p === "bool") return "boolean";
      if (p === "str" || p === "char") return "string";
      return p === "u64" || p === "u128" || p === "i64" || p === "i128" || p === "u256" ? "bigint" : "number";
    }
    if (def.isCompact) return this.ts(def.asCompact.type.toNumber());
    if (def.isSequence || def.isArray) {
      const inner = (def.isSequence ? def.asSequence.type : def.asArray.type).toNumber();
      const innerDef = this.si(inner).def;
      if (innerDef.isPrimitive && innerDef.asPrimitive.type.toString() === "U8") return "Uint8Array";
      return `Array<${this.ts(inner)}>`;
    }
    if (def.isTuple) {
      const items = def.asTuple.map((x) => this.ts(x.toNumber()));
      return items.length === 0 ? "null" : `[${items.join(", ")}]`;
    }
    if (def.isComposite) {
      const fields = def.asComposite.fields;
      // Newtypes (BoundedVec and friends) are their inner type.
      if (fields.length === 1 && fields[0]?.name.isNone)
        return this.ts((fields[0] as { type: { toNumber(): number } }).type.toNumber());
      if (OWN_PATHS.includes(path[0] ?? "")) {
        this.declare(name, () => {
          const body = fields
            .map((f) => `  ${f.name.isSome ? f.name.unwrap().toString() : "_"}: ${this.ts(f.type.toNumber())};`)
            .join("\n");
          return `export interface ${name} {\n${body}\n}`;
        });
        return name;
      }
      return "unknown";
    }
    if (def.isVariant) {
      const variants = def.asVariant.variants;
      if (OWN_PATHS.includes(path[0] ?? "")) {
        this.declare(name, () => {
          const arms = variants.map((v) => {
            const vn = v.name.toString();
            if (v.fields.length === 0) return `"${vn}"`;
            if (v.fields.length === 1 && v.fields[0]?.name.isNone)
              return `{ ${vn}: ${this.ts((v.fields[0] as { type: { toNumber(): number } }).type.toNumber())} }`;
            const inner = v.fields
              .map((f) => `${f.name.isSome ? f.name.unwrap().toString() : "_"}: ${this.ts(f.type.toNumber())}`)
              .join("; ");
            return `{ ${vn}: { ${inner} } }`;
          });
          return `export type ${name} =\n  | ${arms.join("\n  | ")};`;
        });
        return name;
      }
      return "unknown";
    }
    return "unknown";
  }

  private declare(name: string, render: () => string): void {
    if (this.decls.has(name)) return;
    this.decls.set(name, ""); // reserve first: recursive types terminate
    this.decls.set(name, render());
  }
}

const q = (s: string) => JSON.stringify(s);

export function renderSubnetsTypes(api: ApiPromise, source: string): string {
  const meta = api.runtimeMetadata.asLatest;
  const pallet = meta.pallets.find((p) => p.name.toString() === PALLET);
  if (!pallet) throw new Error(`the runtime metadata has no pallet ${PALLET}`);
  const r = new Renderer(api);
  const lookupVariants = (id: number) => {
    const def = api.registry.lookup.getSiType(id).def;
    return def.isVariant ? def.asVariant.variants : [];
  };
  type Field = { name: { isSome: boolean; unwrap(): { toString(): string } }; type: { toNumber(): number } };
  const fieldList = (fields: Field[]) =>
    `[${fields.map((f, i) => `[${q(f.name.isSome ? f.name.unwrap().toString() : String(i))}, ${q(r.ts(f.type.toNumber()))}]`).join(", ")}]`;

  const calls = pallet.calls.isSome ? lookupVariants(pallet.calls.unwrap().type.toNumber()) : [];
  const events = pallet.events.isSome ? lookupVariants(pallet.events.unwrap().type.toNumber()) : [];
  const errors = pallet.errors.isSome ? lookupVariants(pallet.errors.unwrap().type.toNumber()) : [];
  const apiDef = (
    meta as unknown as {
      apis?: Array<{
        name: { toString(): string };
        methods: Array<{
          name: { toString(): string };
          inputs: Array<{ name: { toString(): string }; type: { toNumber(): number } }>;
          output: { toNumber(): number };
        }>;
      }>;
    }
  ).apis?.find((a) => a.name.toString() === API);
  if (!apiDef) throw new Error(`the runtime metadata (v${api.runtimeMetadata.version}) has no runtime API ${API}`);

  const lines: string[] = [];
  lines.push(`// Generated by scripts/gen-chain-types.ts from ${source}. Do not edit: regenerate.`);
  lines.push(`// Runtime spec_version ${api.runtimeVersion.specVersion.toString()}, metadata v${api.runtimeMetadata.version}.`);
  lines.push("");
  lines.push(`/** ${PALLET} calls: [argument name, TS type] in SCALE order. */`);
  lines.push("export const SUBNETS_CALLS = {");
  for (const c of calls) lines.push(`  ${c.name.toString()}: ${fieldList(c.fields as never)},`);
  lines.push("} as const;");
  lines.push("export type SubnetsCallName = keyof typeof SUBNETS_CALLS;");
  lines.push("");
  lines.push(`/** ${PALLET} events: [field name, TS type]. */`);
  lines.push("export const SUBNETS_EVENTS = {");
  for (const e of events) lines.push(`  ${e.name.toString()}: ${fieldList(e.fields as never)},`);
  lines.push("} as const;");
  lines.push("export type SubnetsEventName = keyof typeof SUBNETS_EVENTS;");
  lines.push("");
  lines.push(`/** ${PALLET} errors with their docs (what ChainError DISPATCH carries as name/docs). */`);
  lines.push("export const SUBNETS_ERRORS = {");
  for (const e of errors) lines.push(`  ${e.name.toString()}: ${q(e.docs.map((d) => d.toString().trim()).join(" "))},`);
  lines.push("} as const;");
  lines.push("export type SubnetsErrorName = keyof typeof SUBNETS_ERRORS;");
  lines.push("");
  lines.push(`/** ${API} methods: parameters and output type. */`);
  lines.push("export const SUBNETS_API = {");
  for (const m of apiDef.methods) {
    const params = m.inputs.map((i) => `[${q(i.name.toString())}, ${q(r.ts(i.type.toNumber()))}]`).join(", ");
    lines.push(`  ${m.name.toString()}: { params: [${params}], output: ${q(r.ts(m.output.toNumber()))} },`);
  }
  lines.push("} as const;");
  lines.push("");
  lines.push("// Runtime-API and call argument structs (SCALE field names; u64/u128 as bigint).");
  for (const [, decl] of [...r.decls.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(decl);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** Connect to a running chain and render the generated module. */
export async function generateSubnetsTypes(endpoint: string, source: string): Promise<string> {
  const client = new PolkadotChainClient({ endpoint });
  await client.connect();
  try {
    return renderSubnetsTypes(client.rawApi(), source);
  } finally {
    await client.close();
  }
}
