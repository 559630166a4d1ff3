//! Neuron registration by burn, replacement of the lowest pruning score, burn adjustment.

mod serving;

use crate::*;
use frame_support::{
    pallet_prelude::*,
    traits::{
        fungible::{Inspect, Mutate},
        tokens::{Fortitude, Precision, Preservation},
    },
};
use sp_std::vec::Vec;

impl<T: Config> Pallet<T> {
    /// The burn a registration on `netuid` costs now (`None` for a missing subnet).
    pub fn get_registration_cost(netuid: u16) -> Option<u64> {
        Hyperparams::<T>::get(netuid)
            .filter(|_| netuid != ROOT_NETUID)
            .map(|hp| hp.burn)
    }

    pub(crate) fn do_burned_register(
        coldkey: T::AccountId,
        netuid: u16,
        hotkey: T::AccountId,
    ) -> DispatchResult {
        // Checks in the order of the spec; each has its own error.
        let hp = Hyperparams::<T>::get(netuid).ok_or(Error::<T>::SubnetNotExists)?;
        ensure!(netuid != ROOT_NETUID, Error::<T>::RootNetworkNotAllowed);
        ensure!(hp.registration_allowed, Error::<T>::RegistrationDisabled);
        let now = Self::now();
        let (block, this_block) = RegistrationsThisBlock::<T>::get(netuid);
        let this_block = if block == now { this_block } else { 0 };
        ensure!(
            this_block < hp.max_registrations_per_block,
            Error::<T>::TooManyRegistrationsThisBlock
        );
        let this_interval = RegistrationsThisInterval::<T>::get(netuid);
        ensure!(
            u32::from(this_interval)
                < u32::from(hp.target_registrations_per_interval).saturating_mul(3),
            Error::<T>::TooManyRegistrationsThisInterval
        );
        ensure!(
            !Uids::<T>::contains_key(netuid, &hotkey),
            Error::<T>::HotKeyAlreadyRegisteredInSubNet
        );
        if let Some(owner) = Owner::<T>::get(&hotkey) {
            ensure!(owner == coldkey, Error::<T>::NonAssociatedColdKey);
        }
        ensure!(
            T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite)
                >= hp.burn,
            Error::<T>::NotEnoughBalanceToBurn
        );
        ensure!(hp.max_allowed_uids > 0, Error::<T>::SubnetFull);

