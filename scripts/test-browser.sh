#!/usr/bin/env bash
# Browser test of `qawl extract --format html` (README's test command runs it
# through scripts/test.sh). Installs Debian's chromium and chromium-driver
# where missing, builds the release binary if needed, makes the page from the
# seed article and from 200 corpus articles (tests/data/corpus-200.jsonl),
# and checks the rendered DOM in headless Chromium (scripts/browser_test.py:
# standard-library Python driving chromedriver's WebDriver HTTP API).
# Screenshots go to target/browser-test/ (docs/ holds the README's copy:
# QAWL_SCREENSHOTS=docs scripts/test-browser.sh refreshes it).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "== installing chromium and chromium-driver (Debian packages)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# an Arabic-capable font for the screenshot (DejaVu Sans has Arabic)
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=ar 2>/dev/null)" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

cargo build --release --quiet
QAWL="$PWD/target/release/qawl"
OUT="$PWD/target/browser-test"
mkdir -p "$OUT"
python3 scripts/browser_test.py "$QAWL" "$OUT" --screenshot-dir "${QAWL_SCREENSHOTS:-$OUT}" \
  text:examples/raisi-putin-ar.txt jsonl:tests/data/corpus-200.jsonl
