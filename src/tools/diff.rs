//! `qawl diff OLD.jsonl NEW.jsonl`: what changed between two
//! `qawl extract --format jsonl` runs over the same corpus.
//!
//! Documents are matched by `id`. Both files are read line by line in
//! lockstep; in the normal case (same document order) nothing is buffered, and
//! a document whose partner has not been seen yet waits until it shows up, so
//! a different order still works. Documents found in one file only are listed
//! and not counted as gained or lost.
//!
//! Within a document an old and a new attribution are the same one when their
//! cues start at the same offset, otherwise when their contents overlap (the
//! largest overlap pairs first). Unpaired old ones are *lost*, unpaired new
//! ones *gained*; a pair is *changed* when the speaker text, the kind, the
//! content span or the cue span differs.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

use serde::Deserialize;

/// A span as written by `qawl extract --format jsonl`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct SpanOut {
    #[serde(default)]
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// One attribution of an extract run (extra fields are ignored).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct AttrOut {
    pub kind: String,
    pub speaker: Option<SpanOut>,
    pub cue: SpanOut,
    pub content: SpanOut,
}

/// One document of an extract run.
#[derive(Debug, Clone, Deserialize)]
pub struct DocOut {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    #[serde(default)]
    pub attributions: Vec<AttrOut>,
}

fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// One difference inside a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Gained(AttrOut),
    Lost(AttrOut),
    /// Old, new, and which of `speaker`, `kind`, `content`, `cue` differ.
    Changed(AttrOut, AttrOut, Vec<&'static str>),
}

fn overlap(a: &SpanOut, b: &SpanOut) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn speaker_text(a: &AttrOut) -> Option<&str> {
    a.speaker.as_ref().map(|s| s.text.as_str())
}

