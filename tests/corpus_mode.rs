//! Corpus mode from the command line: output order and content do not
//! depend on `--threads`, across many batches, and `--stats` sums the run up.

use std::process::{Command, Output};

use serde_json::Value;

fn qawl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qawl")).args(args).output().expect("run qawl")
}

/// `copies` copies of the dev articles as one JSONL corpus, each line with a
/// fresh id, so the run spans several 512-document batches.
fn corpus(copies: usize) -> (tempfile::NamedTempFile, Vec<String>) {
    let dev = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dev.jsonl")).unwrap();
    let mut out = String::new();
    let mut ids = vec![];
    for k in 0..copies {
        for line in dev.lines().filter(|l| !l.trim().is_empty()) {
            let mut doc: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap();
            let id = format!("{}-{k}", doc["id"].as_str().unwrap());
            doc.insert("id".into(), Value::String(id.clone()));
            out.push_str(&serde_json::to_string(&doc).unwrap());
            out.push('\n');
            ids.push(id);
        }
    }
    let f = tempfile::Builder::new().suffix(".jsonl").tempfile().unwrap();
    std::fs::write(f.path(), out).unwrap();
    (f, ids)
}

#[test]
fn output_is_in_input_order_for_any_thread_count() {
    let (file, ids) = corpus(40);
    assert!(ids.len() > 3 * 512, "{} documents: not enough for several batches", ids.len());
    let path = file.path().display().to_string();
    let run = |threads: &str| {
        let o = qawl(&["extract", "--threads", threads, "--input", "jsonl", "--format", "jsonl", &path]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let one = run("1");
    let got: Vec<String> = String::from_utf8(one.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, ids);
    for threads in ["2", "3"] {
        assert!(run(threads) == one, "--threads {threads} output differs from --threads 1");
    }
}

#[test]
fn stats_line_counts_the_run() {
    let (file, ids) = corpus(3);
    let o = qawl(&["extract", "--stats", "--input", "jsonl", "--format", "jsonl", &file.path().display().to_string()]);
    assert!(o.status.success());
    let attributions: usize = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["attributions"].as_array().unwrap().len())
        .sum();
    assert!(attributions > 0);
    let err = String::from_utf8(o.stderr).unwrap();
    let summary = err.lines().last().unwrap_or_default();
    assert!(summary.starts_with(&format!("qawl: {} documents, {attributions} attributions, ", ids.len())), "{err}");
    assert!(summary.ends_with("0 skipped"), "{summary}");
}

// ---------------------------------------------------------------- the reader and the pipeline, as a library

use qawl::corpus::{self, Counts, Sink, Work};
use qawl::input::{self, Fields, InputMode, Item, Reader};

fn jsonl_file(body: &str) -> tempfile::NamedTempFile {
    let f = tempfile::Builder::new().suffix(".jsonl").tempfile().unwrap();
    std::fs::write(f.path(), body).unwrap();
    f
}

/// A line over the cap is reported with its number and skipped without
/// keeping it; the lines after it keep their numbers.
#[test]
fn a_line_over_the_cap_is_skipped_and_reading_goes_on() {
    let long = format!("{{\"text\": \"{}\"}}", "ب".repeat(3000));
    let f = jsonl_file(&format!("{{\"text\": \"one\"}}\n{long}\n{{\"text\": \"three\"}}\n{long}"));
    let name = f.path().display().to_string();
    let (reader, _) = Reader::new(std::slice::from_ref(&name), Some(InputMode::Jsonl));
    let mut reader = reader.with_max_line(1000);
    let mut seen = vec![];
    while let Some(item) = reader.next_item() {
        match item {
            Item::Lines { first_line, bytes, .. } => {
                for (n, l) in input::lines(first_line, &bytes) {
                    assert!(l.len() <= 1000, "line {n} of {} bytes handed on", l.len());
                    seen.push(format!("{n}: {}", String::from_utf8_lossy(l)));
                }
            }
            Item::Bad { at, msg, line, .. } => {
                assert!(line);
                seen.push(format!("{at}: {msg}"));
            }
            Item::Text { .. } => panic!("text item from a JSONL file"),
        }
    }
    let over = "line longer than the limit (1000 bytes), skipped";
    assert_eq!(
        seen,
        [
            "1: {\"text\": \"one\"}".to_string(),
            format!("{name}:2: {over}"),
            "3: {\"text\": \"three\"}".to_string(),
            format!("{name}:4: {over}"),
        ]
    );
}

/// Extraction that panics on one document: that document is reported and
/// left out (nothing it half-wrote stays), the others are written in order.
#[test]
fn a_panicking_document_is_reported_and_the_others_kept() {
    struct Boom;
    impl Work for Boom {
        type Out = Vec<u8>;
        fn doc(&self, out: &mut Vec<u8>, id: &str, text: &str) -> usize {
            out.extend_from_slice(id.as_bytes());
            if text == "boom" {
                panic!("deliberate");
            }
            out.push(b'\n');
            1
        }
    }
    #[derive(Default)]
    struct Collect {
        out: Vec<u8>,
        reports: Vec<String>,
    }
    impl Sink<Vec<u8>> for Collect {
        fn write(&mut self, out: &Vec<u8>, range: std::ops::Range<usize>) -> std::io::Result<()> {
            self.out.extend_from_slice(&out[range]);
            Ok(())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
        fn report(&mut self, at: &str, msg: &str) {
            self.reports.push(format!("{at}: {msg}"));
        }
    }
    let mut body = String::new();
    for i in 0..3000 {
        let text = if i == 1234 { "boom" } else { "fine" };
        body.push_str(&format!("{{\"id\": \"d{i}\", \"text\": \"{text}\"}}\n"));
    }
    let f = jsonl_file(&body);
    let name = f.path().display().to_string();
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut sink = Collect::default();
    let opts = corpus::Options::new(Some(InputMode::Jsonl), Fields::default(), 3);
    let (r, counts) = corpus::run(std::slice::from_ref(&name), &opts, &Boom, &mut sink);
    std::panic::set_hook(prev);
    r.unwrap();
    assert_eq!(counts, Counts { docs: 2999, attrs: 2999, empty: 0, bytes: 2999 * 4, bad: 1 });
    let want: String = (0..3000).filter(|&i| i != 1234).map(|i| format!("d{i}\n")).collect();
    assert!(sink.out == want.as_bytes(), "output differs");
    assert_eq!(sink.reports, [format!("{name}:1235: internal error, skipped (please report): deliberate")]);
}

/// The plain iterator applies the same cap on bad lines per file.
#[test]
fn documents_cuts_a_file_after_a_hundred_bad_lines() {
    let mut body = String::from("{\"text\": \"first\"}\n");
    for _ in 0..500 {
        body.push_str("{broken\n");
    }
    body.push_str("{\"text\": \"never\"}\n");
    let f = jsonl_file(&body);
    let g = jsonl_file("{\"text\": \"next file\"}\n");
    let names = vec![f.path().display().to_string(), g.path().display().to_string()];
    let docs: Vec<input::Doc> = input::documents(names.clone(), None, Fields::default()).collect();
    let texts: Vec<&str> = docs.iter().filter_map(|d| d.text.as_deref().ok()).collect();
    assert_eq!(texts, ["first", "next file"]);
    let errors: Vec<&input::Doc> = docs.iter().filter(|d| d.text.is_err()).collect();
    assert_eq!(errors.len(), 101);
    assert_eq!(errors[100].id, names[0]);
    assert_eq!(errors[100].text.as_ref().unwrap_err(), "100 bad lines, skipping the rest of the file");
}

/// A read error (here: gzip cut short) keeps the lines before it and says
/// after which line it came.
#[test]
fn a_read_error_names_the_last_line_read() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(vec![], flate2::Compression::default());
    for i in 0..20_000 {
        enc.write_all(format!("{{\"id\": \"{i}\", \"text\": \"قال الوزير إن العمل مستمر {i}.\"}}\n").as_bytes())
            .unwrap();
    }
    let full = enc.finish().unwrap();
    let f = tempfile::Builder::new().suffix(".jsonl.gz").tempfile().unwrap();
    std::fs::write(f.path(), &full[..full.len() / 2]).unwrap();
    let docs: Vec<input::Doc> =
        input::documents(vec![f.path().display().to_string()], None, Fields::default()).collect();
    let (last, good) = docs.split_last().unwrap();
    assert!(good.len() > 1000 && good.iter().all(|d| d.text.is_ok()), "{} documents", good.len());
    assert_eq!(last.id, f.path().display().to_string());
    let msg = last.text.as_ref().unwrap_err();
    assert!(msg.starts_with("read error: ") && msg.ends_with(&format!(" after line {}", good.len())), "{msg}");
}
