//! set_weights: each check in the spec's order with its own error, and how a row is stored.

use super::mock::*;
use crate::{Error, Event, *};
use frame_support::{assert_noop, assert_ok};

/// A subnet with hotkeys 100, 101, 102 at uids 0, 1, 2, all holding permits.
fn subnet3() -> u16 {
    let netuid = add_network(1);
    register_many(netuid, 100, 3, 1);
    grant_permits(netuid);
    netuid
}

fn set(hotkey: u64, netuid: u16, uids: Vec<u16>, values: Vec<u16>) -> sp_runtime::DispatchResult {
    Subnets::set_weights(signed(hotkey), netuid, uids, values, 0)
}

#[test]
fn stores_the_row_max_upscaled_and_the_update_block() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        run_to_block(5);
        assert_ok!(set(100, netuid, vec![1, 2], vec![43690, 21845]));
        assert_eq!(
            Weights::<Test>::get(netuid, 0),
            vec![(1, 65535), (2, 32768)]
        );
        assert_eq!(Neurons::<Test>::get(netuid).last_update[0], 5);
        assert_eq!(last_event(), Event::WeightsSet { netuid, uid: 0 });
    });
}

#[test]
fn checks_structure_before_registration() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        assert_noop!(
            set(100, ROOT_NETUID, vec![1], vec![1]),
            Error::<Test>::RootNetworkNotAllowed
        );
        assert_noop!(
            set(100, netuid, vec![1, 2], vec![1]),
            Error::<Test>::WeightVecLengthMismatch
        );
        assert_noop!(
            set(100, 9, vec![1], vec![1]),
            Error::<Test>::SubnetNotExists
        );
        assert_noop!(
            set(100, netuid, vec![0, 1, 2, 3], vec![1, 1, 1, 1]),
            Error::<Test>::WeightVecTooLong
        );
        // An unregistered hotkey with duplicate uids: registration is checked first.
        assert_noop!(
            set(999, netuid, vec![1, 1], vec![1, 1]),
            Error::<Test>::NotRegistered
        );
    });
}

#[test]
fn version_key_must_reach_the_subnets() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        set_hp(netuid, |hp| hp.weights_version_key = 5);
        assert_noop!(
            Subnets::set_weights(signed(100), netuid, vec![1], vec![1], 4),
            Error::<Test>::IncorrectWeightVersionKey
        );
        assert_ok!(Subnets::set_weights(
            signed(100),
            netuid,
            vec![1],
            vec![1],
            5
        ));
        assert_ok!(Subnets::set_weights(
            signed(101),
            netuid,
            vec![0],
            vec![1],
            6
        ));
    });
}

#[test]
fn rate_limit_counts_from_the_last_update() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        set_hp(netuid, |hp| hp.weights_rate_limit = 10);
        assert_ok!(set(100, netuid, vec![1], vec![1]));
        run_to_block(10);
        assert_noop!(
            set(100, netuid, vec![1], vec![1]),
            Error::<Test>::SettingWeightsTooFast
        );
        run_to_block(11);
        assert_ok!(set(100, netuid, vec![1], vec![1]));
    });
}

#[test]
fn permit_is_needed_except_for_a_single_self_weight() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_many(netuid, 100, 3, 1);
        assert_noop!(
            set(101, netuid, vec![0], vec![1]),
            Error::<Test>::NoValidatorPermit
        );
        assert_noop!(
            set(101, netuid, vec![1, 0], vec![1, 1]),
            Error::<Test>::NoValidatorPermit
        );
        assert_ok!(set(101, netuid, vec![1], vec![9]));
        assert_eq!(Weights::<Test>::get(netuid, 1), vec![(1, 65535)]);
    });
}

#[test]
fn duplicate_and_unknown_uids_are_refused() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        assert_noop!(
            set(100, netuid, vec![1, 1], vec![1, 2]),
            Error::<Test>::DuplicateUids
        );
        assert_noop!(
            set(100, netuid, vec![1, 7], vec![1, 2]),
            Error::<Test>::UidNotFound
        );
    });
}

#[test]
fn too_few_weights_unless_self_weight() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        set_hp(netuid, |hp| hp.min_allowed_weights = 2);
        assert_noop!(
            set(100, netuid, vec![1], vec![1]),
            Error::<Test>::TooFewWeights
        );
        assert_ok!(set(100, netuid, vec![0], vec![1]));
        assert_ok!(set(101, netuid, vec![0, 2], vec![1, 1]));
        // min(min_allowed_weights, n): a minimum above n asks for n.
        set_hp(netuid, |hp| hp.min_allowed_weights = 50);
        assert_ok!(set(102, netuid, vec![0, 1, 2], vec![1, 1, 1]));
    });
}

#[test]
fn max_weight_limit_bounds_the_normalized_max() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        set_hp(netuid, |hp| hp.max_weight_limit = 32768);
        assert_noop!(
            set(100, netuid, vec![1, 2], vec![3, 1]),
            Error::<Test>::MaxWeightExceeded
        );
        // Half and half is within 32768 / 65535.
        assert_ok!(set(100, netuid, vec![1, 2], vec![5, 5]));
        // A self-weight is exempt.
        assert_ok!(set(101, netuid, vec![1], vec![5]));
    });
}

#[test]
fn plain_set_weights_is_refused_when_commit_reveal_is_on() {
    new_test_ext().execute_with(|| {
        let netuid = subnet3();
        set_hp(netuid, |hp| hp.commit_reveal_enabled = true);
        assert_noop!(
            set(100, netuid, vec![1], vec![1]),
            Error::<Test>::CommitRevealEnabled
        );
    });
}
