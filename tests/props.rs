//! Property tests (proptest) for the normalisation offset map and for the
//! spans extraction reports, over strings biased toward what Arabic news
//! throws at the pipeline: letters, diacritics, tatweel, zero-width and
//! bidi controls, presentation forms, CR/LF, odd spaces, quotation marks
//! and cue words.

use std::sync::OnceLock;

use std::collections::HashMap;

use proptest::prelude::*;
use qawl::Extractor;
use qawl::normalize::{normalize, word_char_at, word_char_before};
use qawl::patterns::Category;

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

    /// Extraction spans meet the span contract (`qawl::contract`): non-empty,
    /// trimmed, on char boundaries, and the JSON text and char offsets agree
    /// with the input. The same check as `tests/hostile.rs` and the fuzz target.
    #[test]
    fn extraction_spans_are_valid(input in text()) {
        let attrs = ex().extract(&input);
        if let Err(e) = qawl::contract::check(ex(), &input, &attrs, usize::MAX) {
            prop_assert!(false, "{}", e);
        }
    }

    /// The cue scan (word lookup plus anchored automaton) finds exactly what
    /// its documented rule says, checked by brute force over every surface
    /// form, on text made of pattern surfaces glued by spaces, marks and
    /// stray letters.
    #[test]
    fn scan_is_the_longest_match_on_word_boundaries(pieces in prop::collection::vec(scan_piece(), 0..40)) {
        let m = &ex().matcher;
        let raw: String = pieces.iter().map(|p| match p {
            ScanPiece::Surface(i) => i.get(&m.surfaces).as_str(),
            ScanPiece::Glue(g) => g,
        }).collect();
        let text = normalize(&raw).text;
        let got: Vec<_> = m.scan(&text, &ex().set.entries).iter().map(|h| (h.start, h.end, h.surface)).collect();
        prop_assert_eq!(got, brute_force_scan(&text));
    }

    /// Normalising and scanning in one pass (what extraction runs) gives the
    /// same text, offset map and hits as the two steps apart, on pattern
    /// surfaces mixed with everything normalisation folds or skips.
    #[test]
    fn normalize_scan_is_normalize_then_scan(
        pieces in prop::collection::vec(prop_oneof![
            3 => scan_piece().prop_map(Mixed::Scan),
            2 => piece().prop_map(Mixed::Noise),
        ], 0..60)
    ) {
        let m = &ex().matcher;
        let raw: String = pieces.iter().map(|p| match p {
            Mixed::Scan(ScanPiece::Surface(i)) => i.get(&m.surfaces).clone(),
            Mixed::Scan(ScanPiece::Glue(g)) => g.to_string(),
            Mixed::Noise(s) => s.clone(),
        }).collect();
        let (fused, hits) = m.normalize_scan(&raw, &ex().set.entries);
        let apart = normalize(&raw);
        prop_assert_eq!(&fused.text, &apart.text);
        for i in 0..=apart.text.len() {
            prop_assert_eq!(fused.orig(i), apart.orig(i), "offset {}", i);
        }
        let key = |h: &[qawl::cues::Hit]| h.iter().map(|h| (h.start, h.end, h.surface)).collect::<Vec<_>>();
        prop_assert_eq!(key(&hits), key(&m.scan(&apart.text, &ex().set.entries)));
    }
}

#[derive(Debug, Clone)]
enum Mixed {
    Scan(ScanPiece),
    Noise(String),
}

#[derive(Debug, Clone)]
enum ScanPiece {
    Surface(prop::sample::Index),
    Glue(&'static str),
}

fn scan_piece() -> impl Strategy<Value = ScanPiece> {
    prop_oneof![
        5 => any::<prop::sample::Index>().prop_map(ScanPiece::Surface),
        4 => prop::sample::select(&[" ", " ", "، ", "«", "»", "\"", "(", ")", "\n", ".", ":", "ـ«", "-"][..]).prop_map(ScanPiece::Glue),
        2 => prop::sample::select(&["و", "ب", "ال", "ل", "ه", "ا", "ت", "م", "ها", "ين", "x", "3"][..]).prop_map(ScanPiece::Glue),
    ]
}

/// The scan rule of `Matcher::scan`, spelled out naively: surfaces grouped
/// by first character, every candidate compared at every tried position.
fn brute_force_scan(text: &str) -> Vec<(usize, usize, u32)> {
    static BY_FIRST: OnceLock<HashMap<char, Vec<u32>>> = OnceLock::new();
    let m = &ex().matcher;
    let by_first = BY_FIRST.get_or_init(|| {
        let mut map: HashMap<char, Vec<u32>> = HashMap::new();
        for (id, s) in m.surfaces.iter().enumerate() {
            map.entry(s.chars().next().unwrap()).or_default().push(id as u32);
        }
        map
    });
    let first_reading = |id: u32| m.meanings[id as usize][0];
    let mut out = vec![];
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let inside_word = word_char_before(text, i) == Some(true) && word_char_at(text, i) == Some(true);
        let longest = if inside_word {
            None
        } else {
            by_first
                .get(&c)
                .into_iter()
                .flatten()
                .filter(|&&id| text[i..].starts_with(m.surfaces[id as usize].as_str()))
                .max_by_key(|&&id| m.surfaces[id as usize].len())
        };
        let Some(&id) = longest else {
            i += c.len_utf8();
            continue;
        };
        let e = i + m.surfaces[id as usize].len();
        let reading = first_reading(id);
        let quote = ex().set.entries[reading.entry as usize].category == Category::Quote;
        let after = word_char_at(text, e);
        let after_ok = if reading.attached { after == Some(true) } else { after != Some(true) };
        if quote || (word_char_before(text, i) != Some(true) && after_ok) {
            out.push((i, e, id));
        }
        i = e;
    }
    out
}
