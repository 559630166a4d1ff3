//! register_network, the lock cost, the subnet limit with replacement, dissolve_network and
//! the parameter calls.

use super::mock::*;
use crate::{Error, Event, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn first_subnet_costs_min_lock_which_is_held_not_burned() {
    new_test_ext().execute_with(|| {
        let before = issuance();
        assert_eq!(Subnets::get_network_lock_cost(), 10 * TOKEN);
        let netuid = add_network(1);
        assert_eq!(netuid, 1);
        assert_eq!(held(1), 10 * TOKEN);
        assert_eq!(free(1), START_BALANCE - 10 * TOKEN);
        assert_eq!(issuance(), before, "a lock is not a burn");
        assert_eq!(SubnetOwner::<Test>::get(netuid), Some(1));
        assert_eq!(SubnetLocked::<Test>::get(netuid), 10 * TOKEN);
        assert_eq!(Hyperparams::<Test>::get(netuid), Some(test_hyperparams()));
        assert_eq!(
            last_event(),
            Event::NetworkAdded {
                netuid,
                owner: 1,
                lock: 10 * TOKEN
            }
        );
    });
}

#[test]
fn lock_cost_doubles_then_decays_linearly_to_the_minimum() {
    new_test_ext().execute_with(|| {
        add_network(1);
        // 2 x last lock right after it.
        assert_eq!(Subnets::get_network_lock_cost(), 20 * TOKEN);
        // Minus last_lock / reduction_interval per block: 10e9 / 1000 = 1e7 per block.
        run_to_block(101);
        assert_eq!(
            Subnets::get_network_lock_cost(),
            20 * TOKEN - 100 * 10_000_000
        );
        let netuid = add_network(2);
        assert_eq!(SubnetLocked::<Test>::get(netuid), 19 * TOKEN);
        assert_eq!(Subnets::get_network_lock_cost(), 38 * TOKEN);
        // Never below the minimum.
        run_to_block(5000);
        assert_eq!(Subnets::get_network_lock_cost(), 10 * TOKEN);
    });
}

#[test]
fn register_network_is_rate_limited_per_coldkey() {
    new_test_ext().execute_with(|| {
        assert_ok!(Subnets::set_network_parameter(
            RuntimeOrigin::root(),
            NetworkParameter::NetworkRateLimit(5)
        ));
        add_network(1);
        assert_noop!(
            Subnets::register_network(signed(1)),
            Error::<Test>::NetworkTxRateLimitExceeded
        );
        // Another coldkey is not limited.
        add_network(2);
        run_to_block(6);
        add_network(1);
    });
}

#[test]
fn register_network_needs_the_lock_in_free_balance() {
    new_test_ext().execute_with(|| {
        fund(99, 5 * TOKEN);
        assert_noop!(
            Subnets::register_network(signed(99)),
            Error::<Test>::NotEnoughBalanceToLock
        );
    });
}

/// Fills the limit of 3 subnets owned by 1, 2, 3 at blocks 1, 2, 3.
fn fill_subnets() -> [u16; 3] {
    let a = add_network(1);
    run_to_block(2);
    let b = add_network(2);
    run_to_block(3);
    let c = add_network(3);
    [a, b, c]
}

#[test]
fn full_limit_replaces_lowest_emission_subnet_past_immunity() {
    new_test_ext().execute_with(|| {
        let [a, b, c] = fill_subnets();
        register_neuron(b, 50, 2);
        let root_uid = {
            assert_ok!(Subnets::root_register(signed(4), 60));
            Uids::<Test>::get(ROOT_NETUID, 60).unwrap()
        };
        run_to_block(300);
        assert_ok!(Subnets::set_root_weights(
            signed(60),
            vec![a, b, c],
            vec![1, 2, 3],
            0
        ));
        EmissionValues::<Test>::insert(a, 30);
        EmissionValues::<Test>::insert(b, 10);
        EmissionValues::<Test>::insert(c, 20);
        let owner_free = free(2);
        let lock_b = SubnetLocked::<Test>::get(b);

        let netuid = add_network(5);
        assert_eq!(netuid, b, "the freed netuid is reused");
        assert_eq!(SubnetOwner::<Test>::get(netuid), Some(5));
        // Old owner refunded in full.
        assert_eq!(free(2), owner_free + lock_b);
        assert_eq!(held(2), 0);
        // Old subnet's storage is gone.
        assert_eq!(SubnetworkN::<Test>::get(b), 0);
        assert!(Keys::<Test>::get(b, 0).is_none());
        assert!(Uids::<Test>::get(b, 50).is_none());
        assert!(!IsNetworkMember::<Test>::contains_key(50, b));
        assert_eq!(EmissionValues::<Test>::get(b), 0);
        // Root weight pointing at it zeroed, the others kept.
        let row = Weights::<Test>::get(ROOT_NETUID, root_uid);
        assert!(row.contains(&(b, 0)));
        assert!(row.iter().any(|(n, v)| *n == c && *v == u16::MAX));
        assert!(events().contains(&Event::NetworkRemoved {
            netuid: b,
            owner: Some(2),
            refund: lock_b
        }));
        assert_invariants();
    });
}

#[test]
fn replacement_ties_go_to_the_oldest_subnet() {
    new_test_ext().execute_with(|| {
        let [a, b, c] = fill_subnets();
        run_to_block(300);
        for netuid in [a, b, c] {
            EmissionValues::<Test>::insert(netuid, 7);
        }
        let netuid = add_network(5);
        assert_eq!(netuid, a);
        assert_eq!(held(1), 0);
    });
}

#[test]
fn replacement_skips_immune_subnets_and_fails_when_all_are() {
    new_test_ext().execute_with(|| {
        let [a, b, _] = fill_subnets();
        // Immunity is 100 blocks: at block 102, only `a` (registered at 1) is past it.
        run_to_block(101);
        EmissionValues::<Test>::insert(a, 100);
        assert_eq!(add_network(5), a);
        // Now every subnet is immune.
        assert_noop!(
            Subnets::register_network(signed(6)),
            Error::<Test>::AllNetworksInImmunity
        );
        let _ = b;
    });
}

#[test]
fn dissolve_network_by_owner_or_root_refunds_the_lock() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 50, 1);
        assert_noop!(
            Subnets::dissolve_network(signed(2), netuid),
            Error::<Test>::NotSubnetOwner
        );
        assert_noop!(
            Subnets::dissolve_network(signed(1), 77),
            Error::<Test>::SubnetNotExists
        );
        assert_noop!(
            Subnets::dissolve_network(RuntimeOrigin::root(), ROOT_NETUID),
            Error::<Test>::RootNetworkNotAllowed
        );
        assert_ok!(Subnets::add_stake(signed(1), 50, 4 * TOKEN));
        let free_before = free(1);
        assert_ok!(Subnets::dissolve_network(signed(1), netuid));
        assert_eq!(held(1), 0);
        // Lock refunded and the stake of hotkey 50 (now registered nowhere) returned.
        assert_eq!(free(1), free_before + 10 * TOKEN + 4 * TOKEN);
        assert_eq!(stake_of(50, 1), 0);
        assert!(!Hyperparams::<Test>::contains_key(netuid));
        assert!(events().contains(&Event::NetworkRemoved {
            netuid,
            owner: Some(1),
            refund: 10 * TOKEN
        }));
        let again = add_network(2);
        assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), again));
        assert_eq!(held(2), 0);
        assert_invariants();
    });
}

