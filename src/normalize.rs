//! Normalisation: folds Arabic spelling variation for matching and keeps a
//! map from every byte of the normalised text back to the original input.
//! The map is sparse: one entry where the offset between the two texts
//! changes (a skipped diacritic, a collapsed space), not one per byte.
//!
//! Owns: diacritics/tatweel removal, alef/yeh/kaf unification, presentation
//! form folding (NFKC for U+FB50–U+FDFF and U+FE70–U+FEFE), skipping of
//! zero-width and bidi controls and `\r`, collapsing runs of horizontal
//! whitespace into one ASCII space, and turning the other line breaks
//! (`\v`, `\f`, U+0085, U+2028, U+2029) into `\n`. After normalisation the
//! only whitespace left is `' '` and `'\n'`, so resolution (which trims and
//! tokenises on those two) and the original-offset trim in `extract` agree on
//! what whitespace is: every span is non-empty in both texts or in neither. `ة` is *not* folded here: a pattern form
//! ending in `ة` is compiled to match `ه` as well (see `patterns`).

mod bounds;
mod chars;
mod map;
pub use bounds::WordBounds;
use chars::ARABIC_ALNUM;
pub use chars::{
    char_at, is_numeric_char, is_word_char, word_char_at, word_char_before, word_end, word_start, word_starts,
};

/// Normalised text plus the offset map back into the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// `(normalised offset, original offset)` pairs: from each pair on, the
    /// two texts advance together until the next pair.
    map: Vec<(u32, u32)>,
    /// Length of the original input.
    orig_len: usize,
}

impl Normalized {
    /// Original byte offset of normalised byte offset `i` (`i <= text.len()`):
    /// the start of the character that produced it; `text.len()` maps to
    /// the original length.
    #[inline]
    pub fn orig(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.orig_len;
        }
        let k = self.map.partition_point(|&(n, _)| n as usize <= i) - 1;
        let (n, o) = self.map[k];
        let next = self.map.get(k + 1).map_or(self.orig_len, |&(_, o)| o as usize);
        (o as usize + (i - n as usize)).min(next)
    }

    /// Original byte span `[start, end)` for a normalised span. The end is
    /// mapped to the start of the next normalised character, so characters
    /// skipped between two kept ones (e.g. a diacritic) stay inside the span;
    /// callers trim trailing whitespace in original space if they need to.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.orig(start), self.orig(end))
    }

    /// [`orig_span`](Self::orig_span) that always covers the original
    /// character behind the span's last normalised character: a span that
    /// ends inside the expansion of one original character (ﷺ folds to four
    /// words) would otherwise end at that character's start, and a span
    /// wholly inside it would be empty. `input` is the normalised input.
    pub fn orig_span_covering(&self, input: &str, start: usize, end: usize) -> (usize, usize) {
        let (s, mut e) = self.orig_span(start, end);
        if start < end
            && let Some((last, _)) = self.text[..end].char_indices().next_back()
        {
            let from = self.orig(last);
            if e <= from {
                e = from + input[from..].chars().next().map_or(0, char::len_utf8);
            }
        }
        (s, e)
    }
}

/// What one input character becomes.
#[derive(Clone, Copy)]
enum Fold {
    Keep,
    Skip,
    To(char),
    Space,
    /// A line or paragraph break other than `\n`: becomes `\n`.
    Newline,
}

/// Is `c` dropped by normalisation (a haraka, tatweel, a zero-width or
/// bidi control)? Spelling checks skip it when they read the original.
#[inline]
pub fn is_mark(c: char) -> bool {
    matches!(fold(c), Fold::Skip)
}

#[inline]
const fn fold(c: char) -> Fold {
    match c {
        // harakat, tanween, shadda, sukun, superscript alef and the like
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0610}'..='\u{061A}' => Fold::Skip,
        '\u{0640}' => Fold::Skip, // tatweel
        // zero-width, bidi controls, BOM, soft hyphen, Arabic letter mark
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{061C}'
        | '\r' => Fold::Skip,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Fold::To('ا'),
        'ى' | 'ی' => Fold::To('ي'),
        'ک' => Fold::To('ك'),
        ' ' | '\t' | '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Fold::Space
        }
        '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}' => Fold::Newline,
        _ => Fold::Keep,
    }
}

