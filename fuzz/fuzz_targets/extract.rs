//! Fuzz target: extraction over arbitrary UTF-8 text must never panic and
//! every reported span must be valid against the input (SPEC.md: byte
//! offsets on char boundaries, `input[start..end] == text`, char offsets
//! agree with the byte offsets, spans inside the document).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qawl::Extractor;
use serde_json::Value;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(Extractor::builtin)
}

fn check_span(input: &str, v: &Value, what: &str) {
    let start = v["start"].as_u64().expect("start") as usize;
    let end = v["end"].as_u64().expect("end") as usize;
    let cs = v["char_start"].as_u64().expect("char_start") as usize;
    let ce = v["char_end"].as_u64().expect("char_end") as usize;
    assert!(
        start <= end && end <= input.len(),
        "{what}: span {start}..{end} outside document of {} bytes",
        input.len()
    );
    assert!(
        input.is_char_boundary(start) && input.is_char_boundary(end),
        "{what}: {start}..{end} not on char boundaries"
    );
    let text = v["text"].as_str().expect("text");
    assert_eq!(&input[start..end], text, "{what}: text differs from input[start..end]");
    assert_eq!(input[..start].chars().count(), cs, "{what}: char_start");
    assert_eq!(input[..end].chars().count(), ce, "{what}: char_end");
}

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 is rejected before extraction (src/input.rs); feed the
    // valid prefix so every input exercises the pipeline.
    let input = match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap(),
    };
    let ex = extractor();
    let attrs = ex.extract(input);
    let doc = qawl::output::doc_json(ex, "fuzz", input, &attrs, true);
    for a in doc["attributions"].as_array().expect("attributions") {
        check_span(input, &a["cue"], "cue");
        check_span(input, &a["content"], "content");
        if !a["speaker"].is_null() {
            check_span(input, &a["speaker"], "speaker");
        }
    }
    // Every output format renders without panicking.
    use qawl::output::Format;
    for f in [Format::Table, Format::Tsv, Format::Jsonl, Format::Json] {
        let mut buf = Vec::new();
        qawl::output::write_doc(&mut buf, f, ex, "fuzz", input, &attrs, true).unwrap();
    }
});
