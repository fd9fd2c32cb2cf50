//! What a hostile tester broke (issue 12), through the `qawl` binary: special
//! files in folders, endless and binary JSONL input, memory under a limit,
//! `--threads`, floods of bad lines, write errors and closed pipes in every
//! command, the progress line on a terminal, and the smaller ones (a BOM,
//! lone surrogates, ids as written, gzip told by its bytes, `.jsonl` told by
//! its name, example paths that exist, how to install).

#[path = "support/deadline.rs"]
mod deadline;
use deadline::output_within;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_qawl")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run qawl (in the repository root), killing it and failing if it runs
/// longer than `secs`.
fn qawl_within(secs: u64, args: &[&str]) -> Output {
    output_within(Command::new(bin()).args(args).current_dir(root()), secs, &format!("qawl {args:?}"))
}

/// qawl under a shell, for `ulimit` and redirections: `sh -c SCRIPT` with
/// `$Q` the binary.
fn sh_within(secs: u64, script: &str) -> Output {
    output_within(
        Command::new("sh").args(["-c", script]).env("Q", bin()).current_dir(root()),
        secs,
        &format!("`{script}`"),
    )
}

fn stderr_lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr).lines().map(str::to_string).collect()
}

fn ids(o: &Output) -> Vec<String> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect()
}

const GOOD: &str = "قال الوزير إن العمل مستمر.";

fn line(id: &str) -> String {
    format!("{}\n", serde_json::json!({"id": id, "text": GOOD}))
}

fn p(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

// ---------------------------------------------------------------- 2: special files in folders

#[cfg(unix)]
#[test]
fn a_fifo_inside_a_folder_is_skipped_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    let fifo = dir.path().join("b.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::fs::write(dir.path().join("c.txt"), GOOD).unwrap();
    let o = qawl_within(20, &["extract", "--format", "jsonl", &dir.path().display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr_lines(&o), [format!("qawl: {}: a FIFO, not a regular file, skipped", fifo.display())]);
    assert_eq!(ids(&o), [p(dir.path(), "a.txt"), p(dir.path(), "c.txt")]);
}

// ---------------------------------------------------------------- 3: bounded JSONL memory

/// `/dev/zero` as JSONL under a 400 MB address-space limit: no abort, the
/// documents before and after it are kept.
#[cfg(target_os = "linux")]
#[test]
fn dev_zero_as_jsonl_under_a_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.jsonl"), line("a")).unwrap();
    std::fs::write(dir.path().join("b.jsonl"), line("b")).unwrap();
    let script = format!(
        "ulimit -v 400000; exec \"$Q\" extract --threads 1 --input jsonl --format jsonl {} /dev/zero {}",
        p(dir.path(), "a.jsonl"),
        p(dir.path(), "b.jsonl")
    );
    let o = sh_within(20, &script);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stderr_lines(&o), ["qawl: /dev/zero:1: binary content (NUL bytes), skipping the rest of the file"]);
    assert_eq!(ids(&o), ["a", "b"]);
}

/// 600 MB of zeros, gzipped to under a megabyte: stopped at the first bytes.
#[cfg(target_os = "linux")]
#[test]
fn a_gzip_bomb_of_zeros_costs_no_memory() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("zeros.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(vec![], flate2::Compression::fast());
    enc.write_all(line("first").as_bytes()).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..600 {
        enc.write_all(&zeros).unwrap();
    }
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let script = format!("ulimit -v 400000; exec \"$Q\" extract --threads 1 --format jsonl {}", gz.display());
    let t = Instant::now();
    let o = sh_within(30, &script);
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        stderr_lines(&o),
        [format!("qawl: {}:2: binary content (NUL bytes), skipping the rest of the file", gz.display())]
    );
    assert_eq!(ids(&o), ["first"]);
}

// ---------------------------------------------------------------- 5: --threads

#[test]
fn threads_zero_means_all_cores_and_huge_counts_are_clamped() {
    let seed = "examples/raisi-putin-ar.txt";
    let one = qawl_within(20, &["extract", "--threads", "1", "--format", "jsonl", seed]);
    assert!(one.status.success());
    let zero = qawl_within(20, &["extract", "--threads", "0", "--format", "jsonl", seed]);
    assert!(zero.status.success());
    assert!(zero.stderr.is_empty(), "{}", String::from_utf8_lossy(&zero.stderr));
    assert_eq!(zero.stdout, one.stdout);
    let t = Instant::now();
    let many = qawl_within(30, &["extract", "--threads", "100000", "--format", "jsonl", seed]);
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert!(many.status.success());
    let err = stderr_lines(&many);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].starts_with("qawl: --threads 100000: using "), "{}", err[0]);
    assert_eq!(many.stdout, one.stdout);
}

// ---------------------------------------------------------------- 6: binary JSONL, floods of bad lines

