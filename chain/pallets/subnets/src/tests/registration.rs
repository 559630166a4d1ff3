//! burned_register (ordered checks, burn, append or prune), burn adjustment, serve_axon.

use super::mock::*;
use crate::{registration::next_burn, Error, Event, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};

#[test]
fn register_appends_burns_and_records_ownership() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        let burn = Subnets::get_registration_cost(netuid).unwrap();
        assert_eq!(burn, TOKEN);
        let (before_free, before_issuance) = (free(1), issuance());
        assert_ok!(Subnets::burned_register(signed(1), netuid, 100));
        assert_eq!(free(1), before_free - burn);
        assert_eq!(
            issuance(),
            before_issuance - burn,
            "the burn lowers total issuance"
        );
        assert_eq!(Owner::<Test>::get(100), Some(1));
        assert_eq!(Uids::<Test>::get(netuid, 100), Some(0));
        assert_eq!(Keys::<Test>::get(netuid, 0), Some(100));
        assert_eq!(SubnetworkN::<Test>::get(netuid), 1);
        assert_eq!(Neurons::<Test>::get(netuid).block_at_registration, vec![1]);
        assert_eq!(
            last_event(),
            Event::NeuronRegistered {
                netuid,
                uid: 0,
                hotkey: 100
            }
        );
        assert_eq!(register_neuron(netuid, 101, 2), 1);
        assert_invariants();
    });
}

#[test]
fn register_checks_each_fail_with_their_own_error() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        assert_noop!(
            Subnets::burned_register(signed(1), 9, 100),
            Error::<Test>::SubnetNotExists
        );
        assert_noop!(
            Subnets::burned_register(signed(1), ROOT_NETUID, 100),
            Error::<Test>::RootNetworkNotAllowed
        );
        set_hp(netuid, |hp| hp.registration_allowed = false);
        assert_noop!(
            Subnets::burned_register(signed(1), netuid, 100),
            Error::<Test>::RegistrationDisabled
        );
        set_hp(netuid, |hp| {
            hp.registration_allowed = true;
            hp.max_registrations_per_block = 1;
            hp.target_registrations_per_interval = 1;
        });
        register_neuron(netuid, 100, 1);
        assert_noop!(
            Subnets::burned_register(signed(1), netuid, 101),
            Error::<Test>::TooManyRegistrationsThisBlock
        );
        run_to_block(2);
        register_neuron(netuid, 101, 1);
        run_to_block(3);
        register_neuron(netuid, 102, 1);
        run_to_block(4);
        // 3 x target (1) reached in this interval.
        assert_noop!(
            Subnets::burned_register(signed(1), netuid, 103),
            Error::<Test>::TooManyRegistrationsThisInterval
        );
        set_hp(netuid, |hp| hp.target_registrations_per_interval = 10);
        assert_noop!(
            Subnets::burned_register(signed(1), netuid, 100),
            Error::<Test>::HotKeyAlreadyRegisteredInSubNet
        );
        assert_noop!(
            Subnets::burned_register(signed(99), netuid, 150),
            Error::<Test>::NotEnoughBalanceToBurn
        );
    });
}

#[test]
fn register_refuses_a_poor_coldkey_and_someone_elses_hotkey() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        fund(99, TOKEN / 2);
        assert_noop!(
            Subnets::burned_register(signed(99), netuid, 100),
            Error::<Test>::NotEnoughBalanceToBurn
        );
        register_neuron(netuid, 100, 1);
        let other = add_network(2);
        assert_noop!(
            Subnets::burned_register(signed(2), other, 100),
            Error::<Test>::NonAssociatedColdKey
        );
        // The owner may register its hotkey on another subnet.
        register_neuron(other, 100, 1);
    });
}

