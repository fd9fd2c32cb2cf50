//! What the speaker features need to know about an option's span (its
//! head word's class, length, clitics, quotation and case), worked out once
//! per span and document.

use std::collections::HashMap;

use super::super::doc::{Doc, Tok};
use super::super::mention::Head;
use crate::cues::FastHash;
use crate::patterns::Category;

/// What the features of a span need, worked out once per document.
#[derive(Clone, Copy)]
pub(super) struct SpanInfo {
    pub(super) head: Head,
    pub(super) words: usize,
    /// A لل word after the first.
    pub(super) lil: bool,
    /// A quotation inside.
    pub(super) quoted: bool,
    pub(super) object_prefix: bool,
    pub(super) object_like: bool,
    pub(super) accusative: bool,
    pub(super) in_quote: bool,
    pub(super) after_preposition: bool,
    /// Right after a speaker noun: the second term of a name.
    pub(super) genitive: bool,
    /// Sentence and paragraph ends before the span's end.
    pub(super) sentences_before_end: usize,
    pub(super) paragraphs_before_end: usize,
}

pub(super) type SpanInfos = HashMap<(usize, usize), SpanInfo, FastHash>;

impl SpanInfo {
    pub(super) fn of(doc: &Doc, s: usize, e: usize) -> SpanInfo {
        let first_end = doc.word_end_at(s);
        SpanInfo {
            head: doc.head_class(s, first_end),
            words: doc.words_in(s, e),
            lil: lil_after_space(doc.word(s, e)),
            quoted: !doc.quotes_within(s, e).is_empty(),
            object_prefix: doc.object_prefix(s),
            object_like: doc.object_like(s, first_end),
            accusative: doc.accusative(s, first_end),
            in_quote: doc.inside_quote(s),
            after_preposition: doc.after_preposition(s),
            // (a speaker noun's head class is never `Func`)
            genitive: matches!(doc.prev_tok(s), Some(Tok::Word(ps, _)) if doc.reading(ps, Category::Speaker).is_some()),
            sentences_before_end: doc.sentence_ends_before(e),
            paragraphs_before_end: doc.paragraph_ends_before(e),
        }
    }
}

/// Does a word after the first of `t` start with لل (a word after a space)?
fn lil_after_space(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr_iter(b' ', b).any(|i| b[i + 1..].starts_with("لل".as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lil_is_looked_for_after_the_first_word() {
        for t in ["للوزير", "قال للوزير", "وزير الخارجية للشؤون", "الوزير  للصحفيين", "x ل", "a b", ""]
        {
            assert_eq!(lil_after_space(t), t.split(' ').skip(1).any(|w| w.starts_with("لل")), "{t}");
        }
    }
}
