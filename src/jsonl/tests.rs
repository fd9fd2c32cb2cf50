use super::*;

fn doc(line: &str) -> (Option<String>, String) {
    match parse(line.as_bytes(), "id", "text") {
        Parsed::Doc { id, text } => (id.map(|c| c.into_owned()), text.into_owned()),
        Parsed::Bad(m) => panic!("{line}: {m}"),
    }
}

fn bad(line: &[u8]) -> String {
    match parse(line, "id", "text") {
        Parsed::Bad(m) => m,
        d => panic!("{}: {d:?}", String::from_utf8_lossy(line)),
    }
}

#[test]
fn fields_and_escapes() {
    assert_eq!(doc(r#"{"id": "a", "text": "قال"}"#), (Some("a".into()), "قال".into()));
    assert_eq!(
        doc(r#" {"x": [1, {"y": null}], "text": "a\"b\\c\/\n\t\u00e9\ud83d\ude00", "id": 7} "#),
        (Some("7".into()), "a\"b\\c/\n\té😀".into())
    );
    // the last occurrence wins, and keys are compared unescaped
    assert_eq!(doc(r#"{"text": "one", "te\u0078t": "two"}"#), (None, "two".into()));
    assert_eq!(doc(r#"{"id": true, "text": ""}"#), (None, "".into()));
}

#[test]
fn ids_as_written() {
    for id in ["7.0", "1.50", "12345678901234567890123", "-0", "1e5", "18446744073709551616"] {
        let line = format!(r#"{{"id": {id}, "text": "t"}}"#);
        assert_eq!(doc(&line).0.as_deref(), Some(id));
    }
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    assert_eq!(doc(r#"{"text": "a\ud800b"}"#).1, "a\u{FFFD}b");
    assert_eq!(doc(r#"{"text": "a\udc00"}"#).1, "a\u{FFFD}");
    assert_eq!(doc(r#"{"text": "\ud800\u0041"}"#).1, "\u{FFFD}A");
    assert_eq!(doc(r#"{"text": "\ud83d"}"#).1, "\u{FFFD}");
}

#[test]
fn errors_are_serde_json_messages() {
    assert_eq!(bad(b"nope"), "not valid JSON (expected ident at line 1 column 2), skipped");
    assert_eq!(bad(b"{\"id\": 007, \"text\": \"t\"}"), "not valid JSON (invalid number at line 1 column 9), skipped");
    assert_eq!(bad(b"[1, 2]"), "not a JSON object, skipped");
    assert_eq!(bad(br#"{"id": 1}"#), "no 'text' field, skipped");
    assert_eq!(bad(br#"{"text": 1}"#), "field 'text' is not a string, skipped");
    for line in [
        &br#"{"text": "a" "#[..],
        br#"{"text": "a"} x"#,
        br#"{"text": "a\x"}"#,
        br#"{"text": "a\u12"}"#,
        b"{\"text\": \"a\tb\"}",
        br#"{"text": "a", "n": 01}"#,
        br#"{"text": "a", "n": 1.}"#,
        br#"{"text": "a", "n": 1e400}"#,
        br#"{"text": "a", "n": [1,]}"#,
        br#"{"text": "a",}"#,
        b"{\"text\": \"\xff\"}",
    ] {
        assert!(bad(line).starts_with("not valid JSON ("), "{}", String::from_utf8_lossy(line));
    }
}

#[test]
fn nesting_limit_is_serde_jsons() {
    for depth in [126, 127, 128, 129, 1000] {
        let line = format!(r#"{{"text": "t", "x": {}{}}}"#, "[".repeat(depth - 1), "]".repeat(depth - 1));
        let serde_ok = serde_json::from_str::<serde_json::Value>(&line).is_ok();
        let ours_ok = matches!(parse(line.as_bytes(), "id", "text"), Parsed::Doc { .. });
        assert_eq!(ours_ok, serde_ok, "depth {depth}");
        assert_eq!(serde_ok, depth <= 127);
    }
}

#[test]
fn strings_are_written_as_serde_json_writes_them() {
    let mut all: String = (0u8..0x80).map(char::from).collect();
    all.push_str("«قال» \u{2028}\u{FEFF}😀\u{7F}");
    for s in ["", "a", "\"", "\\", "قال الوزير: \"نعم\"\n", all.as_str(), &all[40..], &all.repeat(3)] {
        let mut out = vec![];
        write_str(&mut out, s);
        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
    }
}

#[test]
fn special_bytes_are_found_at_every_offset() {
    for len in 0..40 {
        for at in 0..len {
            for c in [b'"', b'\\', 0, 0x1F, b'\n'] {
                let mut v = vec![b'a'; len];
                v[at] = c;
                if at + 1 < len {
                    v[at + 1] = b'"';
                }
                assert_eq!(find_special(&v, 0), at, "{v:?}");
            }
        }
        assert_eq!(find_special(&vec![0xD8; len], 0), len);
    }
}