/// `fold` for every character of the Arabic block U+0600–U+06FF (two bytes
/// in UTF-8, lead byte 0xD8–0xDB), so the hot loop needs no char decoding.
/// No character of the block is a presentation form or a space.
static ARABIC_FOLD: [Fold; 256] = {
    let mut t = [Fold::Keep; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match char::from_u32(0x600 + i as u32) {
            Some(c) => fold(c),
            None => Fold::Keep,
        };
        i += 1;
    }
    t
};

/// `ARABIC_CLASS` bits: the character folds to itself (`Fold::Keep`, the
/// common case, tested first) …
const KEEP: u8 = 1;
/// … and is a word character (`is_word_char`).
const KEEP_WORD: u8 = KEEP | 2;

/// `KEEP` and word-character bits for every character of the Arabic block.
static ARABIC_CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        if matches!(ARABIC_FOLD[i], Fold::Keep) {
            t[i] = if ARABIC_ALNUM[i >> 6] >> (i & 63) & 1 == 1 { KEEP_WORD } else { KEEP };
        }
        i += 1;
    }
    t
};

/// `ARABIC_CLASS` by the two bytes of a character read as a little-endian
/// `u16` (0 for any pair that is not an Arabic-block character): one load
/// per letter in the hot loop. 64 KB, of which only 4 KB (the rows of
/// continuation bytes 0x80–0xBF) are ever read.
static PAIR_CLASS: [u8; 65536] = {
    let mut t = [0; 65536];
    let mut lead = 0xD8;
    while lead <= 0xDB {
        let mut cont = 0x80;
        while cont <= 0xBF {
            t[lead | cont << 8] = ARABIC_CLASS[((lead & 0x03) << 6) | (cont & 0x3F)];
            cont += 1;
        }
        lead += 1;
    }
    t
};

/// The end of the run of plain Arabic word letters (`KEEP_WORD`, two bytes
/// each) that starts at `i`. Kept out of line: in its own small loop the
/// bounds and the table stay in registers (half the instructions per letter
/// of the same loop inside `normalize_words`).
#[inline(never)]
fn plain_letters_end(bytes: &[u8], i: usize) -> usize {
    let plain = |pair: u64| PAIR_CLASS[pair as usize & 0xFFFF] == KEEP_WORD;
    let mut at = i;
    // four letters per load
    for quad in bytes[i..].chunks_exact(8) {
        let w = u64::from_le_bytes(quad.try_into().expect("8 bytes"));
        if !plain(w) {
            return at;
        }
        if !plain(w >> 16) {
            return at + 2;
        }
        if !plain(w >> 32) {
            return at + 4;
        }
        if !plain(w >> 48) {
            return at + 6;
        }
        at += 8;
    }
    for pair in bytes[at..].chunks_exact(2) {
        if !plain(u64::from(u16::from_le_bytes([pair[0], pair[1]]))) {
            break;
        }
        at += 2;
    }
    at
}

#[inline]
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// What [`normalize_words`] reports about the normalised text while it is
/// being made: its words (runs of [`is_word_char`] characters) and chosen
/// non-word characters, in text order. The cue scan uses this to look the
/// words up in the same pass (`cues::Matcher::normalize_scan`).
pub trait Words {
    /// Whether to track words at all (false: plain [`normalize`]).
    const WANTS: bool = true;
    /// A word at normalised offset `start`; its normalised bytes are
    /// `buf[..len]` (`buf` may go on past the word).
    fn word(&mut self, buf: &[u8], len: usize, start: usize);
    /// Whether to report a non-word character whose UTF-8 begins with `b`.
    fn wants_mark(&self, b: u8) -> bool;
    /// A non-word character (one [`Words::wants_mark`] asked for) at
    /// normalised offset `at`.
    fn mark(&mut self, at: usize);
}

/// No words wanted.
struct NoWords;

impl Words for NoWords {
    const WANTS: bool = false;
    fn word(&mut self, _: &[u8], _: usize, _: usize) {}
    fn wants_mark(&self, _: u8) -> bool {
        false
    }
    fn mark(&mut self, _: usize) {}
}

/// Normalise `input`. Linear in the input length.
pub fn normalize(input: &str) -> Normalized {
    normalize_words(input, &mut NoWords)
}

