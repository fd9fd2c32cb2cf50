//! Fuzz target: the JSONL reader and line parser, as corpus mode runs them.
//!
//! The input is a stream (its first byte sets how many bytes each read
//! returns, so lines are cut at every possible place) read by
//! `input::Reader` with a 256-byte line cap, then every line parsed by
//! `qawl::jsonl::parse`. Asserts:
//!
//! - no panic, and the reader ends;
//! - runs of lines come in order, numbered without gaps or overlaps, every
//!   line within the cap;
//! - the parser agrees with serde_json: what serde_json accepts is read the
//!   same (text, string id), what it rejects gets its message, and only a
//!   lone surrogate escape (which becomes U+FFFD) is accepted on top.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use qawl::input::{self, Item, Reader};
use qawl::jsonl::{Parsed, parse};
use serde_json::Value;

/// `data` served `step` bytes per read.
struct Pieces {
    data: Vec<u8>,
    at: usize,
    step: usize,
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

const CAP: usize = 256;

fn check_line(line: &[u8]) {
    let ours = parse(line, "id", "text");
    match serde_json::from_slice::<Value>(line) {
        Ok(Value::Object(obj)) => match (obj.get("text"), &ours) {
            (Some(Value::String(t)), Parsed::Doc { id, text }) => {
                assert_eq!(text, t);
                if let Some(Value::String(s)) = obj.get("id") {
                    assert_eq!(id.as_deref(), Some(s.as_str()));
                }
            }
            (None, Parsed::Bad(m)) => assert_eq!(m, "no 'text' field, skipped"),
            (Some(Value::String(_)), _) => panic!("serde_json reads a text, ours: {ours:?}"),
            (Some(_), Parsed::Bad(m)) => assert_eq!(m, "field 'text' is not a string, skipped"),
            (_, _) => panic!("ours: {ours:?}"),
        },
        Ok(_) => assert_eq!(ours, Parsed::Bad("not a JSON object, skipped".into())),
        Err(e) => {
            let e = e.to_string();
            let surrogate = e.contains("surrogate") || e.contains("end of hex escape");
            match &ours {
                Parsed::Bad(m) if m.starts_with("not valid JSON (") => {
                    assert!(surrogate || *m == format!("not valid JSON ({e}), skipped"), "ours: {m}, serde_json: {e}")
                }
                _ => assert!(surrogate, "ours: {ours:?}, serde_json: {e}"),
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&seed, body)) = data.split_first() else { return };
    let stream = Pieces { data: body.to_vec(), at: 0, step: 1 + seed as usize * 7 };
    let mut reader = Reader::jsonl_stream("fuzz", stream).expect("in memory").with_max_line(CAP);
    let mut next_line = 1u64;
    while let Some(item) = reader.next_item() {
        match item {
            Item::Lines { first_line, bytes, .. } => {
                assert!(first_line >= next_line, "lines {first_line} after {next_line}");
                next_line = first_line + memchr_count(&bytes);
                for (n, line) in input::lines(first_line, &bytes) {
                    assert!(n >= first_line && n < first_line + memchr_count(&bytes) + 1);
                    assert!(line.len() <= CAP, "line {n}: {} bytes", line.len());
                    check_line(line);
                }
            }
            Item::Bad { at, line: true, .. } => {
                let n: u64 = at.rsplit(':').next().unwrap().parse().unwrap();
                assert!(n >= next_line, "bad line {n} before {next_line}");
                next_line = n + 1;
            }
            Item::Bad { .. } => {}
            Item::Text { .. } => panic!("a text item from a JSONL stream"),
        }
    }
});

fn memchr_count(b: &[u8]) -> u64 {
    b.iter().filter(|&&c| c == b'\n').count() as u64
}
