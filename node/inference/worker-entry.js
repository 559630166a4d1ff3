// Entry of an inference worker thread: registers tsx's loader (as bin/meshtensor.js does) so the
// worker body can be TypeScript like the rest of the engine.
import { register } from "tsx/esm/api";

register();
await import(new URL("./session-worker.ts", import.meta.url).href);
