//! The columnar path: a column of texts in Arrow layout in, a table of
//! attributions in Arrow layout out, with no Python object per document or
//! per attribution.
//!
//! Owns the reading of an Arrow `string`/`large_string`/`binary`/
//! `large_binary` array from its buffers (validity bitmap, offsets, data; as
//! `pyarrow.Array.buffers()` gives them), and the building of one
//! `large_string` or `int64` column per field of [`NAMES`], which
//! `python/qawl/table.py` wraps with `pyarrow.Array.from_buffers` (no copy).
//! One row per attribution; a document that cannot be read gives one row
//! with `error` set (the CLI's message) and every other field null, so the
//! caller decides whether to raise, skip or keep it.
//!
//! Rows are read from the same rendering as `Extractor.extract`: the CLI's
//! JSONL line of each document (`crate::render`), parsed into borrowed
//! structs (no allocation for a string without escapes); fields the columns
//! do not name are skipped.

use std::borrow::Cow;

use pyo3::buffer::PyUntypedBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use rayon::prelude::*;
use serde::Deserialize;

use crate::{Input, install, render};

/// The columns built, in order. `doc` is the position of the document in the
/// input array (the caller turns it into the document key); `n` numbers the
/// attributions of a document from 1, as `--format tsv` does.
pub const NAMES: [&str; 23] = [
    "doc",
    "n",
    "kind",
    "act",
    "speaker_text",
    "speaker_resolved",
    "speaker_entity",
    "speaker_start",
    "speaker_end",
    "speaker_char_start",
    "speaker_char_end",
    "cue_text",
    "cue_lemma",
    "cue_start",
    "cue_end",
    "cue_char_start",
    "cue_char_end",
    "content_text",
    "content_start",
    "content_end",
    "content_char_start",
    "content_char_end",
    "error",
];

/// Documents per unit of parallel work.
const CHUNK: usize = 32;

/// How to read the input array.
pub struct Spec<'a> {
    /// The array's offset into its buffers (`Array.offset`), in elements.
    pub offset: usize,
    /// Number of documents.
    pub length: usize,
    /// 64-bit offsets (`large_string`, `large_binary`).
    pub large: bool,
    /// `binary`: bytes checked as the CLI checks a file.
    pub binary: bool,
    /// The column's name, for the message about a null text.
    pub text_name: &'a str,
}

/// A validity bitmap (Arrow: bit i set = row i valid, least significant bit first).
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Bits {
    fn push(&mut self, valid: bool) {
        if self.len.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if valid {
            *self.bytes.last_mut().expect("pushed above") |= 1 << (self.len % 8);
        } else {
            self.nulls += 1;
        }
        self.len += 1;
    }

    fn append(&mut self, other: &Bits) {
        for i in 0..other.len {
            self.push(other.bytes[i / 8] >> (i % 8) & 1 == 1);
        }
    }
}

#[derive(Default)]
struct StrCol {
    valid: Bits,
    offsets: Vec<i64>,
    data: Vec<u8>,
}

impl StrCol {
    fn push(&mut self, v: Option<&str>) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.valid.push(v.is_some());
        if let Some(s) = v {
            self.data.extend_from_slice(s.as_bytes());
        }
        self.offsets.push(self.data.len() as i64);
    }

    fn append(&mut self, other: StrCol) {
        if other.valid.len == 0 {
            return;
        }
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let shift = self.data.len() as i64;
        self.valid.append(&other.valid);
        self.offsets.extend(other.offsets[1..].iter().map(|o| o + shift));
        self.data.extend_from_slice(&other.data);
    }
}

#[derive(Default)]
struct IntCol {
    valid: Bits,
    values: Vec<i64>,
}

impl IntCol {
    fn push(&mut self, v: Option<i64>) {
        self.valid.push(v.is_some());
        self.values.push(v.unwrap_or(0));
    }

    fn append(&mut self, other: IntCol) {
        self.valid.append(&other.valid);
        self.values.extend_from_slice(&other.values);
    }
}

