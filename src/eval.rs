//! Scoring against gold annotations, exactly as `ANNOTATION.md` defines it
//! and as the reference scorer (`shared/tools/score.py`) computes it.
//!
//! Owns: the scoring normalisation (NFKC, diacritics and tatweel dropped,
//! `أإآٱ→ا ى→ي ة→ه`, punctuation dropped, split into words), content
//! matching (word F1 ≥ 0.5, one-to-one, best overlap first), speaker
//! correctness (containment or word F1 ≥ 0.5 after clitic stripping,
//! `speaker_alt`; the strict score by F1 alone), and the reported figures:
//! the main score over the four kinds, claims scored apart on documents with
//! `claims_annotated`, the all-kinds score, per kind and per gold field
//! (`--by family`).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::extract::Extractor;
use crate::model::{Attribution, Kind};

/// One gold attribution.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldAttr {
    pub kind: Kind,
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_alt: Vec<String>,
    #[serde(default)]
    pub implicit: bool,
    #[serde(default)]
    pub cue: String,
    pub content: String,
}

/// One gold article.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    #[serde(default)]
    pub id: String,
    pub text: String,
    pub attributions: Vec<GoldAttr>,
    /// Whether claims were annotated in this article (ANNOTATION.md).
    #[serde(default)]
    pub claims_annotated: bool,
    /// Every other field (`family`, `source`…), for `--by FIELD`.
    #[serde(flatten)]
    pub fields: HashMap<String, serde_json::Value>,
}