/// The normalisation loop's state.
struct Pass<'a, W: Words> {
    input: &'a str,
    text: String,
    map: Vec<(u32, u32)>,
    /// Start of the pending run of input bytes kept as they are.
    run: usize,
    last_space: bool,
    words: &'a mut W,
    /// Inside a word of the output.
    in_word: bool,
    /// The current word began inside the pending run, at input offset
    /// `word_in`: its normalised bytes are the input's.
    word_in_run: bool,
    word_in: usize,
    /// Normalised offset of the current word.
    word_out: usize,
}

impl<W: Words> Pass<'_, W> {
    /// Copy the pending run up to input offset `to`; the next run starts at `next`.
    #[inline(always)]
    fn flush(&mut self, to: usize, next: usize) {
        flush_run(self.input, self.run, to, &mut self.text, &mut self.map);
        self.run = next;
        self.word_in_run = false;
    }

    /// An output character that is kept as it is, at input offset `i`
    /// (inside the pending run): `word` tells whether it is a word
    /// character, `lead` is its first byte.
    #[inline(always)]
    fn kept(&mut self, i: usize, word: bool, lead: u8) {
        if !W::WANTS {
            return;
        }
        if word {
            if !self.in_word {
                self.in_word = true;
                self.word_in_run = true;
                self.word_in = i;
                self.word_out = self.text.len() + (i - self.run);
            }
        } else {
            if self.in_word {
                self.end_word(i);
            }
            if self.words.wants_mark(lead) {
                let at = self.text.len() + (i - self.run);
                self.words.mark(at);
            }
        }
    }

    /// The current word ends where input offset `i` begins.
    #[inline(always)]
    fn end_word(&mut self, i: usize) {
        self.in_word = false;
        if self.word_in_run {
            let b = &self.input.as_bytes()[self.word_in..];
            self.words.word(b, i - self.word_in, self.word_out);
        } else {
            self.flush(i, i);
            let b = &self.text.as_bytes()[self.word_out..];
            self.words.word(b, b.len(), self.word_out);
        }
    }

    /// One word character pushed at normalised offset `at`, outside any run.
    #[inline(always)]
    fn word_char_pushed(&mut self, at: usize) {
        if W::WANTS && !self.in_word {
            self.in_word = true;
            self.word_in_run = false;
            self.word_out = at;
        }
    }

    /// Output characters pushed (already in `text`) from normalised offset
    /// `from` on, outside any run.
    #[inline]
    fn pushed(&mut self, from: usize) {
        if !W::WANTS {
            return;
        }
        let mut at = from;
        while at < self.text.len() {
            let c = self.text[at..].chars().next().expect("char boundary");
            if is_word_char(c) {
                if !self.in_word {
                    self.in_word = true;
                    self.word_in_run = false;
                    self.word_out = at;
                }
            } else {
                if self.in_word {
                    self.in_word = false;
                    let b = &self.text.as_bytes()[self.word_out..at];
                    self.words.word(b, b.len(), self.word_out);
                }
                if self.words.wants_mark(self.text.as_bytes()[at]) {
                    self.words.mark(at);
                }
            }
            at += c.len_utf8();
        }
    }
}

