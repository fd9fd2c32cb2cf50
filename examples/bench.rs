//! Corpus throughput benchmark (see `benches/README.md`): the quantities of
//! `../shared/tools/floor-ratio`, plus a per-stage breakdown.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example bench -- CORPUS.jsonl[.gz]... [--runs R] [--qawl PATH] [--text-field F]
//! ```
//!
//! The corpus files (gzipped or not) are concatenated, decompressed, into a
//! temporary `corpus.jsonl`, and their texts written to `corpus.txt`, each
//! followed by a blank line, as floor-ratio does. Then, R interleaved rounds
//! (default 5) of:
//!
//! - the **bare pass**: what floor-ratio's `acscan` does, in this process:
//!   read `corpus.txt`, build an aho-corasick DFA (leftmost-first) over the
//!   231 cue words of `benches/cues-ar.txt` (a copy of floor-ratio's list),
//!   count its matches;
//! - **qawl, 1 thread**: the CLI as users run it, timed as a whole process,
//!   `qawl extract --threads 1 --input jsonl --format jsonl corpus.jsonl`;
//! - **qawl, all threads**: the same without `--threads`.
//!
//! It prints the medians (wall and CPU time, user + system) and the two
//! ratios floor-ratio prints: *1 thread / bare pass* and *all threads
//! speed-up over 1 thread*, then each run's peak RSS (sampled from
//! `/proc`; `/usr/bin/time -v` gives the exact figure), then where one
//! thread's time goes: normalisation alone, normalisation and cue scan
//! (the one-pass `normalize_scan`), extraction without output, and
//! extraction with JSONL rendering, in this process over the loaded texts.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use qawl::Extractor;

