//! Speaker phrases: the noun phrase after a cue (up to an ender, a
//! complementiser, a cue or the cue's preposition) and the one just before
//! it (the `الوزير قال` order, `أما X فـ`).

use super::doc::{CUES, Doc, STOPS, Tok};
use super::{MAX_PRE_SPEAKER, MAX_TOKENS, is_connector};
use crate::patterns::Category;

impl Doc<'_> {
    /// A speaker/source noun phrase starting at `pos`: words up to a stop
    /// (punctuation, ender, complementiser, cue, `prep`). Returns its span
    /// (empty when `start == end`) and where scanning stopped.
    pub(super) fn noun_phrase(
        &self,
        pos: usize,
        max: usize,
        preps: &[String],
        allow_quotes: bool,
    ) -> (usize, usize, usize) {
        let mut start = None;
        let mut end = pos;
        let mut words = 0;
        let mut p = pos;
        for _ in 0..MAX_TOKENS {
            let Some(t) = self.next_tok(p) else { break };
            match t {
                Tok::Word(s, e) => {
                    let w = self.word(s, e);
                    let cats = self.cats_at(s);
                    let lil = w.starts_with("لل") && !self.matcher.keep_in_speaker.contains(w);
                    // a speaker noun opening the phrase wins over an ender homograph (إمام / أمام)
                    let stop = cats & STOPS != 0
                        && !(words == 0
                            && cats & Category::Speaker.bit() != 0
                            && self.reading(s, Category::Speaker).is_some_and(|(m, _)| {
                                let form = &self.entries[m.entry as usize].forms[m.form as usize].text;
                                let prefix = &self.text[s..s + m.prefix as usize];
                                !prefix.contains(['ب', 'ل', 'ك']) && self.spelled_as(s + m.prefix as usize, form)
                            }));
                    if words >= max || lil || stop || cats & CUES != 0 || preps.iter().any(|x| x == w) {
                        break;
                    }
                    start.get_or_insert(s);
                    end = e;
                    words += 1;
                    p = e;
                }
                Tok::Punct(s, _) if allow_quotes && start.is_some() => {
                    // a short quoted name inside a source: بحسب صحيفة «الحياة»
                    match self.quote_opening_at(s) {
                        Some(q) if !self.at_least_words(q.inner_start, q.inner_end, 5) => {
                            end = q.close_end;
                            p = q.close_end;
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        match start {
            Some(s) => (s, end, end),
            None => (pos, pos, pos),
        }
    }

    /// A speaker phrase just before `pos` (the `الوزير قال` order).
    pub(super) fn pre_speaker(&self, pos: usize) -> Option<(usize, usize)> {
        let mut start = None;
        let mut end = None;
        let mut p = pos;
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
        // A phrase made only of a proclitic-led word like وعن… is no speaker.
        let first = self.next_tok(s)?;
        if let Tok::Word(fs, _) = first
            && self.reading(fs, Category::Ender).is_some()
        {
            return None;
        }
        Some((s, e))
    }
}
