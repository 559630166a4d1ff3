//! Sealing: one process makes the blocks itself (a local or test network), on a timer, per
//! transaction, or when asked over RPC. The mode can change while the node runs
//! (`meshtensor_setSealing`), as the embedded dev chain's can.

use std::sync::{
    atomic::{AtomicU64, AtomicU8, Ordering},
    Arc,
};

use futures::{channel::mpsc, SinkExt, StreamExt};
use jsonrpsee::{
    core::RpcResult,
    proc_macros::rpc,
    types::{ErrorObject, ErrorObjectOwned},
};
use sc_consensus_manual_seal::EngineCommand;
use sc_transaction_pool_api::TransactionPool;

use crate::chain_spec::Hash;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SealMode {
    Manual,
    Instant,
    Interval,
}

impl SealMode {
    fn to_u8(self) -> u8 {
        match self {
            SealMode::Manual => 0,
            SealMode::Instant => 1,
            SealMode::Interval => 2,
        }
    }

    fn from_u8(value: u8) -> SealMode {
        match value {
            1 => SealMode::Instant,
            2 => SealMode::Interval,
            _ => SealMode::Manual,
        }
    }

    fn parse(name: &str) -> Option<SealMode> {
        match name {
            "manual" => Some(SealMode::Manual),
            "instant" => Some(SealMode::Instant),
            "interval" => Some(SealMode::Interval),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            SealMode::Manual => "manual",
            SealMode::Instant => "instant",
            SealMode::Interval => "interval",
        }
    }
}

/// The mode and pace the sealing tasks read before each block.
pub struct SealControl {
    mode: AtomicU8,
    block_time_ms: AtomicU64,
}

impl SealControl {
    pub fn new(mode: SealMode, block_time_ms: u64) -> Arc<SealControl> {
        Arc::new(SealControl { mode: AtomicU8::new(mode.to_u8()), block_time_ms: AtomicU64::new(block_time_ms) })
    }

    pub fn mode(&self) -> SealMode {
        SealMode::from_u8(self.mode.load(Ordering::Relaxed))
    }

    fn block_time_ms(&self) -> u64 {
        self.block_time_ms.load(Ordering::Relaxed)
    }
}

pub type Commands = mpsc::Sender<EngineCommand<Hash>>;

fn seal_command() -> (EngineCommand<Hash>, futures::channel::oneshot::Receiver<Result<sc_consensus_manual_seal::CreatedBlock<Hash>, sc_consensus_manual_seal::Error>>) {
    let (sender, receiver) = futures::channel::oneshot::channel();
    (EngineCommand::SealNewBlock { create_empty: true, finalize: true, parent_hash: None, sender: Some(sender) }, receiver)
}

/// Seals a block every `block_time_ms` while the mode is `interval`. Each seal is awaited before
/// the next wait, so a block slower than the interval delays the next one instead of queueing.
pub async fn interval_task(control: Arc<SealControl>, mut commands: Commands) {
    loop {
        let wait = std::time::Duration::from_millis(control.block_time_ms());
        futures_timer::Delay::new(wait).await;
        if control.mode() != SealMode::Interval {
            continue;
        }
        let (command, done) = seal_command();
        if commands.send(command).await.is_err() {
            return;
        }
        match done.await {
            Ok(Ok(_)) => {},
            Ok(Err(err)) => log::warn!(target: "sealing", "interval block failed: {err}"),
            Err(_) => return,
        }
    }
}

/// Seals a block for each transaction the pool takes in while the mode is `instant`.
pub async fn instant_task<P>(control: Arc<SealControl>, pool: Arc<P>, mut commands: Commands)
where
    P: TransactionPool<Hash = Hash> + 'static,
{
    let mut imports = pool.import_notification_stream();
    while imports.next().await.is_some() {
        if control.mode() != SealMode::Instant {
            continue;
        }
        let (command, done) = seal_command();
        if commands.send(command).await.is_err() {
            return;
        }
        if let Ok(Err(err)) = done.await {
            log::warn!(target: "sealing", "instant block failed: {err}");
        }
    }
}

#[rpc(server)]
pub trait SealingApi {
    /// Switch sealing to `manual`, `instant` or `interval` (with an optional new block time).
    #[method(name = "meshtensor_setSealing")]
    fn set_sealing(&self, mode: String, block_time_ms: Option<u64>) -> RpcResult<String>;

    /// The current sealing mode.
    #[method(name = "meshtensor_sealing")]
    fn sealing(&self) -> RpcResult<String>;
}

pub struct Sealing {
    control: Arc<SealControl>,
}

impl Sealing {
    pub fn new(control: Arc<SealControl>) -> Sealing {
        Sealing { control }
    }
}

fn invalid_params(message: String) -> ErrorObjectOwned {
    ErrorObject::owned(jsonrpsee::types::error::INVALID_PARAMS_CODE, message, None::<()>)
}

impl SealingApiServer for Sealing {
    fn set_sealing(&self, mode: String, block_time_ms: Option<u64>) -> RpcResult<String> {
        let parsed = SealMode::parse(&mode)
            .ok_or_else(|| invalid_params(format!("mode: '{mode}' is not one of manual, instant, interval")))?;
        if let Some(ms) = block_time_ms {
            if !(10..=600_000).contains(&ms) {
                return Err(invalid_params(format!("blockTimeMs: {ms} is outside 10..=600000")));
            }
            self.control.block_time_ms.store(ms, Ordering::Relaxed);
        }
        self.control.mode.store(parsed.to_u8(), Ordering::Relaxed);
        Ok(parsed.name().to_string())
    }

    fn sealing(&self) -> RpcResult<String> {
        Ok(self.control.mode().name().to_string())
    }
}
