//! `tsv` and `csv`: one row per attribution, for spreadsheets and data frames.
//!
//! Owns the column set (the same for both) and the quoting. Both are written
//! by the `csv` crate, so they parse back with it, with Python's `csv`
//! module and with `pandas.read_csv` (`sep="\t"` for tsv): a field holding a
//! `"` is quoted with the quote doubled, so a quote at the start of a field
//! cannot swallow the next ones.
//! - `csv` is RFC 4180: comma, CRLF line ends, texts exactly as in the input
//!   (line breaks inside quoted fields).
//! - `tsv` keeps one row per line: tabs and line breaks inside texts are
//!   written as spaces (the offsets still point at the exact text).
//!
//! Every span has byte offsets (`*_start`/`*_end`) and char offsets
//! (`*_char_start`/`*_char_end`), as in the JSON. A document without
//! attributions has no row; `--stats` still counts it.

use std::io::{self, Write};

use super::{CharMap, entry_locations};
use crate::extract::Extractor;
use crate::model::{Attribution, Resolved, Span};

/// The columns, in order (`rule` and `patterns` follow with `--explain`).
pub const COLUMNS: [&str; 26] = [
    "id",
    "n",
    "kind",
    "speaker",
    "resolved",
    "cue",
    "content",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
    "act",
    "lemma",
    "entity",
    "speaker_char_start",
    "speaker_char_end",
    "cue_char_start",
    "cue_char_end",
    "content_char_start",
    "content_char_end",
    "entity_start",
    "entity_end",
    "entity_char_start",
    "entity_char_end",
];

fn writer(w: &mut dyn Write, csv: bool) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .delimiter(if csv { b',' } else { b'\t' })
        .terminator(if csv { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(w)
}

/// The I/O error inside a csv error (a broken pipe stays a broken pipe).
pub(crate) fn io_err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The header row.
pub fn write_header(w: &mut dyn Write, csv: bool, explain: bool) -> io::Result<()> {
    let mut out = writer(w, csv);
    let mut cols: Vec<&str> = COLUMNS.to_vec();
    if explain {
        cols.extend(["rule", "patterns"]);
    }
    out.write_record(&cols).map_err(io_err)?;
    out.flush()
}

/// One row per attribution of a document.
pub fn write_rows(
    w: &mut dyn Write,
    csv: bool,
    ex: &Extractor,
    id: &str,
    text: &str,
    attrs: &[Attribution],
    explain: bool,
) -> io::Result<()> {
    if attrs.is_empty() {
        return Ok(());
    }
    let cm = CharMap::new(text, attrs);
    let field = |s: &str| if csv { s.to_string() } else { s.replace(['\t', '\n', '\r'], " ") };
    let num = |n: usize| n.to_string();
    let offsets = |s: Option<Span>| match s {
        Some(s) => [num(s.start), num(s.end), num(cm.char_of(s.start)), num(cm.char_of(s.end))],
        None => Default::default(),
    };
    let mut out = writer(w, csv);
    for (i, a) in attrs.iter().enumerate() {
        let sp = a.speaker.map(|(s, _)| s);
        let resolved = match a.speaker {
            Some((_, Resolved::Explicit)) => "explicit",
            Some((_, Resolved::Implicit)) => "implicit",
            None => "",
        };
        let [ss, se, scs, sce] = offsets(sp);
        let [cs, ce, ccs, cce] = offsets(Some(a.cue));
        let [ns, ne, ncs, nce] = offsets(Some(a.content));
        let [es, ee, ecs, ece] = offsets(a.entity);
        let mut row = vec![
            field(id),
            num(i + 1),
            a.kind.as_str().to_string(),
            sp.map_or(String::new(), |s| field(&text[s.start..s.end])),
            resolved.to_string(),
            field(&text[a.cue.start..a.cue.end]),
            field(&text[a.content.start..a.content.end]),
            ss,
            se,
            cs,
            ce,
            ns,
            ne,
            a.act.map_or("", |x| x.as_str()).to_string(),
            field(&a.lemma),
            a.entity.map_or(String::new(), |e| field(&text[e.start..e.end])),
            scs,
            sce,
            ccs,
            cce,
            ncs,
            nce,
            es,
            ee,
            ecs,
            ece,
        ];
        if explain {
            row.push(a.rule.to_string());
            row.push(field(&entry_locations(ex, a).join(",")));
        }
        out.write_record(&row).map_err(io_err)?;
    }
    out.flush()
}
