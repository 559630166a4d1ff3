//! Storage migrations, run by `on_runtime_upgrade` when the stored pallet version is older
//! than the code's.
//!
//! v1 (Yuma 3 options, `spec/yuma3.md`): `SubnetHyperparams` gained seven fields at its end.
//! Every stored value (each subnet's and the defaults for new subnets) is re-encoded with the
//! spec's defaults for them, which keep the classic epoch.
//!
//! v2 (fee-free hotkey calls, `extension.rs`): every hotkey registered somewhere holds one
//! `sufficients` reference on its account (`join_subnet`); hotkeys registered before v2 get it.

use crate::*;
use codec::Decode;
use frame_support::{pallet_prelude::*, traits::StorageVersion};

/// `SubnetHyperparams` before v1, field for field.
#[derive(Decode)]
struct HyperparamsV0 {
    tempo: u16,
    immunity_period: u16,
    max_allowed_uids: u16,
    max_allowed_validators: u16,
    min_allowed_weights: u16,
    max_weight_limit: u16,
    kappa: u16,
    bonds_moving_average: u64,
    activity_cutoff: u16,
    weights_rate_limit: u64,
    weights_version_key: u64,
    serving_rate_limit: u64,
    target_registrations_per_interval: u16,
    max_registrations_per_block: u16,
    adjustment_interval: u16,
    adjustment_alpha: u64,
    burn: u64,
    min_burn: u64,
    max_burn: u64,
    commit_reveal_enabled: bool,
    reveal_period_epochs: u64,
    registration_allowed: bool,
}

impl HyperparamsV0 {
    fn upgrade(self) -> SubnetHyperparams {
        SubnetHyperparams {
            tempo: self.tempo,
            immunity_period: self.immunity_period,
            max_allowed_uids: self.max_allowed_uids,
            max_allowed_validators: self.max_allowed_validators,
            min_allowed_weights: self.min_allowed_weights,
            max_weight_limit: self.max_weight_limit,
            kappa: self.kappa,
            bonds_moving_average: self.bonds_moving_average,
            activity_cutoff: self.activity_cutoff,
            weights_rate_limit: self.weights_rate_limit,
            weights_version_key: self.weights_version_key,
            serving_rate_limit: self.serving_rate_limit,
            target_registrations_per_interval: self.target_registrations_per_interval,
            max_registrations_per_block: self.max_registrations_per_block,
            adjustment_interval: self.adjustment_interval,
            adjustment_alpha: self.adjustment_alpha,
            burn: self.burn,
            min_burn: self.min_burn,
            max_burn: self.max_burn,
            commit_reveal_enabled: self.commit_reveal_enabled,
            reveal_period_epochs: self.reveal_period_epochs,
            registration_allowed: self.registration_allowed,
            ..SubnetHyperparams::default()
        }
    }
}

/// v0 -> v1; a no-op (one read) once the stored version is 1.
pub fn migrate_to_v1<T: Config>() -> Weight {
    let db = T::DbWeight::get();
    if StorageVersion::get::<Pallet<T>>() >= 1 {
        return db.reads(1);
    }
    let mut subnets = 0u64;
    Hyperparams::<T>::translate::<HyperparamsV0, _>(|_netuid, old| {
        subnets = subnets.saturating_add(1);
        Some(old.upgrade())
    });
    // A default that does not decode as v0 either stays as it is (ValueQuery then reads the
    // code default); the result of translate is only an error in that case.
    let _ = DefaultHyperparams::<T>::translate::<HyperparamsV0, _>(|old| old.map(|o| o.upgrade()));
    StorageVersion::new(1).put::<Pallet<T>>();
    db.reads_writes(subnets.saturating_add(2), subnets.saturating_add(2))
}

/// v1 -> v2: one `sufficients` reference for each hotkey registered on some subnet, as
/// `join_subnet` takes from v2 on (and `leave_subnet` drops). A no-op (one read) once the
/// stored version is 2. Reads every `IsNetworkMember` key (at most 128 subnets x 4096 uids).
pub fn migrate_to_v2<T: Config>() -> Weight {
    let db = T::DbWeight::get();
    if StorageVersion::get::<Pallet<T>>() >= 2 {
        return db.reads(1);
    }
    let mut keys = 0u64;
    let mut hotkeys = 0u64;
    let mut last: Option<T::AccountId> = None;
    // Keys iterate grouped by hotkey (its hash is the first key): count each hotkey once.
    for (hotkey, _netuid) in IsNetworkMember::<T>::iter_keys() {
        keys = keys.saturating_add(1);
        if last.as_ref() != Some(&hotkey) {
            frame_system::Pallet::<T>::inc_sufficients(&hotkey);
            hotkeys = hotkeys.saturating_add(1);
            last = Some(hotkey);
        }
    }
    StorageVersion::new(2).put::<Pallet<T>>();
    db.reads_writes(
        keys.saturating_add(hotkeys).saturating_add(1),
        hotkeys.saturating_add(1),
    )
}
