import { describe, expect, it } from "vitest";
import { createMetrics } from "./prometheus.js";

describe("network metrics", () => {
  it("exposes the network's dial failures and refusals by reason as read at scrape time", async () => {
    const metrics = createMetrics({ role: "validator", defaultMetrics: false });
    let failures = { timeout: 2, refused: 1, backoff: 0, other: 0 };
    metrics.watchNetwork(() => ({ dialFailures: failures, refusals: { dhtStranger: 30 }, strangerConnections: 3 }));
    const first = await metrics.render();
    expect(first).toContain('meshtensor_dial_failures_total{reason="timeout",role="validator"} 2');
    expect(first).toContain('meshtensor_peer_limit_refusals_total{reason="dhtStranger",role="validator"} 30');
    expect(first).toContain('meshtensor_stranger_connections{role="validator"} 3');
    failures = { ...failures, timeout: 5 };
    expect(await metrics.render()).toContain('meshtensor_dial_failures_total{reason="timeout",role="validator"} 5');
  });
});