/// The differences between the attributions of one document, in the order:
/// pairs (by old position), then lost, then gained.
pub fn diff_doc(old: &[AttrOut], new: &[AttrOut]) -> Vec<Change> {
    let mut new_of_old: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    // 1. same cue start; among several, the largest content overlap
    for (i, o) in old.iter().enumerate() {
        let best = (0..new.len())
            .filter(|&j| !taken[j] && new[j].cue.start == o.cue.start)
            .max_by_key(|&j| (overlap(&o.content, &new[j].content), usize::MAX - j));
        if let Some(j) = best {
            new_of_old[i] = Some(j);
            taken[j] = true;
        }
    }
    // 2. content overlap, largest first
    let mut pairs: Vec<(usize, usize, usize)> = vec![];
    for (i, o) in old.iter().enumerate().filter(|(i, _)| new_of_old[*i].is_none()) {
        for (j, n) in new.iter().enumerate().filter(|(j, _)| !taken[*j]) {
            let ov = overlap(&o.content, &n.content);
            if ov > 0 {
                pairs.push((ov, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in pairs {
        if new_of_old[i].is_none() && !taken[j] {
            new_of_old[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut out = vec![];
    for (i, o) in old.iter().enumerate() {
        let Some(j) = new_of_old[i] else { continue };
        let n = &new[j];
        let mut fields = vec![];
        if speaker_text(o) != speaker_text(n) {
            fields.push("speaker");
        }
        if o.kind != n.kind {
            fields.push("kind");
        }
        if (o.content.start, o.content.end) != (n.content.start, n.content.end) {
            fields.push("content");
        }
        if (o.cue.start, o.cue.end) != (n.cue.start, n.cue.end) {
            fields.push("cue");
        }
        if !fields.is_empty() {
            out.push(Change::Changed(o.clone(), n.clone(), fields));
        }
    }
    out.extend(old.iter().enumerate().filter(|(i, _)| new_of_old[*i].is_none()).map(|(_, o)| Change::Lost(o.clone())));
    out.extend(new.iter().enumerate().filter(|(j, _)| !taken[*j]).map(|(_, n)| Change::Gained(n.clone())));
    out
}

/// Totals over a whole diff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub compared: u64,
    pub differ: u64,
    pub only_old: u64,
    pub only_new: u64,
    pub gained: u64,
    pub lost: u64,
    pub changed: u64,
    pub speaker: u64,
    pub kind: u64,
    pub content: u64,
    pub cue: u64,
    /// Lines that were not a qawl JSONL document.
    pub bad_lines: u64,
}

impl Summary {
    fn add(&mut self, changes: &[Change]) {
        self.compared += 1;
        if !changes.is_empty() {
            self.differ += 1;
        }
        for c in changes {
            match c {
                Change::Gained(_) => self.gained += 1,
                Change::Lost(_) => self.lost += 1,
                Change::Changed(_, _, fields) => {
                    self.changed += 1;
                    for f in fields {
                        match *f {
                            "speaker" => self.speaker += 1,
                            "kind" => self.kind += 1,
                            "content" => self.content += 1,
                            _ => self.cue += 1,
                        }
                    }
                }
            }
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "documents: {} compared, {} differ, {} only in OLD, {} only in NEW",
            self.compared, self.differ, self.only_old, self.only_new
        )?;
        write!(
            f,
            "gained {}, lost {}, changed {}: speaker {}, kind {}, content {}, cue {}",
            self.gained, self.lost, self.changed, self.speaker, self.kind, self.content, self.cue
        )
    }
}

/// Output format of `qawl diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Table,
    Tsv,
}

/// A JSONL file of extract output, read one document at a time.
struct Reader {
    name: String,
    lines: io::Lines<BufReader<Box<dyn Read>>>,
    line: usize,
}

impl Reader {
    fn open(path: &Path) -> io::Result<Reader> {
        let r: Box<dyn Read> = crate::input::open_maybe_gz(path)?;
        Ok(Reader { name: path.display().to_string(), lines: BufReader::with_capacity(1 << 20, r).lines(), line: 0 })
    }

    /// The next document; malformed lines are reported through `bad` and skipped.
    fn next(&mut self, bad: &mut dyn FnMut(String)) -> Option<DocOut> {
        loop {
            let line = match self.lines.next()? {
                Ok(l) => l,
                Err(e) => {
                    bad(format!("{}:{}: cannot read: {e}", self.name, self.line + 1));
                    return None;
                }
            };
            self.line += 1;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<DocOut>(&line) {
                Ok(d) => return Some(d),
                Err(e) => {
                    bad(format!("{}:{}: not a `qawl extract --format jsonl` line ({e}), skipped", self.name, self.line))
                }
            }
        }
    }
}

/// A text for the table: on one line, control characters escaped, cut to 60 columns.
fn short(s: &str) -> String {
    crate::display::cut(&crate::display::one_line(s), 60).into_owned()
}

/// A short value (cue, kind, speaker) for the table: one line, escaped.
fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    crate::display::one_line(s)
}

fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn write_changes(w: &mut dyn Write, format: DiffFormat, id: &str, changes: &[Change]) -> io::Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    match format {
        DiffFormat::Table => {
            let (mut g, mut l, mut c) = (0, 0, 0);
            for ch in changes {
                match ch {
                    Change::Gained(_) => g += 1,
                    Change::Lost(_) => l += 1,
                    Change::Changed(..) => c += 1,
                }
            }
            writeln!(w, "── {} ── gained {g}, lost {l}, changed {c}", crate::display::escape(id))?;
            for ch in changes {
                match ch {
                    Change::Gained(a) | Change::Lost(a) => {
                        let sign = if matches!(ch, Change::Gained(_)) { '+' } else { '-' };
                        writeln!(
                            w,
                            "  {sign} {:<12} cue {}: {}  speaker: {}  content: {}",
                            esc(&a.kind),
                            a.cue.start,
                            esc(&a.cue.text),
                            esc(speaker_text(a).unwrap_or("—")),
                            short(&a.content.text)
                        )?;
                    }
                    Change::Changed(o, n, fields) => {
                        writeln!(
                            w,
                            "  ~ {:<12} cue {}: {}  ({})",
                            esc(&n.kind),
                            o.cue.start,
                            esc(&o.cue.text),
                            fields.join(", ")
                        )?;
                        for f in fields {
                            match *f {
                                "speaker" => writeln!(
                                    w,
                                    "      speaker: {}  →  {}",
                                    esc(speaker_text(o).unwrap_or("—")),
                                    esc(speaker_text(n).unwrap_or("—"))
                                )?,
                                "kind" => writeln!(w, "      kind:    {} → {}", esc(&o.kind), esc(&n.kind))?,
                                "content" => {
                                    writeln!(
                                        w,
                                        "      content: {}..{} {}",
                                        o.content.start,
                                        o.content.end,
                                        short(&o.content.text)
                                    )?;
                                    writeln!(
                                        w,
                                        "           →   {}..{} {}",
                                        n.content.start,
                                        n.content.end,
                                        short(&n.content.text)
                                    )?;
                                }
                                _ => writeln!(
                                    w,
                                    "      cue:     {}..{} {} → {}..{} {}",
                                    o.cue.start,
                                    o.cue.end,
                                    esc(&o.cue.text),
                                    n.cue.start,
                                    n.cue.end,
                                    esc(&n.cue.text)
                                )?,
                            }
                        }
                    }
                }
            }
            writeln!(w)
        }
        DiffFormat::Tsv => {
            for ch in changes {
                let (change, o, n, fields) = match ch {
                    Change::Gained(a) => ("gained", None, Some(a), String::new()),
                    Change::Lost(a) => ("lost", Some(a), None, String::new()),
                    Change::Changed(o, n, f) => ("changed", Some(o), Some(n), f.join(",")),
                };
                let cue = |a: Option<&AttrOut>| a.map_or(String::new(), |a| a.cue.start.to_string());
                let kind = |a: Option<&AttrOut>| a.map_or(String::new(), |a| a.kind.clone());
                let sp = |a: Option<&AttrOut>| a.and_then(speaker_text).map_or(String::new(), tsv);
                let span =
                    |a: Option<&AttrOut>| a.map_or(String::new(), |a| format!("{}-{}", a.content.start, a.content.end));
                let text = |a: Option<&AttrOut>| a.map_or(String::new(), |a| tsv(&a.content.text));
                writeln!(
                    w,
                    "{}\t{change}\t{fields}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    tsv(id),
                    cue(o),
                    cue(n),
                    kind(o),
                    kind(n),
                    sp(o),
                    sp(n),
                    span(o),
                    span(n),
                    text(o),
                    text(n)
                )?;
            }
            Ok(())
        }
    }
}

/// Diff one document pair (same id), count the changes and write them.
fn compare(w: &mut dyn Write, format: DiffFormat, sum: &mut Summary, old: &DocOut, new: &DocOut) -> io::Result<()> {
    let ch = diff_doc(&old.attributions, &new.attributions);
    sum.add(&ch);
    write_changes(w, format, &new.id, &ch)
}

/// Header line for the TSV format.
pub const TSV_HEADER: &str = "id\tchange\tfields\told_cue\tnew_cue\told_kind\tnew_kind\told_speaker\tnew_speaker\told_content_span\tnew_content_span\told_content\tnew_content";

/// Compare two extract runs, writing per-document differences to `w` and
/// malformed lines to `bad`. Errors: a file cannot be opened, or `w` fails.
pub fn run(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    w: &mut dyn Write,
    bad: &mut dyn FnMut(String),
) -> io::Result<Summary> {
    let open = |p: &Path| Reader::open(p).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())));
    let (mut ro, mut rn) = (open(old)?, open(new)?);
    let mut sum = Summary::default();
    if format == DiffFormat::Tsv {
        writeln!(w, "{TSV_HEADER}")?;
    }
    // documents waiting for their partner, with their arrival order
    let mut wait_old: HashMap<String, VecDeque<(u64, DocOut)>> = HashMap::new();
    let mut wait_new: HashMap<String, VecDeque<(u64, DocOut)>> = HashMap::new();
    let mut seq = 0u64;
    let mut bad_lines = 0u64;
    let mut on_bad = |m: String| {
        bad_lines += 1;
        bad(m)
    };
    loop {
        let o = ro.next(&mut on_bad);
        let n = rn.next(&mut on_bad);
        if o.is_none() && n.is_none() {
            break;
        }
        if let (Some(o), Some(n)) = (&o, &n)
            && o.id == n.id
        {
            compare(w, format, &mut sum, o, n)?;
            continue;
        }
        if let Some(o) = o {
            match wait_new.get_mut(&o.id).and_then(|q| q.pop_front()) {
                Some((_, n)) => compare(w, format, &mut sum, &o, &n)?,
                None => {
                    seq += 1;
                    wait_old.entry(o.id.clone()).or_default().push_back((seq, o));
                }
            }
        }
        if let Some(n) = n {
            match wait_old.get_mut(&n.id).and_then(|q| q.pop_front()) {
                Some((_, o)) => compare(w, format, &mut sum, &o, &n)?,
                None => {
                    seq += 1;
                    wait_new.entry(n.id.clone()).or_default().push_back((seq, n));
                }
            }
        }
    }
    sum.bad_lines = bad_lines;
    let mut rest: Vec<(u64, bool, DocOut)> = vec![];
    rest.extend(wait_old.into_values().flatten().map(|(s, d)| (s, true, d)));
    rest.extend(wait_new.into_values().flatten().map(|(s, d)| (s, false, d)));
    rest.sort_by_key(|r| r.0);
    for (_, in_old, d) in rest {
        let n = d.attributions.len();
        if in_old {
            sum.only_old += 1;
        } else {
            sum.only_new += 1;
        }
        let which = if in_old { "OLD" } else { "NEW" };
        match format {
            DiffFormat::Table => {
                writeln!(w, "── {} ── only in {which} ({n} attributions)", crate::display::escape(&d.id))?
            }
            DiffFormat::Tsv => writeln!(w, "{}\tonly_in_{}\t\t\t\t\t\t\t\t\t\t\t", tsv(&d.id), which.to_lowercase())?,
        }
    }
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(kind: &str, speaker: Option<&str>, cue: usize, content: (usize, usize)) -> AttrOut {
        AttrOut {
            kind: kind.into(),
            speaker: speaker.map(|s| SpanOut { text: s.into(), start: 0, end: s.len() }),
            cue: SpanOut { text: "قال".into(), start: cue, end: cue + 6 },
            content: SpanOut { text: String::new(), start: content.0, end: content.1 },
        }
    }

    #[test]
    fn pairs_by_cue_then_overlap() {
        let old = [
            a("direct", Some("س"), 10, (20, 40)),
            a("indirect", None, 100, (110, 150)),
            a("indirect", None, 300, (310, 320)),
        ];
        let new = [
            a("mixed", Some("ص"), 10, (20, 45)), // same cue: kind, speaker, content changed
            a("indirect", None, 90, (112, 150)), // other cue, overlapping content
            a("direct", None, 500, (510, 520)),  // gained
        ];
        let ch = diff_doc(&old, &new);
        assert_eq!(ch.len(), 4, "{ch:#?}");
        assert!(matches!(&ch[0], Change::Changed(_, _, f) if *f == vec!["speaker", "kind", "content"]));
        assert!(matches!(&ch[1], Change::Changed(_, _, f) if *f == vec!["content", "cue"]));
        assert!(matches!(&ch[2], Change::Lost(x) if x.cue.start == 300));
        assert!(matches!(&ch[3], Change::Gained(x) if x.cue.start == 500));
    }

    #[test]
    fn identical_runs_have_no_changes() {
        let old = [a("direct", Some("س"), 10, (20, 40))];
        assert!(diff_doc(&old, &old.clone()).is_empty());
    }
}
