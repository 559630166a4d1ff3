//! commit_weights / reveal_weights: the reveal window, expiry, wrong salt, the pending limit.

use super::mock::*;
use crate::{Error, Event, *};
use frame_support::{assert_noop, assert_ok};

/// Subnet 1 (tempo 10) with commit-reveal on, hotkeys 100..=102 with permits.
fn cr_subnet() -> u16 {
    let netuid = add_network(1);
    register_many(netuid, 100, 3, 1);
    grant_permits(netuid);
    set_hp(netuid, |hp| hp.commit_reveal_enabled = true);
    netuid
}

fn hash(hotkey: u64, netuid: u16, salt: &[u16]) -> sp_core::H256 {
    Subnets::commit_hash(&hotkey, netuid, &[1, 2], &[10, 20], salt, 0)
}

fn reveal(hotkey: u64, netuid: u16, salt: Vec<u16>) -> sp_runtime::DispatchResult {
    Subnets::reveal_weights(signed(hotkey), netuid, vec![1, 2], vec![10, 20], salt, 0)
}

#[test]
fn reveal_is_accepted_only_in_the_reveal_epoch() {
    new_test_ext().execute_with(|| {
        let netuid = cr_subnet();
        // epoch_index = (block + netuid + 1) / 11; block 1 -> epoch 0, reveal in epoch 1.
        assert_ok!(Subnets::commit_weights(
            signed(100),
            netuid,
            hash(100, netuid, &[7])
        ));
        assert_eq!(
            last_event(),
            Event::WeightsCommitted {
                netuid,
                hotkey: 100,
                hash: hash(100, netuid, &[7])
            }
        );
        assert_noop!(reveal(100, netuid, vec![7]), Error::<Test>::RevealTooEarly);
        run_to_block(9); // (9 + 2) / 11 = 1
        assert_noop!(
            reveal(100, netuid, vec![8]),
            Error::<Test>::InvalidRevealCommitHashNotMatch
        );
        assert_ok!(reveal(100, netuid, vec![7]));
        assert_eq!(
            Weights::<Test>::get(netuid, 0),
            vec![(1, 32768), (2, 65535)]
        );
        assert_eq!(
            last_event(),
            Event::WeightsRevealed {
                netuid,
                hotkey: 100,
                hash: hash(100, netuid, &[7])
            }
        );
        assert!(WeightCommits::<Test>::get(netuid, 100).is_empty());
        // Nothing left to reveal.
        assert_noop!(
            reveal(100, netuid, vec![7]),
            Error::<Test>::NoWeightsCommitFound
        );
    });
}

#[test]
fn late_reveal_is_expired() {
    new_test_ext().execute_with(|| {
        let netuid = cr_subnet();
        assert_ok!(Subnets::commit_weights(
            signed(100),
            netuid,
            hash(100, netuid, &[7])
        ));
        run_to_block(20); // (20 + 2) / 11 = 2: past epoch 1
        assert_noop!(
            reveal(100, netuid, vec![7]),
            Error::<Test>::ExpiredWeightCommit
        );
    });
}

#[test]
fn at_most_ten_pending_commits_and_expired_ones_do_not_count() {
    new_test_ext().execute_with(|| {
        let netuid = cr_subnet();
        for salt in 0..10u16 {
            assert_ok!(Subnets::commit_weights(
                signed(100),
                netuid,
                hash(100, netuid, &[salt])
            ));
        }
        assert_noop!(
            Subnets::commit_weights(signed(100), netuid, hash(100, netuid, &[99])),
            Error::<Test>::TooManyUnrevealedCommits
        );
        // Other hotkeys have their own limit.
        assert_ok!(Subnets::commit_weights(
            signed(101),
            netuid,
            hash(101, netuid, &[1])
        ));
        run_to_block(20);
        assert_ok!(Subnets::commit_weights(
            signed(100),
            netuid,
            hash(100, netuid, &[99])
        ));
        assert_eq!(WeightCommits::<Test>::get(netuid, 100).len(), 1);
    });
}

#[test]
fn commit_needs_commit_reveal_on_and_a_registered_hotkey() {
    new_test_ext().execute_with(|| {
        let netuid = cr_subnet();
        let h = hash(100, netuid, &[1]);
        assert_noop!(
            Subnets::commit_weights(signed(999), netuid, h),
            Error::<Test>::NotRegistered
        );
        assert_noop!(
            Subnets::commit_weights(signed(100), 9, h),
            Error::<Test>::SubnetNotExists
        );
        set_hp(netuid, |hp| hp.commit_reveal_enabled = false);
        assert_noop!(
            Subnets::commit_weights(signed(100), netuid, h),
            Error::<Test>::CommitRevealDisabled
        );
        assert_noop!(
            reveal(100, netuid, vec![1]),
            Error::<Test>::CommitRevealDisabled
        );
    });
}

#[test]
fn a_revealed_row_still_passes_the_weight_checks() {
    new_test_ext().execute_with(|| {
        let netuid = cr_subnet();
        let bad = Subnets::commit_hash(&100, netuid, &[1, 1], &[10, 20], &[3], 0);
        assert_ok!(Subnets::commit_weights(signed(100), netuid, bad));
        run_to_block(9);
        assert_noop!(
            Subnets::reveal_weights(signed(100), netuid, vec![1, 1], vec![10, 20], vec![3], 0),
            Error::<Test>::DuplicateUids
        );
    });
}
