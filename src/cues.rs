//! Cue matching: one Aho-Corasick automaton over every surface form of every
//! pattern (proclitics generated), run over the normalised text.
//!
//! Owns: proclitic generation per category, the `ة`→`ه` variant, exclusions,
//! and the word-boundary check that keeps `قال` from firing inside `مقال`,
//! `استقال` or `انتقال`.
//!
//! A cue or speaker form only counts on word boundaries, so the scan does not
//! run the automaton over every byte: it walks the text once and looks each
//! whole word up in a small hash table of the forms' first words
//! (`WordTable`). A word that starts no form is skipped, a one-word form is a
//! hit at once, and only a word that begins a longer form (`بحسب ما`) or a
//! quotation mark runs the automaton, *anchored* there, longest match first.
//! The result is what an unanchored leftmost-longest pass filtered to word
//! boundaries gives, at a fraction of the cost (see `benches/README.md`).

use std::collections::{HashMap, HashSet};

mod words;
pub use words::{FastHash, Fx};
use words::{Starts, WordTable, first_word};

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, StartKind, dfa, nfa};

use crate::normalize::{
    Normalized, WordBounds, Words, char_at, normalize_form, normalize_words, word_char_at, word_char_before, word_end,
};
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
    /// An object pronoun is attached to the (verb) form: اعتبره، وصفها، تتهمها.
    pub object: bool,
}

/// A matched pattern in the normalised text.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Index into `Matcher::meanings`.
    pub surface: u32,
}

/// The anchored automaton over the surfaces the scan can ask about (those
/// that start with a quotation mark, and those whose first word begins a
/// longer form): a DFA, or a contiguous NFA when they are too many for a
/// DFA to stay small. Pattern ids are mapped back to surface ids.
struct Engine {
    aut: Aut,
    /// Automaton pattern id → surface id.
    ids: Vec<u32>,
}

enum Aut {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

/// Above this many bytes of automaton surfaces the engine is an NFA: a DFA
/// costs a transition table entry per state and byte class.
const MAX_DFA_BYTES: usize = 256 << 10;

impl Engine {
    /// The anchored leftmost-longest automaton over `surfaces[ids]`: a DFA
    /// unless it would be large or cannot be built (or `nfa` asks for the
    /// fallback).
    fn build(surfaces: &[String], ids: Vec<u32>, nfa: bool) -> Engine {
        let pats: Vec<&str> = ids.iter().map(|&i| surfaces[i as usize].as_str()).collect();
        let big = pats.iter().map(|p| p.len()).sum::<usize>() > MAX_DFA_BYTES;
        Engine { aut: Aut::build(&pats, nfa || big), ids }
    }

    /// The longest pattern starting at byte `at` of `b`: its surface id and end.
    #[inline]
    fn longest_at(&self, b: &[u8], at: usize) -> Option<(usize, usize)> {
        let (pid, end) = match &self.aut {
            Aut::Dfa(a) => longest_at(a, b, at),
            Aut::Nfa(a) => longest_at(a, b, at),
        }?;
        Some((self.ids[pid] as usize, end))
    }
}

impl Aut {
    fn build(surfaces: &[&str], nfa: bool) -> Aut {
        let dfa = if nfa {
            None
        } else {
            dfa::DFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(surfaces)
                .ok()
        };
        match dfa {
            Some(d) => Aut::Dfa(d),
            None => Aut::Nfa(
                nfa::contiguous::NFA::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(surfaces)
                    .expect("pattern automaton builds"),
            ),
        }
    }
}

/// The compiled automaton plus what each pattern means.
pub struct Matcher {
    engine: Engine,
    /// Per byte value, whether a pattern whose first character is *not* a
    /// word character (a quotation mark) starts with it.
    mark_starts: [bool; 256],
    /// The first words of the other patterns: a word of the text is looked
    /// up whole, and the automaton runs only where a pattern may go on past it.
    words: WordTable,
    /// Per pattern id, its readings.
    pub meanings: Vec<Vec<Meaning>>,
    /// Per pattern id, the surface string.
    pub surfaces: Vec<String>,
    /// Words starting with لل that do not end a speaker phrase (`!` lines of
    /// enders.txt, normalised): للأنباء in وكالة الأنباء…
    pub keep_in_speaker: HashSet<String, FastHash>,
    /// Surface string → pattern id, for looking up a single word.
    index: HashMap<String, usize, FastHash>,
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
                    out.push(([c, "س"].concat(), c.len()));
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
                    out.push(([c, p].concat(), strip));
                    if !has_article {
                        if p == "ل" {
                            out.push(([c, "لل"].concat(), c.len()));
                        } else {
                            out.push(([c, p, "ال"].concat(), strip));
                        }
                    }
                }
            }
        }
        Category::Quote => out.push((String::new(), 0)),
    }
    out
}

