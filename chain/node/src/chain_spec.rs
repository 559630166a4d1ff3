//! Chain specs: the committed raw specs (`dev`, `local`) or any raw spec file, and the types the
//! node shares with the runtime (an opaque block, 32-byte accounts, u32 nonces, u64 balances).

use std::path::{Path, PathBuf};

use sp_runtime::{generic, traits::BlakeTwo256, OpaqueExtrinsic};

pub type BlockNumber = u32;
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
pub type Block = generic::Block<Header, OpaqueExtrinsic>;
pub type Hash = sp_core::H256;
pub type AccountId = sp_runtime::AccountId32;
pub type Nonce = u32;
pub type Balance = u64;

/// A raw chain spec with no extensions, as `scripts/build-runtime.sh` writes them.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Where the committed artifacts are looked for, in order: `$MESHTENSOR_ARTIFACTS`, the
/// `chain/artifacts` of the checkout the binary was installed into (`chain/node/bin/`), and
/// `chain/artifacts` under the working directory.
pub fn artifacts_candidates() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("MESHTENSOR_ARTIFACTS") {
        dirs.push(PathBuf::from(dir));
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(bin_dir) = exe.parent() {
            dirs.push(bin_dir.join("..").join("..").join("artifacts"));
        }
    }
    dirs.push(PathBuf::from("chain").join("artifacts"));
    dirs
}

/// The file behind a `--chain` value: `dev`/`local` (or empty, meaning `dev`) name a committed
/// spec; anything else is a path.
pub fn resolve_spec_path(id: &str) -> Result<PathBuf, String> {
    let name = match id {
        "" | "dev" => "chainspec-dev.raw.json",
        "local" => "chainspec-local.raw.json",
        path => return Ok(PathBuf::from(path)),
    };
    let candidates = artifacts_candidates();
    candidates.iter().map(|dir| dir.join(name)).find(|file| file.is_file()).ok_or_else(|| {
        let tried: Vec<String> = candidates.iter().map(|dir| dir.join(name).display().to_string()).collect();
        format!(
            "chain spec '{id}' not found (tried {}); set MESHTENSOR_ARTIFACTS to the repo's chain/artifacts or pass --chain PATH",
            tried.join(", ")
        )
    })
}

pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
    let path = resolve_spec_path(id)?;
    load_file(&path)
}

pub fn load_file(path: &Path) -> Result<Box<dyn sc_service::ChainSpec>, String> {
    let spec = ChainSpec::from_json_file(path.to_path_buf())
        .map_err(|err| format!("chain spec {}: {err}", path.display()))?;
    Ok(Box::new(spec))
}
