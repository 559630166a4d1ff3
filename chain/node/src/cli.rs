//! Command-line interface: Substrate's standard `run` flags plus the sealing flags and the
//! `local-spec` subcommand.

use std::path::PathBuf;

use crate::sealing::SealMode;

#[derive(Debug, clap::Parser)]
#[command(
    about = "meshtensor-node: the meshtensor chain (Aura + GRANDPA, or a sealing dev mode)",
    after_help = "Examples:\n  \
        meshtensor-node --dev                                       # one node, a block a second, state in a temp dir\n  \
        meshtensor-node --dev --sealing manual --rpc-port 9944      # blocks only on engine_createBlock\n  \
        meshtensor-node local-spec --authorities 3 --out local3.json\n  \
        meshtensor-node --chain local3.json --alice --validator --base-path /data/alice --port 30333"
)]
pub struct Cli {
    #[command(subcommand)]
    pub subcommand: Option<Subcommand>,

    #[command(flatten)]
    pub run: sc_cli::RunCmd,

    #[command(flatten)]
    pub sealing: SealingArgs,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SealingArgs {
    /// Seal blocks in this process instead of running Aura and GRANDPA: `interval` (a block every
    /// --block-time-ms), `instant` (a block per imported transaction) or `manual` (only on the
    /// `engine_createBlock` RPC). Blocks are final when sealed. `--dev` implies `interval`.
    #[arg(long, value_enum)]
    pub sealing: Option<SealMode>,

    /// Milliseconds between blocks with `--sealing interval`.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..=600_000))]
    pub block_time_ms: u64,
}

#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// Write a raw chain spec for a local network of N authorities (the dev keys //Alice, //Bob,
    /// ...) from a committed spec. Aura's slot (the block time) is the runtime's 6 s.
    LocalSpec(LocalSpecCmd),

    /// Key management (generate, inspect, insert into a node's keystore).
    #[command(subcommand)]
    Key(sc_cli::KeySubcommand),

    /// Print a chain spec (`--raw` for the storage form).
    BuildSpec(sc_cli::BuildSpecCmd),

    /// Validate a block.
    CheckBlock(sc_cli::CheckBlockCmd),

    /// Export blocks to a file.
    ExportBlocks(sc_cli::ExportBlocksCmd),

    /// Import blocks from a file.
    ImportBlocks(sc_cli::ImportBlocksCmd),

    /// Remove the whole chain database.
    PurgeChain(sc_cli::PurgeChainCmd),

    /// Revert the chain to a previous block.
    Revert(sc_cli::RevertCmd),
}

#[derive(Debug, Clone, clap::Args)]
pub struct LocalSpecCmd {
    /// The spec to start from: `dev`, `local` or a raw spec file.
    #[arg(long, default_value = "local")]
    pub base: String,

    /// How many authorities (1-6): //Alice, //Bob, //Charlie, //Dave, //Eve, //Ferdie in that order.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub authorities: u8,

    /// Chain id (also the network protocol id: nodes of different ids never connect).
    #[arg(long, default_value = "meshtensor_local")]
    pub id: String,

    /// Human name of the chain.
    #[arg(long, default_value = "meshtensor local")]
    pub name: String,

    /// Bootnode multiaddrs to put in the spec (repeat the flag).
    #[arg(long = "bootnode")]
    pub bootnodes: Vec<String>,

    /// Write the spec here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}
