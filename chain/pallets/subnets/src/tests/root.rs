//! root_register (top 64 by stake), set_root_weights, and root's epoch setting subnet emission.

use super::mock::*;
use crate::{Error, Event, *};
use frame_support::{assert_noop, assert_ok};

#[test]
fn root_register_appends_then_replaces_the_lowest_stake_only_with_more() {
    new_test_ext().execute_with(|| {
        set_hp(ROOT_NETUID, |hp| hp.max_allowed_uids = 2);
        assert_ok!(Subnets::root_register(signed(1), 100));
        assert_eq!(
            last_event(),
            Event::RootRegistered {
                uid: 0,
                hotkey: 100
            }
        );
        assert_ok!(Subnets::root_register(signed(2), 101));
        assert_noop!(
            Subnets::root_register(signed(1), 100),
            Error::<Test>::HotKeyAlreadyRegisteredInSubNet
        );
        assert_noop!(
            Subnets::root_register(signed(3), 100),
            Error::<Test>::NonAssociatedColdKey
        );
        assert_ok!(Subnets::add_stake(signed(1), 100, 5 * TOKEN));
        assert_ok!(Subnets::add_stake(signed(2), 101, 3 * TOKEN));
        // Newcomer 102 with 3 tokens: not more than the lowest (101 with 3).
        let netuid = add_network(3);
        register_neuron(netuid, 102, 3);
        assert_ok!(Subnets::add_stake(signed(3), 102, 3 * TOKEN));
        assert_noop!(
            Subnets::root_register(signed(3), 102),
            Error::<Test>::StakeTooLowForRoot
        );
        assert_ok!(Subnets::add_stake(signed(3), 102, 1));
        assert_ok!(Subnets::root_register(signed(3), 102));
        assert_eq!(Keys::<Test>::get(ROOT_NETUID, 1), Some(102));
        assert!(Uids::<Test>::get(ROOT_NETUID, 101).is_none());
        // 101 is registered nowhere now: its stake went back to coldkey 2.
        assert_eq!(stake_of(101, 2), 0);
        assert_invariants();
    });
}

#[test]
fn set_root_weights_checks() {
    new_test_ext().execute_with(|| {
        let a = add_network(1);
        assert_ok!(Subnets::root_register(signed(1), 100));
        assert_noop!(
            Subnets::set_root_weights(signed(100), vec![a], vec![1, 2], 0),
            Error::<Test>::WeightVecLengthMismatch
        );
        assert_noop!(
            Subnets::set_root_weights(signed(101), vec![a], vec![1], 0),
            Error::<Test>::NotRegistered
        );
        assert_noop!(
            Subnets::set_root_weights(signed(100), vec![a, a], vec![1, 1], 0),
            Error::<Test>::DuplicateUids
        );
        assert_noop!(
            Subnets::set_root_weights(signed(100), vec![ROOT_NETUID], vec![1], 0),
            Error::<Test>::UidNotFound
        );
        assert_noop!(
            Subnets::set_root_weights(signed(100), vec![9], vec![1], 0),
            Error::<Test>::UidNotFound
        );
        assert_ok!(Subnets::set_root_weights(signed(100), vec![a], vec![3], 0));
        assert_eq!(Weights::<Test>::get(ROOT_NETUID, 0), vec![(a, 65535)]);
        assert_eq!(
            last_event(),
            Event::RootWeightsSet {
                uid: 0,
                hotkey: 100
            }
        );
    });
}

/// Runs to the next root epoch block (root tempo 10: `(block + 1) % 11 == 0`).
fn run_to_root_epoch() {
    run_to_next_epoch(ROOT_NETUID);
}

#[test]
fn root_epoch_splits_equally_before_any_root_weight() {
    new_test_ext().execute_with(|| {
        let a = add_network(1);
        let b = add_network(2);
        run_to_root_epoch();
        let be = meshtensor_yuma::block_emission(issuance());
        let (ea, eb) = (
            EmissionValues::<Test>::get(a),
            EmissionValues::<Test>::get(b),
        );
        assert!(ea > 0 && ea.abs_diff(eb) <= 1, "{ea} vs {eb}");
        assert!(ea + eb <= be && ea + eb >= be - 2);
        assert!(events().contains(&Event::SubnetEmissionsSet { block: block() }));
    });
}

#[test]
fn root_weights_steer_emission_between_subnets() {
    new_test_ext().execute_with(|| {
        let a = add_network(1);
        let b = add_network(2);
        let c = add_network(3);
        assert_ok!(Subnets::root_register(signed(4), 100));
        assert_ok!(Subnets::add_stake(signed(4), 100, 100 * TOKEN));
        assert_ok!(Subnets::set_root_weights(
            signed(100),
            vec![a, b],
            vec![3, 1],
            0
        ));
        run_to_root_epoch();
        let (ea, eb, ec) = (
            EmissionValues::<Test>::get(a),
            EmissionValues::<Test>::get(b),
            EmissionValues::<Test>::get(c),
        );
        assert!(ea > eb && eb > ec, "{ea} {eb} {ec}");
        assert_eq!(ec, 0, "no weight, no emission");
        assert!(ea + eb + ec <= meshtensor_yuma::block_emission(issuance()));
    });
}

#[test]
fn pending_emission_accumulates_each_block() {
    new_test_ext().execute_with(|| {
        let a = add_network(1);
        // Root's first epoch is block 10, subnet 1's epochs are blocks 9, 20, 31...
        run_to_root_epoch();
        assert_eq!(block(), 10);
        let per_block = EmissionValues::<Test>::get(a);
        assert!(per_block > 0);
        assert_eq!(PendingEmission::<Test>::get(a), per_block);
        run_to_block(19);
        assert_eq!(PendingEmission::<Test>::get(a), 10 * per_block);
        run_to_block(20);
        assert_eq!(PendingEmission::<Test>::get(a), 0, "paid out at the epoch");
    });
}
