/**
 * The CLI loads a command group only when the command line names it (issue 16: eager imports made
 * `--help` take 4-6 s). What a user relies on: the top-level help still lists every group with its
 * own description, `help GROUP` and `GROUP --help` show the group's commands, and output piped into
 * a reader that quits early (`| head`) ends quietly instead of with an EPIPE stack trace.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_GROUPS, groupNamedBy } from "../groups.js";
import { createProgram, runCli } from "../program.js";
import { captureDeps, fakeClient } from "./fake-client.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "meshtensor.js");

describe("lazily loaded command groups", () => {
  it("the top-level help lists every group with the description the group itself declares", async () => {
    const cap = captureDeps(fakeClient([]), {});
    const full = await createProgram(cap.deps, "all");
    const declared = full.commands.map((c) => [c.name(), c.description()]);
    expect(declared).toEqual(COMMAND_GROUPS.map((g) => [g.name, g.description]));
    expect(await runCli(["--help"], cap.deps)).toBe(0);
    const help = cap.out().replace(/\s+/g, " ");
    for (const [name, description] of declared) expect(help).toContain(`${name} ${description}`);
  });

  it("names the group from the command line, including `help GROUP`", () => {
    expect(groupNamedBy(["wallet", "list", "--json"])?.name).toBe("wallet");
    expect(groupNamedBy(["help", "stake"])?.name).toBe("stake");
    expect(groupNamedBy(["--help"])).toBeNull();
    expect(groupNamedBy(["nonsense"])).toBeNull();
  });

  it("`help wallet` and `wallet --help` list the wallet commands; an unknown group exits 2", async () => {
    for (const argv of [
      ["help", "wallet"],
      ["wallet", "--help"],
    ]) {
      const cap = captureDeps(fakeClient([]), {});
      expect(await runCli(argv, cap.deps)).toBe(0);
      expect(cap.out()).toMatch(/create[\s\S]*list[\s\S]*balance[\s\S]*transfer/);
    }
    const cap = captureDeps(fakeClient([]), {});
    expect(await runCli(["walet", "list"], cap.deps)).toBe(2);
    expect(cap.err()).toContain("unknown command 'walet'");
  });
});

describe("the meshtensor process", () => {
  it("piped into a reader that closes early, exits without an EPIPE stack trace", async () => {
    const child = spawn(process.execPath, [BIN, "wallet", "list", "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    // Like `| head -0`: the reader is gone before the help is written.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  }, 60_000);
});
