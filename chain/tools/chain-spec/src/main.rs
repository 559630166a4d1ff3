//! `meshtensor-chain-spec`: builds the raw chain specs (`chainspec-dev.raw.json`,
//! `chainspec-local.raw.json`) and `manifest.json` from the runtime's genesis presets and a
//! built wasm. Run by `scripts/build-runtime.sh`; needs no node and no wasm executor: the
//! genesis storage is built natively from the same runtime code.

mod args;
mod manifest;
mod raw_spec;

use std::{path::Path, process::ExitCode};

use args::Args;

/// The specs this tool writes: (preset id, file name, chain name, chain type).
const SPECS: [raw_spec::SpecInfo; 2] = [
    raw_spec::SpecInfo {
        preset: meshtensor_runtime::genesis_presets::DEV,
        file: "chainspec-dev.raw.json",
        name: "meshtensor dev",
        id: "meshtensor_dev",
        chain_type: "Development",
    },
    raw_spec::SpecInfo {
        preset: meshtensor_runtime::genesis_presets::LOCAL,
        file: "chainspec-local.raw.json",
        name: "meshtensor local",
        id: "meshtensor_local",
        chain_type: "Local",
    },
];

fn run(args: &Args) -> Result<(), String> {
    let wasm = std::fs::read(&args.wasm)
        .map_err(|e| format!("--wasm {}: cannot read: {e}", args.wasm.display()))?;
    let format = manifest::code_format(&wasm).ok_or_else(|| {
        format!(
            "--wasm {}: neither a wasm module (\\0asm) nor a Substrate zstd-compressed blob",
            args.wasm.display()
        )
    })?;
    std::fs::create_dir_all(&args.out_dir)
        .map_err(|e| format!("--out-dir {}: cannot create: {e}", args.out_dir.display()))?;
    let mut written = Vec::new();
    for info in &SPECS {
        let json = raw_spec::build(info, &wasm)?;
        let path = args.out_dir.join(info.file);
        write_atomic(&path, json.as_bytes())?;
        eprintln!(
            "[chain-spec] wrote {} ({} bytes)",
            path.display(),
            json.len()
        );
        written.push((info.file, json.into_bytes()));
    }
    let manifest = manifest::build(&manifest::Inputs {
        source_hash: &args.source_hash,
        rustc_version: &args.rustc_version,
        wasm: &wasm,
        format,
        specs: &written,
    });
    let path = args.out_dir.join("manifest.json");
    write_atomic(&path, manifest.as_bytes())?;
    eprintln!("[chain-spec] wrote {}", path.display());
    Ok(())
}

/// Write to a temporary file and rename, so a reader never sees half a spec.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .map_err(|e| format!("cannot move {} into place: {e}", path.display()))
}

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("meshtensor-chain-spec: {e}\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("meshtensor-chain-spec: {e}");
            ExitCode::FAILURE
        }
    }
}
