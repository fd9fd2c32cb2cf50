"""qawl (قَوْل): who said what in Arabic news.

The Python face of the qawl Rust library: the same extractor as the
``qawl`` command line, with the same answers. ``Extractor.extract`` gives,
for one text, the ``attributions`` of ``qawl extract --format jsonl``: a
list of dicts with ``kind`` (direct, indirect, mixed, according_to, claim),
``speaker`` (or None), ``cue`` and ``content``, each span with UTF-8 byte
offsets (``start``/``end``) and character offsets (``char_start``/
``char_end``, which index Python strings directly).

>>> import qawl
>>> ex = qawl.Extractor()
>>> text = "وقال الوزير: «نعمل على حل المشكلة قريبا»."
>>> [a] = ex.extract(text)
>>> a["kind"], a["speaker"]["text"], a["cue"]["lemma"]
('direct', 'الوزير', 'قال')
>>> s = a["content"]
>>> text[s["char_start"]:s["char_end"]] == s["text"]
True
>>> text.encode()[s["start"]:s["end"]].decode() == s["text"]
True

Many documents at once, in parallel, without the GIL:

>>> [len(x) for x in ex.extract_many([text, "لا شيء هنا", text], threads=2)]
[1, 0, 1]

A column of texts to a table, one row per attribution (needs pyarrow;
``extract_pandas`` gives a pandas DataFrame, ``qawl.spark.extract`` a Spark
one):

>>> t = ex.extract_arrow([text, "لا شيء هنا"], ids=["a", "b"])
>>> t.num_rows, t.column("id").to_pylist(), t.column("kind").to_pylist()
(1, ['a'], ['direct'])

Errors are exceptions with the CLI's messages: a pattern folder that does
not load raises ``PatternError`` with its ``file:line: reason`` lines; a
document that cannot be read raises ``QawlError`` (``ID: reason``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Literal, Optional, Sequence, Union

from . import _qawl
from ._qawl import MAX_DOC_BYTES, PatternError, QawlError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

__all__ = [
    "Extractor",
    "QawlError",
    "PatternError",
    "MAX_DOC_BYTES",
    "COLUMNS",
    "extract",
    "arrow_schema",
]

__version__ = "0.1.0"

Text = Union[str, bytes]
Errors = Literal["raise", "skip", "row"]

#: The columns of ``Extractor.extract_arrow`` / ``extract_pandas`` and of
#: ``qawl.spark.extract``, in order.
COLUMNS: tuple[str, ...] = ("id",) + tuple(_qawl.ATTRIBUTION_COLUMNS[1:])


class Extractor:
    """The qawl extractor: pattern files compiled once, then used on any
    number of documents from any number of threads.

    ``patterns`` is a pattern folder (``patterns/`` or ``patterns/ar/``, as
    ``qawl extract --patterns DIR`` takes); ``None`` uses the patterns built
    into the library. A folder that does not load raises ``PatternError``,
    whose message has one ``file:line: reason`` line per problem, exactly as
    the CLI prints them:

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> for f in ["verbs", "participles", "according", "speakers", "enders",
    ...           "complementizers", "quotes"]:
    ...     _ = open(os.path.join(d, f + ".txt"), "w").write("")
    >>> _ = open(os.path.join(d, "verbs.txt"), "w").write("قال | colour\\n")
    >>> try:
    ...     Extractor(d)
    ... except PatternError as e:
    ...     print(str(e).replace(d, "DIR"))
    DIR/verbs.txt:1: unknown tag 'colour' for verbs.txt

    Extractors pickle (as their pattern folder), so they can be sent to
    worker processes; each process builds its own.
    """

    __slots__ = ("_inner",)

    def __init__(self, patterns: Union[str, "os.PathLike[str]", None] = None) -> None:
        self._inner = _qawl.Extractor(None if patterns is None else os.fspath(patterns))

    @property
    def patterns(self) -> Optional[str]:
        """The pattern folder given, or None for the built-in patterns."""
        p = self._inner.patterns
        return None if p is None else os.fspath(p)

    def __repr__(self) -> str:
        return "Extractor()" if self.patterns is None else f"Extractor({self.patterns!r})"

    def __reduce__(self) -> tuple[type, tuple[Optional[str]]]:
        return (type(self), (self.patterns,))

    def extract(self, text: Text, *, explain: bool = False) -> list[dict[str, Any]]:
        """The attributions of one document, as ``qawl extract --format
        jsonl`` gives them (the ``attributions`` array of its line).

        ``text`` is a ``str``, or ``bytes`` read as the CLI reads a file
        (binary content and invalid UTF-8 raise ``QawlError``, with the CLI's
        message). Offsets are into the text as given: ``start``/``end`` in
        UTF-8 bytes, ``char_start``/``char_end`` in characters (Python
        string indices). ``explain=True`` adds ``rule`` and ``patterns``
        (the pattern entries, ``file:line``), as ``--explain`` does.

        >>> ex = Extractor()
        >>> [a] = ex.extract("أكد المتحدث أن الاجتماع سيعقد غدا.")
        >>> a["kind"], a["speaker"]["text"], a["content"]["text"]
        ('indirect', 'المتحدث', 'الاجتماع سيعقد غدا')
        >>> sorted(a["cue"])
        ['char_end', 'char_start', 'end', 'lemma', 'start', 'text']
        >>> ex.extract("")
        []
        """
        return self._inner.extract(text, explain)

    def extract_many(
        self, texts: Iterable[Text], threads: Optional[int] = None, *, explain: bool = False
    ) -> list[list[dict[str, Any]]]:
        """``extract`` on every text, in parallel with the GIL released; one
        list of attributions per text, in input order.

        ``threads=None`` uses all cores (rayon's global pool; the
        ``RAYON_NUM_THREADS`` variable sets its size); ``threads=N`` runs on
        a pool of N threads of this extractor's own. A text that cannot be
        read raises ``QawlError`` naming its position (``texts[3]: ...``);
        ``extract_arrow(..., errors="row")`` keeps going instead.

        >>> ex = Extractor()
        >>> out = ex.extract_many(["قال الوزير إن الوضع مستقر.", ""], threads=1)
        >>> [[a["kind"] for a in attrs] for attrs in out]
        [['indirect'], []]
        """
        return self._inner.extract_many(texts, threads, explain)

    def extract_arrow(
        self,
        texts: Any,
        ids: Any = None,
        *,
        threads: Optional[int] = None,
        errors: Errors = "raise",
        text_name: str = "text",
    ) -> "pyarrow.Table":
        """A column of texts to a pyarrow Table of attributions, one row per
        attribution (columns: ``qawl.COLUMNS``; schema: ``arrow_schema``).

        ``texts`` is a pyarrow string or binary Array or ChunkedArray, a
        pandas Series, or a list of str/bytes/None; ``ids`` the document keys,
        as many (any type; default: positions 0, 1, ...), copied to the
        ``id`` column. Texts are read straight from their Arrow buffers and
        the table is built in Rust without the GIL: no Python object per
        document or attribution.

        ``errors`` says what a document that cannot be read (a null text,
        invalid UTF-8, over ``MAX_DOC_BYTES``) does: ``"raise"`` raises
        ``QawlError`` (``ID: reason``), ``"skip"`` leaves it out, ``"row"``
        gives it one row with ``error`` set (the CLI's message) and the
        other fields null.

        >>> ex = Extractor()
        >>> t = ex.extract_arrow(["قال الوزير إن الوضع مستقر.", None], ids=[7, 8], errors="row")
        >>> t.select(["id", "n", "kind", "speaker_text", "error"]).to_pylist()[1]
        {'id': 8, 'n': None, 'kind': None, 'speaker_text': None, 'error': "field 'text' is not a string, skipped"}
        """
        from .table import extract_arrow

        return extract_arrow(self, texts, ids, threads=threads, errors=errors, text_name=text_name)

    def extract_pandas(
        self,
        data: Any,
        text_col: str = "text",
        id_col: Optional[str] = "id",
        *,
        threads: Optional[int] = None,
        errors: Errors = "raise",
    ) -> "pandas.DataFrame":
        """A pandas DataFrame (or Series) of texts to a DataFrame of
        attributions, one row per attribution, columns ``qawl.COLUMNS``.

        The document key is the ``id_col`` column, or the index when
        ``id_col`` is None or ``data`` is a Series. Offsets are nullable
        integers (``Int64``): a null speaker stays null. ``errors`` as in
        ``extract_arrow``.

        >>> import pandas as pd
        >>> df = pd.DataFrame({"id": ["a", "b"],
        ...                    "text": ["قال الوزير إن الوضع مستقر.", "نص بلا إسناد"]})
        >>> out = Extractor().extract_pandas(df)
        >>> out[["id", "kind", "speaker_text", "cue_text", "content_text"]].values.tolist()
        [['a', 'indirect', 'الوزير', 'قال', 'الوضع مستقر']]
        """
        from .table import extract_pandas

        return extract_pandas(self, data, text_col, id_col, threads=threads, errors=errors)


_default: Optional[Extractor] = None


def extract(text: Text, *, explain: bool = False) -> list[dict[str, Any]]:
    """``Extractor().extract(text)`` with the built-in patterns (the
    extractor is built on first use and kept).

    >>> [a["kind"] for a in extract("وقال الوزير: «نعمل على حل المشكلة قريبا».")]
    ['direct']
    """
    global _default
    if _default is None:
        _default = Extractor()
    return _default.extract(text, explain=explain)


def arrow_schema(id_type: Optional["pyarrow.DataType"] = None) -> "pyarrow.Schema":
    """The schema of ``Extractor.extract_arrow``'s tables; ``id_type`` is the
    type of the document keys (default ``int64``, the positions).

    >>> arrow_schema().names == list(COLUMNS)
    True
    """
    from .table import arrow_schema as schema

    return schema(id_type)


def _columns_in_rust() -> Sequence[str]:
    return tuple(_qawl.ATTRIBUTION_COLUMNS)