/// Object pronouns generated after verb forms (اعتبره، وصفها، تتهمهم).
const OBJECT_PRONOUNS: [&str; 5] = ["ه", "ها", "هم", "هما", "هن"];

/// A verb form (as written, and normalised) with each object pronoun
/// attached, spelled as Arabic spells it: the plural وا loses its alef
/// (قالوا → قالوه), a final ى of the past becomes ا (نفى → نفاه). Forms
/// ending in ن (the feminine plural) are left out.
fn with_object(written: &str, norm: &str) -> Vec<String> {
    let stem = if let Some(s) = norm.strip_suffix("وا") {
        format!("{s}و")
    } else if written.ends_with('ى') {
        format!("{}ا", norm.strip_suffix('ي').unwrap_or(norm))
    } else if norm.ends_with('ن') || norm.contains(' ') {
        return vec![];
    } else {
        norm.to_string()
    };
    OBJECT_PRONOUNS.iter().map(|p| format!("{stem}{p}")).collect()
}

/// How many surface strings the matcher makes of `form` of `cat`: its
/// normalised spelling (and the `ة`→`ه` variant) with every generated
/// proclitic, or 1 or 2 for a quotation mark (the opening and closing mark).
/// An `obj` verb adds its forms with each object pronoun attached.
pub fn surface_count(cat: Category, form: &str, obj: bool) -> usize {
    if cat == Category::Quote {
        return 2;
    }
    let norm = normalize_form(form);
    let mut variants = if norm.contains('ة') { 2 } else { 1 };
    if obj && cat == Category::Verb {
        variants += with_object(form, &norm).len();
    }
    variants * proclitics(cat, &norm).len()
}

