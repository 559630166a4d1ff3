import { MeshtensorError } from "../../lib/errors.js";

export type NetworkErrorType =
  | { code: "TOO_LARGE"; bytes: number; max: number }
  | { code: "MALFORMED"; reason: string }
  | { code: "NOT_STARTED" }
  | { code: "DIAL_FAILED"; peer: string; reason: string }
  | { code: "STREAM_CLOSED"; peer: string; reason: string }
  | { code: "ABORTED"; peer: string }
  | { code: "BAD_PEER_ID"; value: string }
  | { code: "BAD_MULTIADDR"; value: string; reason: string }
  | { code: "PEER_NOT_FOUND"; peer: string }
  | { code: "PEER_REFUSED"; peer: string; status: number; reason: string }
  | { code: "DHT_REFUSED"; peer: string; reason: string }
  | { code: "DHT_GUARD_UNSUPPORTED"; reason: string }
  | { code: "BACKING_OFF"; peer: string; failures: number; retryInMs: number };

/** Errors of the libp2p layer and the query wire format. */
export class NetworkError extends MeshtensorError<NetworkErrorType> {
  constructor(type: NetworkErrorType, message?: string, options?: { cause?: unknown }) {
    super(type, message ?? describe(type), options);
  }
}

function describe(type: NetworkErrorType): string {
  switch (type.code) {
    case "TOO_LARGE":
      return `message of ${type.bytes} bytes exceeds the ${type.max}-byte limit`;
    case "MALFORMED":
      return `malformed message: ${type.reason}`;
    case "NOT_STARTED":
      return "network is not started";
    case "DIAL_FAILED":
      return `could not reach peer ${type.peer}: ${type.reason}`;
    case "STREAM_CLOSED":
      return `stream to ${type.peer} closed: ${type.reason}`;
    case "ABORTED":
      return `request to ${type.peer} aborted`;
    case "BAD_PEER_ID":
      return `invalid peer id "${type.value}"`;
    case "BAD_MULTIADDR":
      return `invalid multiaddr "${type.value}": ${type.reason}`;
    case "PEER_REFUSED":
      return `peer ${type.peer} refused the stream (status ${type.status}): ${type.reason}`;
    case "DHT_REFUSED":
      return `DHT message from ${type.peer} refused: ${type.reason}`;
    case "DHT_GUARD_UNSUPPORTED":
      return `cannot limit the DHT to metagraph peers with this kad-dht version: ${type.reason}`;
    case "BACKING_OFF":
      return `could not reach peer ${type.peer}: ${type.failures} failed dial(s), next try in ${type.retryInMs} ms`;
    case "PEER_NOT_FOUND":
      return `peer ${type.peer} not found in the DHT`;
  }
}
