//! Each block: root's epoch on its tempo, burn adjustments, pending emission, and each
//! subnet's epoch at `(block + netuid + 1) % (tempo + 1) == 0` with its payout.

use crate::*;
use frame_support::{traits::fungible::Mutate, weights::Weight};
use sp_std::vec::Vec;

/// `amount * numerator / denominator` without overflow (0 for a zero denominator).
pub fn mul_div(amount: u64, numerator: u64, denominator: u64) -> u64 {
    u128::from(amount)
        .saturating_mul(u128::from(numerator))
        .checked_div(u128::from(denominator))
        .and_then(|v| u64::try_from(v).ok())
        .unwrap_or(0)
}

impl<T: Config> Pallet<T> {
    /// Whether `block` is an epoch block of `netuid` with this tempo.
    pub fn is_epoch_block(netuid: u16, tempo: u16, block: u64) -> bool {
        block
            .saturating_add(u64::from(netuid))
            .saturating_add(1)
            .checked_rem(u64::from(tempo).saturating_add(1))
            == Some(0)
    }

    /// Everything `on_initialize` does; returns the weight of what actually ran.
    pub(crate) fn block_step(now: u64) -> Weight {
        let mut weight = T::WeightInfo::block_step_base();
        let params = NetworkParamsStore::<T>::get();
        if Self::is_epoch_block(ROOT_NETUID, params.root_tempo, now) {
            let (members, subnets) = Self::run_root_epoch(now);
            weight = weight.saturating_add(T::WeightInfo::root_epoch(members, subnets));
        }
        for netuid in Self::user_netuids() {
            weight = weight.saturating_add(T::WeightInfo::subnet_block_step());
            if Self::adjust_burn(netuid, now) {
                weight = weight.saturating_add(T::WeightInfo::adjust_burn());
            }
            let per_block = EmissionValues::<T>::get(netuid);
            PendingEmission::<T>::mutate(netuid, |p| *p = p.saturating_add(per_block));
            let Some(hp) = Hyperparams::<T>::get(netuid) else {
                continue;
            };
            if Self::is_epoch_block(netuid, hp.tempo, now) {
                weight = weight.saturating_add(Self::run_and_pay_epoch(netuid, now));
            }
        }
        weight
    }

    /// The owner's 18% of the pending emission to its free balance, the rest through the
    /// epoch to hotkeys and nominators (as stake). Total issuance grows by exactly what is paid;
    /// what rounding leaves unpaid is not minted.
    pub(crate) fn run_and_pay_epoch(netuid: u16, now: u64) -> Weight {
        let pending = PendingEmission::<T>::get(netuid);
        let owner_cut = mul_div(pending, u64::from(OWNER_CUT_U16), u64::from(u16::MAX));
        let to_split = pending.saturating_sub(owner_cut);
        let result = Self::epoch(netuid, now, to_split);

        let mut miners = 0u64;
        let mut validators = 0u64;
        let mut stakers = 0u32;
        for (hotkey, server, validator) in result.payouts.iter() {
            // Only what was actually staked counts as paid (a hotkey always has an owner, but
            // the totals must stay exact even if it had none).
            if let Some(paid_to) = Self::pay_hotkey(hotkey, *server, *validator) {
                stakers = stakers.saturating_add(paid_to);
                miners = miners.saturating_add(*server);
                validators = validators.saturating_add(*validator);
            }
        }
        // An owner cut the currency refuses (e.g. below the existential deposit) stays pending.
        let mut left = 0u64;
        let mut paid_cut = 0u64;
        if owner_cut > 0 {
            match SubnetOwner::<T>::get(netuid) {
                Some(owner) if T::Currency::mint_into(&owner, owner_cut).is_ok() => {
                    paid_cut = owner_cut
                }
                Some(_) => left = owner_cut,
                None => {}
            }
        }
        PendingEmission::<T>::insert(netuid, left);
        LastEpochBlock::<T>::insert(netuid, now);
        Self::deposit_event(Event::EpochRun { netuid, block: now });
        Self::deposit_event(Event::EmissionPaid {
            netuid,
            owner_cut: paid_cut,
            miners,
            validators,
        });
        T::WeightInfo::epoch(result.n, result.weight_entries, stakers)
    }

    /// Stakes a uid's emission: the server part and the delegate take to the owner coldkey, the
    /// rest of the validator part to every staker on the hotkey pro rata (the owner included),
    /// rounding dust to the owner. Returns the number of stakers paid (`None`: nothing paid).
    pub(crate) fn pay_hotkey(hotkey: &T::AccountId, server: u64, validator: u64) -> Option<u32> {
        let owner = Owner::<T>::get(hotkey)?;
        let take = Delegates::<T>::get(hotkey).unwrap_or(0);
        let take_amount = mul_div(validator, u64::from(take), u64::from(u16::MAX));
        let pool = validator.saturating_sub(take_amount);
        let total = TotalHotkeyStake::<T>::get(hotkey);
        let mut shares: Vec<(T::AccountId, u64)> = Vec::new();
        let mut shared = 0u64;
        if total > 0 {
            for (coldkey, stake) in Stake::<T>::iter_prefix(hotkey) {
                if coldkey == owner {
                    continue;
                }
                let share = mul_div(pool, stake, total);
                shared = shared.saturating_add(share);
                shares.push((coldkey, share));
            }
        }
        let owner_amount = server.saturating_add(validator).saturating_sub(shared);
        Self::increase_stake(hotkey, &owner, owner_amount);
        let paid = u32::try_from(shares.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        for (coldkey, share) in shares {
            Self::increase_stake(hotkey, &coldkey, share);
        }
        Some(paid)
    }
}
