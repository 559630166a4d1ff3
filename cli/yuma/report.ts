import type { YumaEpochReport } from "../../chain/client/scenario-types.js";

/** The simulator's output object (yuma-scenario.md "Output"), snake_case keys, amounts as bigint. */
export function reportToOutput(epochs: YumaEpochReport[]): { epochs: Array<Record<string, unknown>> } {
  return {
    epochs: epochs.map((e) => ({
      block: e.block,
      emission: e.emission,
      server_emission: e.serverEmission,
      validator_emission: e.validatorEmission,
      incentive: e.incentive,
      dividends: e.dividends,
      consensus: e.consensus,
      rank: e.rank,
      trust: e.trust,
      validator_trust: e.validatorTrust,
      validator_permit: e.validatorPermit,
      bonds: e.bonds,
    })),
  };
}
