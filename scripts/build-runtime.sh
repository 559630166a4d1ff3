#!/usr/bin/env bash
# Builds the meshtensor runtime to wasm with Debian's Rust toolchain (the rustup toolchain here has
# no wasm32 target and no rust-src), then the raw chain specs and the manifest, all into
# chain/artifacts/. Usage: scripts/build-runtime.sh [--wasm-only|--specs-only]
#
# Env: CARGO_TARGET_DIR_WASM (wasm target dir), CARGO_TARGET_DIR (native target dir for the
# chain-spec tool), SKIP_APT=1 to never call apt-get.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHAIN="$ROOT/chain"
ARTIFACTS="$CHAIN/artifacts"
WASM_TARGET_DIR="${CARGO_TARGET_DIR_WASM:-$HOME/.cache/meshtensor/target-wasm}"
NATIVE_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/meshtensor/target}"
MODE="${1:-all}"

log() { printf '[build-runtime] %s\n' "$*" >&2; }
die() { printf '[build-runtime] ERROR: %s\n' "$*" >&2; exit 1; }

case "$MODE" in
	all | --wasm-only | --specs-only) ;;
	*) die "unknown argument '$MODE' (expected --wasm-only, --specs-only or nothing)" ;;
esac

# Debian's rustc-web builds core/alloc from /usr/lib/rustlib/src/rust; rust-lld (lld-22) links.
ensure_wasm_toolchain() {
	local missing=0
	[ -x /usr/bin/rustc ] || missing=1
	[ -x /usr/bin/cargo ] || missing=1
	[ -e /usr/bin/rust-lld ] || missing=1
	[ -d /usr/lib/rustlib/src/rust/library/core ] || missing=1
	if [ "$missing" = 0 ]; then
		return
	fi
	[ "${SKIP_APT:-0}" = 1 ] && die "Debian's wasm toolchain is missing and SKIP_APT=1: install rustc-web cargo-web rust-web-src rust-web-llvm lld-22"
	command -v apt-get >/dev/null || die "Debian's wasm toolchain is missing and apt-get is not available: install rustc-web cargo-web rust-web-src rust-web-llvm lld-22"
	local SUDO=""
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null || die "need root or sudo to apt-get install the wasm toolchain"
		SUDO="sudo"
	fi
	log "installing Debian's Rust wasm toolchain (rustc-web cargo-web rust-web-src rust-web-llvm lld-22)"
	$SUDO apt-get update -q || die "apt-get update failed"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q rustc-web cargo-web rust-web-src rust-web-llvm lld-22 \
		|| die "apt-get install of the wasm toolchain failed"
	[ -e /usr/bin/rust-lld ] || die "rust-lld is still missing after installing lld-22"
}

build_wasm() {
	ensure_wasm_toolchain
	log "rustc: $(/usr/bin/rustc --version)"
	log "building the runtime wasm (release, no_std) in $WASM_TARGET_DIR; the first build takes tens of minutes"
	local start=$SECONDS
	# The same flags substrate-wasm-builder passes: MVP code only (the executor's feature set), an
	# exported table and __heap_base, memory imported from the host, and the `substrate_runtime`
	# cfg that switches sp-io to host functions. panic=abort as the builder's wasm profile sets.
	# Panic locations name source files: map this machine's paths to neutral prefixes so the
	# committed wasm carries no local path and is the same wherever the repo is checked out.
	local cargo_home="${CARGO_HOME:-$HOME/.cargo}"
	local remap="--remap-path-prefix=$cargo_home/registry/src=/crates --remap-path-prefix=$cargo_home/git/checkouts=/git --remap-path-prefix=$ROOT=/meshtensor --remap-path-prefix=/usr/lib/rustlib/src/rust=/rust"
	(
		cd "$CHAIN"
		# An inherited CARGO_ENCODED_RUSTFLAGS (even empty) would win over RUSTFLAGS.
		unset CARGO_ENCODED_RUSTFLAGS
		PATH="/usr/bin:$PATH" \
			RUSTC=/usr/bin/rustc \
			RUSTC_BOOTSTRAP=1 \
			CARGO_TARGET_DIR="$WASM_TARGET_DIR" \
			CARGO_PROFILE_RELEASE_PANIC=abort \
			CARGO_PROFILE_RELEASE_LTO=thin \
			RUSTFLAGS="-C target-cpu=mvp -C link-arg=--export-table -C link-arg=--export=__heap_base -C link-arg=--import-memory --cfg substrate_runtime $remap" \
			/usr/bin/cargo rustc -p meshtensor-runtime --release --locked \
			--target wasm32-unknown-unknown --no-default-features --crate-type cdylib \
			-Zbuild-std=core,alloc
	) || die "wasm build failed (see the cargo output above)"
	local wasm="$WASM_TARGET_DIR/wasm32-unknown-unknown/release/meshtensor_runtime.wasm"
	[ -f "$wasm" ] || die "cargo finished but $wasm is missing"
	log "wasm built in $((SECONDS - start)) s: $(stat -c %s "$wasm") bytes"
	compress_wasm "$wasm" "$ARTIFACTS/meshtensor_runtime.wasm"
}

# Substrate's compressed-code format (what live chains keep in `:code`, and what chopsticks and
# nodes decompress): the 8-byte magic 52 bc 53 76 46 db 8e 05, then one zstd frame. About 5x
# smaller than the raw module, which keeps each committed set of artifacts small.
compress_wasm() {
	local in="$1" out="$2"
	if ! command -v zstd >/dev/null; then
		[ "${SKIP_APT:-0}" = 1 ] && die "zstd is missing and SKIP_APT=1: install zstd"
		local SUDO=""
		[ "$(id -u)" = 0 ] || SUDO="sudo"
		log "installing zstd"
		$SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q zstd \
			|| die "apt-get install zstd failed"
	fi
	mkdir -p "$(dirname "$out")"
	local tmp="$out.tmp"
	{
		printf '\x52\xbc\x53\x76\x46\xdb\x8e\x05'
		zstd -19 -q -c --no-check "$in"
	} >"$tmp" || die "zstd compression of the wasm failed"
	chmod 0644 "$tmp"
	mv "$tmp" "$out"
	log "compressed: $(stat -c %s "$out") bytes -> chain/artifacts/$(basename "$out")"
}

build_specs() {
	[ -f "$ARTIFACTS/meshtensor_runtime.wasm" ] || die "chain/artifacts/meshtensor_runtime.wasm is missing: run scripts/build-runtime.sh without --specs-only"
	log "building the chain-spec tool (native) in $NATIVE_TARGET_DIR"
	local start=$SECONDS
	(
		cd "$CHAIN"
		CARGO_TARGET_DIR="$NATIVE_TARGET_DIR" cargo build -q -p meshtensor-chain-spec --locked
	) || die "chain-spec tool build failed"
	local tool="$NATIVE_TARGET_DIR/debug/meshtensor-chain-spec"
	local source_hash
	source_hash="$("$ROOT/scripts/chain-source-hash.sh")" || die "chain-source-hash.sh failed"
	"$tool" \
		--wasm "$ARTIFACTS/meshtensor_runtime.wasm" \
		--out-dir "$ARTIFACTS" \
		--source-hash "$source_hash" \
		--rustc-version "$(/usr/bin/rustc --version)" \
		|| die "chain-spec tool failed"
	log "chain specs and manifest written in $((SECONDS - start)) s"
}

case "$MODE" in
	--wasm-only) build_wasm ;;
	--specs-only) build_specs ;;
	all)
		build_wasm
		build_specs
		;;
esac
log "done: $(ls "$ARTIFACTS" | tr '\n' ' ')"
