//! Resolution: turns cue hits and quotation spans into attributions.
//!
//! Owns: finding each cue's complement (colon, أن/إن clause, quotation),
//! content boundaries (sentence, paragraph, quotation, next attribution),
//! speaker phrases (after the cue, before it, after a quotation), carrying
//! implicit speakers forward with gender agreement, and the according-to
//! markers. Everything here works on the normalised text; `extract` maps the
//! result back to original offsets.
//!
//! All scans are bounded (`MAX_*` below) or use precomputed boundary tables,
//! so resolution stays linear in the document length.

use crate::cues::{Hit, Matcher, Meaning};
use crate::model::Kind;
use crate::normalize::is_word_char;
use crate::patterns::{Category, Entry, Gender, Number};
use crate::quotes::Quote;

/// Longest speaker phrase, in words.
const MAX_SPEAKER: usize = 12;
/// Longest speaker phrase before a cue (`الوزير قال`), in words.
const MAX_PRE_SPEAKER: usize = 6;
/// Most words between a cue (plus speaker) and its complement.
const MAX_GAP: usize = 25;
/// Most words a participle's object may take before its complement.
const MAX_PARTICIPLE_GAP: usize = 5;
/// Most tokens (words and punctuation) any local scan looks at.
const MAX_TOKENS: usize = 80;
/// A quotation linked without a colon or complementiser needs this many words.
const MIN_LOOSE_QUOTE_WORDS: usize = 3;

/// Conjunction-like words dropped at content ends and before cues.
/// The auxiliary كان counts too: وكانت اللجنة … دعت.
const CONNECTORS: [&str; 12] = ["كما", "و", "فيما", "بينما", "ثم", "حيث", "وقد", "قد", "اما", "كان", "كانت", "كانوا"];

/// A connector, with or without a leading و/ف (كما، وكما، فيما).
fn is_connector(w: &str) -> bool {
    CONNECTORS.contains(&w) || w.strip_prefix(['و', 'ف']).is_some_and(|r| CONNECTORS.contains(&r) && r != "و")
}

/// Relative pronouns: a cue right after one is inside a relative clause.
const RELATIVES: [&str; 7] = ["الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"];

/// Where a candidate's speaker comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A span in normalised text, named at the cue.
    Explicit(usize, usize),
    /// Carried from an earlier mention (filled in by `carry`).
    Implicit(Option<(usize, usize)>),
}

/// One attribution in normalised coordinates.
#[derive(Debug, Clone)]
pub struct Cand {
    pub kind: Kind,
    pub cue: (usize, usize),
    pub cue_entry: u32,
    pub gender: Gender,
    pub number: Number,
    pub speaker: Source,
    pub content: (usize, usize),
    /// Content is the inside of a quotation (never cut).
    pub quoted: bool,
    /// Where this attribution's own words begin (cue or speaker before it).
    pub region: usize,
    pub rule: &'static str,
    /// Other entries involved (complementiser, speaker noun…).
    pub extra: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Word(usize, usize),
    Punct(usize, char),
    Newline(usize),
}

impl Tok {
    fn start(self) -> usize {
        match self {
            Tok::Word(s, _) | Tok::Punct(s, _) | Tok::Newline(s) => s,
        }
    }
    fn end(self) -> usize {
        match self {
            Tok::Word(_, e) => e,
            Tok::Punct(s, c) => s + c.len_utf8(),
            Tok::Newline(s) => s + 1,
        }
    }
}

/// Everything resolution needs about one document.
pub struct Doc<'a> {
    pub text: &'a str,
    pub hits: &'a [Hit],
    pub quotes: &'a [Quote],
    pub matcher: &'a Matcher,
    pub entries: &'a [Entry],
    /// Sentence ends (positions of `.`, `؟`, `!`, `?`, `\n`) outside quotations.
    sent_ends: Vec<usize>,
    /// Paragraph ends (positions of `\n`).
    para_ends: Vec<usize>,
    /// Where each run of word characters starts, for `words_in` in O(log n)
    /// on long spans; built on first need (short spans are counted directly).
    word_starts: std::cell::OnceCell<Vec<u32>>,
    /// Indices into `quotes` of quotations of at least `MIN_LOOSE_QUOTE_WORDS`
    /// words: all of them, and the non-`weak` ones (see `has_long_quote`).
    long_quotes: [Vec<u32>; 2],
    /// Positions of the opening marks `«`, `“` and `"`, for `trim_content`.
    openers: [Vec<u32>; 3],
    /// The original text and its map, when known: hamza spelling is evidence
    /// normalisation erases (إمام is a speaker, أمام a preposition).
    original: Option<(&'a str, &'a crate::normalize::Normalized)>,
}

