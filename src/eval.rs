//! Scoring against gold annotations, exactly as `ANNOTATION.md` defines it.
//!
//! Owns: the scoring normalisation (word lists), content matching (word F1
//! ≥ 0.5, one-to-one, best overlap first), speaker correctness (subset or
//! word F1 ≥ 0.5 after dropping `ال` and proclitics, `speaker_alt`), and the
//! reported figures: detection P/R/F1, speaker accuracy, end-to-end P/R/F1,
//! overall and per kind.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Deserialize;

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
}

/// Parse a gold JSONL file; errors name the line.
pub fn read_gold(text: &str) -> Result<Vec<GoldDoc>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Scoring normalisation: diacritics and tatweel removed, `أإآٱ`→`ا`,
/// `ى`→`ي`, `ة`→`ه`, punctuation and quotation marks dropped, split on
/// whitespace.
pub fn words(s: &str) -> Vec<String> {
    let n = crate::normalize::normalize(s).text.replace('ة', "ه");
    n.split(|c: char| !crate::normalize::is_word_char(c)).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Multiset word F1 of two word lists.
pub fn word_f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i32> = HashMap::new();
    for w in a {
        *counts.entry(w).or_default() += 1;
    }
    let mut overlap = 0;
    for w in b {
        if let Some(c) = counts.get_mut(w.as_str())
            && *c > 0
        {
            *c -= 1;
            overlap += 1;
        }
    }
    2.0 * overlap as f64 / (a.len() + b.len()) as f64
}

fn speaker_words(s: &str) -> Vec<String> {
    words(s)
        .into_iter()
        .map(|w| {
            let mut w = w.as_str();
            if let Some(r) = w.strip_prefix(['و', 'ف', 'ب', 'ل'])
                && (r.starts_with("ال") || r.starts_with('ل') && w.starts_with('ل') || r.chars().count() >= 3)
            {
                w = r;
            }
            let w = w.strip_prefix("ال").unwrap_or(w);
            w.to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Is the system speaker right against the gold one (ANNOTATION.md)?
pub fn speaker_right(gold: &GoldAttr, system: Option<&str>) -> bool {
    let Some(g) = &gold.speaker else { return system.is_none() };
    let Some(s) = system else { return false };
    let sw = speaker_words(s);
    std::iter::once(g).chain(gold.speaker_alt.iter()).any(|g| {
        let gw = speaker_words(g);
        if sw.is_empty() || gw.is_empty() {
            return false;
        }
        let all_in = |a: &[String], b: &[String]| a.iter().all(|w| b.contains(w));
        all_in(&sw, &gw) || all_in(&gw, &sw) || word_f1(&sw, &gw) >= 0.5
    })
}

/// Counts for one slice (overall or a kind).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    /// Matched pairs, counted on the gold side / on the system side.
    pub matched_gold: usize,
    pub matched_system: usize,
    /// Matched with the right speaker.
    pub right_gold: usize,
    pub right_system: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched_system, self.system)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched_gold, self.gold)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.right_gold, self.matched_gold)
    }
    pub fn e2e_precision(&self) -> f64 {
        ratio(self.right_system, self.system)
    }
    pub fn e2e_recall(&self) -> f64 {
        ratio(self.right_gold, self.gold)
    }
    pub fn e2e_f1(&self) -> f64 {
        f1(self.e2e_precision(), self.e2e_recall())
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

/// The outcome for one document.
#[derive(Debug, Clone, Default)]
pub struct DocResult {
    pub id: String,
    /// (gold index, system index, speaker right)
    pub pairs: Vec<(usize, usize, bool)>,
    pub gold: Vec<GoldAttr>,
    pub system: Vec<SysAttr>,
}

/// Match one document's system attributions to its gold ones.
pub fn match_doc(id: &str, gold: &[GoldAttr], system: Vec<SysAttr>) -> DocResult {
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
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_g = vec![false; gold.len()];
    let mut used_s = vec![false; system.len()];
    let mut pairs = vec![];
    for (_, gi, si) in cands {
        if used_g[gi] || used_s[si] {
            continue;
        }
        used_g[gi] = true;
        used_s[si] = true;
        let right = speaker_right(&gold[gi], system[si].speaker.as_deref());
        pairs.push((gi, si, right));
    }
    pairs.sort();
    DocResult { id: id.to_string(), pairs, gold: gold.to_vec(), system }
}

/// Scores over a whole gold set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub docs: Vec<DocResult>,
    pub overall: Counts,
    pub by_kind: Vec<(Kind, Counts)>,
}

/// Run the extractor on every gold document and score it.
pub fn evaluate(ex: &Extractor, gold: &[GoldDoc]) -> Report {
    let docs: Vec<DocResult> = gold
        .iter()
        .map(|d| {
            let sys = ex.extract(&d.text).iter().map(|a| SysAttr::from(&d.text, a)).collect();
            match_doc(&d.id, &d.attributions, sys)
        })
        .collect();
    let mut overall = Counts::default();
    let mut by_kind: Vec<(Kind, Counts)> = Kind::ALL.iter().map(|&k| (k, Counts::default())).collect();
    for d in &docs {
        let slot = |k: Kind| Kind::ALL.iter().position(|&x| x == k).unwrap();
        overall.gold += d.gold.len();
        overall.system += d.system.len();
        for g in &d.gold {
            by_kind[slot(g.kind)].1.gold += 1;
        }
        for s in &d.system {
            by_kind[slot(s.kind)].1.system += 1;
        }
        for &(gi, si, right) in &d.pairs {
            overall.matched_gold += 1;
            overall.matched_system += 1;
            by_kind[slot(d.gold[gi].kind)].1.matched_gold += 1;
            by_kind[slot(d.system[si].kind)].1.matched_system += 1;
            if right {
                overall.right_gold += 1;
                overall.right_system += 1;
                by_kind[slot(d.gold[gi].kind)].1.right_gold += 1;
                by_kind[slot(d.system[si].kind)].1.right_system += 1;
            }
        }
    }
    Report { docs, overall, by_kind }
}

