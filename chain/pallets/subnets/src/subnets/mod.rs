//! Subnet creation (locked deposit, rate limit, replacement when full) and removal.

mod params;

use crate::*;
use frame_support::{
    pallet_prelude::*,
    traits::{
        fungible::{Inspect, MutateHold},
        tokens::{Fortitude, Precision, Preservation},
    },
};
use sp_std::vec::Vec;

impl<T: Config> Pallet<T> {
    /// `max(min_lock, last_lock * 2 - (last_lock / reduction_interval) * (now - last_block))`,
    /// 1x instead of 2x before any subnet was ever registered.
    pub fn get_network_lock_cost() -> u64 {
        let params = NetworkParamsStore::<T>::get();
        let now = Self::now();
        let (last_lock, last_block, mult) = match LastLock::<T>::get() {
            Some((lock, block)) => (lock, block, 2u64),
            None => (params.network_min_lock, 0, 1u64),
        };
        let per_block = last_lock
            .checked_div(params.network_lock_reduction_interval)
            .unwrap_or(0);
        let reduction = per_block.saturating_mul(now.saturating_sub(last_block));
        last_lock
            .saturating_mul(mult)
            .saturating_sub(reduction)
            .max(params.network_min_lock)
    }

    /// Netuids of the user subnets (root excluded), ascending.
    pub fn user_netuids() -> Vec<u16> {
        let mut netuids: Vec<u16> = Hyperparams::<T>::iter_keys()
            .filter(|n| *n != ROOT_NETUID)
            .collect();
        netuids.sort_unstable();
        netuids
    }

    pub(crate) fn do_register_network(coldkey: T::AccountId) -> DispatchResult {
        let now = Self::now();
        let params = NetworkParamsStore::<T>::get();
        if let Some(last) = LastNetworkRegistration::<T>::get(&coldkey) {
            ensure!(
                now.saturating_sub(last) >= params.network_rate_limit,
                Error::<T>::NetworkTxRateLimitExceeded
            );
        }
        let lock = Self::get_network_lock_cost();
        ensure!(
            T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite)
                >= lock,
            Error::<T>::NotEnoughBalanceToLock
        );
        let netuids = Self::user_netuids();
        let netuid = if netuids.len() >= usize::from(params.subnet_limit) {
            let victim = Self::network_to_prune(&netuids, now, params.network_immunity_period)
                .ok_or(Error::<T>::AllNetworksInImmunity)?;
            Self::remove_network(victim)?;
            victim
        } else {
            (1..=u16::MAX)
                .find(|n| !Hyperparams::<T>::contains_key(n))
                .ok_or(Error::<T>::NoFreeNetuid)?
        };
        T::Currency::hold(&HoldReason::SubnetLock.into(), &coldkey, lock)
            .map_err(|_| Error::<T>::NotEnoughBalanceToLock)?;
        Self::init_subnet(netuid, DefaultHyperparams::<T>::get(), now);
        SubnetOwner::<T>::insert(netuid, &coldkey);
        SubnetLocked::<T>::insert(netuid, lock);
        LastLock::<T>::put((lock, now));
        LastNetworkRegistration::<T>::insert(&coldkey, now);
        Self::deposit_event(Event::NetworkAdded {
            netuid,
            owner: coldkey,
            lock,
        });
        Ok(())
    }

    /// The subnet replaced when the limit is reached: lowest per-block emission among those
    /// past their network immunity (`now - registered_at >= immunity`), ties to the oldest, then
    /// the lowest netuid.
    pub(crate) fn network_to_prune(netuids: &[u16], now: u64, immunity: u64) -> Option<u16> {
        netuids
            .iter()
            .copied()
            .filter(|n| now.saturating_sub(NetworkRegisteredAt::<T>::get(n)) >= immunity)
            .min_by_key(|n| {
                (
                    EmissionValues::<T>::get(n),
                    NetworkRegisteredAt::<T>::get(n),
                    *n,
                )
            })
    }

    pub(crate) fn do_dissolve_network(netuid: u16) -> DispatchResult {
        ensure!(netuid != ROOT_NETUID, Error::<T>::RootNetworkNotAllowed);
        Self::remove_network(netuid)
    }

    /// Writes a fresh subnet's storage.
    pub(crate) fn init_subnet(netuid: u16, hyperparams: SubnetHyperparams, now: u64) {
        Hyperparams::<T>::insert(netuid, hyperparams);
        NetworkRegisteredAt::<T>::insert(netuid, now);
        LastAdjustmentBlock::<T>::insert(netuid, now);
    }

    /// The root network (netuid 0): max 64 members, root's tempo, no owner, no lock.
    pub(crate) fn create_root_network(now: u64) {
        let hp = SubnetHyperparams {
            max_allowed_uids: 64,
            max_allowed_validators: 64,
            tempo: NetworkParamsStore::<T>::get().root_tempo,
            registration_allowed: false,
            ..DefaultHyperparams::<T>::get()
        };
        Self::init_subnet(ROOT_NETUID, hp, now);
    }

    /// Clears every storage item of `netuid`, deregisters its hotkeys (returning the stake of
    /// those registered nowhere else), zeroes root weights pointing at it and refunds the lock.
    pub(crate) fn remove_network(netuid: u16) -> DispatchResult {
        ensure!(
            Hyperparams::<T>::contains_key(netuid),
            Error::<T>::SubnetNotExists
        );
        let owner = SubnetOwner::<T>::get(netuid);
        let lock = SubnetLocked::<T>::get(netuid);
        if let Some(owner) = owner.as_ref() {
            T::Currency::release(
                &HoldReason::SubnetLock.into(),
                owner,
                lock,
                Precision::BestEffort,
            )
            .map_err(|_| Error::<T>::BalanceOperationFailed)?;
        }
        let hotkeys: Vec<T::AccountId> = Keys::<T>::iter_prefix(netuid)
            .map(|(_, hotkey)| hotkey)
            .collect();
        for hotkey in hotkeys {
            Self::leave_subnet(netuid, &hotkey);
        }
        let _ = Keys::<T>::clear_prefix(netuid, u32::MAX, None);
        let _ = Weights::<T>::clear_prefix(netuid, u32::MAX, None);
        let _ = Bonds::<T>::clear_prefix(netuid, u32::MAX, None);
        let _ = Axons::<T>::clear_prefix(netuid, u32::MAX, None);
        let _ = WeightCommits::<T>::clear_prefix(netuid, u32::MAX, None);
        Hyperparams::<T>::remove(netuid);
        SubnetOwner::<T>::remove(netuid);
        SubnetLocked::<T>::remove(netuid);
        NetworkRegisteredAt::<T>::remove(netuid);
        EmissionValues::<T>::remove(netuid);
        PendingEmission::<T>::remove(netuid);
        LastEpochBlock::<T>::remove(netuid);
        SubnetworkN::<T>::remove(netuid);
        Neurons::<T>::remove(netuid);
        RegistrationsThisBlock::<T>::remove(netuid);
        RegistrationsThisInterval::<T>::remove(netuid);
        LastAdjustmentBlock::<T>::remove(netuid);
        Self::zero_root_weights_to(netuid);
        Self::deposit_event(Event::NetworkRemoved {
            netuid,
            owner,
            refund: lock,
        });
        Ok(())
    }
}
