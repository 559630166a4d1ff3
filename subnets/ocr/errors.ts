import { MeshtensorError } from "../../lib/errors.js";

export type OcrErrorType =
  | { code: "BAD_IMAGE"; field: string; reason: string }
  | { code: "FONT_MISSING"; font: string }
  | { code: "DICTIONARY_MISMATCH"; classes: number; dictionary: number }
  | { code: "BAD_OPTIONS"; field: string; reason: string };

function describe(t: OcrErrorType): string {
  switch (t.code) {
    case "BAD_IMAGE":
      return `${t.field}: ${t.reason}`;
    case "FONT_MISSING":
      return `font ${t.font} not found or not loadable`;
    case "DICTIONARY_MISMATCH":
      return `recognizer has ${t.classes} classes but the dictionary gives ${t.dictionary}`;
    case "BAD_OPTIONS":
      return `option ${t.field}: ${t.reason}`;
  }
}

export class OcrError extends MeshtensorError<OcrErrorType> {
  constructor(type: OcrErrorType, message?: string, options?: { cause?: unknown }) {
    super(type, message ?? describe(type), options);
  }
}
