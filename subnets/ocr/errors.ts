import { MeshtensorError } from "../../lib/errors.js";

export type OcrErrorType =
  | { code: "BAD_IMAGE"; field: string; reason: string }
  | { code: "FONT_MISSING"; font: string }
  | { code: "DICTIONARY_MISMATCH"; classes: number; dictionary: number }
  | { code: "BAD_OPTIONS"; field: string; reason: string };

export class OcrError extends MeshtensorError<OcrErrorType> {}
