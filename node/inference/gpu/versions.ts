/**
 * Which PyPI packages hold the CUDA provider for an onnxruntime-node version, and the NVIDIA
 * libraries it needs. Only builds checked by hand are listed: onnxruntime-node's core accepts a
 * provider of exactly its own version.
 */
export interface CudaBuild {
  cudaMajor: number;
  /** pip requirement specifiers, fetched with --no-deps (onnxruntime-gpu's Python deps are not needed). */
  packages: string[];
  /** Oldest NVIDIA driver for this CUDA major (CUDA 13.0: R580). */
  minDriver: number;
}

export function cudaBuildFor(ortVersion: string): CudaBuild | null {
  // 1.30.x: onnxruntime-gpu targets CUDA 13.0. Its [cuda] and [cudnn] extras name all but
  // nvidia-cublas, which libonnxruntime_providers_cuda.so links (libcublas.so.13, libcublasLt.so.13).
  if (/^1\.30\.\d+$/.test(ortVersion)) {
    return {
      cudaMajor: 13,
      minDriver: 580,
      packages: [
        `onnxruntime-gpu==${ortVersion}`,
        "nvidia-cublas~=13.0",
        "nvidia-cuda-runtime~=13.0",
        "nvidia-cuda-nvrtc~=13.0",
        "nvidia-curand~=10.0",
        "nvidia-cufft~=12.0",
        "nvidia-cudnn-cu13~=9.0",
      ],
    };
  }
  return null;
}

export const SUPPORTED_VERSIONS = ["1.30.x (CUDA 13)"];
