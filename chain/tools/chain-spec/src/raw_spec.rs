//! One raw chain spec: the preset's genesis config built to storage, plus `:code`, as the JSON
//! chopsticks and Substrate nodes read (`genesis.raw.top`: hex key -> hex value).

use codec::Encode;
use meshtensor_runtime::{
    genesis_presets, Runtime, RuntimeGenesisConfig, SLOT_DURATION, SS58_PREFIX, TOKEN_DECIMALS,
    TOKEN_SYMBOL,
};
use serde_json::{json, Map, Value};
use sp_core::storage::well_known_keys;
use sp_runtime::BuildStorage;

/// Genesis `Timestamp::Now`: 2026-01-01T00:00:00Z, a whole number of slots since the epoch.
pub const GENESIS_TIMESTAMP_MS: u64 = 1_767_225_600_000;
const _: () = assert!(GENESIS_TIMESTAMP_MS.is_multiple_of(SLOT_DURATION));

pub struct SpecInfo {
    pub preset: &'static str,
    pub file: &'static str,
    pub name: &'static str,
    pub id: &'static str,
    pub chain_type: &'static str,
}

/// The preset's full genesis config: defaults with the preset's patch applied, the same way the
/// runtime's `GenesisBuilder::build_state` does it.
pub fn genesis_config(preset: &str) -> Result<RuntimeGenesisConfig, String> {
    let config = genesis_presets::full_config_json(preset)
        .ok_or_else(|| format!("unknown preset '{preset}'"))?;
    serde_json::from_value(config)
        .map_err(|e| format!("preset '{preset}': invalid genesis config: {e}"))
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(2).saturating_add(2));
    s.push_str("0x");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The raw spec JSON text for `info`, with `wasm` as the runtime code.
pub fn build(info: &SpecInfo, wasm: &[u8]) -> Result<String, String> {
    let mut storage = genesis_config(info.preset)?
        .build_storage()
        .map_err(|e| format!("preset '{}': genesis build failed: {e}", info.preset))?;
    storage
        .top
        .insert(well_known_keys::CODE.to_vec(), wasm.to_vec());
    // A fixed, slot-aligned genesis time. Without one, chopsticks reads "now" twice for block 1
    // (once for Aura's slot digest, once for the timestamp inherent) and Aura panics when the
    // two straddle a slot boundary ("Timestamp slot must match CurrentSlot").
    storage.top.insert(
        pallet_timestamp::Now::<Runtime>::hashed_key().to_vec(),
        GENESIS_TIMESTAMP_MS.encode(),
    );
    if !storage.children_default.is_empty() {
        // Nothing in this runtime writes child tries at genesis; refuse rather than drop them.
        return Err(format!(
            "preset '{}': genesis has child tries, which this tool does not write",
            info.preset
        ));
    }
    // BTreeMap iteration: keys come out sorted, so the file is deterministic.
    let top: Map<String, Value> = storage
        .top
        .iter()
        .map(|(k, v)| (hex(k), Value::String(hex(v))))
        .collect();
    let spec = json!({
        "name": info.name,
        "id": info.id,
        "chainType": info.chain_type,
        "bootNodes": [],
        "telemetryEndpoints": null,
        "protocolId": "meshtensor",
        "properties": {
            "tokenSymbol": TOKEN_SYMBOL,
            "tokenDecimals": TOKEN_DECIMALS,
            "ss58Format": SS58_PREFIX,
        },
        "codeSubstitutes": {},
        "genesis": { "raw": { "top": top, "childrenDefault": {} } },
    });
    serde_json::to_string_pretty(&spec).map_err(|e| format!("cannot serialize the spec: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn hex_encodes_with_prefix() {
        assert_eq!(hex(&[0, 1, 0xab]), "0x0001ab");
        assert_eq!(hex(&[]), "0x");
    }

    #[test]
    fn unknown_preset_is_named() {
        let e = genesis_config("nope").err().unwrap();
        assert_eq!(e, "unknown preset 'nope'");
    }

    #[test]
    fn dev_spec_has_code_properties_and_sorted_keys() {
        let info = SpecInfo {
            preset: "dev",
            file: "x",
            name: "n",
            id: "i",
            chain_type: "Development",
        };
        let text = build(&info, b"\0asm\x01\0\0\0").unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["properties"]["tokenSymbol"], "MESH");
        assert_eq!(v["properties"]["ss58Format"], 42);
        let top = v["genesis"]["raw"]["top"].as_object().unwrap();
        assert_eq!(top[&hex(b":code")], "0x0061736d01000000");
        let now_key = hex(&pallet_timestamp::Now::<Runtime>::hashed_key());
        assert_eq!(top[&now_key], hex(&GENESIS_TIMESTAMP_MS.to_le_bytes()));
        let keys: Vec<&String> = top.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}