/// Category sets: reporting cues, and words that end a speaker phrase.
const CUES: u8 = Category::Verb.bit() | Category::Participle.bit() | Category::According.bit();
const STOPS: u8 = Category::Ender.bit() | Category::Complementizer.bit();

/// Spans up to this many bytes are counted word by word in `words_in`;
/// longer ones use the word-start table (bounded work per call either way).
const SHORT_SPAN: usize = 512;

/// Opening marks whose closing mark `trim_content` drops when they are missing.
const OPENERS: [char; 3] = ['«', '“', '"'];

fn is_sentence_punct(text: &[u8], i: usize) -> bool {
    match text[i] {
        b'\n' | b'!' | b'?' => true,
        b'.' => {
            // not a decimal point or an abbreviation dot between letters/digits
            let next = text.get(i + 1).copied();
            let prev = if i > 0 { Some(text[i - 1]) } else { None };
            !(prev.is_some_and(|p| p.is_ascii_alphanumeric()) && next.is_some_and(|n| n.is_ascii_alphanumeric()))
        }
        0x9F => i > 0 && text[i - 1] == 0xD8, // ؟ U+061F
        _ => false,
    }
}

impl<'a> Doc<'a> {
    pub fn new(
        text: &'a str,
        hits: &'a [Hit],
        quotes: &'a [Quote],
        matcher: &'a Matcher,
        entries: &'a [Entry],
    ) -> Doc<'a> {
        let bytes = text.as_bytes();
        // candidate sentence ends, found with SIMD byte search: \n . ! and ? ؟ (0x9F)
        let mut cands: Vec<usize> = memchr::memchr3_iter(b'\n', b'.', b'!', bytes).collect();
        let before = cands.len();
        cands.extend(memchr::memchr2_iter(b'?', 0x9F, bytes));
        if cands.len() > before {
            cands.sort_unstable();
        }
        let mut sent_ends = Vec::with_capacity(cands.len());
        let mut para_ends = vec![];
        let mut qi = 0;
        for i in cands {
            let b = bytes[i];
            if b == b'\n' {
                para_ends.push(i);
                sent_ends.push(i);
                continue;
            }
            while qi < quotes.len() && quotes[qi].close_end <= i {
                qi += 1;
            }
            let inside = qi < quotes.len() && quotes[qi].inner_start <= i && i < quotes[qi].inner_end;
            if !inside && is_sentence_punct(bytes, i) {
                sent_ends.push(if b == 0x9F { i - 1 } else { i });
            }
        }
        let mut doc = Doc {
            text,
            hits,
            quotes,
            matcher,
            entries,
            sent_ends,
            para_ends,
            word_starts: std::cell::OnceCell::new(),
            long_quotes: [vec![], vec![]],
            openers: [vec![], vec![], vec![]],
            original: None,
        };
        // opening marks are quote hits of the automaton: no extra pass over the text
        for h in hits.iter().filter(|h| h.end - h.start <= 3) {
            if let Some(c) = text[h.start..h.end].chars().next()
                && let Some(k) = OPENERS.iter().position(|&o| o == c)
                && h.end - h.start == c.len_utf8()
            {
                doc.openers[k].push(h.start as u32);
            }
        }
        for (i, q) in quotes.iter().enumerate() {
            if doc.at_least_words(q.inner_start, q.inner_end, MIN_LOOSE_QUOTE_WORDS) {
                doc.long_quotes[0].push(i as u32);
                if !q.weak {
                    doc.long_quotes[1].push(i as u32);
                }
            }
        }
        doc
    }

    /// Attach the original text, for spelling evidence.
    pub fn with_original(mut self, original: &'a str, norm: &'a crate::normalize::Normalized) -> Doc<'a> {
        self.original = Some((original, norm));
        self
    }

    /// Does the original spelling at `pos` agree with the first letter of
    /// `form` as far as hamza goes? A bare alef in the text proves nothing.
    fn spelled_as(&self, pos: usize, form: &str) -> bool {
        let Some(first) = form.chars().next() else { return false };
        if !matches!(first, 'أ' | 'إ' | 'آ') {
            return true;
        }
        let Some((orig, norm)) = self.original else { return false };
        orig[norm.orig(pos)..].starts_with(first)
    }

    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// First sentence end at or after `pos` (or the text end).
    fn sentence_end(&self, pos: usize) -> usize {
        let i = self.sent_ends.partition_point(|&e| e < pos);
        self.sent_ends.get(i).copied().unwrap_or(self.text.len())
    }

    /// Start of the sentence containing `pos`.
    fn sentence_start(&self, pos: usize) -> usize {
        let i = self.sent_ends.partition_point(|&e| e < pos);
        if i == 0 {
            return 0;
        }
        // after the whole end mark: `؟` is two bytes (fuzz regression)
        let e = self.sent_ends[i - 1];
        e + self.text[e..].chars().next().map_or(1, char::len_utf8)
    }

    fn paragraph_end(&self, pos: usize) -> usize {
        let i = self.para_ends.partition_point(|&e| e < pos);
        self.para_ends.get(i).copied().unwrap_or(self.text.len())
    }

    /// Next token at or after `pos` (spaces skipped).
    fn next_tok(&self, mut pos: usize) -> Option<Tok> {
        let b = self.bytes();
        while pos < b.len() && b[pos] == b' ' {
            pos += 1;
        }
        if pos >= b.len() {
            return None;
        }
        if b[pos] == b'\n' {
            return Some(Tok::Newline(pos));
        }
        let c = self.text[pos..].chars().next()?;
        if !is_word_char(c) {
            return Some(Tok::Punct(pos, c));
        }
        let end = self.text[pos..].find(|c: char| !is_word_char(c)).map_or(self.text.len(), |e| pos + e);
        Some(Tok::Word(pos, end))
    }

    /// Token ending at or before `pos` (spaces skipped).
    fn prev_tok(&self, mut pos: usize) -> Option<Tok> {
        let b = self.bytes();
        while pos > 0 && b[pos - 1] == b' ' {
            pos -= 1;
        }
        if pos == 0 {
            return None;
        }
        if b[pos - 1] == b'\n' {
            return Some(Tok::Newline(pos - 1));
        }
        let c = self.text[..pos].chars().next_back()?;
        if !is_word_char(c) {
            return Some(Tok::Punct(pos - c.len_utf8(), c));
        }
        let start = self.text[..pos]
            .rfind(|c: char| !is_word_char(c))
            .map_or(0, |s| s + self.text[s..].chars().next().map_or(1, char::len_utf8));
        Some(Tok::Word(start, pos))
    }

    fn word(&self, s: usize, e: usize) -> &str {
        &self.text[s..e]
    }

    /// The hit starting exactly at `pos`.
    fn hit_at(&self, pos: usize) -> Option<&Hit> {
        let i = self.hits.partition_point(|h| h.start < pos);
        self.hits.get(i).filter(|h| h.start == pos)
    }

    /// The reading of category `cat` of the hit starting at `pos`.
    fn reading(&self, pos: usize, cat: Category) -> Option<(Meaning, &Hit)> {
        let h = self.hit_at(pos)?;
        if self.matcher.categories(h.surface) & cat.bit() == 0 {
            return None;
        }
        self.matcher.meanings[h.surface as usize]
            .iter()
            .find(|m| self.entries[m.entry as usize].category == cat)
            .map(|m| (*m, h))
    }

    /// The categories of the hit starting at `pos` (0 when there is none).
    fn cats_at(&self, pos: usize) -> u8 {
        self.hit_at(pos).map_or(0, |h| self.matcher.categories(h.surface))
    }

    fn is_cue_at(&self, pos: usize) -> bool {
        self.cats_at(pos) & CUES != 0
    }

    fn is_stop_word(&self, pos: usize) -> bool {
        self.cats_at(pos) & STOPS != 0
    }

    fn quote_opening_at(&self, pos: usize) -> Option<&Quote> {
        let i = self.quotes.partition_point(|q| q.open < pos);
        self.quotes.get(i).filter(|q| q.open == pos)
    }

    fn quote_closing_at(&self, end: usize) -> Option<&Quote> {
        let i = self.quotes.partition_point(|q| q.close_end < end);
        self.quotes.get(i).filter(|q| q.close_end == end)
    }

    /// Does a quotation of at least `MIN_LOOSE_QUOTE_WORDS` words (only
    /// non-`weak` ones when `strong`) open in `[s, e)`? O(log n), where
    /// scanning `quotes_within` was linear per cue in a long sentence.
    fn has_long_quote(&self, s: usize, e: usize, strong: bool) -> bool {
        let a = self.quotes.partition_point(|q| q.open < s);
        let b = self.quotes.partition_point(|q| q.open < e);
        let list = &self.long_quotes[usize::from(strong)];
        let i = list.partition_point(|&k| (k as usize) < a);
        list.get(i).is_some_and(|&k| (k as usize) < b)
    }

    /// Does the opening mark `o` (one of `OPENERS`) occur in `[s, e)`?
    /// O(log n): `trim_content` asks for every cue, and a scan of the span
    /// was quadratic in a long sentence.
    fn has_opener(&self, o: char, s: usize, e: usize) -> bool {
        let Some(k) = OPENERS.iter().position(|&x| x == o) else { return self.text[s..e].contains(o) };
        let v = &self.openers[k];
        let i = v.partition_point(|&p| (p as usize) < s);
        v.get(i).is_some_and(|&p| (p as usize) < e)
    }

    fn quotes_within(&self, s: usize, e: usize) -> &[Quote] {
        let a = self.quotes.partition_point(|q| q.open < s);
        let b = self.quotes.partition_point(|q| q.open < e);
        &self.quotes[a..b]
    }

    /// Words (runs of word characters, cut at `s` and `e`) in `[s, e)`.
    /// Binary searches over `word_starts`: cues in a long sentence count its
    /// words without rescanning it each time.
    fn words_in(&self, s: usize, e: usize) -> usize {
        if s >= e {
            return 0;
        }
        if e - s <= SHORT_SPAN {
            let mut n = 0;
            let mut in_word = false;
            for c in self.text[s..e].chars() {
                let w = is_word_char(c);
                n += usize::from(w && !in_word);
                in_word = w;
            }
            return n;
        }
        let starts = self.word_starts.get_or_init(|| crate::normalize::word_starts(self.text));
        let a = starts.partition_point(|&p| (p as usize) <= s);
        let b = starts.partition_point(|&p| (p as usize) < e);
        usize::from(self.text[s..e].chars().next().is_some_and(is_word_char)) + (b - a)
    }

    /// Does `[s, e)` hold at least `n` words? Usually decided within the
    /// first few words; only a span that starts with a long run of
    /// non-word characters falls back to the full count.
    fn at_least_words(&self, s: usize, e: usize, n: usize) -> bool {
        if s >= e {
            return n == 0;
        }
        let mut count = 0;
        let mut in_word = false;
        for (i, c) in self.text[s..e].char_indices() {
            if i > SHORT_SPAN {
                return self.words_in(s, e) >= n;
            }
            let w = is_word_char(c);
            count += usize::from(w && !in_word);
            if count >= n {
                return true;
            }
            in_word = w;
        }
        count >= n
    }

    /// A speaker/source noun phrase starting at `pos`: words up to a stop
    /// (punctuation, ender, complementiser, cue, `prep`). Returns its span
    /// (empty when `start == end`) and where scanning stopped.
    fn noun_phrase(&self, pos: usize, max: usize, preps: &[String], allow_quotes: bool) -> (usize, usize, usize) {
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
    fn pre_speaker(&self, pos: usize) -> Option<(usize, usize)> {
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

    /// A reporting verb with an object pronoun: ذكره، نشرته، قالها.
    fn is_verb_with_object(&self, word: &str) -> bool {
        ["هما", "هم", "ها", "ه"].iter().any(|suffix| {
            word.strip_suffix(suffix).is_some_and(|stem| {
                self.matcher.lookup(stem).iter().any(|m| self.entries[m.entry as usize].category == Category::Verb)
            })
        })
    }

    /// Is the word at `pos` inside a relative clause (الدراسة التي نشرت…)?
    fn after_relative(&self, pos: usize) -> bool {
        matches!(self.prev_tok(pos), Some(Tok::Word(s, e)) if RELATIVES.contains(&self.word(s, e)))
    }

    /// Trim a content span: whitespace, trailing punctuation and connector words.
    fn trim_content(&self, mut s: usize, mut e: usize) -> (usize, usize) {
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

/// What follows a cue.
enum Complement {
    Colon(usize),
    Clause { comp_end: usize, entry: u32 },
    Quote(Quote),
}

/// Find all attributions in a document.
pub fn resolve(doc: &Doc) -> Vec<Cand> {
    let mut cands: Vec<Cand> = vec![];
    let mut subjects: Vec<Antecedent> = vec![];
    for h in doc.hits.iter().filter(|h| doc.matcher.categories(h.surface) & CUES != 0) {
        for m in &doc.matcher.meanings[h.surface as usize] {
            let entry = &doc.entries[m.entry as usize];
            let found = match entry.category {
                Category::Verb => verb(doc, h, m, entry, &mut cands, &mut subjects),
                Category::Participle => participle(doc, h, m, entry, &mut cands),
                Category::According => according(doc, h, m, &mut cands),
                _ => false,
            };
            if found {
                break;
            }
        }
    }
    finish(doc, cands, &subjects)
}

fn form_features(entry: &Entry, m: &Meaning) -> (Gender, Number) {
    let f = &entry.forms[m.form as usize];
    (f.gender, f.number)
}

/// Scan from `pos` for the complement of a cue: an أن/إن clause or a
/// quotation within `max_words` words, or a colon within `MAX_GAP` words.
fn complement(doc: &Doc, pos: usize, max_words: usize) -> Option<Complement> {
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
                    let named = matches!(doc.prev_tok(s), Some(Tok::Word(ws, we))
                        if doc.word(ws, we) == "ل"
                            || doc.word(ws, we).starts_with('ل') && doc.reading(ws, Category::Ender).is_some());
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
                if let Some((m, h)) = doc.reading(s, Category::Complementizer) {
                    return near(words).then_some(Complement::Clause { comp_end: h.end, entry: m.entry });
                }
                if let Some((_, h)) = doc.reading(s, Category::According) {
                    // a parenthetical source: قالت الوزارة -بحسب الوكالة- «…»
                    p = doc.noun_phrase(h.end, MAX_SPEAKER, &[], true).2.max(h.end);
                    continue;
                }
                if doc.is_cue_at(s) && !doc.after_relative(s) {
                    return None;
                }
                words += 1;
                if words > max_words.max(MAX_GAP) {
                    return None;
                }
                p = e;
            }
        }
    }
    None
}

