//! Glue between storage and the Yuma maths (`meshtensor_yuma::run_epoch`): gather the inputs
//! of one subnet, run the epoch, write its outputs.

use crate::*;
use sp_std::vec::Vec;

mod bonds_reset;

/// What an epoch of one subnet read and produced, for payout and weight accounting.
pub struct EpochResult<AccountId> {
    /// Hotkey, server emission, validator emission, per uid.
    pub payouts: Vec<(AccountId, u64, u64)>,
    pub n: u32,
    pub weight_entries: u32,
}

impl<T: Config> Pallet<T> {
    /// The inputs `run_epoch` needs, read from storage (`emission` is the amount to split).
    pub fn epoch_input(netuid: u16, now: u64, emission: u64) -> meshtensor_yuma::EpochInput {
        let hp = Hyperparams::<T>::get(netuid).unwrap_or_default();
        let n = SubnetworkN::<T>::get(netuid);
        let state = Neurons::<T>::get(netuid);
        let mut stake = Vec::with_capacity(usize::from(n));
        let mut weights = Vec::with_capacity(usize::from(n));
        let mut bonds = Vec::with_capacity(usize::from(n));
        for uid in 0..n {
            stake.push(
                Keys::<T>::get(netuid, uid)
                    .map(|k| TotalHotkeyStake::<T>::get(&k))
                    .unwrap_or(0),
            );
            weights.push(Weights::<T>::get(netuid, uid));
            bonds.push(Bonds::<T>::get(netuid, uid));
        }
        meshtensor_yuma::EpochInput {
            current_block: now,
            activity_cutoff: u64::from(hp.activity_cutoff),
            max_allowed_validators: hp.max_allowed_validators,
            kappa: hp.kappa,
            bonds_moving_average: hp.bonds_moving_average,
            emission,
            last_update: state.last_update,
            block_at_registration: state.block_at_registration,
            validator_permit: state.validator_permit,
            stake,
            weights,
            bonds,
            bonds_config: hp.bonds_config(),
        }
    }

    /// Runs the Yuma epoch of `netuid` over `emission` and writes its outputs (metagraph
    /// vectors and bonds). Paying out is the caller's job.
    pub fn epoch(netuid: u16, now: u64, emission: u64) -> EpochResult<T::AccountId> {
        let input = Self::epoch_input(netuid, now, emission);
        let weight_entries = input
            .weights
            .iter()
            .chain(input.bonds.iter())
            .fold(0u32, |acc, row| {
                acc.saturating_add(u32::try_from(row.len()).unwrap_or(u32::MAX))
            });
        // Liquid alpha evaluates one `exp` series per weight entry: 2.3x the classic epoch's
        // native time at 256 uids / 64 validators (yuma epoch_bench, min), charged as 3x.
        let cfg = input.bonds_config;
        let weight_entries = if cfg.yuma3_enabled && cfg.liquid_alpha_enabled {
            weight_entries.saturating_mul(3)
        } else {
            weight_entries
        };
        let n = SubnetworkN::<T>::get(netuid);
        let out = meshtensor_yuma::run_epoch(&input);

        let mut state = Neurons::<T>::get(netuid);
        state.active = out.active;
        state.validator_permit = out.validator_permit;
        state.rank = out.rank;
        state.trust = out.trust;
        state.consensus = out.consensus;
        state.incentive = out.incentive;
        state.dividends = out.dividends;
        state.validator_trust = out.validator_trust;
        state.pruning_score = out.pruning_score;
        state.emission = out.emission;
        Neurons::<T>::insert(netuid, state);

        let mut bonds = out.bonds.into_iter();
        let mut server = out.server_emission.into_iter();
        let mut validator = out.validator_emission.into_iter();
        let mut payouts = Vec::with_capacity(usize::from(n));
        for uid in 0..n {
            let row = bonds.next().unwrap_or_default();
            if row.is_empty() {
                Bonds::<T>::remove(netuid, uid);
            } else {
                Bonds::<T>::insert(netuid, uid, row);
            }
            let s = server.next().unwrap_or(0);
            let v = validator.next().unwrap_or(0);
            if let Some(hotkey) = Keys::<T>::get(netuid, uid) {
                payouts.push((hotkey, s, v));
            }
        }
        EpochResult {
            payouts,
            n: u32::from(n),
            weight_entries,
        }
    }
}
