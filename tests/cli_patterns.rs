//! The pattern-editing workflow through the `qawl` binary:
//! `patterns check`, `extract --explain`, `patterns stats` and `diff`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "qawl-cli-patterns-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn qawl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qawl")).args(args).output().expect("run qawl")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small, clean pattern set: (file, text).
const CLEAN: [(&str, &str); 7] = [
    ("verbs.txt", "# reporting verbs\nقال = قال, قالت/f, قالوا/pl, يقول | colon quote an\nأكد = أكد, أكدت/f | an\n"),
    ("participles.txt", "مشيرا = مشيرا, مشيرة/f | an prep=إلى\n"),
    ("according.txt", "بحسب | doc\nحسب\nوفقا لـ\n!فحسب\n"),
    ("speakers.txt", "وزير = وزير, وزيرة/f, وزراء/pl | title\nمتحدث | role\nمصادر = مصادر/f+pl | anon\n"),
    ("enders.txt", "في\nخلال\nاليوم\n"),
    ("complementizers.txt", "إن = إن, إنه\nأن = أن, أنه\n"),
    ("quotes.txt", "« »\n\" \"\n( ) | weak\n"),
];

/// Write the clean set into `dir`, with `file` replaced by `text` if given.
fn write_set(dir: &Path, replace: Option<(&str, &str)>) {
    for (name, text) in CLEAN {
        let text = match replace {
            Some((f, t)) if f == name => t,
            _ => text,
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn check(dir: &Path) -> Output {
    qawl(&["patterns", "check", dir.to_str().unwrap()])
}

#[test]
fn check_clean_set_exits_0() {
    let t = TempDir::new();
    write_set(t.path(), None);
    let o = check(t.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("no problems"), "{}", stderr(&o));
}

#[test]
fn check_finds_a_folder_containing_ar() {
    let t = TempDir::new();
    std::fs::create_dir(t.path().join("ar")).unwrap();
    write_set(&t.path().join("ar"), None);
    assert_eq!(check(t.path()).status.code(), Some(0));
}

/// Run check on the clean set with one file replaced; expect exit 1 and a
/// problem line starting with `file:line:` and containing `what`.
fn expect_problem(file: &str, text: &str, line: usize, what: &str) {
    let t = TempDir::new();
    write_set(t.path(), Some((file, text)));
    let o = check(t.path());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr(&o));
    let at = format!("{}:{line}: ", t.path().join(file).display());
    assert!(out.lines().any(|l| l.starts_with(&at) && l.contains(what)), "want `{at}…{what}…` in:\n{out}");
}

#[test]
fn check_reports_a_duplicate_form() {
    let verbs = "قال = قال, قالت/f | colon quote an\nأكد = أكد | an\nذكر = ذكر, قالت/f | an\n";
    expect_problem("verbs.txt", verbs, 3, "duplicate form 'قالت'");
}

#[test]
fn check_reports_a_duplicate_within_one_entry_after_normalisation() {
    expect_problem("verbs.txt", "# x\nأكد = أكد, اكد | an\n", 2, "same as 'أكد' after normalisation");
}

#[test]
fn check_reports_an_unknown_tag() {
    expect_problem("verbs.txt", "قال = قال | colon\nأكد = أكد | loud\n", 2, "unknown tag 'loud'");
}

#[test]
fn check_reports_latin_letters_in_a_form() {
    let speakers = "وزير = وزير, وزيرة/f | title\nmutahaddith | role\n";
    expect_problem("speakers.txt", speakers, 2, "non-Arabic character 'm'");
}

#[test]
fn check_reports_an_arabic_comma_between_forms() {
    expect_problem("according.txt", "بحسب، وفقا\n", 1, "punctuation '،'");
}

#[test]
fn check_reports_a_verb_form_that_is_a_speaker_noun() {
    let speakers = "وزير | title\nقائل = قالت/f | role\n";
    expect_problem("speakers.txt", speakers, 2, "is also a reporting verb");
}

#[test]
fn check_reports_every_problem_not_just_the_first() {
    let t = TempDir::new();
    write_set(t.path(), Some(("verbs.txt", "قال = قال, | colon\nأكد | shout\n")));
    std::fs::write(t.path().join("enders.txt"), "في\nfi\n").unwrap();
    let o = check(t.path());
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].contains("verbs.txt:1: ") && lines[1].contains("verbs.txt:2: ") && lines[2].contains("enders.txt:2: ")
    );
}

