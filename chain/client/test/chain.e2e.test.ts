import { chainClientSuite } from "./chain-suite.js";

chainClientSuite("chain client against the embedded dev chain", { port: 0, mode: "manual" });
