//! Dispatch of the command line to the service or a subcommand.

use sc_cli::{ChainSpec, SubstrateCli};
use sc_service::PartialComponents;

use crate::{
    chain_spec,
    cli::{Cli, Subcommand},
    service, spec_patch,
};

impl SubstrateCli for Cli {
    fn impl_name() -> String {
        "meshtensor-node".into()
    }

    fn impl_version() -> String {
        env!("CARGO_PKG_VERSION").into()
    }

    fn description() -> String {
        env!("CARGO_PKG_DESCRIPTION").into()
    }

    fn author() -> String {
        "the meshtensor developers".into()
    }

    fn support_url() -> String {
        "the meshtensor repository's issue tracker".into()
    }

    fn copyright_start_year() -> i32 {
        2026
    }

    fn load_spec(&self, id: &str) -> Result<Box<dyn ChainSpec>, String> {
        chain_spec::load(id)
    }
}

pub fn run() -> sc_cli::Result<()> {
    let cli = Cli::from_args();

    match &cli.subcommand {
        Some(Subcommand::LocalSpec(cmd)) => spec_patch::run(cmd).map_err(sc_cli::Error::Input),
        Some(Subcommand::Key(cmd)) => cmd.run(&cli),
        Some(Subcommand::BuildSpec(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
        },
        Some(Subcommand::CheckBlock(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            let sealing = cli.sealing.sealing.is_some() || cli.run.shared_params.dev;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, import_queue, .. } =
                    service::new_partial(&config, sealing)?;
                Ok((cmd.run(client, import_queue), task_manager))
            })
        },
        Some(Subcommand::ExportBlocks(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, .. } = service::new_partial(&config, false)?;
                Ok((cmd.run(client, config.database), task_manager))
            })
        },
        Some(Subcommand::ImportBlocks(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            let sealing = cli.sealing.sealing.is_some() || cli.run.shared_params.dev;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, import_queue, .. } =
                    service::new_partial(&config, sealing)?;
                Ok((cmd.run(client, import_queue), task_manager))
            })
        },
        Some(Subcommand::PurgeChain(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.sync_run(|config| cmd.run(config.database))
        },
        Some(Subcommand::Revert(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.async_run(|config| {
                let PartialComponents { client, task_manager, backend, .. } =
                    service::new_partial(&config, false)?;
                let aux_revert = Box::new(|client, _, blocks| {
                    sc_consensus_grandpa::revert(client, blocks)?;
                    Ok(())
                });
                Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
            })
        },
        None => {
            let runner = cli.create_runner(&cli.run)?;
            let sealing = cli.sealing.sealing.or(if cli.run.shared_params.dev {
                Some(crate::sealing::SealMode::Interval)
            } else {
                None
            });
            let block_time_ms = cli.sealing.block_time_ms;
            runner.run_node_until_exit(|config| async move {
                match config.network.network_backend {
                    sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
                        sc_network::NetworkWorker<chain_spec::Block, chain_spec::Hash>,
                    >(config, sealing, block_time_ms)
                    .map_err(sc_cli::Error::Service),
                    sc_network::config::NetworkBackendType::Litep2p => {
                        service::new_full::<sc_network::Litep2pNetworkBackend>(config, sealing, block_time_ms)
                            .map_err(sc_cli::Error::Service)
                    },
                }
            })
        },
    }
}
