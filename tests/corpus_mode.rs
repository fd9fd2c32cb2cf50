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