#[test]
fn a_flood_of_bad_lines_is_cut_after_a_hundred() {
    let dir = tempfile::tempdir().unwrap();
    let flood = dir.path().join("flood.jsonl");
    let mut body = line("before");
    for i in 0..20_000 {
        body.push_str(&format!("not json {i}\n"));
        if i == 150 {
            body.push_str(&line("after-the-cap"));
        }
    }
    std::fs::write(&flood, body).unwrap();
    std::fs::write(dir.path().join("next.jsonl"), line("next")).unwrap();
    let o = qawl_within(
        20,
        &[
            "extract",
            "--threads",
            "2",
            "--format",
            "jsonl",
            &p(dir.path(), "flood.jsonl"),
            &p(dir.path(), "next.jsonl"),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_lines(&o);
    assert_eq!(err.len(), 101, "{:?}", &err[..err.len().min(3)]);
    for (k, l) in err[..100].iter().enumerate() {
        assert!(l.starts_with(&format!("qawl: {}:{}: not valid JSON", flood.display(), k + 2)), "{l}");
    }
    assert_eq!(err[100], format!("qawl: {}: 100 bad lines, skipping the rest of the file", flood.display()));
    assert_eq!(ids(&o), ["before", "next"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_dev_urandom_among_jsonl_inputs_stops_at_once() {
    if !Path::new("/dev/urandom").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("random.jsonl");
    std::os::unix::fs::symlink("/dev/urandom", &link).unwrap();
    std::fs::write(dir.path().join("good.jsonl"), line("good")).unwrap();
    let o =
        qawl_within(20, &["extract", "--format", "jsonl", &link.display().to_string(), &p(dir.path(), "good.jsonl")]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_lines(&o);
    assert!(err.len() <= 101, "{} lines", err.len());
    assert!(err.last().unwrap().contains("skipping the rest of the file"), "{err:?}");
    assert_eq!(ids(&o), ["good"]);
}

// ---------------------------------------------------------------- 9: closed pipes and write errors

/// Run `args` with stdout a pipe closed before qawl writes: no panic, no
/// message, exit 0.
fn with_closed_stdout(args: &[&str]) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

fn pattern_copy_with_problems() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("patterns/ar")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let verbs = dir.path().join("verbs.txt");
    let mut v = std::fs::read_to_string(&verbs).unwrap();
    for i in 0..2000 {
        v.push_str(&format!("قال{i} = qala{i}\n"));
    }
    std::fs::write(verbs, v).unwrap();
    dir
}

#[test]
fn every_command_is_quiet_on_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let e = qawl_within(20, &["extract", "--format", "jsonl", "tests/data/dev.jsonl"]);
    std::fs::write(&out, &e.stdout).unwrap();
    let patterns = pattern_copy_with_problems();
    let out = out.display().to_string();
    let pdir = patterns.path().display().to_string();
    for args in [
        &["extract", "--format", "jsonl", "tests/data/dev.jsonl"][..],
        &["eval", "tests/data/dev.jsonl", "--errors"],
        &["patterns", "check", &pdir],
        &["patterns", "stats", "tests/data/dev.jsonl"],
        &["diff", &out, &out],
    ] {
        let o = with_closed_stdout(args);
        assert!(o.status.code().is_some_and(|c| c != 101), "{args:?}: {:?}", o.status);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_error_names_stdout() {
    let patterns = pattern_copy_with_problems();
    let pdir = patterns.path().display().to_string();
    for cmd in [
        "extract --format jsonl tests/data/dev.jsonl".to_string(),
        "eval tests/data/dev.jsonl".into(),
        format!("patterns check {pdir}"),
        "patterns stats tests/data/dev.jsonl".into(),
    ] {
        let o = sh_within(60, &format!("exec \"$Q\" {cmd} > /dev/full"));
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", String::from_utf8_lossy(&o.stderr));
        let err = stderr_lines(&o);
        assert!(err.iter().any(|l| l.starts_with("qawl: stdout: No space left on device")), "{cmd}: {err:?}");
        assert!(!err.iter().any(|l| l.contains("panicked")), "{cmd}: {err:?}");
    }
}

// ---------------------------------------------------------------- 11: progress line on a shared terminal

/// With stdout and stderr the same terminal (`script` gives a pty), the
/// progress line must not be drawn between the output lines.
#[cfg(target_os = "linux")]
#[test]
fn no_progress_line_when_stdout_is_the_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("no `script` here: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    std::fs::write(&a, line("a").repeat(50)).unwrap();
    // a run of more than a second after start-up (however long that takes
    // in a debug build), whose output goes to the terminal
    let inner = format!("(cat {0}; sleep 2; cat {0}; sleep 2; cat {0}) | \"$Q\" extract --input jsonl -", a.display());
    let o = sh_within(30, &format!("script -qec '{}' /dev/null", inner.replace('\'', "'\\''")));
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.contains("attribution"), "{shown}");
    assert!(!shown.contains("MB/s"), "a progress line reached the terminal: {shown:?}");
}

// ---------------------------------------------------------------- 4: output as soon as it is ready

/// A feed that stays open (`tail -f`): each document appears before the next
/// one is written.
#[test]
fn a_slow_feed_gets_each_document_out_at_once() {
    let mut child = Command::new(bin())
        .args(["extract", "--input", "jsonl", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            if tx.send(l.unwrap()).is_err() {
                return;
            }
        }
    });
    for id in ["one", "two", "three"] {
        stdin.write_all(line(id).as_bytes()).unwrap();
        stdin.flush().unwrap();
        let got = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("no output for {id} within 10 s"));
        let v: Value = serde_json::from_str(&got).unwrap();
        assert_eq!(v["id"], id);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

// ---------------------------------------------------------------- 12: the smaller ones

#[test]
fn bom_lone_surrogates_and_ids_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.jsonl");
    let body = format!(
        "\u{FEFF}{}{}{}{}",
        line("bom"),
        r#"{"id": "surrogate", "text": "قال الوزير إن العمل \ud83d مستمر."}"#.to_string() + "\n",
        r#"{"id": 12345678901234567890123, "text": "x"}"#.to_string() + "\n",
        r#"{"id": 1.50, "text": "x"}"#.to_string() + "\n",
    );
    std::fs::write(&f, body).unwrap();
    let o = qawl_within(20, &["extract", "--format", "jsonl", &f.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ids(&o), ["bom", "surrogate", "12345678901234567890123", "1.50"]);
    let docs: Vec<Value> =
        String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let content = docs[1]["attributions"][0]["content"]["text"].as_str().unwrap();
    assert!(content.contains('\u{FFFD}'), "{content}");
}

#[test]
fn gzip_is_told_by_its_bytes_and_jsonl_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut enc = flate2::write::GzEncoder::new(vec![], flate2::Compression::default());
    enc.write_all(line("zipped").as_bytes()).unwrap();
    // gzip under a plain name, plain text under a .gz name
    std::fs::write(dir.path().join("a.jsonl"), enc.finish().unwrap()).unwrap();
    std::fs::write(dir.path().join("b.jsonl.gz"), line("plain")).unwrap();
    // no --input: both are JSONL by their names
    let o = qawl_within(20, &["extract", "--format", "jsonl", &p(dir.path(), "a.jsonl"), &p(dir.path(), "b.jsonl.gz")]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ids(&o), ["zipped", "plain"]);
    // --input text reads a .jsonl file as one document, as asked
    let o = qawl_within(20, &["extract", "--input", "text", "--format", "jsonl", &p(dir.path(), "b.jsonl.gz")]);
    assert_eq!(ids(&o), [p(dir.path(), "b.jsonl.gz")]);
    // a gzipped text file is read too
    let mut enc = flate2::write::GzEncoder::new(vec![], flate2::Compression::default());
    enc.write_all(GOOD.as_bytes()).unwrap();
    std::fs::write(dir.path().join("c.txt.gz"), enc.finish().unwrap()).unwrap();
    let o = qawl_within(20, &["extract", "--format", "jsonl", &p(dir.path(), "c.txt.gz")]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["attributions"].as_array().unwrap().len(), 1);
}

/// Path-like words (with a `/`, or a file name) in the examples of every
/// `--help` and of the README's code blocks name files of the repository,
/// unless an earlier example writes them (`> out.jsonl`).
#[test]
fn example_paths_exist_in_a_clone() {
    let mut texts = vec![];
    for cmd in [
        &["--help"][..],
        &["extract", "--help"],
        &["eval", "--help"],
        &["diff", "--help"],
        &["patterns", "--help"],
        &["patterns", "check", "--help"],
        &["patterns", "stats", "--help"],
    ] {
        let o = qawl_within(20, cmd);
        texts.push((format!("qawl {}", cmd.join(" ")), String::from_utf8(o.stdout).unwrap()));
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme.split("```").skip(1).step_by(2).collect();
    texts.push(("README.md".into(), blocks.join("\n")));
    for (source, text) in texts {
        let mut written: Vec<String> = vec![];
        for l in text.lines().map(str::trim) {
            let Some(cmd) = l
                .strip_prefix("qawl ")
                .or_else(|| l.strip_prefix("cargo run --release -- "))
                .or_else(|| l.strip_prefix("cat ").filter(|r| r.contains("| qawl")))
            else {
                continue;
            };
            let cmd = cmd.split(" #").next().unwrap();
            let mut words = cmd.split_whitespace().peekable();
            while let Some(w) = words.next() {
                if w == ">" {
                    if let Some(out) = words.next() {
                        written.push(out.to_string());
                    }
                    continue;
                }
                // (an absolute path is the user's, outside the repository: /tmp/attr.parquet)
                let pathlike = !w.starts_with('-')
                    && !w.starts_with('/')
                    && (w.contains('/') || [".txt", ".jsonl", ".gz", ".tsv"].iter().any(|e| w.ends_with(e)));
                if pathlike && !written.iter().any(|o| o == w) {
                    assert!(root().join(w).exists(), "{source}: `{l}` names {w}, which is not in the repository");
                }
            }
        }
    }
}

#[test]
fn readme_says_how_to_install_and_cargo_toml_the_minimum_rust() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("cargo install --path ."), "README: no `cargo install --path .`");
    let toml = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let v = toml.lines().find_map(|l| l.strip_prefix("rust-version = ")).expect("rust-version in Cargo.toml");
    assert!(readme.contains(&format!("Rust {}", v.trim_matches('"'))), "README does not name Rust {v}");
}
