import { MeshtensorError } from "../../../lib/errors.js";

export type GpuErrorType =
  | { code: "UNSUPPORTED_PLATFORM"; platform: string; arch: string }
  | { code: "UNSUPPORTED_VERSION"; ortVersion: string; supported: string[] }
  | { code: "CUDA_MAJOR_MISMATCH"; wanted: number; provided: number; reason: string }
  | { code: "NO_BINDING"; reason: string }
  | { code: "NO_PIP"; python: string; reason: string }
  | { code: "PIP_FAILED"; exitCode: number | null; tail: string }
  | { code: "WHEEL_INCOMPLETE"; missing: string };

function describe(t: GpuErrorType): string {
  switch (t.code) {
    case "UNSUPPORTED_PLATFORM":
      return `the CUDA provider from PyPI is built for linux x64 only; this is ${t.platform} ${t.arch}`;
    case "UNSUPPORTED_VERSION":
      return `onnxruntime-node ${t.ortVersion} has no known CUDA provider build; supported: ${t.supported.join(", ")}`;
    case "CUDA_MAJOR_MISMATCH":
      return `CUDA ${t.wanted} asked for, but the provider for this onnxruntime is built for CUDA ${t.provided}: ${t.reason}`;
    case "NO_BINDING":
      return `onnxruntime-node's native binding was not found: ${t.reason}`;
    case "NO_PIP":
      return `pip is needed to fetch the CUDA provider (${t.python} -m pip): ${t.reason}`;
    case "PIP_FAILED":
      return `pip failed (exit ${t.exitCode}): ${t.tail}`;
    case "WHEEL_INCOMPLETE":
      return `the downloaded packages lack ${t.missing}`;
  }
}

export class GpuError extends MeshtensorError<GpuErrorType> {
  constructor(type: GpuErrorType, message?: string) {
    super(type, message ?? describe(type));
  }
}
