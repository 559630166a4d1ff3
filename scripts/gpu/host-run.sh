#!/usr/bin/env bash
# On the GPU host, after every part was copied to /tmp/mt: unpack with Python (xz may be absent),
# put the image's NVIDIA libraries (pip's nvidia-* packages) on the library path, run the check.
# Bounded: 240 s for the check. Figures go to $OUT (the device tool's folder) or /tmp/mt/out.
set -uo pipefail
dest="${OUT:-/tmp/mt/out}"
mkdir -p "$dest"
cd /tmp/mt
if [ ! -x bundle/node ]; then
  python3 - <<'PY'
import glob, io, lzma, tarfile
data = b"".join(open(p, "rb").read() for p in sorted(glob.glob("/tmp/mt/part-*")))
tarfile.open(fileobj=io.BytesIO(lzma.decompress(data))).extractall("/tmp/mt")
PY
fi
libs=$(python3 - <<'PY'
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
dirs = sorted({os.path.dirname(p) for r in roots for p in glob.glob(os.path.join(r, "nvidia", "**", "*.so*"), recursive=True)})
print(":".join(dirs))
PY
)
export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"; } > "$dest/host.txt" 2>&1
cat "$dest/host.txt"
cd bundle && timeout 240 ./node host-check.mjs "$dest/figures.json" models/*.onnx 2> "$dest/stderr.txt"
rc=$?
tail -5 "$dest/stderr.txt"
exit $rc
