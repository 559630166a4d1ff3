//! Command-line flags (a handful: no parser dependency needed).

use std::path::PathBuf;

pub const USAGE: &str = "usage: meshtensor-chain-spec --wasm FILE --out-dir DIR --source-hash HEX64 --rustc-version TEXT";

#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    pub wasm: PathBuf,
    pub out_dir: PathBuf,
    pub source_hash: String,
    pub rustc_version: String,
}

impl Args {
    pub fn parse(mut it: impl Iterator<Item = String>) -> Result<Self, String> {
        let (mut wasm, mut out_dir, mut source_hash, mut rustc_version) = (None, None, None, None);
        while let Some(flag) = it.next() {
            let slot = match flag.as_str() {
                "--wasm" => &mut wasm,
                "--out-dir" => &mut out_dir,
                "--source-hash" => &mut source_hash,
                "--rustc-version" => &mut rustc_version,
                other => return Err(format!("unknown flag '{other}'")),
            };
            let value = it.next().ok_or_else(|| format!("{flag}: missing value"))?;
            if value.is_empty() {
                return Err(format!("{flag}: empty value"));
            }
            *slot = Some(value);
        }
        let source_hash = source_hash.ok_or("--source-hash: required")?;
        if source_hash.len() != 64 || !source_hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "--source-hash: expected 64 hex digits, got '{source_hash}'"
            ));
        }
        Ok(Self {
            wasm: wasm.ok_or("--wasm: required")?.into(),
            out_dir: out_dir.ok_or("--out-dir: required")?.into(),
            source_hash: source_hash.to_ascii_lowercase(),
            rustc_version: rustc_version.ok_or("--rustc-version: required")?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(v: &[&str]) -> Result<Args, String> {
        Args::parse(v.iter().map(|s| s.to_string()))
    }

    const HASH: &str = "ab00000000000000000000000000000000000000000000000000000000000000";

    #[test]
    fn parses_all_flags() {
        let a = parse(&[
            "--wasm",
            "r.wasm",
            "--out-dir",
            "o",
            "--source-hash",
            HASH,
            "--rustc-version",
            "rustc 1",
        ])
        .unwrap();
        assert_eq!(a.wasm, PathBuf::from("r.wasm"));
        assert_eq!(a.source_hash, HASH);
    }

    #[test]
    fn names_the_bad_flag() {
        assert_eq!(
            parse(&["--bogus", "x"]).unwrap_err(),
            "unknown flag '--bogus'"
        );
        assert_eq!(parse(&["--wasm"]).unwrap_err(), "--wasm: missing value");
        let e = parse(&[
            "--wasm",
            "a",
            "--out-dir",
            "o",
            "--source-hash",
            "xyz",
            "--rustc-version",
            "r",
        ])
        .unwrap_err();
        assert!(
            e.starts_with("--source-hash: expected 64 hex digits"),
            "{e}"
        );
        let e = parse(&["--wasm", "a", "--source-hash", HASH, "--rustc-version", "r"]).unwrap_err();
        assert_eq!(e, "--out-dir: required");
    }
}
