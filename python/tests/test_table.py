"""The pyarrow/pandas path: one row per attribution, the same values as extract()."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

import qawl  # noqa: E402
from conftest import flatten  # noqa: E402

QUOTE = "وقال الوزير: «نعمل على حل المشكلة قريبا»."
NONE = "لا شيء هنا"


@pytest.fixture(scope="module")
def ex():
    return qawl.Extractor()


@pytest.fixture(scope="module")
def expected(ex, corpus):
    rows = []
    for d in corpus:
        rows += flatten(d["id"], ex.extract(d["text"]))
    return rows


def test_columns_and_schema(ex):
    t = ex.extract_arrow([QUOTE], ids=["a"])
    assert t.column_names == list(qawl.COLUMNS)
    assert t.schema == qawl.arrow_schema(pa.string())
    assert qawl.arrow_schema().field("id").type == pa.int64()
    assert set(flatten("x", ex.extract(QUOTE))[0]) == set(qawl.COLUMNS)


def test_rows_equal_extract(ex, corpus, expected):
    texts = pa.array([d["text"] for d in corpus])
    ids = pa.array([d["id"] for d in corpus])
    t = ex.extract_arrow(texts, ids)
    assert len(expected) > 1000
    assert t.to_pylist() == expected
    for threads in (1, 2):
        assert ex.extract_arrow(texts, ids, threads=threads).to_pylist() == expected


def test_layouts_give_the_same_rows(ex, corpus, expected):
    texts = [d["text"] for d in corpus]
    ids = [d["id"] for d in corpus]
    base = pa.array(texts)
    chunked = pa.chunked_array([base[:7], base[7:7], base[7:150], base[150:]])
    for col in (
        base.cast(pa.large_string()),
        chunked,
        pa.array([t.encode() for t in texts], pa.binary()),
        pa.array([t.encode() for t in texts], pa.large_binary()),
        pd.Series(texts),
        texts,
    ):
        assert ex.extract_arrow(col, ids).to_pylist() == expected
    if hasattr(pa, "string_view"):
        assert ex.extract_arrow(base.cast(pa.string_view()), ids).to_pylist() == expected


def test_sliced_array_keeps_its_offset(ex, corpus, expected):
    texts = pa.array(["x", None] + [d["text"] for d in corpus] + [QUOTE])
    ids = pa.array(["-", "-"] + [d["id"] for d in corpus] + ["-"])
    part = texts.slice(2, len(corpus))
    assert part.offset == 2
    assert ex.extract_arrow(part, ids.slice(2, len(corpus))).to_pylist() == expected


def test_default_ids_are_positions(ex):
    t = ex.extract_arrow([NONE, QUOTE, NONE, QUOTE])
    assert t.column("id").to_pylist() == [1, 3]
    assert t.column("id").type == pa.int64()
    assert t.column("n").to_pylist() == [1, 1]


def test_id_types_are_kept(ex):
    for ids, typ in (([10, 20], pa.int64()), (["a", "b"], pa.string()), ([1.5, 2.5], pa.float64())):
        t = ex.extract_arrow([QUOTE, QUOTE], ids=pa.array(ids, typ))
        assert t.column("id").type == typ
        assert t.column("id").to_pylist() == ids


def test_errors(ex):
    texts = pa.array([QUOTE, None, NONE, QUOTE])
    with pytest.raises(qawl.QawlError, match=r"^b: field 'text' is not a string, skipped$"):
        ex.extract_arrow(texts, ids=["a", "b", "c", "d"])
    t = ex.extract_arrow(texts, ids=["a", "b", "c", "d"], errors="skip")
    assert t.column("id").to_pylist() == ["a", "d"]
    assert t.column("error").null_count == 2
    t = ex.extract_arrow(texts, ids=["a", "b", "c", "d"], errors="row", text_name="body")
    rows = t.to_pylist()
    assert [r["id"] for r in rows] == ["a", "b", "d"]
    assert rows[1]["error"] == "field 'body' is not a string, skipped"
    assert all(v is None for k, v in rows[1].items() if k not in ("id", "error"))
    with pytest.raises(ValueError, match="errors: expected one of"):
        ex.extract_arrow(texts, errors="ignore")


def test_binary_column_is_checked_as_a_file(ex):
    col = pa.array([QUOTE.encode(), b"\xff\xfe", b"ab\x00cd"], pa.binary())
    rows = ex.extract_arrow(col, errors="row").to_pylist()
    assert [(r["id"], r["error"]) for r in rows] == [
        (0, None),
        (1, "invalid UTF-8 at byte 0, skipped"),
        (2, "binary content (NUL bytes), skipped"),
    ]
    # the same messages as extract() and the CLI
    for b, r in zip([b"\xff\xfe", b"ab\x00cd"], rows[1:]):
        with pytest.raises(qawl.QawlError) as e:
            ex.extract(b)
        assert str(e.value) == "text: " + r["error"]


def test_empty_and_all_null(ex):
    t = ex.extract_arrow([])
    assert t.num_rows == 0 and t.column_names == list(qawl.COLUMNS)
    t = ex.extract_arrow(pa.array([], pa.string()))
    assert t.num_rows == 0
    t = ex.extract_arrow(pa.chunked_array([], pa.string()))
    assert t.num_rows == 0
    t = ex.extract_arrow([None, None], errors="row")
    assert t.column("error").to_pylist() == ["field 'text' is not a string, skipped"] * 2
    t = ex.extract_arrow(["", "", NONE])
    assert t.num_rows == 0


def test_bad_arguments(ex):
    with pytest.raises(ValueError, match="ids: 1 keys for 2 texts"):
        ex.extract_arrow([QUOTE, QUOTE], ids=["a"])
    with pytest.raises(TypeError, match="expected strings or bytes"):
        ex.extract_arrow(pa.array([1, 2]))
    with pytest.raises(TypeError, match="single str"):
        ex.extract_arrow(QUOTE)


def test_pandas(ex, corpus, expected):
    df = pd.DataFrame(corpus)
    out = ex.extract_pandas(df, text_col="text", id_col="id")
    assert list(out.columns) == list(qawl.COLUMNS)
    assert len(out) == len(expected)
    assert str(out["speaker_start"].dtype) == "Int64"
    got = out.astype(object).where(out.notna(), None).to_dict("records")
    assert got == expected
    # the index as key, a Series
    s = pd.Series([NONE, QUOTE], index=["x", "y"])
    assert ex.extract_pandas(s)["id"].tolist() == ["y"]
    assert ex.extract_pandas(pd.DataFrame({"body": [QUOTE]}, index=[5]), "body", None)["id"].tolist() == [5]
    # missing text (None / NaN) is an error, as a null JSONL text is for the CLI
    df2 = pd.DataFrame({"id": [1, 2], "text": [QUOTE, None]})
    with pytest.raises(qawl.QawlError, match="^2: field 'text' is not a string"):
        ex.extract_pandas(df2)
    assert ex.extract_pandas(df2, errors="skip")["id"].tolist() == [1]
    with pytest.raises(KeyError, match="no column 'body'"):
        ex.extract_pandas(df, text_col="body")
    with pytest.raises(TypeError, match="DataFrame or Series"):
        ex.extract_pandas([QUOTE])


def test_long_columns_go_in_slices(ex, corpus, expected, monkeypatch):
    """Columns longer than one call's slice give the same rows, keys and errors."""
    import qawl.table

    monkeypatch.setattr(qawl.table, "_STEP", 7)
    texts = pa.chunked_array([pa.array([d["text"] for d in corpus[:100]]), pa.array([d["text"] for d in corpus[100:]])])
    assert ex.extract_arrow(texts, [d["id"] for d in corpus]).to_pylist() == expected
    bad = pa.array([QUOTE] * 20 + [None] + [QUOTE] * 5)
    with pytest.raises(qawl.QawlError, match="^k20: field 'text' is not a string"):
        ex.extract_arrow(bad, [f"k{i}" for i in range(26)])
    rows = ex.extract_arrow(bad, [f"k{i}" for i in range(26)], errors="row").to_pylist()
    assert [r["id"] for r in rows] == [f"k{i}" for i in range(26)]
    assert [r["n"] for r in rows].count(None) == 1
