"""qawl.spark: errors, patterns, one extractor per worker process, the example script."""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

pytest.importorskip("pyspark")

import qawl  # noqa: E402
import qawl.spark  # noqa: E402
from conftest import CORPUS, HERE, REPO  # noqa: E402

QUOTE = "وقال الوزير: «نعمل على حل المشكلة قريبا»."


def test_bad_documents_become_error_rows(spark):
    df = spark.createDataFrame([("a", QUOTE), ("b", None), ("c", "")], "id string, text string")
    rows = sorted((r.asDict() for r in qawl.spark.extract(df).collect()), key=lambda r: r["id"])
    assert [(r["id"], r["kind"], r["error"]) for r in rows] == [
        ("a", "direct", None),
        ("b", None, "field 'text' is not a string, skipped"),
    ]
    assert [r["id"] for r in qawl.spark.extract(df, errors="skip").collect()] == ["a"]


def test_errors_raise_fails_the_job_with_the_message(spark):
    df = spark.createDataFrame([("a", QUOTE), ("b", None)], "id string, body string")
    with pytest.raises(Exception, match="field 'body' is not a string"):
        qawl.spark.extract(df, text_col="body", errors="raise").collect()


def test_bad_arguments_fail_on_the_driver(spark, tmp_path):
    df = spark.createDataFrame([("a", QUOTE)], "id string, text string")
    with pytest.raises(ValueError, match="no column 'body'"):
        qawl.spark.extract(df, text_col="body")
    with pytest.raises(ValueError, match="errors: expected one of"):
        qawl.spark.extract(df, errors="ignore")
    bad = tmp_path / "ar"
    shutil.copytree(REPO / "patterns" / "ar", bad)
    with open(bad / "speakers.txt", "a", encoding="utf-8") as f:
        f.write("وزير | colour\n")
    with pytest.raises(qawl.PatternError, match=r"speakers\.txt:\d+: unknown tag 'colour'"):
        qawl.spark.extract(df, patterns=str(bad))


def test_pattern_folder_reaches_the_executors(spark, tmp_path):
    d = tmp_path / "ar"
    shutil.copytree(REPO / "patterns" / "ar", d)
    # drop the verb قال from the copy: the quotation has no cue any more
    lines = (d / "verbs.txt").read_text(encoding="utf-8").splitlines()
    kept = [x for x in lines if not x.startswith("قال ")]
    assert len(kept) < len(lines)
    (d / "verbs.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
    df = spark.createDataFrame([("a", QUOTE)], "id string, text string")
    assert [r["cue_lemma"] for r in qawl.spark.extract(df).collect()] == ["قال"]
    assert qawl.spark.extract(df, patterns=str(d)).collect() == []


def test_one_extractor_per_worker_process(spark):
    """Eight tasks on two cores: each Python worker process builds the
    extractor once and keeps it for every later batch and task."""
    df = spark.read.json(str(CORPUS)).repartition(8)
    # small Arrow batches: many batches per task
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "10")
    try:
        assert qawl.spark.extract(df).count() > 1000
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")

    def probe(batches):
        import os

        import pyarrow as pa

        import qawl.spark as qs

        for _ in batches:
            yield pa.RecordBatch.from_pydict({"pid": [os.getpid()], "builds": [qs._BUILDS.get(None, 0)]})

    seen = spark.range(0, 64, numPartitions=16).mapInArrow(probe, "pid long, builds long").collect()
    builds = {r["pid"]: r["builds"] for r in seen}
    # workers that ran extraction built exactly one extractor, whatever the number of tasks
    assert set(builds.values()) <= {0, 1}
    assert 1 in builds.values()
    assert len(builds) <= 4


def _example():
    spec = importlib.util.spec_from_file_location("spark_extract", HERE.parent / "examples" / "spark_extract.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_example_script_writes_parquet(spark, tmp_path, cli_jsonl, capsys):
    out = tmp_path / "attributions.parquet"
    rc = _example().main([str(CORPUS), str(out), "--master", "local[2]"], spark=spark)
    assert rc == 0
    printed = capsys.readouterr().out
    n = sum(map(len, cli_jsonl.values()))
    assert f"300 documents, {n} attributions" in printed
    back = spark.read.parquet(str(out))
    assert back.count() == n
    assert back.columns == list(qawl.COLUMNS)


def test_example_script_reads_parquet_and_gz(spark, tmp_path, corpus):
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    gz = tmp_path / "corpus.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as f:
        for d in corpus[:40]:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    pq_dir = tmp_path / "corpus-parquet"
    pq_dir.mkdir()
    pq.write_table(pa.Table.from_pylist(corpus[:20]), pq_dir / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(corpus[20:40]), pq_dir / "part-1.parquet")
    mod = _example()
    assert mod.main([str(gz), str(tmp_path / "a.parquet")], spark=spark) == 0
    assert mod.main([str(pq_dir), str(tmp_path / "b.parquet"), "--partitions", "3"], spark=spark) == 0
    a = spark.read.parquet(str(tmp_path / "a.parquet"))
    b = spark.read.parquet(str(tmp_path / "b.parquet"))
    assert a.count() > 100
    assert sorted(map(tuple, a.collect())) == sorted(map(tuple, b.collect()))
    # a missing input: a message and exit status 2, no traceback
    assert mod.main([str(tmp_path / "missing.jsonl"), str(tmp_path / "c.parquet")], spark=spark) == 2


def test_large_var_types(spark):
    """With spark.sql.execution.arrow.useLargeVarTypes on (texts arrive as large_string, and
    qawl answers in large_string), the job gives the same rows."""
    df = spark.createDataFrame([("a", QUOTE), ("b", "لا شيء")], "id string, text string")
    expected = [r.asDict() for r in qawl.spark.extract(df).collect()]
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        got = [r.asDict() for r in qawl.spark.extract(df).collect()]
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    assert got == expected
    assert [r["kind"] for r in got] == ["direct"]
