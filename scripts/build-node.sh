#!/usr/bin/env bash
# Builds meshtensor-node (chain/node) and puts the binary at chain/node/bin/meshtensor-node, where
# the devchain's node engine, `meshtensor devchain --engine node` and the tests look for it.
# Installs what the build needs first (apt: protobuf-compiler, libssl-dev, pkg-config, clang).
#
# Cold, on 2 cores: about an hour (about 990 crates); after that a change to the node crate
# rebuilds in minutes. Build output stays outside the clone so every clone on this machine
# reuses it.
#
# Usage: scripts/build-node.sh [--if-missing]
#   --if-missing   do nothing when chain/node/bin/meshtensor-node exists and is newer than
#                  every file under chain/node/src and chain/node/Cargo.*
# Env: CARGO_TARGET_DIR_NODE (default $HOME/.cache/meshtensor/target-node), SKIP_APT=1,
#      CARGO_BUILD_JOBS (cargo's own).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/chain/node"
BIN_DIR="$NODE_DIR/bin"
TARGET_DIR="${CARGO_TARGET_DIR_NODE:-$HOME/.cache/meshtensor/target-node}"

log() { printf '[build-node] %s\n' "$*" >&2; }
die() { printf '[build-node] ERROR: %s\n' "$*" >&2; exit 1; }

case "${1:-}" in
	"" | --if-missing) ;;
	*) die "unknown argument '$1' (expected --if-missing or nothing)" ;;
esac

if [ "${1:-}" = "--if-missing" ] && [ -x "$BIN_DIR/meshtensor-node" ]; then
	newer="$(find "$NODE_DIR/src" "$NODE_DIR/Cargo.toml" "$NODE_DIR/Cargo.lock" -newer "$BIN_DIR/meshtensor-node" -print -quit)"
	if [ -z "$newer" ]; then
		log "chain/node/bin/meshtensor-node is up to date"
		exit 0
	fi
	log "$newer changed since the last build"
fi

ensure_packages() {
	local missing=()
	command -v protoc >/dev/null || missing+=(protobuf-compiler)
	command -v pkg-config >/dev/null || missing+=(pkg-config)
	pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev)
	command -v cc >/dev/null || missing+=(clang)
	[ "${#missing[@]}" = 0 ] && return
	[ "${SKIP_APT:-0}" = 1 ] && die "missing build tools and SKIP_APT=1: apt-get install ${missing[*]}"
	command -v apt-get >/dev/null || die "missing build tools (${missing[*]}) and no apt-get: install them with your package manager"
	local sudo=""
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null || die "need root or sudo to install ${missing[*]}"
		sudo="sudo"
	fi
	log "installing ${missing[*]}"
	$sudo apt-get update -q || die "apt-get update failed"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || die "apt-get install ${missing[*]} failed"
}

command -v cargo >/dev/null || die "cargo is not installed (install Rust with rustup: https://rustup.rs)"
ensure_packages
log "rustc: $(rustc --version)"
log "building meshtensor-node (release) in $TARGET_DIR; the first build takes about an hour on 2 cores"
start=$SECONDS
# --locked: the committed Cargo.lock is the tested dependency set.
(cd "$NODE_DIR" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --locked)
mkdir -p "$BIN_DIR"
# Copy then rename, so a test that starts the binary never sees half a file.
cp "$TARGET_DIR/release/meshtensor-node" "$BIN_DIR/.meshtensor-node.tmp"
mv -f "$BIN_DIR/.meshtensor-node.tmp" "$BIN_DIR/meshtensor-node"
log "built in $((SECONDS - start)) s: chain/node/bin/meshtensor-node ($("$BIN_DIR/meshtensor-node" --version))"
