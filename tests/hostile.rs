//! Hostile input (issue #4): never panic, never hang, lose nothing.
//!
//! Library level: odd but valid text (BOM, CRLF, zero-width and bidi
//! controls inside cue words, mixed scripts) and huge or degenerate inputs
//! generated at run time (a 100 MB single line, 400,000 unmatched `«`,
//! 200,000 nested quotation marks, a 10 MB quotation, …), each checked for
//! valid spans and for linear time: the big input must not take
//! disproportionately longer than a tenth of it (a quadratic step would take
//! ~100× longer; the bound allows ~40×), and must finish within an absolute
//! bound. Sizes are a tenth in debug builds; CI runs `cargo test --release`.
//!
//! CLI level: binary files, invalid UTF-8, empty files, broken JSONL lines,
//! missing files and broken pattern files, with their stderr lines and exit
//! codes (SPEC.md "Errors and bad input").

#[path = "support/deadline.rs"]
mod deadline;
use deadline::output_within;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use qawl::{Attribution, Extractor, Kind};
use serde_json::Value;

fn ex() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(Extractor::builtin)
}

/// Every span of `attrs` meets the span contract (`qawl::contract`: non-empty,
/// trimmed, on char boundaries, and on documents up to 1 MB the JSON
/// rendering round-trips). The spans together stay proportional to the
/// input (no attribution list that grows quadratically in bytes).
fn check_spans(input: &str, attrs: &[Attribution]) {
    if let Err(e) = qawl::contract::check(ex(), input, attrs, 1 << 20) {
        panic!("span contract: {e}");
    }
    let total: usize = attrs
        .iter()
        .map(|a| {
            a.cue.end - a.cue.start + a.content.end - a.content.start + a.speaker.map_or(0, |(s, _)| s.end - s.start)
        })
        .sum();
    assert!(total <= 4 * input.len() + 4096, "spans total {total} bytes for a {}-byte input", input.len());
}

fn extract(input: &str) -> Vec<Attribution> {
    let attrs = ex().extract(input);
    check_spans(input, &attrs);
    attrs
}

/// Sizes shrink tenfold in debug builds (`cargo test` without `--release`).
fn scaled(n: usize) -> usize {
    if cfg!(debug_assertions) { n / 10 } else { n }
}

fn time_extract(input: &str) -> (Duration, usize) {
    let (t, cpu) = (Instant::now(), thread_cpu());
    let attrs = ex().extract(input);
    // the CPU time of this thread where Linux gives it: wall time grows when
    // other test binaries share the cores, CPU time does not (a 10 MB run took
    // 4.3 s of wall time against 0.76 s on a busy 2-core machine)
    let d = match (cpu, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => t.elapsed(),
    };
    check_spans(input, &attrs);
    (d, attrs.len())
}

/// Time this thread has run on a CPU (`/proc/thread-self/schedstat`, first
/// field, nanoseconds), if the system says.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// Extract from `make(n)` and `make(n / 10)`; fail when the big one takes (in CPU time)
/// more than 40× the small one (plus a 25 ms floor against timer noise) or
/// more than `limit_secs`. Returns the attribution count of the big input.
fn assert_linear(name: &str, make: impl Fn(usize) -> String, n: usize, limit_secs: u64) -> usize {
    let small = make(n / 10);
    let t_small = (0..3).map(|_| time_extract(&small).0).min().unwrap();
    drop(small);
    let big = make(n);
    let (t_big, found) = time_extract(&big);
    eprintln!("{name}: {} bytes in {t_big:?}, a tenth in {t_small:?}, {found} attributions", big.len());
    let bound = (t_small + Duration::from_millis(25)) * 40;
    assert!(t_big <= bound, "{name}: {} bytes took {t_big:?}, a tenth took {t_small:?}: not linear", big.len());
    assert!(t_big <= Duration::from_secs(limit_secs), "{name}: {} bytes took {t_big:?}", big.len());
    found
}

/// `unit` repeated until the string has at least `n` bytes.
fn repeat_to(unit: &str, n: usize) -> String {
    unit.repeat(n / unit.len() + 1)
}

fn fixture_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

// ---------------------------------------------------------------- small odd inputs

#[test]
fn empty_and_blank_documents() {
    for s in ["", " ", "\n", "\r\n", "\u{FEFF}", "\u{200F}\u{200E}", "ـــ", "\u{064E}\u{0651}", "«", "»", ":", "قال"]
    {
        extract(s);
    }
}

