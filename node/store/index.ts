export { StoreError, type StoreErrorType } from "./errors.js";
export { type BatchOp, type Store, Table } from "./interface.js";
export { createStore, type StoreOptions } from "./level-store.js";
export { MetaRepository, NonceRepository, type ScoreRecord, ScoreRepository } from "./repositories.js";
