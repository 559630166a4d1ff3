//! The node's service: client, database, transaction pool, network, RPC, and either Aura +
//! GRANDPA (authorities) or sealing (one process makes and finalizes the blocks).

use std::{sync::Arc, time::Duration};

use sc_client_api::BlockBackend;
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::AuthorityPair as AuraPair;

use crate::{
    chain_spec::{Block, Hash},
    rpc,
    runtime_api::RuntimeApi,
    sealing::{self, SealControl, SealMode},
};

/// The host functions a Substrate runtime may call; the runtime uses no others.
pub type HostFunctions = sp_io::SubstrateHostFunctions;
pub type Executor = sc_executor::WasmExecutor<HostFunctions>;
pub type FullClient = sc_service::TFullClient<Block, RuntimeApi, Executor>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type GrandpaBlockImport = sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type GrandpaLinkHalf = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;
type TransactionPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// Blocks between GRANDPA justifications kept for light clients and warp sync (512, as the
/// Substrate templates: about 51 minutes at 6 s blocks).
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

pub type Partial = sc_service::PartialComponents<
    FullClient,
    FullBackend,
    FullSelectChain,
    sc_consensus::DefaultImportQueue<Block>,
    TransactionPool,
    (Option<(GrandpaBlockImport, GrandpaLinkHalf)>, Option<Telemetry>),
>;

fn telemetry_for(config: &Configuration) -> Result<Option<(TelemetryWorker, Telemetry)>, ServiceError> {
    config
        .telemetry_endpoints
        .clone()
        .filter(|endpoints| !endpoints.is_empty())
        .map(|endpoints| -> Result<_, sc_telemetry::Error> {
            let worker = TelemetryWorker::new(16)?;
            let telemetry = worker.handle().new_telemetry(endpoints);
            Ok((worker, telemetry))
        })
        .transpose()
        .map_err(|err| ServiceError::Other(format!("telemetry: {err}")))
}

/// The parts every command needs. `sealing` picks the import queue: sealed blocks carry no
/// GRANDPA justification and are checked by the runtime alone.
pub fn new_partial(config: &Configuration, sealing: bool) -> Result<Partial, ServiceError> {
    let telemetry = telemetry_for(config)?;
    let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
    let (client, backend, keystore_container, task_manager) = sc_service::new_full_parts::<Block, RuntimeApi, _>(
        config,
        telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
        executor,
        Vec::new(),
    )?;
    let client = Arc::new(client);
    let telemetry = telemetry.map(|(worker, telemetry)| {
        task_manager.spawn_handle().spawn("telemetry", None, worker.run());
        telemetry
    });
    let select_chain = sc_consensus::LongestChain::new(backend.clone());
    let transaction_pool = Arc::from(
        sc_transaction_pool::Builder::new(
            task_manager.spawn_essential_handle(),
            client.clone(),
            config.role.is_authority().into(),
        )
        .with_options(config.transaction_pool.clone())
        .with_prometheus(config.prometheus_registry())
        .build(),
    );

    if sealing {
        let import_queue = sc_consensus_manual_seal::import_queue(
            Box::new(client.clone()),
            &task_manager.spawn_essential_handle(),
            config.prometheus_registry(),
        );
        return Ok(sc_service::PartialComponents {
            client,
            backend,
            task_manager,
            import_queue,
            keystore_container,
            select_chain,
            transaction_pool,
            other: (None, telemetry),
        });
    }

    let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
        client.clone(),
        GRANDPA_JUSTIFICATION_PERIOD,
        &client,
        select_chain.clone(),
        telemetry.as_ref().map(|telemetry| telemetry.handle()),
    )?;
    let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
    let import_queue = sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
        block_import: grandpa_block_import.clone(),
        justification_import: Some(Box::new(grandpa_block_import.clone())),
        client: client.clone(),
        create_inherent_data_providers: move |_, ()| async move {
            let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
            let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
                *timestamp,
                slot_duration,
            );
            Ok((slot, timestamp))
        },
        spawner: &task_manager.spawn_essential_handle(),
        registry: config.prometheus_registry(),
        check_for_equivocation: Default::default(),
        telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
        compatibility_mode: Default::default(),
    })
    .map_err::<ServiceError, _>(Into::into)?;

    Ok(sc_service::PartialComponents {
        client,
        backend,
        task_manager,
        import_queue,
        keystore_container,
        select_chain,
        transaction_pool,
        other: (Some((grandpa_block_import, grandpa_link)), telemetry),
    })
}