impl Matcher {
    pub fn new(set: &PatternSet) -> Matcher {
        let mut index: HashMap<String, usize, FastHash> = HashMap::default();
        let mut surfaces: Vec<String> = vec![];
        let mut meanings: Vec<Vec<Meaning>> = vec![];
        let mut excluded: HashMap<Category, HashSet<String, FastHash>, FastHash> = HashMap::default();
        for x in &set.exclusions {
            excluded.entry(x.category).or_default().insert(normalize_form(&x.text));
        }
        let mut add = |surface: String, m: Meaning, cat: Category| {
            if excluded.get(&cat).is_some_and(|x| x.contains(&surface)) {
                return;
            }
            // one hash and probe per surface, found or new
            match index.entry(surface) {
                std::collections::hash_map::Entry::Occupied(e) => meanings[*e.get()].push(m),
                std::collections::hash_map::Entry::Vacant(e) => {
                    surfaces.push(e.key().clone());
                    meanings.push(vec![m]);
                    e.insert(surfaces.len() - 1);
                }
            }
        };
        for (ei, entry) in set.entries.iter().enumerate() {
            let cat = entry.category;
            for (fi, form) in entry.forms.iter().enumerate() {
                if cat == Category::Quote {
                    add(
                        form.text.clone(),
                        Meaning { entry: ei as u32, form: 0, prefix: 0, attached: false, object: false },
                        cat,
                    );
                    if let Some(close) = &entry.close
                        && close != &form.text
                    {
                        add(
                            close.clone(),
                            Meaning { entry: ei as u32, form: 1, prefix: 0, attached: false, object: false },
                            cat,
                        );
                    }
                    continue;
                }
                let norm = normalize_form(&form.text);
                let attached = norm.ends_with(" ل");
                let mut variants = vec![(norm.clone(), false)];
                if norm.contains('ة') {
                    variants.push((norm.replace('ة', "ه"), false));
                }
                if cat == Category::Verb && entry.has("obj") {
                    variants.extend(with_object(&form.text, &norm).into_iter().map(|v| (v, true)));
                }
                for (v, object) in variants {
                    for (p, strip) in proclitics(cat, &v) {
                        let m = Meaning { entry: ei as u32, form: fi as u16, prefix: strip as u8, attached, object };
                        let mut surface = String::with_capacity(p.len() + v.len());
                        surface.push_str(&p);
                        surface.push_str(&v);
                        add(surface, m, cat);
                    }
                }
            }
        }
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
        let mut mark_starts = [false; 256];
        for surface in &surfaces {
            if first_word(surface).is_empty()
                && let Some(&b) = surface.as_bytes().first()
            {
                mark_starts[b as usize] = true;
            }
        }
        let words = WordTable::build(&surfaces);
        let engine = Engine::build(&surfaces, automaton_ids(&surfaces, &words), false);
        Matcher { engine, mark_starts, words, meanings, surfaces, keep_in_speaker, index, flags, cats }
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
    /// boundaries, in text order. Precisely: going through the text, every
    /// position not inside a word is tried; the longest pattern starting
    /// there is kept if it is a quotation mark, or if no word character
    /// comes before it and none after it (for a form ending in an attached
    /// `لـ`, a word character must follow); kept or not, the search goes on
    /// at its end. (`tests/props.rs` checks this against a brute-force scan.)
    ///
    /// `entries` must be the entries of the set the matcher was built from.
    pub fn scan(&self, text: &str, entries: &[Entry]) -> Vec<Hit> {
        debug_assert!(self.meanings.iter().flatten().all(|m| (m.entry as usize) < entries.len()));
        let b = text.as_bytes();
        let mut hits = Vec::with_capacity(text.len() / 64);
        // `word_before`: the character ending at `i` is a word character
        let (mut i, mut word_before) = (0, false);
        while i < b.len() {
            let (len, word) = char_at(text, i);
            let try_here = if word {
                if word_before {
                    false
                } else {
                    // a word start: look the whole word up; the automaton
                    // runs only if a pattern may continue past it (a pattern
                    // that matches here and can be kept ends on this word's
                    // end or runs on through a non-word character)
                    let end = word_end(text, i + len);
                    match self.words.get(&self.surfaces, b, i, end) {
                        Starts::Nothing => {
                            (i, word_before) = (end, true);
                            continue;
                        }
                        Starts::Word(id) => {
                            // ends on the word's end: kept (flags: not attached)
                            hits.push(Hit { start: i, end, surface: id as u32 });
                            (i, word_before) = (end, true);
                            continue;
                        }
                        Starts::Longer(_) => true,
                    }
                }
            } else {
                self.mark_starts[b[i] as usize]
            };
            if try_here && let Some((id, e)) = self.engine.longest_at(b, i) {
                let flags = self.flags[id];
                let keep = flags & QUOTE != 0 || {
                    let after = word_char_at(text, e);
                    !word_before && if flags & ATTACHED != 0 { after == Some(true) } else { after != Some(true) }
                };
                if keep {
                    hits.push(Hit { start: i, end: e, surface: id as u32 });
                }
                // a match, kept or not, is not overlapped by the next one
                (i, word_before) = (e, word_char_before(text, e) == Some(true));
                continue;
            }
            (i, word_before) = (i + len, word);
        }
        hits
    }

    /// [`normalize`](crate::normalize::normalize) and [`Matcher::scan`] in
    /// one pass: every word is looked up in the word table as normalisation
    /// makes it, and the automaton then runs only at the candidates that
    /// need it. The same text, map and hits as the two steps one after the
    /// other (`tests/props.rs` checks it).
    pub fn normalize_scan(&self, input: &str, entries: &[Entry]) -> (Normalized, Vec<Hit>) {
        let (norm, hits, _) = self.normalize_scan_words(input, entries);
        (norm, hits)
    }

    /// [`Matcher::normalize_scan`], with where the words of the text start and end.
    pub fn normalize_scan_words(&self, input: &str, entries: &[Entry]) -> (Normalized, Vec<Hit>, WordBounds) {
        debug_assert!(self.meanings.iter().flatten().all(|m| (m.entry as usize) < entries.len()));
        let cands = Vec::with_capacity(input.len() / 32);
        let mut c = Collect { m: self, cands, bounds: WordBounds::with_capacity(input.len()) };
        let norm = normalize_words(input, &mut c);
        let text = norm.text.as_str();
        let b = text.as_bytes();
        // the candidates become the hits in place (no second vector)
        let mut hits = c.cands;
        let mut kept = 0;
        // end of the last automaton match: nothing starting before it is tried
        let mut cursor = 0;
        for i in 0..hits.len() {
            let cand = hits[i];
            if cand.start < cursor {
                continue;
            }
            if cand.surface & LONGER_AT == 0 {
                // a one-word form on its word's boundaries (never attached)
                hits[kept] = cand;
                kept += 1;
                continue;
            }
            if cand.surface != AUTO {
                // a word that begins longer forms: most of the time the text
                // after it starts none of them, and only the word itself can match
                let slot = (cand.surface & !LONGER_AT) as usize;
                let (go_on, word) = self.words.may_go_on(slot, b, cand.end);
                if !go_on {
                    if let Some(id) = word {
                        hits[kept] = Hit { start: cand.start, end: cand.end, surface: id };
                        kept += 1;
                    }
                    continue;
                }
            }
            if let Some((id, e)) = self.engine.longest_at(b, cand.start) {
                let flags = self.flags[id];
                let keep = flags & QUOTE != 0 || {
                    let after = word_char_at(text, e);
                    word_char_before(text, cand.start) != Some(true)
                        && if flags & ATTACHED != 0 { after == Some(true) } else { after != Some(true) }
                };
                if keep {
                    hits[kept] = Hit { start: cand.start, end: e, surface: id as u32 };
                    kept += 1;
                }
                cursor = e;
            }
        }
        hits.truncate(kept);
        c.bounds.fit(text.len());
        (norm, hits, c.bounds)
    }

    /// The readings of one whole (normalised) word, if it is a pattern surface.
    pub fn lookup(&self, word: &str) -> &[Meaning] {
        self.index.get(word).map_or(&[], |&id| &self.meanings[id])
    }
}

/// `Hit::surface` of a candidate of [`Matcher::normalize_scan`] where the
/// automaton decides: a mark (`AUTO`), or a word that begins a longer form
/// (`LONGER_AT | its word-table slot`); the other candidates are one-word
/// forms, their surface known (ids stay below 2^31).
const AUTO: u32 = u32::MAX;
const LONGER_AT: u32 = 1 << 31;

/// Collects candidate hits while normalisation makes the text.
struct Collect<'m> {
    m: &'m Matcher,
    cands: Vec<Hit>,
    bounds: WordBounds,
}