fn usage() -> ! {
    eprintln!("usage: bench CORPUS.jsonl[.gz]... [--runs R] [--qawl PATH] [--text-field F]");
    std::process::exit(2)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut paths, mut runs, mut field, mut qawl) = (vec![], 5usize, "text".to_string(), None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or_else(|| usage()),
            "--text-field" => field = args.next().unwrap_or_else(|| usage()),
            "--qawl" => qawl = Some(PathBuf::from(args.next().unwrap_or_else(|| usage()))),
            "-h" | "--help" => usage(),
            _ if !a.starts_with("--") => paths.push(a),
            _ => usage(),
        }
    }
    if paths.is_empty() {
        usage();
    }
    let qawl = qawl.unwrap_or_else(|| {
        // target/release/examples/bench -> target/release/qawl
        let exe = std::env::current_exe().expect("own path");
        exe.parent().and_then(Path::parent).map(|d| d.join("qawl")).expect("target folder")
    });
    if !qawl.exists() {
        eprintln!("bench: {} not found: run `cargo build --release` first (or give --qawl PATH)", qawl.display());
        std::process::exit(2);
    }
    let cues: Vec<String> = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/cues-ar.txt"))
        .expect("benches/cues-ar.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();

    let work = std::env::temp_dir().join(format!("qawl-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("temporary folder");
    let (jsonl, txt) = (work.join("corpus.jsonl"), work.join("corpus.txt"));
    let texts = prepare(&paths, &field, &jsonl, &txt).unwrap_or_else(|e| {
        eprintln!("bench: {e}");
        std::process::exit(1)
    });
    let mb = std::fs::metadata(&txt).map_or(0, |m| m.len()) as f64 / 1e6;
    println!("corpus   {}: {} documents, {mb:.1} MB of text", paths.join(" + "), texts.len());

    let jsonl_s = jsonl.display().to_string();
    let one = |t: &str| -> Vec<String> {
        let mut v: Vec<String> = ["extract", "--input", "jsonl", "--format", "jsonl"].map(String::from).to_vec();
        if !t.is_empty() {
            v.splice(1..1, ["--threads".to_string(), t.to_string()]);
        }
        v.push(jsonl_s.clone());
        v
    };
    let (args1, args_all) = (one("1"), one(""));
    // warm-up, as floor-ratio does
    bare_pass(&cues, &txt);
    run_cli(&qawl, &args1);
    let (mut bare, mut t1, mut tall) = (vec![], vec![], vec![]);
    let (mut rss1, mut rss_all) = (0.0f64, 0.0f64);
    let mut matches = 0;
    for _ in 0..runs {
        let (n, b) = bare_pass(&cues, &txt);
        matches = n;
        bare.push(b);
        let (r1, m1) = run_cli(&qawl, &args1);
        t1.push(r1);
        rss1 = rss1.max(m1);
        let (ra, ma) = run_cli(&qawl, &args_all);
        tall.push(ra);
        rss_all = rss_all.max(ma);
    }
    let med = |v: &[Time], f: fn(&Time) -> f64| median(v.iter().map(f).collect());
    let ratio =
        |a: &[Time], b: &[Time], f: fn(&Time) -> f64| median(a.iter().zip(b).map(|(x, y)| f(x) / f(y)).collect());
    let wall = |t: &Time| t.wall;
    let cpu = |t: &Time| t.cpu;
    println!("medians of {runs} interleaved runs:      wall      MB/s     cpu (user+sys)");
    let line = |name: &str, v: &[Time], note: String| {
        println!("{name:<34} {:7.3} s {:7.0} {:7.3} s   {note}", med(v, wall), mb / med(v, wall), med(v, cpu));
    };
    line("bare pass (231 cue words, DFA)", &bare, format!("{matches} matches"));
    line("qawl extract, 1 thread", &t1, format!("peak RSS {rss1:.0} MB"));
    line("qawl extract, all threads", &tall, format!("peak RSS {rss_all:.0} MB"));
    println!(
        "text {mb:.0} MB; bare pass {:.2} s ({:.0} MB/s); qawl 1 thread {:.2} s ({:.0} MB/s)",
        med(&bare, wall),
        mb / med(&bare, wall),
        med(&t1, wall),
        mb / med(&t1, wall)
    );
    println!(
        "1 thread / bare pass: {:.2}   all threads speed-up over 1: {:.2}x  (medians of {runs} interleaved runs)",
        ratio(&t1, &bare, wall),
        ratio(&t1, &tall, wall)
    );
    println!(
        "by CPU time:          {:.2}   all threads use {:.2}x the CPU of 1",
        ratio(&t1, &bare, cpu),
        ratio(&tall, &t1, cpu)
    );

    stages(&texts, mb, med(&bare, wall), runs);
    let _ = std::fs::remove_dir_all(&work);
}

/// Where one thread's time goes, in this process over the loaded texts
/// (best of `runs`, as multiples of the bare pass).
fn stages(texts: &[String], mb: f64, bare: f64, runs: usize) {
    let ex = Extractor::builtin();
    let entries = &ex.set.entries;
    println!("one thread, in process, best of {runs}:  wall      MB/s   x bare pass");
    let mut n = 0usize;
    let mut stage = |name: &str, f: &mut dyn FnMut() -> usize| {
        let best = (0..runs)
            .map(|_| {
                let t = Instant::now();
                n = f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        println!("{name:<34} {best:7.3} s {:7.0} {:7.2}   {n}", mb / best, best / bare);
    };
    stage("normalise", &mut || texts.iter().map(|t| qawl::normalize::normalize(t).text.len()).sum());
    stage("normalise + cue scan", &mut || texts.iter().map(|t| ex.matcher.normalize_scan(t, entries).1.len()).sum());
    stage("extract (no output)", &mut || texts.iter().map(|t| ex.extract(t).len()).sum());
    let mut out = Vec::with_capacity(1 << 20);
    stage("extract + render jsonl", &mut || {
        let mut bytes = 0;
        for (i, t) in texts.iter().enumerate() {
            out.clear();
            let attrs = ex.extract(t);
            qawl::output::jsonl_line(&mut out, &ex, &i.to_string(), t, &attrs, false);
            bytes += out.len();
        }
        bytes
    });
}

#[derive(Debug, Clone, Copy)]
struct Time {
    wall: f64,
    cpu: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// floor-ratio's `acscan`: read the text file, build the DFA, count matches.
fn bare_pass(cues: &[String], txt: &Path) -> (usize, Time) {
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
    let (t, c) = (Instant::now(), cpu_self());
    let text = std::fs::read(txt).expect("corpus.txt");
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(AhoCorasickKind::DFA))
        .build(cues)
        .expect("cue DFA");
    let n = ac.find_iter(&text).count();
    (n, Time { wall: t.elapsed().as_secs_f64(), cpu: cpu_self() - c })
}

/// Run the CLI with stdout to /dev/null: its wall and CPU time, and its peak
/// RSS in MB (VmHWM, sampled every 2 ms).
fn run_cli(qawl: &Path, args: &[String]) -> (Time, f64) {
    let c = cpu_children();
    let t = Instant::now();
    let mut child =
        Command::new(qawl).args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("run qawl");
    let status = format!("/proc/{}/status", child.id());
    let mut rss = 0.0f64;
    let code = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        rss = rss.max(vm_hwm(&status));
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let wall = t.elapsed().as_secs_f64();
    if !code.success() {
        let mut err = String::new();
        let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
        eprintln!("bench: qawl {}: {code}: {err}", args.join(" "));
        std::process::exit(1);
    }
    (Time { wall, cpu: cpu_children() - c }, rss)
}

/// Concatenate the corpus files into `jsonl` and their texts into `txt`;
/// returns the texts.
fn prepare(paths: &[String], field: &str, jsonl: &Path, txt: &Path) -> io::Result<Vec<String>> {
    let mut j = io::BufWriter::new(std::fs::File::create(jsonl)?);
    let mut t = io::BufWriter::new(std::fs::File::create(txt)?);
    let mut texts = vec![];
    for p in paths {
        let r = qawl::input::open_maybe_gz(Path::new(p)).map_err(|e| io::Error::new(e.kind(), format!("{p}: {e}")))?;
        for line in BufReader::with_capacity(1 << 20, r).lines() {
            let line = line?;
            j.write_all(line.as_bytes())?;
            j.write_all(b"\n")?;
            if let Ok(serde_json::Value::Object(mut o)) = serde_json::from_str(&line)
                && let Some(serde_json::Value::String(s)) = o.remove(field)
            {
                t.write_all(s.as_bytes())?;
                t.write_all(b"\n\n")?;
                texts.push(s);
            }
        }
    }
    j.flush()?;
    t.flush()?;
    Ok(texts)
}

/// User + system CPU seconds of this process, and of its waited-for
/// children (Linux `/proc/self/stat`; 0 elsewhere).
fn stat_times() -> [f64; 4] {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return [0.0; 4] };
    // fields after the parenthesised command name: utime, stime, cutime, cstime are 14..=17
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split_whitespace().skip(11).take(4).filter_map(|x| x.parse().ok()).collect();
    let mut out = [0.0; 4];
    for (o, v) in out.iter_mut().zip(f) {
        *o = v / 100.0; // USER_HZ
    }
    out
}

fn cpu_self() -> f64 {
    let t = stat_times();
    t[0] + t[1]
}

fn cpu_children() -> f64 {
    let t = stat_times();
    t[2] + t[3]
}

/// VmHWM of a process in MB, from its `/proc/PID/status` (0 if gone).
fn vm_hwm(status: &str) -> f64 {
    std::fs::read_to_string(status)
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
