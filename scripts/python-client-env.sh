#!/usr/bin/env bash
# A Python virtual environment with substrate-interface (PyPI), the third-party client the node
# suite checks against (test/chain-node/python-client.node.test.ts). Prints the interpreter path.
# Env: MESHTENSOR_PY_ENV (default $HOME/.cache/meshtensor/py).
set -euo pipefail
ENV_DIR="${MESHTENSOR_PY_ENV:-$HOME/.cache/meshtensor/py}"
VERSION="1.8.1"
if ! "$ENV_DIR/bin/python" -c "import importlib.metadata as m, sys; sys.exit(0 if m.version('substrate-interface') == '$VERSION' else 1)" 2>/dev/null; then
	command -v python3 >/dev/null || { echo "python-client-env: python3 is missing (apt-get install python3 python3-venv)" >&2; exit 1; }
	[ -x "$ENV_DIR/bin/pip" ] || python3 -m venv "$ENV_DIR" >&2
	"$ENV_DIR/bin/pip" install -q "substrate-interface==$VERSION" >&2
fi
echo "$ENV_DIR/bin/python"
