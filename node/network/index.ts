export { NetworkError, type NetworkErrorType } from "./errors.js";
export type { InboundContext, MessageHandler, Network, NetworkStats, PeerAddress, ServeOptions } from "./interface.js";
export { queryProtocol } from "./interface.js";
export { assertPeerId, PEER_KEY_SEED_BYTES, peerIdFromSeed } from "./keys.js";
export { createNetwork, type NetworkDeps } from "./network.js";
export { type NetworkOptions, type NetworkOptionsInput, networkOptionsSchema } from "./options.js";
export * from "./protocol/envelope.js";
export { encodeFrame, FrameDecoder, LENGTH_PREFIX_BYTES } from "./protocol/frame.js";
export { createNonceSource, type NonceSource } from "./protocol/nonce.js";
export {
  CERTIFICATE_BYTES,
  certificatePayload,
  checkSessionSignature,
  MAX_CERTIFICATE_MS,
  SESSION_VALIDITY_MS,
  type SessionCertificate,
} from "./protocol/session.js";
export {
  checkEnvelopeSignature,
  createMessageSigner,
  hotkeySigner,
  type MessageSigner,
  type SigningMode,
  sessionSigner,
  signEnvelope,
  signingPayload,
  verifyEnvelope,
} from "./protocol/signing.js";
export { initSr25519, messageSigner, verifySr25519 } from "./protocol/sr25519.js";
