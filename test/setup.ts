// Node 20 lacks Promise.withResolvers, which libp2p 3 needs (see lib/shims.ts).
import "../lib/shims.js";
