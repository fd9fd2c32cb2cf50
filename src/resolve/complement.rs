//! Complements: what follows a cue (a colon, an أن/إن clause, a quotation)
//! and the attribution content each gives (ANNOTATION.md: where contents
//! start and end).

use super::doc::{Doc, Tok};
use super::{Cand, MAX_GAP, MAX_SPEAKER, MAX_TOKENS, MIN_LOOSE_QUOTE_WORDS};
use crate::model::Kind;
use crate::patterns::{Category, Entry};
use crate::quotes::Quote;

/// What follows a cue.
pub(super) enum Complement {
    Colon(usize),
    Clause { comp_start: usize, comp_end: usize, entry: u32 },
    Quote(Quote),
}

impl Complement {
    /// Where the complement begins (the colon, the complementiser, the opening mark).
    pub(super) fn start(&self) -> usize {
        match self {
            Complement::Colon(after) => after - 1,
            Complement::Clause { comp_start, .. } => *comp_start,
            Complement::Quote(q) => q.open,
        }
    }
}

/// Scan from `pos` for the complement of a cue: an أن/إن clause or a
/// quotation within `max_words` words, or a colon within `MAX_GAP` words.
pub(super) fn complement(doc: &Doc, pos: usize, max_words: usize, preps: &[String]) -> Option<Complement> {
    let mut words = 0;
    let near = |words: usize| words <= max_words;
    let mut p = pos;
    for _ in 0..MAX_TOKENS {
        let t = doc.next_tok(p)?;
        match t {
            Tok::Newline(_) => return None,
            Tok::Punct(s, c) => {
                if c == ':' {
                    return Some(Complement::Colon(s + 1));
                }
                if let Some(q) = doc.quote_opening_at(s) {
                    // a short quoted name (لـ«عكاظ», «الفرقة 30») or a quoted outlet an
                    // addressee ل leads to (لـ«سكاي نيوز عربية», لشبكة «…») is an adjunct
                    // (or a programme or outlet after a preposition: ضيف "صباح الورد" على "…")
                    let named = matches!(doc.prev_tok(s), Some(Tok::Word(ws, we))
                        if doc.word(ws, we) == "ل"
                            || doc.word(ws, we).starts_with('ل') && doc.reading(ws, Category::Ender).is_some()
                            || matches!(doc.word(ws, we), "علي" | "عبر" | "في") && !preps.iter().any(|p| p == doc.word(ws, we)));
                    if !q.weak && !named && doc.at_least_words(q.inner_start, q.inner_end, MIN_LOOSE_QUOTE_WORDS) {
                        return near(words).then_some(Complement::Quote(*q));
                    }
                    p = q.close_end;
                    continue;
                }
                if doc.sent_ends.binary_search(&s).is_ok() {
                    return None;
                }
                p = t.end();
            }
            Tok::Word(s, e) => {
                // (آن, written with madda, is a name that folds to أن: قال آن هيدالغو إن …)
                if let Some((m, h)) = doc.reading(s, Category::Complementizer)
                    && !doc.governed(s)
                    && !doc.madda_an(s)
                {
                    return near(words).then_some(Complement::Clause {
                        comp_start: s,
                        comp_end: h.end,
                        entry: m.entry,
                    });
                }
                if let Some((_, h)) = doc.reading(s, Category::According) {
                    // a parenthetical source: قالت الوزارة -بحسب الوكالة- «…»
                    p = doc.noun_phrase(h.end, MAX_SPEAKER, &[], true).2.max(h.end);
                    continue;
                }
                // another cue ends the search, unless it cannot report here: inside a
                // relative clause, or an ambiguous verb within the clause (مقابلة نشرت على …)
                if doc.is_cue_at(s) && !doc.after_relative(s) && !doc.ambiguous_here(s) {
                    return None;
                }
                // (the cue's own preposition is no gap: التأكيد | على أن)
                if !preps.iter().any(|x| x == doc.word(s, e)) {
                    words += 1;
                }
                if words > max_words.max(MAX_GAP) {
                    return None;
                }
                p = e;
            }
        }
    }
    None
}

/// Which complements a cue entry takes (its `colon` and `an` tags).
#[derive(Clone, Copy)]
pub(super) struct Takes {
    pub(super) colon: bool,
    pub(super) clause: bool,
    /// A quotation linked without colon or complementiser.
    pub(super) loose_quote: bool,
}

