//! The root network (netuid 0): its members and their weights over subnets decide how block
//! emission is split between subnets.

use crate::weights::CheckedWeights;
use crate::*;
use frame_support::pallet_prelude::*;
use sp_std::vec::Vec;

impl<T: Config> Pallet<T> {
    pub(crate) fn do_root_register(coldkey: T::AccountId, hotkey: T::AccountId) -> DispatchResult {
        let hp = Hyperparams::<T>::get(ROOT_NETUID).ok_or(Error::<T>::RootNetworkDoesNotExist)?;
        if let Some(owner) = Owner::<T>::get(&hotkey) {
            ensure!(owner == coldkey, Error::<T>::NonAssociatedColdKey);
        }
        ensure!(
            !Uids::<T>::contains_key(ROOT_NETUID, &hotkey),
            Error::<T>::HotKeyAlreadyRegisteredInSubNet
        );
        ensure!(hp.max_allowed_uids > 0, Error::<T>::SubnetFull);
        let now = Self::now();
        let n = SubnetworkN::<T>::get(ROOT_NETUID);
        let uid = if n < hp.max_allowed_uids {
            Neurons::<T>::mutate(ROOT_NETUID, |s| s.push(now));
            SubnetworkN::<T>::insert(ROOT_NETUID, n.saturating_add(1));
            n
        } else {
            // A newcomer replaces the member with the least stake (ties: highest uid, the most
            // recent) only if it has strictly more.
            let (uid, old, lowest) = (0..n)
                .filter_map(|u| Keys::<T>::get(ROOT_NETUID, u).map(|k| (u, k)))
                .map(|(u, k)| {
                    let s = TotalHotkeyStake::<T>::get(&k);
                    (u, k, s)
                })
                .min_by_key(|(u, _, s)| (*s, u16::MAX.saturating_sub(*u)))
                .ok_or(Error::<T>::StakeTooLowForRoot)?;
            ensure!(
                TotalHotkeyStake::<T>::get(&hotkey) > lowest,
                Error::<T>::StakeTooLowForRoot
            );
            Self::leave_subnet(ROOT_NETUID, &old);
            // The newcomer did not choose the old member's subnet weights.
            Weights::<T>::remove(ROOT_NETUID, uid);
            // It starts with `last_update = 0` (no rate limit inherited), as on any subnet.
            Neurons::<T>::mutate(ROOT_NETUID, |s| s.replace(uid, now));
            uid
        };
        if !Owner::<T>::contains_key(&hotkey) {
            Owner::<T>::insert(&hotkey, &coldkey);
        }
        Keys::<T>::insert(ROOT_NETUID, uid, &hotkey);
        Uids::<T>::insert(ROOT_NETUID, &hotkey, uid);
        Self::join_subnet(ROOT_NETUID, &hotkey);
        Self::deposit_event(Event::RootRegistered { uid, hotkey });
        Ok(())
    }

    pub(crate) fn do_set_root_weights(
        hotkey: T::AccountId,
        netuids: Vec<u16>,
        values: Vec<u16>,
        version_key: u64,
    ) -> DispatchResult {
        let CheckedWeights {
            uid,
            mut state,
            row,
            now,
        } = Self::check_root_weights(&hotkey, &netuids, &values, version_key)?;
        Weights::<T>::insert(ROOT_NETUID, uid, row);
        if let Some(l) = state.last_update.get_mut(usize::from(uid)) {
            *l = now;
            Neurons::<T>::insert(ROOT_NETUID, state);
        }
        Self::deposit_event(Event::RootWeightsSet { uid, hotkey });
        Ok(())
    }