/// The five columns of one span (`speaker`, `cue`, `content`).
#[derive(Default)]
struct SpanCols {
    text: StrCol,
    start: IntCol,
    end: IntCol,
    char_start: IntCol,
    char_end: IntCol,
}

/// A CLI JSONL line, as far as the columns read it.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    attributions: Vec<Attr<'a>>,
}

#[derive(Deserialize)]
struct Attr<'a> {
    #[serde(borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    act: Option<Cow<'a, str>>,
    #[serde(borrow)]
    speaker: Option<SpanJ<'a>>,
    #[serde(borrow)]
    cue: SpanJ<'a>,
    #[serde(borrow)]
    content: SpanJ<'a>,
}

/// A span object (`speaker`, `cue`, `content`) and the extra fields it may carry.
#[derive(Deserialize)]
struct SpanJ<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    start: i64,
    end: i64,
    char_start: i64,
    char_end: i64,
    #[serde(borrow, default)]
    lemma: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    resolved: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    entity: Option<Entity<'a>>,
}

/// `speaker.entity`: a string, or a span object whose text is taken.
#[derive(Deserialize)]
#[serde(untagged)]
enum Entity<'a> {
    Text(#[serde(borrow)] Cow<'a, str>),
    Span {
        #[serde(borrow)]
        text: Cow<'a, str>,
    },
}

impl Entity<'_> {
    fn text(&self) -> &str {
        match self {
            Entity::Text(t) | Entity::Span { text: t } => t,
        }
    }
}

impl SpanCols {
    fn push(&mut self, m: Option<&SpanJ<'_>>) {
        self.text.push(m.map(|m| &*m.text));
        self.start.push(m.map(|m| m.start));
        self.end.push(m.map(|m| m.end));
        self.char_start.push(m.map(|m| m.char_start));
        self.char_end.push(m.map(|m| m.char_end));
    }

    fn append(&mut self, o: SpanCols) {
        self.text.append(o.text);
        self.start.append(o.start);
        self.end.append(o.end);
        self.char_start.append(o.char_start);
        self.char_end.append(o.char_end);
    }
}

/// Every column of [`NAMES`].
#[derive(Default)]
struct Table {
    doc: IntCol,
    n: IntCol,
    kind: StrCol,
    act: StrCol,
    speaker: SpanCols,
    speaker_resolved: StrCol,
    speaker_entity: StrCol,
    cue: SpanCols,
    cue_lemma: StrCol,
    content: SpanCols,
    error: StrCol,
}

impl Table {
    /// One row: attribution number `n` of document `doc`, or its error.
    fn push(&mut self, doc: usize, n: Option<usize>, a: Option<&Attr<'_>>, error: Option<&str>) {
        self.doc.push(Some(doc as i64));
        self.n.push(n.map(|n| n as i64));
        self.kind.push(a.map(|a| &*a.kind));
        self.act.push(a.and_then(|a| a.act.as_deref()));
        let speaker = a.and_then(|a| a.speaker.as_ref());
        self.speaker.push(speaker);
        self.speaker_resolved.push(speaker.and_then(|s| s.resolved.as_deref()));
        self.speaker_entity.push(speaker.and_then(|s| s.entity.as_ref()).map(Entity::text));
        let cue = a.map(|a| &a.cue);
        self.cue.push(cue);
        self.cue_lemma.push(cue.and_then(|c| c.lemma.as_deref()));
        self.content.push(a.map(|a| &a.content));
        self.error.push(error);
    }

    /// Add the rows of `o` after these.
    fn append(&mut self, o: Table) {
        self.doc.append(o.doc);
        self.n.append(o.n);
        self.kind.append(o.kind);
        self.act.append(o.act);
        self.speaker.append(o.speaker);
        self.speaker_resolved.append(o.speaker_resolved);
        self.speaker_entity.append(o.speaker_entity);
        self.cue.append(o.cue);
        self.cue_lemma.append(o.cue_lemma);
        self.content.append(o.content);
        self.error.append(o.error);
    }

