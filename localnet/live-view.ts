import type { ChainView } from "./epoch-watch.js";
import { blocksToEpoch } from "./epoch-watch.js";
import type { Roster } from "./report.js";

export interface LiveStats {
  /** Queries per second across validators, when their metrics are readable. */
  qps: number | null;
  running: number;
  total: number;
}

/** One compact status line: block, epoch countdown, queries per second, last weights set. */
export function formatLiveLine(view: ChainView, roster: Roster, stats: LiveStats): string {
  const { metagraph, block } = view;
  const tempo = metagraph.hyperparameters.tempo;
  const validators = metagraph.neurons.filter((n) => roster.get(n.hotkey)?.role === "validator");
  const lastWeights = validators.reduce<{ block: number; name: string } | null>((best, n) => {
    if (n.lastUpdate === 0 || (best && best.block >= n.lastUpdate)) return best;
    return { block: n.lastUpdate, name: roster.get(n.hotkey)?.name ?? `uid ${n.uid}` };
  }, null);
  const served = metagraph.neurons.filter((n) => n.endpoint !== null).length;
  return [
    `block ${block}`,
    `epoch in ${blocksToEpoch(block, metagraph.netuid, tempo)}/${tempo + 1}`,
    `qps ${stats.qps === null ? "-" : stats.qps.toFixed(1)}`,
    `weights ${lastWeights ? `@${lastWeights.block} by ${lastWeights.name}` : "not yet"}`,
    `nodes ${stats.running}/${stats.total} up, ${served}/${metagraph.neurons.length} served`,
  ].join(" | ");
}

/** Keeps one status line at the bottom of a TTY; printing a block of text clears it first. */
export interface LiveLine {
  update(text: string): void;
  print(text: string): void;
  close(): void;
}

export function createLiveLine(
  out: NodeJS.WritableStream & { isTTY?: boolean },
  statusOut: NodeJS.WritableStream & { isTTY?: boolean },
  enabled: boolean,
): LiveLine {
  const live = enabled && statusOut.isTTY === true;
  let shown = false;
  const clear = () => {
    if (shown) statusOut.write("\r\x1b[2K");
    shown = false;
  };
  return {
    update(text) {
      if (!live) return;
      clear();
      statusOut.write(text);
      shown = true;
    },
    print(text) {
      clear();
      out.write(text.endsWith("\n") ? text : `${text}\n`);
    },
    close: clear,
  };
}