/// A full node: `sealing` set means this process seals blocks itself; otherwise it runs Aura
/// (when it holds an authority key and `--validator`) and GRANDPA.
pub fn new_full<N: sc_network::NetworkBackend<Block, Hash>>(
    config: Configuration,
    sealing: Option<SealMode>,
    block_time_ms: u64,
) -> Result<TaskManager, ServiceError> {
    let sc_service::PartialComponents {
        client,
        backend,
        mut task_manager,
        import_queue,
        keystore_container,
        select_chain,
        transaction_pool,
        other: (grandpa_parts, mut telemetry),
    } = new_partial(&config, sealing.is_some())?;

    let mut net_config = sc_network::config::FullNetworkConfiguration::<Block, Hash, N>::new(
        &config.network,
        config.prometheus_config.as_ref().map(|cfg| cfg.registry.clone()),
    );
    let metrics = N::register_notification_metrics(config.prometheus_registry());
    let peer_store_handle = net_config.peer_store_handle();

    let genesis_hash = client
        .block_hash(0)?
        .ok_or_else(|| ServiceError::Other("the database holds no genesis block".into()))?;
    let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);

    let (grandpa, warp_sync_config) = match grandpa_parts {
        Some((block_import, link)) => {
            let (protocol_config, notification_service) =
                sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
                    grandpa_protocol_name.clone(),
                    metrics.clone(),
                    peer_store_handle,
                );
            net_config.add_notification_protocol(protocol_config);
            let warp = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
                backend.clone(),
                link.shared_authority_set().clone(),
                Vec::new(),
            ));
            (Some((block_import, link, notification_service)), Some(WarpSyncConfig::WithProvider(warp)))
        },
        None => (None, None),
    };

    let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
        sc_service::build_network(sc_service::BuildNetworkParams {
            config: &config,
            net_config,
            client: client.clone(),
            transaction_pool: transaction_pool.clone(),
            spawn_handle: task_manager.spawn_handle(),
            spawn_essential_handle: task_manager.spawn_essential_handle(),
            import_queue,
            block_announce_validator_builder: None,
            warp_sync_config,
            block_relay: None,
            metrics,
            gap_sync_body_policy: None,
        })?;

    let role = config.role;
    let run_grandpa = !config.disable_grandpa;
    let force_authoring = config.force_authoring;
    let name = config.network.node_name.clone();
    let prometheus_registry = config.prometheus_registry().cloned();

    let seal_channel = sealing.map(|mode| {
        let (sender, receiver) = futures::channel::mpsc::channel::<sc_consensus_manual_seal::EngineCommand<Hash>>(1024);
        (sender, receiver, SealControl::new(mode, block_time_ms))
    });

    let rpc_builder = {
        let client = client.clone();
        let pool = transaction_pool.clone();
        let sealing_rpc = seal_channel.as_ref().map(|(sender, _, control)| (sender.clone(), control.clone()));
        Box::new(move |_| {
            let deps = rpc::FullDeps { client: client.clone(), pool: pool.clone(), sealing: sealing_rpc.clone() };
            rpc::create_full(deps).map_err(Into::into)
        })
    };

    sc_service::spawn_tasks(sc_service::SpawnTasksParams {
        network: network.clone(),
        client: client.clone(),
        keystore: keystore_container.keystore(),
        task_manager: &mut task_manager,
        transaction_pool: transaction_pool.clone(),
        rpc_builder,
        backend,
        system_rpc_tx,
        tx_handler_controller,
        sync_service: sync_service.clone(),
        config,
        telemetry: telemetry.as_mut(),
        tracing_execute_block: None,
    })?;

    let proposer_factory = sc_basic_authorship::ProposerFactory::new(
        task_manager.spawn_handle(),
        client.clone(),
        transaction_pool.clone(),
        prometheus_registry.as_ref(),
        telemetry.as_ref().map(|telemetry| telemetry.handle()),
    );

    if let Some((sender, receiver, control)) = seal_channel {
        let consensus_data = sc_consensus_manual_seal::consensus::aura::AuraConsensusDataProvider::new(client.clone());
        let inherent_client = client.clone();
        let seal = sc_consensus_manual_seal::run_manual_seal(sc_consensus_manual_seal::ManualSealParams {
            block_import: client.clone(),
            env: proposer_factory,
            client: client.clone(),
            pool: transaction_pool.clone(),
            commands_stream: receiver,
            select_chain,
            consensus_data_provider: Some(Box::new(consensus_data)),
            create_inherent_data_providers: move |_, ()| {
                let client = inherent_client.clone();
                async move {
                    // Synthetic time: each block is one slot after its parent, whatever the wall
                    // clock says, so blocks can come faster than the runtime's slot duration.
                    let timestamp =
                        sc_consensus_manual_seal::consensus::timestamp::SlotTimestampProvider::new_aura(client)
                            .map_err(|err| format!("slot timestamp: {err}"))?;
                    let slot = sp_consensus_aura::inherents::InherentDataProvider::new(timestamp.slot());
                    Ok((slot, timestamp))
                }
            },
        });
        let spawner = task_manager.spawn_essential_handle();
        spawner.spawn_blocking("manual-seal", None, seal);
        task_manager.spawn_essential_handle().spawn(
            "seal-interval",
            None,
            sealing::interval_task(control.clone(), sender.clone()),
        );
        task_manager.spawn_essential_handle().spawn(
            "seal-instant",
            None,
            sealing::instant_task(control.clone(), transaction_pool.clone(), sender),
        );
        log::info!(target: "meshtensor", "sealing blocks in this process ({:?}, {} ms)", control.mode(), block_time_ms);
        return Ok(task_manager);
    }

    let Some((block_import, grandpa_link, grandpa_notification_service)) = grandpa else {
        return Err(ServiceError::Other("GRANDPA parts missing outside sealing mode".into()));
    };

    if role.is_authority() {
        let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
        log::info!(target: "meshtensor", "authoring with Aura, slot {} ms", slot_duration.as_millis());
        let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(StartAuraParams {
            slot_duration,
            client: client.clone(),
            select_chain,
            block_import,
            proposer_factory,
            create_inherent_data_providers: move |_, ()| async move {
                let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
                let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
                    *timestamp,
                    slot_duration,
                );
                Ok((slot, timestamp))
            },
            force_authoring,
            backoff_authoring_blocks: Option::<()>::None,
            keystore: keystore_container.keystore(),
            sync_oracle: sync_service.clone(),
            justification_sync_link: sync_service.clone(),
            block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
            max_block_proposal_slot_portion: None,
            telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
            compatibility_mode: Default::default(),
        })?;
        task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
    }

    let keystore = if role.is_authority() { Some(keystore_container.keystore()) } else { None };
    let grandpa_config = sc_consensus_grandpa::Config {
        // A third of a second, as Substrate's templates: votes spread well within a 1 s block.
        gossip_duration: Duration::from_millis(333),
        justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
        name: Some(name),
        observer_enabled: false,
        keystore,
        local_role: role,
        telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
        protocol_name: grandpa_protocol_name,
    };
    // Non-authorities run the voter too, without keys: it follows the authorities' votes so
    // the node's finalized head advances.
    if run_grandpa {
        let voter = sc_consensus_grandpa::run_grandpa_voter(sc_consensus_grandpa::GrandpaParams {
            config: grandpa_config,
            link: grandpa_link,
            network,
            sync: Arc::new(sync_service),
            notification_service: grandpa_notification_service,
            voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
            prometheus_registry,
            shared_voter_state: SharedVoterState::empty(),
            telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
            offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
        })?;
        task_manager.spawn_essential_handle().spawn_blocking("grandpa-voter", None, voter);
    }
    Ok(task_manager)
}