#[test]
fn set_hyperparameter_by_owner_or_root_and_validated() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        assert_ok!(Subnets::set_hyperparameter(
            signed(1),
            netuid,
            Hyperparameter::Tempo(99)
        ));
        assert_eq!(Hyperparams::<Test>::get(netuid).unwrap().tempo, 99);
        assert_eq!(
            last_event(),
            Event::HyperparameterSet {
                netuid,
                param: Hyperparameter::Tempo(99)
            }
        );
        assert_ok!(Subnets::set_hyperparameter(
            RuntimeOrigin::root(),
            netuid,
            Hyperparameter::Kappa(1)
        ));
        assert_noop!(
            Subnets::set_hyperparameter(signed(2), netuid, Hyperparameter::Tempo(5)),
            Error::<Test>::NotSubnetOwner
        );
        assert_noop!(
            Subnets::set_hyperparameter(signed(1), 42, Hyperparameter::Tempo(5)),
            Error::<Test>::SubnetNotExists
        );
        register_many(netuid, 100, 3, 1);
        let invalid = [
            Hyperparameter::Tempo(0),
            Hyperparameter::MaxAllowedUids(2),
            Hyperparameter::MaxAllowedUids(MAX_UIDS_HARD_CAP + 1),
            Hyperparameter::MaxAllowedValidators(0),
            Hyperparameter::MaxAllowedValidators(300),
            Hyperparameter::BondsMovingAverage(1_000_001),
            Hyperparameter::MinBurn(101 * TOKEN),
            Hyperparameter::MaxBurn(0),
            Hyperparameter::Burn(101 * TOKEN),
            Hyperparameter::AdjustmentInterval(0),
            Hyperparameter::TargetRegistrationsPerInterval(0),
            Hyperparameter::RevealPeriodEpochs(0),
            Hyperparameter::MaxWeightLimit(0),
        ];
        for param in invalid {
            assert_noop!(
                Subnets::set_hyperparameter(signed(1), netuid, param.clone()),
                Error::<Test>::InvalidHyperparameterValue
            );
        }
        assert_ok!(Subnets::set_hyperparameter(
            signed(1),
            netuid,
            Hyperparameter::MaxAllowedUids(3)
        ));
    });
}