impl Words for Collect<'_> {
    #[inline(always)]
    fn word(&mut self, buf: &[u8], len: usize, start: usize) {
        self.bounds.add(start, start + len);
        let id = match self.m.words.get(&self.m.surfaces, buf, 0, len) {
            Starts::Nothing => return,
            Starts::Word(id) => id as u32,
            Starts::Longer(slot) => LONGER_AT | slot as u32,
        };
        self.cands.push(Hit { start, end: start + len, surface: id });
    }
    #[inline(always)]
    fn wants_mark(&self, b: u8) -> bool {
        self.m.mark_starts[b as usize]
    }
    fn mark(&mut self, at: usize) {
        self.cands.push(Hit { start: at, end: at, surface: AUTO });
    }
}

/// The longest pattern of `aut` (anchored, leftmost-longest) that starts at
/// byte `at` of `b`: its id and end.
#[inline]
fn longest_at<A: Automaton>(aut: &A, b: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut sid = aut.start_state(Anchored::Yes).ok()?;
    let mut found = None;
    for (k, &byte) in b[at..].iter().enumerate() {
        sid = aut.next_state(Anchored::Yes, sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                break;
            }
            if aut.is_match(sid) {
                // match states also carry patterns that end here but began
                // later (failure-link copies): keep only those that start at `at`
                let pid = aut.match_pattern(sid, 0);
                if aut.pattern_len(pid) == k + 1 {
                    found = Some((pid.as_usize(), at + k + 1));
                }
            }
        }
    }
    found
}

/// The surfaces the scan can run the automaton for: at a non-word position
/// only one that starts with a mark can match, and at a word start whose
/// word begins a longer form only one whose first word is that word can be
/// kept (a shorter one-word surface ending inside the word is never kept,
/// and skipping it leaves the scan where it would be anyway).
fn automaton_ids(surfaces: &[String], words: &WordTable) -> Vec<u32> {
    (0..surfaces.len() as u32)
        .filter(|&id| {
            let s = surfaces[id as usize].as_bytes();
            let w = first_word(&surfaces[id as usize]).len();
            w == 0 || matches!(words.get(surfaces, s, 0, w), Starts::Longer(_))
        })
        .collect()
}

#[cfg(test)]
mod tests;
