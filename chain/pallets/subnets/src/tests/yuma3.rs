//! The Yuma 3 options of `spec/yuma3.md` on chain: defaults, the owner's checks (one error
//! each), the bonds reset call and the v0 -> v1 storage migration. The epoch itself is held to
//! the shared yuma3 vectors in `vectors.rs`.

use super::mock::*;
use crate::{Error, Event, *};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::StorageVersion};
use Hyperparameter as H;

#[test]
fn a_new_subnet_runs_the_classic_epoch() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        let hp = Hyperparams::<Test>::get(netuid).unwrap();
        assert_eq!(hp.bonds_config(), meshtensor_yuma::BondsConfig::default());
        assert!(!hp.yuma3_enabled && !hp.liquid_alpha_enabled && !hp.bonds_reset_enabled);
        assert_eq!(
            (
                hp.alpha_low,
                hp.alpha_high,
                hp.alpha_sigmoid_steepness,
                hp.bonds_penalty
            ),
            (45875, 58982, 1000, 65535)
        );
    });
}

#[test]
fn alpha_bounds_need_liquid_alpha_and_stay_ordered() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        let set = |p| Subnets::set_hyperparameter(signed(1), netuid, p);
        assert_noop!(set(H::AlphaLow(6553)), Error::<Test>::LiquidAlphaDisabled);
        assert_noop!(set(H::AlphaHigh(19660)), Error::<Test>::LiquidAlphaDisabled);
        assert_ok!(set(H::LiquidAlphaEnabled(true)));
        assert_noop!(set(H::AlphaLow(1637)), Error::<Test>::AlphaLowOutOfRange);
        // Above the current alpha_high (58982).
        assert_noop!(set(H::AlphaLow(60000)), Error::<Test>::AlphaLowOutOfRange);
        assert_ok!(set(H::AlphaLow(6553)));
        assert_noop!(set(H::AlphaHigh(1637)), Error::<Test>::AlphaHighTooLow);
        assert_noop!(set(H::AlphaHigh(6552)), Error::<Test>::AlphaHighTooLow);
        assert_ok!(set(H::AlphaHigh(19660)));
        assert_ok!(set(H::AlphaLow(1638)));
        let hp = Hyperparams::<Test>::get(netuid).unwrap();
        assert_eq!((hp.alpha_low, hp.alpha_high), (1638, 19660));
        assert_eq!(
            last_event(),
            Event::HyperparameterSet {
                netuid,
                param: H::AlphaLow(1638)
            }
        );
    });
}

#[test]
fn only_root_sets_a_negative_steepness() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        assert_noop!(
            Subnets::set_hyperparameter(signed(1), netuid, H::AlphaSigmoidSteepness(-1)),
            Error::<Test>::NegativeSigmoidSteepness
        );
        assert_ok!(Subnets::set_hyperparameter(
            signed(1),
            netuid,
            H::AlphaSigmoidSteepness(0)
        ));
        assert_ok!(Subnets::set_hyperparameter(
            RuntimeOrigin::root(),
            netuid,
            H::AlphaSigmoidSteepness(-500)
        ));
        let hp = Hyperparams::<Test>::get(netuid).unwrap();
        assert_eq!(hp.alpha_sigmoid_steepness, -500);
        // The other options take any value of their type from the owner.
        for p in [
            H::Yuma3Enabled(true),
            H::BondsPenalty(0),
            H::BondsResetEnabled(true),
        ] {
            assert_ok!(Subnets::set_hyperparameter(signed(1), netuid, p));
        }
        let hp = Hyperparams::<Test>::get(netuid).unwrap();
        assert!(hp.yuma3_enabled && hp.bonds_reset_enabled && hp.bonds_penalty == 0);
    });
}

/// A subnet with uids 0..3 (hotkeys 10..13) and bonds from uids 0 and 1 to miners 2 and 3.
fn subnet_with_bonds() -> u16 {
    let netuid = add_network(1);
    for (uid, hk) in (10..14).enumerate() {
        assert_eq!(register_neuron(netuid, hk, 1), uid as u16);
    }
    Bonds::<Test>::insert(netuid, 0, vec![(2, 100), (3, 200)]);
    Bonds::<Test>::insert(netuid, 1, vec![(3, 300)]);
    netuid
}

#[test]
fn reset_bonds_removes_a_miners_column_only_when_enabled() {
    new_test_ext().execute_with(|| {
        let netuid = subnet_with_bonds();
        // Off (the default): nothing changes and nothing is announced.
        assert_ok!(Subnets::reset_bonds(signed(13), netuid));
        assert_eq!(Bonds::<Test>::get(netuid, 0), vec![(2, 100), (3, 200)]);
        assert_eq!(Bonds::<Test>::get(netuid, 1), vec![(3, 300)]);
        assert!(!events()
            .iter()
            .any(|e| matches!(e, Event::BondsReset { .. })));

        assert_ok!(Subnets::set_hyperparameter(
            signed(1),
            netuid,
            H::BondsResetEnabled(true)
        ));
        assert_ok!(Subnets::reset_bonds(signed(13), netuid));
        assert_eq!(Bonds::<Test>::get(netuid, 0), vec![(2, 100)]);
        assert!(
            !Bonds::<Test>::contains_key(netuid, 1),
            "emptied row removed"
        );
        assert_eq!(
            last_event(),
            Event::BondsReset {
                netuid,
                uid: 3,
                rows: 2
            }
        );
    });
}

#[test]
fn reset_bonds_refuses_strangers_and_unknown_subnets() {
    new_test_ext().execute_with(|| {
        let netuid = subnet_with_bonds();
        assert_noop!(
            Subnets::reset_bonds(signed(99), netuid),
            Error::<Test>::NotRegistered
        );
        assert_noop!(
            Subnets::reset_bonds(signed(13), 42),
            Error::<Test>::SubnetNotExists
        );
    });
}

#[test]
fn the_v1_migration_keeps_old_hyperparameters_and_adds_the_classic_options() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        let mut hp = Hyperparams::<Test>::get(netuid).unwrap();
        hp.tempo = 7;
        hp.kappa = 1234;
        hp.registration_allowed = false;
        // What a v0 runtime stored: the encoding without the seven new fields at the end.
        let full = hp.encode();
        let v0 = full[..full.len() - 11].to_vec();
        let key = Hyperparams::<Test>::hashed_key_for(netuid);
        frame_support::storage::unhashed::put_raw(&key, &v0);
        frame_support::storage::unhashed::put_raw(&DefaultHyperparams::<Test>::hashed_key(), &v0);
        StorageVersion::new(0).put::<Subnets>();
        assert_eq!(
            Hyperparams::<Test>::get(netuid),
            None,
            "v0 bytes do not decode as v1"
        );

        crate::migrations::migrate_to_v1::<Test>();
        let want = SubnetHyperparams {
            yuma3_enabled: false,
            ..hp
        };
        assert_eq!(Hyperparams::<Test>::get(netuid), Some(want.clone()));
        assert_eq!(DefaultHyperparams::<Test>::get(), want);
        assert_eq!(StorageVersion::get::<Subnets>(), StorageVersion::new(1));
        // Run again: nothing to do.
        crate::migrations::migrate_to_v1::<Test>();
        assert_eq!(Hyperparams::<Test>::get(netuid), Some(want));
    });
}
