//! Speaker phrases that are not the one right after the cue: the phrase
//! before it (the `الوزير قال` order, `أما X فـ`), the head of a relative
//! clause the cue opens (سعيد، عضو المكتب السياسي، الذي اعتبر أن …), and
//! the asides and relative clauses that stand between a speaker and its cue.

use super::definite;
use crate::patterns::Category;
use crate::resolve::claim::TIME_ADJECTIVES;
use crate::resolve::doc::{Doc, Tok};
use crate::resolve::mention::Head;
use crate::resolve::{MAX_PRE_SPEAKER, MAX_SPEAKER, MAX_TOKENS, is_connector, relative};

impl Doc<'_> {
    /// Where a short parenthetical aside that ends just before `pos` opens,
    /// when a word comes before it (بلاتر (79 عاما) | أعرب): up to four words
    /// and no other punctuation inside.
    pub(in crate::resolve) fn aside_before(&self, pos: usize) -> Option<usize> {
        let Some(Tok::Punct(mut p, ')')) = self.prev_tok(pos) else { return None };
        for _ in 0..5 {
            match self.prev_tok(p)? {
                Tok::Word(s, _) => p = s,
                Tok::Punct(s, '(') => {
                    return matches!(self.prev_tok(s), Some(Tok::Word(..))).then_some(s);
                }
                _ => return None,
            }
        }
        None
    }

    /// Where a relative clause that opens at `pos` (right after a speaker
    /// phrase) ends when it runs unbroken to `until` (a complementiser or a
    /// colon): no punctuation but quotation marks (and a comma or colon
    /// closing it), no cue, at most ten words.
    pub(in crate::resolve) fn relative_to(&self, pos: usize, until: usize, preps: &[String]) -> Option<usize> {
        let Some(Tok::Word(rs, re)) = self.next_tok(pos) else { return None };
        if relative(self.word(rs, re)).is_none() || self.at_least_words(pos, until, 11) {
            return None;
        }
        let mut p = re;
        let mut end = re;
        while let Some(t) = self.next_tok(p) {
            match t {
                Tok::Word(s, e) if e <= until => {
                    if self.is_cue_at(s) {
                        return None;
                    }
                    // the cue's own preposition before the clause is not the subject's
                    // (أشارت الدراسة التي أعدها باحثون | إلى أن …)
                    if preps.iter().any(|x| x == self.word(s, e))
                        && matches!(self.next_tok(e), Some(Tok::Word(ns, _)) if ns == until)
                    {
                        return Some(end);
                    }
                    (end, p) = (e, e);
                }
                Tok::Punct(s, c) if s < until && matches!(c, '"' | '«' | '»' | '“' | '”') => {
                    (end, p) = (s + c.len_utf8(), s + c.len_utf8());
                }
                _ => break,
            }
        }
        // (a comma or a colon may close it: الذي عالج الكلبة، إن …)
        let next = match self.next_tok(end) {
            Some(Tok::Punct(s, c @ ('،' | ',' | ':'))) if s < until => self.next_tok(s + c.len_utf8()),
            t => t,
        };
        matches!(next, Some(Tok::Word(s, _) | Tok::Punct(s, ':')) if s == until).then_some(end)
    }

    /// The head of the relative clause a cue opens (سعيد، عضو المكتب
    /// السياسي، الذي اعتبر أن …؛ تصريحا لرئيس النادي كريستيان بيك الذي أكد):
    /// the longest noun phrase that ends right before the relative pronoun
    /// (a comma between them allowed), its start at most
    /// `MAX_PRE_SPEAKER` words back and after no punctuation, cue or
    /// connector; a preposition attached to a speaker noun (لرئيس) is left out.
    pub(in crate::resolve) fn relative_antecedent(&self, cue: usize) -> Option<(usize, usize)> {
        let Some(Tok::Word(rs, re)) = self.prev_tok(cue) else { return None };
        let rel = relative(self.word(rs, re))?;
        let mut p = rs;
        if let Some(Tok::Punct(c, ch)) = self.prev_tok(rs)
            && matches!(ch, '،' | ',')
        {
            p = c;
        }
        let Some(Tok::Word(_, end)) = self.prev_tok(p) else { return None };
        let mut starts: Vec<usize> = Vec::with_capacity(MAX_PRE_SPEAKER);
        while starts.len() < MAX_PRE_SPEAKER {
            let Some(Tok::Word(s, e)) = self.prev_tok(p) else { break };
            if self.is_cue_at(s) || is_connector(self.word(s, e)) {
                break;
            }
            starts.push(s);
            p = s;
        }
        // the phrases that end at the pronoun, by start (farthest first); a
        // relative pronoun follows a definite head, so the longest one opening
        // with a speaker noun wins, then with the article, then the longest of
        // three words at most (a bare name: فلاديمير بوتين، الذي)
        let phrases = starts.iter().rev().enumerate().filter_map(|(k, &s)| {
            let reading = self.reading(s, Category::Speaker);
            let from = reading.map_or(s, |(m, _)| s + m.prefix as usize);
            if self.is_stop_word(from) || self.is_function_word(from, self.word_end_at(from)) {
                return None;
            }
            let (ps, pe, _) = self.noun_phrase(from, MAX_SPEAKER, &[], false);
            // a word with a preposition attached (تصريحا | لرئيس النادي) starts
            // a phrase of its own
            if starts
                .iter()
                .any(|&w| w > from && w < pe && self.reading(w, Category::Speaker).is_some_and(|(m, _)| m.prefix > 0))
            {
                return None;
            }
            let near = starts.len() - k <= 3;
            (ps < pe && pe == end).then_some(((ps, pe), reading.is_some(), definite(self.word(ps, pe)), near))
        });
        let mut best: Option<((usize, usize), u8)> = None;
        for (span, speaker, def, near) in phrases {
            let rank = if speaker {
                3
            } else if def {
                2
            } else if near {
                1
            } else {
                0
            };
            if best.is_none_or(|(_, r)| rank > r) {
                best = Some((span, rank));
            }
        }
        // and only one that can speak: الذين and its kin follow people only;
        // after الذي/التي, a speaker noun or a name, not a common noun (في
        // الوقت الذي أكد، الأمر الذي يؤكد، الاتفاق الذي ينص)
        let human = !matches!(rel, "الذي" | "التي");
        best.filter(|&(_, r)| r > 0).map(|(span, _)| span).filter(|&(s, _)| {
            let head = self.head_class(s, self.word_end_at(s));
            !matches!(head, Head::Func | Head::Num) && (human || head != Head::Def)
        })
    }

    /// The subject of a verb that ends right before `pos`, where the verb
    /// comes first (VSO) and the word at `pos` is its object: the noun
    /// phrase after the nearest verb-like word that opens its clause, at
    /// most `MAX_PRE_SPEAKER` words back, when it runs exactly to `pos`
    /// (وجدد | الوزير | التأكيد), and opens with a definite word or a
    /// speaker noun.
    pub(in crate::resolve) fn subject_before(&self, pos: usize) -> Option<(usize, usize)> {
        let mut p = pos;
        for _ in 0..MAX_PRE_SPEAKER {
            let Some(Tok::Word(s, e)) = self.prev_tok(p) else { return None };
            if self.is_cue_at(s) || is_connector(self.word(s, e)) {
                return None;
            }
            // (a verb that opens its clause: after punctuation, or with و/ف)
            let opens = matches!(self.prev_tok(s), None | Some(Tok::Punct(..) | Tok::Newline(_)))
                || self.word(s, e).starts_with(['و', 'ف']);
            if p < pos && opens && self.verb_like(s, e) {
                let (ss, se, _) = self.noun_phrase(e, MAX_SPEAKER, &[], false);
                let next = self.next_tok(se).map(|t| t.start());
                // (a definite word or a speaker noun: not a verb, as in تجدر الإشارة)
                let nominal = ss < se
                    && (definite(self.word(ss, self.word_end_at(ss))) || self.reading(ss, Category::Speaker).is_some());
                return (nominal && next == Some(pos)).then_some((ss, se));
            }
            p = s;
        }
        None
    }

    /// A speaker phrase just before `pos` (the `الوزير قال` order).
    pub(in crate::resolve) fn pre_speaker(&self, pos: usize) -> Option<(usize, usize)> {
        let mut start = None;
        let mut end = None;
        // over an aside between subject and verb: وكان بلاتر (79 عاما) أعرب …
        let mut p = self.aside_before(pos).unwrap_or(pos);
        let mut words = 0;
        for _ in 0..MAX_TOKENS {
            let Some(Tok::Word(s, e)) = self.prev_tok(p) else { break };
            if self.is_stop_word(s) || self.is_cue_at(s) || is_connector(self.word(s, e)) {
                break;
            }
            words += 1;
            if words > MAX_PRE_SPEAKER {
                return None;
            }
            end.get_or_insert(e);
            start = Some(s);
            p = s;
        }
        let (s, e) = (start?, end?);
        // the phrase must open its clause: punctuation, text start, a complementiser
        // (غير أن الوزير قال), a connector or an ender before it.
        match self.prev_tok(s) {
            None | Some(Tok::Newline(_)) | Some(Tok::Punct(..)) => {}
            Some(Tok::Word(ws, we)) => {
                if !(self.reading(ws, Category::Complementizer).is_some() || is_connector(self.word(ws, we))) {
                    return None;
                }
            }
        }
        // A phrase made only of a proclitic-led word like وعن… is no speaker,
        // nor one that opens with a function word or a verb (واختتم الحمد حديثه بقوله).
        let Some(Tok::Word(fs, fe)) = self.next_tok(s) else { return None };
        if self.reading(fs, Category::Ender).is_some()
            || self.is_function_word(fs, fe)
            || TIME_ADJECTIVES.contains(&self.word(fs, fe))
        {
            return None;
        }
        let w = self.word(fs, fe);
        if w.starts_with(['و', 'ف']) && !definite(w) && self.reading(fs, Category::Speaker).is_none() {
            return None;
        }
        Some((s, e))
    }
}