        // Burning lowers total issuance.
        T::Currency::burn_from(
            &coldkey,
            hp.burn,
            Preservation::Preserve,
            Precision::Exact,
            Fortitude::Polite,
        )
        .map_err(|_| Error::<T>::NotEnoughBalanceToBurn)?;
        if !Owner::<T>::contains_key(&hotkey) {
            Owner::<T>::insert(&hotkey, &coldkey);
        }
        let n = SubnetworkN::<T>::get(netuid);
        let uid = if n < hp.max_allowed_uids {
            Neurons::<T>::mutate(netuid, |s| s.push(now));
            SubnetworkN::<T>::insert(netuid, n.saturating_add(1));
            Self::deposit_event(Event::NeuronRegistered {
                netuid,
                uid: n,
                hotkey: hotkey.clone(),
            });
            n
        } else {
            let uid = Self::neuron_to_prune(netuid, now, hp.immunity_period)
                .ok_or(Error::<T>::SubnetFull)?;
            let old = Keys::<T>::get(netuid, uid).ok_or(Error::<T>::SubnetFull)?;
            Self::leave_subnet(netuid, &old);
            // Nothing per uid passes to the newcomer, the permit included (`NeuronState::replace`).
            Neurons::<T>::mutate(netuid, |s| s.replace(uid, now));
            Self::deposit_event(Event::NeuronReplaced {
                netuid,
                uid,
                old_hotkey: old,
                hotkey: hotkey.clone(),
            });
            uid
        };
        Keys::<T>::insert(netuid, uid, &hotkey);
        Uids::<T>::insert(netuid, &hotkey, uid);
        Self::join_subnet(netuid, &hotkey);
        RegistrationsThisBlock::<T>::insert(netuid, (now, this_block.saturating_add(1)));
        RegistrationsThisInterval::<T>::insert(netuid, this_interval.saturating_add(1));
        Ok(())
    }

    /// The uid a full subnet gives to the next registrant: the lowest pruning score among uids
    /// past their immunity (`now - block_at_registration >= immunity_period`), ties to the
    /// earliest registration then the lowest uid; the same rule among all when all are immune.
    pub fn neuron_to_prune(netuid: u16, now: u64, immunity_period: u16) -> Option<u16> {
        let state = Neurons::<T>::get(netuid);
        let n = SubnetworkN::<T>::get(netuid);
        (0..n).min_by_key(|uid| {
            let i = usize::from(*uid);
            let reg = state.block_at_registration.get(i).copied().unwrap_or(0);
            let immune = now.saturating_sub(reg) < u64::from(immunity_period);
            let score = state.pruning_score.get(i).copied().unwrap_or(0);
            (immune, score, reg, *uid)
        })
    }

    /// Whether `hotkey` has a uid on some subnet (root included).
    pub fn is_registered_anywhere(hotkey: &T::AccountId) -> bool {
        IsNetworkMember::<T>::iter_prefix(hotkey).next().is_some()
    }

    /// Records `hotkey`'s membership of `netuid`. A hotkey's first membership takes a
    /// `sufficients` reference on its account: frame_system's `CheckNonce` refuses signers with
    /// neither a provider nor a sufficient reference, and a hotkey with no balance has no
    /// provider, so without it the fee-free calls (`extension.rs`) could never be signed by it.
    pub(crate) fn join_subnet(netuid: u16, hotkey: &T::AccountId) {
        if !Self::is_registered_anywhere(hotkey) {
            frame_system::Pallet::<T>::inc_sufficients(hotkey);
        }
        IsNetworkMember::<T>::insert(hotkey, netuid, ());
    }

    /// Removes `hotkey` from `netuid` (uid lookup, membership, axon, commits). A hotkey that is
    /// then registered nowhere has its stake returned to its coldkeys' free balance and drops
    /// the `sufficients` reference `join_subnet` took (an account with nothing else is reaped).
    pub(crate) fn leave_subnet(netuid: u16, hotkey: &T::AccountId) {
        Uids::<T>::remove(netuid, hotkey);
        let was_member = IsNetworkMember::<T>::contains_key(hotkey, netuid);
        IsNetworkMember::<T>::remove(hotkey, netuid);
        Axons::<T>::remove(netuid, hotkey);
        WeightCommits::<T>::remove(netuid, hotkey);
        if !Self::is_registered_anywhere(hotkey) {
            Self::return_all_stake(hotkey);
            if was_member {
                frame_system::Pallet::<T>::dec_sufficients(hotkey);
            }
        }
    }

    /// Unstakes every coldkey's stake on `hotkey` to its free balance. Stake whose mint the
    /// currency refuses (an amount below the existential deposit of a dead account) stays.
    pub(crate) fn return_all_stake(hotkey: &T::AccountId) {
        let stakes: Vec<(T::AccountId, u64)> = Stake::<T>::iter_prefix(hotkey).collect();
        for (coldkey, amount) in stakes {
            if amount == 0 || T::Currency::mint_into(&coldkey, amount).is_ok() {
                Self::decrease_stake(hotkey, &coldkey, amount);
                Self::deposit_event(Event::StakeRemoved {
                    coldkey,
                    hotkey: hotkey.clone(),
                    amount,
                });
            }
        }
    }

    /// Every `adjustment_interval` blocks the burn moves toward
    /// `burn * (regs + target) / (2 * target)`, smoothed by alpha and clamped to
    /// `[min_burn, max_burn]`. Returns whether it ran (for the block's weight).
    pub(crate) fn adjust_burn(netuid: u16, now: u64) -> bool {
        let Some(mut hp) = Hyperparams::<T>::get(netuid) else {
            return false;
        };
        let last = LastAdjustmentBlock::<T>::get(netuid);
        if now.saturating_sub(last) < u64::from(hp.adjustment_interval) {
            return false;
        }
        let regs = RegistrationsThisInterval::<T>::get(netuid);
        let burn = next_burn(&hp, regs);
        if burn != hp.burn {
            hp.burn = burn;
            Hyperparams::<T>::insert(netuid, hp);
            Self::deposit_event(Event::BurnAdjusted { netuid, burn });
        }
        RegistrationsThisInterval::<T>::insert(netuid, 0);
        LastAdjustmentBlock::<T>::insert(netuid, now);
        true
    }
}

/// The burn after an adjustment interval with `regs` registrations.
pub fn next_burn(hp: &SubnetHyperparams, regs: u16) -> u64 {
    let target = u128::from(hp.target_registrations_per_interval.max(1));
    let burn = u128::from(hp.burn);
    let aimed = burn
        .saturating_mul(u128::from(regs).saturating_add(target))
        .checked_div(target.saturating_mul(2))
        .unwrap_or(burn);
    let alpha = u128::from(hp.adjustment_alpha);
    let one = u128::from(u64::MAX);
    let smoothed = burn
        .saturating_mul(alpha)
        .saturating_add(aimed.saturating_mul(one.saturating_sub(alpha)))
        .checked_div(one)
        .unwrap_or(burn);
    u64::try_from(smoothed)
        .unwrap_or(u64::MAX)
        .clamp(hp.min_burn, hp.max_burn.max(hp.min_burn))
}
