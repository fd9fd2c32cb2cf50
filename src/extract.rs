//! The extraction pipeline for one document:
//! normalize → cues → quotes → resolve → original offsets → entities.

use crate::cues::Matcher;
use crate::model::{Attribution, EntryRef, Resolved, Span};
use crate::patterns::PatternSet;
use crate::resolve::{self, Doc, Source, Teacher, Weights};

/// A compiled pattern set, ready to extract from any number of documents
/// (shareable across threads).
pub struct Extractor {
    pub set: PatternSet,
    pub matcher: Matcher,
}

impl Extractor {
    pub fn new(set: PatternSet) -> Extractor {
        let matcher = Matcher::new(&set);
        Extractor { set, matcher }
    }

    /// The extractor over the built-in patterns.
    pub fn builtin() -> Extractor {
        Extractor::new(PatternSet::builtin())
    }

    /// Every attribution in `text`, in text order of their cues.
    pub fn extract(&self, text: &str) -> Vec<Attribution> {
        self.extract_with(text, &self.set.weights, None)
    }

    /// [`extract`](Self::extract) with other speaker weights, and a
    /// `teacher` that labels every speaker choice (training, `qawl train`).
    pub fn extract_with(&self, text: &str, weights: &Weights, teacher: Option<&mut dyn Teacher>) -> Vec<Attribution> {
        let entries = &self.set.entries;
        let (norm, hits, bounds) = self.matcher.normalize_scan_words(text, entries);
        if !hits.iter().any(|h| self.matcher.is_cue(h.surface)) {
            return vec![];
        }
        let quotes = crate::quotes::pair(&norm.text, &hits, &self.matcher, entries);
        let doc =
            Doc::new(&norm.text, &hits, &quotes, &self.matcher, entries).with_original(text, &norm).with_words(&bounds);
        let span = |(s, e): (usize, usize)| {
            let (a, b) = norm.orig_span_covering(text, s, e);
            trim_span(text, a, b)
        };
        let mut attrs: Vec<Attribution> = resolve::resolve(&doc, weights, teacher)
            .into_iter()
            .map(|c| {
                let speaker = match c.speaker {
                    Source::Explicit(s, e) => Some((span((s, e)), Resolved::Explicit)),
                    Source::Implicit(Some((s, e))) => Some((span((s, e)), Resolved::Implicit)),
                    Source::Implicit(None) => None,
                };
                let mut refs = vec![EntryRef(c.cue_entry)];
                refs.extend(c.extra.iter().map(|&e| EntryRef(e)));
                Attribution {
                    kind: c.kind,
                    speaker,
                    entity: None,
                    cue: span(c.cue),
                    lemma: entries[c.cue_entry as usize].lemma.clone(),
                    act: entries[c.cue_entry as usize].act,
                    content: span(c.content),
                    rule: c.rule,
                    entries: refs,
                }
            })
            .collect();
        crate::entity::assign(self, text, &norm, &mut attrs);
        attrs
    }
}

/// Drop characters at the end of a span that normalisation skipped and that
/// are not part of the last word (zero-width, bidi controls, `\r`).
pub(crate) fn trim_span(text: &str, start: usize, mut end: usize) -> Span {
    while end > start {
        let c = text[start..end].chars().next_back().unwrap();
        if c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
        {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    Span { start, end }
}