/// Build the attribution(s) for a complement. Returns how many were added.
#[allow(clippy::too_many_arguments)]
/// Which complements a cue entry takes (its `colon` and `an` tags).
#[derive(Clone, Copy)]
struct Takes {
    colon: bool,
    clause: bool,
    /// A quotation linked without colon or complementiser.
    loose_quote: bool,
}

impl Takes {
    fn of(entry: &Entry) -> Takes {
        // Any unambiguous reporting verb may introduce a quotation loosely
        // (اعتبر الوزير «…», دعت الحركة إلى «…»): news uses that freely.
        Takes { colon: entry.has("colon"), clause: entry.has("an"), loose_quote: !entry.has("ambig") }
    }
}

fn attach(doc: &Doc, comp: Complement, base: Cand, takes: Takes, out: &mut Vec<Cand>) -> bool {
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
                    Complement::Clause { comp_end: h.end, entry: m.entry },
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
        Complement::Clause { comp_end, entry } => {
            let end = doc.sentence_end(comp_end);
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
                Some(_) if !doc.has_long_quote(s, e, true) => (Kind::Indirect, (s, e), false, "clause"),
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
fn push_quotes(doc: &Doc, first: Quote, base: Cand, rule: &'static str, out: &mut Vec<Cand>) {
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

fn blank(h: &Hit, m: &Meaning, entry: &Entry, rule: &'static str) -> Cand {
    let (gender, number) = form_features(entry, m);
    Cand {
        kind: Kind::Indirect,
        cue: (h.start + m.prefix as usize, h.end),
        cue_entry: m.entry,
        gender,
        number,
        speaker: Source::Implicit(None),
        content: (0, 0),
        quoted: false,
        region: h.start,
        rule,
        extra: vec![],
    }
}

fn clause_initial(doc: &Doc, h: &Hit, m: &Meaning) -> bool {
    if m.prefix > 0 {
        return true;
    }
    match doc.prev_tok(h.start) {
        None | Some(Tok::Newline(_)) | Some(Tok::Punct(..)) => true,
        Some(Tok::Word(s, e)) => is_connector(doc.word(s, e)) || doc.reading(s, Category::Complementizer).is_some(),
    }
}

fn verb(doc: &Doc, h: &Hit, m: &Meaning, entry: &Entry, out: &mut Vec<Cand>, subjects: &mut Vec<Antecedent>) -> bool {
    let initial = clause_initial(doc, h, m);
    let preps = &entry.preps;
    let mut from = h.end;
    // قال لـ«عكاظ» رئيس اللجنة: … — a short quoted outlet before the speaker
    if let Some(Tok::Word(s, e)) = doc.next_tok(from)
        && (doc.word(s, e) == "ل" || doc.reading(s, Category::Ender).is_some() && doc.word(s, e).starts_with('ل'))
        && let Some(Tok::Punct(qs, _)) = doc.next_tok(e)
        && let Some(q) = doc.quote_opening_at(qs)
        && !doc.at_least_words(q.inner_start, q.inner_end, 4)
    {
        from = q.close_end;
    }
    let (ss, se, after) = doc.noun_phrase(from, MAX_SPEAKER, preps, true);
    // An ambiguous verb (رأى، زاد، بين) reports only clause-initially, or when
    // a short subject is followed at once by أن/إن (وهنا زاد الظفيري أن …).
    if entry.has("ambig") && !initial {
        let adjacent = matches!(doc.next_tok(after), Some(Tok::Word(cs, _)) if doc.reading(cs, Category::Complementizer).is_some());
        // …and the subject is definite or a speaker noun (not بين سجون…، عبر حسابه…)
        let definite = doc.word(ss, se).starts_with("ال") || doc.reading(ss, Category::Speaker).is_some();
        if ss >= se || doc.at_least_words(ss, se, 5) || !adjacent || !definite {
            return false;
        }
    }
    let after = if ss < se { after } else { h.end };
    let mut base = blank(h, m, entry, "");
    let named = doc.reading(ss, Category::Speaker).is_some();
    if ss < se && initial && (!entry.has("ambig") || named) {
        // whatever happens to this cue, its subject is a possible antecedent
        subjects.push(Antecedent { pos: ss, span: (ss, se), gender: base.gender, number: base.number });
    }
    // أما فلان فأكد… — a topic before ف is the speaker
    let fa = m.prefix > 0 && doc.text[h.start..].starts_with('ف');
    if ss < se {
        base.speaker = Source::Explicit(ss, se);
    } else if (!initial || fa)
        && let Some((ps, pe)) = doc.pre_speaker(h.start)
    {
        base.speaker = Source::Explicit(ps, pe);
        base.region = ps;
    }
    let gap = if entry.has("ambig") { 0 } else { MAX_GAP };
    if let Some(comp) = complement(doc, after, gap) {
        return attach(doc, comp, base, Takes::of(entry), out);
    }
    // «…»، قال الوزير — a quotation just before the cue
    let mut p = h.start;
    if let Some(Tok::Punct(s, c)) = doc.prev_tok(p)
        && matches!(c, '،' | ',' | '-')
    {
        p = s;
    }
    if let Some(Tok::Punct(s, c)) = doc.prev_tok(p)
        && let Some(q) = doc.quote_closing_at(s + c.len_utf8())
        && !q.weak
        && doc.at_least_words(q.inner_start, q.inner_end, 2)
    {
        let q = *q;
        push_quotes(doc, q, Cand { region: q.open, ..base }, "quote-before-cue", out);
        return true;
    }
    false
}

fn participle(doc: &Doc, h: &Hit, m: &Meaning, entry: &Entry, out: &mut Vec<Cand>) -> bool {
    let base = blank(h, m, entry, "");
    let preps = &entry.preps;
    // skip the preposition, then allow a short object: مطالبا زميله بأن
    let mut p = h.end;
    if let Some(Tok::Word(s, e)) = doc.next_tok(p)
        && preps.iter().any(|x| x == doc.word(s, e))
    {
        p = e;
    }
    if let Some(comp) = complement(doc, p, MAX_PARTICIPLE_GAP)
        && attach(doc, comp, base.clone(), Takes { loose_quote: false, ..Takes::of(entry) }, out)
    {
        return true;
    }
    // مشيرا إلى جاهزية اللاعبين، «…» — a prepositional object followed by a quotation
    if p == h.end {
        return false;
    }
    let end = doc.sentence_end(p);
    let (s, e) = doc.trim_content(p, end);
    if s < e && !doc.quotes_within(s, e).is_empty() {
        out.push(Cand { kind: Kind::Mixed, content: (s, e), rule: "participle-prep-quote", ..base });
        return true;
    }
    false
}

fn according(doc: &Doc, h: &Hit, m: &Meaning, out: &mut Vec<Cand>) -> bool {
    let entry = &doc.entries[m.entry as usize];
    let mut base = blank(h, m, entry, "according");
    base.kind = Kind::AccordingTo;
    // بحسب ما ذكرت الوكالة / حسبما أفاد: skip ما and the verb
    let mut p = h.end;
    let mut reported = false;
    if let Some(Tok::Word(s, e)) = doc.next_tok(p)
        && (doc.word(s, e) == "ما" || doc.word(s, e) == "لما")
    {
        p = e;
    }
    if let Some(Tok::Word(s, e)) = doc.next_tok(p) {
        if let Some((_, vh)) = doc.reading(s, Category::Verb) {
            p = vh.end;
            reported = true;
        } else if doc.is_verb_with_object(doc.word(s, e)) {
            // حسب ما نشرته الصحيفة، وفقا لما ذكره المتحدث
            p = e;
            reported = true;
        }
    }
    let (ss, se, after) = doc.noun_phrase(p, MAX_SPEAKER, &[], true);
    if ss < se {
        // `strict` markers (وفقا لـ = in accordance with) need a source noun
        let named = doc.reading(ss, Category::Speaker).is_some_and(|(sm, _)| sm.prefix == 0);
        if entry.has("strict") && !reported && !named {
            return false;
        }
        base.speaker = Source::Explicit(ss, se);
    } else if !doc
        .word(h.start, h.end)
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.len() > 4 && ["ه", "ها", "هم"].iter().any(|p| w.ends_with(p)))
    {
        // only a pronoun marker (على حد قوله) may have no source phrase
        return false;
    }
    let sent_start = doc.sentence_start(h.start);
    let (bs, be) = doc.trim_content(sent_start, h.start);
    let mut cs = after;
    for _ in 0..3 {
        match doc.next_tok(cs) {
            Some(Tok::Punct(s, c)) if matches!(c, '،' | ',' | '-' | ')' | '–') => cs = s + c.len_utf8(),
            _ => break,
        }
    }
    if let Some(Tok::Word(s, _)) = doc.next_tok(cs)
        && let Some((_, ch)) = doc.reading(s, Category::Complementizer)
    {
        cs = ch.end;
    }
    let (as_, ae) = doc.trim_content(cs, doc.sentence_end(cs));
    // the clause the marker attaches to: the longer side of the sentence
    let (s, e) = if be.saturating_sub(bs) > ae.saturating_sub(as_) { (bs, be) } else { (as_, ae) };
    if s >= e || !doc.at_least_words(s, e, 2) {
        return false;
    }
    out.push(Cand { content: (s, e), ..base });
    true
}

/// Drop duplicates and cues inside quotations, cut contents at the next
/// attribution, and resolve implicit speakers.
fn finish(doc: &Doc, mut cands: Vec<Cand>, subjects: &[Antecedent]) -> Vec<Cand> {
    cands.sort_by_key(|c| (c.cue.0, c.content.0));
    // a cue inside a quotation that is another attribution's content is quoted speech
    let mut keep: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        let inside = keep.iter().rev().take(8).any(|k| k.quoted && k.content.0 <= c.cue.0 && c.cue.1 <= k.content.1);
        let dup = keep.iter().rev().take(8).any(|k| k.content == c.content);
        if !inside && !dup {
            keep.push(c);
        }
    }
    // cut unquoted contents where the next attribution begins; an
    // according-to marker attaches to its whole clause, nested cues included
    let regions: Vec<usize> = keep.iter().map(|c| c.region).collect();
    for c in keep.iter_mut() {
        if c.quoted || c.kind == Kind::AccordingTo {
            continue;
        }
        let i = regions.partition_point(|&r| r <= c.content.0);
        if let Some(&r) = regions.get(i)
            && r < c.content.1
        {
            let (s, e) = doc.trim_content(c.content.0, r);
            c.content = (s, e.max(s));
            if c.kind == Kind::Direct || c.kind == Kind::Mixed {
                // a cut that leaves no quotation inside turns mixed into indirect
                if c.kind == Kind::Mixed && !doc.has_long_quote(s, e, false) {
                    c.kind = Kind::Indirect;
                }
            }
        }
    }
    // an according-to content stops at the neighbouring according-to
    // markers: otherwise n markers in one sentence report O(n²) bytes
    let acc: Vec<(usize, usize)> = keep.iter().filter(|c| c.kind == Kind::AccordingTo).map(|c| c.cue).collect();
    for c in keep.iter_mut().filter(|c| c.kind == Kind::AccordingTo) {
        let (mut s, mut e) = c.content;
        if s >= c.cue.1 {
            let i = acc.partition_point(|&(cs, _)| cs < s);
            e = acc.get(i).map_or(e, |&(cs, _)| e.min(cs));
        } else if e <= c.cue.0 {
            let i = acc.partition_point(|&(cs, _)| cs < e);
            if let Some(&(cs, ce)) = i.checked_sub(1).map(|j| &acc[j])
                && cs >= s
            {
                s = ce.min(e);
            }
        }
        if (s, e) != c.content {
            let (ts, te) = doc.trim_content(s, e);
            c.content = (ts, te.max(ts));
        }
    }
    keep.retain(|c| c.content.0 < c.content.1);
    carry(doc, &mut keep, subjects);
    keep
}

fn agrees(gender: Gender, number: Number, g: Gender, n: Number) -> bool {
    gender == g && (number == Number::Sing) == (n == Number::Sing)
}

/// A phrase that an implicit speaker may be carried from.
#[derive(Debug, Clone, Copy)]
pub struct Antecedent {
    /// Where it counts as mentioned (for recency).
    pub pos: usize,
    pub span: (usize, usize),
    pub gender: Gender,
    pub number: Number,
}

/// Fill implicit speakers with the most recent agreeing antecedent: an
/// earlier attribution's speaker, the subject of a reporting verb that built
/// no attribution (وطالب فلان الوزارة بـ…، لافتا إلى أن), or a speaker noun in
/// subject position (رفع رئيس الاتحاد التهنئة… وأكد أن). Without an agreeing
/// one, the nearest earlier speaker at all.
fn carry(doc: &Doc, cands: &mut [Cand], subjects: &[Antecedent]) {
    // The latest antecedent of each agreement class (gender × singular or
    // not), kept as cues are visited in text order, so that each implicit cue
    // looks back in O(1) instead of rescanning every earlier one (hostile
    // input: thousands of implicit cues with nothing to agree with).
    let class = |g: Gender, n: Number| usize::from(g == Gender::Fem) * 2 + usize::from(n == Number::Sing);
    let mut last_cand: [Option<Antecedent>; 4] = [None; 4];
    let mut last_any: Option<Antecedent> = None;
    let mut subs: Vec<Antecedent> = subjects.to_vec();
    subs.sort_by_key(|a| a.pos);
    let mut next_sub = 0;
    let mut last_sub: [Option<Antecedent>; 4] = [None; 4];
    for c in cands.iter_mut() {
        if matches!(c.speaker, Source::Implicit(None)) {
            let (g, n, at) = (c.gender, c.number, c.cue.0);
            while next_sub < subs.len() && subs[next_sub].pos < at {
                let a = subs[next_sub];
                last_sub[class(a.gender, a.number)] = Some(a);
                next_sub += 1;
            }
            let from_cands = last_cand[class(g, n)];
            let from_subjects = last_sub[class(g, n)];
            let from_mentions = mention_before(doc, at, g, n);
            let best = [from_cands, from_subjects, from_mentions].into_iter().flatten().max_by_key(|a| a.pos);
            let found = best.map(|a| a.span).or_else(|| last_any.map(|a| a.span));
            c.speaker = Source::Implicit(found);
        }
        let this = match c.speaker {
            Source::Explicit(s, e) => Some(Antecedent { pos: s, span: (s, e), gender: c.gender, number: c.number }),
            Source::Implicit(Some(sp)) => {
                Some(Antecedent { pos: c.cue.0, span: sp, gender: c.gender, number: c.number })
            }
            Source::Implicit(None) => None,
        };
        if let Some(a) = this {
            last_cand[class(a.gender, a.number)] = Some(a);
            last_any = Some(a);
        }
    }
}

/// The nearest speaker-noun phrase before `pos` that agrees in gender and
/// number and stands in subject position: opening its sentence, or right
/// after the sentence's first word or a reporting verb (رفع رئيس الاتحاد…).
fn mention_before(doc: &Doc, pos: usize, g: Gender, n: Number) -> Option<Antecedent> {
    let upto = doc.hits.partition_point(|h| h.start < pos);
    for h in doc.hits[..upto].iter().rev().take(200) {
        // `h` is the hit at `h.start` (hits never share a start): read its
        // meanings directly rather than binary-searching for it again
        let Some(&m) = doc.matcher.meanings[h.surface as usize]
            .iter()
            .find(|m| doc.entries[m.entry as usize].category == Category::Speaker)
        else {
            continue;
        };
        let entry = &doc.entries[m.entry as usize];
        let (fg, fn_) = form_features(entry, &m);
        if !agrees(g, n, fg, fn_) || entry.has("doc") || entry.has("media") {
            continue;
        }
        // an object, not a subject: بالوزير، للوزير
        if doc.text[h.start..h.start + m.prefix as usize].contains(['ب', 'ل', 'ك']) {
            continue;
        }
        let opens_sentence = |p: usize| match doc.prev_tok(p) {
            None | Some(Tok::Newline(_)) => true,
            Some(Tok::Punct(_, c)) => matches!(c, '.' | '؟' | '!' | '?' | ':'),
            Some(Tok::Word(..)) => false,
        };
        let subject = opens_sentence(h.start)
            || match doc.prev_tok(h.start) {
                Some(Tok::Word(ps, _)) => {
                    doc.reading(ps, Category::Verb).is_some()
                        || opens_sentence(ps) && doc.reading(ps, Category::Ender).is_none()
                }
                _ => false,
            };
        if !subject {
            continue;
        }
        let start = h.start + m.prefix as usize;
        let (_, e, _) = doc.noun_phrase(h.end, MAX_SPEAKER - 1, &[], false);
        let end = e.max(h.end);
        if end <= pos {
            return Some(Antecedent { pos: start, span: (start, end), gender: fg, number: fn_ });
        }
    }
    None
}