    /// `set_root_weights`' checks, writing nothing (also run by the transaction extension).
    pub(crate) fn check_root_weights(
        hotkey: &T::AccountId,
        netuids: &[u16],
        values: &[u16],
        version_key: u64,
    ) -> Result<CheckedWeights, Error<T>> {
        let hp = Hyperparams::<T>::get(ROOT_NETUID).ok_or(Error::<T>::RootNetworkDoesNotExist)?;
        ensure!(
            netuids.len() == values.len(),
            Error::<T>::WeightVecLengthMismatch
        );
        let uid = Uids::<T>::get(ROOT_NETUID, hotkey).ok_or(Error::<T>::NotRegistered)?;
        ensure!(
            hp.weights_version_key == 0 || version_key >= hp.weights_version_key,
            Error::<T>::IncorrectWeightVersionKey
        );
        let state = Neurons::<T>::get(ROOT_NETUID);
        let slot = usize::from(uid);
        let last = state.last_update.get(slot).copied().unwrap_or(0);
        let now = Self::now();
        ensure!(
            last == 0 || now.saturating_sub(last) >= hp.weights_rate_limit,
            Error::<T>::SettingWeightsTooFast
        );
        ensure!(!weights::has_duplicates(netuids), Error::<T>::DuplicateUids);
        ensure!(
            netuids
                .iter()
                .all(|n| *n != ROOT_NETUID && Hyperparams::<T>::contains_key(n)),
            Error::<T>::UidNotFound
        );
        let upscaled = meshtensor_yuma::max_upscale_u16(values);
        let row: Vec<(u16, u16)> = netuids.iter().copied().zip(upscaled).collect();
        Ok(CheckedWeights {
            uid,
            state,
            row,
            now,
        })
    }

    /// Zeroes every root weight that points at `netuid` (a removed subnet).
    pub(crate) fn zero_root_weights_to(netuid: u16) {
        let rows: Vec<(u16, Vec<(u16, u16)>)> = Weights::<T>::iter_prefix(ROOT_NETUID).collect();
        for (uid, mut row) in rows {
            if row.iter().any(|(n, v)| *n == netuid && *v != 0) {
                for entry in row.iter_mut().filter(|(n, _)| *n == netuid) {
                    entry.1 = 0;
                }
                Weights::<T>::insert(ROOT_NETUID, uid, row);
            }
        }
    }

    /// Root's epoch: each subnet's per-block emission from root stake and weights
    /// (`meshtensor_yuma::subnet_emission_shares`; an equal split while no root weight exists).
    /// Returns the number of root members and subnets it read (for the block's weight).
    pub(crate) fn run_root_epoch(now: u64) -> (u32, u32) {
        let netuids = Self::user_netuids();
        let n_root = SubnetworkN::<T>::get(ROOT_NETUID);
        let mut stake = Vec::with_capacity(usize::from(n_root));
        let mut rows = Vec::with_capacity(usize::from(n_root));
        for uid in 0..n_root {
            let s = Keys::<T>::get(ROOT_NETUID, uid)
                .map(|k| TotalHotkeyStake::<T>::get(&k))
                .unwrap_or(0);
            stake.push(s);
            // Root rows name netuids; the maths wants positions in `netuids`.
            let row: Vec<(u16, u16)> = Weights::<T>::get(ROOT_NETUID, uid)
                .into_iter()
                .filter_map(|(netuid, v)| {
                    let idx = netuids.binary_search(&netuid).ok()?;
                    u16::try_from(idx).ok().map(|i| (i, v))
                })
                .collect();
            rows.push(row);
        }
        let block_emission = meshtensor_yuma::block_emission(Self::total_issuance());
        let shares =
            meshtensor_yuma::subnet_emission_shares(&stake, &rows, netuids.len(), block_emission);
        for (i, netuid) in netuids.iter().enumerate() {
            EmissionValues::<T>::insert(netuid, shares.get(i).copied().unwrap_or(0));
        }
        Self::deposit_event(Event::SubnetEmissionsSet { block: now });
        (
            u32::from(n_root),
            u32::try_from(netuids.len()).unwrap_or(u32::MAX),
        )
    }
}
