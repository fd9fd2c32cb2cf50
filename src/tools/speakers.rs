//! `qawl speakers CORPUS…`: who is quoted most over a corpus.
//!
//! Owns the command's counting loop (parallel batches, input order kept) and
//! its output (`table`, `tsv`, `csv`). The counting unit is the entity
//! (`entity`), merged across documents by `tally`; with `--strings`, the
//! speaker strings as written, unmerged — the view that shows resolution
//! errors (fragments such as `فيها`، `لكنه`، `د`) at a glance.

use std::io::{self, Write};

use rayon::prelude::*;

use crate::display;
use crate::extract::Extractor;
use crate::input::Doc;
use crate::model::Kind;
use crate::tally::{Grouping, Said, Tally, said};

/// Output format of `qawl speakers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SpeakersFormat {
    Table,
    Tsv,
    Csv,
}

/// Documents per parallel batch, and bytes per batch.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 8 << 20;

/// What one document says, counted by speaker string instead of entity.
fn said_as_written(text: &str, attrs: &[crate::Attribution]) -> Vec<Said> {
    let mut s = said(text, attrs);
    for (x, a) in s.iter_mut().zip(attrs) {
        if let Some((sp, _)) = a.speaker {
            let raw = &text[sp.start..sp.end];
            x.name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            x.norm = crate::normalize::normalize(raw).text;
            x.key = crate::tally::key(raw);
        }
    }
    s
}

/// Count a stream of documents; `bad(id, reason)` is called for each one
/// that could not be read or made extraction fail.
pub fn count(
    ex: &Extractor,
    docs: impl Iterator<Item = Doc>,
    strings: bool,
    mut bad: impl FnMut(&str, &str),
) -> (Tally, u64) {
    let mut tally = Tally::default();
    let mut bytes = 0u64;
    let mut docs = docs.peekable();
    while docs.peek().is_some() {
        let (mut batch, mut size) = (vec![], 0);
        while batch.len() < BATCH_DOCS && size < BATCH_BYTES {
            let Some(d) = docs.next() else { break };
            match &d.text {
                Ok(t) => {
                    size += t.len();
                    batch.push(d);
                }
                Err(msg) => bad(&d.id, msg),
            }
        }
        let parts: Vec<Option<Vec<Said>>> = batch
            .par_iter()
            .map(|d| {
                let text = d.text.as_ref().ok()?;
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let attrs = ex.extract(text);
                    if strings { said_as_written(text, &attrs) } else { said(text, &attrs) }
                }))
                .ok()
            })
            .collect();
        for (d, p) in batch.iter().zip(parts) {
            match p {
                Some(s) => {
                    bytes += d.text.as_ref().map_or(0, |t| t.len() as u64);
                    tally.add(&s);
                }
                None => bad(&d.id, "extraction failed (internal error), not counted"),
            }
        }
    }
    (tally, bytes)
}

/// Write the `top` most quoted groups (all with `top == 0`).
pub fn write(
    w: &mut dyn Write,
    tally: &Tally,
    grouping: &Grouping,
    format: SpeakersFormat,
    top: usize,
    width: usize,
) -> io::Result<()> {
    let n = if top == 0 { grouping.groups.len() } else { top.min(grouping.groups.len()) };
    let groups = &grouping.groups[..n];
    match format {
        SpeakersFormat::Table => {
            let kinds = ["direct", "indirect", "mixed", "acc_to", "claim"];
            let head = format!(
                "{:>4}  {:>6}  {:>6} {:>8} {:>5} {:>6} {:>5}  {:>8}  speaker",
                "rank", "total", kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], "articles"
            );
            writeln!(w, "{head}")?;
            let room = width.saturating_sub(head.chars().count() - "speaker".len() + 1).max(12);
            for (i, g) in groups.iter().enumerate() {
                let k = g.by_kind;
                let mut name = display::one_line(&g.name).into_owned();
                if g.forms.len() > 1 {
                    name.push_str(&format!("  (+{} forms)", g.forms.len() - 1));
                }
                writeln!(
                    w,
                    "{:>4}  {:>6}  {:>6} {:>8} {:>5} {:>6} {:>5}  {:>8}  {}",
                    i + 1,
                    g.total,
                    k[0],
                    k[1],
                    k[2],
                    k[3],
                    k[4],
                    g.docs.len(),
                    display::cut(&name, room)
                )?;
            }
            let none: u64 = tally.without_speaker.iter().sum();
            writeln!(w, "{:>4}  {:>6}  (no speaker)", "", none)?;
            Ok(())
        }
        SpeakersFormat::Tsv | SpeakersFormat::Csv => {
            let csv = format == SpeakersFormat::Csv;
            let mut out = csv::WriterBuilder::new()
                .delimiter(if csv { b',' } else { b'\t' })
                .terminator(if csv { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                .from_writer(w);
            let field = |s: &str| if csv { s.to_string() } else { s.replace(['\t', '\n', '\r'], " ") };
            let mut header = vec!["rank", "speaker", "total"];
            header.extend(Kind::ALL.iter().map(|k| k.as_str()));
            header.extend(["articles", "forms", "spellings"]);
            out.write_record(&header).map_err(crate::output::delimited::io_err)?;
            for (i, g) in groups.iter().enumerate() {
                let mut row = vec![(i + 1).to_string(), field(&g.name), g.total.to_string()];
                row.extend(g.by_kind.iter().map(|c| c.to_string()));
                row.push(g.docs.len().to_string());
                row.push(g.forms.len().to_string());
                row.push(field(
                    &g.forms.iter().take(10).map(|(f, c)| format!("{f} ({c})")).collect::<Vec<_>>().join(" | "),
                ));
                out.write_record(&row).map_err(crate::output::delimited::io_err)?;
            }
            out.flush()
        }
    }
}

/// One summary line (for stderr).
pub fn summary(tally: &Tally, grouping: &Grouping, bytes: u64) -> String {
    format!(
        "{} documents, {:.1} MB; {} attributions, {} without a speaker; {} distinct speakers in {} groups",
        tally.documents,
        bytes as f64 / 1e6,
        tally.attributions,
        tally.without_speaker.iter().sum::<u64>(),
        tally.entities(),
        grouping.groups.len()
    )
}