#[test]
fn bom_is_skipped() {
    let a = extract("\u{FEFF}قال الوزير إن العمل مستمر.");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].cue.start, 3);
}

#[test]
fn crlf_lines() {
    let input = "قال الوزير: «العمل مستمر».\r\nوأكد المتحدث أن الاجتماع انتهى.\r\n";
    let a = extract(input);
    assert_eq!(a.len(), 2, "{a:?}");
    for at in &a {
        assert!(!input[at.content.start..at.content.end].ends_with('\r'));
    }
    // same result as with LF, modulo the offsets shifted by the CRs
    assert_eq!(a.len(), extract(&input.replace("\r\n", "\n")).len());
}

#[test]
fn zero_width_and_bidi_inside_cue_words() {
    let base = "قال الوزير إن العمل مستمر.";
    let want = extract(base);
    assert_eq!(want.len(), 1);
    for zw in [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202B}', '\u{202C}', '\u{2066}', '\u{2069}',
        '\u{FEFF}', '\u{00AD}', '\u{061C}',
    ] {
        let input = format!("ق{zw}ال الوزير إن العمل مستمر.");
        let got = extract(&input);
        assert_eq!(got.len(), 1, "U+{:04X} inside قال", zw as u32);
        assert_eq!(&input[got[0].cue.start..got[0].cue.end], format!("ق{zw}ال"));
        assert_eq!(got[0].lemma, want[0].lemma);
        assert_eq!(got[0].kind, want[0].kind);
        // and around / between every word
        let spaced = format!("{zw}قال{zw} {zw}الوزير{zw} إن{zw} العمل مستمر.{zw}");
        assert_eq!(extract(&spaced).len(), 1, "U+{:04X} around words", zw as u32);
    }
}

#[test]
fn diacritics_tatweel_and_presentation_forms() {
    for input in [
        "قَالَ الوَزِيرُ إِنَّ العَمَلَ مُسْتَمِرٌّ.",
        "قـــال الوزير إن العمل مستمر.",
        // ﻗﺎﻝ in presentation forms
        "\u{FED7}\u{FE8E}\u{FEDD} الوزير إن العمل مستمر.",
        // a ligature that decomposes into several letters, then combining marks alone
        "\u{FDF2} \u{FEFB} \u{0651}\u{0651} قال الوزير إن العمل مستمر.",
    ] {
        assert_eq!(extract(input).len(), 1, "{input}");
    }
}

#[test]
fn arabic_mixed_with_latin_and_digits() {
    for input in [
        "قال John Smith إن 2024 كان عاما جيدا بنسبة 3.5%.",
        "وقال وزير الخارجية (Foreign Minister) لـCNN: «نعم» OK.",
        "Reuters: قال مسؤول إن ٢٠٢٤ عام صعب. He said \"yes\".",
        "قال123 الوزير456 إن789 شيئا. abcقال defأن",
        "قال 🙂 الوزير 👍🏽 إن العمل مستمر 🇸🇦.",
    ] {
        extract(input);
    }
}

#[test]
fn odd_quotation_marks() {
    for input in [
        "قال: »مقلوب« و”مقلوب“ و\"\"\"ثلاثة\"\"\"",
        "قال الوزير: «",
        "قال الوزير: »",
        "«قال الوزير: »»»»",
        "قال الوزير: «نعم\n\nلا» .",
        "قال الوزير: ((((نعم)))) (",
        "قال: „نعم“ ‹لا› “”",
    ] {
        extract(input);
    }
}

// ---------------------------------------------------------------- big inputs, linear time

#[test]
fn hundred_mb_single_line() {
    let text = fixture_text().replace(['\n', '\r'], " ");
    let found = assert_linear("100 MB line", |n| repeat_to(&text, n), scaled(100 << 20), 45);
    assert!(found > 0);
}

#[test]
fn unmatched_opening_marks() {
    let make = |n: usize| format!("قال الوزير: {} نعم", "«".repeat(n));
    assert_linear("400,000 unmatched «", make, 400_000, 5);
    let make = |n: usize| format!("قال الوزير: {} نعم", "» ".repeat(n));
    assert_linear("400,000 unmatched »", make, 400_000, 5);
    let make = |n: usize| format!("قال الوزير: {} نعم", "\"".repeat(n));
    assert_linear("400,000 \"", make, 400_000, 5);
}