impl GoldDoc {
    /// The value of a gold field as `--by` groups it (`None` prints as `None`,
    /// as the reference scorer does).
    pub fn field(&self, name: &str) -> String {
        match self.fields.get(name) {
            None | Some(serde_json::Value::Null) => "None".into(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        }
    }
}

/// Parse a gold JSONL file; errors name the line.
pub fn read_gold(text: &str) -> Result<Vec<GoldDoc>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Diacritics and tatweel, as the reference scorer drops them.
fn is_scoring_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// Scoring normalisation: NFKC, diacritics and tatweel removed, `أإآٱ`→`ا`,
/// `ى ی`→`ي`, `ک`→`ك`, `ة`→`ه`, everything but word characters dropped,
/// split into words.
pub fn words(s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    for c in s.nfkc() {
        if is_scoring_mark(c) {
            continue;
        }
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ة' => 'ه',
            'ک' => 'ك',
            c => c,
        };
        if c.is_alphanumeric() || c == '_' {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Multiset word F1 of two word lists, computed as the reference scorer
/// does (precision against `b`, recall against `a`), so ties order alike.
pub fn word_f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i32> = HashMap::new();
    for w in a {
        *counts.entry(w).or_default() += 1;
    }
    let mut common = 0usize;
    for w in b {
        if let Some(c) = counts.get_mut(w.as_str())
            && *c > 0
        {
            *c -= 1;
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / b.len() as f64;
    let r = common as f64 / a.len() as f64;
    2.0 * p * r / (p + r)
}

/// A speaker word without up to two proclitics (و ف ب ل) and the article,
/// each dropped only from a word of more than three letters.
fn strip_word(w: &str) -> String {
    let mut w: Vec<char> = w.chars().collect();
    for _ in 0..2 {
        if w.len() > 3 && matches!(w[0], 'و' | 'ف' | 'ب' | 'ل') {
            w.remove(0);
        }
    }
    if w.len() > 3 && w[0] == 'ا' && w[1] == 'ل' {
        w.drain(..2);
    }
    w.into_iter().collect()
}

fn speaker_words(s: &str) -> Vec<String> {
    words(s).iter().map(|w| strip_word(w)).collect()
}

/// Is the system speaker right against one gold speaker (ANNOTATION.md)?
/// Lenient: the shorter's words all occur in the longer, or word F1 ≥ 0.5.
/// Strict: word F1 ≥ 0.5 only.
fn speaker_ok(gold: Option<&str>, system: Option<&str>, strict: bool) -> bool {
    let (Some(g), Some(s)) = (gold, system) else { return gold.is_none() && system.is_none() };
    let (gw, sw) = (speaker_words(g), speaker_words(s));
    if strict {
        return word_f1(&gw, &sw) >= 0.5;
    }
    if gw.is_empty() || sw.is_empty() {
        return false;
    }
    let (short, long) = if gw.len() <= sw.len() { (&gw, &sw) } else { (&sw, &gw) };
    short.iter().all(|w| long.contains(w)) || word_f1(&gw, &sw) >= 0.5
}

/// Is the system speaker right against the gold speaker or one of its
/// `speaker_alt` (lenient, or `strict`)?
pub fn speaker_right(gold: &GoldAttr, system: Option<&str>, strict: bool) -> bool {
    std::iter::once(gold.speaker.as_deref())
        .chain(gold.speaker_alt.iter().map(|s| Some(s.as_str())))
        .any(|g| speaker_ok(g, system, strict))
}

/// Which attributions a score compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The four kinds of the main score (claims left out on both sides).
    Main,
    /// Claims only, on documents with claims annotated.
    Claim,
    /// Everything, on documents with claims annotated.
    All,
}

impl Group {
    fn keeps(self, k: Kind) -> bool {
        match self {
            Group::Main => k != Kind::Claim,
            Group::Claim => k == Kind::Claim,
            Group::All => true,
        }
    }
}

/// One system attribution reduced to what scoring compares.
#[derive(Debug, Clone)]
pub struct SysAttr {
    pub kind: Kind,
    pub speaker: Option<String>,
    pub cue: String,
    pub content: String,
}

impl SysAttr {
    pub fn from(text: &str, a: &Attribution) -> SysAttr {
        SysAttr {
            kind: a.kind,
            speaker: a.speaker.map(|(s, _)| text[s.start..s.end].to_string()),
            cue: text[a.cue.start..a.cue.end].to_string(),
            content: text[a.content.start..a.content.end].to_string(),
        }
    }
}

/// A matched pair: indices into the document's gold and system lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub gold: usize,
    pub system: usize,
    pub speaker: bool,
    pub strict: bool,
}

/// Match gold and system attributions one-to-one, best content overlap
/// first (ties as the reference scorer breaks them: later items first).
pub fn match_items(gold: &[&GoldAttr], system: &[&SysAttr]) -> Vec<Pair> {
    let gw: Vec<Vec<String>> = gold.iter().map(|g| words(&g.content)).collect();
    let sw: Vec<Vec<String>> = system.iter().map(|s| words(&s.content)).collect();
    let mut cands = vec![];
    for (gi, g) in gw.iter().enumerate() {
        for (si, s) in sw.iter().enumerate() {
            let f = word_f1(g, s);
            if f >= 0.5 {
                cands.push((f, gi, si));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let mut used_g = vec![false; gold.len()];
    let mut used_s = vec![false; system.len()];
    let mut pairs = vec![];
    for (_, gi, si) in cands {
        if used_g[gi] || used_s[si] {
            continue;
        }
        used_g[gi] = true;
        used_s[si] = true;
        let sp = system[si].speaker.as_deref();
        pairs.push(Pair {
            gold: gi,
            system: si,
            speaker: speaker_right(gold[gi], sp, false),
            strict: speaker_right(gold[gi], sp, true),
        });
    }
    pairs.sort_by_key(|p| (p.gold, p.system));
    pairs
}

/// Counts behind one score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub docs: usize,
    pub gold: usize,
    pub system: usize,
    pub matched: usize,
    /// Matched with the right speaker (lenient, strict).
    pub speaker: usize,
    pub strict: usize,
    /// Matched with the same kind.
    pub kind: usize,
    /// Per gold kind: (gold, matched, speaker right).
    pub by_kind: Vec<(Kind, usize, usize, usize)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.system)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    /// Detection F1 (content matched).
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker, self.matched)
    }
    pub fn strict_speaker_accuracy(&self) -> f64 {
        ratio(self.strict, self.matched)
    }
    pub fn kind_accuracy(&self) -> f64 {
        ratio(self.kind, self.matched)
    }
    pub fn e2e_precision(&self) -> f64 {
        ratio(self.speaker, self.system)
    }
    pub fn e2e_recall(&self) -> f64 {
        ratio(self.speaker, self.gold)
    }
    /// End-to-end F1 (content matched and speaker right).
    pub fn e2e_f1(&self) -> f64 {
        f1(self.e2e_precision(), self.e2e_recall())
    }
    /// Strict end-to-end F1 (speaker right by word F1 alone).
    pub fn strict_f1(&self) -> f64 {
        f1(ratio(self.strict, self.system), ratio(self.strict, self.gold))
    }

    fn kind_slot(&mut self, k: Kind) -> &mut (Kind, usize, usize, usize) {
        let i = match self.by_kind.iter().position(|e| e.0 == k) {
            Some(i) => i,
            None => {
                self.by_kind.push((k, 0, 0, 0));
                self.by_kind.sort_by_key(|e| e.0.as_str());
                self.by_kind.iter().position(|e| e.0 == k).expect("just added")
            }
        };
        &mut self.by_kind[i]
    }
}

/// The outcome for one document.
#[derive(Debug, Clone)]
pub struct DocResult {
    pub id: String,
    pub gold: Vec<GoldAttr>,
    pub system: Vec<SysAttr>,
    pub claims_annotated: bool,
    /// Pairs of the main score and of the claim score (indices into
    /// `gold` and `system`).
    pub main: Vec<Pair>,
    pub claim: Vec<Pair>,
    pub all: Vec<Pair>,
}

impl DocResult {
    fn pairs(&self, g: Group) -> &[Pair] {
        match g {
            Group::Main => &self.main,
            Group::Claim => &self.claim,
            Group::All => &self.all,
        }
    }
    fn applies(&self, g: Group) -> bool {
        g == Group::Main || self.claims_annotated
    }
}

/// Score one document: indices of the items of `group` and their pairs,
/// translated back to positions in the whole lists.
fn match_group(gold: &[GoldAttr], system: &[SysAttr], group: Group) -> Vec<Pair> {
    let gi: Vec<usize> = (0..gold.len()).filter(|&i| group.keeps(gold[i].kind)).collect();
    let si: Vec<usize> = (0..system.len()).filter(|&i| group.keeps(system[i].kind)).collect();
    let g: Vec<&GoldAttr> = gi.iter().map(|&i| &gold[i]).collect();
    let s: Vec<&SysAttr> = si.iter().map(|&i| &system[i]).collect();
    match_items(&g, &s).into_iter().map(|p| Pair { gold: gi[p.gold], system: si[p.system], ..p }).collect()
}

/// Match one document in every group.
pub fn score_doc(id: &str, gold: &GoldDoc, system: Vec<SysAttr>) -> DocResult {
    let g = &gold.attributions;
    DocResult {
        id: id.to_string(),
        main: match_group(g, &system, Group::Main),
        claim: if gold.claims_annotated { match_group(g, &system, Group::Claim) } else { vec![] },
        all: if gold.claims_annotated { match_group(g, &system, Group::All) } else { vec![] },
        gold: g.clone(),
        system,
        claims_annotated: gold.claims_annotated,
    }
}

/// The counts of `group` over some documents.
pub fn counts<'a>(docs: impl IntoIterator<Item = &'a DocResult>, group: Group) -> Counts {
    let mut c = Counts::default();
    for d in docs.into_iter().filter(|d| d.applies(group)) {
        c.docs += 1;
        c.system += d.system.iter().filter(|s| group.keeps(s.kind)).count();
        for g in d.gold.iter().filter(|g| group.keeps(g.kind)) {
            c.gold += 1;
            c.kind_slot(g.kind).1 += 1;
        }
        for p in d.pairs(group) {
            c.matched += 1;
            c.speaker += usize::from(p.speaker);
            c.strict += usize::from(p.strict);
            c.kind += usize::from(d.gold[p.gold].kind == d.system[p.system].kind);
            let slot = c.kind_slot(d.gold[p.gold].kind);
            slot.2 += 1;
            slot.3 += usize::from(p.speaker);
        }
    }
    c
}

