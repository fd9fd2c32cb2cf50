//! Clause-level reading of a document: where a clause starts and ends
//! (authorial breaks after a comma, a governed أن, a كما before a verb),
//! what a word before a cue says about it (a preposition, a relative, a
//! discourse adverb, an ambiguous verb), accusatives, and trimming a
//! content span.

use super::*;

/// A relative that stands for a fact before a cue (`Doc::fact_relative_before`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::resolve) enum FactRelative {
    /// مما: the verb after it has مما as subject, whatever follows.
    Mimma,
    /// وهو ما، الأمر الذي: the subject unless one follows the verb.
    Other,
}

/// Words after a comma that continue in the author's voice, ending a
/// reported clause (، وهو ما يشكل تحولا …، الأمر الذي …، في حين …).
const CLAUSE_BREAKS: [&str; 14] = [
    "وهو",
    "وهي",
    "وهم",
    "وهما",
    "الامر الذي",
    "في الوقت",
    "في حين",
    "بينما",
    "مما",
    "ما يعني",
    "ما يشير",
    "وهذا",
    "وذلك بعد",
    "قبل ان",
];

/// Detached prepositions, whose object is no subject and no verb.
const PREPOSITIONS: [&str; 8] = ["عن", "من", "الي", "علي", "في", "مع", "لدي", "ضد"];

/// Words that govern a following أن (بعد أن، قبل أن، إلا أن …), normalised.
const GOVERNORS: [&str; 16] = [
    "بعد",
    "قبل",
    "الا",
    "سبق",
    "منذ",
    "حتي",
    "دون",
    "بدون",
    "رغم",
    "بمجرد",
    "لولا",
    "يجب",
    "يمكن",
    "ينبغي",
    "لابد",
    "كي",
];

/// Most tokens `clause_start` looks at.
const MAX_SCAN_TOKENS: usize = 400;

/// Most commas `clause_end` looks at in one content.
const MAX_COMMAS: usize = 24;

