//! Fuzz target: extraction over arbitrary UTF-8 text must never panic and
//! every reported span must meet the span contract (`qawl::contract`:
//! non-empty, trimmed, on char boundaries, `input[start..end] == text`,
//! char offsets agree with the byte offsets).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qawl::Extractor;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(Extractor::builtin)
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
    // the span contract shared with tests/props.rs and tests/hostile.rs
    if let Err(e) = qawl::contract::check(ex, input, &attrs, usize::MAX) {
        panic!("span contract: {e}");
    }
    // Every output format renders without panicking.
    use qawl::output::Format;
    for f in [Format::Table, Format::Tsv, Format::Jsonl, Format::Json] {
        let mut buf = Vec::new();
        qawl::output::write_doc(&mut buf, f, ex, "fuzz", input, &attrs, true).unwrap();
    }
});
