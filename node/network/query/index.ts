// The query protocol, whole (lodestar's reqresp shape): the client a validator asks with, the
// server a miner answers with (admit, run, reply), the wire codec, signing and nonces. The roles
// (node/validator, node/miner) say only what to ask and what to answer.
export { createDendrite, type Dendrite, type DendriteDeps, type DendriteOptions, type QueryTarget } from "./client.js";
export * from "./envelope.js";
export { encodeFrame, FrameDecoder, LENGTH_PREFIX_BYTES } from "./frame.js";
export { PriorityLimiter, RateLimiter } from "./limits.js";
export { createNonceSource, type NonceSource } from "./nonce.js";
export {
  createQueryServer,
  type QueryServer,
  type QueryServerDeps,
  type QueryServerOptions,
  STRANGER_MAX_MESSAGE_BYTES,
  tooLargeRefusal,
} from "./server.js";
export {
  CERTIFICATE_BYTES,
  certificatePayload,
  checkSessionSignature,
  MAX_CERTIFICATE_MS,
  SESSION_VALIDITY_MS,
  type SessionCertificate,
} from "./session.js";
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
} from "./signing.js";
export { initSr25519, messageSigner, verifySr25519 } from "./sr25519.js";
