//! `qawl patterns stats`: how often each pattern entry matched a corpus and
//! how many attributions it took part in, and which entries never fired.
//!
//! A *hit* is an occurrence of one of the entry's forms (with generated
//! proclitics) that the cue scan kept, i.e. on word boundaries and not
//! excluded — the same hits extraction starts from. A surface shared by two
//! entries counts a hit for each. An *attribution* counts once per
//! attribution whose `entries` (the `--explain` list) name the entry.

use std::io::{self, Write};

use crate::extract::Extractor;
use crate::input::Doc;
use crate::normalize::normalize;

/// Counts for one entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntryCount {
    pub hits: u64,
    pub attributions: u64,
}

/// Counts for every entry of a pattern set (indexed like `PatternSet::entries`).
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub documents: u64,
    pub bytes: u64,
    pub entries: Vec<EntryCount>,
}

impl Stats {
    pub fn new(n_entries: usize) -> Stats {
        Stats { documents: 0, bytes: 0, entries: vec![EntryCount::default(); n_entries] }
    }

    /// Count one document. A panic inside extraction (a bug) is caught so
    /// that one document cannot end a corpus run; the document is then not
    /// counted and `false` is returned.
    pub fn add(&mut self, ex: &Extractor, text: &str) -> bool {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc_counts(ex, text))) {
            Ok(c) => {
                self.add_counts(&c);
                true
            }
            Err(_) => false,
        }
    }

    /// Add one document's counts.
    pub fn add_counts(&mut self, c: &DocCounts) {
        self.documents += 1;
        self.bytes += c.bytes as u64;
        for &e in &c.hits {
            self.entries[e as usize].hits += 1;
        }
        for &e in &c.attributions {
            self.entries[e as usize].attributions += 1;
        }
    }

    /// Add another partial count.
    pub fn merge(mut self, other: Stats) -> Stats {
        self.documents += other.documents;
        self.bytes += other.bytes;
        for (a, b) in self.entries.iter_mut().zip(other.entries) {
            a.hits += b.hits;
            a.attributions += b.attributions;
        }
        self
    }

    /// Rows sorted by file then line: (file, line, lemma, counts).
    pub fn rows<'a>(&self, ex: &'a Extractor) -> Vec<(String, usize, &'a str, EntryCount)> {
        let mut rows: Vec<_> = ex
            .set
            .entries
            .iter()
            .zip(&self.entries)
            .map(|(e, c)| (ex.set.file_path(e.category), e.line, e.lemma.as_str(), *c))
            .collect();
        rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        rows
    }
}

/// The entries named by one document's hits and by its attributions (an
/// entry once per hit, and once per attribution it took part in).
#[derive(Debug, Clone, Default)]
pub struct DocCounts {
    pub hits: Vec<u32>,
    pub attributions: Vec<u32>,
    pub bytes: usize,
}

/// The entries of `text`'s hits and attributions.
pub fn doc_counts(ex: &Extractor, text: &str) -> DocCounts {
    let norm = normalize(text);
    let mut hits: Vec<u32> = vec![];
    let mut seen: Vec<u32> = vec![];
    for h in ex.matcher.scan(&norm.text, &ex.set.entries) {
        seen.clear();
        for m in &ex.matcher.meanings[h.surface as usize] {
            if !seen.contains(&m.entry) {
                seen.push(m.entry);
                hits.push(m.entry);
            }
        }
    }
    let mut attributions: Vec<u32> = vec![];
    for a in ex.extract(text) {
        seen.clear();
        for r in &a.entries {
            if !seen.contains(&r.0) {
                seen.push(r.0);
                attributions.push(r.0);
            }
        }
    }
    DocCounts { hits, attributions, bytes: text.len() }
}

/// `patterns stats` as corpus-mode work: each document's counts, merged by
/// the caller in input order ([`Stats::add_counts`]).
pub struct Counter<'a> {
    pub ex: &'a Extractor,
}

