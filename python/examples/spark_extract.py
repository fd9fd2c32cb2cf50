#!/usr/bin/env python3
"""Run qawl over a corpus on Spark and write the attributions as Parquet.

The corpus is JSONL (one article per line, .gz read directly) or Parquet, a
file or a folder of part files, with a text column and a key column. The
output is a Parquet folder, one row per attribution (columns: qawl.COLUMNS).

Examples:
  python examples/spark_extract.py tests/data/corpus-300.jsonl /tmp/attr.parquet
  python examples/spark_extract.py corpus.jsonl.gz out.parquet --master 'local[*]' --partitions 64
  python examples/spark_extract.py s3a://bucket/crawl/ out.parquet --format parquet --text-col body --id-col url
  spark-submit examples/spark_extract.py hdfs:///corpus/ hdfs:///attr.parquet   # on a cluster

On a cluster, qawl must be installed on every node (pip install ./python,
or ship the wheel), and a --patterns folder must be readable on every node.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

# pyspark 4 warns about pandas 3 where it checks the pandas version; this job uses Arrow, not pandas
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", help="corpus: JSONL(.gz) or Parquet, file or folder")
    p.add_argument("output", help="Parquet folder to write")
    p.add_argument("--master", default=None, help="Spark master when not run by spark-submit (default: local[*])")
    p.add_argument("--format", choices=["auto", "json", "parquet"], default="auto", help="input format (auto: by name)")
    p.add_argument("--text-col", default="text", help="column holding the article text (default: text)")
    p.add_argument("--id-col", default="id", help="column holding the document key (default: id)")
    p.add_argument("--patterns", default=None, help="pattern folder replacing the built-in patterns")
    p.add_argument("--partitions", type=int, default=None, help="repartition the corpus into N partitions first")
    p.add_argument(
        "--errors",
        choices=["row", "skip", "raise"],
        default="row",
        help="a document that cannot be read: a row with `error` set (default), left out, or fail the job",
    )
    p.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    return p


def _format(path: str, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    name = path.rstrip("/")
    if name.endswith(".parquet"):
        return "parquet"
    if os.path.isdir(name):
        files = [f for f in os.listdir(name) if not f.startswith((".", "_"))]
        if files and all(f.endswith(".parquet") for f in files):
            return "parquet"
    return "json"


def main(argv: list[str] | None = None, spark=None) -> int:
    args = _parser().parse_args(argv)
    if "://" not in args.input and not os.path.exists(args.input):
        print(f"spark_extract: {args.input}: no such file or folder", file=sys.stderr)
        return 2
    import qawl
    import qawl.spark

    try:
        qawl.Extractor(args.patterns)  # a broken folder: file:line lines, before Spark starts
    except qawl.PatternError as e:
        print(e, file=sys.stderr)
        return 2

    own = spark is None
    if own:
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("qawl")
        # under spark-submit the master comes from it; run by python, local[*]
        if args.master or "PYSPARK_GATEWAY_PORT" not in os.environ:
            builder = builder.master(args.master or "local[*]")
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
    try:
        fmt = _format(args.input, args.format)
        if fmt == "parquet":
            df = spark.read.parquet(args.input)
        else:
            # only the two columns, both read as strings: no schema-inference
            # pass over the corpus, and numeric ids become strings as the CLI
            # makes them
            from pyspark.sql.types import StringType, StructField, StructType

            cols = dict.fromkeys([args.id_col, args.text_col])
            df = spark.read.schema(StructType([StructField(c, StringType()) for c in cols])).json(args.input)
        for c in (args.text_col, args.id_col):
            if c not in df.columns:
                print(f"spark_extract: {args.input}: no column {c!r} (columns: {', '.join(df.columns)})", file=sys.stderr)
                return 2
        if args.partitions:
            df = df.repartition(args.partitions)
        out = qawl.spark.extract(df, args.text_col, args.id_col, patterns=args.patterns, errors=args.errors)
        t0 = time.perf_counter()
        out.write.mode("overwrite" if args.overwrite else "errorifexists").parquet(args.output)
        secs = time.perf_counter() - t0

        written = spark.read.parquet(args.output)
        docs = df.count()
        rows = written.count()
        errors = written.where("error IS NOT NULL").count()
        kinds = {r["kind"]: r["count"] for r in written.groupBy("kind").count().collect() if r["kind"]}
        print(f"qawl on Spark ({spark.sparkContext.master}): {args.input} ({fmt}) -> {args.output}")
        print(f"{docs} documents, {rows - errors} attributions, {errors} unreadable, in {secs:.1f} s")
        print("by kind: " + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)))
        return 0
    finally:
        if own:
            spark.stop()


if __name__ == "__main__":
    sys.exit(main())
