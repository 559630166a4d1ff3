#!/usr/bin/env node
// npm bin: run the TypeScript CLI through tsx's ESM loader (no build step).
import { register } from "tsx/esm/api";

register();
await import(new URL("../node/cli/main.ts", import.meta.url).href);
