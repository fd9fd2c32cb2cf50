//! Property tests (proptest) for the normalisation offset map and for the
//! spans extraction reports, over strings biased toward what Arabic news
//! throws at the pipeline: letters, diacritics, tatweel, zero-width and
//! bidi controls, presentation forms, CR/LF, odd spaces, quotation marks
//! and cue words.

use std::sync::OnceLock;

use proptest::prelude::*;
use qawl::Extractor;
use qawl::normalize::normalize;

fn ex() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(Extractor::builtin)
}

/// Characters normalisation skips entirely.
const CONTROLS: &[char] = &[
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
    '\u{202E}', '\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}', '\u{00AD}', '\u{061C}',
];

const WORDS: &[&str] = &[
    "قال",
    "وقال",
    "قالت",
    "أكد",
    "وأكدت",
    "أضاف",
    "يقول",
    "أشار إلى",
    "مشيرا",
    "قائلا",
    "بحسب",
    "وفقا لـ",
    "نقلا عن",
    "الوزير",
    "المتحدث باسم",
    "رئيس",
    "الوزارة",
    "مصادر",
    "إن",
    "أن",
    "بأن",
    "في",
    "الذي",
    "للصحفيين",
    "John",
    "2024",
    "٣٫٥",
    "ﻗﺎﻝ",
    "قـــال",
    "قَالَ",
];

fn control() -> impl Strategy<Value = char> {
    prop::sample::select(CONTROLS)
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::char::range('\u{0621}', '\u{064A}').prop_map(String::from), // letters
        2 => prop_oneof![
            prop::char::range('\u{064B}', '\u{065F}'),
            Just('\u{0670}'),
            prop::char::range('\u{06D6}', '\u{06ED}'),
            prop::char::range('\u{0610}', '\u{061A}'),
        ]
        .prop_map(String::from), // diacritics and Quranic marks
        1 => Just("\u{0640}".to_string()), // tatweel
        2 => control().prop_map(String::from),
        2 => prop_oneof![prop::char::range('\u{FB50}', '\u{FDFF}'), prop::char::range('\u{FE70}', '\u{FEFE}')]
            .prop_map(String::from), // presentation forms
        3 => prop::sample::select(&[" ", "  ", "\t", "\u{00A0}", "\u{2009}", "\u{3000}", "\r", "\n", "\r\n", "\n\n"][..])
            .prop_map(str::to_string),
        3 => prop::sample::select(&["«", "»", "“", "”", "\"", "„", "‹", "›", "(", ")", ":", "،", ".", "؟", "!", "-"][..])
            .prop_map(str::to_string),
        4 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z0-9 ]{1,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Every normalised char maps to a char boundary of the input, the map is
    /// monotonic over every normalised byte, and the end maps to the end.
    #[test]
    fn offset_map_is_sound(input in text()) {
        let n = normalize(&input);
        for (i, _) in n.text.char_indices() {
            prop_assert!(input.is_char_boundary(n.orig(i)), "char at {} maps to {}", i, n.orig(i));
            prop_assert!(n.orig(i) < input.len());
        }
        for i in 0..n.text.len() {
            prop_assert!(n.orig(i) <= n.orig(i + 1), "map decreases at {}", i);
        }
        prop_assert_eq!(n.orig(n.text.len()), input.len());
        // and every normalised span maps to a sliceable original span
        let idx: Vec<usize> = n.text.char_indices().map(|(i, _)| i).chain([n.text.len()]).collect();
        for w in idx.windows(2).step_by(3) {
            let (s, e) = n.orig_span(w[0], w[1]);
            prop_assert!(s <= e && input.get(s..e).is_some());
        }
    }

    /// Zero-width and bidi controls are invisible to matching: inserting them
    /// anywhere leaves the normalised text unchanged.
    #[test]
    fn controls_are_skipped(pieces in prop::collection::vec(piece(), 0..60), ctl in prop::collection::vec(control(), 60)) {
        let plain: String = pieces.iter().filter(|p| !p.chars().any(|c| CONTROLS.contains(&c))).cloned().collect();
        let mut noisy = String::new();
        for (p, c) in pieces.iter().filter(|p| !p.chars().any(|c| CONTROLS.contains(&c))).zip(&ctl) {
            for ch in p.chars() {
                noisy.push(ch);
                noisy.push(*c);
            }
        }
        prop_assert_eq!(normalize(&plain).text, normalize(&noisy).text);
    }

    /// Extraction spans slice the input on char boundaries, inside the
    /// document, and the JSON text and char offsets agree with the input.
    #[test]
    fn extraction_spans_are_valid(input in text()) {
        let attrs = ex().extract(&input);
        let doc = qawl::output::doc_json(ex(), "p", &input, &attrs, false);
        for a in doc["attributions"].as_array().unwrap() {
            for key in ["speaker", "cue", "content"] {
                let v = &a[key];
                if v.is_null() {
                    continue;
                }
                let s = v["start"].as_u64().unwrap() as usize;
                let e = v["end"].as_u64().unwrap() as usize;
                prop_assert!(s < e && e <= input.len(), "{} {}..{} in {} bytes", key, s, e, input.len());
                prop_assert!(input.get(s..e).is_some(), "{} {}..{} not on char boundaries", key, s, e);
                prop_assert_eq!(v["text"].as_str().unwrap(), &input[s..e]);
                prop_assert_eq!(v["char_start"].as_u64().unwrap() as usize, input[..s].chars().count());
                prop_assert_eq!(v["char_end"].as_u64().unwrap() as usize, input[..e].chars().count());
            }
        }
    }
}
