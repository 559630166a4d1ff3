//! The meshtensor FRAME runtime: system, time, Aura/Grandpa authorship, balances, fees, sudo,
//! utility batches and the subnets pallet. Built natively (std, for tests and the chain-spec tool)
//! and to wasm by `scripts/build-runtime.sh` (no_std, `--cfg substrate_runtime`).
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`/`impl_runtime_apis` expand to code these lints reject; the runtime's own
// logic lives in the pallets, which keep the workspace lints.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

extern crate alloc;

// `impl_opaque_keys!` and `#[frame_support::runtime]` name `Vec` unqualified.
use alloc::vec::Vec;

pub mod apis;
pub mod configs;
pub mod genesis_presets;

use sp_runtime::{
    generic, impl_opaque_keys,
    traits::{BlakeTwo256, IdentifyAccount, Verify},
    MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_support::{construct_runtime, parameter_types};
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the outer node sees without knowing the runtime's call enum.
pub mod opaque {
    use super::*;
    pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

    pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
    pub type Block = generic::Block<Header, UncheckedExtrinsic>;
    pub type BlockId = generic::BlockId<Block>;

    impl_opaque_keys! {
        pub struct SessionKeys {
            pub aura: super::Aura,
            pub grandpa: super::Grandpa,
        }
    }
}

#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
    spec_name: alloc::borrow::Cow::Borrowed("meshtensor"),
    impl_name: alloc::borrow::Cow::Borrowed("meshtensor"),
    authoring_version: 1,
    // Bump on every change of runtime logic or storage layout so clients and nodes see it.
    spec_version: 102,
    impl_version: 1,
    apis: apis::RUNTIME_API_VERSIONS,
    transaction_version: 2,
    system_version: 1,
};

/// Nominal slot: 6 s (chopsticks drives blocks itself in the dev chain).
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// 1 MESH = 10^9 base units (9 decimals).
pub const TOKEN: Balance = 1_000_000_000;
pub const MILLI_TOKEN: Balance = TOKEN / 1_000;
pub const MICRO_TOKEN: Balance = MILLI_TOKEN / 1_000;
/// Accounts below this many base units are reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = 500;
/// The `ss58Format` of meshtensor addresses (generic Substrate).
pub const SS58_PREFIX: u16 = 42;
pub const TOKEN_SYMBOL: &str = "MESH";
pub const TOKEN_DECIMALS: u8 = 9;

pub type Signature = MultiSignature;
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balances are u64: the total supply (21e15 base units) fits with room to spare.
pub type Balance = u64;
pub type Nonce = u32;
pub type Hash = sp_core::H256;
pub type BlockNumber = u32;
pub type Address = MultiAddress<AccountId, ()>;
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
pub type SignedBlock = generic::SignedBlock<Block>;
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions checked on every signed extrinsic, in this order.
/// `CheckNeuronCall` refuses the fee-free hotkey calls (set_weights, commit/reveal, serve_axon,
/// set_root_weights) that their dispatch would refuse; it comes before `CheckNonce` so an
/// unregistered hotkey with no balance is told why (a custom code), not `Payment`. It carries no
/// data: clients only need its name (chain/client registers it with empty types).
pub type TxExtension = (
    frame_system::AuthorizeCall<Runtime>,
    frame_system::CheckNonZeroSender<Runtime>,
    frame_system::CheckSpecVersion<Runtime>,
    frame_system::CheckTxVersion<Runtime>,
    frame_system::CheckGenesis<Runtime>,
    frame_system::CheckEra<Runtime>,
    pallet_subnets::CheckNeuronCall<Runtime>,
    frame_system::CheckNonce<Runtime>,
    frame_system::CheckWeight<Runtime>,
    pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
    frame_system::WeightReclaim<Runtime>,
);

pub type UncheckedExtrinsic =
    generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// No storage migrations yet: genesis is the only layout.
type Migrations = ();

pub type Executive = frame_executive::Executive<
    Runtime,
    Block,
    frame_system::ChainContext<Runtime>,
    Runtime,
    AllPalletsWithSystem,
    Migrations,
>;

#[frame_support::runtime]
mod runtime {
    #[runtime::runtime]
    #[runtime::derive(
        RuntimeCall,
        RuntimeEvent,
        RuntimeError,
        RuntimeOrigin,
        RuntimeFreezeReason,
        RuntimeHoldReason,
        RuntimeSlashReason,
        RuntimeLockId,
        RuntimeTask,
        RuntimeViewFunction
    )]
    pub struct Runtime;

    #[runtime::pallet_index(0)]
    pub type System = frame_system;

    #[runtime::pallet_index(1)]
    pub type Timestamp = pallet_timestamp;

    #[runtime::pallet_index(2)]
    pub type Aura = pallet_aura;

    #[runtime::pallet_index(3)]
    pub type Grandpa = pallet_grandpa;

    #[runtime::pallet_index(4)]
    pub type Balances = pallet_balances;

    #[runtime::pallet_index(5)]
    pub type TransactionPayment = pallet_transaction_payment;

    #[runtime::pallet_index(6)]
    pub type Sudo = pallet_sudo;

    #[runtime::pallet_index(7)]
    pub type Utility = pallet_utility;

    #[runtime::pallet_index(8)]
    pub type Subnets = pallet_subnets;
}
