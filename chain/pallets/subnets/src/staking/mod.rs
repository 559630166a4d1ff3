//! Stake, delegation and delegate take.

use crate::*;
use frame_support::{
    pallet_prelude::*,
    traits::{
        fungible::{Inspect, Mutate},
        tokens::{Fortitude, Precision, Preservation},
    },
};

impl<T: Config> Pallet<T> {
    /// The caller may stake on (or unstake from) its own hotkeys and on delegates.
    fn ensure_can_stake_on(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
        let owner = Owner::<T>::get(hotkey).ok_or(Error::<T>::HotKeyAccountNotExists)?;
        ensure!(
            &owner == coldkey || Delegates::<T>::contains_key(hotkey),
            Error::<T>::HotKeyNotDelegateAndSignerNotOwnHotKey
        );
        Ok(())
    }

    pub(crate) fn do_add_stake(
        coldkey: T::AccountId,
        hotkey: T::AccountId,
        amount: u64,
    ) -> DispatchResult {
        Self::ensure_can_stake_on(&coldkey, &hotkey)?;
        ensure!(amount > 0, Error::<T>::StakeAmountZero);
        ensure!(
            T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite)
                >= amount,
            Error::<T>::NotEnoughBalanceToStake
        );
        // Free balance leaves the currency and becomes stake: total issuance is unchanged.
        T::Currency::burn_from(
            &coldkey,
            amount,
            Preservation::Preserve,
            Precision::Exact,
            Fortitude::Polite,
        )
        .map_err(|_| Error::<T>::NotEnoughBalanceToStake)?;
        Self::increase_stake(&hotkey, &coldkey, amount);
        Self::deposit_event(Event::StakeAdded {
            coldkey,
            hotkey,
            amount,
        });
        Ok(())
    }

    pub(crate) fn do_remove_stake(
        coldkey: T::AccountId,
        hotkey: T::AccountId,
        amount: u64,
    ) -> DispatchResult {
        ensure!(
            Owner::<T>::contains_key(&hotkey),
            Error::<T>::HotKeyAccountNotExists
        );
        ensure!(amount > 0, Error::<T>::StakeAmountZero);
        ensure!(
            Stake::<T>::get(&hotkey, &coldkey) >= amount,
            Error::<T>::NotEnoughStakeToWithdraw
        );
        Self::decrease_stake(&hotkey, &coldkey, amount);
        T::Currency::mint_into(&coldkey, amount).map_err(|_| Error::<T>::BalanceOperationFailed)?;
        Self::deposit_event(Event::StakeRemoved {
            coldkey,
            hotkey,
            amount,
        });
        Ok(())
    }

    /// Adds stake and keeps the three totals in step.
    pub(crate) fn increase_stake(hotkey: &T::AccountId, coldkey: &T::AccountId, amount: u64) {
        if amount == 0 {
            return;
        }
        Stake::<T>::mutate(hotkey, coldkey, |s| *s = s.saturating_add(amount));
        TotalHotkeyStake::<T>::mutate(hotkey, |s| *s = s.saturating_add(amount));
        TotalStake::<T>::mutate(|s| *s = s.saturating_add(amount));
        StakingHotkeys::<T>::mutate(coldkey, |hks| {
            if !hks.contains(hotkey) {
                hks.push(hotkey.clone());
            }
        });
    }

    /// Removes up to `amount` of stake and keeps the totals in step.
    pub(crate) fn decrease_stake(hotkey: &T::AccountId, coldkey: &T::AccountId, amount: u64) {
        let left = Stake::<T>::get(hotkey, coldkey).saturating_sub(amount);
        if left == 0 {
            Stake::<T>::remove(hotkey, coldkey);
            StakingHotkeys::<T>::mutate(coldkey, |hks| hks.retain(|h| h != hotkey));
        } else {
            Stake::<T>::insert(hotkey, coldkey, left);
        }
        // No zero totals left behind in storage.
        let total = TotalHotkeyStake::<T>::get(hotkey).saturating_sub(amount);
        if total == 0 {
            TotalHotkeyStake::<T>::remove(hotkey);
        } else {
            TotalHotkeyStake::<T>::insert(hotkey, total);
        }
        TotalStake::<T>::mutate(|s| *s = s.saturating_sub(amount));
    }

    fn ensure_owner(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
        let owner = Owner::<T>::get(hotkey).ok_or(Error::<T>::HotKeyAccountNotExists)?;
        ensure!(&owner == coldkey, Error::<T>::NonAssociatedColdKey);
        Ok(())
    }

    pub(crate) fn do_become_delegate(
        coldkey: T::AccountId,
        hotkey: T::AccountId,
    ) -> DispatchResult {
        Self::ensure_owner(&coldkey, &hotkey)?;
        ensure!(
            !Delegates::<T>::contains_key(&hotkey),
            Error::<T>::HotKeyAlreadyDelegate
        );
        let take = MaxTake::<T>::get();
        Delegates::<T>::insert(&hotkey, take);
        Self::deposit_event(Event::DelegateAdded {
            coldkey,
            hotkey,
            take,
        });
        Ok(())
    }

    pub(crate) fn do_decrease_take(
        coldkey: T::AccountId,
        hotkey: T::AccountId,
        take: u16,
    ) -> DispatchResult {
        Self::ensure_owner(&coldkey, &hotkey)?;
        let current = Delegates::<T>::get(&hotkey).ok_or(Error::<T>::HotKeyNotDelegate)?;
        ensure!(take < current, Error::<T>::InvalidTake);
        Delegates::<T>::insert(&hotkey, take);
        Self::deposit_event(Event::TakeChanged { hotkey, take });
        Ok(())
    }

    pub(crate) fn do_increase_take(
        coldkey: T::AccountId,
        hotkey: T::AccountId,
        take: u16,
    ) -> DispatchResult {
        Self::ensure_owner(&coldkey, &hotkey)?;
        let current = Delegates::<T>::get(&hotkey).ok_or(Error::<T>::HotKeyNotDelegate)?;
        ensure!(take > current, Error::<T>::InvalidTake);
        ensure!(take <= MaxTake::<T>::get(), Error::<T>::DelegateTakeTooHigh);
        let now = Self::now();
        if let Some(last) = LastTakeIncrease::<T>::get(&hotkey) {
            ensure!(
                now.saturating_sub(last) >= TakeRateLimit::<T>::get(),
                Error::<T>::DelegateTxRateLimitExceeded
            );
        }
        Delegates::<T>::insert(&hotkey, take);
        LastTakeIncrease::<T>::insert(&hotkey, now);
        Self::deposit_event(Event::TakeChanged { hotkey, take });
        Ok(())
    }
}
