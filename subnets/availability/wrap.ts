import { isCaught, type SubnetDefinition, type SubnetValidator } from "../sdk/interface.js";
import type { UptimeTracker } from "./uptime.js";

/** A validator whose rewards are multiplied by each miner's measured uptime. */
export function withUptime<Req, Res>(validator: SubnetValidator<Req, Res>, tracker: UptimeTracker): SubnetValidator<Req, Res> {
  return {
    challenge: () => validator.challenge(),
    async score(items) {
      const rewards = await validator.score(items);
      // A CAUGHT verdict stays one: uptime scales rewards, it must not turn a verdict into a 0.
      return rewards.map((r, i) => (isCaught(r) ? r : tracker.apply((items[i] as (typeof items)[number]).uid, r)));
    },
    close: () => validator.close(),
  };
}

/** Applies availability to any subnet: its validators' rewards are multiplied by uptime. */
export function withAvailability<Req, Res>(
  subnet: SubnetDefinition<Req, Res>,
  tracker: UptimeTracker,
): SubnetDefinition<Req, Res> {
  return {
    ...subnet,
    createValidator: async (context) => withUptime(await subnet.createValidator(context), tracker),
  };
}
