#!/usr/bin/env bash
# Manual, not in CI (downloads about 1 GB from PyPI): install the CUDA provider for real into a
# throwaway meshtensor home, run `gpu check`, then take the provider links out of node_modules
# again so the test suite sees the CPU-only package it expects.
# On a machine without a GPU the CUDA provider should load its libraries and stop at the device.
set -euo pipefail
cd "$(dirname "$0")/../.."
home="${1:-$(mktemp -d)}"
export MESHTENSOR_HOME="$home"
node bin/meshtensor.js gpu install
node bin/meshtensor.js gpu check || true
node bin/meshtensor.js gpu check --json --provider cuda > "$home/check.json" || true
echo "check JSON: $home/check.json"
bin=$(node -e 'const p=require.resolve("onnxruntime-node/package.json");console.log(require("path").join(require("path").dirname(p),"bin/napi-v6/linux/x64"))')
rm -f "$bin/libonnxruntime_providers_cuda.so" "$bin/libonnxruntime_providers_shared.so"
echo "removed the provider links from $bin (the cache stays in $home/gpu)"
