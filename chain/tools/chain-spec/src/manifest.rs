//! `manifest.json`: what the committed artifacts were built from, so CI can tell stale ones
//! (`sourceHash` vs `scripts/chain-source-hash.sh`) and clients can check what they load.

use meshtensor_runtime::VERSION;
use serde_json::json;
use sp_crypto_hashing::sha2_256;

/// Substrate's prefix of a zstd-compressed code blob (`sp-maybe-compressed-blob`).
pub const ZSTD_PREFIX: [u8; 8] = [0x52, 0xbc, 0x53, 0x76, 0x46, 0xdb, 0x8e, 0x05];

/// What the code file holds: a raw module or Substrate's zstd-compressed blob; `None` for neither.
pub fn code_format(code: &[u8]) -> Option<&'static str> {
    if code.len() > 8 && code.starts_with(b"\0asm") {
        Some("wasm")
    } else if code.len() > 8 && code.starts_with(&ZSTD_PREFIX) {
        Some("zstd-compressed-wasm")
    } else {
        None
    }
}

pub struct Inputs<'a> {
    pub source_hash: &'a str,
    pub rustc_version: &'a str,
    pub wasm: &'a [u8],
    /// `code_format` of `wasm`.
    pub format: &'a str,
    /// (file name, contents) of each spec written.
    pub specs: &'a [(&'a str, Vec<u8>)],
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2_256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// UTC `YYYY-MM-DDTHH:MM:SSZ` from Unix seconds (civil-from-days, proleptic Gregorian).
// Every intermediate is bounded by `secs / 86_400` times small constants: no overflow for any
// u64 input that is a real clock reading.
#[allow(clippy::arithmetic_side_effects)]
pub fn utc_iso(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    // Days since 0000-03-01 shifts leap days to the end of the year.
    let z = days.saturating_add(719_468);
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

pub fn build(inputs: &Inputs) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let specs: serde_json::Map<String, serde_json::Value> = inputs
        .specs
        .iter()
        .map(|(name, bytes)| {
            (
                (*name).to_string(),
                json!({ "sha256": sha256_hex(bytes), "size": bytes.len() }),
            )
        })
        .collect();
    let manifest = json!({
        "sourceHash": inputs.source_hash,
        "wasm": {
            "file": "meshtensor_runtime.wasm",
            "format": inputs.format,
            "sha256": sha256_hex(inputs.wasm),
            "size": inputs.wasm.len(),
        },
        "specs": specs,
        "specName": VERSION.spec_name.as_ref(),
        "specVersion": VERSION.spec_version,
        "transactionVersion": VERSION.transaction_version,
        "rustcVersion": inputs.rustc_version,
        "date": utc_iso(now),
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(utc_iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_iso(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_iso(1_795_000_000), "2026-11-18T11:06:40Z");
    }

    #[test]
    fn code_formats() {
        assert_eq!(code_format(b"\0asm\x01\0\0\0\x01"), Some("wasm"));
        let mut blob = ZSTD_PREFIX.to_vec();
        blob.extend_from_slice(&[0x28, 0xb5, 0x2f, 0xfd]);
        assert_eq!(code_format(&blob), Some("zstd-compressed-wasm"));
        assert_eq!(code_format(b"\0asm"), None);
        assert_eq!(code_format(b"not wasm at all"), None);
    }

    #[test]
    fn sha256_of_empty() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
