import { z } from "zod";

export const availabilityOptionsSchema = z
  .object({
    /** The window uptime is measured over (io.net pays availability hourly). */
    windowMs: z.number().int().min(1000).default(3_600_000),
    /** One probe slot: a miner is "up" in a slot when at least one probe in it succeeded. */
    probeIntervalMs: z.number().int().min(100).default(60_000),
  })
  .strict()
  .refine((o) => o.windowMs >= o.probeIntervalMs, { message: "windowMs must be at least probeIntervalMs", path: ["windowMs"] });

export type AvailabilityOptionsInput = z.input<typeof availabilityOptionsSchema>;
export type AvailabilityOptions = z.output<typeof availabilityOptionsSchema>;
