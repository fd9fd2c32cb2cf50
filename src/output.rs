//! Output formats: `table` (people), `json`, `jsonl` and `tsv` (programs).
//!
//! Owns: the JSON shape fixed by SPEC.md (every span with byte and char
//! offsets, `input[start..end] == text`), the explain fields, and the
//! right-to-left friendly table layout (one block per attribution, a Latin
//! label first and the Arabic value after it, so terminals without bidi
//! support still show each field on its own line).

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::extract::Extractor;
use crate::model::{Attribution, Resolved, Span};

/// Output format selected with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Tsv,
}

/// Byte → char offset conversion for a fixed set of offsets, in one pass.
struct CharMap {
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl CharMap {
    fn new(text: &str, attrs: &[Attribution]) -> CharMap {
        let mut bytes: Vec<usize> = Vec::with_capacity(attrs.len() * 6);
        for a in attrs {
            bytes.extend([a.cue.start, a.cue.end, a.content.start, a.content.end]);
            if let Some((s, _)) = a.speaker {
                bytes.extend([s.start, s.end]);
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

    fn char_of(&self, byte: usize) -> usize {
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

/// `{"char_end":…,"char_start":…,"end":…,<extra>,"start":…,"text":…}`: a span
/// with its keys in the sorted order of a `serde_json::Map`; `extra` is one
/// key/value pair that sorts between `end` and `start` (`lemma`, `resolved`).
fn put_span(out: &mut Vec<u8>, text: &str, s: Span, cm: &CharMap, extra: Option<(&str, &str)>) {
    out.extend_from_slice(b"{\"char_end\":");
    put(out, &cm.char_of(s.end));
    out.extend_from_slice(b",\"char_start\":");
    put(out, &cm.char_of(s.start));
    out.extend_from_slice(b",\"end\":");
    put(out, &s.end);
    if let Some((k, v)) = extra {
        out.push(b',');
        put(out, k);
        out.push(b':');
        put(out, v);
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
            put(out, act.as_str());
            out.push(b',');
        }
        out.extend_from_slice(b"\"content\":");
        put_span(out, text, a.content, &cm, None);
        out.extend_from_slice(b",\"cue\":");
        put_span(out, text, a.cue, &cm, Some(("lemma", &a.lemma)));
        out.extend_from_slice(b",\"kind\":");
        put(out, a.kind.as_str());
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
                put_span(out, text, s, &cm, Some(("resolved", r)));
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"id\":");
    put(out, id);
    out.extend_from_slice(b"}\n");
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Render one document in `format` (for `json`, one array element; the
/// caller writes the brackets and the separators between documents).
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
        Format::Tsv => {
            for (n, a) in attrs.iter().enumerate() {
                let (sp, res, ss, se) = match a.speaker {
                    Some((s, r)) => (
                        clean(&text[s.start..s.end]),
                        if r == Resolved::Explicit { "explicit" } else { "implicit" },
                        s.start.to_string(),
                        s.end.to_string(),
                    ),
                    None => (String::new(), "", String::new(), String::new()),
                };
                write!(
                    w,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    clean(id),
                    n + 1,
                    a.kind.as_str(),
                    sp,
                    res,
                    clean(&text[a.cue.start..a.cue.end]),
                    clean(&text[a.content.start..a.content.end]),
                    ss,
                    se,
                    a.cue.start,
                    a.cue.end,
                    a.content.start,
                    a.content.end
                )?;
                if explain {
                    write!(w, "\t{}\t{}", a.rule, entry_locations(ex, a).join(","))?;
                }
                writeln!(w)?;
            }
            Ok(())
        }
        Format::Table => {
            writeln!(w, "── {} ── {} attribution{}", id, attrs.len(), if attrs.len() == 1 { "" } else { "s" })?;
            for (n, a) in attrs.iter().enumerate() {
                let speaker = match a.speaker {
                    Some((s, Resolved::Explicit)) => clean(&text[s.start..s.end]),
                    Some((s, Resolved::Implicit)) => format!("{} (implicit)", clean(&text[s.start..s.end])),
                    None => "—".into(),
                };
                writeln!(w, "{:>3}. {:<12} speaker: {}", n + 1, a.kind.as_str(), speaker)?;
                writeln!(w, "     {:<12} cue:     {}", "", clean(&text[a.cue.start..a.cue.end]))?;
                writeln!(w, "     {:<12} content: {}", "", clean(&text[a.content.start..a.content.end]))?;
                if explain {
                    writeln!(w, "     {:<12} rule:    {}  [{}]", "", a.rule, entry_locations(ex, a).join(", "))?;
                }
            }
            writeln!(w)
        }
    }
}

/// Header line for `tsv`.
pub fn tsv_header(explain: bool) -> String {
    let mut h = "id\tn\tkind\tspeaker\tresolved\tcue\tcontent\tspeaker_start\tspeaker_end\tcue_start\tcue_end\tcontent_start\tcontent_end".to_string();
    if explain {
        h.push_str("\trule\tpatterns");
    }
    h
}
