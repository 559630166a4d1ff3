//! Read models for the runtime API: a subnet's whole metagraph, subnets, delegates and stake in
//! one call each. Plain SCALE structs (the TypeScript client decodes them through metadata).

use crate::*;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_std::vec::Vec;

/// A served endpoint as read by clients: multiaddrs as UTF-8 bytes, and the block served.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct AxonEndpointInfo {
    pub peer_id: Vec<u8>,
    pub multiaddrs: Vec<Vec<u8>>,
    pub version: u32,
    pub protocol: u8,
    pub block: u64,
}

/// Everything a node needs about one subnet. Weights and bonds are empty unless asked for.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct MetagraphInfo<AccountId> {
    pub netuid: u16,
    pub hyperparameters: SubnetHyperparams,
    pub owner: Option<AccountId>,
    pub tempo: u16,
    pub block: u64,
    pub emission_per_block: u64,
    pub pending_emission: u64,
    pub n: u16,
    pub hotkeys: Vec<AccountId>,
    pub coldkeys: Vec<AccountId>,
    pub endpoints: Vec<Option<AxonEndpointInfo>>,
    pub active: Vec<bool>,
    pub validator_permit: Vec<bool>,
    pub stake: Vec<u64>,
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
    pub weights: Vec<Vec<(u16, u16)>>,
    pub bonds: Vec<Vec<(u16, u16)>>,
}

#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SubnetInfo<AccountId> {
    pub netuid: u16,
    /// None for the root network.
    pub owner: Option<AccountId>,
    pub n: u16,
    pub max_allowed_uids: u16,
    pub tempo: u16,
    pub emission_per_block: u64,
    pub registered_at: u64,
    pub locked_amount: u64,
    pub burn: u64,
}

#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct DelegateInfo<AccountId> {
    pub hotkey: AccountId,
    pub owner: AccountId,
    pub take: u16,
    pub total_stake: u64,
    pub nominators: Vec<(AccountId, u64)>,
}

#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct StakeInfo<AccountId> {
    pub hotkey: AccountId,
    pub coldkey: AccountId,
    pub stake: u64,
}

/// Pads or cuts a per-uid vector to `n` entries (stored vectors are always `n` long; this
/// keeps a reader safe if they were not).
fn fit<V: Clone + Default>(mut v: Vec<V>, n: usize) -> Vec<V> {
    v.resize(n, V::default());
    v
}

impl<T: Config> Pallet<T> {
    pub fn get_metagraph(
        netuid: u16,
        include_weights: bool,
    ) -> Option<MetagraphInfo<T::AccountId>> {
        let hp = Hyperparams::<T>::get(netuid)?;
        let n = SubnetworkN::<T>::get(netuid);
        let len = usize::from(n);
        let state = Neurons::<T>::get(netuid);
        let mut hotkeys = Vec::with_capacity(len);
        let mut coldkeys = Vec::with_capacity(len);
        let mut endpoints = Vec::with_capacity(len);
        let mut stake = Vec::with_capacity(len);
        let mut weights = Vec::new();
        let mut bonds = Vec::new();
        for uid in 0..n {
            // Every uid below n has a key and an owner; `None` rather than misaligned vectors.
            let hotkey = Keys::<T>::get(netuid, uid)?;
            let coldkey = Owner::<T>::get(&hotkey)?;
            endpoints.push(Axons::<T>::get(netuid, &hotkey).map(|a| {
                AxonEndpointInfo {
                    peer_id: a.endpoint.peer_id.into_inner(),
                    multiaddrs: a
                        .endpoint
                        .multiaddrs
                        .into_iter()
                        .map(|m| m.into_inner())
                        .collect(),
                    version: a.endpoint.version,
                    protocol: a.endpoint.protocol,
                    block: a.block,
                }
            }));
            stake.push(TotalHotkeyStake::<T>::get(&hotkey));
            hotkeys.push(hotkey);
            coldkeys.push(coldkey);
            if include_weights {
                weights.push(Weights::<T>::get(netuid, uid));
                bonds.push(Bonds::<T>::get(netuid, uid));
            }
        }
        Some(MetagraphInfo {
            netuid,
            owner: SubnetOwner::<T>::get(netuid),
            tempo: hp.tempo,
            block: Self::now(),
            emission_per_block: EmissionValues::<T>::get(netuid),
            pending_emission: PendingEmission::<T>::get(netuid),
            n,
            hotkeys,
            coldkeys,
            endpoints,
            active: fit(state.active, len),
            validator_permit: fit(state.validator_permit, len),
            stake,
            rank: fit(state.rank, len),
            trust: fit(state.trust, len),
            consensus: fit(state.consensus, len),
            incentive: fit(state.incentive, len),
            dividends: fit(state.dividends, len),
            validator_trust: fit(state.validator_trust, len),
            pruning_score: fit(state.pruning_score, len),
            emission: fit(state.emission, len),
            last_update: fit(state.last_update, len),
            block_at_registration: fit(state.block_at_registration, len),
            weights,
            bonds,
            hyperparameters: hp,
        })
    }

    pub fn get_subnets() -> Vec<SubnetInfo<T::AccountId>> {
        let mut netuids: Vec<u16> = Hyperparams::<T>::iter_keys().collect();
        netuids.sort_unstable();
        netuids
            .into_iter()
            .filter_map(|netuid| {
                let hp = Hyperparams::<T>::get(netuid)?;
                Some(SubnetInfo {
                    netuid,
                    owner: SubnetOwner::<T>::get(netuid),
                    n: SubnetworkN::<T>::get(netuid),
                    max_allowed_uids: hp.max_allowed_uids,
                    tempo: hp.tempo,
                    emission_per_block: EmissionValues::<T>::get(netuid),
                    registered_at: NetworkRegisteredAt::<T>::get(netuid),
                    locked_amount: SubnetLocked::<T>::get(netuid),
                    burn: hp.burn,
                })
            })
            .collect()
    }

    pub fn get_delegates() -> Vec<DelegateInfo<T::AccountId>> {
        Delegates::<T>::iter()
            .filter_map(|(hotkey, take)| {
                let owner = Owner::<T>::get(&hotkey)?;
                Some(DelegateInfo {
                    total_stake: TotalHotkeyStake::<T>::get(&hotkey),
                    nominators: Stake::<T>::iter_prefix(&hotkey).collect(),
                    hotkey,
                    owner,
                    take,
                })
            })
            .collect()
    }

    pub fn get_stake_info(coldkey: T::AccountId) -> Vec<StakeInfo<T::AccountId>> {
        StakingHotkeys::<T>::get(&coldkey)
            .into_iter()
            .map(|hotkey| StakeInfo {
                stake: Stake::<T>::get(&hotkey, &coldkey),
                hotkey,
                coldkey: coldkey.clone(),
            })
            .collect()
    }

    /// Runs a Yuma scenario through the same `run_epoch` the chain's epochs use.
    pub fn simulate_yuma(
        scenario: meshtensor_yuma::Scenario,
    ) -> Result<Vec<meshtensor_yuma::EpochReport>, meshtensor_yuma::ScenarioError> {
        meshtensor_yuma::simulate(&scenario)
    }
}