#[test]
fn check_missing_folder_or_file_exits_2() {
    let t = TempDir::new();
    let o = check(&t.path().join("nope"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no such folder"));
    write_set(t.path(), None);
    std::fs::remove_file(t.path().join("enders.txt")).unwrap();
    let o = check(t.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("enders.txt: cannot read"), "{}", stderr(&o));
}

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/raisi-putin-ar.txt");

/// Each `patterns` location must name a real entry line of a shipped file.
fn assert_editor_location(loc: &str) {
    let (file, line) = loc.rsplit_once(':').unwrap_or_else(|| panic!("no line in {loc}"));
    assert!(file.starts_with("patterns/ar/") && file.ends_with(".txt"), "{loc}");
    let line: usize = line.parse().unwrap_or_else(|_| panic!("bad line in {loc}"));
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let l = text.lines().nth(line - 1).unwrap_or_else(|| panic!("{loc}: past the end of the file"));
    assert!(!l.trim().is_empty() && !l.trim_start().starts_with('#'), "{loc} is not an entry: {l:?}");
}

#[test]
fn explain_in_json_and_jsonl() {
    for format in ["jsonl", "json"] {
        let o = qawl(&["extract", "--explain", "--format", format, SEED]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = if format == "json" {
            serde_json::from_slice(&o.stdout).unwrap()
        } else {
            serde_json::Value::Array(vec![serde_json::from_slice(&o.stdout).unwrap()])
        };
        let attrs = v[0]["attributions"].as_array().unwrap();
        assert!(!attrs.is_empty());
        for a in attrs {
            assert!(a["rule"].as_str().is_some_and(|r| !r.is_empty()), "{format}: {a}");
            let pats = a["patterns"].as_array().unwrap();
            assert!(!pats.is_empty());
            for p in pats {
                assert_editor_location(p.as_str().unwrap());
            }
        }
        // the cue's entry comes first and has the cue's lemma
        let first = attrs[0]["patterns"][0].as_str().unwrap();
        let (file, line) = first.rsplit_once(':').unwrap();
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        let entry = text.lines().nth(line.parse::<usize>().unwrap() - 1).unwrap();
        assert!(entry.contains(attrs[0]["cue"]["lemma"].as_str().unwrap()), "{first}: {entry}");
    }
    let plain = qawl(&["extract", "--format", "jsonl", SEED]);
    let v: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(v["attributions"][0].get("rule").is_none() && v["attributions"][0].get("patterns").is_none());
}

#[test]
fn explain_in_tsv_and_table() {
    let o = qawl(&["extract", "--explain", "--format", "tsv", SEED]);
    let out = stdout(&o);
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(&header[header.len() - 2..], ["rule", "patterns"]);
    let mut n = 0;
    for l in lines {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols.len(), header.len(), "{l}");
        assert!(!cols[cols.len() - 2].is_empty());
        cols[cols.len() - 1].split(',').for_each(assert_editor_location);
        n += 1;
    }
    assert!(n > 0);
    let table = stdout(&qawl(&["extract", "--explain", SEED]));
    let rules: Vec<&str> = table.lines().filter(|l| l.trim_start().starts_with("rule:")).collect();
    assert_eq!(rules.len(), n, "{table}");
    for r in rules {
        let inner = r.split_once('[').unwrap().1.trim_end_matches(']');
        inner.split(", ").for_each(assert_editor_location);
    }
    assert!(!stdout(&qawl(&["extract", SEED])).contains("rule:"));
}

#[test]
fn explain_names_the_files_of_a_patterns_dir() {
    let t = TempDir::new();
    write_set(t.path(), None);
    let doc = t.path().join("doc.txt");
    std::fs::write(&doc, "وقال الوزير إن الاجتماع كان مثمرا.\n").unwrap();
    let o = qawl(&[
        "extract",
        "--explain",
        "--format",
        "jsonl",
        "--patterns",
        t.path().to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = v["attributions"][0]["patterns"][0].as_str().unwrap().to_string();
    assert_eq!(first, format!("{}:2", t.path().join("verbs.txt").display()));
}

#[test]
fn stats_counts_a_known_entry() {
    let t = TempDir::new();
    write_set(t.path(), None);
    let corpus = t.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "وقال الوزير إن الاجتماع كان مثمرا. ثم قال المتحدث: «لا تعليق».\n").unwrap();
    // مقال / استقال must not count as قال
    std::fs::write(corpus.join("b.txt"), "نشر المقال بعد أن استقال الوزير.\n").unwrap();
    let o = qawl(&[
        "patterns",
        "stats",
        "--format",
        "tsv",
        "--patterns",
        t.path().to_str().unwrap(),
        corpus.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let verbs = t.path().join("verbs.txt").display().to_string();
    let row = |file: &str, line: usize| -> Vec<String> {
        out.lines()
            .map(|l| l.split('\t').map(String::from).collect::<Vec<_>>())
            .find(|c| c[0] == file && c[1] == line.to_string())
            .unwrap_or_else(|| panic!("no row {file}:{line} in\n{out}"))
    };
    assert_eq!(out.lines().next().unwrap(), "file\tline\tlemma\thits\tattributions");
    assert_eq!(row(&verbs, 2)[2..], ["قال", "2", "2"]);
    assert_eq!(row(&verbs, 3)[2..], ["أكد", "0", "0"]);
    assert!(stderr(&o).contains("2 documents"), "{}", stderr(&o));
    // the table lists أكد among the entries that never fired
    let table =
        stdout(&qawl(&["patterns", "stats", "--patterns", t.path().to_str().unwrap(), corpus.to_str().unwrap()]));
    let never = table.split("never fired").nth(1).unwrap();
    assert!(never.contains(&format!("{verbs}:3")) && !never.contains(&format!("{verbs}:2 ")), "{table}");
}

fn attr(kind: &str, speaker: Option<&str>, cue: usize, content: (usize, usize)) -> String {
    let sp = match speaker {
        Some(s) => format!(r#"{{"text":"{s}","start":0,"end":{},"resolved":"explicit"}}"#, s.len()),
        None => "null".into(),
    };
    format!(
        r#"{{"kind":"{kind}","speaker":{sp},"cue":{{"text":"قال","start":{cue},"end":{},"lemma":"قال"}},"content":{{"text":"x","start":{},"end":{}}}}}"#,
        cue + 6,
        content.0,
        content.1
    )
}

fn doc(id: &str, attrs: &[String]) -> String {
    format!(r#"{{"id":"{id}","attributions":[{}]}}"#, attrs.join(","))
}

#[test]
fn diff_counts_gained_lost_changed() {
    let t = TempDir::new();
    let old = [
        doc("d1", &[attr("direct", Some("الوزير"), 10, (20, 60)), attr("indirect", None, 100, (110, 150))]),
        doc("d2", &[attr("indirect", Some("مصادر"), 5, (15, 40))]),
        doc("d3", &[attr("according_to", Some("وكالة"), 0, (10, 30))]),
        doc("only-old", &[attr("direct", None, 0, (1, 2))]),
        doc("d4", &[]),
    ];
    let new = [
        // d1: first changed in kind and speaker; second lost; one gained
        doc("d1", &[attr("mixed", Some("المتحدث"), 10, (20, 60)), attr("direct", None, 300, (310, 320))]),
        // d3 comes before d2 here: documents are matched by id
        doc("d3", &[attr("according_to", Some("وكالة"), 0, (10, 30))]),
        // d2: cue moved, content overlaps and is longer
        doc("d2", &[attr("indirect", Some("مصادر"), 3, (15, 45))]),
        doc("d4", &[attr("direct", Some("هو"), 7, (9, 12))]),
        doc("only-new", &[]),
    ];
    let (po, pn) = (t.path().join("old.jsonl"), t.path().join("new.jsonl"));
    std::fs::write(&po, old.join("\n") + "\n").unwrap();
    std::fs::write(&pn, new.join("\n") + "\n").unwrap();
    let o = qawl(&["diff", po.to_str().unwrap(), pn.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("gained 2, lost 1, changed 2: speaker 1, kind 1, content 1, cue 1"), "{out}");
    assert!(out.contains("documents: 4 compared, 3 differ, 1 only in OLD, 1 only in NEW"), "{out}");
    assert!(out.contains("── d1 ── gained 1, lost 1, changed 1"), "{out}");
    assert!(out.contains("── only-old ── only in OLD"), "{out}");
    assert!(!out.contains("── d3 ──"), "{out}");

    let o = qawl(&["diff", "--format", "tsv", po.to_str().unwrap(), pn.to_str().unwrap()]);
    let out = stdout(&o);
    let rows: Vec<Vec<&str>> = out.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    let count = |c: &str| rows.iter().filter(|r| r[1] == c).count();
    assert_eq!((count("gained"), count("lost"), count("changed")), (2, 1, 2), "{out}");
    assert!(rows.iter().any(|r| r[0] == "d2" && r[1] == "changed" && r[2] == "content,cue"), "{out}");
    assert!(stderr(&o).contains("gained 2, lost 1, changed 2"));

    // the same file against itself: nothing changed
    let o = qawl(&["diff", po.to_str().unwrap(), po.to_str().unwrap()]);
    assert!(stdout(&o).contains("gained 0, lost 0, changed 0"), "{}", stdout(&o));
}

#[test]
fn diff_reports_bad_lines_and_missing_files() {
    let t = TempDir::new();
    let (po, pn) = (t.path().join("old.jsonl"), t.path().join("new.jsonl"));
    std::fs::write(&po, doc("d1", &[]) + "\nnot json\n").unwrap();
    std::fs::write(&pn, doc("d1", &[]) + "\n").unwrap();
    let o = qawl(&["diff", po.to_str().unwrap(), pn.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("old.jsonl:2: not a `qawl extract --format jsonl` line"), "{}", stderr(&o));
    let o = qawl(&["diff", po.to_str().unwrap(), t.path().join("missing.jsonl").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.jsonl"));
}

#[test]
fn every_workflow_command_has_help_with_an_example() {
    for args in [&["patterns", "check"][..], &["patterns", "stats"], &["patterns"], &["diff"], &["extract"]] {
        let mut a = args.to_vec();
        a.push("--help");
        let o = qawl(&a);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert!(out.contains("Example") && out.contains("qawl "), "{args:?}: {out}");
    }
}

/// Run qawl, failing if it takes longer than `secs` (a pattern file that
/// costs gigabytes at start-up also takes half a minute).
fn qawl_within(secs: u64, args: &[&str]) -> Output {
    let t = std::time::Instant::now();
    let o = qawl(args);
    assert!(t.elapsed().as_secs() < secs, "qawl {args:?} took {:?}", t.elapsed());
    o
}

/// What `patterns check` prints and `extract --patterns` refuses, for a set
/// with `file` replaced by `text`: (check stdout, extract stderr).
fn check_and_load(file: &str, text: &str) -> (String, String) {
    let t = TempDir::new();
    write_set(t.path(), Some((file, text)));
    let dir = t.path().to_str().unwrap();
    let c = qawl_within(20, &["patterns", "check", dir]);
    assert_eq!(c.status.code(), Some(1), "{}{}", stdout(&c), stderr(&c));
    let e = qawl_within(20, &["extract", "--patterns", dir, "examples/raisi-putin-ar.txt"]);
    assert_eq!(e.status.code(), Some(2), "{}{}", stdout(&e), stderr(&e));
    assert!(e.stdout.is_empty());
    let (out, err) = (stdout(&c), stderr(&e));
    let path = t.path().join(file).display().to_string();
    (out.replace(&path, file), err.replace(&path, file))
}

#[test]
fn absurd_pattern_sizes_are_refused_with_file_and_line() {
    // a 10 MB form: the file is over the 1 MiB limit
    let (out, err) = check_and_load("verbs.txt", &format!("قال\n{}\n", "ق".repeat(5 << 20)));
    assert!(out.contains("verbs.txt: more than 1048576 bytes"), "{out}");
    assert!(err.contains("verbs.txt: more than 1048576 bytes"), "{err}");
    // a 300-byte form, and a 20 KB line
    let (out, err) = check_and_load("verbs.txt", &format!("قال\nكلمة = {}\n", "ب".repeat(150)));
    assert!(out.contains("verbs.txt:2: form is 300 bytes long; the limit is 200"), "{out}");
    assert!(err.contains("verbs.txt:2: form is 300 bytes long; the limit is 200"), "{err}");
    let (out, _) = check_and_load("verbs.txt", &format!("قال\nكلمة = {}\n", ["بب"; 3000].join(", ")));
    assert!(out.contains("verbs.txt:2: line is "), "{out}");
    // 20,000 speaker nouns: each makes 24 surface forms with proclitics
    let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفقكلمنهي".chars().collect();
    let mut nouns = String::from("وزير\n");
    'all: for a in &letters {
        for b in &letters {
            for c in &letters {
                nouns.push_str(&format!("م{a}{b}{c}\n"));
                if nouns.len() > 20_000 * 9 {
                    break 'all;
                }
            }
        }
    }
    let (out, err) = check_and_load("speakers.txt", &nouns);
    let line = |s: &str| {
        s.lines()
            .find(|l| l.contains("more than 200000 surface forms"))
            .and_then(|l| l.strip_prefix("speakers.txt:"))
            .and_then(|l| l.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
    };
    let (n_check, n_load) = (line(&out), line(&err));
    assert!(n_check.is_some_and(|n| n > 1000 && n < 20_000), "{out}");
    assert_eq!(n_check, n_load, "{err}");
}

#[test]
fn check_flags_empty_files_single_letters_and_double_spaces() {
    let t = TempDir::new();
    write_set(t.path(), Some(("verbs.txt", "# no verbs yet\n")));
    let o = check(t.path());
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let want = format!("{}: no entries", t.path().join("verbs.txt").display());
    assert!(stdout(&o).lines().any(|l| l.starts_with(&want)), "{}", stdout(&o));
    expect_problem("verbs.txt", "قال\nو = و | an\n", 2, "single letter");
    expect_problem("according.txt", "بحسب\nعلى  لسان\n", 2, "double space");
    expect_problem("according.txt", "بحسب\nعلى لسان الوزير الذي قال في المؤتمر أمس\n", 2, "8 words long");
}

/// `extract --weights FILE` uses the chooser weights `qawl train` writes:
/// the built-in ones give the built-in output, a weight that favours no
/// speaker changes the speakers, and a bad line is reported as file:line.
#[test]
fn extract_takes_trained_weights() {
    let dir = TempDir::new();
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/raisi-putin-ar.txt");
    let builtin = include_str!("../patterns/ar/weights.txt");
    let same = dir.path().join("same.txt");
    std::fs::write(&same, builtin).unwrap();
    let plain = qawl(&["extract", "--format", "tsv", seed]);
    let with = qawl(&["extract", "--format", "tsv", "--weights", same.to_str().unwrap(), seed]);
    assert!(with.status.success(), "{}", stderr(&with));
    assert_eq!(stdout(&plain), stdout(&with));
    // no speaker at all scores highest: every speaker column is empty
    let null = dir.path().join("null.txt");
    std::fs::write(&null, "bias.null 100\nbias.after -100\nbias.before -100\n").unwrap();
    let out = qawl(&["extract", "--format", "tsv", "--weights", null.to_str().unwrap(), seed]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let speakers: Vec<&str> = text.lines().skip(1).map(|l| l.split('\t').nth(3).unwrap()).collect();
    assert!(!speakers.is_empty() && speakers.iter().filter(|s| s.is_empty()).count() > speakers.len() / 2, "{text}");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "bias.null 1\nno.such.feature 2\n").unwrap();
    let out = qawl(&["extract", "--weights", bad.to_str().unwrap(), seed]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.txt:2:"), "{}", stderr(&out));
}
