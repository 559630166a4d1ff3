import { parseSubnetOptions } from "../sdk/errors.js";
import type { SubnetContext, SubnetMiner } from "../sdk/interface.js";
import { ocrMinerOptionsSchema } from "./options.js";
import { createOcrPipeline } from "./pipeline.js";
import type { OcrRequest, OcrResponse } from "./protocol.js";

/** The honest OCR miner: the full PaddleOCR pipeline on the request's image. */
export async function createOcrMiner(context: SubnetContext): Promise<SubnetMiner<OcrRequest, OcrResponse>> {
  const options = parseSubnetOptions("ocr", ocrMinerOptionsSchema, context.options);
  const pipeline = createOcrPipeline(
    {
      maxImageSide: options.maxImageSide,
      ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
    },
    { inference: context.inference },
  );
  await pipeline.start();
  context.logger.info({ provider: pipeline.provider }, "ocr miner ready");
  return {
    async handle(request, { signal }) {
      const lines = await pipeline.read(Buffer.from(request.image, "base64"), signal);
      return { lines };
    },
    close: () => pipeline.stop(),
  };
}
