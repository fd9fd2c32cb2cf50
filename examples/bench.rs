//! Corpus throughput benchmark (see `benches/README.md`).
//!
//! ```text
//! cargo run --release --example bench -- ../shared/corpus/saudinewsnet.jsonl.gz
//! cargo run --release --example bench -- CORPUS.jsonl[.gz] [--scale K] [--runs R] [--text-field F]
//! ```
//!
//! Loads the `text` field of every JSONL line into memory once (reading,
//! decompression and JSON parsing are *not* timed), then times, best of R
//! runs each:
//!
//! - the floor: one bare pass of an aho-corasick DFA over the same cue forms
//!   (`Matcher::surfaces`, leftmost-longest, as qawl builds them) over the
//!   texts, unanchored, counting matches with `find_iter`;
//! - qawl's own normalisation and cue scan alone (for reference: the scan
//!   runs the same forms *anchored* at word starts, so it does less than the
//!   bare pass);
//! - extraction end to end with 1 thread and with all threads: what
//!   `qawl extract --format jsonl` does per document (normalise, cues,
//!   quotes, resolve, render the JSONL line) in batches on a rayon pool,
//!   with the rendered lines written in input order to a sink.
//!
//! `--scale K` runs every timed pass over the corpus K times (the texts are
//! held once), and the peak RSS is reported after loading and at the end,
//! so any growth of memory with the amount of text processed shows up.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use qawl::Extractor;
use qawl::output::{self, Format};

/// Documents per parallel batch, as in `qawl extract`.
const BATCH_DOCS: usize = 512;

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn usage() -> ! {
    eprintln!("usage: bench CORPUS.jsonl[.gz] [--scale K] [--runs R] [--text-field F]");
    std::process::exit(2)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut path, mut scale, mut runs, mut field) = (None, 1usize, 3usize, "text".to_string());
    while let Some(a) = args.next() {
        let num = |args: &mut dyn Iterator<Item = String>| -> usize {
            args.next().and_then(|v| v.parse().ok()).filter(|&n: &usize| n > 0).unwrap_or_else(|| usage())
        };
        match a.as_str() {
            "--scale" => scale = num(&mut args),
            "--runs" => runs = num(&mut args),
            "--text-field" => field = args.next().unwrap_or_else(|| usage()),
            "-h" | "--help" => usage(),
            _ if path.is_none() && !a.starts_with("--") => path = Some(a),
            _ => usage(),
        }
    }
    let Some(path) = path else { usage() };

    let t = Instant::now();
    let texts = load(&path, &field).unwrap_or_else(|e| {
        eprintln!("bench: {path}: {e}");
        std::process::exit(1)
    });
    let load_secs = t.elapsed().as_secs_f64();
    let bytes: usize = texts.iter().map(|s| s.len()).sum::<usize>() * scale;
    let mb = bytes as f64 / 1e6;
    let rss_loaded = peak_rss_mb();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let ex = Extractor::builtin();
    // the bare pass: the cue forms qawl matches, in a plain unanchored DFA
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&ex.matcher.surfaces)
        .expect("cue automaton builds");
    println!(
        "corpus   {path}: {} documents x{scale}, {mb:.1} MB of text (loaded and parsed in {load_secs:.2} s, not timed)",
        texts.len()
    );
    println!(
        "automaton {} cue surface forms, {:?}; best of {runs} runs per line",
        ex.matcher.surfaces.len(),
        ac.kind()
    );

    // A panicking document must not stop the benchmark; count them instead.
    std::panic::set_hook(Box::new(|_| {
        PANICS.fetch_add(1, Ordering::Relaxed);
    }));

    let mut matches = 0;
    let (bare, bare_cpu) = best(runs, || {
        matches = 0;
        for _ in 0..scale {
            for t in &texts {
                matches += ac.find_iter(t.as_str()).count();
            }
        }
    });
    println!("                                         wall       MB/s   cpu");
    let line = |name: &str, wall: f64, cpu: f64, note: String| {
        println!("{name:<38} {wall:7.3} s {:8.1} {cpu:6.2} s   {note}", mb / wall);
    };
    line("bare aho-corasick pass (find_iter)", bare, bare_cpu, format!("{matches} matches"));
    let mut kept = 0;
    let (scan, scan_cpu) = best(runs, || {
        kept = 0;
        for _ in 0..scale {
            for t in &texts {
                kept += ex.matcher.scan(&qawl::normalize::normalize(t).text, &ex.set.entries).len();
            }
        }
    });
    line("qawl normalise + cue scan only", scan, scan_cpu, format!("{kept} hits on word boundaries"));
    let mut out = (0, 0, 0);
    let (one, one_cpu) = best(runs, || out = extract_all(&ex, &texts, scale, 1));
    line(
        "extract + jsonl, 1 thread",
        one,
        one_cpu,
        format!("{} documents, {} attributions, {:.1} MB of jsonl", out.2, out.0, out.1 as f64 / 1e6),
    );
    let (all, all_cpu) = best(runs, || out = extract_all(&ex, &texts, scale, threads));
    line(&format!("extract + jsonl, {threads} threads"), all, all_cpu, String::new());
    let panics = PANICS.load(Ordering::Relaxed);
    if panics > 0 {
        println!("warning: {panics} document extractions panicked (over all runs; their output is skipped)");
    }
    println!("1 thread / bare pass      {:5.2}  (target <= 2.0; by cpu time {:.2})", one / bare, one_cpu / bare_cpu);
    println!("{threads} threads speedup         {:5.2}x (target >= 1.6)", one / all);
    println!(
        "peak RSS                  {rss_loaded:.0} MB after loading the texts, {:.0} MB at the end",
        peak_rss_mb()
    );
}

