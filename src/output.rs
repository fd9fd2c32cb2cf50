//! Output formats: `table` and `html` (people), `json`, `jsonl`, `tsv` and
//! `csv` (programs).
//!
//! Owns: the JSON shape fixed by SPEC.md (every span with byte and char
//! offsets, `input[start..end] == text`; `speaker.entity`), the explain
//! fields, and the right-to-left friendly table layout (one block per
//! attribution, a Latin label first and the Arabic value after it, each
//! value on one line cut to the terminal width, control characters escaped,
//! so terminals without bidi support still show each field on its own line).
//! `delimited` writes tsv and csv, `html` the page.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::display;
use crate::extract::Extractor;
use crate::model::{Attribution, Resolved, Span};

pub mod delimited;
pub mod html;

/// Output format selected with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Tsv,
    Csv,
    Html,
}

/// Byte → char offset conversion for a fixed set of offsets, in one pass.
pub(crate) struct CharMap {
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl CharMap {
    pub(crate) fn new(text: &str, attrs: &[Attribution]) -> CharMap {
        let mut bytes: Vec<usize> = Vec::with_capacity(attrs.len() * 6);
        for a in attrs {
            bytes.extend([a.cue.start, a.cue.end, a.content.start, a.content.end]);
            if let Some((s, _)) = a.speaker {
                bytes.extend([s.start, s.end]);
            }
            if let Some(e) = a.entity {
                bytes.extend([e.start, e.end]);
            }
        }
        bytes.sort_unstable();
        bytes.dedup();
        let mut chars = Vec::with_capacity(bytes.len());
        let (mut at, mut count) = (0usize, 0usize);
        for &b in &bytes {
            count += text[at..b].chars().count();
            at = b;
            chars.push(count);
        }
        CharMap { bytes, chars }
    }

    pub(crate) fn char_of(&self, byte: usize) -> usize {
        let i = self.bytes.binary_search(&byte).expect("offset registered");
        self.chars[i]
    }
}

fn span_json(text: &str, s: Span, cm: &CharMap) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("text".into(), json!(&text[s.start..s.end]));
    m.insert("start".into(), json!(s.start));
    m.insert("end".into(), json!(s.end));
    m.insert("char_start".into(), json!(cm.char_of(s.start)));
    m.insert("char_end".into(), json!(cm.char_of(s.end)));
    m
}

/// The `file:line` of every pattern entry behind an attribution, as a path an
/// editor can open (`patterns/ar/verbs.txt:31`, or `DIR/verbs.txt:31` with
/// `--patterns DIR`).
pub fn entry_locations(ex: &Extractor, a: &Attribution) -> Vec<String> {
    a.entries.iter().map(|r| ex.set.location(&ex.set.entries[r.0 as usize])).collect()
}

/// One document as the JSON object of SPEC.md.
pub fn doc_json(ex: &Extractor, id: &str, text: &str, attrs: &[Attribution], explain: bool) -> Value {
    let cm = CharMap::new(text, attrs);
    let list: Vec<Value> = attrs
        .iter()
        .map(|a| {
            let speaker = match a.speaker {
                None => Value::Null,
                Some((s, r)) => {
                    let mut m = span_json(text, s, &cm);
                    if let Some(e) = a.entity {
                        m.insert("entity".into(), Value::Object(span_json(text, e, &cm)));
                    }
                    m.insert(
                        "resolved".into(),
                        json!(match r {
                            Resolved::Explicit => "explicit",
                            Resolved::Implicit => "implicit",
                        }),
                    );
                    Value::Object(m)
                }
            };
            let mut cue = span_json(text, a.cue, &cm);
            cue.insert("lemma".into(), json!(a.lemma));
            let mut obj = serde_json::Map::new();
            if let Some(act) = a.act {
                obj.insert("act".into(), json!(act.as_str()));
            }
            obj.insert("kind".into(), json!(a.kind.as_str()));
            obj.insert("speaker".into(), speaker);
            obj.insert("cue".into(), Value::Object(cue));
            obj.insert("content".into(), Value::Object(span_json(text, a.content, &cm)));
            if explain {
                obj.insert("rule".into(), json!(a.rule));
                obj.insert("patterns".into(), json!(entry_locations(ex, a)));
            }
            Value::Object(obj)
        })
        .collect();
    json!({"id": id, "attributions": list})
}