#[test]
fn earlier_check_wins_when_several_fail() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 1);
        set_hp(netuid, |hp| hp.registration_allowed = false);
        // Already registered AND registration disabled AND a poor coldkey: disabled comes first.
        assert_noop!(
            Subnets::burned_register(signed(99), netuid, 100),
            Error::<Test>::RegistrationDisabled
        );
        set_hp(netuid, |hp| hp.registration_allowed = true);
        assert_noop!(
            Subnets::burned_register(signed(99), netuid, 100),
            Error::<Test>::HotKeyAlreadyRegisteredInSubNet
        );
    });
}

/// A subnet with 3 uids max, hotkeys 100, 101, 102 registered at blocks 1, 2, 3.
fn full_subnet() -> u16 {
    let netuid = add_network(1);
    set_hp(netuid, |hp| hp.max_allowed_uids = 3);
    for (i, h) in [100u64, 101, 102].into_iter().enumerate() {
        run_to_block(1 + i as u64);
        register_neuron(netuid, h, 1);
    }
    netuid
}

#[test]
fn full_subnet_replaces_lowest_pruning_score_past_immunity_keeping_rows() {
    new_test_ext().execute_with(|| {
        let netuid = full_subnet();
        run_to_block(30); // immunity 20: all three are past it
        Weights::<Test>::insert(netuid, 1, vec![(0u16, 65535u16)]);
        Bonds::<Test>::insert(netuid, 1, vec![(0u16, 100u16)]);
        Neurons::<Test>::mutate(netuid, |s| s.pruning_score = vec![500, 100, 300]);
        let uid = register_neuron(netuid, 200, 2);
        assert_eq!(uid, 1);
        assert_eq!(Keys::<Test>::get(netuid, 1), Some(200));
        assert!(Uids::<Test>::get(netuid, 101).is_none());
        assert_eq!(
            Neurons::<Test>::get(netuid).block_at_registration,
            vec![1, 30, 3]
        );
        // The old rows stay; the epoch masks them (yuma.md 5.4).
        assert_eq!(Weights::<Test>::get(netuid, 1), vec![(0, 65535)]);
        assert_eq!(Bonds::<Test>::get(netuid, 1), vec![(0, 100)]);
        assert_eq!(SubnetworkN::<Test>::get(netuid), 3);
        assert!(events().contains(&Event::NeuronReplaced {
            netuid,
            uid: 1,
            old_hotkey: 101,
            hotkey: 200
        }));
        assert_invariants();
    });
}

#[test]
fn a_replaced_uid_starts_like_a_new_one_and_keeps_its_rows() {
    new_test_ext().execute_with(|| {
        let netuid = full_subnet();
        run_to_block(30);
        // What the old hotkeys earned and set: a permit, scores, a last weights update.
        Neurons::<Test>::mutate(netuid, |s| {
            s.active = vec![false; 3];
            s.validator_permit = vec![true; 3];
            for v in [
                &mut s.rank,
                &mut s.trust,
                &mut s.consensus,
                &mut s.incentive,
                &mut s.dividends,
                &mut s.validator_trust,
            ] {
                *v = vec![7; 3];
            }
            s.pruning_score = vec![500, 100, 300];
            s.emission = vec![9; 3];
            s.last_update = vec![25; 3];
        });
        Weights::<Test>::insert(netuid, 1, vec![(0u16, 65535u16)]);
        Bonds::<Test>::insert(netuid, 1, vec![(0u16, 100u16)]);
        let old = Neurons::<Test>::get(netuid);
        assert_eq!(register_neuron(netuid, 200, 2), 1);

        // uid 1 reads exactly as a uid appended at block 30 ...
        let mut fresh = NeuronState::default();
        fresh.push(30);
        let s = Neurons::<Test>::get(netuid);
        let at = |s: &NeuronState, i: usize| {
            (
                s.active[i],
                s.validator_permit[i],
                [
                    s.rank[i],
                    s.trust[i],
                    s.consensus[i],
                    s.incentive[i],
                    s.dividends[i],
                    s.validator_trust[i],
                    s.pruning_score[i],
                ],
                s.emission[i],
                s.last_update[i],
                s.block_at_registration[i],
            )
        };
        assert_eq!(at(&s, 1), at(&fresh, 0));
        assert!(!s.validator_permit[1]);
        assert_eq!(s.last_update[1], 0);
        // ... the other uids are untouched, and the old rows stay for the epoch to mask.
        assert_eq!(at(&s, 0), at(&old, 0));
        assert_eq!(at(&s, 2), at(&old, 2));
        assert_eq!(Weights::<Test>::get(netuid, 1), vec![(0, 65535)]);
        assert_eq!(Bonds::<Test>::get(netuid, 1), vec![(0, 100)]);
        assert_invariants();
    });
}