#[test]
fn set_network_parameter_is_root_only_and_validated() {
    new_test_ext().execute_with(|| {
        assert_noop!(
            Subnets::set_network_parameter(signed(1), NetworkParameter::SubnetLimit(5)),
            DispatchError::BadOrigin
        );
        for bad in [
            NetworkParameter::RootTempo(0),
            NetworkParameter::SubnetLimit(0),
            NetworkParameter::SubnetLimit(MAX_SUBNET_LIMIT + 1),
            NetworkParameter::NetworkLockReductionInterval(0),
        ] {
            assert_noop!(
                Subnets::set_network_parameter(RuntimeOrigin::root(), bad),
                Error::<Test>::InvalidHyperparameterValue
            );
        }
        assert_ok!(Subnets::set_network_parameter(
            RuntimeOrigin::root(),
            NetworkParameter::RootTempo(7)
        ));
        assert_eq!(NetworkParamsStore::<Test>::get().root_tempo, 7);
        assert_eq!(Hyperparams::<Test>::get(ROOT_NETUID).unwrap().tempo, 7);
        assert_ok!(Subnets::set_network_parameter(
            RuntimeOrigin::root(),
            NetworkParameter::SubnetLimit(1)
        ));
        add_network(1);
        // Full with one immune subnet.
        assert_noop!(
            Subnets::register_network(signed(2)),
            Error::<Test>::AllNetworksInImmunity
        );
    });
}

#[test]
fn genesis_without_root_has_no_root_network() {
    let mut storage = frame_system::GenesisConfig::<Test>::default()
        .build_storage()
        .unwrap();
    crate::GenesisConfig::<Test> {
        default_hyperparams: test_hyperparams(),
        network_params: test_network_params(),
        create_root: false,
        _phantom: Default::default(),
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    sp_io::TestExternalities::new(storage).execute_with(|| {
        assert!(!Hyperparams::<Test>::contains_key(ROOT_NETUID));
        assert_eq!(NetworkParamsStore::<Test>::get(), test_network_params());
        assert_noop!(
            Subnets::root_register(signed(1), 2),
            Error::<Test>::RootNetworkDoesNotExist
        );
    });
}

use sp_runtime::BuildStorage;

#[test]
fn genesis_json_uses_camel_case_and_names_an_unknown_field() {
    let mut hp = serde_json::to_value(test_hyperparams()).unwrap();
    assert_eq!(hp["maxAllowedUids"], 256);
    let ok = serde_json::json!({
        "defaultHyperparams": hp.clone(),
        "networkParams": serde_json::to_value(test_network_params()).unwrap(),
        "createRoot": true,
    });
    let parsed: crate::GenesisConfig<Test> = serde_json::from_value(ok).unwrap();
    assert_eq!(parsed.default_hyperparams, test_hyperparams());
    assert!(parsed.create_root);

    hp["tempoo"] = serde_json::json!(5);
    let typo = serde_json::json!({ "defaultHyperparams": hp });
    let Err(err) = serde_json::from_value::<crate::GenesisConfig<Test>>(typo) else {
        panic!("a typo in the genesis config must be refused")
    };
    let err = err.to_string();
    assert!(err.contains("tempoo"), "{err}");
}
