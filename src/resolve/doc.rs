//! The document as resolution sees it: tokens, sentence and paragraph
//! tables (built once, searched in O(log n)), pattern look-ups at a
//! position, quotation look-ups and word counts; `clause` the clause-level reading
//! (where clauses start and end, what the word before a cue says, content
//! trimming).

use super::{MIN_LOOSE_QUOTE_WORDS, RELATIVES, is_connector};
use crate::cues::{Hit, Matcher, Meaning};
use crate::normalize::{WordBounds, char_at, is_numeric_char, is_word_char, word_char_before, word_end, word_start};
use crate::patterns::{Category, Entry};
use crate::quotes::Quote;

mod clause;
mod quotes;
pub(in crate::resolve) use clause::FactRelative;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tok {
    Word(usize, usize),
    Punct(usize, char),
    Newline(usize),
}

impl Tok {
    pub(super) fn start(self) -> usize {
        match self {
            Tok::Word(s, _) | Tok::Punct(s, _) | Tok::Newline(s) => s,
        }
    }
    pub(super) fn end(self) -> usize {
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
    pub(super) sent_ends: Vec<usize>,
    /// Paragraph ends (positions of `\n`).
    para_ends: Vec<usize>,
    /// Where each run of word characters starts, for `words_in` in O(log n)
    /// on long spans; built on first need (short spans are counted directly).
    word_starts: std::cell::OnceCell<Vec<u32>>,
    /// Where hits start, for `hit_at`; built on first need.
    hit_index: std::cell::OnceCell<HitIndex>,
    /// Per hit, whether its speaker reading survives the hamza check (0: not
    /// asked yet, 1: yes, 2: no), for `meaning_of`; built on first need.
    speaker_spelling: std::cell::OnceCell<Vec<std::cell::Cell<u8>>>,
    /// Positions of the commas (، and ,), for `clause_end`; built on first need.
    commas: std::cell::OnceCell<Vec<u32>>,
    /// Indices into `quotes` of quotations of at least `MIN_LOOSE_QUOTE_WORDS`
    /// words: all of them, and the non-`weak` ones (see `has_long_quote`).
    long_quotes: [Vec<u32>; 2],
    /// Positions of the opening marks `«`, `“` and `"`, for `trim_content`.
    openers: [Vec<u32>; 3],
    /// The original text and its map, when known: hamza spelling is evidence
    /// normalisation erases (إمام is a speaker, أمام a preposition).
    original: Option<(&'a str, &'a crate::normalize::Normalized)>,
    /// Every tanween fath (U+064B), for `accusative`: its original offset
    /// and the first normalised offset that maps at or after it; built on
    /// first need.
    tanween: std::cell::OnceCell<Vec<(u32, u32)>>,
    /// Where the words start and end, when known (else they are found by
    /// decoding the text): `next_tok` and `prev_tok` are asked about the
    /// same words many times.
    bounds: Option<&'a WordBounds>,
}

/// Category sets: reporting cues, and words that end a speaker phrase.
pub(super) const CUES: u8 = Category::Verb.bit() | Category::Participle.bit() | Category::According.bit();
pub(super) const STOPS: u8 = Category::Ender.bit() | Category::Complementizer.bit();

/// Where the hits start: one bit per byte of `text` up to the last hit, in
/// groups of eight bytes, each group with the number of hits starting
/// before it, so that the index of the hit at a position is that count
/// plus the bits below it in its group (5 bytes per 8 text bytes, where a
/// `u32` per byte was 32, and no general popcount: a byte's is a table
/// look-up). Hits are in text order and never overlap, so no two start at
/// one place and the k-th set bit is `hits[k]`.
struct HitIndex {
    bits: Vec<u8>,
    before: Vec<u32>,
}

/// The number of set bits of every byte.
static POP8: [u8; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).count_ones() as u8;
        i += 1;
    }
    t
};

impl HitIndex {
    fn new(hits: &[Hit]) -> HitIndex {
        debug_assert!(hits.windows(2).all(|w| w[0].start < w[1].start), "hits in text order");
        let groups = hits.last().map_or(0, |h| h.start / 8 + 1);
        let mut bits = vec![0u8; groups];
        for h in hits {
            bits[h.start / 8] |= 1 << (h.start % 8);
        }
        let mut n = 0;
        let before = bits
            .iter()
            .map(|&b| {
                let k = n;
                n += u32::from(POP8[b as usize]);
                k
            })
            .collect();
        HitIndex { bits, before }
    }