/// Extract and render every text, `scale` times over, on a pool of `threads`;
/// rendered documents go to a sink in input order. Returns
/// (attributions, bytes of output, documents).
fn extract_all(ex: &Extractor, texts: &[String], scale: usize, threads: usize) -> (usize, usize, usize) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let mut sink = io::BufWriter::with_capacity(1 << 16, io::sink());
    let (mut n_attrs, mut n_out, mut n_docs) = (0, 0, 0);
    pool.install(|| {
        for _ in 0..scale {
            for (b, batch) in texts.chunks(BATCH_DOCS).enumerate() {
                let rendered: Vec<(Vec<u8>, usize)> = batch
                    .par_iter()
                    .enumerate()
                    .map(|(i, text)| {
                        let id = format!("doc-{}", b * BATCH_DOCS + i);
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let attrs = ex.extract(text);
                            let mut buf = Vec::with_capacity(256);
                            output::write_doc(&mut buf, Format::Jsonl, ex, &id, text, &attrs, false)
                                .expect("write to memory");
                            (buf, attrs.len())
                        }))
                        .unwrap_or_default()
                    })
                    .collect();
                for (buf, n) in rendered {
                    n_attrs += n;
                    n_out += buf.len();
                    n_docs += 1;
                    sink.write_all(&buf).expect("sink");
                }
            }
        }
    });
    sink.flush().expect("sink");
    (n_attrs, n_out, n_docs)
}

/// Best wall-clock time of `runs` calls of `f`, in seconds, and the CPU
/// time (all threads of the process) of that run.
fn best(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    (0..runs)
        .map(|_| {
            let (t, c) = (Instant::now(), cpu_secs());
            f();
            (t.elapsed().as_secs_f64(), cpu_secs() - c)
        })
        .fold((f64::INFINITY, 0.0), |a, b| if b.0 < a.0 { b } else { a })
}

/// User + system CPU seconds of this process so far (Linux; 0 elsewhere).
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // fields after the parenthesised command name; utime and stime are 14 and 15
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split_whitespace().skip(11).take(2).filter_map(|x| x.parse().ok()).collect();
    f.iter().sum::<f64>() / 100.0 // USER_HZ
}

/// The `field` string of every JSONL line (lines without it are skipped).
fn load(path: &str, field: &str) -> io::Result<Vec<String>> {
    let f = std::fs::File::open(path)?;
    let r: Box<dyn Read> =
        if path.ends_with(".gz") { Box::new(flate2::read::MultiGzDecoder::new(f)) } else { Box::new(f) };
    let mut texts = vec![];
    for line in BufReader::with_capacity(1 << 20, r).lines() {
        let line = line?;
        if let Ok(serde_json::Value::Object(mut o)) = serde_json::from_str(&line)
            && let Some(serde_json::Value::String(s)) = o.remove(field)
        {
            texts.push(s);
        }
    }
    Ok(texts)
}

/// Peak resident set size of this process in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
