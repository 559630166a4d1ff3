//! `set_weights` and its checks, in the spec's order, each with its own error.

mod commit_reveal;

use crate::*;
use frame_support::pallet_prelude::*;
use sp_std::vec::Vec;

impl<T: Config> Pallet<T> {
    pub(crate) fn do_set_weights(
        hotkey: T::AccountId,
        netuid: u16,
        uids: Vec<u16>,
        values: Vec<u16>,
        version_key: u64,
    ) -> DispatchResult {
        let hp = Self::check_set_weights_call(netuid, &uids, &values)?;
        Self::check_and_store_weights(&hotkey, netuid, &hp, &uids, &values, version_key, true)
    }

    /// `set_weights`' checks up to "subnet exists" (and commit-reveal off); the subnet's
    /// hyperparameters for the rest.
    pub(crate) fn check_set_weights_call(
        netuid: u16,
        uids: &[u16],
        values: &[u16],
    ) -> Result<SubnetHyperparams, Error<T>> {
        ensure!(netuid != ROOT_NETUID, Error::<T>::RootNetworkNotAllowed);
        ensure!(
            uids.len() == values.len(),
            Error::<T>::WeightVecLengthMismatch
        );
        let hp = Hyperparams::<T>::get(netuid).ok_or(Error::<T>::SubnetNotExists)?;
        // With commit-reveal on, rows only arrive through reveal_weights.
        ensure!(!hp.commit_reveal_enabled, Error::<T>::CommitRevealEnabled);
        Ok(hp)
    }

    /// The checks after "subnet exists", then the write. `rate_limited` is false for reveals.
    pub(crate) fn check_and_store_weights(
        hotkey: &T::AccountId,
        netuid: u16,
        hp: &SubnetHyperparams,
        uids: &[u16],
        values: &[u16],
        version_key: u64,
        rate_limited: bool,
    ) -> DispatchResult {
        let checked =
            Self::check_weights(hotkey, netuid, hp, uids, values, version_key, rate_limited)?;
        let CheckedWeights {
            uid,
            mut state,
            row,
            now,
        } = checked;
        Weights::<T>::insert(netuid, uid, row);
        if let Some(l) = state.last_update.get_mut(usize::from(uid)) {
            *l = now;
            Neurons::<T>::insert(netuid, state);
        }
        Self::deposit_event(Event::WeightsSet { netuid, uid });
        Ok(())
    }

    /// The checks of `check_and_store_weights`, writing nothing: also what the transaction
    /// extension runs before a fee-free call enters the pool (`extension.rs`).
    pub(crate) fn check_weights(
        hotkey: &T::AccountId,
        netuid: u16,
        hp: &SubnetHyperparams,
        uids: &[u16],
        values: &[u16],
        version_key: u64,
        rate_limited: bool,
    ) -> Result<CheckedWeights, Error<T>> {
        ensure!(
            uids.len() == values.len(),
            Error::<T>::WeightVecLengthMismatch
        );
        let n = SubnetworkN::<T>::get(netuid);
        ensure!(uids.len() <= usize::from(n), Error::<T>::WeightVecTooLong);
        let uid = Uids::<T>::get(netuid, hotkey).ok_or(Error::<T>::NotRegistered)?;
        ensure!(
            hp.weights_version_key == 0 || version_key >= hp.weights_version_key,
            Error::<T>::IncorrectWeightVersionKey
        );
        let state = Neurons::<T>::get(netuid);
        let slot = usize::from(uid);
        let last = state.last_update.get(slot).copied().unwrap_or(0);
        let now = Self::now();
        if rate_limited {
            ensure!(
                last == 0 || now.saturating_sub(last) >= hp.weights_rate_limit,
                Error::<T>::SettingWeightsTooFast
            );
        }
        let self_weight = uids == [uid];
        ensure!(
            self_weight || state.validator_permit.get(slot).copied().unwrap_or(false),
            Error::<T>::NoValidatorPermit
        );
        ensure!(!has_duplicates(uids), Error::<T>::DuplicateUids);
        ensure!(uids.iter().all(|u| *u < n), Error::<T>::UidNotFound);
        ensure!(
            self_weight || uids.len() >= usize::from(hp.min_allowed_weights.min(n)),
            Error::<T>::TooFewWeights
        );
        let upscaled = meshtensor_yuma::max_upscale_u16(values);
        ensure!(
            self_weight || within_max_weight(&upscaled, hp.max_weight_limit),
            Error::<T>::MaxWeightExceeded
        );
        let row: Vec<(u16, u16)> = uids.iter().copied().zip(upscaled.iter().copied()).collect();
        Ok(CheckedWeights {
            uid,
            state,
            row,
            now,
        })
    }
}

/// What `check_weights` read and built, for the write.
pub(crate) struct CheckedWeights {
    pub(crate) uid: u16,
    pub(crate) state: NeuronState,
    pub(crate) row: Vec<(u16, u16)>,
    pub(crate) now: u64,
}

/// Whether a uid (or netuid) appears twice.
pub(crate) fn has_duplicates(ids: &[u16]) -> bool {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.windows(2).any(|w| w.first() == w.get(1))
}

/// `max(row) / sum(row) <= limit / 65535`, compared exactly in integers; a limit of 65535
/// allows anything.
pub(crate) fn within_max_weight(row: &[u16], limit: u16) -> bool {
    if limit == u16::MAX {
        return true;
    }
    let sum: u128 = row.iter().map(|v| u128::from(*v)).sum();
    let max = row.iter().copied().max().map(u128::from).unwrap_or(0);
    max.saturating_mul(u128::from(u16::MAX)) <= u128::from(limit).saturating_mul(sum)
}
