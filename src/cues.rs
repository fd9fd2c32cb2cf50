//! Cue matching: one Aho-Corasick automaton over every surface form of every
//! pattern (proclitics generated), run over the normalised text.
//!
//! Owns: proclitic generation per category, the `ة`→`ه` variant, exclusions,
//! and the word-boundary check that keeps `قال` from firing inside `مقال`,
//! `استقال` or `انتقال`.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::normalize::{normalize_form, word_char_at, word_char_before};
use crate::patterns::{Category, Entry, PatternSet};

/// One reading of a matched surface string.
#[derive(Debug, Clone, Copy)]
pub struct Meaning {
    /// Index into `PatternSet::entries`.
    pub entry: u32,
    /// Index into the entry's forms.
    pub form: u16,
    /// Bytes of generated proclitics in front of the form that are not part
    /// of the reported text (`و`, `ف`, `ب`…; an article `ال` is kept).
    pub prefix: u8,
    /// The form ends in an attached `لـ`: the match must run into a word.
    pub attached: bool,
}

/// A matched pattern in the normalised text.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Index into `Matcher::meanings`.
    pub surface: u32,
}

/// The compiled automaton plus what each pattern means.
pub struct Matcher {
    ac: AhoCorasick,
    /// Per pattern id, its readings.
    pub meanings: Vec<Vec<Meaning>>,
    /// Per pattern id, the surface string.
    pub surfaces: Vec<String>,
    /// Words starting with لل that do not end a speaker phrase (`!` lines of
    /// enders.txt, normalised): للأنباء in وكالة الأنباء…
    pub keep_in_speaker: std::collections::HashSet<String>,
    /// Surface string → pattern id, for looking up a single word.
    index: HashMap<String, usize>,
    /// Per pattern id, `QUOTE` | `ATTACHED` | `CUE` bits, so that the scan
    /// loop reads one byte per match.
    flags: Vec<u8>,
    /// Per pattern id, the categories of its readings (`Category::bit`).
    cats: Vec<u8>,
}

/// `Matcher::flags`: the first reading is a quotation mark (no word
/// boundaries checked) …
const QUOTE: u8 = 1;
/// … the first reading ends in an attached `لـ` …
const ATTACHED: u8 = 2;
/// … some reading is a reporting cue (verb, participle, according-to).
const CUE: u8 = 4;

/// Proclitic strings generated in front of a form of `cat`, each with how
/// many of its bytes are *not* part of the reported text (a conjunction or
/// preposition is dropped from a cue or speaker; the article is kept).
fn proclitics(cat: Category, form: &str) -> Vec<(String, usize)> {
    let conj = ["", "و", "ف"];
    let mut out: Vec<(String, usize)> = vec![];
    match cat {
        Category::Verb => {
            let present = form.starts_with(['ي', 'ت', 'ن']);
            for c in conj {
                out.push((c.to_string(), c.len()));
                if present {
                    out.push((format!("{c}س"), c.len()));
                }
            }
        }
        Category::Participle | Category::According | Category::Ender => {
            out.extend(conj.iter().map(|s| (s.to_string(), s.len())))
        }
        Category::Complementizer => out.extend(["", "ب", "ف"].iter().map(|s| (s.to_string(), 0))),
        Category::Speaker => {
            let has_article = form.starts_with("ال");
            for c in conj {
                for p in ["", "ب", "ل", "ك"] {
                    let strip = c.len() + p.len();
                    out.push((format!("{c}{p}"), strip));
                    if !has_article {
                        if p == "ل" {
                            out.push((format!("{c}لل"), c.len()));
                        } else {
                            out.push((format!("{c}{p}ال"), strip));
                        }
                    }
                }
            }
        }
        Category::Quote => out.push((String::new(), 0)),
    }
    out
}