#[test]
fn nested_quotation_marks() {
    let make = |n: usize| format!("قال الوزير: {}نعم{}.", "«".repeat(n), "»".repeat(n));
    let found = assert_linear("200,000 nested «»", make, 200_000, 5);
    assert!(found >= 1);
    let make = |n: usize| format!("قال الوزير: {}نعم{}.", "«“(".repeat(n / 3), ")”»".repeat(n / 3));
    assert_linear("200,000 nested mixed marks", make, 200_000, 5);
    let make = |n: usize| format!("قال الوزير: {}", "«قال الوزير: ".repeat(n));
    assert_linear("200,000 nested cue + «", make, 200_000, 5);
}

#[test]
fn ten_mb_quotation() {
    let make = |n: usize| format!("قال الوزير: «{}» وأضاف أن العمل مستمر.", repeat_to("كلام طويل جدا ", n));
    assert_linear("10 MB quotation", make, scaled(10 << 20), 10);
    let make = |n: usize| format!("قال الوزير: «{}", repeat_to("قال الوزير إن الأمر «مهم» ", n));
    assert_linear("10 MB unclosed quotation of cues", make, scaled(10 << 20), 10);
}

#[test]
fn ten_mb_sentence_without_punctuation() {
    // cues every few words and no sentence end: contents run to the text end
    // (the last three end each content in a closing mark without its opener)
    for unit in [
        "وأكد الوزير أن الأمر مهم ",
        "قال: نعم ",
        "بحسب المصادر فإن ",
        "وأضافت أن ",
        "مشيرا إلى أن ",
        "كما أكد أن ” ",
        "قال إن «نعم» » ",
        "(قال) ",
    ] {
        assert_linear(&format!("10 MB of {unit:?}"), |n| repeat_to(unit, n), scaled(10 << 20), 20);
    }
}

#[test]
fn many_implicit_speakers() {
    // feminine plural cues with nothing to agree with: every one looks back
    for unit in ["وأكدن أن العمل مستمر.\n", "وأكدت أن العمل مستمر. ", "قالوا: «نعم لا نعم».\n"]
    {
        assert_linear(&format!("{unit:?} repeated"), |n| repeat_to(unit, n), scaled(10 << 20), 10);
    }
}

#[test]
fn huge_words_and_blank_runs() {
    let make = |n: usize| format!("قال الوزير إن {} نعم.", "ا".repeat(n / 2));
    assert_linear("10 MB word", make, scaled(10 << 20), 10);
    let make = |n: usize| repeat_to(&format!("قال {} إن نعم. ", "ب".repeat(5000)), n);
    assert_linear("cues between long words", make, scaled(10 << 20), 10);
    let make = |n: usize| format!("قال الوزير:{}«نعم»", "\n".repeat(n));
    assert_linear("10 MB of newlines", make, scaled(10 << 20), 10);
    let make = |n: usize| format!("قال الوزير:{}«نعم»", " \u{200F}\t\u{00A0}".repeat(n / 8));
    assert_linear("10 MB of spaces and controls", make, scaled(10 << 20), 10);
    let make = |n: usize| format!("قال{}الوزير إن نعم.", "\u{064E}".repeat(n / 2));
    assert_linear("10 MB of diacritics", make, scaled(10 << 20), 10);
}

/// A deterministic soup of cue words, speakers, quotation marks and
/// punctuation: every resolution path, at random, at length.
#[test]
fn random_token_soup() {
    const TOKENS: &[&str] = &[
        "قال",
        "وقال",
        "قالت",
        "أكد",
        "وأكدت",
        "أضاف",
        "يقول",
        "أشار",
        "إلى",
        "مشيرا",
        "قائلا",
        "بحسب",
        "وفقا",
        "لـ",
        "نقلا عن",
        "الوزير",
        "المتحدث",
        "باسم",
        "رئيس",
        "الوزارة",
        "مصادر",
        "إن",
        "أن",
        "بأن",
        "في",
        "مؤتمر",
        "الذي",
        "«",
        "»",
        "“",
        "”",
        "\"",
        "(",
        ")",
        ":",
        "،",
        ".",
        "؟",
        "!",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\u{200F}",
        "John",
        "2024",
        "٣",
        "نعم",
        "لا",
        "العمل",
        "مستمر",
        "ـ",
        "\u{064B}",
        "و",
        "ف",
        "ما",
        "كما",
        "للصحفيين",
    ];
    let make = |n: usize| {
        let mut s = String::with_capacity(n + 64);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        while s.len() < n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str(TOKENS[(x % TOKENS.len() as u64) as usize]);
            if x & 0x300 != 0 {
                s.push(' ');
            }
        }
        s
    };
    for n in [0, 1, 10, 100, 1000, 10_000] {
        for k in 0..20 {
            extract(&make(n + k * 7));
        }
    }
    assert_linear("10 MB token soup", make, scaled(10 << 20), 15);
}

