//! The node's RPC beyond Substrate's defaults (system, chain, state, author, offchain): account
//! nonces (`system_accountNextIndex`, alias `account_nextIndex`), fee queries, and in sealing mode
//! `engine_createBlock` / `engine_finalizeBlock` and the sealing switch.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

use crate::{
    chain_spec::{AccountId, Balance, Block, Nonce},
    sealing::{Commands, SealControl, Sealing, SealingApiServer},
};

pub struct FullDeps<C, P> {
    pub client: Arc<C>,
    pub pool: Arc<P>,
    /// Present in sealing mode: where `engine_*` calls send their commands.
    pub sealing: Option<(Commands, Arc<SealControl>)>,
}

pub fn create_full<C, P>(deps: FullDeps<C, P>) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
    C: ProvideRuntimeApi<Block>
        + HeaderBackend<Block>
        + HeaderMetadata<Block, Error = BlockChainError>
        + Send
        + Sync
        + 'static,
    C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
        + pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
        + BlockBuilder<Block>,
    P: TransactionPool + 'static,
{
    use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
    use sc_consensus_manual_seal::rpc::{ManualSeal, ManualSealApiServer};
    use substrate_frame_rpc_system::{System, SystemApiServer};

    let FullDeps { client, pool, sealing } = deps;
    let mut module = RpcModule::new(());
    module.merge(System::new(client.clone(), pool).into_rpc())?;
    module.merge(TransactionPayment::new(client).into_rpc())?;
    if let Some((commands, control)) = sealing {
        module.merge(ManualSeal::new(commands).into_rpc())?;
        module.merge(Sealing::new(control).into_rpc())?;
    }
    Ok(module)
}
