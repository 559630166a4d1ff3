export { StoreError, type StoreErrorType } from "./errors.js";
export { type BatchOp, type Store, Table } from "./interface.js";
export { createStore, type StoreOptions } from "./level-store.js";
export { MetaRepository, NONCE_LEASE, NonceRepository, type ScoreRecord, ScoreRepository } from "./repositories.js";