/// [`normalize`], reporting the words and marks of the normalised text to
/// `words` as they are made.
///
/// Hot loop: bytes that are copied unchanged (ASCII other than a collapsed
/// space, `\t` and `\r`; Arabic-block characters that fold to themselves)
/// are gathered into runs and copied at once; everything else goes through
/// [`push_folded`] one character at a time. A word that lies inside a run
/// is reported from the input bytes, without waiting for the copy.
pub fn normalize_words<W: Words>(input: &str, words: &mut W) -> Normalized {
    let mut p = Pass {
        input,
        text: String::with_capacity(input.len()),
        map: Vec::new(),
        run: 0,
        last_space: false,
        words,
        in_word: false,
        word_in_run: false,
        word_in: 0,
        word_out: 0,
    };
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b & 0xFC == 0xD8 && i + 1 < bytes.len() {
            // Arabic block: two bytes in, at most two bytes out.
            let k = ((b as usize & 0x03) << 6) | (bytes[i + 1] as usize & 0x3F); // code point - U+0600
            let class = ARABIC_CLASS[k];
            if class == KEEP_WORD {
                p.last_space = false;
                p.kept(i, true, b);
                i += 2;
                // the rest of the word's plain letters, with no state to update
                i = plain_letters_end(bytes, i);
                continue;
            }
            if class & KEEP != 0 {
                p.last_space = false;
                p.kept(i, false, b);
                i += 2;
                continue;
            }
            match ARABIC_FOLD[k] {
                Fold::Keep => unreachable!("ARABIC_CLASS"),
                Fold::Skip => p.flush(i, i + 2),
                Fold::To(t) => {
                    // alef, yeh, kaf: word characters
                    p.flush(i, i + 2);
                    let at = p.text.len();
                    mark(&mut p.map, at, i);
                    p.text.push(t);
                    p.last_space = false;
                    p.word_char_pushed(at);
                }
                Fold::Space | Fold::Newline => {
                    p.flush(i, i + 2);
                    let at = p.text.len();
                    push_folded(
                        input[i..].chars().next().expect("char"),
                        i,
                        &mut p.text,
                        &mut p.map,
                        &mut p.last_space,
                    );
                    p.pushed(at);
                }
            }
            i += 2;
            continue;
        }
        if b < 0x80 {
            if b == b' ' {
                if p.last_space {
                    p.flush(i, i + 1);
                } else {
                    p.kept(i, false, b);
                }
                p.last_space = true;
            } else if b == b'\t' || b == b'\r' {
                p.flush(i, i + 1);
                if b == b'\t' && !p.last_space {
                    let at = p.text.len();
                    mark(&mut p.map, at, i);
                    p.text.push(' ');
                    p.last_space = true;
                    p.pushed(at);
                }
            } else if b == 0x0B || b == 0x0C {
                // vertical tab, form feed: line breaks
                p.flush(i, i + 1);
                let at = p.text.len();
                mark(&mut p.map, at, i);
                p.text.push('\n');
                p.last_space = false;
                p.pushed(at);
            } else {
                p.last_space = false;
                p.kept(i, b.is_ascii_alphanumeric() || b == b'_', b);
            }
            i += 1;
            continue;
        }
        let c = input[i..].chars().next().expect("char boundary");
        p.flush(i, i + c.len_utf8());
        let at = p.text.len();
        push_folded(c, i, &mut p.text, &mut p.map, &mut p.last_space);
        p.pushed(at);
        i += c.len_utf8();
    }
    if W::WANTS && p.in_word {
        p.end_word(bytes.len());
    }
    let end = bytes.len();
    p.flush(end, end);
    Normalized { text: p.text, map: p.map, orig_len: input.len() }
}

/// Record that normalised offset `n` comes from original offset `o`, unless
/// the last pair already says so.
#[inline]
fn mark(map: &mut Vec<(u32, u32)>, n: usize, o: usize) {
    if let Some(&(ln, lo)) = map.last()
        && lo as usize + (n - ln as usize) == o
    {
        return;
    }
    map.push((n as u32, o as u32));
}

/// Copy `input[from..to]` (ASCII and two-byte characters only) unchanged;
/// each byte maps to the start of its character.
#[inline]
fn flush_run(input: &str, from: usize, to: usize, text: &mut String, map: &mut Vec<(u32, u32)>) {
    if from < to {
        mark(map, text.len(), from);
        text.push_str(&input[from..to]);
    }
}

fn push_folded(c: char, at: usize, text: &mut String, map: &mut Vec<(u32, u32)>, last_space: &mut bool) {
    if is_presentation_form(c) {
        let mut parts = [char::default(); 4];
        let mut n = 0;
        unicode_normalization::char::decompose_compatible(c, |d| {
            if n < parts.len() {
                parts[n] = d;
                n += 1;
            }
        });
        for &d in &parts[..n] {
            if is_presentation_form(d) {
                continue; // cannot fold further; drop rather than recurse
            }
            push_folded(d, at, text, map, last_space);
        }
        return;
    }
    let out = match fold(c) {
        Fold::Skip => return,
        Fold::Space => {
            if *last_space {
                return;
            }
            *last_space = true;
            ' '
        }
        Fold::Keep => c,
        Fold::To(t) => t,
        Fold::Newline => '\n',
    };
    if out != ' ' {
        *last_space = false;
    }
    mark(map, text.len(), at);
    text.push(out);
}

/// Normalise a pattern form (same folding as the text, trimmed).
pub fn normalize_form(form: &str) -> String {
    normalize(form.trim()).text.trim().to_string()
}

#[cfg(test)]
mod tests;
