export { createFirstWeightsGate, type FirstWeightsGate } from "./first-weights.js";
export { judgeRound, type RoundContext } from "./round.js";
export { foldScores } from "./scores.js";
export { createSilenceWatch, type SilenceWatch, silenceWindow } from "./silence.js";
export {
  createValidator,
  type StepReport,
  type UptimeRecorder,
  type ValidatorDeps,
  type ValidatorOptions,
  type ValidatorRole,
} from "./validator.js";
export { type CommitHashFn, createWeightSetter, epochIndex, type WeightAction } from "./weight-setter.js";
export { scoresToWeights, type WeightRow } from "./weights.js";