/// Scores over a whole gold set.
#[derive(Debug, Clone)]
pub struct Report {
    pub docs: Vec<DocResult>,
    /// Gold field values per document, in `docs` order (for `by`).
    fields: Vec<HashMap<String, String>>,
}

/// Run the extractor on every gold document and score it.
pub fn evaluate(ex: &Extractor, gold: &[GoldDoc]) -> Report {
    use rayon::prelude::*;
    let docs: Vec<DocResult> = gold
        .par_iter()
        .map(|d| {
            let sys = ex.extract(&d.text).iter().map(|a| SysAttr::from(&d.text, a)).collect();
            score_doc(&d.id, d, sys)
        })
        .collect();
    let fields = gold.iter().map(|d| d.fields.keys().map(|k| (k.clone(), d.field(k))).collect()).collect();
    Report { docs, fields }
}

fn short(s: &str) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() > 90 { format!("{}…", s.chars().take(90).collect::<String>()) } else { s }
}

impl Report {
    /// The counts of `group` over every document.
    pub fn counts(&self, group: Group) -> Counts {
        counts(&self.docs, group)
    }

    /// The main counts per value of gold field `field` (sorted by value).
    pub fn by(&self, field: &str, group: Group) -> Vec<(String, Counts)> {
        let value = |i: usize| self.fields[i].get(field).cloned().unwrap_or_else(|| "None".into());
        let mut values: Vec<String> = (0..self.docs.len()).map(value).collect();
        values.sort();
        values.dedup();
        values
            .into_iter()
            .map(|v| {
                let docs = self.docs.iter().enumerate().filter(|(i, _)| value(*i) == v).map(|(_, d)| d);
                (v.clone(), counts(docs, group))
            })
            .collect()
    }

