//! Mentions: the noun phrases an implicit speaker may be carried from, and
//! what resolution knows about any phrase's head word.
//!
//! Owns: the head class of a phrase (a speaker noun and its tag, a name, a
//! definite noun, a function word…), its agreement (gender and number, when
//! the head tells), and the mentions of the sentences before a cue: the
//! subject after a clause-initial verb (VSO: استقبل الوزير الوفد), the
//! clause-initial noun phrase (SVO: الوزير …), and every speaker-noun phrase.
//! Which mention an implicit cue takes is the speaker chooser's business
//! (`choose`).

use super::doc::{Doc, STOPS, Tok};
use super::{MAX_SPEAKER, is_connector};
use crate::normalize::is_numeric_char;
use crate::patterns::{Category, Gender, Number};

/// What a phrase's first word is, as far as speaker choice cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Head {
    /// Speaker nouns, by their tag in `speakers.txt`.
    Title,
    Role,
    Org,
    Anon,
    Media,
    Doc,
    /// A word in no list and without the article: most often a name.
    Name,
    /// A word in no list with the article (الباحثون، الجماعة).
    Def,
    /// A function word: a pronoun, a particle, a preposition with a pronoun
    /// attached (فيه، لكنه، عليها), a single letter.
    Func,
    /// A number.
    Num,
}

impl Head {
    pub const ALL: [Head; 10] = [
        Head::Title,
        Head::Role,
        Head::Org,
        Head::Anon,
        Head::Media,
        Head::Doc,
        Head::Name,
        Head::Def,
        Head::Func,
        Head::Num,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Head::Title => "title",
            Head::Role => "role",
            Head::Org => "org",
            Head::Anon => "anon",
            Head::Media => "media",
            Head::Doc => "doc",
            Head::Name => "name",
            Head::Def => "def",
            Head::Func => "func",
            Head::Num => "num",
        }
    }
}

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// The subject of a clause-initial verb (a reporting verb or any other).
    Subject,
    /// A clause-initial noun phrase.
    Topic,
    /// A speaker-noun phrase anywhere else.
    Noun,
}

/// A phrase an implicit speaker may be carried from.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub span: (usize, usize),
    pub kind: MentionKind,
    /// Agreement, where the verb or the head word tells.
    pub gender: Option<Gender>,
    pub number: Option<Number>,
}

/// Independent pronouns, which are never a speaker phrase of their own.
const PRONOUNS: [&str; 12] = ["هو", "هي", "هم", "هما", "هن", "انا", "نحن", "انت", "انتم", "انه", "انها", "ذلك"];

/// Attached object/possessive pronouns, longest first.
const SUFFIXES: [&str; 8] = ["هما", "هم", "هن", "ها", "ه", "نا", "كم", "ك"];

/// The last letters of `SUFFIXES`.
const SUFFIX_ENDS: [char; 5] = ['ه', 'ا', 'م', 'ن', 'ك'];

/// The longest word (in bytes) in `PRONOUNS`, `PARTICLES` or the connectors
/// (with a leading و/ف): longer words are in none of them.
const MAX_LISTED: usize = {
    let lists: [&[&str]; 3] = [&PRONOUNS, &PARTICLES, &super::CONNECTORS];
    let mut max = 0;
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            // a connector may take a و/ف (two bytes) in front
            let n = lists[l][i].len() + if l == 2 { 2 } else { 0 };
            if n > max {
                max = n;
            }
            i += 1;
        }
        l += 1;
    }
    max
};

/// Speaker-noun mentions read per sentence, at most.
const MAX_NOUNS_PER_SENTENCE: usize = 32;

/// Particles that take a pronoun suffix (لكنه، إنه، لأنها).
/// (إلا folds to الا, which looks definite: إلا أن ما حدث …)
const PARTICLES: [&str; 18] = [
    "لكن", "ولكن", "ان", "لان", "كان", "ليس", "بين", "الا", "اذا", "ثم", "او", "بل", "حتي", "كما", "لكي", "لو", "لعل",
    "انما",
];