impl Matcher {
    pub fn new(set: &PatternSet) -> Matcher {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut surfaces: Vec<String> = vec![];
        let mut meanings: Vec<Vec<Meaning>> = vec![];
        let excluded: std::collections::HashSet<(Category, String)> =
            set.exclusions.iter().map(|x| (x.category, normalize_form(&x.text))).collect();
        let mut add = |surface: String, m: Meaning, cat: Category| {
            if excluded.contains(&(cat, surface.clone())) {
                return;
            }
            let id = *index.entry(surface.clone()).or_insert_with(|| {
                surfaces.push(surface);
                meanings.push(vec![]);
                surfaces.len() - 1
            });
            meanings[id].push(m);
        };
        for (ei, entry) in set.entries.iter().enumerate() {
            let cat = entry.category;
            for (fi, form) in entry.forms.iter().enumerate() {
                if cat == Category::Quote {
                    add(form.text.clone(), Meaning { entry: ei as u32, form: 0, prefix: 0, attached: false }, cat);
                    if let Some(close) = &entry.close
                        && close != &form.text
                    {
                        add(close.clone(), Meaning { entry: ei as u32, form: 1, prefix: 0, attached: false }, cat);
                    }
                    continue;
                }
                let norm = normalize_form(&form.text);
                let attached = norm.ends_with(" ل");
                let mut variants = vec![norm.clone()];
                if norm.contains('ة') {
                    variants.push(norm.replace('ة', "ه"));
                }
                for v in variants {
                    for (p, strip) in proclitics(cat, &v) {
                        let m = Meaning { entry: ei as u32, form: fi as u16, prefix: strip as u8, attached };
                        add(format!("{p}{v}"), m, cat);
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&surfaces)
            .or_else(|_| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&surfaces))
            .expect("pattern automaton builds");
        let keep_in_speaker =
            set.exclusions.iter().filter(|x| x.category == Category::Ender).map(|x| normalize_form(&x.text)).collect();
        let flags = meanings
            .iter()
            .map(|ms| {
                let cat = |m: &Meaning| set.entries[m.entry as usize].category;
                let mut f = 0;
                if cat(&ms[0]) == Category::Quote {
                    f |= QUOTE;
                }
                if ms[0].attached {
                    f |= ATTACHED;
                }
                if ms.iter().any(|m| matches!(cat(m), Category::Verb | Category::Participle | Category::According)) {
                    f |= CUE;
                }
                f
            })
            .collect();
        let cats = meanings
            .iter()
            .map(|ms| ms.iter().fold(0, |acc, m| acc | set.entries[m.entry as usize].category.bit()))
            .collect();
        Matcher { ac, meanings, surfaces, keep_in_speaker, index, flags, cats }
    }

    /// The categories of the readings of pattern `surface`, as `Category::bit`s.
    #[inline]
    pub fn categories(&self, surface: u32) -> u8 {
        self.cats[surface as usize]
    }

    /// Does some reading of pattern `surface` report speech (a verb,
    /// participle or according-to entry)?
    #[inline]
    pub fn is_cue(&self, surface: u32) -> bool {
        self.flags[surface as usize] & CUE != 0
    }

    /// Every pattern occurrence in `text` (normalised) that sits on word
    /// boundaries, in text order.
    ///
    /// `entries` must be the entries of the set the matcher was built from.
    pub fn scan(&self, text: &str, entries: &[Entry]) -> Vec<Hit> {
        debug_assert!(self.meanings.iter().flatten().all(|m| (m.entry as usize) < entries.len()));
        let mut hits = Vec::with_capacity(text.len() / 16);
        for m in self.ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let id = m.pattern().as_usize();
            let flags = self.flags[id];
            if flags & QUOTE != 0 {
                hits.push(Hit { start: s, end: e, surface: id as u32 });
                continue;
            }
            if word_char_before(text, s) == Some(true) {
                continue;
            }
            let after = word_char_at(text, e);
            let after_ok = if flags & ATTACHED != 0 { after == Some(true) } else { after != Some(true) };
            if after_ok {
                hits.push(Hit { start: s, end: e, surface: id as u32 });
            }
        }
        hits
    }

    /// The readings of one whole (normalised) word, if it is a pattern surface.
    pub fn lookup(&self, word: &str) -> &[Meaning] {
        self.index.get(word).map_or(&[], |&id| &self.meanings[id])
    }

    /// The automaton, for benchmarks that want a bare pass over the same forms.
    pub fn automaton(&self) -> &AhoCorasick {
        &self.ac
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// (surface as matched, category, lemma) for every hit in `text`.
    fn hits(text: &str) -> Vec<(String, Category, String)> {
        let set = PatternSet::builtin();
        let m = Matcher::new(&set);
        let n = normalize(text);
        m.scan(&n.text, &set.entries)
            .iter()
            .flat_map(|h| {
                m.meanings[h.surface as usize]
                    .iter()
                    .map(|mm| {
                        let e = &set.entries[mm.entry as usize];
                        (n.text[h.start..h.end].to_string(), e.category, e.lemma.clone())
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn verbs(text: &str) -> Vec<String> {
        hits(text).into_iter().filter(|h| h.1 == Category::Verb).map(|h| h.0).collect()
    }

    #[test]
    fn qala_does_not_fire_inside_other_words() {
        assert!(verbs("في مقال عن استقال الوزير وانتقال السلطة").is_empty());
        assert!(verbs("المقالة والمقالات").is_empty());
    }

    #[test]
    fn proclitics_are_generated() {
        assert_eq!(verbs("وقال الوزير"), vec!["وقال"]);
        assert_eq!(verbs("فقالت"), vec!["فقالت"]);
        assert_eq!(verbs("وسيقول"), vec!["وسيقول"]);
        let cue = hits("والوزير").into_iter().find(|h| h.1 == Category::Speaker).unwrap();
        assert_eq!(cue.2, "وزير");
    }

    #[test]
    fn proclitic_is_not_part_of_the_cue_span() {
        let set = PatternSet::builtin();
        let m = Matcher::new(&set);
        let text = "وقال";
        let h = m.scan(text, &set.entries)[0];
        let meaning = m.meanings[h.surface as usize][0];
        assert_eq!(&text[h.start + meaning.prefix as usize..h.end], "قال");
    }

    #[test]
    fn diacritics_and_hamza_variants_match() {
        assert_eq!(verbs("وأكّدَ"), vec!["واكد"]);
        assert_eq!(verbs("اكد"), vec!["اكد"]);
    }

    #[test]
    fn attached_lam_needs_a_following_word() {
        let according: Vec<_> = hits("وفقاً للوزارة").into_iter().filter(|h| h.1 == Category::According).collect();
        assert_eq!(according.len(), 1);
        assert!(hits("وفقا ل").into_iter().all(|h| h.1 != Category::According));
    }

    #[test]
    fn exclusions_hold() {
        // فحسب = "only", not ف + حسب
        assert!(hits("ليست مشكلتنا فحسب").into_iter().all(|h| h.1 != Category::According));
    }

    #[test]
    fn bayna_is_ambiguous() {
        let set = PatternSet::builtin();
        let bayyana = set.of(Category::Verb).find(|e| e.lemma == "بين").expect("بين listed");
        assert!(bayyana.has("ambig"), "بين (between) must need evidence to be بيّن (stated)");
    }
}
