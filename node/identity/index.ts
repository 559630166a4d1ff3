export { IdentityError, type IdentityErrorType, loadOrCreatePeerKey } from "./peer-key.js";
