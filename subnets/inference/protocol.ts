import { z } from "zod";

/** dtypes the wire format carries (little-endian bytes, base64). */
export const wireDtypeSchema = z.enum(["float32", "float64", "int32", "int64"]);
export type WireDtype = z.infer<typeof wireDtypeSchema>;

/** 8 MiB of tensor bytes per tensor at most, as base64. */
export const MAX_TENSOR_BASE64 = Math.ceil((8 * 1024 * 1024) / 3) * 4;

export const wireTensorSchema = z
  .object({
    dtype: wireDtypeSchema,
    dims: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(1 << 20),
      )
      .min(1)
      .max(8),
    data: z
      .string()
      .max(MAX_TENSOR_BASE64)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be base64"),
  })
  .strict();
export type WireTensor = z.infer<typeof wireTensorSchema>;

const tensorMap = z
  .record(z.string().min(1).max(128), wireTensorSchema)
  .refine((m) => Object.keys(m).length <= 16, "at most 16 tensors");

export const inferenceRequestSchema = z
  .object({
    /** The model the subnet names; a miner serving another refuses. */
    modelSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex characters"),
    inputs: tensorMap,
  })
  .strict();

export const inferenceResponseSchema = z.object({ outputs: tensorMap }).strict();

export type InferenceRequest = z.infer<typeof inferenceRequestSchema>;
export type InferenceResponse = z.infer<typeof inferenceResponseSchema>;
