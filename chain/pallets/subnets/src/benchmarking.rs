//! FRAME benchmarks of the heavy paths (`runtime-benchmarks` feature). They run as tests in the
//! mock (`cargo test -p pallet-subnets --features runtime-benchmarks`); a runtime can run them
//! with a benchmark CLI to replace the counted weights of `weight_info.rs`.
// Benchmark setup only exists in benchmark builds and must fail loudly, not silently.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sp_runtime::traits::SaturatedConversion;

const FUNDS: u64 = 1_000_000 * TOKEN;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
    let who: T::AccountId = account(name, i, 0);
    T::Currency::mint_into(&who, FUNDS).unwrap();
    who
}

/// A subnet owned by a funded account, with `n` uids (hotkeys `hot/i`) and open registration.
fn subnet_with<T: Config>(n: u16) -> (u16, T::AccountId) {
    let owner = funded::<T>("owner", 0);
    Pallet::<T>::do_register_network(owner.clone()).unwrap();
    let netuid = Pallet::<T>::user_netuids().into_iter().max().unwrap();
    Hyperparams::<T>::mutate(netuid, |hp| {
        let hp = hp.as_mut().unwrap();
        hp.max_allowed_uids = n.max(1);
        hp.max_registrations_per_block = u16::MAX;
        hp.target_registrations_per_interval = u16::MAX / 3;
        hp.weights_rate_limit = 0;
        hp.serving_rate_limit = 0;
    });
    for i in 0..u32::from(n) {
        let hotkey: T::AccountId = account("hot", i, 0);
        Pallet::<T>::do_burned_register(owner.clone(), netuid, hotkey).unwrap();
    }
    (netuid, owner)
}

#[benchmarks]
mod benchmarks {
    use super::*;

    #[benchmark]
    fn register_network() {
        let caller = funded::<T>("caller", 0);
        #[extrinsic_call]
        _(RawOrigin::Signed(caller));
        assert_eq!(Pallet::<T>::user_netuids().len(), 1);
    }

    /// Worst case: the subnet is full and a uid is replaced.
    #[benchmark]
    fn burned_register() {
        let (netuid, owner) = subnet_with::<T>(64);
        let hotkey: T::AccountId = account("new", 0, 0);
        #[extrinsic_call]
        _(RawOrigin::Signed(owner), netuid, hotkey.clone());
        assert!(Uids::<T>::contains_key(netuid, &hotkey));
    }

    #[benchmark]
    fn set_weights(n: Linear<2, 256>) {
        let (netuid, _) = subnet_with::<T>(n as u16);
        Neurons::<T>::mutate(netuid, |s| {
            s.validator_permit.iter_mut().for_each(|p| *p = true)
        });
        let hotkey: T::AccountId = account("hot", 0, 0);
        let uids: Vec<u16> = (0..n as u16).collect();
        let values: Vec<u16> = (1..=n as u16).collect();
        #[extrinsic_call]
        _(RawOrigin::Signed(hotkey), netuid, uids, values, 0);
        assert_eq!(Weights::<T>::get(netuid, 0).len(), n as usize);
    }

    #[benchmark]
    fn add_stake() {
        let (_, owner) = subnet_with::<T>(1);
        let hotkey: T::AccountId = account("hot", 0, 0);
        #[extrinsic_call]
        _(RawOrigin::Signed(owner.clone()), hotkey.clone(), TOKEN);
        assert_eq!(Stake::<T>::get(&hotkey, &owner), TOKEN);
    }

    #[benchmark]
    fn remove_stake() {
        let (_, owner) = subnet_with::<T>(1);
        let hotkey: T::AccountId = account("hot", 0, 0);
        Pallet::<T>::do_add_stake(owner.clone(), hotkey.clone(), 2 * TOKEN).unwrap();
        #[extrinsic_call]
        _(RawOrigin::Signed(owner.clone()), hotkey.clone(), TOKEN);
        assert_eq!(Stake::<T>::get(&hotkey, &owner), TOKEN);
    }

    /// One epoch of `n` uids where a quarter are validators weighting every other uid.
    #[benchmark]
    fn epoch(n: Linear<4, 256>) {
        let (netuid, owner) = subnet_with::<T>(n as u16);
        let validators = (n / 4).max(1) as u16;
        for v in 0..validators {
            let hotkey: T::AccountId = account("hot", u32::from(v), 0);
            Pallet::<T>::increase_stake(&hotkey, &owner, TOKEN);
            let row: Vec<(u16, u16)> = (validators..n as u16).map(|m| (m, 1 + m % 1000)).collect();
            Weights::<T>::insert(netuid, v, row);
        }
        let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into::<u64>() + 1;
        Neurons::<T>::mutate(netuid, |s| {
            s.last_update.iter_mut().for_each(|l| *l = now);
            s.validator_permit.iter_mut().for_each(|p| *p = true);
        });
        PendingEmission::<T>::insert(netuid, 10 * TOKEN);
        #[block]
        {
            Pallet::<T>::run_and_pay_epoch(netuid, now + 1);
        }
        assert_eq!(PendingEmission::<T>::get(netuid), 0);
    }

    impl_benchmark_test_suite!(
        Pallet,
        crate::tests::mock::new_test_ext(),
        crate::tests::mock::Test
    );
}
