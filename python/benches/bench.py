#!/usr/bin/env python3
"""Speed of the Python binding against the CLI, on one JSONL corpus.

Loads the texts once (not timed), then times, best of --runs:
  cli           `qawl extract --input jsonl --format jsonl --threads N FILE > /dev/null`
                (reads and parses the JSONL itself: end to end)
  rust only     the binding's extraction and doc_json rendering, values
                dropped (Extractor._inner._extract_only): the floor
  extract_many  the same, plus one list of dicts per document
  extract_arrow the same, into an Arrow table (one row per attribution),
                from the list of str and from an Arrow string array
  extract loop  `[ex.extract(t) for t in texts]` (threads 1 only)
and the cost of one call on an empty text (the boundary alone). With
--spark, also Spark on local[N], for N in --threads: JSONL file -> Parquet
with and without qawl (`file: copy`, `file: qawl`), then the same from a
cached DataFrame (`spark copy`: an identity mapInArrow; `spark qawl`;
`spark qawl count`: no Parquet write).

Example (from the repository root, in the test venv):
  zcat ../shared/corpus/saudinewsnet.jsonl.gz > /tmp/snn.jsonl
  target/py-venv/bin/python python/benches/bench.py /tmp/snn.jsonl --runs 3 --spark
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import qawl

# pyspark 4 warns about pandas 3 where it checks the pandas version; these jobs use Arrow
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)

REPO = Path(__file__).resolve().parents[2]


def cpu() -> float:
    """CPU seconds of this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best(runs: int, f) -> tuple[float, float]:
    """The best wall time of `runs` calls, and the best CPU time: on a
    shared machine the CPU time of a one-thread run is the steadier one."""
    walls, cpus = [], []
    for _ in range(runs):
        c, t = cpu(), time.perf_counter()
        f()
        walls.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
    return min(walls), min(cpus)


def load(path: str) -> list[str]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def line(name: str, threads, secs: tuple[float, float], docs: int, mb: float) -> None:
    wall, cpu_s = secs
    tail = "" if cpu_s is None else f" {cpu_s:8.2f} s CPU {docs / cpu_s:9.0f} docs/CPU-s"
    print(f"{name:<16} {str(threads):>9} {wall:8.2f} s {docs / wall:9.0f} docs/s {mb / wall:7.1f} MB/s{tail}", flush=True)


def spark_jobs(path: str, threads: int, runs: int) -> None:
    """Wall times only: the work runs in the JVM and its Python workers."""
    from pyspark.sql import SparkSession

    import qawl.spark

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{threads}]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    out = tempfile.mkdtemp(prefix="qawl-bench-")
    try:
        df = spark.read.schema("id string, text string").json(path)
        df.cache().count()  # later jobs read it from memory: the times are about extraction
        docs = df.count()
        mb = df.selectExpr("sum(octet_length(text))").first()[0] / 1e6

        def write(frame):
            frame.write.mode("overwrite").parquet(os.path.join(out, "x.parquet"))

        def identity(batches):
            yield from batches

        from pyspark.sql import functions as F

        def wall(f):
            return best(runs, f)[0], None

        master = f"local[{threads}]"
        # from the file: Spark's JSON reader included, as spark_extract.py runs
        raw = spark.read.schema("id string, text string").json(path)
        line("file: copy", master, wall(lambda: write(raw)), docs, mb)
        line("file: qawl", master, wall(lambda: write(qawl.spark.extract(raw))), docs, mb)
        # from the cached DataFrame: extraction and the Arrow hand-over only
        line("spark copy", master, wall(lambda: write(df.mapInArrow(identity, df.schema))), docs, mb)
        line("spark qawl", master, wall(lambda: write(qawl.spark.extract(df))), docs, mb)
        line("spark qawl count", master, wall(lambda: qawl.spark.extract(df).agg(F.count("*")).collect()), docs, mb)
    finally:
        spark.stop()
        shutil.rmtree(out, ignore_errors=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="JSONL file (or .jsonl.gz) with a text field")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--threads", default="1,2", help="thread counts to time (default 1,2)")
    p.add_argument("--qawl", default=str(REPO / "target" / "release" / "qawl"), help="the CLI binary")
    p.add_argument("--spark", action="store_true", help="also time the Spark job")
    args = p.parse_args()

    texts = load(args.corpus)
    docs = len(texts)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    ex = qawl.Extractor()
    import pyarrow as pa

    arrow = pa.array(texts)  # a column as Spark or Parquet hands it over
    print(f"{args.corpus}: {docs} documents, {mb:.1f} MB of text; best of {args.runs}; load {os.getloadavg()[0]:.2f}")
    print(f"{'what':<16} {'threads':>9} {'wall':>10} {'docs/s':>16} {'MB/s':>12} {'CPU':>14} {'docs/CPU-s':>19}")
    n_attr = sum(map(len, ex.extract_many(texts)))
    jsonl_mb = ex._inner._extract_only(texts) / 1e6
    for threads in [int(x) for x in args.threads.split(",")]:
        cli = [args.qawl, "extract", "--input", "jsonl", "--format", "jsonl", "--threads", str(threads), args.corpus]
        with open(os.devnull, "wb") as null:
            line("cli", threads, best(args.runs, lambda: subprocess.run(cli, stdout=null, check=True)), docs, mb)
        line("rust only", threads, best(args.runs, lambda: ex._inner._extract_only(texts, threads)), docs, mb)
        line("extract_many", threads, best(args.runs, lambda: ex.extract_many(texts, threads)), docs, mb)
        line("extract_arrow", threads, best(args.runs, lambda: ex.extract_arrow(texts, threads=threads)), docs, mb)
        line("  Arrow input", threads, best(args.runs, lambda: ex.extract_arrow(arrow, threads=threads)), docs, mb)
        if threads == 1:
            line("extract loop", 1, best(args.runs, lambda: [ex.extract(t) for t in texts]), docs, mb)
    calls = 200_000
    wall, _ = best(args.runs, lambda: [ex.extract("") for _ in range(calls)])
    print(f"extract(''): {wall / calls * 1e6:.2f} µs per call; {n_attr} attributions, {jsonl_mb:.1f} MB of JSONL")
    if args.spark:
        for threads in [int(x) for x in args.threads.split(",")]:
            spark_jobs(args.corpus, threads, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
