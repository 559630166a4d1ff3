/**
 * Plain-TS form of the runtime's yuma simulator types (`meshtensor_yuma::Scenario`,
 * `ScenarioStep`, `EpochReport`). Amounts are bigint so nothing above 2^53 loses digits.
 */
export interface YumaScenarioStep {
  block: bigint;
  /** Raw stake to set, (uid, amount). */
  stake: Array<[number, bigint]>;
  /** A new hotkey takes this uid at `block`. */
  replace: number | null;
  /** (uid, row of (uid, u16)) submitted at `block`. */
  weights: Array<[number, Array<[number, number]>]>;
  epoch: boolean;
}

export interface YumaScenario {
  n: number;
  kappa: number;
  bondsMovingAverage: bigint;
  activityCutoff: bigint;
  maxAllowedValidators: number;
  emissionPerEpoch: bigint;
  stake: bigint[];
  blockAtRegistration: bigint[];
  steps: YumaScenarioStep[];
}

export interface YumaEpochReport {
  block: bigint;
  emission: bigint[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
  incentive: number[];
  dividends: number[];
  consensus: number[];
  rank: number[];
  trust: number[];
  validatorTrust: number[];
  validatorPermit: boolean[];
  bonds: Array<Array<[number, number]>>;
}

/** The simulator entry of the runtime (`SubnetsApi.simulate_yuma`). */
export interface YumaSimulator {
  /** Throws ChainError RUNTIME_API naming the runtime's ScenarioError when it refuses the scenario. */
  simulateYuma(scenario: YumaScenario): Promise<YumaEpochReport[]>;
}