    /// The index into the hits of the one starting at `pos`.
    #[inline]
    fn at(&self, pos: usize) -> Option<usize> {
        let g = pos / 8;
        let bits = *self.bits.get(g)?;
        let bit = pos % 8;
        (bits >> bit & 1 == 1).then(|| self.before[g] as usize + POP8[(bits & ((1u8 << bit) - 1)) as usize] as usize)
    }
}

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
            if prev.is_some_and(|p| p.is_ascii_alphanumeric()) && next.is_some_and(|n| n.is_ascii_alphanumeric()) {
                return false;
            }
            // nor the dot of a one-letter Arabic abbreviation: د. محمد، أ. د. علي
            let one_letter = i >= 2
                && (0xD8..=0xDB).contains(&text[i - 2])
                && (i < 3 || matches!(text[i - 3], b' ' | b'\n' | b'(' | b'.'));
            !(one_letter && next == Some(b' '))
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
            commas: std::cell::OnceCell::new(),
            hit_index: std::cell::OnceCell::new(),
            speaker_spelling: std::cell::OnceCell::new(),
            long_quotes: [vec![], vec![]],
            openers: [vec![], vec![], vec![]],
            original: None,
            tanween: std::cell::OnceCell::new(),
            bounds: None,
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

    /// Attach where the words of the text start and end (as
    /// `Matcher::normalize_scan_words` found them).
    pub fn with_words(mut self, bounds: &'a WordBounds) -> Doc<'a> {
        self.bounds = Some(bounds);
        self
    }

    /// Is the word at `[s, e)` written in the original with a final ي where
    /// it folds to a word ending in ى (علي the name, not على the preposition)?
    pub(super) fn written_with_final_yeh(&self, s: usize, e: usize) -> bool {
        let Some((orig, norm)) = self.original else { return false };
        let (a, b) = norm.orig_span_covering(orig, s, e);
        orig[a..b].trim_end_matches(|c: char| !crate::normalize::is_word_char(c)).ends_with('ي')
    }

    /// Does the original spelling at `pos` agree with the first letter of
    /// `form` as far as hamza goes? A bare alef in the text proves nothing.
    pub(super) fn spelled_as(&self, pos: usize, form: &str) -> bool {
        let Some(first) = form.chars().next() else { return false };
        let Some((orig, norm)) = self.original else { return !matches!(first, 'أ' | 'إ' | 'آ') };
        match first {
            'أ' | 'إ' | 'آ' => orig[norm.orig(pos)..].starts_with(first),
            // a bare alef (hamzat al-wasl) is contradicted by a written hamza
            'ا' => !orig[norm.orig(pos)..].starts_with(['أ', 'إ']),
            _ => true,
        }
    }

    pub(super) fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// First sentence end at or after `pos` (or the text end).
    pub(super) fn sentence_end(&self, pos: usize) -> usize {
        let i = self.sent_ends.partition_point(|&e| e < pos);
        self.sent_ends.get(i).copied().unwrap_or(self.text.len())
    }

    /// Start of the sentence containing `pos`.
    pub(super) fn sentence_start(&self, pos: usize) -> usize {
        let i = self.sent_ends.partition_point(|&e| e < pos);
        if i == 0 {
            return 0;
        }
        // after the whole end mark: `؟` is two bytes (fuzz regression)
        let e = self.sent_ends[i - 1];
        e + self.text[e..].chars().next().map_or(1, char::len_utf8)
    }

    /// Start of the sentence `n` sentences before the one containing `pos`
    /// (`n = 0`: its own start).
    pub(super) fn sentence_start_back(&self, pos: usize, n: usize) -> usize {
        let i = self.sent_ends.partition_point(|&e| e < pos);
        if i <= n {
            return 0;
        }
        let e = self.sent_ends[i - 1 - n];
        e + self.text[e..].chars().next().map_or(1, char::len_utf8)
    }

    /// How many sentence ends lie before `pos`.
    pub(super) fn sentence_ends_before(&self, pos: usize) -> usize {
        self.sent_ends.partition_point(|&e| e < pos)
    }

    /// How many paragraph ends lie before `pos`.
    pub(super) fn paragraph_ends_before(&self, pos: usize) -> usize {
        self.para_ends.partition_point(|&e| e < pos)
    }

    /// Is `pos` inside a quotation (between its marks)?
    pub(super) fn inside_quote(&self, pos: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.open < pos);
        i > 0 && self.quotes[i - 1].inner_start <= pos && pos < self.quotes[i - 1].inner_end
    }

    /// The original span of normalised `[s, e)`, whitespace trimmed, when the
    /// original text is known.
    pub(super) fn original_span(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        let (orig, norm) = self.original?;
        let (a, mut b) = norm.orig_span_covering(orig, s, e);
        while b > a && orig[..b].ends_with(char::is_whitespace) {
            b -= orig[..b].chars().next_back().map_or(1, char::len_utf8);
        }
        Some((a, b))
    }

    pub(super) fn paragraph_end(&self, pos: usize) -> usize {
        let i = self.para_ends.partition_point(|&e| e < pos);
        self.para_ends.get(i).copied().unwrap_or(self.text.len())
    }

    /// Next token at or after `pos` (spaces skipped).
    pub(super) fn next_tok(&self, mut pos: usize) -> Option<Tok> {
        let b = self.bytes();
        while pos < b.len() && b[pos] == b' ' {
            pos += 1;
        }
        if pos >= b.len() {
            return None;
        }
        // a recorded word start: a word, its end recorded too
        if let Some(bd) = self.bounds
            && bd.is_start(pos)
        {
            return Some(Tok::Word(pos, bd.end_after(pos)));
        }
        if b[pos] == b'\n' {
            return Some(Tok::Newline(pos));
        }
        if !char_at(self.text, pos).1 {
            return Some(Tok::Punct(pos, self.text[pos..].chars().next()?));
        }
        let end = self.bounds.map_or_else(|| word_end(self.text, pos), |b| b.end_after(pos));
        Some(Tok::Word(pos, end))
    }

    /// Token ending at or before `pos` (spaces skipped).
    pub(super) fn prev_tok(&self, mut pos: usize) -> Option<Tok> {
        let b = self.bytes();
        while pos > 0 && b[pos - 1] == b' ' {
            pos -= 1;
        }
        if pos == 0 {
            return None;
        }
        // a recorded word end: a word, its start recorded too
        if let Some(bd) = self.bounds
            && bd.is_end(pos)
        {
            return Some(Tok::Word(bd.start_before(pos), pos));
        }
        if b[pos - 1] == b'\n' {
            return Some(Tok::Newline(pos - 1));
        }
        if word_char_before(self.text, pos) != Some(true) {
            let c = self.text[..pos].chars().next_back()?;
            return Some(Tok::Punct(pos - c.len_utf8(), c));
        }
        let start = self.bounds.map_or_else(|| word_start(self.text, pos), |b| b.start_before(pos));
        Some(Tok::Word(start, pos))
    }

    pub(super) fn word(&self, s: usize, e: usize) -> &str {
        &self.text[s..e]
    }

    /// `word`, borrowed from the text rather than from the document.
    pub(super) fn text_of(&self, s: usize, e: usize) -> &'a str {
        &self.text[s..e]
    }

    /// The hit starting exactly at `pos`.
    pub(super) fn hit_at(&self, pos: usize) -> Option<&Hit> {
        self.hits.get(self.hit_number(pos)?)
    }

    /// The index in `hits` of the hit starting at `pos`.
    fn hit_number(&self, pos: usize) -> Option<usize> {
        self.hit_index.get_or_init(|| HitIndex::new(self.hits)).at(pos)
    }

    /// The reading of category `cat` of the hit starting at `pos`.
    pub(super) fn reading(&self, pos: usize, cat: Category) -> Option<(Meaning, &Hit)> {
        let i = self.hit_number(pos)?;
        self.meaning_of(i, cat).map(|m| (m, &self.hits[i]))
    }

    /// The meaning of category `cat` that hit `i` has, if any. A speaker
    /// noun written with a hamza it lacks is another word (وإلى is no والي).
    pub(super) fn meaning_of(&self, i: usize, cat: Category) -> Option<Meaning> {
        let h = &self.hits[i];
        if self.matcher.categories(h.surface) & cat.bit() == 0 {
            return None;
        }
        let m = self.matcher.meanings[h.surface as usize]
            .iter()
            .find(|m| self.entries[m.entry as usize].category == cat)?;
        if cat == Category::Speaker && !self.speaker_spelled_so(i, m) {
            return None;
        }
        Some(*m)
    }

    /// `hamza_agrees` for the speaker reading `m` of hit `i`, asked once per
    /// hit (speaker readings are asked about many times).
    fn speaker_spelled_so(&self, i: usize, m: &Meaning) -> bool {
        let slot = &self.speaker_spelling.get_or_init(|| vec![std::cell::Cell::new(0); self.hits.len()])[i];
        if slot.get() == 0 {
            let form = &self.entries[m.entry as usize].forms[m.form as usize].text;
            slot.set(if self.hamza_agrees(&self.hits[i], m, form) { 1 } else { 2 });
        }
        slot.get() == 1
    }

    /// Does the original spelling of the hit `h` agree with the hamza of the
    /// pattern form `form` that meaning `m` matched? Folding writes أ إ آ as
    /// ا, and a bare alef in the text proves nothing (writers drop hamzas),
    /// nor does a hamza written on a first bare alef (إدعاءات for ادعاءات,
    /// a frequent misspelling); elsewhere a written hamza the form lacks, or
    /// one of another kind, makes another word (أمام is no إمام, وإلى no
    /// والي, أقرأ no أقرا).
    pub(super) fn hamza_agrees(&self, h: &Hit, m: &Meaning, form: &str) -> bool {
        // (only a form with an alef can disagree: most speaker nouns have none)
        let Some((orig, norm)) = self.original.filter(|_| form.contains(['ا', 'أ', 'إ', 'آ'])) else {
            return true;
        };
        // (a byte scan first: most words have no written hamza; أ إ آ are
        // D8 A3, D8 A5, D8 A2)
        let o = norm.orig(h.start);
        let window = &orig.as_bytes()[o..norm.orig(h.end).max(o)];
        if !window.windows(2).any(|w| w[0] == 0xD8 && matches!(w[1], 0xA2 | 0xA3 | 0xA5)) {
            return true;
        }
        let fold = |c: char| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ک' => 'ك',
            c => c,
        };
        // the written letters behind the hit, one per normalised letter (no
        // evidence where they do not line up, or past 32 letters)
        let mut letters = ['\0'; 32];
        let mut n = 0;
        let mut hamza = false;
        let mut written = orig[o..].chars().filter(|&c| !crate::normalize::is_mark(c));
        for c in self.text[h.start..h.end].chars() {
            match written.next() {
                Some(t) if fold(t) == c && n < letters.len() => {
                    hamza |= matches!(t, 'أ' | 'إ' | 'آ');
                    letters[n] = t;
                    n += 1;
                }
                _ => return true,
            }
        }
        if !hamza {
            return true;
        }
        let letters = &letters[..n];
        let len = form.chars().count();
        // the form's place: after the proclitics (and an article), before any suffix
        let from = self.text[h.start..h.start + m.prefix as usize].chars().count();
        if n < len || from > n - len {
            return true;
        }
        let Some(at) =
            (from..=n - len).find(|&p| letters[p..p + len].iter().zip(form.chars()).all(|(&t, f)| fold(t) == fold(f)))
        else {
            return true;
        };
        letters[at..at + len]
            .iter()
            .zip(form.chars())
            .enumerate()
            .all(|(i, (&t, f))| !matches!(t, 'أ' | 'إ' | 'آ') || f == t || i == 0 && f == 'ا')
    }

    /// The categories of the hit starting at `pos` (0 when there is none).
    pub(super) fn cats_at(&self, pos: usize) -> u8 {
        self.hit_at(pos).map_or(0, |h| self.matcher.categories(h.surface))
    }

    pub(super) fn is_cue_at(&self, pos: usize) -> bool {
        self.cats_at(pos) & CUES != 0
    }

    pub(super) fn is_stop_word(&self, pos: usize) -> bool {
        self.cats_at(pos) & STOPS != 0
    }

    /// Words (runs of word characters, cut at `s` and `e`) in `[s, e)`.
    /// A short span's word starts are counted in the word bounds when
    /// known; long spans use binary searches over `word_starts`: cues in a
    /// long sentence count its words without rescanning it each time.
    pub(super) fn words_in(&self, s: usize, e: usize) -> usize {
        if s >= e {
            return 0;
        }
        if let Some(b) = self.bounds
            && e - s <= SHORT_SPAN
        {
            return usize::from(char_at(self.text, s).1) + b.starts_in(s + 1, e);
        }
        if e - s <= SHORT_SPAN {
            let t = &self.text[s..e];
            let (mut n, mut in_word, mut i) = (0, false, 0);
            while i < t.len() {
                let (len, w) = char_at(t, i);
                n += usize::from(w && !in_word);
                in_word = w;
                i += len;
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
    pub(super) fn at_least_words(&self, s: usize, e: usize, n: usize) -> bool {
        if s >= e {
            return n == 0;
        }
        let t = &self.text[s..e];
        let (mut count, mut in_word, mut i) = (0, false, 0);
        while i < t.len() {
            if i > SHORT_SPAN {
                return self.words_in(s, e) >= n;
            }
            let (len, w) = char_at(t, i);
            count += usize::from(w && !in_word);
            if count >= n {
                return true;
            }
            in_word = w;
            i += len;
        }
        count >= n
    }
}
