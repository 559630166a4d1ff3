//! The runtime APIs the node itself calls, declared against a stand-in runtime.
//!
//! Substrate's client needs a `RuntimeApi` type naming the APIs it may call. A node usually takes
//! it from the runtime crate; this one does not link the runtime (it runs the wasm from the chain
//! spec), so it declares the APIs here. Every call goes to the wasm through the executor: the
//! bodies below are never run, which is why they are `unreachable!()` rather than logic.
#![allow(unused_variables, clippy::unreachable)]

use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::OpaqueMetadata;
use sp_runtime::{
    traits::Block as BlockT,
    transaction_validity::{TransactionSource, TransactionValidity},
    ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

pub use crate::chain_spec::{AccountId, Balance, Block, Nonce};

/// The stand-in runtime the APIs are implemented for. The macro only needs the type to derive
/// the API declarations the client uses; the node never builds it or calls its bodies (the
/// executor runs the wasm), hence `dead_code`.
#[allow(dead_code)]
pub struct Runtime;

#[allow(dead_code)]
const NEVER: &str = "runtime APIs run in the wasm runtime; the native stand-in is never called";

sp_api::impl_runtime_apis! {
    impl sp_api::Core<Block> for Runtime {
        fn version() -> RuntimeVersion { unreachable!("{}", NEVER) }
        fn execute_block(block: <Block as BlockT>::LazyBlock) { unreachable!("{}", NEVER) }
        fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
            unreachable!("{}", NEVER)
        }
    }

    impl sp_api::Metadata<Block> for Runtime {
        fn metadata() -> OpaqueMetadata { unreachable!("{}", NEVER) }
        fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> { unreachable!("{}", NEVER) }
        fn metadata_versions() -> Vec<u32> { unreachable!("{}", NEVER) }
    }

    impl sp_block_builder::BlockBuilder<Block> for Runtime {
        fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
            unreachable!("{}", NEVER)
        }
        fn finalize_block() -> <Block as BlockT>::Header { unreachable!("{}", NEVER) }
        fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
            unreachable!("{}", NEVER)
        }
        fn check_inherents(
            block: <Block as BlockT>::LazyBlock,
            data: sp_inherents::InherentData,
        ) -> sp_inherents::CheckInherentsResult {
            unreachable!("{}", NEVER)
        }
    }

    impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
        fn validate_transaction(
            source: TransactionSource,
            tx: <Block as BlockT>::Extrinsic,
            block_hash: <Block as BlockT>::Hash,
        ) -> TransactionValidity {
            unreachable!("{}", NEVER)
        }
    }

    impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
        fn offchain_worker(header: &<Block as BlockT>::Header) { unreachable!("{}", NEVER) }
    }

    impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
        fn slot_duration() -> sp_consensus_aura::SlotDuration { unreachable!("{}", NEVER) }
        fn authorities() -> Vec<AuraId> { unreachable!("{}", NEVER) }
    }

    impl sp_session::SessionKeys<Block> for Runtime {
        fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> sp_session::OpaqueGeneratedSessionKeys {
            unreachable!("{}", NEVER)
        }
        fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, sp_core::crypto::KeyTypeId)>> {
            unreachable!("{}", NEVER)
        }
    }

    impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
        fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList { unreachable!("{}", NEVER) }
        fn current_set_id() -> sp_consensus_grandpa::SetId { unreachable!("{}", NEVER) }
        fn submit_report_equivocation_unsigned_extrinsic(
            equivocation_proof: sp_consensus_grandpa::EquivocationProof<
                <Block as BlockT>::Hash,
                sp_runtime::traits::NumberFor<Block>,
            >,
            key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
        ) -> Option<()> {
            unreachable!("{}", NEVER)
        }
        fn generate_key_ownership_proof(
            set_id: sp_consensus_grandpa::SetId,
            authority_id: sp_consensus_grandpa::AuthorityId,
        ) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
            unreachable!("{}", NEVER)
        }
    }

    impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
        fn account_nonce(account: AccountId) -> Nonce { unreachable!("{}", NEVER) }
    }

    impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
        fn query_info(
            uxt: <Block as BlockT>::Extrinsic,
            len: u32,
        ) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
            unreachable!("{}", NEVER)
        }
        fn query_fee_details(
            uxt: <Block as BlockT>::Extrinsic,
            len: u32,
        ) -> pallet_transaction_payment_rpc_runtime_api::FeeDetails<Balance> {
            unreachable!("{}", NEVER)
        }
        fn query_weight_to_fee(weight: sp_weights::Weight) -> Balance { unreachable!("{}", NEVER) }
        fn query_length_to_fee(length: u32) -> Balance { unreachable!("{}", NEVER) }
    }
}