impl Takes {
    pub(super) fn of(entry: &Entry) -> Takes {
        // Any unambiguous reporting verb may introduce a quotation loosely
        // (اعتبر الوزير «…», دعت الحركة إلى «…»): news uses that freely.
        Takes {
            colon: entry.has("colon"),
            clause: entry.has("an"),
            loose_quote: !entry.has("ambig") && !entry.has("masdar"),
        }
    }
}

/// Build the attribution(s) for a complement; false when it gives none.
pub(super) fn attach(doc: &Doc, comp: Complement, base: Cand, takes: Takes, out: &mut Vec<Cand>) -> bool {
    match comp {
        Complement::Colon(_) if !takes.colon => false,
        Complement::Clause { .. } if !takes.clause => false,
        Complement::Colon(after) => {
            let t = doc.next_tok(after);
            // قال: إن … — reported as an أن/إن clause
            if let Some(Tok::Word(ws, _)) = t
                && let Some((m, h)) = doc.reading(ws, Category::Complementizer)
            {
                return attach(
                    doc,
                    Complement::Clause { comp_start: ws, comp_end: h.end, entry: m.entry },
                    base,
                    Takes { clause: true, ..takes },
                    out,
                );
            }
            let (para_start, quote) = match t {
                Some(Tok::Newline(nl)) => {
                    let next = doc.next_tok(nl + 1);
                    (nl + 1, next.and_then(|t| doc.quote_opening_at(t.start())).copied())
                }
                Some(t) => (after, doc.quote_opening_at(t.start()).copied()),
                None => return false,
            };
            if let Some(q) = quote {
                push_quotes(doc, q, base, "colon-quote", out);
                return true;
            }
            let end = doc.paragraph_end(para_start.max(after));
            let (s, e) = doc.trim_content(para_start, end);
            if s >= e {
                return false;
            }
            out.push(Cand { kind: Kind::Direct, content: (s, e), rule: "colon-speech", ..base });
            true
        }
        Complement::Clause { comp_end, entry, .. } => {
            let end = doc.clause_end(comp_end, doc.sentence_end(comp_end));
            let (s, e) = doc.trim_content(comp_end, end);
            if s >= e {
                return false;
            }
            let mut extra = base.extra.clone();
            extra.push(entry);
            let inner = doc.quotes_within(s, e);
            let (kind, content, quoted, rule) = match inner.first() {
                None => (Kind::Indirect, (s, e), false, "clause"),
                Some(q) if q.open == s && !q.weak && doc.trim_content(q.close_end, e).0 >= e => {
                    (Kind::Direct, (q.inner_start, q.inner_end), true, "clause-quote")
                }
                // quoted names and terms («داعش», «الفرقة 30») do not make a clause mixed
                Some(_) if !doc.has_quoted_fragment(s, e) => (Kind::Indirect, (s, e), false, "clause"),
                Some(_) => (Kind::Mixed, (s, e), false, "clause-mixed"),
            };
            let (cs, ce) = doc.trim_content(content.0, content.1);
            if cs >= ce {
                return false;
            }
            out.push(Cand { kind, content: (cs, ce), quoted, rule, extra, ..base });
            true
        }
        Complement::Quote(q) => {
            if !takes.loose_quote || !doc.at_least_words(q.inner_start, q.inner_end, MIN_LOOSE_QUOTE_WORDS) {
                return false;
            }
            push_quotes(doc, q, base, "quote", out);
            true
        }
    }
}

/// A quotation as direct content, plus any quotation that follows it with
/// only punctuation (or و) between: one cue, several segments.
pub(super) fn push_quotes(doc: &Doc, first: Quote, base: Cand, rule: &'static str, out: &mut Vec<Cand>) {
    let mut q = first;
    loop {
        let (s, e) = doc.trim_content(q.inner_start, q.inner_end);
        if s < e {
            out.push(Cand { kind: Kind::Direct, content: (s, e), quoted: true, rule, ..base.clone() });
        }
        let mut p = q.close_end;
        let mut next = None;
        for _ in 0..4 {
            match doc.next_tok(p) {
                Some(Tok::Punct(s, c)) => {
                    if let Some(n) = doc.quote_opening_at(s) {
                        if !n.weak {
                            next = Some(*n);
                        }
                        break;
                    }
                    if c == '.' || c == '؟' {
                        break;
                    }
                    p = s + c.len_utf8();
                }
                Some(Tok::Word(s, e)) if doc.word(s, e) == "و" => p = e,
                _ => break,
            }
        }
        match next {
            Some(n) => q = n,
            None => break,
        }
    }
}
