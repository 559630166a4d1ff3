//! `local-spec`: a raw chain spec for a local network of N authorities, made from a committed
//! raw spec by rewriting the storage entries that name the authorities. The slot duration is the
//! runtime's (6 s): chopsticks reads it without storage, so it stays a compile-time constant.
//!
//! The runtime has no session pallet, so the authority set is fixed at genesis: this is for test
//! and team networks, not for a chain whose validators change.

use codec::{Compact, Encode};
use serde_json::Value;
use sp_core::{crypto::Pair as PairT, ed25519, sr25519};
use sp_io::hashing::twox_128;

use crate::{chain_spec, cli::LocalSpecCmd};

/// The dev keyring's names in order; `--authorities N` takes the first N.
pub const AUTHORITY_SEEDS: [&str; 6] = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

fn storage_value_key(pallet: &str, item: &str) -> String {
    let mut key = twox_128(pallet.as_bytes()).to_vec();
    key.extend_from_slice(&twox_128(item.as_bytes()));
    format!("0x{}", hex_encode(&key))
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn sr25519_public(seed: &str) -> Result<[u8; 32], String> {
    let pair = sr25519::Pair::from_string(&format!("//{seed}"), None).map_err(|err| format!("//{seed}: {err:?}"))?;
    Ok(pair.public().0)
}

fn ed25519_public(seed: &str) -> Result<[u8; 32], String> {
    let pair = ed25519::Pair::from_string(&format!("//{seed}"), None).map_err(|err| format!("//{seed}: {err:?}"))?;
    Ok(pair.public().0)
}

/// The genesis entries for `count` authorities (Aura sr25519 keys, GRANDPA ed25519 keys with
/// weight 1).
pub fn authority_entries(count: usize) -> Result<Vec<(String, String)>, String> {
    let seeds = AUTHORITY_SEEDS
        .get(..count)
        .filter(|seeds| !seeds.is_empty())
        .ok_or_else(|| format!("authorities: {count} is outside 1..={}", AUTHORITY_SEEDS.len()))?;
    let mut aura = Compact(seeds.len() as u32).encode();
    let mut grandpa = Compact(seeds.len() as u32).encode();
    for seed in seeds {
        aura.extend_from_slice(&sr25519_public(seed)?);
        grandpa.extend_from_slice(&ed25519_public(seed)?);
        grandpa.extend_from_slice(&1u64.to_le_bytes());
    }
    Ok(vec![
        (storage_value_key("Aura", "Authorities"), format!("0x{}", hex_encode(&aura))),
        (storage_value_key("Grandpa", "Authorities"), format!("0x{}", hex_encode(&grandpa))),
    ])
}

/// Rewrites a raw spec (as JSON) in place.
pub fn patch(spec: &mut Value, cmd: &LocalSpecCmd) -> Result<(), String> {
    let entries = authority_entries(usize::from(cmd.authorities))?;
    let top = spec
        .pointer_mut("/genesis/raw/top")
        .and_then(Value::as_object_mut)
        .ok_or("the base spec is not a raw spec (genesis.raw.top missing); pass a *.raw.json")?;
    for (key, value) in entries {
        top.insert(key, Value::String(value));
    }
    let object = spec.as_object_mut().ok_or("the base spec is not a JSON object")?;
    object.insert("id".into(), Value::String(cmd.id.clone()));
    object.insert("name".into(), Value::String(cmd.name.clone()));
    object.insert("chainType".into(), Value::String("Local".into()));
    object.insert("protocolId".into(), Value::String(cmd.id.clone()));
    object.insert("bootNodes".into(), Value::Array(cmd.bootnodes.iter().cloned().map(Value::String).collect()));
    Ok(())
}

pub fn run(cmd: &LocalSpecCmd) -> Result<(), String> {
    let path = chain_spec::resolve_spec_path(&cmd.base)?;
    let text = std::fs::read_to_string(&path).map_err(|err| format!("base spec {}: {err}", path.display()))?;
    let mut spec: Value =
        serde_json::from_str(&text).map_err(|err| format!("base spec {}: not JSON: {err}", path.display()))?;
    patch(&mut spec, cmd)?;
    let out = serde_json::to_string_pretty(&spec).map_err(|err| format!("writing the spec: {err}"))?;
    match &cmd.out {
        Some(file) => {
            // Write beside the target and rename, so a reader never sees half a spec.
            let tmp = file.with_extension("json.tmp");
            std::fs::write(&tmp, out).map_err(|err| format!("--out {}: {err}", tmp.display()))?;
            std::fs::rename(&tmp, file).map_err(|err| format!("--out {}: {err}", file.display()))?;
        },
        None => println!("{out}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_match_the_committed_spec() {
        // The committed dev spec holds //Alice as its single Aura authority under this key.
        assert_eq!(
            storage_value_key("Aura", "Authorities"),
            "0x57f8dc2f5ab09467896f47300f0424385e0621c4869aa60c02be9adcc98a0d1d"
        );
        assert_eq!(
            storage_value_key("Grandpa", "Authorities"),
            "0x5f9cc45b7a00c5899361e1c6099678dc5e0621c4869aa60c02be9adcc98a0d1d"
        );
    }

    #[test]
    fn one_authority_encodes_as_the_committed_dev_spec() {
        let entries = authority_entries(1).unwrap_or_default();
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries.first().map(|(_, value)| value.as_str()),
            Some("0x04d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
        );
        assert_eq!(
            entries.get(1).map(|(_, value)| value.as_str()),
            Some("0x0488dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee0100000000000000")
        );
    }

    #[test]
    fn authority_count_out_of_range_is_refused() {
        assert!(authority_entries(0).is_err());
        assert!(authority_entries(7).is_err());
        assert_eq!(authority_entries(3).map(|entries| entries.len()), Ok(2));
    }
}