impl Doc<'_> {
    /// Is the word at `s..e` a function word: a pronoun, a connector, one
    /// letter, or a particle or preposition with an attached pronoun (فيه،
    /// عليها، لكنه, once normalised إليه is الي + ه)?
    pub(super) fn is_function_word(&self, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        if w.chars().nth(1).is_none()
            || w.len() <= MAX_LISTED && (PRONOUNS.contains(&w) || is_connector(w) || PARTICLES.contains(&w))
        {
            return true;
        }
        // only a word ending as a pronoun suffix does can carry one
        if !w.ends_with(SUFFIX_ENDS) {
            return false;
        }
        // the word as written, and without a leading و/ف (فيه is في + ه, وفيه و + في + ه)
        let bare = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 2);
        std::iter::once(w).chain(bare).any(|w| {
            SUFFIXES.iter().any(|suf| {
                w.strip_suffix(suf).is_some_and(|stem| {
                    !stem.is_empty()
                        && (PARTICLES.contains(&stem)
                            || ["ل", "ب", "ك"].contains(&stem)
                            || self.matcher.lookup(stem).iter().any(|m| self.is_stop_entry(m.entry)))
                })
            })
        })
    }

    fn is_stop_entry(&self, entry: u32) -> bool {
        STOPS & self.entries[entry as usize].category.bit() != 0
    }

    /// The head class of the phrase starting with the word at `s..e`.
    pub(super) fn head_class(&self, s: usize, e: usize) -> Head {
        if let Some((m, _)) = self.reading(s, Category::Speaker) {
            let entry = &self.entries[m.entry as usize];
            for (tag, head) in [
                ("title", Head::Title),
                ("anon", Head::Anon),
                ("role", Head::Role),
                ("org", Head::Org),
                ("media", Head::Media),
                ("doc", Head::Doc),
            ] {
                if entry.has(tag) {
                    return head;
                }
            }
            return Head::Role;
        }
        let w = self.word(s, e);
        if w.chars().all(is_numeric_char) {
            return Head::Num;
        }
        if self.is_stop_word(s) || self.is_function_word(s, e) {
            return Head::Func;
        }
        let bare = w.strip_prefix(['و', 'ف']).filter(|r| r.starts_with("ال")).unwrap_or(w);
        if bare.starts_with("ال") { Head::Def } else { Head::Name }
    }

    /// Does the phrase at `s` carry a preposition that makes it an object
    /// (بالوزير، للوزارة، كالمسؤول)?
    pub(super) fn object_prefix(&self, s: usize) -> bool {
        match self.reading(s, Category::Speaker) {
            Some((m, _)) => self.text[s..s + m.prefix as usize].contains(['ب', 'ل', 'ك']),
            None => {
                let w = &self.text[s..];
                let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
                ["بال", "لل", "كال"].iter().any(|p| w.starts_with(p))
            }
        }
    }

    /// Gender and number of the phrase whose first word is `s..e`, when its
    /// head tells: a speaker noun's form features, else the ending (ة، ات، ون).
    pub(super) fn agreement(&self, s: usize, e: usize) -> (Option<Gender>, Option<Number>) {
        if let Some((m, _)) = self.reading(s, Category::Speaker) {
            let f = &self.entries[m.entry as usize].forms[m.form as usize];
            return (Some(f.gender), Some(f.number));
        }
        let w = self.word(s, e);
        if w.chars().count() < 4 {
            return (None, None);
        }
        if w.ends_with("ات") {
            (Some(Gender::Fem), Some(Number::Plural))
        } else if w.ends_with('ة') {
            (Some(Gender::Fem), Some(Number::Sing))
        } else if w.starts_with("ال") && (w.ends_with("ون") || w.ends_with("ين")) {
            (Some(Gender::Masc), Some(Number::Plural))
        } else {
            (None, None)
        }
    }

    /// Gender and number a clause-initial verb-like word shows: a listed
    /// verb form's features, else past `ت` / present `ت` (feminine).
    fn verb_agreement(&self, s: usize, e: usize) -> (Option<Gender>, Option<Number>) {
        if let Some((m, _)) = self.reading(s, Category::Verb) {
            let f = &self.entries[m.entry as usize].forms[m.form as usize];
            return (Some(f.gender), Some(f.number));
        }
        let w = self.word(s, e);
        let bare = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        if bare.chars().count() >= 3 && (bare.ends_with('ت') || bare.starts_with('ت')) {
            (Some(Gender::Fem), None)
        } else if bare.ends_with("وا") {
            (Some(Gender::Masc), Some(Number::Plural))
        } else {
            (Some(Gender::Masc), None)
        }
    }

    /// Could the word at `s..e` be a verb opening its clause (VSO)? Not a
    /// listed noun, function word, number or definite word.
    pub(super) fn verb_like(&self, s: usize, e: usize) -> bool {
        if self.reading(s, Category::Verb).is_some() {
            return true;
        }
        let cats = self.cats_at(s);
        if cats & (STOPS | Category::Speaker.bit() | Category::According.bit()) != 0 {
            return false;
        }
        let w = self.word(s, e);
        let bare = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        bare.chars().count() >= 3
            && !bare.starts_with("ال")
            && !w.chars().any(is_numeric_char)
            && !self.is_function_word(s, e)
    }

    /// The mentions of the clause that starts at `pos` (a sentence start, or
    /// a word after `،` that begins with و): the subject after a verb-like
    /// first word, or the noun phrase the clause opens with.
    fn clause_mentions(&self, pos: usize, out: &mut Vec<Mention>) {
        let mut p = pos;
        let mut first = None;
        for _ in 0..4 {
            match self.next_tok(p) {
                Some(Tok::Word(s, e)) if is_connector(self.word(s, e)) => p = e,
                Some(Tok::Word(s, e)) => {
                    first = Some((s, e));
                    break;
                }
                Some(Tok::Newline(n)) => p = n + 1,
                _ => return,
            }
        }
        let Some((s, e)) = first else { return };
        if self.verb_like(s, e) {
            let (ns, ne, _) = self.noun_phrase(e, MAX_SPEAKER - 4, &[], false);
            if ns < ne && !self.is_function_word(ns, self.word_end_at(ns)) && !self.object_prefix(ns) {
                let (g, n) = self.verb_agreement(s, e);
                let (hg, hn) = self.agreement(ns, self.word_end_at(ns));
                out.push(Mention { span: (ns, ne), kind: MentionKind::Subject, gender: g.or(hg), number: hn.or(n) });
            }
        } else if matches!(
            self.head_class(s, e),
            Head::Title | Head::Role | Head::Org | Head::Anon | Head::Def | Head::Media | Head::Doc
        ) && !self.object_prefix(s)
        {
            // the conjunction is no part of the mention (والرد المفحم → الرد المفحم)
            let conj = self.word(s, e).strip_prefix(['و', 'ف']).is_some_and(|r| r.starts_with("ال"));
            let from = s + self
                .reading(s, Category::Speaker)
                .map_or(if conj { 'و'.len_utf8() } else { 0 }, |(m, _)| m.prefix as usize);
            let (ns, ne, _) = self.noun_phrase(from, MAX_SPEAKER - 4, &[], false);
            if ns < ne {
                let (g, n) = self.agreement(s, e);
                out.push(Mention { span: (ns, ne), kind: MentionKind::Topic, gender: g, number: n });
            }
        }
    }

    /// End of the word starting at `s`.
    pub(super) fn word_end_at(&self, s: usize) -> usize {
        match self.next_tok(s) {
            Some(Tok::Word(_, e)) => e,
            _ => s,
        }
    }

    /// The mentions of the sentence `[from, to)`: clause subjects and
    /// topics at its start and at `، و…` clause starts, and speaker-noun
    /// phrases that are not objects of a preposition, in text order.
    fn sentence_mentions(&self, from: usize, to: usize, out: &mut Vec<Mention>) {
        let first = out.len();
        self.clause_mentions(from, out);
        let a = self.hits.partition_point(|h| h.start < from);
        let b = self.hits.partition_point(|h| h.start < to);
        for (i, h) in self.hits[a..b].iter().enumerate().take(MAX_NOUNS_PER_SENTENCE) {
            let Some(m) = self.meaning_of(a + i, Category::Speaker) else { continue };
            if self.text[h.start..h.start + m.prefix as usize].contains(['ب', 'ل', 'ك']) {
                continue;
            }
            let start = h.start + m.prefix as usize;
            if out[first..].iter().any(|x| x.span.0 <= start && start < x.span.1) {
                continue;
            }
            let (_, ne, _) = self.noun_phrase(h.end, MAX_SPEAKER - 1, &[], false);
            let end = ne.max(h.end);
            let f = &self.entries[m.entry as usize].forms[m.form as usize];
            out.push(Mention {
                span: (start, end),
                kind: MentionKind::Noun,
                gender: Some(f.gender),
                number: Some(f.number),
            });
        }
        out[first..].sort_by_key(|x| x.span.0);
    }
}