impl Doc<'_> {
    /// A reporting verb with an object pronoun: ذكره، نشرته، قالها.
    pub(in crate::resolve) fn is_verb_with_object(&self, word: &str) -> bool {
        ["هما", "هم", "ها", "ه"].iter().any(|suffix| {
            word.strip_suffix(suffix).is_some_and(|stem| {
                self.matcher.lookup(stem).iter().any(|m| self.entries[m.entry as usize].category == Category::Verb)
            })
        })
    }

    /// Is the word at `s` آن written with madda, a name (آن هيدالغو) that
    /// folds to the complementiser أن and is none?
    pub(in crate::resolve) fn madda_an(&self, s: usize) -> bool {
        self.cats_at(s) & Category::Complementizer.bit() != 0 && self.spelled_as(s, "آ")
    }

    /// The relative standing for a fact just before the cue at `pos`, if
    /// any: مما (فمما), or ما after هو/هي (وهو ما، وهي ما), or الأمر الذي.
    pub(in crate::resolve) fn fact_relative_before(&self, pos: usize) -> Option<FactRelative> {
        let Some(Tok::Word(s, e)) = self.prev_tok(pos) else { return None };
        let w = self.word(s, e);
        if matches!(w, "مما" | "فمما") {
            return Some(FactRelative::Mimma);
        }
        let Some(Tok::Word(ps, pe)) = self.prev_tok(s) else { return None };
        let before = self.word(ps, pe);
        let before = before.strip_prefix(['و', 'ف']).unwrap_or(before);
        (w == "ما" && matches!(before, "هو" | "هي") || w == "الذي" && before == "الامر").then_some(FactRelative::Other)
    }

    /// Is the complementiser at `pos` governed by the word before it (بعد
    /// أن، قبل أن، إلا أن، سبق أن، منذ أن), so that it opens no reported clause?
    pub(in crate::resolve) fn governed(&self, pos: usize) -> bool {
        matches!(self.prev_tok(pos), Some(Tok::Word(s, e)) if {
            let w = self.word(s, e);
            GOVERNORS.contains(&w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 2).unwrap_or(w))
        })
    }

    /// Where the clause ending at `e` starts, within `[s, e)`: after the last
    /// relative pronoun or comma-led و, else `s`.
    pub(in crate::resolve) fn clause_start(&self, s: usize, e: usize) -> usize {
        let mut at = s;
        let mut p = s;
        for _ in 0..MAX_SCAN_TOKENS {
            let Some(t) = self.next_tok(p) else { break };
            if t.start() >= e {
                break;
            }
            if let Tok::Word(ws, we) = t
                && RELATIVES.contains(&self.word(ws, we))
            {
                at = we;
            }
            p = t.end();
        }
        self.trim_content(at, e).0
    }

    /// Is the word at `s..e` shaped like a verb (not a listed noun, particle
    /// or definite word)?
    pub(in crate::resolve) fn verb_like_word(&self, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        self.cats_at(s) & (STOPS | Category::Speaker.bit()) == 0
            && !w.starts_with("ال")
            && !self.is_function_word(s, e)
            && w.chars().count() >= 3
    }

    /// Where a كما that introduces the cue at `pos` starts (كما أعلن، كما
    /// كان قد أكد، كما سبق أن أوضح), if one does.
    pub(in crate::resolve) fn kama_before(&self, pos: usize) -> Option<usize> {
        let mut p = pos;
        for _ in 0..3 {
            match self.prev_tok(p)? {
                Tok::Word(s, e) => {
                    let w = self.word(s, e);
                    if w == "كما" || w == "وكما" {
                        return Some(s + if w.starts_with('و') { 'و'.len_utf8() } else { 0 });
                    }
                    if !matches!(w, "كان" | "كانت" | "قد" | "سبق" | "ان") {
                        return None;
                    }
                    p = s;
                }
                _ => return None,
            }
        }
        None
    }

    /// Does the word at `pos` follow a detached preposition (صادر عن هيئة …)?
    pub(in crate::resolve) fn after_preposition(&self, pos: usize) -> bool {
        self.preposition_before(pos).is_some()
    }

    /// The detached preposition right before `pos`, if there is one.
    pub(in crate::resolve) fn preposition_before(&self, pos: usize) -> Option<(usize, usize)> {
        match self.prev_tok(pos) {
            Some(Tok::Word(s, e)) if PREPOSITIONS.contains(&self.word(s, e)) => Some((s, e)),
            _ => None,
        }
    }

    /// Is the word at `[s, e)` an indefinite accusative (نقدًا حادًا،
    /// تصريحاً): written with tanween fath in the original?
    pub(in crate::resolve) fn accusative(&self, s: usize, e: usize) -> bool {
        let Some((orig, norm)) = self.original else { return false };
        // the positions of the mark, found once: most words are asked about,
        // and half the documents have none
        let marks = self.tanween.get_or_init(|| {
            memchr::memmem::find_iter(orig.as_bytes(), "\u{064B}".as_bytes())
                .map(|p| (p as u32, norm.first_at_or_after(p) as u32))
                .collect()
        });
        // `orig` is monotone, so a mark inside the original span of the word
        // has its normalised place in `(s, e]`: most words have none there,
        // and the span need not be mapped
        let i = marks.partition_point(|&(_, n)| n as usize <= s);
        if marks.get(i).is_none_or(|&(_, n)| n as usize > e) {
            return false;
        }
        let (a, b) = norm.orig_span_covering(orig, s, e);
        let i = marks.partition_point(|&(p, _)| (p as usize) < a);
        marks.get(i).is_some_and(|&(p, _)| p as usize + '\u{064B}'.len_utf8() <= b)
    }

    /// Does a phrase starting at `pos` open its clause: the text start, a
    /// line break, punctuation or a connector before it (not a
    /// complementiser, which makes it the subject of a nested clause)?
    pub(in crate::resolve) fn opens_clause(&self, pos: usize) -> bool {
        match self.prev_tok(pos) {
            None | Some(Tok::Newline(_)) | Some(Tok::Punct(..)) => true,
            Some(Tok::Word(s, e)) => super::is_connector(self.word(s, e)),
        }
    }

    /// Is the cue at `pos` only a masdar (إصرارها، التأكيد): a noun that may
    /// also be a verb's object (أكدت الوزارة إصرارها على …)?
    pub(in crate::resolve) fn masdar_at(&self, pos: usize) -> bool {
        let Some(h) = self.hit_at(pos) else { return false };
        self.matcher.meanings[h.surface as usize].iter().all(|m| self.entries[m.entry as usize].has("masdar"))
    }

    /// Is the cue at `pos` only an ambiguous verb (رأى، نشر، بين) or a masdar
    /// that is not clause-initial, so that it cannot report there?
    pub(in crate::resolve) fn ambiguous_here(&self, pos: usize) -> bool {
        let Some(h) = self.hit_at(pos) else { return false };
        let ms = &self.matcher.meanings[h.surface as usize];
        let only_ambig = ms.iter().all(|m| {
            let e = &self.entries[m.entry as usize];
            !matches!(e.category, Category::Verb | Category::Participle | Category::According)
                || e.has("ambig")
                || e.has("masdar")
        });
        only_ambig
            && ms.iter().all(|m| m.prefix == 0)
            && matches!(self.prev_tok(pos), Some(Tok::Word(s, e)) if !super::is_connector(self.word(s, e)))
    }

    /// Does the word at `s..e` end a discourse adverbial with a pronoun
    /// (بدوره، من جهته، من جانبها), after which a clause starts?
    pub(in crate::resolve) fn after_discourse_adverb(&self, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        if !["ه", "ها", "هم", "هما"].iter().any(|p| w.ends_with(p)) {
            return false;
        }
        // the ender hit that ends here (من جهته is two words)
        let i = self.hits.partition_point(|h| h.end <= e);
        self.hits[..i].iter().rev().take(2).any(|h| {
            h.end == e
                && self.matcher.categories(h.surface) & Category::Ender.bit() != 0
                && h.start >= s.saturating_sub(8)
        })
    }

    /// Is the word at `pos` inside a relative clause (الدراسة التي نشرت…)?
    pub(in crate::resolve) fn after_relative(&self, pos: usize) -> bool {
        matches!(self.prev_tok(pos), Some(Tok::Word(s, e)) if super::super::relative(self.word(s, e)).is_some())
    }

    /// Where a clause content ends before `e`: at the first comma in
    /// `[s, e)` that opens an authorial continuation (، وهو ما يشكل …،
    /// الأمر الذي …، في حين …), else `e`.
    pub(in crate::resolve) fn clause_end(&self, s: usize, e: usize) -> usize {
        let commas = self.commas.get_or_init(|| {
            let b = self.bytes();
            memchr::memchr2_iter(b',', 0x8C, b)
                .filter_map(|i| match b[i] {
                    b',' => Some(i as u32),
                    _ if i > 0 && b[i - 1] == 0xD8 => Some(i as u32 - 1),
                    _ => None,
                })
                .collect()
        });
        let from = commas.partition_point(|&c| (c as usize) < s);
        for &c in commas[from..].iter().take_while(|&&c| (c as usize) < e).take(MAX_COMMAS) {
            let comma = c as usize;
            let after = comma + self.text[comma..].chars().next().map_or(1, char::len_utf8);
            if self.inside_quote(comma) {
                continue;
            }
            if let Some(Tok::Word(ws, we)) = self.next_tok(after)
                && we <= e
            {
                let w = self.word(ws, we);
                let two = match self.next_tok(we) {
                    Some(Tok::Word(_, ne)) if ne <= e => self.word(ws, ne),
                    _ => w,
                };
                if CLAUSE_BREAKS.contains(&w) || CLAUSE_BREAKS.contains(&two) {
                    return comma;
                }
            }
        }
        e
    }

    /// Trim a content span: whitespace, trailing punctuation and connector words.
    pub(in crate::resolve) fn trim_content(&self, mut s: usize, mut e: usize) -> (usize, usize) {
        if e < s {
            // e.g. the rest of a clause after a quotation whose closing mark
            // was trimmed off (`”…”`): nothing (fuzz regression)
            return (s, s);
        }
        let t = self.text;
        while s < e {
            let c = t[s..e].chars().next().unwrap();
            if c == ' ' || c == '\n' || c == '،' || c == ',' || c == ':' || c == '؛' {
                s += c.len_utf8();
            } else {
                break;
            }
        }
        loop {
            let before = e;
            while s < e {
                let c = t[s..e].chars().next_back().unwrap();
                if c == ' ' || c == '\n' || matches!(c, '،' | ',' | '.' | '؛' | ';' | ':' | '-' | '؟' | '?' | '!') {
                    e -= c.len_utf8();
                } else {
                    break;
                }
            }
            if let Some(Tok::Word(ws, we)) = self.prev_tok(e)
                && we == e
                && ws >= s
                && is_connector(self.word(ws, we))
            {
                e = ws;
            }
            // a closing mark whose opening one is not inside the span
            if let Some(c) = t[s..e].chars().next_back() {
                let opener = match c {
                    '»' => Some('«'),
                    '”' => Some('“'),
                    '"' => Some('"'),
                    _ => None,
                };
                if let Some(o) = opener
                    && !self.has_opener(o, s, e - c.len_utf8())
                {
                    e -= c.len_utf8();
                }
            }
            if e == before {
                break;
            }
        }
        (s, e)
    }
}