    /// The columns in the order of [`NAMES`].
    fn into_columns(self) -> Vec<(&'static str, Col)> {
        let Table { doc, n, kind, act, speaker, speaker_resolved, speaker_entity, cue, cue_lemma, content, error } =
            self;
        use Col::{Int, Str};
        vec![
            ("doc", Int(doc)),
            ("n", Int(n)),
            ("kind", Str(kind)),
            ("act", Str(act)),
            ("speaker_text", Str(speaker.text)),
            ("speaker_resolved", Str(speaker_resolved)),
            ("speaker_entity", Str(speaker_entity)),
            ("speaker_start", Int(speaker.start)),
            ("speaker_end", Int(speaker.end)),
            ("speaker_char_start", Int(speaker.char_start)),
            ("speaker_char_end", Int(speaker.char_end)),
            ("cue_text", Str(cue.text)),
            ("cue_lemma", Str(cue_lemma)),
            ("cue_start", Int(cue.start)),
            ("cue_end", Int(cue.end)),
            ("cue_char_start", Int(cue.char_start)),
            ("cue_char_end", Int(cue.char_end)),
            ("content_text", Str(content.text)),
            ("content_start", Int(content.start)),
            ("content_end", Int(content.end)),
            ("content_char_start", Int(content.char_start)),
            ("content_char_end", Int(content.char_end)),
            ("error", Str(error)),
        ]
    }
}

enum Col {
    Str(StrCol),
    Int(IntCol),
}

/// The bytes of a Python buffer (`pyarrow.Buffer`, `bytes`, `memoryview`).
/// Read-only buffers are borrowed (Arrow buffers are immutable, so reading
/// them with the GIL released is sound); writable ones are copied first.
enum Bytes {
    Borrowed(PyUntypedBuffer),
    Copied(Vec<u8>),
}

impl Bytes {
    fn get(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Bytes> {
        let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(Bytes::Copied(vec![])) };
        let buf = PyUntypedBuffer::get(obj)?;
        if !buf.is_c_contiguous() {
            return Err(PyValueError::new_err(format!("{what}: buffer is not contiguous")));
        }
        if buf.readonly() {
            Ok(Bytes::Borrowed(buf))
        } else {
            let len = buf.len_bytes();
            // SAFETY: a C-contiguous buffer of `len` bytes, read while the GIL
            // is held (nothing else can write it meanwhile), copied out at once.
            let v = unsafe { std::slice::from_raw_parts(buf.buf_ptr() as *const u8, len) }.to_vec();
            Ok(Bytes::Copied(v))
        }
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Copied(v) => v,
            Bytes::Borrowed(buf) if buf.len_bytes() == 0 => &[],
            // SAFETY: a read-only, C-contiguous buffer of len_bytes bytes,
            // kept alive (and exported) for as long as `self` lives.
            Bytes::Borrowed(buf) => unsafe { std::slice::from_raw_parts(buf.buf_ptr() as *const u8, buf.len_bytes()) },
        }
    }
}

/// The documents of the array, each a text or why it cannot be read.
fn documents<'a>(
    offsets: &[u8],
    data: &'a [u8],
    validity: Option<&[u8]>,
    spec: &Spec<'_>,
) -> Result<Vec<Result<Input<'a>, String>>, String> {
    let w = if spec.large { 8 } else { 4 };
    let first = spec.offset;
    let last = spec.offset.checked_add(spec.length).ok_or("length overflows")?;
    if offsets.len() < (last + 1) * w {
        return Err(format!("offsets buffer holds {} bytes, {} needed", offsets.len(), (last + 1) * w));
    }
    if let Some(v) = validity
        && v.len() < last.div_ceil(8)
    {
        return Err(format!("validity bitmap holds {} bytes, {} needed", v.len(), last.div_ceil(8)));
    }
    let at = |j: usize| -> Result<usize, String> {
        let b = &offsets[j * w..(j + 1) * w];
        let o = if spec.large {
            i64::from_le_bytes(b.try_into().expect("8 bytes"))
        } else {
            i32::from_le_bytes(b.try_into().expect("4 bytes")) as i64
        };
        usize::try_from(o).map_err(|_| format!("negative offset {o}"))
    };
    let mut docs = Vec::with_capacity(spec.length);
    let mut start = at(first)?;
    for j in first..last {
        let end = at(j + 1)?;
        if end < start || end > data.len() {
            return Err(format!("offsets {start}..{end} outside the data buffer ({} bytes)", data.len()));
        }
        let valid = validity.is_none_or(|v| v[j / 8] >> (j % 8) & 1 == 1);
        let value = &data[start..end];
        docs.push(if !valid {
            Err(format!("field '{}' is not a string, skipped", spec.text_name))
        } else if spec.binary {
            Ok(Input::Bytes(value))
        } else {
            simdutf8::compat::from_utf8(value)
                .map(Input::Str)
                .map_err(|e| format!("invalid UTF-8 at byte {}, skipped", e.valid_up_to()))
        });
        start = end;
    }
    Ok(docs)
}

