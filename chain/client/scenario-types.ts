/**
 * Plain-TS form of the runtime's yuma simulator types (`meshtensor_yuma::Scenario`,
 * `ScenarioStep`, `EpochReport`). Amounts are bigint so nothing above 2^53 loses digits.
 */
/** The bond options of `spec/yuma3.md` (`meshtensor_yuma::BondsConfig`); the defaults are the classic epoch. */
export interface YumaBondsConfig {
  yuma3Enabled: boolean;
  liquidAlphaEnabled: boolean;
  alphaLow: number;
  alphaHigh: number;
  /** i16. */
  alphaSigmoidSteepness: number;
  bondsPenalty: number;
  bondsResetEnabled: boolean;
}

export const DEFAULT_BONDS_CONFIG: Readonly<YumaBondsConfig> = {
  yuma3Enabled: false,
  liquidAlphaEnabled: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  bondsPenalty: 65535,
  bondsResetEnabled: false,
};

/** One hyperparameter a step changes (`meshtensor_yuma::ScenarioParam`), e.g. `{ Yuma3Enabled: true }`. */
export type YumaScenarioParam =
  | { Kappa: number }
  | { BondsMovingAverage: bigint }
  | { ActivityCutoff: bigint }
  | { MaxAllowedValidators: number }
  | { Yuma3Enabled: boolean }
  | { LiquidAlphaEnabled: boolean }
  | { AlphaLow: number }
  | { AlphaHigh: number }
  | { AlphaSigmoidSteepness: number }
  | { BondsPenalty: number }
  | { BondsResetEnabled: boolean };

export interface YumaScenarioStep {
  block: bigint;
  /** Raw stake to set, (uid, amount). */
  stake: Array<[number, bigint]>;
  /** A new hotkey takes this uid at `block`. */
  replace: number | null;
  /** (uid, row of (uid, u16)) submitted at `block`. */
  weights: Array<[number, Array<[number, number]>]>;
  epoch: boolean;
  /** Applied first in the step. */
  hyperparameters: YumaScenarioParam[];
  /** Wipe every bond to this uid (only when bonds_reset_enabled), after `weights`. */
  resetBonds: number | null;
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
  bondsConfig: YumaBondsConfig;
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
