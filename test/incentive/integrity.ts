import { expect } from "vitest";
import { type EpochResult, type SimMiner, describeRun as table } from "./sim.js";

/**
 * The property, per epoch from the first in which miners are paid: every cheater below
 * every honest miner (slow included), slow below every fast honest miner; and an offline miner
 * at 0 from the second epoch after it stopped.
 */
export function expectIntegrity<Req, Res>(
  results: EpochResult[],
  miners: ReadonlyArray<SimMiner<Req, Res>>,
  offline: { name: string; fromTempo: number } | null,
): { firstPaid: number } {
  const firstPaid = results.findIndex((r) => r.incentive.some((x) => x > 0));
  const message = `\n${table(results, miners)}`;
  expect(firstPaid, `no epoch paid miners${message}`).toBeGreaterThanOrEqual(0);
  const idx = (kind: string) => miners.flatMap((m, i) => (m.kind === kind ? [i] : []));
  const [honest, slow, cheats] = [idx("honest"), idx("slow"), idx("cheat")];
  for (const r of results.slice(firstPaid)) {
    const inc = (i: number) => r.incentive[i] as number;
    const lowestHonest = Math.min(...[...honest, ...slow].map(inc));
    for (const c of cheats) {
      expect(
        inc(c),
        `epoch ${r.epoch}: ${miners[c]?.name} (${inc(c)}) not below every honest miner (${lowestHonest})${message}`,
      ).toBeLessThan(lowestHonest);
    }
    for (const s of slow) {
      for (const h of honest) {
        expect(inc(s), `epoch ${r.epoch}: slow ${miners[s]?.name} not below ${miners[h]?.name}${message}`).toBeLessThan(inc(h));
      }
    }
  }
  if (offline !== null) {
    const i = miners.findIndex((m) => m.name === offline.name);
    // Epoch e runs inside tempo e; the miner stopped at the start of tempo fromTempo, so epoch
    // fromTempo is the first after it stopped and fromTempo + 1 the second: 0 by then.
    for (const r of results.filter((x) => x.epoch >= offline.fromTempo + 1)) {
      expect(r.incentive[i], `epoch ${r.epoch}: ${offline.name} still paid${message}`).toBe(0);
    }
  }
  return { firstPaid };
}
