"""Attributions as a table: pyarrow and pandas.

Owns the conversion of a column of texts (pyarrow Array or ChunkedArray,
pandas Series, list) to the Arrow buffers the Rust side reads, the wrapping
of the columns it builds (``pyarrow.Array.from_buffers``, no copy), the
document keys (``ids.take(doc)``, so keys of any type come back unchanged),
and the ``errors`` policy. One row per attribution; the columns are
``qawl.COLUMNS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ._qawl import QawlError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

    from . import Extractor

_ERRORS = ("raise", "skip", "row")
#: Documents per call into Rust: long columns go in slices (no copy), so
#: Ctrl-C is seen between them and memory stays bounded.
_STEP = 8192


def _pa():
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("qawl's table functions need pyarrow: pip install pyarrow") from e
    return pyarrow


def arrow_schema(id_type: Optional["pyarrow.DataType"] = None) -> "pyarrow.Schema":
    """The schema of the tables built here; ``id`` has type ``id_type``
    (default int64), ``n`` int32, offsets int64, texts large_string."""
    pa = _pa()
    from . import _qawl

    fields = [pa.field("id", pa.int64() if id_type is None else id_type)]
    for name in _qawl.ATTRIBUTION_COLUMNS[1:]:
        if name == "n":
            fields.append(pa.field(name, pa.int32()))
        elif name.endswith(("_start", "_end")):
            fields.append(pa.field(name, pa.int64()))
        else:
            fields.append(pa.field(name, pa.large_string()))
    return pa.schema(fields)


def _as_arrow(values: Any, what: str):
    """``values`` as a pyarrow Array or ChunkedArray."""
    pa = _pa()
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(values, (pd.Series, pd.Index)):
        return pa.array(values, from_pandas=True)
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{what}: expected a column of texts (list, Series, Array), got a single {type(values).__name__}")
    return pa.array(list(values), from_pandas=True)


def _text_chunk(chunk):
    """``chunk`` as one of the four layouts the Rust side reads."""
    pa = _pa()
    t = chunk.type
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return chunk
    if pa.types.is_null(t) or getattr(pa.types, "is_string_view", lambda _: False)(t):
        return chunk.cast(pa.large_string())
    if getattr(pa.types, "is_binary_view", lambda _: False)(t):
        return chunk.cast(pa.large_binary())
    raise TypeError(f"texts: expected strings or bytes, got an Arrow column of {t}")


def _build(pa, cols):
    """The Rust side's ``(name, kind, nulls, validity, buffers...)`` tuples
    as a list of (name, pyarrow.Array)."""
    out = []
    for col in cols:
        name, kind, nulls, validity = col[0], col[1], col[2], col[3]
        vbuf = None if validity is None else pa.py_buffer(validity)
        if kind == "str":
            offsets, data = col[4], col[5]
            n = len(offsets) // 8 - 1
            arr = pa.Array.from_buffers(
                pa.large_string(), n, [vbuf, pa.py_buffer(offsets), pa.py_buffer(data)], null_count=nulls
            )
        else:
            values = col[4]
            n = len(values) // 8
            arr = pa.Array.from_buffers(pa.int64(), n, [vbuf, pa.py_buffer(values)], null_count=nulls)
        out.append((name, arr))
    return out


def extract_arrow(
    extractor: "Extractor",
    texts: Any,
    ids: Any = None,
    *,
    threads: Optional[int] = None,
    errors: str = "raise",
    text_name: str = "text",
) -> "pyarrow.Table":
    """See ``qawl.Extractor.extract_arrow``."""
    pa = _pa()
    import pyarrow.compute as pc

    if errors not in _ERRORS:
        raise ValueError(f"errors: expected one of {', '.join(_ERRORS)}, got {errors!r}")
    texts = _as_arrow(texts, "texts")
    n_docs = len(texts)
    if ids is None:
        ids = pa.array(range(n_docs), pa.int64())
    else:
        ids = _as_arrow(ids, "ids")
        if len(ids) != n_docs:
            raise ValueError(f"ids: {len(ids)} keys for {n_docs} texts")
    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    if not chunks:
        chunks = [pa.array([], pa.large_string())]
    inner = extractor._inner
    parts = []
    base = 0
    pieces = (c.slice(i, _STEP) for c in chunks for i in range(0, max(len(c), 1), _STEP))
    for chunk in pieces:
        chunk = _text_chunk(chunk)
        validity, offsets, data = chunk.buffers()[:3]
        large = pa.types.is_large_string(chunk.type) or pa.types.is_large_binary(chunk.type)
        binary = pa.types.is_binary(chunk.type) or pa.types.is_large_binary(chunk.type)
        if offsets is None:  # an empty array may have no buffers at all
            offsets = pa.py_buffer(bytes(8 if large else 4))
        cols = inner._extract_arrow(
            offsets, data, validity if chunk.null_count else None, chunk.offset, len(chunk), large, binary, text_name, threads
        )
        arrays = _build(pa, cols)
        names = [a for a, _ in arrays]
        values = [b for _, b in arrays]
        if base:
            values[0] = pc.add(values[0], pa.scalar(base, pa.int64()))
        err = values[names.index("error")]
        if errors == "raise" and err.null_count < len(err):
            i = pc.index(pc.is_valid(err), True).as_py()
            raise QawlError(f"{ids[values[0][i].as_py()].as_py()}: {err[i].as_py()}")
        parts.append(pa.Table.from_arrays(values, names=names))
        base += len(chunk)
    table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    doc = table.column("doc")
    key = ids.take(doc)
    if isinstance(key, pa.ChunkedArray):
        key = key.combine_chunks() if key.num_chunks != 1 else key.chunk(0)
    table = table.drop_columns(["doc"])
    table = table.add_column(0, pa.field("id", key.type), key)
    table = table.set_column(1, pa.field("n", pa.int32()), table.column("n").cast(pa.int32()))
    err = table.column("error")
    if errors == "skip" and err.null_count < len(err):
        table = table.filter(pc.is_null(err))
    return table


def extract_pandas(
    extractor: "Extractor",
    data: Any,
    text_col: str = "text",
    id_col: Optional[str] = "id",
    *,
    threads: Optional[int] = None,
    errors: str = "raise",
) -> "pandas.DataFrame":
    """See ``qawl.Extractor.extract_pandas``."""
    import pandas as pd

    if isinstance(data, pd.Series):
        texts, ids = data, data.index
    elif isinstance(data, pd.DataFrame):
        for col in (text_col, id_col):
            if col is not None and col not in data.columns:
                raise KeyError(f"no column {col!r} (columns: {', '.join(map(str, data.columns))})")
        texts = data[text_col]
        ids = data.index if id_col is None else data[id_col]
    else:
        raise TypeError(f"data: expected a pandas DataFrame or Series, got {type(data).__name__}")
    table = extract_arrow(extractor, texts, ids, threads=threads, errors=errors, text_name=str(text_col))
    pa = _pa()
    ints = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int32Dtype()}
    return table.to_pandas(types_mapper=ints.get)