/// Extract every document of an Arrow text array; the table as a list of
/// `(name, "str" | "int", null_count, validity, buffers...)` tuples.
pub fn extract<'py>(
    py: Python<'py>,
    ex: &qawl::Extractor,
    pool: Option<&rayon::ThreadPool>,
    offsets: &Bound<'py, PyAny>,
    data: Option<&Bound<'py, PyAny>>,
    validity: Option<&Bound<'py, PyAny>>,
    spec: Spec<'_>,
) -> PyResult<Bound<'py, PyList>> {
    let offsets = Bytes::get(Some(offsets), "offsets")?;
    let data = Bytes::get(data, "data")?;
    let validity = match validity.filter(|v| !v.is_none()) {
        Some(v) => Some(Bytes::get(Some(v), "validity")?),
        None => None,
    };
    let (offsets, data, validity) = (offsets.as_slice(), data.as_slice(), validity.as_ref().map(Bytes::as_slice));
    let table = py
        .detach(|| -> Result<Table, String> {
            let docs = documents(offsets, data, validity, &spec)?;
            // each worker builds the rows of a run of documents, so the
            // rendered values are dropped as soon as they are read
            let parts: Vec<Table> = install(pool, || {
                docs.par_chunks(CHUNK)
                    .enumerate()
                    .map(|(c, chunk)| {
                        let mut t = Table::default();
                        for (j, d) in chunk.iter().enumerate() {
                            let i = c * CHUNK + j;
                            let line = d.as_ref().map_err(String::clone).and_then(|&inp| render(ex, inp, false));
                            let parsed = line.as_deref().map_err(String::clone).and_then(|l| {
                                crate::line_str(l)
                                    .and_then(|l| serde_json::from_str::<Line<'_>>(l).map_err(|e| e.to_string()))
                                    .map_err(|e| format!("internal error, skipped (please report): {e}"))
                            });
                            match parsed {
                                Err(msg) => t.push(i, None, None, Some(&msg)),
                                Ok(line) => {
                                    for (k, a) in line.attributions.iter().enumerate() {
                                        t.push(i, Some(k + 1), Some(a), None);
                                    }
                                }
                            }
                        }
                        t
                    })
                    .collect()
            });
            let mut t = Table::default();
            for p in parts {
                t.append(p);
            }
            Ok(t)
        })
        .map_err(PyValueError::new_err)?;
    let out = PyList::empty(py);
    let bitmap = |b: &Bits| if b.nulls == 0 { None } else { Some(PyBytes::new(py, &b.bytes)) };
    let le = |v: &[i64]| PyBytes::new(py, &v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>());
    for (name, col) in table.into_columns() {
        match col {
            Col::Str(c) => {
                let offsets = if c.offsets.is_empty() { vec![0] } else { c.offsets };
                out.append((name, "str", c.valid.nulls, bitmap(&c.valid), le(&offsets), PyBytes::new(py, &c.data)))?
            }
            Col::Int(c) => out.append((name, "int", c.valid.nulls, bitmap(&c.valid), le(&c.values)))?,
        }
    }
    Ok(out)
}
