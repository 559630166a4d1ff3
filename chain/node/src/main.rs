//! meshtensor-node: the meshtensor runtime on Substrate's client.
//!
//! Two ways to make blocks:
//! - authorities: Aura block production and GRANDPA finality across a network of nodes;
//! - sealing (`--dev`, or `--sealing MODE`): one process seals blocks itself (interval, instant
//!   or on `engine_createBlock`) with Aura-compatible slots and synthetic time, for local networks.
//!
//! The node carries no runtime of its own: it executes the wasm that the chain spec holds, so a
//! runtime change needs new artifacts, not a node rebuild.

mod chain_spec;
mod cli;
mod command;
mod parent_watch;
mod rpc;
mod runtime_api;
mod sealing;
mod service;
mod spec_patch;

fn main() -> sc_cli::Result<()> {
    parent_watch::start_if_requested();
    command::run()
}
