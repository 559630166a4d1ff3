import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createColdkey,
  createHotkey,
  loadColdkey,
  loadHotkey,
  readColdkeyPub,
  WalletError,
  walletPaths,
} from "../../chain/wallet/index.js";
import { errorMessage } from "../../lib/errors.js";
import { IdentityError, loadOrCreatePeerKey } from "../../node/identity/index.js";

// Key files damaged in every way a disk, an editor or an attacker can: loading either gives the
// right key or a typed error that names the file, never another exception or a different key.
const root = mkdtempSync(join(tmpdir(), "mesh-fuzz-keys-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let hotkeyFile: string;
let hotkeyText: string;
let hotkeyAddress: string;
let coldkeyFile: string;
let coldkeyText: string;
let coldpubFile: string;
let coldpubText: string;

beforeAll(async () => {
  await createColdkey({ root, wallet: "w", password: "pw" });
  hotkeyAddress = (await createHotkey({ root, wallet: "w", hotkey: "h" })).address;
  const paths = walletPaths(root, "w");
  hotkeyFile = paths.hotkey("h");
  coldkeyFile = paths.coldkey;
  coldpubFile = paths.coldkeypub;
  hotkeyText = readFileSync(hotkeyFile, "utf8");
  coldkeyText = readFileSync(coldkeyFile, "utf8");
  coldpubText = readFileSync(coldpubFile, "utf8");
});

const WALLET_CODES = ["CORRUPT_KEYFILE", "WRONG_PASSWORD", "PASSWORD_REQUIRED", "HOTKEY_NOT_FOUND", "WALLET_NOT_FOUND"];

/** A damaged version of a JSON key file: random bytes, a truncation, a byte flip, or one field replaced. */
function damaged(text: string): fc.Arbitrary<string> {
  const json = JSON.parse(text) as Record<string, unknown>;
  const paths: string[][] = [];
  const walk = (v: unknown, p: string[]) => {
    if (v !== null && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, [...p, k]);
    else paths.push(p);
  };
  walk(json, []);
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
    fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n)),
    fc.tuple(fc.nat({ max: text.length - 1 }), fc.integer({ min: 1, max: 127 })).map(([at, xor]) => {
      const chars = [...text];
      chars[at] = String.fromCharCode((chars[at] ?? " ").charCodeAt(0) ^ xor);
      return chars.join("");
    }),
    fc.tuple(fc.constantFrom(...paths), fc.jsonValue()).map(([path, value]) => {
      const copy = structuredClone(json);
      let node = copy;
      for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
      node[path[path.length - 1] as string] = value;
      return JSON.stringify(copy);
    }),
  );
}

function expectWalletError(err: unknown, file: string): void {
  expect(err).toBeInstanceOf(WalletError);
  const e = err as WalletError;
  expect(WALLET_CODES).toContain(e.type.code);
  if (e.type.code === "CORRUPT_KEYFILE") expect(e.message).toContain(file);
}

describe("key files (fuzzed)", () => {
  it("a damaged hotkey file loads as the same key or is refused as a WalletError naming the file", async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(damaged(hotkeyText), async (text) => {
        writeFileSync(hotkeyFile, text);
        try {
          const signer = await loadHotkey(root, "w", "h");
          // A change that still loads (whitespace, meta) must not yield another key.
          expect(signer.address).toBe(hotkeyAddress);
        } catch (err) {
          refused += 1;
          expectWalletError(err, hotkeyFile);
        }
      }),
      { numRuns: 500 },
    );
    writeFileSync(hotkeyFile, hotkeyText);
    expect((await loadHotkey(root, "w", "h")).address).toBe(hotkeyAddress);
    expect(refused).toBeGreaterThan(0);
  });

  it("a damaged coldkeypub.json is refused by name", async () => {
    await fc.assert(
      fc.asyncProperty(damaged(coldpubText), async (text) => {
        writeFileSync(coldpubFile, text);
        try {
          await readColdkeyPub(root, "w");
        } catch (err) {
          expectWalletError(err, coldpubFile);
        }
      }),
      { numRuns: 300 },
    );
    writeFileSync(coldpubFile, coldpubText);
  });

  it("a damaged encrypted coldkey is refused (or still unlocks to the same key), never hangs in scrypt", async () => {
    // Each unlock runs scrypt (about a second here): few runs, the damage aimed at the fields.
    const original = await loadColdkey(root, "w", "pw");
    await fc.assert(
      fc.asyncProperty(damaged(coldkeyText), async (text) => {
        writeFileSync(coldkeyFile, text);
        try {
          expect((await loadColdkey(root, "w", "pw")).address).toBe(original.address);
        } catch (err) {
          expectWalletError(err, coldkeyFile);
        }
      }),
      { numRuns: 30 },
    );
    writeFileSync(coldkeyFile, coldkeyText);
  }, 120_000);

  it("a damaged libp2p key file is refused as BAD_KEY_FILE naming the path, and never rewritten", async () => {
    const path = join(root, "peer.key");
    const { seed } = await loadOrCreatePeerKey(path);
    const good = readFileSync(path, "utf8");
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 127 })).map(([at, xor]) => {
            const chars = [...good];
            chars[at] = String.fromCharCode((chars[at] ?? " ").charCodeAt(0) ^ xor);
            return chars.join("");
          }),
        ),
        async (text) => {
          writeFileSync(path, text);
          try {
            const loaded = await loadOrCreatePeerKey(path);
            expect(loaded.created).toBe(false);
            if (text.trim() === good.trim()) expect(Buffer.from(loaded.seed).equals(Buffer.from(seed))).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(IdentityError);
            expect((err as IdentityError).type.code).toBe("BAD_KEY_FILE");
            expect(errorMessage(err)).toContain(path);
          }
          // Refusing must not replace the file: the peer id the chain names would change.
          expect(readFileSync(path, "utf8")).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });
});