#[test]
fn pruning_ties_go_to_earliest_registration_then_lowest_uid_and_immune_last() {
    new_test_ext().execute_with(|| {
        let netuid = full_subnet();
        run_to_block(22);
        // uid 0 (block 1) and 1 (block 2) past immunity, uid 2 (block 3) immune at block 22.
        Neurons::<Test>::mutate(netuid, |s| s.pruning_score = vec![7, 7, 0]);
        assert_eq!(
            Subnets::neuron_to_prune(netuid, 22, 20),
            Some(0),
            "earliest registration"
        );
        Neurons::<Test>::mutate(netuid, |s| s.block_at_registration = vec![1, 1, 3]);
        assert_eq!(
            Subnets::neuron_to_prune(netuid, 22, 20),
            Some(0),
            "then lowest uid"
        );
        Neurons::<Test>::mutate(netuid, |s| s.block_at_registration = vec![2, 1, 3]);
        assert_eq!(Subnets::neuron_to_prune(netuid, 22, 20), Some(1));
        // All immune: the same rule among them.
        Neurons::<Test>::mutate(netuid, |s| {
            s.block_at_registration = vec![10, 12, 11];
            s.pruning_score = vec![9, 3, 3];
        });
        assert_eq!(Subnets::neuron_to_prune(netuid, 22, 20), Some(2));
    });
}

#[test]
fn replaced_hotkey_registered_nowhere_gets_its_stake_back() {
    new_test_ext().execute_with(|| {
        let netuid = full_subnet();
        let other = add_network(3);
        register_neuron(other, 102, 1);
        assert_ok!(Subnets::add_stake(signed(1), 100, 5 * TOKEN));
        assert_ok!(Subnets::add_stake(signed(1), 102, 7 * TOKEN));
        run_to_block(30);
        Neurons::<Test>::mutate(netuid, |s| s.pruning_score = vec![0, 9, 9]);
        let (before, staked) = (free(1), stake_of(100, 1));
        assert!(staked >= 5 * TOKEN, "plus what its epochs paid");
        register_neuron(netuid, 200, 2);
        // 100 is registered nowhere now: its stake is back in the coldkey's free balance.
        assert_eq!(stake_of(100, 1), 0);
        assert_eq!(free(1), before + staked);
        assert!(events().contains(&Event::StakeRemoved {
            coldkey: 1,
            hotkey: 100,
            amount: staked
        }));
        // 102 loses uid 2 next but stays on `other`: its stake stays.
        Neurons::<Test>::mutate(netuid, |s| s.pruning_score = vec![9, 9, 0]);
        let kept = stake_of(102, 1);
        register_neuron(netuid, 201, 2);
        assert!(kept >= 7 * TOKEN);
        assert_eq!(stake_of(102, 1), kept);
        assert_invariants();
    });
}

#[test]
fn burn_moves_toward_target_each_adjustment_interval() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        set_hp(netuid, |hp| {
            hp.adjustment_interval = 10;
            hp.target_registrations_per_interval = 2;
            hp.adjustment_alpha = 0; // no smoothing: jump to the aimed burn
        });
        // 6 registrations against a target of 2: aimed burn = burn * (6 + 2) / 4 = 2 x.
        register_many(netuid, 100, 6, 1);
        run_to_block(11);
        assert_eq!(Hyperparams::<Test>::get(netuid).unwrap().burn, 2 * TOKEN);
        assert!(events().contains(&Event::BurnAdjusted {
            netuid,
            burn: 2 * TOKEN
        }));
        assert_eq!(RegistrationsThisInterval::<Test>::get(netuid), 0);
        // No registrations: halves.
        run_to_block(21);
        assert_eq!(Hyperparams::<Test>::get(netuid).unwrap().burn, TOKEN);
    });
}

