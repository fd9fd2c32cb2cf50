#!/usr/bin/env bash
# The Python and Spark tests (python/tests), as scripts/test.sh and CI run
# them. Sets up what they need, on a fresh machine or again on the same one:
#   - a virtual environment in target/py-venv (kept and reused) with
#     maturin, pyspark, pyarrow, pandas and pytest from the package index;
#   - Java 17 or later for Spark (Debian's default-jre-headless when missing);
#   - cargo fmt --check and clippy on the binding crate python/;
#   - the release CLI (target/release/qawl) the equality tests compare with;
#   - the qawl package, built and installed with pip from ./python, as the
#     README says;
# then runs pytest, which starts a local Spark session (local[2]).
#
# Environment: QAWL_VENV (default target/py-venv), PYTHON (default python3),
# PYTEST_ARGS (extra pytest arguments, e.g. "-k spark").
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
export PIP_DISABLE_PIP_VERSION_CHECK=1

venv=${QAWL_VENV:-target/py-venv}
case $venv in /*) ;; *) venv="$PWD/$venv" ;; esac
python=${PYTHON:-python3}

say() { echo "test-python: $*"; }

# --- Java -------------------------------------------------------------------
java_major() {
  # `java -version` prints e.g.: openjdk version "17.0.15" 2025-04-15 (on stderr)
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n1
}
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
  say "Java 17+ not found; installing default-jre-headless"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq default-jre-headless >/dev/null
fi
say "$(java -version 2>&1 | head -n1)"

# --- virtual environment ----------------------------------------------------
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys' 2>/dev/null; then
  say "reusing $venv"
else
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    say "python3 -m venv failed; installing python3-venv"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-venv >/dev/null
    "$python" -m venv "$venv"
  fi
  say "created $venv ($("$venv/bin/python" --version))"
fi
# as if activated: the build backend runs the venv's `maturin` by name
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
pip=("$venv/bin/python" -m pip)
"${pip[@]}" install -q "maturin>=1.9.4,<2" "pyspark>=3.5" "pyarrow>=14" "pandas>=2" "pytest>=7"

# --- lints of the binding crate (its own workspace: the root ones skip it) ---
(cd python && cargo fmt --check && cargo clippy --all-targets --quiet -- -D warnings)

# --- the CLI and the package -------------------------------------------------
cargo build --release --bin qawl
# the README's `pip install ./python`, with the maturin installed above
# instead of a fresh one per run (no build isolation); always reinstalled,
# so the tests see this tree's code
"${pip[@]}" install -q --no-build-isolation --no-deps --force-reinstall ./python
"$venv/bin/python" -c 'import qawl, sys; print("test-python: qawl", qawl.__version__, "from", qawl.__file__)'

# --- tests ------------------------------------------------------------------
# run from the repository root: `python/` on sys.path would shadow the
# installed package with its sources
# shellcheck disable=SC2086
QAWL_BIN="$PWD/target/release/qawl" "$venv/bin/python" -m pytest -q python/tests ${PYTEST_ARGS:-}
say "done in $(($(date +%s) - start)) s"
