#!/usr/bin/env bash
# Prints the sha256 that identifies the chain's Rust sources: every *.rs, Cargo.toml and
# Cargo.lock under chain/ (except chain/artifacts, the node crate chain/node, which carries no
# runtime, and build output), plus this repository's
# scripts/build-runtime.sh. Each file contributes "<relative path>\n<sha256 of its bytes>\n", in
# byte order of the paths, so the hash is the same on any clone and changes when a file is
# added, removed, renamed or edited. chain/artifacts/manifest.json records the hash the
# artifacts were built from; scripts/check-chain.sh compares the two.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export LC_ALL=C

{
	find chain \
		\( -path chain/artifacts -o -path chain/node -o -name target -o -name node_modules -o -name .git \) -prune -o \
		-type f \( -name '*.rs' -o -name Cargo.toml -o -name Cargo.lock \) -print
	echo scripts/build-runtime.sh
} | sort | while IFS= read -r f; do
	printf '%s\n%s\n' "$f" "$(sha256sum < "$f" | cut -d' ' -f1)"
done | sha256sum | cut -d' ' -f1
