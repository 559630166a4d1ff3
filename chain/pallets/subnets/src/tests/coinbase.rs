//! Per-block emission, the epoch schedule, the owner's cut, payouts as stake, nominators, and
//! total issuance growing by exactly what is paid.

use super::mock::*;
use crate::{Event, *};
use frame_support::assert_ok;

/// Subnet owned by coldkey 1: validators 100 (coldkey 2, stake 60) and 101 (coldkey 3,
/// stake 40) weighting miners 200 and 201 (coldkey 4, no stake) 3:1.
fn economy() -> u16 {
    let netuid = add_network(1);
    register_neuron(netuid, 100, 2);
    register_neuron(netuid, 101, 3);
    register_neuron(netuid, 200, 4);
    register_neuron(netuid, 201, 4);
    assert_ok!(Subnets::add_stake(signed(2), 100, 60 * TOKEN));
    assert_ok!(Subnets::add_stake(signed(3), 101, 40 * TOKEN));
    grant_permits(netuid);
    // Weights set in the miners' registration block would be masked (yuma.md 5.4).
    run_to_block(2);
    for v in [100, 101] {
        assert_ok!(Subnets::set_weights(
            signed(v),
            netuid,
            vec![2, 3],
            vec![3, 1],
            0
        ));
    }
    netuid
}

#[test]
fn epochs_run_at_block_plus_netuid_plus_one_multiple_of_tempo_plus_one() {
    new_test_ext().execute_with(|| {
        let a = add_network(1);
        let b = add_network(2);
        run_to_block(40);
        let runs: Vec<(u16, u64)> = events()
            .into_iter()
            .filter_map(|e| match e {
                Event::EpochRun { netuid, block } => Some((netuid, block)),
                _ => None,
            })
            .collect();
        // tempo 10: netuid 1 at blocks 9, 20, 31; netuid 2 at 8, 19, 30.
        assert_eq!(
            runs,
            vec![(b, 8), (a, 9), (b, 19), (a, 20), (b, 30), (a, 31)]
        );
    });
}

#[test]
fn epoch_pays_owner_18_percent_and_the_rest_as_stake_growing_issuance_exactly() {
    new_test_ext().execute_with(|| {
        let netuid = economy();
        // Root sets emission at block 10; the subnet's next epoch is block 20.
        run_to_block(19);
        let per_block = EmissionValues::<Test>::get(netuid);
        assert!(per_block > 0);
        let pending = PendingEmission::<Test>::get(netuid) + per_block;
        let (owner_free, iss, stake) = (free(1), issuance(), TotalStake::<Test>::get());
        run_to_block(20);
        let Some(Event::EmissionPaid {
            owner_cut,
            miners,
            validators,
            ..
        }) = events()
            .into_iter()
            .rev()
            .find(|e| matches!(e, Event::EmissionPaid { .. }))
        else {
            panic!("no EmissionPaid")
        };
        assert_eq!(
            owner_cut,
            (u128::from(pending) * 11796 / 65535) as u64,
            "18% of pending"
        );
        assert_eq!(
            free(1),
            owner_free + owner_cut,
            "owner's cut to its free balance"
        );
        assert_eq!(
            TotalStake::<Test>::get(),
            stake + miners + validators,
            "the rest is staked"
        );
        assert_eq!(
            issuance(),
            iss + owner_cut + miners + validators,
            "issuance grows by what is paid"
        );
        assert!(owner_cut + miners + validators <= pending);

        // Economics: miners and validators each get half of what the owner leaves. Rounding
        // bound: each of n uids loses under one base unit per amount, and the I32F32 shares
        // are off by at most a few 2^-32 each: n * (4 * E / 2^32 + 1) base units.
        let e = pending - owner_cut;
        let bound = 4 * (4 * e / (1u64 << 32) + 1);
        assert!(
            miners.abs_diff(e / 2) <= bound,
            "miners {miners} vs {}",
            e / 2
        );
        assert!(
            validators.abs_diff(e / 2) <= bound,
            "validators {validators} vs {}",
            e / 2
        );
        // Miner 200 got 3x miner 201's weight: it earns more.
        assert!(stake_of(200, 4) > stake_of(201, 4));
        // Same weights: validators earn in proportion to stake (60:40), up to the u16
        // quantization of the stored bonds the dividends come from.
        let (v0, v1) = (stake_of(100, 2) - 60 * TOKEN, stake_of(101, 3) - 40 * TOKEN);
        assert!((v0 as f64 / v1 as f64 - 1.5).abs() < 1e-3, "{v0} {v1}");
        assert_invariants();
    });
}

