#!/usr/bin/env bash
# The chain's CI checks: rustfmt, clippy (-D warnings), the workspace's tests (native std
# builds only: no wasm toolchain needed), and the staleness of the committed artifacts.
# Usage: scripts/check-chain.sh [--stale-only]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHAIN="$ROOT/chain"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/meshtensor/target}"

log() { printf '[check-chain] %s\n' "$*" >&2; }
die() { printf '[check-chain] FAILED: %s\n' "$*" >&2; exit 1; }

check_stale() {
	log "staleness: chain sources vs chain/artifacts/manifest.json"
	local manifest="$CHAIN/artifacts/manifest.json"
	[ -f "$manifest" ] || die "chain/artifacts/manifest.json is missing: run scripts/build-runtime.sh and commit chain/artifacts"
	local want have
	want="$("$ROOT/scripts/chain-source-hash.sh")"
	have="$(sed -n 's/^ *"sourceHash": *"\([0-9a-f]*\)".*/\1/p' "$manifest")"
	[ -n "$have" ] || die "chain/artifacts/manifest.json has no sourceHash: run scripts/build-runtime.sh"
	if [ "$want" != "$have" ]; then
		die "chain/artifacts are stale (sources hash $want, manifest $have): run scripts/build-runtime.sh and commit chain/artifacts"
	fi
	log "artifacts match the sources ($want)"
}

if [ "${1:-}" = "--stale-only" ]; then
	check_stale
	exit 0
fi

# rustup's cargo with rustfmt and clippy is expected; name what is missing instead of failing
# somewhere inside cargo.
command -v cargo >/dev/null || die "cargo is not installed (install Rust with rustup: https://rustup.rs)"
if ! cargo fmt --version >/dev/null 2>&1; then
	if command -v rustup >/dev/null; then
		log "rustfmt missing: rustup component add rustfmt"
		rustup component add rustfmt || die "rustfmt is missing and 'rustup component add rustfmt' failed"
	else
		die "rustfmt is missing (rustup component add rustfmt)"
	fi
fi
if ! cargo clippy --version >/dev/null 2>&1; then
	if command -v rustup >/dev/null; then
		log "clippy missing: rustup component add clippy"
		rustup component add clippy || die "clippy is missing and 'rustup component add clippy' failed"
	else
		die "clippy is missing (rustup component add clippy)"
	fi
fi

cd "$CHAIN"
log "cargo fmt --all --check"
cargo fmt --all --check || die "formatting: run 'cd chain && cargo fmt --all'"
log "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings || die "clippy found problems (see above)"
log "cargo test --workspace"
cargo test --workspace --locked || die "tests failed (see above)"
check_stale
log "all chain checks passed"
