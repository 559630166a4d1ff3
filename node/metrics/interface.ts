/** What the node's parts record. Parts take `Metrics | null`; null records nothing. */
export interface Metrics {
  /** Miner: one inbound query finished with `status` (a Status name: ok, busy, noPermit, ...). */
  inboundQuery(netuid: number, status: string, seconds: number): void;
  /** Validator: one outbound query finished with `outcome` (ok, timeout, refused, busy, ...). */
  outboundQuery(netuid: number, outcome: string, seconds: number): void;
  /** Validator: the moving-average score of a uid after a step. */
  score(netuid: number, uid: number, value: number): void;
  /** Validator: weights set (or committed / revealed) on chain. */
  weightsSet(netuid: number, kind: "set" | "commit" | "reveal"): void;
  chainError(operation: string): void;
  /** Validator: one full step (challenge, fan-out, scoring). */
  step(netuid: number, seconds: number): void;
  /** Network limits and dial failures, read from the network at each scrape. */
  watchNetwork(read: () => NetworkCounters): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Cumulative counts the network keeps (node/network `stats()`), by reason. */
export interface NetworkCounters {
  dialFailures: Record<string, number>;
  refusals: Record<string, number>;
  strangerConnections: number;
}
