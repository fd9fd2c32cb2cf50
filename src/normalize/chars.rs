//! Word characters, decided at the byte level where it matters: the
//! Arabic block, ASCII and Latin-1 from tables, and the helpers the scan
//! and resolution use to find words in normalised text (all agreeing with
//! `c.is_alphanumeric() || c == '_'`, checked by unit tests in `normalize`).

/// `char::is_alphanumeric` for U+0600–U+06FF, one bit per character
/// (checked against the standard library by a unit test).
pub(super) const ARABIC_ALNUM: [u64; 4] =
    [0xffffffff07ff0000, 0xffffc3fffeffffff, 0xffffffffffffffff, 0x9fffe1fe1fefffff];

/// `char::is_alphanumeric` for U+0080–U+00FF (« » and the other Latin-1
/// signs are not; checked against the standard library by a unit test).
const LATIN1_ALNUM: [u64; 2] = [0x762c_0400_0000_0000, 0xff7f_ffff_ff7f_ffff];

/// True for characters that make up words (letters, digits, marks):
/// `c.is_alphanumeric() || c == '_'`, with table look-ups for ASCII, Latin-1
/// and the Arabic block, and none of General Punctuation (U+2000–U+206F:
/// “ ” – …), instead of the general Unicode search.
#[inline]
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        (u as u8).is_ascii_alphanumeric() || u == b'_' as u32
    } else if (0x600..0x700).contains(&u) {
        let i = (u - 0x600) as usize;
        ARABIC_ALNUM[i >> 6] >> (i & 63) & 1 == 1
    } else if u < 0x100 {
        let i = (u - 0x80) as usize;
        LATIN1_ALNUM[i >> 6] >> (i & 63) & 1 == 1
    } else if (0x2000..0x2070).contains(&u) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// `char::is_numeric`, answered without the general Unicode search for ASCII
/// and the Arabic block (whose only numerals are the two digit rows; checked
/// against the standard library by a unit test).
#[inline]
pub fn is_numeric_char(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        c.is_ascii_digit()
    } else if (0x600..0x700).contains(&u) {
        (0x660..=0x669).contains(&u) || (0x6F0..=0x6F9).contains(&u)
    } else {
        c.is_numeric()
    }
}

/// Is the character starting at byte `i` of `text` a word character?
/// `None` at the end of the text. `i` must be a char boundary.
#[inline(always)]
pub fn word_char_at(text: &str, i: usize) -> Option<bool> {
    (i < text.len()).then(|| char_at(text, i).1)
}

/// Is the character ending at byte `i` of `text` a word character?
/// `None` at the start of the text. `i` must be a char boundary.
#[inline(always)]
pub fn word_char_before(text: &str, i: usize) -> Option<bool> {
    let b = text.as_bytes();
    if i == 0 {
        return None;
    }
    let c = b[i - 1];
    if c < 0x80 {
        Some(c.is_ascii_alphanumeric() || c == b'_')
    } else if i >= 2 && (0xD8..=0xDB).contains(&b[i - 2]) {
        Some(arabic_alnum(b[i - 2], c))
    } else {
        text[..i].chars().next_back().map(is_word_char)
    }
}

/// `is_word_char` of the Arabic-block character encoded as `lead`, `cont`.
#[inline(always)]
fn arabic_alnum(lead: u8, cont: u8) -> bool {
    let i = ((lead as usize & 0x03) << 6) | (cont as usize & 0x3F);
    ARABIC_ALNUM[i >> 6] >> (i & 63) & 1 == 1
}

/// The byte length of the character at byte `i` of `text` (a char
/// boundary, not the end) and whether it is a word character.
#[inline(always)]
pub fn char_at(text: &str, i: usize) -> (usize, bool) {
    let b = text.as_bytes();
    match b[i] {
        c if c < 0x80 => (1, c.is_ascii_alphanumeric() || c == b'_'),
        c @ 0xD8..=0xDB => (2, arabic_alnum(c, b[i + 1])),
        _ => text[i..].chars().next().map_or((1, false), |c| (c.len_utf8(), is_word_char(c))),
    }
}

/// The end of the run of word characters from byte `i` (a char boundary)
/// on: `i` itself if the character there is not one.
#[inline]
pub fn word_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while let Some(&c) = b.get(i) {
        if c & 0xFC == 0xD8 {
            if !arabic_alnum(c, b[i + 1]) {
                break;
            }
            i += 2;
        } else {
            let (len, word) = char_at(text, i);
            if !word {
                break;
            }
            i += len;
        }
    }
    i
}

/// The start of the run of word characters that ends at byte `i` (a char
/// boundary): `i` itself if the character before it is not one.
#[inline]
pub fn word_start(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i > 0 {
        let c = b[i - 1];
        let (len, word) = if c < 0x80 {
            (1, c.is_ascii_alphanumeric() || c == b'_')
        } else if i >= 2 && (0xD8..=0xDB).contains(&b[i - 2]) {
            (2, arabic_alnum(b[i - 2], c))
        } else {
            text[..i].chars().next_back().map_or((1, false), |ch| (ch.len_utf8(), is_word_char(ch)))
        };
        if !word {
            break;
        }
        i -= len;
    }
    i
}

/// Byte offsets of the first character of every word (a run of
/// [`is_word_char`] characters) in `text`.
pub fn word_starts(text: &str) -> Vec<u32> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 6);
    let mut in_word = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (w, len) = if c < 0x80 {
            (c.is_ascii_alphanumeric() || c == b'_', 1)
        } else if (0xD8..=0xDB).contains(&c) {
            (arabic_alnum(c, b[i + 1]), 2)
        } else {
            let ch = text[i..].chars().next().expect("char boundary");
            (is_word_char(ch), ch.len_utf8())
        };
        if w && !in_word {
            out.push(i as u32);
        }
        in_word = w;
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_end_and_start_agree_with_str_searches() {
        let text = "قالَ a_b، «وزير» 12٣ é😀x\u{200F}ـ؟ ﻻ";
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let end = text[i..].find(|c: char| !is_word_char(c)).map_or(text.len(), |e| i + e);
            assert_eq!(word_end(text, i), end, "end from {i}");
            let start = text[..i]
                .rfind(|c: char| !is_word_char(c))
                .map_or(0, |s| s + text[s..].chars().next().map_or(1, char::len_utf8));
            assert_eq!(word_start(text, i), start, "start before {i}");
        }
    }

    #[test]
    fn numeric_chars_agree_with_the_standard_library() {
        for u in (0..0x800u32).filter_map(char::from_u32) {
            assert_eq!(is_numeric_char(u), u.is_numeric(), "{u:?}");
        }
    }
}
