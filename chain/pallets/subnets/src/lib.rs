//! # pallet-subnets
//!
//! meshtensor's subnets: subnet creation with a locked deposit, neuron registration by burn,
//! axons bound to libp2p identities, weights (plain or commit-reveal), stake and delegation,
//! the root network that splits block emission between subnets, and the Yuma epoch that pays
//! each subnet's owner, miners and validators. The contract is `shared/spec/chain.md`; the
//! maths is the `meshtensor-yuma` crate. Calls here are thin wrappers over `do_*` functions in
//! the domain modules.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod coinbase;
pub mod epoch;
pub mod extension;
pub mod migrations;
pub mod registration;
pub mod root;
pub mod rpc_info;
pub mod staking;
pub mod subnets;
pub mod types;
pub mod weight_info;
pub mod weights;

pub use extension::CheckNeuronCall;
pub use types::*;
pub use weight_info::WeightInfo;

#[cfg(test)]
mod tests;

// FRAME's macro expansion of storage and errors calls `expect` on values it builds itself at
// compile time; our own code in this module uses none.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
    use super::*;
    use frame_support::{
        pallet_prelude::*,
        traits::fungible::{Inspect, Mutate, MutateHold},
    };
    use frame_system::pallet_prelude::*;
    use sp_core::H256;
    use sp_runtime::traits::SaturatedConversion;
    use sp_std::vec::Vec;

    /// The netuid of the root network.
    pub const ROOT_NETUID: u16 = 0;

    /// The storage layout version (`migrations.rs`): 1 added the Yuma 3 hyperparameters, 2 the
    /// `sufficients` reference of registered hotkeys.
    pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

    #[pallet::pallet]
    #[pallet::storage_version(STORAGE_VERSION)]
    #[pallet::without_storage_info]
    pub struct Pallet<T>(_);

    /// Why funds of an account are held by this pallet.
    #[pallet::composite_enum]
    pub enum HoldReason {
        /// The deposit locked by `register_network`, refunded when the subnet is removed.
        SubnetLock,
    }

    #[pallet::config]
    pub trait Config: frame_system::Config {
        /// The overarching event type.
        #[allow(deprecated)]
        type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;
        /// The overarching hold reason (this pallet holds subnet locks).
        type RuntimeHoldReason: From<HoldReason>;
        /// The chain's currency (pallet-balances). Stake lives in this pallet: staking burns
        /// free balance and unstaking mints it back, so `total_issuance()` below counts both.
        type Currency: Inspect<Self::AccountId, Balance = u64>
            + Mutate<Self::AccountId>
            + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
        /// Weights of the calls and of the epochs run in `on_initialize`.
        type WeightInfo: WeightInfo;
    }

    // ---------------------------------------------------------------- chain-wide parameters

    /// Hyperparameters every new subnet starts with.
    #[pallet::storage]
    pub type DefaultHyperparams<T> = StorageValue<_, SubnetHyperparams, ValueQuery>;

    /// Subnet limit, network immunity, lock parameters, root tempo.
    #[pallet::storage]
    pub type NetworkParamsStore<T> = StorageValue<_, NetworkParams, ValueQuery>;

    /// The lock paid by the last `register_network`, and the block it was paid at (none yet: the
    /// first subnet costs 1x, not 2x).
    #[pallet::storage]
    pub type LastLock<T> = StorageValue<_, (u64, u64), OptionQuery>;

    /// Block of each coldkey's last `register_network` (rate limit).
    #[pallet::storage]
    pub type LastNetworkRegistration<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, u64, OptionQuery>;

    // ---------------------------------------------------------------- subnets

    /// Hyperparameters of each existing subnet; presence means the subnet exists.
    #[pallet::storage]
    pub type Hyperparams<T> = StorageMap<_, Identity, u16, SubnetHyperparams, OptionQuery>;

    /// Owner coldkey of each user subnet (root has none).
    #[pallet::storage]
    pub type SubnetOwner<T: Config> = StorageMap<_, Identity, u16, T::AccountId, OptionQuery>;

    /// Amount held from the owner by `register_network`.
    #[pallet::storage]
    pub type SubnetLocked<T> = StorageMap<_, Identity, u16, u64, ValueQuery>;

    /// Block the subnet was created at (network immunity, replacement ties).
    #[pallet::storage]
    pub type NetworkRegisteredAt<T> = StorageMap<_, Identity, u16, u64, ValueQuery>;

    /// Per-block emission of each subnet, set by root's epoch.
    #[pallet::storage]
    pub type EmissionValues<T> = StorageMap<_, Identity, u16, u64, ValueQuery>;

    /// Emission accumulated since the subnet's last epoch.
    #[pallet::storage]
    pub type PendingEmission<T> = StorageMap<_, Identity, u16, u64, ValueQuery>;

    /// Block of the subnet's last epoch.
    #[pallet::storage]
    pub type LastEpochBlock<T> = StorageMap<_, Identity, u16, u64, ValueQuery>;

    // ---------------------------------------------------------------- neurons

    /// Number of uids of each subnet.
    #[pallet::storage]
    pub type SubnetworkN<T> = StorageMap<_, Identity, u16, u16, ValueQuery>;

    /// Hotkey of each (netuid, uid).
    #[pallet::storage]
    pub type Keys<T: Config> =
        StorageDoubleMap<_, Identity, u16, Identity, u16, T::AccountId, OptionQuery>;

    /// Uid of each (netuid, hotkey).
    #[pallet::storage]
    pub type Uids<T: Config> =
        StorageDoubleMap<_, Identity, u16, Blake2_128Concat, T::AccountId, u16, OptionQuery>;

    /// Subnets a hotkey is registered on (to know when it is registered nowhere).
    #[pallet::storage]
    pub type IsNetworkMember<T: Config> =
        StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, u16, (), OptionQuery>;

    /// Per-uid vectors of each subnet (epoch outputs, last update, registration block).
    #[pallet::storage]
    pub type Neurons<T> = StorageMap<_, Identity, u16, NeuronState, ValueQuery>;

    /// Stored weight row of each (netuid, uid): sparse `(uid, u16)`, max-upscaled. On root the
    /// first element is a netuid.
    #[pallet::storage]
    pub type Weights<T> =
        StorageDoubleMap<_, Identity, u16, Identity, u16, Vec<(u16, u16)>, ValueQuery>;

    /// Stored bond row of each (netuid, uid).
    #[pallet::storage]
    pub type Bonds<T> =
        StorageDoubleMap<_, Identity, u16, Identity, u16, Vec<(u16, u16)>, ValueQuery>;

    /// Served endpoint of each (netuid, hotkey).
    #[pallet::storage]
    pub type Axons<T: Config> =
        StorageDoubleMap<_, Identity, u16, Blake2_128Concat, T::AccountId, AxonInfo, OptionQuery>;

    /// Registrations on a subnet in the current block: (block, count).
    #[pallet::storage]
    pub type RegistrationsThisBlock<T> = StorageMap<_, Identity, u16, (u64, u16), ValueQuery>;

    /// Registrations on a subnet since its last burn adjustment.
    #[pallet::storage]
    pub type RegistrationsThisInterval<T> = StorageMap<_, Identity, u16, u16, ValueQuery>;

    /// Block of the subnet's last burn adjustment.
    #[pallet::storage]
    pub type LastAdjustmentBlock<T> = StorageMap<_, Identity, u16, u64, ValueQuery>;

    /// Unrevealed weight commits of each (netuid, hotkey), oldest first.
    #[pallet::storage]
    pub type WeightCommits<T: Config> = StorageDoubleMap<
        _,
        Identity,
        u16,
        Blake2_128Concat,
        T::AccountId,
        Vec<WeightCommit<H256>>,
        ValueQuery,
    >;

    // ---------------------------------------------------------------- stake

    /// Owner coldkey of each hotkey (the first coldkey that registered it).
    #[pallet::storage]
    pub type Owner<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

    /// Stake of (hotkey, coldkey).
    #[pallet::storage]
    pub type Stake<T: Config> = StorageDoubleMap<
        _,
        Blake2_128Concat,
        T::AccountId,
        Blake2_128Concat,
        T::AccountId,
        u64,
        ValueQuery,
    >;

    /// Total stake on each hotkey (all coldkeys): a uid's stake in the epoch.
    #[pallet::storage]
    pub type TotalHotkeyStake<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

    /// Hotkeys each coldkey has stake on.
    #[pallet::storage]
    pub type StakingHotkeys<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, Vec<T::AccountId>, ValueQuery>;

    /// Sum of all stake. Together with the currency's issuance it is the chain's total issuance.
    #[pallet::storage]
    pub type TotalStake<T> = StorageValue<_, u64, ValueQuery>;

    /// Take of each delegate hotkey (u16 proportion of 65535).
    #[pallet::storage]
    pub type Delegates<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u16, OptionQuery>;

    /// Block of each delegate's last take increase.
    #[pallet::storage]
    pub type LastTakeIncrease<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, u64, OptionQuery>;

    /// Blocks between two take increases of one delegate.
    #[pallet::type_value]
    pub fn DefaultTakeRateLimit() -> u64 {
        216_000
    }
    #[pallet::storage]
    pub type TakeRateLimit<T> = StorageValue<_, u64, ValueQuery, DefaultTakeRateLimit>;

    /// Highest (and initial) delegate take: 18%.
    #[pallet::type_value]
    pub fn DefaultMaxTake() -> u16 {
        OWNER_CUT_U16
    }
    #[pallet::storage]
    pub type MaxTake<T> = StorageValue<_, u16, ValueQuery, DefaultMaxTake>;

    // ---------------------------------------------------------------- genesis

    #[pallet::genesis_config]
    #[derive(frame_support::DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// Hyperparameters new subnets get (the `dev` preset uses a fast profile).
        pub default_hyperparams: SubnetHyperparams,
        /// Subnet limit, immunity, lock, rate limit and root tempo.
        pub network_params: NetworkParams,
        /// Create the root network (netuid 0) at genesis.
        pub create_root: bool,
        #[serde(skip)]
        pub _phantom: core::marker::PhantomData<T>,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            DefaultHyperparams::<T>::put(self.default_hyperparams.clone());
            // Genesis cannot fail cleanly: clamp what the calls would refuse.
            let mut params = self.network_params.clone();
            params.subnet_limit = params.subnet_limit.clamp(1, MAX_SUBNET_LIMIT);
            params.root_tempo = params.root_tempo.max(1);
            NetworkParamsStore::<T>::put(params);
            if self.create_root {
                Pallet::<T>::create_root_network(0);
            }
        }
    }

    // ---------------------------------------------------------------- events and errors

    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// A subnet was created and `lock` was held from its owner.
        NetworkAdded {
            netuid: u16,
            owner: T::AccountId,
            lock: u64,
        },
        /// A subnet was removed (dissolved or replaced) and `refund` released to its owner.
        NetworkRemoved {
            netuid: u16,
            owner: Option<T::AccountId>,
            refund: u64,
        },
        /// A hotkey took a new uid.
        NeuronRegistered {
            netuid: u16,
            uid: u16,
            hotkey: T::AccountId,
        },
        /// A hotkey took the uid of another (pruned) one. The uid starts over as a new one (no
        /// permit, no scores, no weights update); the old weight and bond rows stay, masked.
        NeuronReplaced {
            netuid: u16,
            uid: u16,
            old_hotkey: T::AccountId,
            hotkey: T::AccountId,
        },
        /// The registration burn of a subnet moved.
        BurnAdjusted { netuid: u16, burn: u64 },
        /// A hotkey served (bound) its endpoint.
        AxonServed { netuid: u16, hotkey: T::AccountId },
        /// A weight row was stored.
        WeightsSet { netuid: u16, uid: u16 },
        /// A weight commit was stored.
        WeightsCommitted {
            netuid: u16,
            hotkey: T::AccountId,
            hash: H256,
        },
        /// A committed row was revealed and stored.
        WeightsRevealed {
            netuid: u16,
            hotkey: T::AccountId,
            hash: H256,
        },
        /// Stake was added to a hotkey.
        StakeAdded {
            coldkey: T::AccountId,
            hotkey: T::AccountId,
            amount: u64,
        },
        /// Stake was removed from a hotkey (also when a deregistered hotkey's stake is returned).
        StakeRemoved {
            coldkey: T::AccountId,
            hotkey: T::AccountId,
            amount: u64,
        },
        /// A hotkey became a delegate.
        DelegateAdded {
            coldkey: T::AccountId,
            hotkey: T::AccountId,
            take: u16,
        },
        /// A delegate's take changed.
        TakeChanged { hotkey: T::AccountId, take: u16 },
        /// A hotkey joined the root network.
        RootRegistered { uid: u16, hotkey: T::AccountId },
        /// A root member set its subnet weights.
        RootWeightsSet { uid: u16, hotkey: T::AccountId },
        /// Root's epoch set each subnet's per-block emission.
        SubnetEmissionsSet { block: u64 },
        /// A subnet hyperparameter changed.
        HyperparameterSet { netuid: u16, param: Hyperparameter },
        /// A chain-wide parameter changed.
        NetworkParameterSet { param: NetworkParameter },
        /// A subnet's epoch ran.
        EpochRun { netuid: u16, block: u64 },
        /// A miner's bonds were reset (`reset_bonds` with `bonds_reset_enabled`): every bond to
        /// `uid` was removed. `rows` is the number of bond rows that held one.
        BondsReset { netuid: u16, uid: u16, rows: u32 },
        /// A subnet's epoch paid its emission (everything staked except the owner's cut).
        EmissionPaid {
            netuid: u16,
            owner_cut: u64,
            miners: u64,
            validators: u64,
        },
    }

    #[pallet::error]
    pub enum Error<T> {
        /// No subnet with this netuid.
        SubnetNotExists,
        /// The call is not allowed on the root network.
        RootNetworkNotAllowed,
        /// The root network does not exist.
        RootNetworkDoesNotExist,
        /// The signer is not the subnet's owner (nor root).
        NotSubnetOwner,
        /// The coldkey registered a subnet too recently.
        NetworkTxRateLimitExceeded,
        /// The subnet limit is reached and every subnet is inside its immunity period.
        AllNetworksInImmunity,
        /// Not enough free balance for the lock cost.
        NotEnoughBalanceToLock,
        /// No free netuid left.
        NoFreeNetuid,
        /// Registration is disabled on this subnet.
        RegistrationDisabled,
        /// The subnet's registrations in this block reached `max_registrations_per_block`.
        TooManyRegistrationsThisBlock,
        /// The subnet's registrations in this interval reached 3 x the target.
        TooManyRegistrationsThisInterval,
        /// The hotkey already has a uid on this subnet.
        HotKeyAlreadyRegisteredInSubNet,
        /// Not enough free balance to pay the burn.
        NotEnoughBalanceToBurn,
        /// The hotkey is owned by another coldkey.
        NonAssociatedColdKey,
        /// The subnet has no room and no uid can be replaced (max_allowed_uids is 0).
        SubnetFull,
        /// The hotkey is not registered (on this subnet, or on any for `serve_axon`).
        NotRegistered,
        /// The endpoint's peer id is empty.
        InvalidPeerId,
        /// A multiaddr is empty or does not start with '/'.
        InvalidMultiaddr,
        /// The hotkey served its endpoint too recently.
        ServingRateLimitExceeded,
        /// uids and values differ in length.
        WeightVecLengthMismatch,
        /// More weights than uids on the subnet.
        WeightVecTooLong,
        /// version_key is below the subnet's weights_version_key.
        IncorrectWeightVersionKey,
        /// The hotkey set weights too recently.
        SettingWeightsTooFast,
        /// Only validators (permit holders) may set weights other than a single self-weight.
        NoValidatorPermit,
        /// A uid appears twice.
        DuplicateUids,
        /// A uid does not exist on the subnet (or a netuid on root).
        UidNotFound,
        /// Fewer weights than min_allowed_weights.
        TooFewWeights,
        /// A normalized weight exceeds max_weight_limit.
        MaxWeightExceeded,
        /// Commit-reveal is enabled: use commit_weights and reveal_weights.
        CommitRevealEnabled,
        /// Commit-reveal is disabled on this subnet.
        CommitRevealDisabled,
        /// The hotkey holds the maximum number of unrevealed commits.
        TooManyUnrevealedCommits,
        /// No commit of this hotkey on this subnet.
        NoWeightsCommitFound,
        /// The revealed data does not hash to any pending commit (wrong salt, values or key).
        InvalidRevealCommitHashNotMatch,
        /// The commit's reveal epoch has not come yet.
        RevealTooEarly,
        /// The commit's reveal epoch has passed.
        ExpiredWeightCommit,
        /// The hotkey has no owner.
        HotKeyAccountNotExists,
        /// The hotkey is neither the signer's own nor a delegate.
        HotKeyNotDelegateAndSignerNotOwnHotKey,
        /// A zero amount.
        StakeAmountZero,
        /// Not enough free balance to stake this amount.
        NotEnoughBalanceToStake,
        /// Not enough stake on this hotkey to withdraw this amount.
        NotEnoughStakeToWithdraw,
        /// The hotkey is already a delegate.
        HotKeyAlreadyDelegate,
        /// The hotkey is not a delegate.
        HotKeyNotDelegate,
        /// decrease_take needs a lower take, increase_take a higher one.
        InvalidTake,
        /// The take is above the maximum (18%).
        DelegateTakeTooHigh,
        /// The take was increased too recently.
        DelegateTxRateLimitExceeded,
        /// Root is full and the hotkey's stake is not above the lowest member's.
        StakeTooLowForRoot,
        /// The value is out of range for this hyperparameter or network parameter.
        InvalidHyperparameterValue,
        /// The currency refused a transfer, hold or mint.
        BalanceOperationFailed,
        /// `alpha_low` / `alpha_high` can only be set while `liquid_alpha_enabled` is on.
        LiquidAlphaDisabled,
        /// `alpha_low` must be at least 1638 and at most `alpha_high`.
        AlphaLowOutOfRange,
        /// `alpha_high` must be at least 1638 and at least `alpha_low`.
        AlphaHighTooLow,
        /// Only root may set a negative `alpha_sigmoid_steepness`.
        NegativeSigmoidSteepness,
    }

    // ---------------------------------------------------------------- hooks

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn on_initialize(n: BlockNumberFor<T>) -> Weight {
            Self::block_step(n.saturated_into::<u64>())
        }

        fn on_runtime_upgrade() -> Weight {
            crate::migrations::migrate_to_v1::<T>()
                .saturating_add(crate::migrations::migrate_to_v2::<T>())
        }
    }

    // ---------------------------------------------------------------- calls

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// Create a subnet owned by the signer, holding the current lock cost.
        #[pallet::call_index(0)]
        #[pallet::weight(T::WeightInfo::register_network())]
        pub fn register_network(origin: OriginFor<T>) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_register_network(coldkey)
        }

        /// Remove a subnet and refund its lock (owner or root).
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::remove_network(u32::from(SubnetworkN::<T>::get(*netuid))))]
        pub fn dissolve_network(origin: OriginFor<T>, netuid: u16) -> DispatchResult {
            Self::ensure_owner_or_root(origin, netuid)?;
            Self::do_dissolve_network(netuid)
        }

        /// Register `hotkey` on `netuid` by burning the subnet's current burn from the signer.
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::burned_register())]
        pub fn burned_register(
            origin: OriginFor<T>,
            netuid: u16,
            hotkey: T::AccountId,
        ) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_burned_register(coldkey, netuid, hotkey)
        }

        /// Bind the signing hotkey to a libp2p endpoint on `netuid`. Fee-free, guarded by
        /// `CheckNeuronCall` (as `set_weights`, `commit_weights`, `reveal_weights` and
        /// `set_root_weights`).
        #[pallet::call_index(3)]
        #[pallet::weight((T::WeightInfo::serve_axon(), DispatchClass::Normal, Pays::No))]
        pub fn serve_axon(
            origin: OriginFor<T>,
            netuid: u16,
            endpoint: AxonEndpoint,
        ) -> DispatchResult {
            let hotkey = ensure_signed(origin)?;
            Self::do_serve_axon(hotkey, netuid, endpoint)
        }

        /// Store the signing hotkey's weight row on `netuid`.
        #[pallet::call_index(4)]
        #[pallet::weight((T::WeightInfo::set_weights(uids.len() as u32), DispatchClass::Normal, Pays::No))]
        pub fn set_weights(
            origin: OriginFor<T>,
            netuid: u16,
            uids: Vec<u16>,
            values: Vec<u16>,
            version_key: u64,
        ) -> DispatchResult {
            let hotkey = ensure_signed(origin)?;
            Self::do_set_weights(hotkey, netuid, uids, values, version_key)
        }

        /// Commit to a weight row without revealing it.
        #[pallet::call_index(5)]
        #[pallet::weight((T::WeightInfo::commit_weights(), DispatchClass::Normal, Pays::No))]
        pub fn commit_weights(
            origin: OriginFor<T>,
            netuid: u16,
            commit_hash: H256,
        ) -> DispatchResult {
            let hotkey = ensure_signed(origin)?;
            Self::do_commit_weights(hotkey, netuid, commit_hash)
        }

        /// Reveal a committed weight row in its reveal epoch and store it.
        #[pallet::call_index(6)]
        #[pallet::weight((T::WeightInfo::reveal_weights(uids.len().saturating_add(salt.len()) as u32), DispatchClass::Normal, Pays::No))]
        pub fn reveal_weights(
            origin: OriginFor<T>,
            netuid: u16,
            uids: Vec<u16>,
            values: Vec<u16>,
            salt: Vec<u16>,
            version_key: u64,
        ) -> DispatchResult {
            let hotkey = ensure_signed(origin)?;
            Self::do_reveal_weights(hotkey, netuid, uids, values, salt, version_key)
        }

        /// Stake `amount` of the signer's free balance on `hotkey`.
        #[pallet::call_index(7)]
        #[pallet::weight(T::WeightInfo::add_stake())]
        pub fn add_stake(
            origin: OriginFor<T>,
            hotkey: T::AccountId,
            amount: u64,
        ) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_add_stake(coldkey, hotkey, amount)
        }

        /// Unstake `amount` from `hotkey` back to the signer's free balance.
        #[pallet::call_index(8)]
        #[pallet::weight(T::WeightInfo::remove_stake())]
        pub fn remove_stake(
            origin: OriginFor<T>,
            hotkey: T::AccountId,
            amount: u64,
        ) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_remove_stake(coldkey, hotkey, amount)
        }

        /// Open the signer's `hotkey` to nominators, with the default take.
        #[pallet::call_index(9)]
        #[pallet::weight(T::WeightInfo::become_delegate())]
        pub fn become_delegate(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_become_delegate(coldkey, hotkey)
        }

        /// Lower a delegate's take (any time).
        #[pallet::call_index(10)]
        #[pallet::weight(T::WeightInfo::decrease_take())]
        pub fn decrease_take(
            origin: OriginFor<T>,
            hotkey: T::AccountId,
            take: u16,
        ) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_decrease_take(coldkey, hotkey, take)
        }

        /// Raise a delegate's take (rate limited, capped).
        #[pallet::call_index(11)]
        #[pallet::weight(T::WeightInfo::increase_take())]
        pub fn increase_take(
            origin: OriginFor<T>,
            hotkey: T::AccountId,
            take: u16,
        ) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_increase_take(coldkey, hotkey, take)
        }

        /// Join the root network with the signer's `hotkey`.
        #[pallet::call_index(12)]
        #[pallet::weight(T::WeightInfo::root_register())]
        pub fn root_register(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
            let coldkey = ensure_signed(origin)?;
            Self::do_root_register(coldkey, hotkey)
        }

        /// Set the signing root member's weights over subnets.
        #[pallet::call_index(13)]
        #[pallet::weight((T::WeightInfo::set_root_weights(netuids.len() as u32), DispatchClass::Normal, Pays::No))]
        pub fn set_root_weights(
            origin: OriginFor<T>,
            netuids: Vec<u16>,
            values: Vec<u16>,
            version_key: u64,
        ) -> DispatchResult {
            let hotkey = ensure_signed(origin)?;
            Self::do_set_root_weights(hotkey, netuids, values, version_key)
        }

        /// Change one hyperparameter of a subnet (owner or root).
        #[pallet::call_index(14)]
        #[pallet::weight(T::WeightInfo::set_hyperparameter())]
        pub fn set_hyperparameter(
            origin: OriginFor<T>,
            netuid: u16,
            param: Hyperparameter,
        ) -> DispatchResult {
            let signer = Self::ensure_owner_or_root(origin, netuid)?;
            Self::do_set_hyperparameter(netuid, param, signer.is_none())
        }

        /// Change one chain-wide parameter (root only).
        #[pallet::call_index(15)]
        #[pallet::weight(T::WeightInfo::set_network_parameter())]
        pub fn set_network_parameter(
            origin: OriginFor<T>,
            param: NetworkParameter,
        ) -> DispatchResult {
            ensure_root(origin)?;
            Self::do_set_network_parameter(param)
        }

        /// Signed by a miner's hotkey registered on `netuid`: removes every bond validators
        /// hold to its uid (`spec/yuma3.md`, "Bonds reset"), e.g. after it serves a new model,
        /// so bonds earned by the old one do not carry over. Does nothing unless the subnet's
        /// `bonds_reset_enabled` is on.
        #[pallet::call_index(16)]
        #[pallet::weight(T::WeightInfo::reset_bonds(MAX_UIDS_HARD_CAP.into()))]
        pub fn reset_bonds(origin: OriginFor<T>, netuid: u16) -> DispatchResultWithPostInfo {
            let hotkey = ensure_signed(origin)?;
            Self::do_reset_bonds(netuid, &hotkey)
        }
    }

    impl<T: Config> Pallet<T> {
        /// Root origin, or a signed origin that owns the subnet. Returns the signer if any.
        pub(crate) fn ensure_owner_or_root(
            origin: OriginFor<T>,
            netuid: u16,
        ) -> Result<Option<T::AccountId>, DispatchError> {
            if ensure_root(origin.clone()).is_ok() {
                ensure!(
                    Hyperparams::<T>::contains_key(netuid),
                    Error::<T>::SubnetNotExists
                );
                return Ok(None);
            }
            let who = ensure_signed(origin)?;
            ensure!(
                Hyperparams::<T>::contains_key(netuid),
                Error::<T>::SubnetNotExists
            );
            ensure!(
                SubnetOwner::<T>::get(netuid).as_ref() == Some(&who),
                Error::<T>::NotSubnetOwner
            );
            Ok(Some(who))
        }

        /// The chain's total issuance: the currency's plus everything staked.
        pub fn total_issuance() -> u64 {
            T::Currency::total_issuance().saturating_add(TotalStake::<T>::get())
        }

        /// The current block as u64.
        pub(crate) fn now() -> u64 {
            frame_system::Pallet::<T>::block_number().saturated_into::<u64>()
        }
    }
}
