//! Plain data types stored by the pallet and passed in its calls.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_std::vec::Vec;

/// Largest `max_allowed_uids` a subnet may be given: bounds every per-uid loop of the epoch.
pub const MAX_UIDS_HARD_CAP: u16 = 4096;
/// Largest subnet limit: bounds the per-block loop over subnets and what `register_network`
/// is charged for scanning them.
pub const MAX_SUBNET_LIMIT: u16 = 128;
/// Most unrevealed weight commits one hotkey may hold on one subnet.
pub const MAX_PENDING_COMMITS: u32 = 10;
/// The owner's cut of each epoch's emission and the delegate take ceiling: 18% as 11796/65535.
pub const OWNER_CUT_U16: u16 = 11796;

/// libp2p peer id bytes (a multihash; 64 bytes covers every key type libp2p uses).
pub type PeerIdBytes = BoundedVec<u8, ConstU32<64>>;
/// One multiaddr as UTF-8 text, e.g. `/ip4/127.0.0.1/tcp/4001`.
pub type MultiaddrText = BoundedVec<u8, ConstU32<128>>;

/// What `serve_axon` binds a hotkey to: its libp2p identity and where to dial it.
#[derive(
    Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct AxonEndpoint {
    pub peer_id: PeerIdBytes,
    pub multiaddrs: BoundedVec<MultiaddrText, ConstU32<8>>,
    pub version: u32,
    pub protocol: u8,
}

/// A served endpoint with the block it was served at (the serving rate limit reads it).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct AxonInfo {
    pub endpoint: AxonEndpoint,
    pub block: u64,
}

/// Every per-subnet hyperparameter. One struct per subnet so the epoch reads it in one go.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    Clone,
    PartialEq,
    Eq,
    Debug,
    TypeInfo,
    MaxEncodedLen,
    Serialize,
    Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubnetHyperparams {
    pub tempo: u16,
    pub immunity_period: u16,
    pub max_allowed_uids: u16,
    pub max_allowed_validators: u16,
    pub min_allowed_weights: u16,
    pub max_weight_limit: u16,
    pub kappa: u16,
    /// Parts per million.
    pub bonds_moving_average: u64,
    pub activity_cutoff: u16,
    pub weights_rate_limit: u64,
    pub weights_version_key: u64,
    pub serving_rate_limit: u64,
    pub target_registrations_per_interval: u16,
    pub max_registrations_per_block: u16,
    pub adjustment_interval: u16,
    /// Smoothing of the burn adjustment as a fraction of `u64::MAX` (0.97 by default).
    pub adjustment_alpha: u64,
    /// The current registration burn (moves every adjustment interval).
    pub burn: u64,
    pub min_burn: u64,
    pub max_burn: u64,
    pub commit_reveal_enabled: bool,
    pub reveal_period_epochs: u64,
    pub registration_allowed: bool,
    /// Yuma 3 bond path (`spec/yuma3.md`, steps Y1-Y5).
    pub yuma3_enabled: bool,
    /// Per-bond EMA rate from a sigmoid of consensus (only with `yuma3_enabled`).
    pub liquid_alpha_enabled: bool,
    /// Lower liquid-alpha EMA rate, `alpha_low / 65535`.
    pub alpha_low: u16,
    /// Upper liquid-alpha EMA rate, `alpha_high / 65535`.
    pub alpha_high: u16,
    /// Liquid-alpha sigmoid slope, divided by 100 in use.
    pub alpha_sigmoid_steepness: i16,
    /// How far bonds follow clipped (65535) rather than raw (0) weights.
    pub bonds_penalty: u16,
    /// Whether `reset_bonds` may wipe the bonds to a miner.
    pub bonds_reset_enabled: bool,
}

impl SubnetHyperparams {
    /// The bond options the epoch reads.
    pub fn bonds_config(&self) -> meshtensor_yuma::BondsConfig {
        meshtensor_yuma::BondsConfig {
            yuma3_enabled: self.yuma3_enabled,
            liquid_alpha_enabled: self.liquid_alpha_enabled,
            alpha_low: self.alpha_low,
            alpha_high: self.alpha_high,
            alpha_sigmoid_steepness: self.alpha_sigmoid_steepness,
            bonds_penalty: self.bonds_penalty,
            bonds_reset_enabled: self.bonds_reset_enabled,
        }
    }
}