/// Append `v` to `out` as a JSON string or number, escaped as serde_json does.
fn put<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(&mut *out, v).expect("serialise to memory");
}

/// Append `s`, which holds nothing JSON escapes (a key or one of the
/// crate's fixed names: `kind`, `act`, `resolved`), as a JSON string.
#[inline]
fn put_plain(out: &mut Vec<u8>, s: &str) {
    debug_assert!(!s.bytes().any(|c| c == b'"' || c == b'\\' || c < 0x20), "{s:?}");
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// Writes one JSON value.
type PutValue<'a> = dyn Fn(&mut Vec<u8>) + 'a;

/// `{"char_end":…,"char_start":…,"end":…,<extra>,"start":…,"text":…}`: a span
/// with its keys in the sorted order of a `serde_json::Map`; `extra` are
/// key/value pairs that sort between `end` and `start` (`entity`, `lemma`,
/// `resolved`), in their order, values written by the closure.
fn put_span(out: &mut Vec<u8>, text: &str, s: Span, cm: &CharMap, extra: &[(&str, &PutValue)]) {
    out.extend_from_slice(b"{\"char_end\":");
    put(out, &cm.char_of(s.end));
    out.extend_from_slice(b",\"char_start\":");
    put(out, &cm.char_of(s.start));
    out.extend_from_slice(b",\"end\":");
    put(out, &s.end);
    for (k, v) in extra {
        out.push(b',');
        put_plain(out, k);
        out.push(b':');
        v(out);
    }
    out.extend_from_slice(b",\"start\":");
    put(out, &s.start);
    out.extend_from_slice(b",\"text\":");
    crate::jsonl::write_str(out, &text[s.start..s.end]);
    out.push(b'}');
}

/// One document as a JSONL line: the bytes `serde_json::to_writer` gives for
/// [`doc_json`] (keys sorted), written directly without building a `Value`.
pub fn jsonl_line(out: &mut Vec<u8>, ex: &Extractor, id: &str, text: &str, attrs: &[Attribution], explain: bool) {
    let cm = CharMap::new(text, attrs);
    out.extend_from_slice(b"{\"attributions\":[");
    for (i, a) in attrs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        if let Some(act) = a.act {
            out.extend_from_slice(b"\"act\":");
            put_plain(out, act.as_str());
            out.push(b',');
        }
        out.extend_from_slice(b"\"content\":");
        put_span(out, text, a.content, &cm, &[]);
        out.extend_from_slice(b",\"cue\":");
        put_span(out, text, a.cue, &cm, &[("lemma", &|o: &mut Vec<u8>| put(o, &a.lemma))]);
        out.extend_from_slice(b",\"kind\":");
        put_plain(out, a.kind.as_str());
        if explain {
            out.extend_from_slice(b",\"patterns\":");
            put(out, &entry_locations(ex, a));
            out.extend_from_slice(b",\"rule\":");
            put(out, a.rule);
        }
        out.extend_from_slice(b",\"speaker\":");
        match a.speaker {
            None => out.extend_from_slice(b"null"),
            Some((s, r)) => {
                let r = match r {
                    Resolved::Explicit => "explicit",
                    Resolved::Implicit => "implicit",
                };
                let resolved = |o: &mut Vec<u8>| put_plain(o, r);
                match a.entity {
                    Some(e) => {
                        let entity = |o: &mut Vec<u8>| put_span(o, text, e, &cm, &[]);
                        put_span(out, text, s, &cm, &[("entity", &entity), ("resolved", &resolved)])
                    }
                    None => put_span(out, text, s, &cm, &[("resolved", &resolved)]),
                }
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"id\":");
    put(out, id);
    out.extend_from_slice(b"}\n");
}

/// Render one document in `format` (for `json`, one array element; the
/// caller writes the brackets and the separators between documents, and
/// [`write_header`] / [`html::Page`] the rest of the stream).
pub fn write_doc(
    w: &mut dyn Write,
    format: Format,
    ex: &Extractor,
    id: &str,
    text: &str,
    attrs: &[Attribution],
    explain: bool,
) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            let mut line = Vec::with_capacity(128 + attrs.len() * 512);
            jsonl_line(&mut line, ex, id, text, attrs, explain);
            w.write_all(&line)
        }
        Format::Json => {
            let v = doc_json(ex, id, text, attrs, explain);
            let s = serde_json::to_string_pretty(&v).map_err(io::Error::other)?;
            for (i, line) in s.lines().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                write!(w, "  {line}")?;
            }
            Ok(())
        }
        Format::Tsv | Format::Csv => delimited::write_rows(w, format == Format::Csv, ex, id, text, attrs, explain),
        Format::Html => w.write_all(&html::doc_chunk(ex, id, text, attrs)),
        Format::Table => write_table(w, ex, id, text, attrs, explain, display::output_width()),
    }
}

