"""qawl on Apache Spark: a DataFrame of texts to a DataFrame of attributions.

>>> from pyspark.sql import SparkSession               # doctest: +SKIP
>>> import qawl.spark
>>> spark = SparkSession.builder.master("local[*]").getOrCreate()  # doctest: +SKIP
>>> df = spark.read.json("corpus.jsonl")              # doctest: +SKIP
>>> out = qawl.spark.extract(df, text_col="text", id_col="id")     # doctest: +SKIP
>>> out.write.parquet("attributions.parquet")          # doctest: +SKIP

Owns the Spark side: the output schema (``schema``), the ``mapInArrow``
function, and the extractor cache. Each Python worker process builds its
extractor once, on the first batch it gets, and keeps it in a module-level
cache for every later batch and task (Spark reuses Python workers by
default); documents are read straight from the Arrow batches Spark sends and
the attributions are built in Rust (``Extractor.extract_arrow``), so there is
no Python object per row. The package must be installed where the executors
run (``pip install ./python`` on each node, or a wheel shipped with
``--py-files``/``spark.archives``); a pattern folder must be readable at the
same path on every executor.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Iterator, Optional

from . import Extractor, Errors

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame
    from pyspark.sql.types import DataType, StructType

__all__ = ["extract", "schema"]

#: One extractor per pattern folder (None: built-in) in this process.
_EXTRACTORS: dict[Optional[str], Extractor] = {}
#: How many extractors this process has built, per pattern folder (the
#: tests check it is one per worker process, not one per task or batch).
_BUILDS: dict[Optional[str], int] = {}


def _extractor(patterns: Optional[str]) -> Extractor:
    ex = _EXTRACTORS.get(patterns)
    if ex is None:
        ex = _EXTRACTORS[patterns] = Extractor(patterns)
        _BUILDS[patterns] = _BUILDS.get(patterns, 0) + 1
    return ex


def schema(id_type: Optional["DataType"] = None) -> "StructType":
    """The schema of ``extract``'s DataFrame: ``id`` (of type ``id_type``,
    default string), then the columns of ``qawl.COLUMNS``: ``n`` (int, the
    attribution's number in its document, from 1), texts as strings and
    offsets as longs, all nullable (a null speaker; an error row).

    >>> from pyspark.sql.types import LongType
    >>> s = schema(LongType())
    >>> s.fieldNames()[:4], s["id"].dataType, s["n"].dataType, s["cue_start"].dataType
    (['id', 'n', 'kind', 'act'], LongType(), IntegerType(), LongType())
    """
    from pyspark.sql import types as T
    from pyspark.sql.types import DataType

    from . import COLUMNS

    fields = [T.StructField("id", T.StringType() if id_type is None else id_type, True)]
    for name in COLUMNS[1:]:
        t: DataType
        if name == "n":
            t = T.IntegerType()
        elif name.endswith(("_start", "_end")):
            t = T.LongType()
        else:
            t = T.StringType()
        fields.append(T.StructField(name, t, True))
    return T.StructType(fields)


def _arrow_types(out: "StructType", id_arrow: Optional["pyarrow.DataType"], large: bool) -> "pyarrow.Schema":
    import pyarrow as pa
    from pyspark.sql import types as T

    fields = []
    for f in out.fields:
        if f.name == "id":
            fields.append(pa.field("id", id_arrow))
        elif isinstance(f.dataType, T.IntegerType):
            fields.append(pa.field(f.name, pa.int32()))
        elif isinstance(f.dataType, T.LongType):
            fields.append(pa.field(f.name, pa.int64()))
        else:
            fields.append(pa.field(f.name, pa.large_string() if large else pa.string()))
    return pa.schema(fields)


def extract(
    df: "DataFrame",
    text_col: str = "text",
    id_col: str = "id",
    *,
    patterns: Optional[str] = None,
    errors: Errors = "row",
    threads: Optional[int] = 1,
) -> "DataFrame":
    """Every attribution in the ``text_col`` column of ``df``, one row per
    attribution, keyed by ``id_col`` (any type; its type is kept). The
    columns are ``schema(...)``'s; write them with ``.write.parquet(...)``.

    ``patterns`` is a pattern folder (None: the built-in patterns); it is
    loaded here first, so a broken folder raises ``PatternError`` with its
    ``file:line`` lines before any task starts. ``errors`` defaults to
    ``"row"``: a document that cannot be read (a null text) gives one row
    with ``error`` set instead of failing the job; ``"skip"`` drops it,
    ``"raise"`` fails the task. ``threads`` is the extraction threads per
    Python worker (default 1: Spark already runs one task per core).
    """
    if errors not in ("raise", "skip", "row"):
        raise ValueError(f"errors: expected one of raise, skip, row, got {errors!r}")
    for c in (text_col, id_col):
        if c not in df.columns:
            raise ValueError(f"no column {c!r} in the DataFrame (columns: {', '.join(df.columns)})")
    Extractor(patterns)  # fail fast, on the driver, with file:line
    spark = df.sparkSession
    large = str(spark.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")).lower() == "true"
    out_schema = schema(df.schema[id_col].dataType)

    def run(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        ex = _extractor(patterns)
        target = None
        for batch in batches:
            ids = batch.column(id_col)
            if target is None:
                target = _arrow_types(out_schema, ids.type, large)
            table = ex.extract_arrow(batch.column(text_col), ids, threads=threads, errors=errors, text_name=text_col)
            yield from table.cast(target).to_batches()

    cols = [id_col] if id_col == text_col else [id_col, text_col]
    with warnings.catch_warnings():
        # pyspark 4 warns about pandas 3 in mapInArrow, which does not use pandas
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        return df.select(*cols).mapInArrow(run, out_schema)
