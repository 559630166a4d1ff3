//! The genesis presets build through the runtime's own GenesisBuilder path and hold what the
//! README promises: funded dev accounts, sudo, and the authority sets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use frame_support::genesis_builder_helper::build_state;
use meshtensor_runtime::{
    genesis_presets::{self, DEV, DEV_ENDOWMENT, LOCAL},
    Balances, Runtime, RuntimeGenesisConfig, Subnets, TOKEN, VERSION,
};
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

fn with_preset<R>(id: &str, f: impl FnOnce() -> R) -> R {
    let full = genesis_presets::full_config_json(id).expect("known preset");
    let json = serde_json::to_vec(&full).unwrap();
    let mut ext = sp_io::TestExternalities::default();
    ext.execute_with(|| {
        build_state::<RuntimeGenesisConfig>(json).expect("preset builds");
        f()
    })
}

#[test]
fn merge_patches_nested_objects_and_replaces_leaves() {
    let mut base = serde_json::json!({"a": {"x": 1, "y": [1, 2]}, "b": 2});
    genesis_presets::merge(
        &mut base,
        serde_json::json!({"a": {"y": [3], "z": true}, "c": "new"}),
    );
    assert_eq!(
        base,
        serde_json::json!({"a": {"x": 1, "y": [3], "z": true}, "b": 2, "c": "new"})
    );
}

#[test]
fn runtime_identifies_as_meshtensor() {
    assert_eq!(VERSION.spec_name.as_ref(), "meshtensor");
}

#[test]
fn preset_names_are_dev_and_local_and_unknown_is_none() {
    assert_eq!(
        genesis_presets::preset_names(),
        vec!["dev".to_string(), "local".to_string()]
    );
    assert!(genesis_presets::get_preset(&PresetId::from("nope")).is_none());
}

#[test]
fn dev_funds_six_accounts_makes_alice_sudo_and_sole_authority() {
    with_preset(DEV, || {
        for acct in genesis_presets::dev_accounts() {
            assert_eq!(Balances::free_balance(&acct), DEV_ENDOWMENT);
        }
        assert_eq!(Balances::total_issuance(), DEV_ENDOWMENT * 6);
        assert_eq!(
            pallet_sudo::Key::<Runtime>::get(),
            Some(Sr25519Keyring::Alice.to_account_id())
        );
        let aura = pallet_aura::Authorities::<Runtime>::get();
        assert_eq!(aura.len(), 1);
        // The fast profile and the root network.
        assert_eq!(
            pallet_subnets::DefaultHyperparams::<Runtime>::get().tempo,
            10
        );
        assert_eq!(
            pallet_subnets::NetworkParamsStore::<Runtime>::get().network_min_lock,
            10 * TOKEN
        );
        let subnets = Subnets::get_subnets();
        assert_eq!(
            subnets.iter().map(|s| s.netuid).collect::<Vec<_>>(),
            vec![0]
        );
        assert_eq!(Subnets::get_network_lock_cost(), 10 * TOKEN);
        assert_eq!(
            pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(),
            1
        );
    });
}

#[test]
fn local_has_alice_and_bob_as_authorities() {
    with_preset(LOCAL, || {
        // The spec's defaults: tempo 360, min lock 1000 tokens, root present.
        assert_eq!(
            pallet_subnets::DefaultHyperparams::<Runtime>::get().tempo,
            360
        );
        assert_eq!(
            pallet_subnets::NetworkParamsStore::<Runtime>::get().network_min_lock,
            1000 * TOKEN
        );
        assert_eq!(Subnets::get_subnets().len(), 1);
        assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
        assert_eq!(
            pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(),
            2
        );
        assert_eq!(
            Balances::free_balance(Sr25519Keyring::Ferdie.to_account_id()),
            DEV_ENDOWMENT
        );
    });
}
