import { parseSubnetOptions } from "../sdk/errors.js";
import { type AvailabilityOptionsInput, availabilityOptionsSchema } from "./options.js";

export interface UptimeTracker {
  /** Records one probe of `uid` now; a success marks the current slot up. */
  record(uid: number, ok: boolean): void;
  /** Whether `uid` still needs a probe in the current slot (none has succeeded yet). */
  shouldProbe(uid: number): boolean;
  /** Fraction of the window's slots in which `uid` answered, in [0, 1]. */
  uptime(uid: number): number;
  /** `score * uptime(uid)`. */
  apply(uid: number, score: number): number;
  /** Starts `uid` afresh (its hotkey changed): the new holder has no history yet. */
  forget(uid: number): void;
}

export interface UptimeDeps {
  /** Milliseconds; injectable so tests and simulations drive time. */
  now?: () => number;
}

/**
 * Availability as io.net pays it: time is cut into probe slots; a miner is up in a slot when a
 * light probe succeeded in it. Uptime is the share of up slots over the window, counted from
 * when the tracker (or the uid) started, so a miner that drops out loses weight slot by slot
 * and, once back, regains it only as its missed slots leave the window. The slot in progress
 * counts once it has been probed, so a probe not yet sent costs nobody anything.
 */
export function createUptimeTracker(options: AvailabilityOptionsInput = {}, deps: UptimeDeps = {}): UptimeTracker {
  const { windowMs, probeIntervalMs } = parseSubnetOptions("availability", availabilityOptionsSchema, options);
  const now = deps.now ?? Date.now;
  const slotOf = (t: number): number => Math.floor(t / probeIntervalMs);
  const windowSlots = Math.max(1, Math.floor(windowMs / probeIntervalMs));
  const origin = slotOf(now());
  /** Per uid: the slots it was up in (ascending, pruned to the window), the slot its history starts, the last slot probed. */
  const history = new Map<number, { since: number; up: number[]; probed: number }>();

  const entry = (uid: number) => {
    let e = history.get(uid);
    if (!e) {
      e = { since: origin, up: [], probed: -1 };
      history.set(uid, e);
    }
    return e;
  };

  const prune = (up: number[], current: number): void => {
    const first = current - windowSlots + 1;
    let drop = 0;
    while (drop < up.length && (up[drop] as number) < first) drop++;
    if (drop > 0) up.splice(0, drop);
  };

  return {
    record(uid, ok) {
      const current = slotOf(now());
      const e = entry(uid);
      prune(e.up, current);
      e.probed = current;
      if (ok && e.up[e.up.length - 1] !== current) e.up.push(current);
    },
    shouldProbe(uid) {
      const e = history.get(uid);
      return !e || e.up[e.up.length - 1] !== slotOf(now());
    },
    uptime(uid) {
      const current = slotOf(now());
      const e = history.get(uid) ?? { since: origin, up: [], probed: -1 };
      prune(e.up, current);
      // The window is the last `windowSlots` slots, ending with the current one once it has been
      // probed (a failure shows at once; a later success in the slot turns it up) or with the last
      // completed one before that.
      const probed = e.probed === current;
      const last = probed ? current : current - 1;
      const first = Math.max(last - windowSlots + 1, e.since);
      const slots = last - first + 1;
      if (slots <= 0) return 1;
      const up = e.up.filter((s) => s >= first).length;
      return Math.min(1, up / slots);
    },
    apply(uid, score) {
      return score * this.uptime(uid);
    },
    forget(uid) {
      history.set(uid, { since: slotOf(now()), up: [], probed: -1 });
    },
  };
}