impl crate::corpus::Work for Counter<'_> {
    type Out = Vec<DocCounts>;
    fn doc(&self, out: &mut Vec<DocCounts>, _id: &str, text: &str) -> usize {
        let c = doc_counts(self.ex, text);
        let n = c.attributions.len();
        out.push(c);
        n
    }
}

/// Count a stream of documents on this thread; `bad(id, reason)` is called
/// for each document that could not be read or made extraction fail.
pub fn count(ex: &Extractor, docs: impl Iterator<Item = Doc>, mut bad: impl FnMut(&str, &str)) -> Stats {
    let mut total = Stats::new(ex.set.entries.len());
    for d in docs {
        match &d.text {
            Ok(t) => {
                if !total.add(ex, t) {
                    bad(&d.id, "extraction failed (internal error), not counted");
                }
            }
            Err(msg) => bad(&d.id, msg),
        }
    }
    total
}

/// Output format of `patterns stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    Table,
    Tsv,
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Write the counts: a table (entries, then the ones that never fired) or TSV.
pub fn write(w: &mut dyn Write, ex: &Extractor, stats: &Stats, format: StatsFormat) -> io::Result<()> {
    let rows = stats.rows(ex);
    match format {
        StatsFormat::Tsv => {
            writeln!(w, "file\tline\tlemma\thits\tattributions")?;
            for (file, line, lemma, c) in &rows {
                writeln!(w, "{}\t{line}\t{}\t{}\t{}", clean(file), clean(lemma), c.hits, c.attributions)?;
            }
        }
        StatsFormat::Table => {
            let width = rows.iter().map(|r| r.0.chars().count() + r.1.to_string().len() + 1).max().unwrap_or(5).max(5);
            writeln!(w, "{:<width$}  {:>8}  {:>12}  lemma", "entry", "hits", "attributions")?;
            for (file, line, lemma, c) in &rows {
                let loc = format!("{file}:{line}");
                let lemma = crate::display::escape(lemma);
                writeln!(
                    w,
                    "{:<width$}  {:>8}  {:>12}  {lemma}",
                    crate::display::escape(&loc),
                    c.hits,
                    c.attributions
                )?;
            }
            let never: Vec<_> = rows.iter().filter(|r| r.3.hits == 0).collect();
            writeln!(w)?;
            writeln!(w, "never fired ({} of {} entries):", never.len(), rows.len())?;
            for (file, line, lemma, _) in never {
                let loc = format!("{file}:{line}");
                writeln!(w, "  {:<width$}  {}", crate::display::escape(&loc), crate::display::escape(lemma))?;
            }
        }
    }
    Ok(())
}

/// One summary line (for stderr).
pub fn summary(stats: &Stats) -> String {
    let n = stats.entries.len();
    let hit = stats.entries.iter().filter(|c| c.hits > 0).count();
    let attr = stats.entries.iter().filter(|c| c.attributions > 0).count();
    format!(
        "{} documents, {:.1} MB; {n} entries: {hit} matched, {attr} in attributions, {} never fired",
        stats.documents,
        stats.bytes as f64 / 1e6,
        n - hit
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Category;

    #[test]
    fn counts_hits_and_attributions() {
        let ex = Extractor::builtin();
        let docs = vec![
            Doc { id: "a".into(), text: Ok("وقال الوزير إن الاجتماع كان مثمرا.".into()) },
            Doc { id: "b".into(), text: Err("broken".into()) },
            Doc { id: "c".into(), text: Ok("قال المتحدث: «لا تعليق».".into()) },
        ];
        let mut bad = 0;
        let stats = count(&ex, docs.into_iter(), |_, _| bad += 1);
        assert_eq!((stats.documents, bad), (2, 1));
        let qal = ex.set.entries.iter().position(|e| e.category == Category::Verb && e.lemma == "قال").unwrap();
        let c = stats.entries[qal];
        assert_eq!(c, EntryCount { hits: 2, attributions: 2 });
    }
}
