"""Same answers everywhere: the CLI (the release binary of this repository),
the Python API (extract, extract_many, extract_arrow, extract_pandas) and
the Spark path give identical attributions on the 300 corpus articles."""

from __future__ import annotations

import pytest

import qawl
from conftest import CORPUS, flatten


@pytest.fixture(scope="module")
def cli_rows(cli_jsonl, corpus):
    rows = []
    for d in corpus:
        rows += flatten(d["id"], cli_jsonl[d["id"]])
    return rows


def test_cli_covers_the_corpus(cli_jsonl, corpus):
    assert len(corpus) == 300
    assert len({d["id"] for d in corpus}) == 300
    assert set(cli_jsonl) == {d["id"] for d in corpus}
    n = sum(map(len, cli_jsonl.values()))
    assert n > 1000
    # the four main kinds at least (claims come where the patterns give them)
    assert {a["kind"] for v in cli_jsonl.values() for a in v} >= {"direct", "indirect", "mixed", "according_to"}


def test_python_extract_equals_cli(cli_jsonl, corpus):
    ex = qawl.Extractor()
    for d in corpus:
        assert ex.extract(d["text"]) == cli_jsonl[d["id"]], d["id"]


def test_extract_many_equals_cli(cli_jsonl, corpus):
    got = qawl.Extractor().extract_many([d["text"] for d in corpus])
    assert got == [cli_jsonl[d["id"]] for d in corpus]


def test_arrow_and_pandas_equal_cli(cli_rows, corpus):
    pa = pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    ex = qawl.Extractor()
    t = ex.extract_arrow(pa.array([d["text"] for d in corpus]), [d["id"] for d in corpus])
    assert t.to_pylist() == cli_rows
    out = ex.extract_pandas(pd.DataFrame(corpus))
    assert out.astype(object).where(out.notna(), None).to_dict("records") == cli_rows


def _sorted_rows(df):
    rows = [r.asDict() for r in df.collect()]
    return sorted(rows, key=lambda r: (r["id"], r["n"]))


def test_spark_jsonl_equals_cli(spark, cli_rows, tmp_path):
    import qawl.spark

    df = spark.read.json(str(CORPUS)).repartition(4)
    out = qawl.spark.extract(df, text_col="text", id_col="id")
    assert out.schema == qawl.spark.schema()
    assert out.columns == list(qawl.COLUMNS)
    assert _sorted_rows(out) == sorted(cli_rows, key=lambda r: (r["id"], r["n"]))
    # written as Parquet and read back: the same rows
    out.write.parquet(str(tmp_path / "attr.parquet"))
    back = spark.read.parquet(str(tmp_path / "attr.parquet"))
    assert _sorted_rows(back) == sorted(cli_rows, key=lambda r: (r["id"], r["n"]))


def test_spark_parquet_corpus_equals_cli(spark, corpus, cli_rows, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    import qawl.spark

    path = tmp_path / "corpus"
    path.mkdir()
    # a partitioned corpus: three Parquet files, integer keys
    keyed = [dict(d, key=i) for i, d in enumerate(corpus)]
    for part in range(3):
        pq.write_table(pa.Table.from_pylist(keyed[part::3]), path / f"part-{part}.parquet")
    df = spark.read.parquet(str(path))
    out = qawl.spark.extract(df, text_col="text", id_col="key")
    from pyspark.sql.types import LongType

    assert out.schema["id"].dataType == LongType()
    by_key = {i: d["id"] for i, d in enumerate(corpus)}
    got = [dict(r, id=by_key[r["id"]]) for r in _sorted_rows(out)]
    assert sorted(got, key=lambda r: (r["id"], r["n"])) == sorted(cli_rows, key=lambda r: (r["id"], r["n"]))
