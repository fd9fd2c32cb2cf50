#!/usr/bin/env bash
# Leave-one-press-out: for each press family, fit the speaker weights without
# it (dev set + the annotated training articles), then score that family.
# Usage: scripts/lopo.sh [QAWL]   (run from the repository root after cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
qawl=${1:-target/release/qawl}
train=(tests/data/dev.jsonl data/annotated/train-a.jsonl)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for fam in saudi moroccan ant; do
  "$qawl" train "${train[@]}" --exclude "family=$fam" -o "$tmp/w-$fam.txt" 2>/dev/null
  line=$("$qawl" eval tests/data/dev.jsonl --weights "$tmp/w-$fam.txt" | grep "^family=$fam:")
  echo "held out: $line"
done
for h in heldout-b heldout-c; do
  "$qawl" eval "data/annotated/$h.jsonl" | grep -E "^end-to-end|^strict|^claim" | sed "s/^/$h (built-in weights): /"
done