/// One base unit per token: 9 decimals.
pub const TOKEN: u64 = 1_000_000_000;

impl Default for SubnetHyperparams {
    /// The spec's user-subnet defaults (`local` preset).
    fn default() -> Self {
        let bonds = meshtensor_yuma::BondsConfig::default();
        Self {
            tempo: 360,
            immunity_period: 5000,
            max_allowed_uids: 256,
            max_allowed_validators: 64,
            min_allowed_weights: 1,
            max_weight_limit: u16::MAX,
            kappa: 32767,
            bonds_moving_average: 900_000,
            activity_cutoff: 5000,
            weights_rate_limit: 100,
            weights_version_key: 0,
            serving_rate_limit: 50,
            target_registrations_per_interval: 1,
            max_registrations_per_block: 1,
            adjustment_interval: 360,
            // 0.97 * 2^64, rounded down.
            adjustment_alpha: 17_893_341_751_498_265_066,
            burn: TOKEN,
            min_burn: 1,
            max_burn: 100 * TOKEN,
            commit_reveal_enabled: false,
            reveal_period_epochs: 1,
            registration_allowed: true,
            // The classic epoch (spec/yuma3.md defaults).
            yuma3_enabled: bonds.yuma3_enabled,
            liquid_alpha_enabled: bonds.liquid_alpha_enabled,
            alpha_low: bonds.alpha_low,
            alpha_high: bonds.alpha_high,
            alpha_sigmoid_steepness: bonds.alpha_sigmoid_steepness,
            bonds_penalty: bonds.bonds_penalty,
            bonds_reset_enabled: bonds.bonds_reset_enabled,
        }
    }
}

/// Chain-wide parameters of subnet creation and the root network.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    Clone,
    PartialEq,
    Eq,
    Debug,
    TypeInfo,
    MaxEncodedLen,
    Serialize,
    Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkParams {
    /// Most user subnets (root not counted).
    pub subnet_limit: u16,
    pub network_immunity_period: u64,
    pub network_min_lock: u64,
    pub network_lock_reduction_interval: u64,
    /// Blocks between two `register_network` of one coldkey.
    pub network_rate_limit: u64,
    /// Root's epoch period: how often subnet emission shares are recomputed.
    pub root_tempo: u16,
}

impl Default for NetworkParams {
    fn default() -> Self {
        Self {
            subnet_limit: 12,
            network_immunity_period: 50_400,
            network_min_lock: 1000 * TOKEN,
            network_lock_reduction_interval: 100_800,
            network_rate_limit: 7200,
            root_tempo: 100,
        }
    }
}

/// One hyperparameter and its new value (`set_hyperparameter`).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub enum Hyperparameter {
    Tempo(u16),
    ImmunityPeriod(u16),
    MaxAllowedUids(u16),
    MaxAllowedValidators(u16),
    MinAllowedWeights(u16),
    MaxWeightLimit(u16),
    Kappa(u16),
    BondsMovingAverage(u64),
    ActivityCutoff(u16),
    WeightsRateLimit(u64),
    WeightsVersionKey(u64),
    ServingRateLimit(u64),
    TargetRegistrationsPerInterval(u16),
    MaxRegistrationsPerBlock(u16),
    AdjustmentInterval(u16),
    AdjustmentAlpha(u64),
    Burn(u64),
    MinBurn(u64),
    MaxBurn(u64),
    CommitRevealEnabled(bool),
    RevealPeriodEpochs(u64),
    RegistrationAllowed(bool),
    Yuma3Enabled(bool),
    LiquidAlphaEnabled(bool),
    AlphaLow(u16),
    AlphaHigh(u16),
    AlphaSigmoidSteepness(i16),
    BondsPenalty(u16),
    BondsResetEnabled(bool),
}

/// One chain-wide parameter and its new value (`set_network_parameter`).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub enum NetworkParameter {
    SubnetLimit(u16),
    NetworkImmunityPeriod(u64),
    NetworkMinLock(u64),
    NetworkLockReductionInterval(u64),
    NetworkRateLimit(u64),
    RootTempo(u16),
}

