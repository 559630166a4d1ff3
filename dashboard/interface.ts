import type { ChainClient } from "../chain/client/index.js";
import type { Logger } from "../lib/logger.js";
import type { NetworkView, NodeStatusJson } from "./api-types.js";

/** What a localnet knows that the chain does not: node names, behaviours, and the node processes. */
export interface LocalnetKnowledge {
  /** Name, role and behaviour of a hotkey the localnet created; null for strangers. */
  describe(hotkey: string): { name: string; role: string; behaviour: string } | null;
  /** Health and metrics of the node process serving this hotkey; null when no node runs it. */
  nodeStatus(hotkey: string): Promise<NodeStatusJson | null>;
}

export interface DashboardDeps {
  logger: Logger;
  /** Chain client factory (tests pass a fake); defaults to `createChainClient`. */
  createClient?: (endpoint: string, timeouts: { connectTimeoutMs: number; requestTimeoutMs: number }) => ChainClient;
  localnet?: LocalnetKnowledge;
}

/** The web dashboard: follows the chain and serves the page, its JSON and a push channel. */
export interface Dashboard {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** http://host:port/ once started. */
  readonly url: string;
  /** The current network view (what the page's first screen shows). */
  network(): NetworkView;
}
