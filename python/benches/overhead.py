#!/usr/bin/env python3
"""One measured call for counting instructions with callgrind: the binding's
overhead per document, independent of the machine's load.

Every mode loads the first N texts of a JSONL file, builds the extractor and
the Arrow array, and makes one call on an empty text; MODE then does one of
the measured calls (`base` does nothing more). A mode's count minus the
`base` count is what that call costs.

  for m in base rust many arrow arrowlist loop empty; do
    OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.$m \\
      target/py-venv/bin/python python/benches/overhead.py $m 1000 /tmp/snn.jsonl 2>&1 | grep Collected
  done
"""

import json
import sys

import pyarrow as pa

import qawl

mode, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = []
with open(path, encoding="utf-8") as f:
    for line in f:
        texts.append(json.loads(line)["text"])
        if len(texts) == n:
            break
ex = qawl.Extractor()
arr = pa.array(texts)
for t in texts:
    t.encode()
ex.extract("")
if mode == "rust":
    ex._inner._extract_only(texts, 1)
elif mode == "many":
    ex.extract_many(texts, 1)
elif mode == "arrow":
    ex.extract_arrow(arr, threads=1)
elif mode == "arrowlist":
    ex.extract_arrow(texts, threads=1)
elif mode == "loop":
    [ex.extract(t) for t in texts]
elif mode == "empty":
    [ex.extract("") for _ in range(n)]
elif mode != "base":
    sys.exit(f"unknown mode {mode}")
