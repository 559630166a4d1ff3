import type { InferenceEngine, InferenceEngineFactory } from "../../lib/inference.js";
import { loadCharset } from "./charset.js";
import { upsideDown } from "./classify.js";
import { boxesFromProbabilities, DEFAULT_DETECT, type DetectOptions, detectorInput } from "./detect.js";
import { OcrError } from "./errors.js";
import { decodePng, type Quad } from "./image.js";
import { defaultOcrModels, type OcrModelFiles } from "./models.js";
import type { OcrLine } from "./protocol.js";
import { recognize } from "./recognize.js";

/** The full OCR pipeline a miner runs: detect text regions, fix their direction, read them. */
export interface OcrPipeline {
  read(png: Uint8Array, signal?: AbortSignal): Promise<OcrLine[]>;
  /** The recognizer alone on given boxes (the validator's spot check). */
  readBoxes(png: Uint8Array, quads: readonly Quad[], signal?: AbortSignal): Promise<string[]>;
  readonly provider: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface OcrPipelineOptions {
  models?: OcrModelFiles;
  detect?: Partial<DetectOptions>;
  maxImageSide: number;
  executionProviders?: Array<"cuda" | "webgpu" | "cpu">;
  /** Load only the recognizer (the validator needs nothing else). */
  recognitionOnly?: boolean;
  /** Where the models run; "worker" (default) keeps the node's event loop free during the 0.1-1 s of an image. */
  thread?: "main" | "worker";
}

export function createOcrPipeline(options: OcrPipelineOptions, deps: { inference: InferenceEngineFactory }): OcrPipeline {
  const models = options.models ?? defaultOcrModels();
  const detect = { ...DEFAULT_DETECT, ...options.detect };
  const engineOptions = (m: { path: string; sha256: string }, maxBatch: number) => ({
    modelPath: m.path,
    sha256: m.sha256,
    maxBatch,
    maxWaitMs: 1,
    maxDimension: 4096,
    thread: options.thread ?? "worker",
    ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
  });
  const rec = deps.inference(engineOptions(models.recognition, 64));
  const det: InferenceEngine | null = options.recognitionOnly ? null : deps.inference(engineOptions(models.detection, 4));
  const cls: InferenceEngine | null = options.recognitionOnly ? null : deps.inference(engineOptions(models.classifier, 64));
  let charset: string[] = [];

  return {
    get provider() {
      return rec.provider;
    },
    async start() {
      charset = loadCharset(models.dictionary);
      await rec.start();
      const classes = rec.outputs[0]?.dims[2];
      if (typeof classes === "number" && classes !== charset.length) {
        await rec.stop();
        throw new OcrError(
          { code: "DICTIONARY_MISMATCH", classes, dictionary: charset.length },
          `recognizer has ${classes} classes but the dictionary gives ${charset.length}`,
        );
      }
      await det?.start();
      await cls?.start();
    },
    async stop() {
      await cls?.stop();
      await det?.stop();
      await rec.stop();
    },
    async read(png, signal) {
      if (!det || !cls)
        throw new OcrError({ code: "BAD_OPTIONS", field: "recognitionOnly", reason: "pipeline was built without a detector" });
      const image = await decodePng(png, options.maxImageSide);
      const input = detectorInput(image, detect.limitSide);
      const out = await det.infer(
        { x: { dtype: "float32", dims: [1, 3, input.height, input.width], data: input.data } },
        signal ? { signal } : {},
      );
      const prob = Object.values(out)[0];
      if (!prob) return [];
      const mapH = prob.dims[2] as number;
      const mapW = prob.dims[3] as number;
      const boxes = boxesFromProbabilities(prob.data as Float32Array, mapW, mapH, image.width, image.height, detect);
      const quads = boxes.map((b) => b.quad);
      const flips = await upsideDown(cls, image, quads, 0.9, signal);
      const texts = await recognize(
        rec,
        charset,
        image,
        quads.map((quad, i) => ({ quad, flip: flips[i] ?? false })),
        signal,
      );
      return boxes
        .map((b, i) => ({
          text: texts[i]?.text ?? "",
          confidence: round(Math.min(b.score, texts[i]?.confidence ?? 0)),
          box: b.quad.map(([x, y]) => [round(x), round(y)]) as Quad,
        }))
        .filter((l) => l.text.trim().length > 0);
    },
    async readBoxes(png, quads, signal) {
      const image = await decodePng(png, options.maxImageSide);
      const texts = await recognize(
        rec,
        charset,
        image,
        quads.map((quad) => ({ quad })),
        signal,
      );
      return texts.map((t) => t.text);
    },
  };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