#[test]
fn next_burn_smooths_with_alpha_and_clamps() {
    let hp = SubnetHyperparams {
        burn: 1000,
        target_registrations_per_interval: 1,
        min_burn: 10,
        max_burn: 1900,
        ..SubnetHyperparams::default()
    };
    // alpha 0.97: 0.97 * 1000 + 0.03 * 2000 = 1030 (3 registrations aim at 2000).
    assert_eq!(next_burn(&hp, 3), 1030);
    let jump = SubnetHyperparams {
        adjustment_alpha: 0,
        ..hp.clone()
    };
    assert_eq!(next_burn(&jump, 3), 1900, "clamped to max_burn");
    assert_eq!(
        next_burn(
            &SubnetHyperparams {
                burn: 12,
                ..jump.clone()
            },
            0
        ),
        10,
        "min_burn"
    );
    assert_eq!(
        next_burn(
            &SubnetHyperparams {
                adjustment_alpha: u64::MAX,
                ..hp
            },
            3
        ),
        1000
    );
}

fn endpoint(peer: &[u8], addrs: &[&str]) -> AxonEndpoint {
    AxonEndpoint {
        peer_id: BoundedVec::try_from(peer.to_vec()).unwrap(),
        multiaddrs: BoundedVec::try_from(
            addrs
                .iter()
                .map(|a| BoundedVec::try_from(a.as_bytes().to_vec()).unwrap())
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        version: 1,
        protocol: 0,
    }
}

#[test]
fn serve_axon_binds_a_registered_hotkey_and_validates_the_endpoint() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        let ep = endpoint(b"12D3KooW", &["/ip4/127.0.0.1/tcp/4001"]);
        assert_noop!(
            Subnets::serve_axon(signed(100), netuid, ep.clone()),
            Error::<Test>::NotRegistered
        );
        register_neuron(netuid, 100, 1);
        assert_noop!(
            Subnets::serve_axon(signed(100), 9, ep.clone()),
            Error::<Test>::SubnetNotExists
        );
        assert_noop!(
            Subnets::serve_axon(signed(100), netuid, endpoint(b"", &["/ip4/1.2.3.4/tcp/1"])),
            Error::<Test>::InvalidPeerId
        );
        for bad in ["ip4/1.2.3.4", ""] {
            assert_noop!(
                Subnets::serve_axon(signed(100), netuid, endpoint(b"p", &["/ok", bad])),
                Error::<Test>::InvalidMultiaddr
            );
        }
        assert_ok!(Subnets::serve_axon(signed(100), netuid, ep.clone()));
        assert_eq!(
            Axons::<Test>::get(netuid, 100),
            Some(AxonInfo {
                endpoint: ep.clone(),
                block: 1
            })
        );
        assert_eq!(
            last_event(),
            Event::AxonServed {
                netuid,
                hotkey: 100
            }
        );
    });
}

#[test]
fn serve_axon_is_rate_limited() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        set_hp(netuid, |hp| hp.serving_rate_limit = 5);
        register_neuron(netuid, 100, 1);
        let ep = endpoint(b"peer", &["/ip4/127.0.0.1/tcp/1"]);
        assert_ok!(Subnets::serve_axon(signed(100), netuid, ep.clone()));
        assert_noop!(
            Subnets::serve_axon(signed(100), netuid, ep.clone()),
            Error::<Test>::ServingRateLimitExceeded
        );
        run_to_block(6);
        assert_ok!(Subnets::serve_axon(signed(100), netuid, ep));
    });
}