fn short(s: &str) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() > 90 { format!("{}…", s.chars().take(90).collect::<String>()) } else { s }
}

impl Report {
    /// The error listing of `--errors`: missed, spurious, wrong speaker.
    pub fn errors(&self) -> String {
        let mut o = String::new();
        for d in &self.docs {
            let mut lines = vec![];
            for (gi, g) in d.gold.iter().enumerate() {
                if !d.pairs.iter().any(|p| p.0 == gi) {
                    lines.push(format!(
                        "  MISSED   {:<12} speaker: {} | cue: {} | {}",
                        g.kind.as_str(),
                        g.speaker.as_deref().unwrap_or("—"),
                        g.cue,
                        short(&g.content)
                    ));
                }
            }
            for (si, s) in d.system.iter().enumerate() {
                if !d.pairs.iter().any(|p| p.1 == si) {
                    lines.push(format!(
                        "  SPURIOUS {:<12} speaker: {} | cue: {} | {}",
                        s.kind.as_str(),
                        s.speaker.as_deref().unwrap_or("—"),
                        s.cue,
                        short(&s.content)
                    ));
                }
            }
            for &(gi, si, right) in &d.pairs {
                if !right {
                    let (g, s) = (&d.gold[gi], &d.system[si]);
                    lines.push(format!(
                        "  SPEAKER  {:<12} gold: {} | system: {} | cue: {} | {}",
                        g.kind.as_str(),
                        g.speaker.as_deref().unwrap_or("—"),
                        s.speaker.as_deref().unwrap_or("—"),
                        s.cue,
                        short(&g.content)
                    ));
                }
            }
            if !lines.is_empty() {
                let _ = writeln!(o, "{}", d.id);
                for l in lines {
                    let _ = writeln!(o, "{l}");
                }
            }
        }
        o
    }

    /// The score table.
    pub fn summary(&self) -> String {
        let mut o = String::new();
        let c = &self.overall;
        let _ = writeln!(
            o,
            "documents {}  gold {}  system {}  matched {}",
            self.docs.len(),
            c.gold,
            c.system,
            c.matched_gold
        );
        let _ = writeln!(o, "per kind        gold  sys   det-P  det-R  det-F1  spk-acc  e2e-R");
        for (k, k_c) in &self.by_kind {
            let _ = writeln!(
                o,
                "  {:<12} {:>5} {:>4}   {:.3}  {:.3}  {:.3}   {:.3}    {:.3}",
                k.as_str(),
                k_c.gold,
                k_c.system,
                k_c.precision(),
                k_c.recall(),
                k_c.f1(),
                k_c.speaker_accuracy(),
                k_c.e2e_recall()
            );
        }
        let _ = writeln!(o, "detection   P {:.3}  R {:.3}  F1 {:.3}", c.precision(), c.recall(), c.f1());
        let _ = writeln!(o, "speaker accuracy (matched) {:.3}", c.speaker_accuracy());
        let _ = writeln!(o, "end-to-end  P {:.3}  R {:.3}  F1 {:.3}", c.e2e_precision(), c.e2e_recall(), c.e2e_f1());
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(speaker: Option<&str>) -> GoldAttr {
        GoldAttr {
            kind: Kind::Direct,
            speaker: speaker.map(str::to_string),
            speaker_alt: vec![],
            implicit: false,
            cue: String::new(),
            content: String::new(),
        }
    }

    #[test]
    fn scoring_words_fold_and_drop_punctuation() {
        assert_eq!(words("«قالَ» الوزيرة، إنّ"), vec!["قال", "الوزيره", "ان"]);
    }

    #[test]
    fn speaker_rules() {
        assert!(speaker_right(&g(Some("وزير الخارجية الروسي سيرغي لافروف")), Some("لافروف")));
        assert!(speaker_right(&g(Some("المحامي")), Some("والمحامي")));
        assert!(!speaker_right(&g(Some("المحامي")), Some("الوزير")));
        assert!(!speaker_right(&g(Some("المحامي")), None));
        assert!(speaker_right(&g(None), None));
        assert!(!speaker_right(&g(None), Some("الوزير")));
        let mut alt = g(Some("الأخير"));
        alt.speaker_alt = vec!["محمد علان".into()];
        assert!(speaker_right(&alt, Some("علان")));
    }

    #[test]
    fn matching_is_one_to_one_best_first() {
        let mut a = g(Some("س"));
        a.content = "واحد اثنان ثلاثة اربعة".into();
        let sys = vec![
            SysAttr {
                kind: Kind::Direct,
                speaker: Some("س".into()),
                cue: String::new(),
                content: "واحد اثنان ثلاثة".into(),
            },
            SysAttr {
                kind: Kind::Direct,
                speaker: Some("س".into()),
                cue: String::new(),
                content: "واحد اثنان ثلاثة اربعة".into(),
            },
        ];
        let r = match_doc("x", &[a], sys);
        assert_eq!(r.pairs, vec![(0, 1, true)]);
    }
}