#[test]
fn kinds_still_sane_after_noise() {
    let a = extract("\u{FEFF}\u{200F}قال الوزير\u{200C}: «العمل\r\nمستمر»");
    assert!(a.iter().all(|a| Kind::ALL.contains(&a.kind)));
}

// ---------------------------------------------------------------- CLI: files, JSONL, exit codes

fn qawl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qawl")).args(args).output().expect("run qawl")
}

fn stderr_lines(o: &Output) -> Vec<String> {
    String::from_utf8(o.stderr.clone()).unwrap().lines().map(str::to_string).collect()
}

fn jsonl_docs(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const GOOD: &str = "قال الوزير إن العمل مستمر.\n";

#[test]
fn cli_bad_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    std::fs::write(p("a-good.txt"), GOOD).unwrap();
    std::fs::write(p("b-binary.bin"), b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\xff\xfe").unwrap();
    let mut bad = "قال الوزير".as_bytes().to_vec();
    bad.extend_from_slice(b" \xff\xfe ");
    std::fs::write(p("c-latin1.txt"), &bad).unwrap();
    std::fs::write(p("d-empty.txt"), "").unwrap();
    std::fs::write(p("e-bom-crlf.txt"), format!("\u{FEFF}{}", GOOD.replace('\n', "\r\n"))).unwrap();

    let o = qawl(&[
        "extract",
        "--format",
        "jsonl",
        &p("a-good.txt"),
        &p("b-binary.bin"),
        &p("nope.txt"),
        &p("c-latin1.txt"),
        &p("d-empty.txt"),
        &p("e-bom-crlf.txt"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_lines(&o);
    assert_eq!(
        err,
        vec![
            format!("qawl: {}: binary content (NUL bytes), skipped", p("b-binary.bin")),
            format!("qawl: {}: cannot open: No such file or directory (os error 2)", p("nope.txt")),
            format!("qawl: {}: invalid UTF-8 at byte {}, skipped", p("c-latin1.txt"), "قال الوزير ".len()),
        ]
    );
    let docs = jsonl_docs(&o);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [p("a-good.txt"), p("d-empty.txt"), p("e-bom-crlf.txt")]);
    assert_eq!(docs[0]["attributions"].as_array().unwrap().len(), 1);
    // an empty file is a valid document with no attributions, and no message
    assert_eq!(docs[1]["attributions"].as_array().unwrap().len(), 0);
    assert_eq!(docs[2]["attributions"].as_array().unwrap().len(), 1);

    // the same files as a folder: same messages, same order
    let o2 = qawl(&["extract", "--format", "jsonl", &dir.path().display().to_string()]);
    assert_eq!(o2.status.code(), Some(1));
    assert_eq!(stderr_lines(&o2).len(), 2);
    assert_eq!(jsonl_docs(&o2).len(), 3);

    // only good inputs: exit 0, nothing on stderr
    let o3 = qawl(&["extract", "--format", "json", &p("a-good.txt"), &p("d-empty.txt")]);
    assert_eq!(o3.status.code(), Some(0));
    assert!(o3.stderr.is_empty(), "{}", String::from_utf8_lossy(&o3.stderr));
    let v: Value = serde_json::from_slice(&o3.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn cli_every_format_survives_hostile_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.txt");
    let text = "\u{FEFF}ق\u{200C}ال\tالوزير\r\n: «نعم\tلا»\r\n\u{202E}وأكد أن «««« 3.5 John.";
    std::fs::write(&path, text).unwrap();
    for f in ["table", "json", "jsonl", "tsv"] {
        let o = qawl(&["extract", "--explain", "--format", f, &path.display().to_string()]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(!o.stdout.is_empty());
    }
    // stdin as well
    let mut child = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .args(["extract", "--format", "jsonl", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"\xff\xfe\x00binary").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr_lines(&o), ["qawl: <stdin>: binary content (NUL bytes), skipped"]);
}

#[test]
fn cli_jsonl_bad_lines_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    let name = path.display().to_string();
    let mut body: Vec<u8> = vec![];
    let good = |id: &str| format!("{}\n", serde_json::json!({"id": id, "text": GOOD}));
    body.extend(good("one").bytes()); // 1
    body.extend(b"this is not json\n"); // 2
    body.extend(b"[1, 2, 3]\n"); // 3
    body.extend(b"{\"id\": \"x\", \"body\": \"no text field\"}\n"); // 4
    body.extend(b"{\"id\": \"y\", \"text\": 42}\n"); // 5
    body.extend(b"\n   \n"); // 6, 7: blank lines are not documents
    body.extend(b"{\"id\": \"z\", \"text\": \"\xff\xfe\"}\n"); // 8: invalid UTF-8
    body.extend(b"{\"id\": \"t\", \"text\": \"cut off\n"); // 9
    body.extend(good("two").bytes()); // 10
    body.extend(b"{\"id\": \"e\", \"text\": \"\"}\r\n"); // 11: empty text, CRLF
    body.extend(good("last").trim_end().bytes()); // 12: no final newline
    std::fs::write(&path, &body).unwrap();

    let o = qawl(&["extract", "--input", "jsonl", "--format", "jsonl", &name]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_lines(&o);
    let lines: Vec<usize> = err
        .iter()
        .map(|l| {
            let rest = l.strip_prefix(&format!("qawl: {name}:")).unwrap_or_else(|| panic!("{l}"));
            assert!(rest.ends_with("skipped"), "{l}");
            rest.split(':').next().unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 8, 9], "{err:#?}");
    assert!(err[2].contains("no 'text' field"), "{}", err[2]);
    assert!(err[3].contains("not a string"), "{}", err[3]);
    let ids: Vec<String> = jsonl_docs(&o).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["one", "two", "e", "last"]);

    // a gzip file cut short: the documents before the cut, then one read error
    let gz = dir.path().join("c.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(vec![], flate2::Compression::default());
    for i in 0..2000 {
        std::io::Write::write_all(&mut enc, good(&i.to_string()).as_bytes()).unwrap();
    }
    let full = enc.finish().unwrap();
    std::fs::write(&gz, &full[..full.len() / 2]).unwrap();
    let o = qawl(&["extract", "--input", "jsonl", "--format", "jsonl", &gz.display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_lines(&o);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].starts_with(&format!("qawl: {}", gz.display())), "{}", err[0]);
    assert!(!jsonl_docs(&o).is_empty());
}

#[test]
fn cli_big_single_line_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let text = repeat_to(&fixture_text().replace('\n', " "), scaled(30 << 20));
    std::fs::write(&path, &text).unwrap();
    let t = Instant::now();
    let o = qawl(&["extract", "--format", "tsv", &path.display().to_string()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    assert!(o.stdout.len() > 1000);
}

/// Run qawl, killing it (and failing) if it runs longer than `secs`.
fn qawl_within(secs: u64, args: &[&str]) -> Output {
    output_within(Command::new(env!("CARGO_BIN_EXE_qawl")).args(args), secs, &format!("qawl {args:?}"))
}

/// Folders are read once each, even through symlink cycles; an endless
/// binary stream is rejected from its head.
#[cfg(unix)]
#[test]
fn cli_symlink_cycles_and_endless_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("a.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink("..", d.join("up")).unwrap();
    std::os::unix::fs::symlink(".", d.join("self")).unwrap();
    std::os::unix::fs::symlink(".", d.join("self2")).unwrap();
    let o = qawl_within(20, &["extract", "--format", "jsonl", &d.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(jsonl_docs(&o).len(), 1);

    if Path::new("/dev/zero").exists() {
        let o = qawl_within(20, &["extract", "/dev/zero", &d.join("a.txt").display().to_string()]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(stderr_lines(&o), ["qawl: /dev/zero: binary content (NUL bytes), skipped"]);
    }
}

// ---------------------------------------------------------------- CLI: broken pattern files

fn pattern_copy() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns/ar");
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// Replace line `line` (1-based) of `file` in a pattern copy with `new`
/// (or append it when `line` is past the end).
fn break_line(dir: &Path, file: &str, line: usize, new: &[u8]) {
    let path = dir.join(file);
    let old = std::fs::read(&path).unwrap();
    let mut lines: Vec<&[u8]> = old.split(|&b| b == b'\n').collect();
    if line <= lines.len() {
        lines[line - 1] = new;
    } else {
        lines.push(new);
    }
    std::fs::write(&path, lines.join(&b'\n')).unwrap();
}

#[test]
fn cli_pattern_copy_is_clean() {
    let dir = pattern_copy();
    let o = qawl(&["extract", "--patterns", &dir.path().display().to_string(), "--format", "jsonl", "-"]);
    // stdin is empty: one empty document
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn cli_broken_pattern_files_stop_the_run() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("verbs.txt", b"\xff\xfe = \xd9\x82", "invalid UTF-8"),
        ("verbs.txt", "قال = قال | loud".as_bytes(), "unknown tag 'loud'"),
        ("verbs.txt", "قال = قال,, قالت".as_bytes(), "empty form"),
        ("verbs.txt", "قال = قال, قالت/x".as_bytes(), "unknown form tag"),
        ("verbs.txt", " = قال".as_bytes(), "empty lemma"),
        ("verbs.txt", "| colon".as_bytes(), "no form"),
        ("verbs.txt", "ـــ".as_bytes(), "empty after normalisation"),
        ("verbs.txt", "قال | prep".as_bytes(), "prep"),
        ("speakers.txt", b"!", "empty exclusion"),
        ("quotes.txt", "«".as_bytes(), "quote pair"),
        ("according.txt", "بحسب | colon=1".as_bytes(), ""),
    ];
    for &(file, line, reason) in cases {
        let dir = pattern_copy();
        let n = std::fs::read(dir.path().join(file)).unwrap().split(|&b| b == b'\n').count() + 1;
        break_line(dir.path(), file, n, line);
        let pdir = dir.path().display().to_string();
        let missing = dir.path().join("input-that-does-not-exist.txt").display().to_string();
        let o = qawl(&["extract", "--patterns", &pdir, &missing]);
        let shown = String::from_utf8_lossy(line);
        assert_eq!(o.status.code(), Some(2), "{file}: {shown}");
        assert!(o.stdout.is_empty(), "{file}: {shown}: no input may be processed");
        let err = stderr_lines(&o);
        let want = format!("{}:{n}: ", dir.path().join(file).display());
        assert!(err.iter().any(|l| l.starts_with(&want) && l.contains(reason)), "{file}: {shown}: {err:#?}");
        assert!(err.iter().all(|l| !l.contains("input-that-does-not-exist")), "input read before patterns: {err:#?}");
    }
    // a missing pattern file
    let dir = pattern_copy();
    std::fs::remove_file(dir.path().join("enders.txt")).unwrap();
    let o = qawl(&["extract", "--patterns", &dir.path().display().to_string(), "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_lines(&o)[0].contains("enders.txt"));
}

// ---------------------------------------------------------------- regressions found by fuzzing

/// `sentence_start` stepped one byte past a sentence end, into the middle of
/// the two-byte `؟`; an according-to cue in the next sentence then sliced the
/// text off a char boundary (src/resolve/doc.rs `Doc::sentence_start`).
#[test]
fn fuzz_question_mark_before_according_cue() {
    for input in [
        "هل انتهى؟ونقلا عن مسؤول فإن الأمر مهم جدا.",
        "هل انتهى؟ بحسب مصادر فإن الأمر مهم جدا.",
        // the minimised fuzz input (valid UTF-8 prefix)
        "ٱكيا أمس الخميس مواقع لتنظيم ا»داعالاسلام ، و؟بدت\x1b الهيئة في بيان لها استعدادين لهم ونقلا عن مسؤ",
    ] {
        extract(input);
    }
}

/// A clause whose quotation uses the `” ”` pair: trimming dropped the closing
/// `”` (its opener `“` is not in the span), and the rest of the clause after
/// the quotation was then sliced backwards (src/resolve/doc.rs `trim_content`).
#[test]
fn soup_clause_quote_with_trimmed_closing_mark() {
    for input in ["قال الوزير إن ”نعم”.", "قال إن ”نعم”", "وأكد أن ”العمل مستمر” و”نعم”."]
    {
        extract(input);
    }
}
