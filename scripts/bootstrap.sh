#!/usr/bin/env bash
# Create .venv from the lock file on a fresh machine: find Python 3.10, get uv, sync, install.
# Second runs are no-ops (Makefile stamps the venv against the lock file).
set -euo pipefail
cd "$(dirname "$0")/.."

find_python310() {
  local candidate
  for candidate in \
      "$(command -v python3.10 2>/dev/null || true)" \
      "$(pyenv prefix 3.10 2>/dev/null | head -n1)/bin/python3.10" \
      $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 2>/dev/null | sort -V -r) \
      "$(uv python find 3.10 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] \
        && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

PY310=$(find_python310) || {
  echo "error: Python 3.10 not found (tried python3.10, pyenv, uv python find)." >&2
  echo "       Install it (e.g. 'pyenv install 3.10' or 'uv python install 3.10') and re-run." >&2
  exit 1
}

if ! command -v uv >/dev/null 2>&1; then
  echo "Installing uv (fast resolver/installer) ..."
  python3 -m pip install -q uv || "$PY310" -m pip install -q uv
  hash -r
fi
UV=$(command -v uv)

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  echo "Creating .venv with $PY310"
  rm -rf .venv
  "$UV" venv -q --seed --python "$PY310" .venv
fi
echo "Installing locked dependencies into .venv (uv pip sync requirements.lock) ..."
# --compile-bytecode: every Beam worker process imports TensorFlow, TFX and TFT afresh; where
# .pyc files cannot be written at run time (PYTHONDONTWRITEBYTECODE, read-only filesystems)
# each import compiled ~3,000 modules from source, ~4 s of CPU per worker per component.
"$UV" pip sync -q --compile-bytecode --python .venv/bin/python requirements.lock
"$UV" pip install -q --python .venv/bin/python --no-deps -e .
.venv/bin/python -m pip --version >/dev/null   # TFX pip-installs user wheels at run time
echo "Environment ready: .venv ($(.venv/bin/python --version))"
