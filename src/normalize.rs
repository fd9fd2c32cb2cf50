//! Normalisation: folds Arabic spelling variation for matching and keeps a
//! map from every byte of the normalised text back to the original input.
//!
//! Owns: diacritics/tatweel removal, alef/yeh/kaf unification, presentation
//! form folding (NFKC for U+FB50–U+FDFF and U+FE70–U+FEFE), skipping of
//! zero-width and bidi controls and `\r`, and collapsing runs of horizontal
//! whitespace into one ASCII space. `ة` is *not* folded here: a pattern form
//! ending in `ة` is compiled to match `ه` as well (see `patterns`).

/// Normalised text plus the offset map back into the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// `map[i]` is the original byte offset of the character that produced
    /// normalised byte `i`; `map[text.len()]` is the original length.
    map: Vec<u32>,
}

impl Normalized {
    /// Original byte offset of normalised byte offset `i` (`i <= text.len()`).
    #[inline]
    pub fn orig(&self, i: usize) -> usize {
        self.map[i] as usize
    }

    /// Original byte span `[start, end)` for a normalised span. The end is
    /// mapped to the start of the next normalised character, so characters
    /// skipped between two kept ones (e.g. a diacritic) stay inside the span;
    /// callers trim trailing whitespace in original space if they need to.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.orig(start), self.orig(end))
    }
}

/// What one input character becomes.
enum Fold {
    Keep,
    Skip,
    To(char),
    Space,
}

#[inline]
fn fold(c: char) -> Fold {
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
        ' ' | '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Fold::Space,
        _ => Fold::Keep,
    }
}

#[inline]
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Normalise `input`. Linear in the input length.
pub fn normalize(input: &str) -> Normalized {
    let mut text = String::with_capacity(input.len());
    let mut map: Vec<u32> = Vec::with_capacity(input.len() + 1);
    let bytes = input.as_bytes();
    let mut last_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII fast path
            if b == b' ' || b == b'\t' {
                if !last_space {
                    text.push(' ');
                    map.push(i as u32);
                    last_space = true;
                }
            } else if b != b'\r' {
                text.push(b as char);
                map.push(i as u32);
                last_space = false;
            }
            i += 1;
            continue;
        }
        let c = input[i..].chars().next().expect("char boundary");
        let len = c.len_utf8();
        push_folded(c, i, &mut text, &mut map, &mut last_space);
        i += len;
    }
    map.push(input.len() as u32);
    Normalized { text, map }
}

fn push_folded(c: char, at: usize, text: &mut String, map: &mut Vec<u32>, last_space: &mut bool) {
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
    };
    if out != ' ' {
        *last_space = false;
    }
    let start = text.len();
    text.push(out);
    for _ in start..text.len() {
        map.push(at as u32);
    }
}

/// Normalise a pattern form (same folding as the text, trimmed).
pub fn normalize_form(form: &str) -> String {
    normalize(form.trim()).text.trim().to_string()
}

/// True for characters that make up words (letters, digits, marks).
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_map(input: &str) {
        let n = normalize(input);
        assert_eq!(n.map.len(), n.text.len() + 1);
        for (i, _) in n.text.char_indices() {
            assert!(input.is_char_boundary(n.orig(i)), "{input:?} at {i}");
        }
        assert_eq!(n.orig(n.text.len()), input.len());
    }

    #[test]
    fn folds_letters_and_strips_marks() {
        let n = normalize("قالَ أحمدُ إنّ آلاف ـــ مستشفى");
        assert_eq!(n.text, "قال احمد ان الاف مستشفي");
        check_map("قالَ أحمدُ إنّ آلاف ـــ مستشفى");
    }

    #[test]
    fn offsets_point_into_original() {
        let input = "وقالَ\u{200F} الوزيرُ: «نعم»";
        let n = normalize(input);
        let at = n.text.find("الوزير").unwrap();
        let (s, e) = n.orig_span(at, at + "الوزير".len());
        assert_eq!(&input[s..e], "الوزيرُ");
        check_map(input);
    }

    #[test]
    fn crlf_bom_and_spaces() {
        let input = "\u{FEFF}قال\r\n  أكد\u{00A0}\tنعم";
        let n = normalize(input);
        assert_eq!(n.text, "قال\n اكد نعم");
        check_map(input);
    }

    #[test]
    fn presentation_forms_fold() {
        // U+FEFB LAM WITH ALEF ligature, U+FE8D ALEF isolated
        let n = normalize("\u{FEFB}\u{FE8D}");
        assert_eq!(n.text, "لاا");
        check_map("\u{FEFB}\u{FE8D}");
    }

    #[test]
    fn empty_input() {
        let n = normalize("");
        assert_eq!(n.text, "");
        assert_eq!(n.orig(0), 0);
    }
}
