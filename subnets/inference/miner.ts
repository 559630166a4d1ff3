import { parseSubnetOptions, SubnetError } from "../sdk/errors.js";
import type { SubnetContext, SubnetMiner } from "../sdk/interface.js";
import { decodeTensors, encodeTensors } from "./codec.js";
import { DEFAULT_MODEL_PATH, DEFAULT_MODEL_SHA256 } from "./model.js";
import { inferenceMinerOptionsSchema } from "./options.js";
import type { InferenceRequest, InferenceResponse } from "./protocol.js";

/**
 * The honest miner: serves the named model through the engine, so concurrent validator
 * requests are batched together (GPU first when the CUDA provider is installed).
 */
export async function createInferenceMiner(context: SubnetContext): Promise<SubnetMiner<InferenceRequest, InferenceResponse>> {
  const options = parseSubnetOptions("inference", inferenceMinerOptionsSchema, context.options);
  const sha256 = options.modelSha256 ?? DEFAULT_MODEL_SHA256;
  const engine = context.inference({
    modelPath: options.modelPath ?? DEFAULT_MODEL_PATH,
    sha256,
    maxBatch: options.maxBatch,
    maxWaitMs: options.maxWaitMs,
    thread: options.thread,
    ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
  });
  await engine.start();
  context.logger.info({ provider: engine.provider, sha256 }, "inference miner ready");
  return {
    async handle(request, { signal }) {
      if (request.modelSha256 !== sha256) {
        throw new SubnetError(
          { code: "BAD_REQUEST", subnet: "inference", field: "modelSha256", reason: `this miner serves ${sha256}` },
          `modelSha256: this miner serves ${sha256}, not ${request.modelSha256}`,
        );
      }
      const outputs = await engine.infer(decodeTensors(request.inputs, "inputs"), { signal });
      return { outputs: encodeTensors(outputs) };
    },
    close: () => engine.stop(),
  };
}