/// What a stream in `format` starts with: the column header for `tsv` and
/// `csv`, the page head for `html`, the line saying how to get the page
/// for `table`; nothing for `json` (its `[` is the caller's) and `jsonl`.
pub fn write_header(w: &mut dyn Write, format: Format, explain: bool) -> io::Result<()> {
    match format {
        Format::Tsv | Format::Csv => delimited::write_header(w, format == Format::Csv, explain),
        Format::Html => w.write_all(html::HEAD.as_bytes()),
        Format::Table => writeln!(w, "{TABLE_HINT}"),
        Format::Json | Format::Jsonl => Ok(()),
    }
}

/// The table's first line: where to read Arabic when the terminal has no bidi.
pub const TABLE_HINT: &str = "(Arabic may show in reversed order on terminals without bidi; for a page: qawl extract --format html ... > page.html)";

/// Width of the labels in front of each table value (`  1. according_to speaker: `).
const TABLE_LABEL: usize = 27;

/// One block per attribution: a Latin label first, then the value on one
/// line (control characters escaped), cut to `width` columns with `…`.
pub fn write_table(
    w: &mut dyn Write,
    ex: &Extractor,
    id: &str,
    text: &str,
    attrs: &[Attribution],
    explain: bool,
    width: usize,
) -> io::Result<()> {
    let room = width.saturating_sub(TABLE_LABEL + 1).max(10);
    let value = |s: &str| display::cut(&display::one_line(s), room).into_owned();
    let n = attrs.len();
    let head = format!("── {} ── {n} attribution{}", display::escape(id), if n == 1 { "" } else { "s" });
    writeln!(w, "{}", display::cut(&head, width.saturating_sub(1)))?;
    for (i, a) in attrs.iter().enumerate() {
        let speaker = match a.speaker {
            Some((s, Resolved::Explicit)) => text[s.start..s.end].to_string(),
            Some((s, Resolved::Implicit)) => format!("{} (implicit)", &text[s.start..s.end]),
            None => "—".into(),
        };
        writeln!(w, "{:>3}. {:<12} speaker: {}", i + 1, a.kind.as_str(), value(&speaker))?;
        if let (Some((s, _)), Some(e)) = (a.speaker, a.entity)
            && e != s
        {
            writeln!(w, "     {:<12} entity:  {}", "", value(&text[e.start..e.end]))?;
        }
        let cue = match a.act {
            Some(act) => format!("{}  [{}]", &text[a.cue.start..a.cue.end], act.as_str()),
            None => text[a.cue.start..a.cue.end].to_string(),
        };
        writeln!(w, "     {:<12} cue:     {}", "", value(&cue))?;
        writeln!(w, "     {:<12} content: {}", "", value(&text[a.content.start..a.content.end]))?;
        if explain {
            let at = entry_locations(ex, a).join(", ");
            writeln!(w, "     {:<12} rule:    {}  [{}]", "", a.rule, display::escape(&at))?;
        }
    }
    writeln!(w)
}