/// Per-uid state of one subnet, one vector per field indexed by uid, read and written whole by
/// the epoch (one storage access instead of one per uid).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, Default, TypeInfo)]
pub struct NeuronState {
    pub active: Vec<bool>,
    pub validator_permit: Vec<bool>,
    pub rank: Vec<u16>,
    pub trust: Vec<u16>,
    pub consensus: Vec<u16>,
    pub incentive: Vec<u16>,
    pub dividends: Vec<u16>,
    pub validator_trust: Vec<u16>,
    pub pruning_score: Vec<u16>,
    pub emission: Vec<u64>,
    pub last_update: Vec<u64>,
    pub block_at_registration: Vec<u64>,
}

impl NeuronState {
    /// Number of uids recorded.
    pub fn len(&self) -> usize {
        self.block_at_registration.len()
    }

    pub fn is_empty(&self) -> bool {
        self.block_at_registration.is_empty()
    }

    /// A new uid at the end: no permit, no scores, registered `now`.
    pub fn push(&mut self, now: u64) {
        self.active.push(true);
        self.validator_permit.push(false);
        self.rank.push(0);
        self.trust.push(0);
        self.consensus.push(0);
        self.incentive.push(0);
        self.dividends.push(0);
        self.validator_trust.push(0);
        self.pruning_score.push(0);
        self.emission.push(0);
        self.last_update.push(0);
        self.block_at_registration.push(now);
    }

    /// A new hotkey takes `uid`: the uid starts over exactly like one [`push`](Self::push)ed
    /// at `now`. Its old weight and bond rows stay in storage (spec/chain.md: "keeps the old
    /// weight/bond rows (the epoch masks them)"); everything per uid here is reset, because each
    /// value was earned or set by the old hotkey and the newcomer must not inherit it:
    /// - `validator_permit = false`: the permit was earned with the old hotkey's stake; yuma.md
    ///   steps 4 and 5.2 read the stored (old) permit, so an inherited one would let the newcomer's
    ///   stake vote with the old hotkey's weight row. The newcomer earns its own permit at the next
    ///   epoch from its own stake (step 3).
    /// - `last_update = 0`: the newcomer has set no weights. This is what makes the epoch mask the
    ///   kept rows, as chain.md says it does: steps 5.4 and 11 drop `W[i][j]` and `B[i][j]` when
    ///   `last_update_i <= block_at_registration_j`, which holds for every `j` when it is 0. With
    ///   the old block kept, the old row would count again from the epoch after the newcomer got
    ///   its own permit, and the old bond row would pay it dividends. The newcomer also does not
    ///   inherit the old hotkey's weights rate limit or activity (step 1). Root replacement did
    ///   this already.
    /// - `active`, rank, trust, consensus, incentive, dividends, validator trust, pruning score,
    ///   emission: epoch outputs describing the old hotkey (none is an epoch input), shown per uid
    ///   by the metagraph until the next epoch; they read as for a new uid. The pruning score 0 is
    ///   that of an appended uid too; the newcomer is protected by its immunity period.
    ///
    /// Left open by the spec: a newcomer that gets no permit keeps the old bond row as it is
    /// (yuma.md step 16: "never had one -> row unchanged"), and once it sets a weight (a single
    /// self-weight needs no permit) the mask no longer covers the row (`tests/security.rs`).
    pub fn replace(&mut self, uid: u16, now: u64) {
        let i = usize::from(uid);
        set_at(&mut self.active, i, true);
        set_at(&mut self.validator_permit, i, false);
        for scores in [
            &mut self.rank,
            &mut self.trust,
            &mut self.consensus,
            &mut self.incentive,
            &mut self.dividends,
            &mut self.validator_trust,
            &mut self.pruning_score,
        ] {
            set_at(scores, i, 0);
        }
        set_at(&mut self.emission, i, 0);
        set_at(&mut self.last_update, i, 0);
        set_at(&mut self.block_at_registration, i, now);
    }
}

/// Sets `v[i]` when `i` is in range (a uid past the end changes nothing).
fn set_at<X>(v: &mut [X], i: usize, x: X) {
    if let Some(slot) = v.get_mut(i) {
        *slot = x;
    }
}

/// A pending weight commit: the hash and the block it was committed at.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct WeightCommit<Hash> {
    pub hash: Hash,
    pub block: u64,
}
