//! Genesis presets: `dev` (the fast local profile the dev chain and tests use) and `local` (the
//! real defaults). Each is a JSON patch over `RuntimeGenesisConfig::default()`.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use pallet_subnets::{NetworkParams, SubnetHyperparams};

use super::{
    AccountId, AuraConfig, Balance, BalancesConfig, GrandpaConfig, RuntimeGenesisConfig,
    SubnetsConfig, SudoConfig, TOKEN,
};

/// Preset id of the fast local profile.
pub const DEV: &str = "dev";
/// Preset id of the real defaults.
pub const LOCAL: &str = "local";

/// Each well-known dev account (//Alice .. //Ferdie) starts with this many base units.
pub const DEV_ENDOWMENT: Balance = 100_000 * TOKEN;

/// //Alice .. //Ferdie, the accounts every preset funds.
pub fn dev_accounts() -> Vec<AccountId> {
    [
        Sr25519Keyring::Alice,
        Sr25519Keyring::Bob,
        Sr25519Keyring::Charlie,
        Sr25519Keyring::Dave,
        Sr25519Keyring::Eve,
        Sr25519Keyring::Ferdie,
    ]
    .into_iter()
    .map(|k| k.to_account_id())
    .collect()
}

fn genesis(
    authorities: Vec<(AuraId, GrandpaId)>,
    endowed: Vec<AccountId>,
    sudo: AccountId,
    subnets: SubnetsConfig,
) -> serde_json::Value {
    build_struct_json_patch!(RuntimeGenesisConfig {
        balances: BalancesConfig {
            balances: endowed
                .into_iter()
                .map(|a| (a, DEV_ENDOWMENT))
                .collect::<Vec<_>>(),
        },
        aura: AuraConfig {
            authorities: authorities
                .iter()
                .map(|(a, _)| a.clone())
                .collect::<Vec<_>>(),
        },
        grandpa: GrandpaConfig {
            authorities: authorities
                .iter()
                .map(|(_, g)| (g.clone(), 1))
                .collect::<Vec<_>>(),
        },
        sudo: SudoConfig { key: Some(sudo) },
        subnets: subnets,
    })
}

/// The fast profile of `dev`: epochs every few blocks, short immunity, cheap subnets, and
/// registration limits loose enough to fill a 256-uid subnet in a few blocks.
pub fn dev_hyperparams() -> SubnetHyperparams {
    SubnetHyperparams {
        tempo: 10,
        immunity_period: 20,
        activity_cutoff: 1000,
        weights_rate_limit: 2,
        serving_rate_limit: 2,
        target_registrations_per_interval: 64,
        max_registrations_per_block: 64,
        adjustment_interval: 100,
        ..SubnetHyperparams::default()
    }
}

/// The network parameters of `dev`: 8 subnets, immune for 100 blocks, a 10-token minimum lock
/// that decays over 1000 blocks, no rate limit, root epochs every 10 blocks.
pub fn dev_network_params() -> NetworkParams {
    NetworkParams {
        subnet_limit: 8,
        network_immunity_period: 100,
        network_min_lock: 10 * TOKEN,
        network_lock_reduction_interval: 1000,
        network_rate_limit: 0,
        root_tempo: 10,
    }
}

/// `dev`: //Alice is the single Aura/Grandpa authority and sudo; //Alice..//Ferdie funded.
pub fn dev_genesis() -> serde_json::Value {
    genesis(
        vec![(
            Sr25519Keyring::Alice.public().into(),
            Ed25519Keyring::Alice.public().into(),
        )],
        dev_accounts(),
        Sr25519Keyring::Alice.to_account_id(),
        SubnetsConfig {
            default_hyperparams: dev_hyperparams(),
            network_params: dev_network_params(),
            create_root: true,
            ..Default::default()
        },
    )
}

/// `local`: //Alice and //Bob author; //Alice is sudo; //Alice..//Ferdie funded; the subnets
/// pallet's own defaults (the spec's figures) with the root network.
pub fn local_genesis() -> serde_json::Value {
    genesis(
        vec![
            (
                Sr25519Keyring::Alice.public().into(),
                Ed25519Keyring::Alice.public().into(),
            ),
            (
                Sr25519Keyring::Bob.public().into(),
                Ed25519Keyring::Bob.public().into(),
            ),
        ],
        dev_accounts(),
        Sr25519Keyring::Alice.to_account_id(),
        SubnetsConfig {
            default_hyperparams: SubnetHyperparams::default(),
            network_params: NetworkParams::default(),
            create_root: true,
            ..Default::default()
        },
    )
}

/// The JSON patch of a preset, or `None` for an unknown id.
pub fn preset_json(id: &str) -> Option<serde_json::Value> {
    match id {
        DEV => Some(dev_genesis()),
        LOCAL => Some(local_genesis()),
        _ => None,
    }
}

/// `GenesisBuilder::get_preset`: the serialized patch of a known preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
    let patch = preset_json(id.as_str())?;
    serde_json::to_vec(&patch).ok()
}

/// The full genesis config JSON of a preset: `RuntimeGenesisConfig::default()` with the patch
/// merged in, as a node's chain-spec builder does before `GenesisBuilder::build_state`.
pub fn full_config_json(id: &str) -> Option<serde_json::Value> {
    let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).ok()?;
    merge(&mut config, preset_json(id)?);
    Some(config)
}

/// JSON merge patch: objects merge key by key; anything else replaces.
pub fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
    use serde_json::Value;
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (k, v) in patch {
                merge(base.entry(k).or_insert(Value::Null), v);
            }
        }
        (base, patch) => *base = patch,
    }
}

pub fn preset_names() -> Vec<PresetId> {
    vec![PresetId::from(DEV), PresetId::from(LOCAL)]
}
