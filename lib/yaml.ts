import { LineCounter, parseDocument, type YAMLError } from "yaml";
import { errorMessage } from "./errors.js";

/** Why a YAML text was refused: the `yaml` package's code and message, and where (1-based). */
export interface YamlProblem {
  /** The `yaml` package's code, e.g. TAG_RESOLVE_FAILED, DUPLICATE_KEY, BAD_INDENT. */
  code: string;
  message: string;
  line: number | null;
  column: number | null;
}

export type YamlResult = { ok: true; value: unknown } | { ok: false; problem: YamlProblem };

/**
 * Parses one YAML document for a config file, where anything doubtful is an error:
 * - warnings are refused like errors. `yaml`'s `parse()` sends them to `process.emitWarning`
 *   and goes on with a guessed value (an unknown tag such as `!env HOME` gives the string "HOME",
 *   an unknown `%` directive is skipped), so the config would load silently wrong;
 * - mapping keys must be scalars (`stringKeys`), so `? [a, b]` is an error rather than a key
 *   stringified with a logged warning;
 * - nothing is logged (`logLevel: "error"` stops the package's own warning output) and the
 *   message carries no source excerpt (`prettyErrors: false`): a config line may hold a secret.
 */
export function parseYamlStrict(text: string): YamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, stringKeys: true, logLevel: "error" });
  const first = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (first !== undefined) return { ok: false, problem: toProblem(first, lines) };
  try {
    return { ok: true, value: doc.toJS() };
  } catch (err) {
    // toJS refuses, e.g., an alias expanded past maxAliasCount (a "billion laughs" document).
    return { ok: false, problem: { code: "TO_JS", message: errorMessage(err), line: null, column: null } };
  }
}

function toProblem(err: YAMLError, lines: LineCounter): YamlProblem {
  const at = err.pos[0];
  if (at < 0) return { code: err.code, message: err.message, line: null, column: null };
  const { line, col } = lines.linePos(at);
  return { code: err.code, message: err.message, line, column: col };
}

/** "line 3, column 7: Unresolved tag: !env" (the bare message when the place is unknown). */
export function describeYamlProblem(problem: YamlProblem): string {
  return problem.line === null ? problem.message : `line ${problem.line}, column ${problem.column}: ${problem.message}`;
}
