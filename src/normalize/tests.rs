//! Unit tests of normalisation: the offset map, folding and the fused word pass.

use super::*;

fn check_map(input: &str) {
    let n = normalize(input);
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
fn only_space_and_newline_are_left_as_whitespace() {
    let input = "أ\u{000B}ب\u{000C}ج\u{0085}د\u{2028}ه\u{2029}و\u{1680}ز\u{3000}\u{00A0}ح";
    let n = normalize(input);
    assert_eq!(n.text, "ا\nب\nج\nد\nه\nو ز ح");
    check_map(input);
    // every whitespace character of Unicode
    for u in 0..0x3001u32 {
        let Some(c) = char::from_u32(u) else { continue };
        let t = normalize(&format!("ب{c}ب")).text;
        assert!(t.chars().all(|x| !x.is_whitespace() || x == ' ' || x == '\n'), "U+{u:04X} -> {t:?}");
    }
}

#[test]
fn spans_inside_one_expanded_character_cover_it() {
    // U+FDFA folds to several letters; a span over some of them is the whole sign
    let input = "ب \u{FDFA} قال";
    let n = normalize(input);
    let at = n.text.find("صل").unwrap();
    let (s, e) = n.orig_span_covering(input, at, at + "صل".len());
    assert_eq!(&input[s..e], "\u{FDFA}");
    let q = n.text.find("قال").unwrap();
    let (s, e) = n.orig_span_covering(input, q, q + "قال".len());
    assert_eq!(&input[s..e], "قال");
}

#[test]
fn presentation_forms_fold() {
    // U+FEFB LAM WITH ALEF ligature, U+FE8D ALEF isolated
    let n = normalize("\u{FEFB}\u{FE8D}");
    assert_eq!(n.text, "لاا");
    check_map("\u{FEFB}\u{FE8D}");
}

#[test]
fn word_char_tables_match_the_standard_library() {
    for u in (0..0x800u32).chain(0x2000..0x2100) {
        let c = char::from_u32(u).unwrap();
        assert_eq!(is_word_char(c), c.is_alphanumeric() || c == '_', "U+{u:04X}");
    }
}

/// The text and the original offset of every normalised byte that starts
/// a character (and of the end), for comparison with `reference`.
fn at_chars(n: &Normalized) -> (String, Vec<u32>) {
    let offs = n.text.char_indices().map(|(i, _)| i).chain([n.text.len()]).map(|i| n.orig(i) as u32).collect();
    (n.text.clone(), offs)
}

/// `normalize` done one character at a time, without the fast paths.
fn reference(input: &str) -> (String, Vec<u32>) {
    let (mut text, mut map, mut sp) = (String::new(), vec![], false);
    for (at, ch) in input.char_indices() {
        match ch {
            ' ' | '\t' if sp => {}
            ' ' | '\t' => {
                mark(&mut map, text.len(), at);
                text.push(' ');
                sp = true;
            }
            '\r' => {}
            '\u{000B}' | '\u{000C}' => {
                mark(&mut map, text.len(), at);
                text.push('\n');
                sp = false;
            }
            _ if ch.is_ascii() => {
                mark(&mut map, text.len(), at);
                text.push(ch);
                sp = false;
            }
            _ => push_folded(ch, at, &mut text, &mut map, &mut sp),
        }
    }
    at_chars(&Normalized { text, map, orig_len: input.len() })
}

#[test]
fn fast_paths_match_char_by_char_folding() {
    // every character of the Arabic block, alone and between spaces
    for u in 0x600..0x700u32 {
        let c = char::from_u32(u).unwrap();
        for input in [c.to_string(), format!(" {c} x"), format!("ب {c}\u{00A0}{c}ـ")] {
            let n = normalize(&input);
            assert_eq!(at_chars(&n), reference(&input), "U+{u:04X} in {input:?}");
        }
    }
    // pseudo-random mixes of everything the loop treats differently
    let alphabet: Vec<char> =
        " \t\r\n\u{000B}\u{000C}\u{0085}\u{2028}\u{1680}.a«»قالأإىیکةـَُّ\u{200F}\u{00A0}\u{2003}\u{FEFB}\u{FDFA}é…😀"
            .chars()
            .collect();
    let mut seed = 0x2545_f491_u64;
    for _ in 0..3000 {
        let mut input = String::new();
        for _ in 0..(seed % 24) {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            input.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        let n = normalize(&input);
        assert_eq!(at_chars(&n), reference(&input), "{input:?}");
    }
}

#[test]
fn byte_level_word_tests_match_char_tests() {
    let text = "قالَ a_b، «وزير» 12٣ é😀x\u{200F}ـ؟ ﻻ";
    let mut starts = vec![];
    let mut prev = None;
    for (i, c) in text.char_indices() {
        assert_eq!(word_char_at(text, i), Some(is_word_char(c)), "at {i}");
        assert_eq!(word_char_before(text, i), prev, "before {i}");
        if is_word_char(c) && prev != Some(true) {
            starts.push(i as u32);
        }
        prev = Some(is_word_char(c));
    }
    assert_eq!(word_char_at(text, text.len()), None);
    assert_eq!(word_char_before(text, text.len()), prev);
    assert_eq!(word_starts(text), starts);
    for u in 0x600..0x700u32 {
        let t = char::from_u32(u).unwrap().to_string();
        assert_eq!(word_char_at(&t, 0), Some(is_word_char(t.chars().next().unwrap())));
        assert_eq!(word_char_before(&t, t.len()), word_char_at(&t, 0));
    }
}

#[test]
fn empty_input() {
    let n = normalize("");
    assert_eq!(n.text, "");
    assert_eq!(n.orig(0), 0);
}