#[test]
fn over_many_epochs_issuance_grows_by_exactly_the_sum_paid() {
    new_test_ext().execute_with(|| {
        let netuid = economy();
        let (iss, paid0) = (issuance(), emission_paid());
        step_epochs(netuid, 6);
        let paid = emission_paid();
        let total_paid = (paid.0 - paid0.0) + (paid.1 - paid0.1) + (paid.2 - paid0.2);
        assert!(total_paid > 0);
        assert_eq!(issuance(), iss + total_paid);
        // Owner share over all epochs is 18% of everything paid, up to rounding.
        let owner_share = paid.0 as f64 / (paid.0 + paid.1 + paid.2) as f64;
        assert!(
            (owner_share - 11796.0 / 65535.0).abs() < 1e-6,
            "{owner_share}"
        );
        assert_invariants();
    });
}

#[test]
fn nominators_are_paid_pro_rata_after_the_delegate_take() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 2);
        register_neuron(netuid, 200, 4);
        assert_ok!(Subnets::become_delegate(signed(2), 100));
        assert_ok!(Subnets::add_stake(signed(2), 100, 30 * TOKEN));
        assert_ok!(Subnets::add_stake(signed(5), 100, 10 * TOKEN));
        grant_permits(netuid);
        run_to_block(2);
        assert_ok!(Subnets::set_weights(
            signed(100),
            netuid,
            vec![1],
            vec![1],
            0
        ));
        run_to_block(19);
        let (owner0, nom0) = (stake_of(100, 2), stake_of(100, 5));
        run_to_block(20);
        let Some(Event::EmissionPaid { validators, .. }) = events()
            .into_iter()
            .rev()
            .find(|e| matches!(e, Event::EmissionPaid { .. }))
        else {
            panic!("no EmissionPaid")
        };
        assert!(validators > 0);
        let take = (u128::from(validators) * 11796 / 65535) as u64;
        let nominator = (u128::from(validators - take) * 10 / 40) as u64;
        assert_eq!(
            stake_of(100, 5) - nom0,
            nominator,
            "nominator's pro rata share"
        );
        assert_eq!(
            stake_of(100, 2) - owner0,
            validators - nominator,
            "owner: take, its share, dust"
        );
        assert_invariants();
    });
}

#[test]
fn on_initialize_charges_for_the_epochs_it_runs() {
    new_test_ext().execute_with(|| {
        let netuid = economy();
        run_to_block(18);
        let quiet = run_to_block(19);
        let with_epoch = run_to_block(20);
        assert!(Subnets::is_epoch_block(netuid, 10, 20));
        assert!(with_epoch.ref_time() > quiet.ref_time());
        let expected_min = <() as WeightInfo>::epoch(4, 0, 0);
        assert!(with_epoch.ref_time() >= expected_min.ref_time());
    });
}

#[test]
fn a_single_self_weight_earns_no_incentive() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 2);
        register_neuron(netuid, 101, 3);
        assert_ok!(Subnets::add_stake(signed(2), 100, 10 * TOKEN));
        grant_permits(netuid);
        assert_ok!(Subnets::set_weights(
            signed(100),
            netuid,
            vec![0],
            vec![1],
            0
        ));
        step_epochs(netuid, 3);
        let m = Subnets::get_metagraph(netuid, false).unwrap();
        assert_eq!(m.incentive, vec![0, 0]);
    });
}
