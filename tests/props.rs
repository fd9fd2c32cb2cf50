//! Property tests (proptest) for the normalisation offset map and for the
//! spans extraction reports, over strings biased toward what Arabic news
//! throws at the pipeline: letters, diacritics, tatweel, zero-width and
//! bidi controls, presentation forms, CR/LF, odd spaces, quotation marks
//! and cue words.

use std::sync::OnceLock;

use std::collections::HashMap;

use proptest::prelude::*;
use qawl::Extractor;
use qawl::normalize::{normalize, word_char_at, word_char_before, word_end, word_start};
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
    /// same text, offset map and hits as the two steps apart, and the word
    /// edges of the text, on pattern
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
        let (fused, hits, bounds) = m.normalize_scan_words(&raw, &ex().set.entries);
        let apart = normalize(&raw);
        prop_assert_eq!(&fused.text, &apart.text);
        for i in 0..=apart.text.len() {
            prop_assert_eq!(fused.orig(i), apart.orig(i), "offset {}", i);
        }
        // the word edges it records are the text's runs of word characters
        let text = apart.text.as_str();
        for (i, c) in text.char_indices() {
            if qawl::normalize::is_word_char(c) {
                prop_assert_eq!(bounds.end_after(i), word_end(text, i), "end from {}", i);
                let after = i + c.len_utf8();
                prop_assert_eq!(bounds.start_before(after), word_start(text, after), "start before {}", after);
            }
        }
        let starts = qawl::normalize::word_starts(text);
        for a in (0..=text.len()).step_by(7) {
            for b in a..=text.len() {
                let want = starts.iter().filter(|&&p| a <= p as usize && (p as usize) < b).count();
                prop_assert_eq!(bounds.starts_in(a, b), want, "starts in {}..{}", a, b);
            }
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

// ---------------------------------------------------------------- the JSONL line parser against serde_json

/// Pieces of JSON, valid and not: structure, the two fields, strings with
/// every kind of escape (pairs, lone surrogates, bad escapes, raw control
/// characters), numbers in and out of the grammar and of range.
fn json_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&["{", "}", "[", "]", ",", ":", " ", "\t", "\r", "\"text\"", "\"id\"", "\"te\\u0078t\"", "\"x\"", "\n"][..]).prop_map(str::to_string),
        3 => prop::collection::vec(prop_oneof![
            4 => "[a-zA-Z0-9 ]{0,4}",
            2 => prop::sample::select(&["قال", "«", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\ud83d\\ude00", "\\ud800!", "\\udc00!", "\\ud800\\u0041", "\\x", "\\u12", "\u{1}", "\t", "\u{7f}", "\u{2028}"][..]).prop_map(str::to_string),
        ], 0..5).prop_map(|v| format!("\"{}\"", v.concat())),
        2 => prop::sample::select(&["0", "-0", "7", "1.50", "1e5", "1E+2", "-3.25e-4", "12345678901234567890123", "18446744073709551616", "01", "1.", "-", ".5", "1e", "1e400", "-1e999", "2.2250738585072014e-308"][..]).prop_map(str::to_string),
        1 => prop::sample::select(&["true", "false", "null", "nul", "tru"][..]).prop_map(str::to_string),
    ]
}

/// A JSONL line: mostly a well-formed object with the fields in some order
/// (so that the valid paths are exercised), sometimes pieces at random.
fn json_line() -> impl Strategy<Value = String> {
    let member = (
        prop::sample::select(&["\"id\"", "\"text\"", "\"x\"", "\"te\\u0078t\""][..]),
        json_piece(),
        prop::collection::vec(json_piece(), 0..3),
    )
        .prop_map(|(k, v, junk)| format!("{k}: {v}{}", junk.concat()));
    prop_oneof![
        3 => prop::collection::vec(member, 0..5).prop_map(|m| format!("{{{}}}", m.join(", "))),
        1 => prop::collection::vec(json_piece(), 0..12).prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    /// `qawl::jsonl::parse` accepts what serde_json accepts (and lines whose
    /// only fault is a lone surrogate escape, which become U+FFFD), reads
    /// the same text and id, and gives serde_json's message otherwise.
    #[test]
    fn jsonl_parse_agrees_with_serde_json(line in json_line()) {
        use qawl::jsonl::{parse, Parsed};
        use serde_json::Value;
        let ours = parse(line.as_bytes(), "id", "text");
        // what serde_json reads once the lone surrogates (never next to
        // another surrogate in these lines) are U+FFFD
        let reference = match serde_json::from_slice::<Value>(line.as_bytes()) {
            Err(e) if e.to_string().contains("surrogate") || e.to_string().contains("end of hex escape") => {
                serde_json::from_slice::<Value>(line.replace("\\ud800", "\\ufffd").replace("\\udc00", "\\ufffd").as_bytes())
            }
            r => r,
        };
        match reference {
            Ok(Value::Object(obj)) => match (obj.get("text"), ours) {
                (None, Parsed::Bad(m)) => prop_assert_eq!(m, "no 'text' field, skipped"),
                (Some(Value::String(t)), Parsed::Doc { id, text }) => {
                    prop_assert_eq!(&text, t);
                    match (obj.get("id"), id) {
                        (Some(Value::String(s)), Some(i)) => prop_assert_eq!(&i, s),
                        (Some(Value::Number(n)), Some(i)) => prop_assert_eq!(serde_json::from_str::<Value>(&i).ok(), Some(Value::Number(n.clone()))),
                        (Some(Value::String(_) | Value::Number(_)), None) => prop_assert!(false, "id lost"),
                        (_, i) => prop_assert_eq!(i, None),
                    }
                }
                (Some(_), Parsed::Bad(m)) => prop_assert_eq!(m, "field 'text' is not a string, skipped"),
                (_, ours) => prop_assert!(false, "{:?}", ours),
            },
            Ok(_) => prop_assert_eq!(ours, Parsed::Bad("not a JSON object, skipped".into())),
            Err(e) => match ours {
                // (a line with a lone surrogate and another fault: the
                // messages may name different columns)
                Parsed::Bad(m) => prop_assert!(
                    m == format!("not valid JSON ({e}), skipped") || (line.contains("\\ud800") || line.contains("\\udc00")) && m.starts_with("not valid JSON ("),
                    "ours: {} serde_json: {}", m, e
                ),
                Parsed::Doc { .. } => prop_assert!(false, "accepted, serde_json: {}", e),
            },
        }
    }
}