/// The mentions of a document, found sentence by sentence as speaker choice
/// moves through it in text order, so that each sentence is read once
/// however many cues look back at it.
#[derive(Default)]
pub(super) struct Mentions {
    list: Vec<Mention>,
    /// The text up to here has been read (a sentence start).
    upto: usize,
}

impl Mentions {
    /// The mentions that start at or after `from` and end at or before `to`.
    pub(super) fn window(&mut self, doc: &Doc, from: usize, to: usize) -> impl Iterator<Item = &Mention> {
        // sentences before the window are never asked about (windows only move on)
        self.upto = self.upto.max(from);
        while self.upto < to && self.upto < doc.text.len() {
            let end = doc.sentence_end(self.upto);
            doc.sentence_mentions(self.upto, end, &mut self.list);
            self.upto = end + doc.text[end..].chars().next().map_or(1, char::len_utf8);
        }
        let a = self.list.partition_point(|m| m.span.0 < from);
        self.list[a..].iter().take_while(move |m| m.span.0 < to).filter(move |m| m.span.1 <= to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_ends_are_the_last_letters_of_the_suffixes() {
        for suf in SUFFIXES {
            assert!(suf.ends_with(SUFFIX_ENDS), "{suf}");
        }
        for w in PRONOUNS.iter().chain(&PARTICLES).chain(&super::super::CONNECTORS) {
            assert!(w.len() + 2 <= MAX_LISTED || w.len() <= MAX_LISTED && !super::super::CONNECTORS.contains(w));
        }
    }
}
