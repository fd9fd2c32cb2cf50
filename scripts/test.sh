#!/usr/bin/env bash
# Every test of the project, as README.md gives it and CI runs it:
# the Rust suite (cargo test --release), then each stage script below that
# exists (Python/Spark, browser). Each stage sets up what it needs itself
# (venvs, Debian packages) on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release
for stage in scripts/test-python.sh scripts/test-browser.sh; do
  if [ -x "$stage" ]; then
    echo "== $stage"
    "$stage"
  fi
done
