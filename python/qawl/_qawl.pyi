"""Type stubs of the Rust extension module qawl._qawl (python/src/lib.rs).

Use the ``qawl`` package (``qawl.Extractor``), which wraps this module."""

import os
from typing import Any, Iterable, Optional, Union

MAX_DOC_BYTES: int
ATTRIBUTION_COLUMNS: list[str]

class QawlError(ValueError):
    """A document qawl cannot read, or an internal error (``ID: reason``)."""

class PatternError(QawlError):
    """A pattern folder that does not load: one ``file:line: reason`` line per problem."""

    errors: list[tuple[str, int, str]]

class Extractor:
    def __init__(self, patterns: Union[str, os.PathLike[str], None] = None) -> None: ...
    @property
    def patterns(self) -> Optional[os.PathLike[str]]: ...
    @property
    def origin(self) -> str: ...
    def extract(self, text: Union[str, bytes], explain: bool = False) -> list[dict[str, Any]]: ...
    def extract_many(
        self, texts: Iterable[Union[str, bytes]], threads: Optional[int] = None, explain: bool = False
    ) -> list[list[dict[str, Any]]]: ...
    def _extract_arrow(
        self,
        offsets: Any,
        data: Any,
        validity: Any,
        offset: int,
        length: int,
        large: bool,
        binary: bool,
        text_name: str,
        threads: Optional[int] = None,
    ) -> list[tuple[Any, ...]]: ...
