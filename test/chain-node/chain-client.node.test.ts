import { chainClientSuite } from "../../chain/client/test/chain-suite.js";

// Everything the chain client relies on (subnets, registration, stake, weights, commit-reveal,
// the epoch's payouts), against one meshtensor-node process that seals a block per request.
chainClientSuite("chain client against meshtensor-node (manual sealing)", { engine: "node", port: 0, mode: "manual" });
