import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createColdkey, createHotkey } from "../../chain/wallet/index.js";
import { runCli } from "../../cli/program.js";
import { captureDeps, type FakeCall, fakeClient } from "../../cli/test/fake-client.js";

// The CLI over generated command lines (real commands, real and made-up flags, hostile values),
// with the chain client faked so nothing leaves the process: it exits 0, 1 or 2 with a one-line
// reason, never throws, never submits on a usage error, and never submits a malformed number.
let home: string;
let cwdBefore: string[];
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "mt-fuzz-cli-"));
  await createColdkey({ root: join(home, "wallets"), wallet: "default", password: "pw" });
  await createHotkey({ root: join(home, "wallets"), wallet: "default", hotkey: "default" });
  cwdBefore = (await readdir(".")).sort();
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

// Everything that talks to a chain or touches wallets; devchain, node, localnet and `yuma
// simulate` start real processes and have their own tests.
const COMMANDS: string[][] = [
  ["wallet", "create"],
  ["wallet", "regen"],
  ["wallet", "list"],
  ["wallet", "balance"],
  ["wallet", "transfer"],
  ["wallet", "faucet"],
  ["subnet", "create"],
  ["subnet", "list"],
  ["subnet", "show"],
  ["subnet", "hyperparameters"],
  ["subnet", "set"],
  ["subnet", "lock-cost"],
  ["subnet", "register"],
  ["subnet", "metagraph"],
  ["stake", "add"],
  ["stake", "remove"],
  ["stake", "show"],
  ["delegate", "become"],
  ["delegate", "take"],
  ["delegate", "list"],
  ["root", "register"],
  ["root", "weights"],
  ["root", "list"],
  ["weights", "set"],
  ["weights", "commit"],
  ["weights", "reveal"],
  ["nosuch"],
  [],
];
const FLAGS = [
  "--json",
  "--chain",
  "--wallet",
  "--hotkey",
  "--amount",
  "--dest",
  "--address",
  "--from",
  "--coldkey",
  "--take",
  "--uids",
  "--values",
  "--netuids",
  "--salt",
  "--version-key",
  "--mnemonic",
  "--hotkey-only",
  "--coldkey-only",
  "--weights",
  "--help",
  "--nosuch",
  "-x",
];
const value = fc.oneof(
  fc.integer({ min: -5, max: 70_000 }).map(String),
  fc.constantFrom(
    "0",
    "1",
    "1.5",
    "-1",
    "1e9",
    "NaN",
    "Infinity",
    "0x10",
    "18446744073709551616",
    "65535",
    "65536",
    "10%",
    "1.0000000001",
  ),
  fc.array(fc.integer({ min: -3, max: 70_000 }), { maxLength: 5 }).map((a) => a.join(",")),
  fc.constantFrom("5GrwvaEF5zXb26Fz9rcQpDWS5KGHNo8L2rY8hkcbtMAkePzt", "5Junk", "", " ", "ws://127.0.0.1:1", "..", "default"),
  fc.string({ maxLength: 12 }),
);
// Well-formed command lines with one value replaced by a generated one: they get past the
// parser often, so the checks on what is submitted are exercised too.
const WELL_FORMED: string[][] = [
  ["stake", "add", "--amount", "1.5"],
  ["stake", "remove", "--amount", "1"],
  ["weights", "set", "1", "--uids", "0,1", "--values", "100,200"],
  ["root", "weights", "--netuids", "1", "--values", "5"],
  ["subnet", "register", "1"],
  ["subnet", "set", "1", "tempo", "20"],
  ["delegate", "take", "--take", "10%"],
  ["wallet", "transfer", "--dest", "5GrwvaEF5zXb26Fz9rcQpDWS5KGHNo8L2rY8hkcbtMAkePzt", "--amount", "1"],
];
const mutatedWellFormed = fc
  .tuple(fc.constantFrom(...WELL_FORMED), fc.nat(), value)
  .map(([line, at, v]) => line.map((token, i) => (i >= 2 && i === 2 + (at % (line.length - 2)) ? v : token)));
const randomLine = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(
      fc.oneof(
        value,
        fc.constantFrom(...FLAGS),
        fc.tuple(fc.constantFrom(...FLAGS), value).map((t) => t.join("=")),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([command, rest]) => [...command, ...rest]);
// Mostly random lines; the well-formed ones unlock the coldkey (scrypt), which is slow on a loaded machine.
const argv = fc.oneof({ arbitrary: randomLine, weight: 3 }, { arbitrary: mutatedWellFormed, weight: 1 });

function malformedNumbers(value: unknown, path = "args"): string[] {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? [] : [`${path}=${value}`];
  if (typeof value === "bigint") return value >= 0n ? [] : [`${path}=${value}`];
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => malformedNumbers(v, `${path}.${k}`));
}

describe("CLI arguments (fuzzed)", () => {
  it("exits 0, 1 or 2 with a reason; a usage error submits nothing; no extrinsic carries a malformed number", async () => {
    const seen = { 0: 0, 1: 0, 2: 0, submitted: 0 };
    await fc.assert(
      fc.asyncProperty(argv, fc.constantFrom("pw", "pw", "wrong"), async (args, password) => {
        const calls: FakeCall[] = [];
        const cap = captureDeps(fakeClient(calls), { MESHTENSOR_HOME: home, MESHTENSOR_PASSWORD: password });
        const code = await runCli(args, cap.deps);
        expect([0, 1, 2]).toContain(code);
        seen[code as 0 | 1 | 2] += 1;
        if (calls.length > 0) seen.submitted += 1;
        if (code !== 0) {
          expect(cap.err().trim().length).toBeGreaterThan(0);
          expect(cap.err()).not.toMatch(/\n\s+at /); // no stack trace
        }
        if (code === 2) expect(calls).toEqual([]);
        for (const call of calls) expect(malformedNumbers(call.args)).toEqual([]);
      }),
      { numRuns: 350 },
    );
    // The generator reaches every outcome, so the properties above were tested, not skipped.
    if (process.env.RELIABILITY_REPORT) console.log(JSON.stringify({ cliOutcomes: seen }));
    expect(Math.min(seen[0], seen[1], seen[2], seen.submitted)).toBeGreaterThan(0);
    // Nothing written outside the temporary home.
    expect((await readdir(".")).sort()).toEqual(cwdBefore);
  }, 120_000);
});