    /// Does any document carry gold field `field`?
    pub fn has_field(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f.contains_key(field))
    }

    /// The error listing of `--errors`: missed, spurious and wrong-speaker
    /// items of the main score, then of the claim score.
    pub fn errors(&self) -> String {
        let mut o = String::new();
        for d in &self.docs {
            let mut lines = vec![];
            for group in [Group::Main, Group::Claim] {
                if !d.applies(group) {
                    continue;
                }
                let pairs = d.pairs(group);
                for (gi, g) in d.gold.iter().enumerate().filter(|(_, g)| group.keeps(g.kind)) {
                    if !pairs.iter().any(|p| p.gold == gi) {
                        lines.push(format!(
                            "  MISSED   {:<12} speaker: {} | cue: {} | {}",
                            g.kind.as_str(),
                            g.speaker.as_deref().unwrap_or("—"),
                            g.cue,
                            short(&g.content)
                        ));
                    }
                }
                for (si, s) in d.system.iter().enumerate().filter(|(_, s)| group.keeps(s.kind)) {
                    if !pairs.iter().any(|p| p.system == si) {
                        lines.push(format!(
                            "  SPURIOUS {:<12} speaker: {} | cue: {} | {}",
                            s.kind.as_str(),
                            s.speaker.as_deref().unwrap_or("—"),
                            s.cue,
                            short(&s.content)
                        ));
                    }
                }
                for p in pairs {
                    let (g, s) = (&d.gold[p.gold], &d.system[p.system]);
                    let what = match (p.speaker, p.strict) {
                        (false, _) => "SPEAKER ",
                        (true, false) => "STRICT  ",
                        (true, true) => continue,
                    };
                    lines.push(format!(
                        "  {what} {:<12} gold: {} | system: {} | cue: {} | {}",
                        g.kind.as_str(),
                        g.speaker.as_deref().unwrap_or("—"),
                        s.speaker.as_deref().unwrap_or("—"),
                        s.cue,
                        short(&g.content)
                    ));
                }
            }
            if !lines.is_empty() {
                let _ = writeln!(o, "{}", crate::display::escape(&d.id));
                for l in lines {
                    let _ = writeln!(o, "{}", crate::display::one_line(&l));
                }
            }
        }
        o
    }

    /// The score table, line for line as the reference scorer prints it
    /// (with `--by FIELD` when `by` is given and some document has it).
    pub fn summary(&self, by: Option<&str>) -> String {
        let mut o = String::new();
        if let Some(field) = by.filter(|f| self.has_field(f)) {
            for (v, c) in self.by(field, Group::Main) {
                let _ = writeln!(
                    o,
                    "{field}={v}: docs {} gold {}  detection F1 {:.3}  end-to-end F1 {:.3}  strict {:.3}",
                    c.docs,
                    c.gold,
                    c.f1(),
                    c.e2e_f1(),
                    c.strict_f1()
                );
            }
        }
        let c = self.counts(Group::Main);
        let _ = writeln!(o, "docs {} (missing 0)  gold {}  system {}", c.docs, c.gold, c.system);
        let _ = writeln!(o, "detection  P {:.3}  R {:.3}  F1 {:.3}", c.precision(), c.recall(), c.f1());
        let _ = writeln!(
            o,
            "speaker accuracy on matched {:.3}  kind accuracy on matched {:.3}",
            c.speaker_accuracy(),
            c.kind_accuracy()
        );
        for &(k, g, m, s) in &c.by_kind {
            let _ =
                writeln!(o, "  {:<13} gold {g:>4}  detect R {:.3}  e2e R {:.3}", k.as_str(), ratio(m, g), ratio(s, g));
        }
        let _ = writeln!(
            o,
            "strict speaker: accuracy on matched {:.3}  end-to-end F1 {:.3}",
            c.strict_speaker_accuracy(),
            c.strict_f1()
        );
        let annotated = self.docs.iter().filter(|d| d.claims_annotated).count();
        if annotated > 0 {
            for (name, g) in [("claim", Group::Claim), ("all", Group::All)] {
                let k = self.counts(g);
                let _ = writeln!(
                    o,
                    "{name:<5} ({annotated} docs with claims annotated): gold {} system {}  detection F1 {:.3}  \
                     end-to-end P {:.3} R {:.3} F1 {:.3}  strict F1 {:.3}",
                    k.gold,
                    k.system,
                    k.f1(),
                    k.e2e_precision(),
                    k.e2e_recall(),
                    k.e2e_f1(),
                    k.strict_f1()
                );
            }
        }
        let _ = writeln!(o, "end-to-end P {:.3}  R {:.3}  F1 {:.3}", c.e2e_precision(), c.e2e_recall(), c.e2e_f1());
        o
    }
}

#[cfg(test)]
mod tests;
