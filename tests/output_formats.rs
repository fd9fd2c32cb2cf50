//! The output formats for people and for data tools: the html page
//! (well-formed, every attribution highlighted with its exact content), csv
//! and tsv (parse back with the csv crate, char and byte offsets agree),
//! control characters never reaching a terminal (extract table, diff,
//! patterns stats, speakers, eval --errors), entities on real article text,
//! `qawl speakers`, and `--stats` counting documents without attributions.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Output, Stdio};

use qawl::Extractor;
use qawl::model::Resolved;
use serde_json::Value;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/raisi-putin-ar.txt");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus-200.jsonl");

fn qawl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qawl")).args(args).output().expect("run qawl")
}

fn qawl_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn corpus() -> Vec<(String, String)> {
    std::fs::read_to_string(CORPUS)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v["text"].as_str().unwrap().to_string())
        })
        .collect()
}

fn jsonl(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// No control character but line breaks (and tabs, which a table may hold)
/// in what a terminal would be sent, and no bidi override.
fn assert_terminal_safe(what: &str, out: &[u8]) {
    let s = String::from_utf8_lossy(out);
    for (i, c) in s.char_indices() {
        let bad = (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(
            !bad,
            "{what}: control character {c:?} at byte {i}: {:?}",
            &s[i.saturating_sub(40)..(i + 40).min(s.len())]
        );
    }
}

// ---------------------------------------------------------------- html

/// Undo the page's escaping of text.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// Check that every tag is closed in order (void elements aside; script
/// contents skipped) and return the number of elements.
fn check_balanced(html: &str) -> usize {
    const VOID: [&str; 4] = ["meta", "br", "input", "img"];
    let mut stack: Vec<String> = vec![];
    let mut count = 0;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('!') {
            rest = &rest[rest.find('>').unwrap() + 1..];
            continue;
        }
        let end = rest.find('>').expect("unclosed <");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_else(|| panic!("</{name}> with nothing open"));
            assert_eq!(open, name, "</{name}> closes <{open}>");
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(!name.is_empty(), "bad tag <{tag}>");
        count += 1;
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}>");
            let at = rest.find(&close).unwrap_or_else(|| panic!("unclosed <{name}>"));
            if tag.contains("application/json") {
                assert!(!rest[..at].contains('<'), "a `<` inside a JSON script");
            }
            rest = &rest[at + close.len()..];
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "never closed: {stack:?}");
    count
}

/// Per article of a page: for every attribution id in the text's segments,
/// the concatenated text of its segments.
fn highlights(html: &str) -> Vec<Vec<(usize, String)>> {
    let mut out = vec![];
    for article in html.split("<article class=\"doc\">").skip(1) {
        let text = &article[article.find("<div class=\"text\">").unwrap()..article.find("</div>\n<aside").unwrap()];
        let mut by: std::collections::BTreeMap<usize, String> = Default::default();
        let mut rest = text;
        while let Some(i) = rest.find("<span ") {
            rest = &rest[i..];
            let open_end = rest.find('>').unwrap();
            let tag = &rest[..open_end];
            let close = rest.find("</span>").unwrap();
            let inner = unescape(&rest[open_end + 1..close]);
            if let Some(a) = tag.split("data-a=\"").nth(1) {
                for id in a[..a.find('"').unwrap()].split(' ') {
                    by.entry(id.parse().unwrap()).or_default().push_str(&inner);
                }
            }
            rest = &rest[close..];
        }
        out.push(by.into_iter().collect());
    }
    out
}

#[test]
fn html_page_is_balanced_and_highlights_every_attribution_exactly() {
    let o = qawl(&["extract", "--format", "html", "--input", "jsonl", CORPUS]);
    assert!(o.status.success());
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">"));
    assert!(check_balanced(&html) > 1000);
    // self-contained: nothing fetched
    for needle in ["http://", "https://", "src=", "<link", "@import", "url("] {
        let outside_data = html.split("<script type=\"application/json\"").next().unwrap();
        assert!(!outside_data.contains(needle), "page refers to {needle}");
    }
    let docs = jsonl(&qawl(&["extract", "--format", "jsonl", "--input", "jsonl", CORPUS]));
    let pages = highlights(&html);
    assert_eq!(pages.len(), docs.len());
    let mut n = 0;
    for (page, doc) in pages.iter().zip(&docs) {
        let attrs = doc["attributions"].as_array().unwrap();
        let ids: Vec<usize> = page.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids, (0..attrs.len()).collect::<Vec<_>>(), "{}", doc["id"]);
        for ((_, text), a) in page.iter().zip(attrs) {
            assert_eq!(text, a["content"]["text"].as_str().unwrap(), "{}", doc["id"]);
            n += 1;
        }
    }
    assert!(n > 500, "{n}");
    // the corpus data at the end names a group for every attribution with a speaker
    let data = html.split("<script type=\"application/json\" id=\"qawl-data\">").nth(1).unwrap();
    let data: Value = serde_json::from_str(&data[..data.find("</script>").unwrap()]).unwrap();
    assert_eq!(data["shown"], docs.len());
    let attrs = data["attrs"].as_array().unwrap();
    for (d, doc) in attrs.iter().zip(&docs) {
        for (t, a) in d.as_array().unwrap().iter().zip(doc["attributions"].as_array().unwrap()) {
            assert_eq!(t[0].as_i64().unwrap() >= 0, !a["speaker"].is_null());
        }
    }
}

#[test]
fn html_renders_overlapping_spans_and_control_characters() {
    // nested quotation: a speaker and a quote inside another attribution's content
    let text =
        "وقال الوزير: «أكد الرئيس أن \u{1b}[2J الوضع مستقر» في المؤتمر.\u{202E}\nوذكر التقرير أن «النمو سيستمر».";
    let ex = Extractor::builtin();
    let attrs = ex.extract(text);
    assert!(attrs.len() >= 2, "{attrs:?}");
    let html = String::from_utf8(qawl::output::html::page(&ex, &[("a\u{7}b", text, attrs.clone())])).unwrap();
    check_balanced(&html);
    for c in html.chars() {
        let bad = (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}');
        assert!(!bad, "{c:?} in the page");
    }
    let safe = |s: &str| s.chars().map(qawl::output::html::safe_char).collect::<String>();
    let page = &highlights(&html)[0];
    assert_eq!(page.len(), attrs.len());
    for ((_, got), a) in page.iter().zip(&attrs) {
        assert_eq!(got, &safe(&text[a.content.start..a.content.end]));
    }
    assert!(html.contains("\u{241b}[2J"), "ESC shown as its control picture");
}

/// Time `f` on an input of `n` units and of `n / 10`; fail unless roughly linear.
fn assert_linear(what: &str, n: usize, f: impl Fn(usize) -> usize) {
    let time = |n: usize| {
        let t = std::time::Instant::now();
        let k = f(n);
        (t.elapsed(), k)
    };
    let (small, _) = time(n / 10);
    let (big, k) = time(n);
    assert!(k > 0, "{what}: nothing produced");
    assert!(
        big.as_secs_f64() < 30.0 * small.as_secs_f64().max(0.02),
        "{what}: {n} units took {big:?}, a tenth took {small:?}: not linear"
    );
}

#[test]
fn html_and_entities_stay_linear_on_hostile_documents() {
    let ex = Extractor::builtin();
    for unit in [
        "«قال الوزير: ",
        "وقال وزير الخارجية الروسي سيرغي لافروف إن الأمر مهم. وأضاف لافروف أن ",
        "وقال لافروف إن «الأمر «مهم» جدا» ",
    ] {
        assert_linear(&format!("html of {unit:?} repeated"), 40_000, |n| {
            let text = unit.repeat(n);
            let attrs = ex.extract(&text);
            qawl::output::html::page(&ex, &[("x", &text, attrs)]).len()
        });
    }
    // many distinct names: the name search stays bounded
    assert_linear("many distinct names", 40_000, |n| {
        let text: String = (0..n).map(|i| format!("وقال الوزير سالم{i} نادر{i} إن الأمر مهم. ")).collect();
        ex.extract(&text).len()
    });
}

// ---------------------------------------------------------------- csv, tsv

fn read_rows(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|x| x.unwrap()).collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn csv_parses_back_with_exact_texts_and_offsets() {
    let o = qawl(&["extract", "--format", "csv", "--input", "jsonl", CORPUS]);
    assert!(o.status.success());
    assert!(o.stdout.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let (h, rows) = read_rows(&o.stdout, b',');
    let texts: std::collections::HashMap<String, String> = corpus().into_iter().collect();
    let docs = jsonl(&qawl(&["extract", "--format", "jsonl", "--input", "jsonl", CORPUS]));
    assert_eq!(rows.len(), docs.iter().map(|d| d["attributions"].as_array().unwrap().len()).sum::<usize>());
    for r in &rows {
        let text = &texts[&r[col(&h, "id")]];
        for span in ["speaker", "cue", "content", "entity"] {
            let s = &r[col(&h, &format!("{span}_start"))];
            if s.is_empty() {
                assert!(matches!(span, "speaker" | "entity"));
                continue;
            }
            let (s, e): (usize, usize) = (s.parse().unwrap(), r[col(&h, &format!("{span}_end"))].parse().unwrap());
            let (cs, ce): (usize, usize) = (
                r[col(&h, &format!("{span}_char_start"))].parse().unwrap(),
                r[col(&h, &format!("{span}_char_end"))].parse().unwrap(),
            );
            assert_eq!(&r[col(&h, span)], &text[s..e], "{span}: the exact text");
            assert_eq!((text[..s].chars().count(), text[..e].chars().count()), (cs, ce));
        }
    }
    // quotes and commas inside a field stay exact
    let text = "وقال الوزير إن \"الحل, كما يبدو, قريب\" والوضع مستقر.";
    let o = qawl_stdin(&["extract", "--format", "csv", "-"], text.as_bytes());
    let (h, rows) = read_rows(&o.stdout, b',');
    assert_eq!(rows.len(), 1, "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(&rows[0][col(&h, "content")], "\"الحل, كما يبدو, قريب\" والوضع مستقر");
}

#[test]
fn tsv_round_trips_and_a_leading_quote_does_not_break_it() {
    let text = "وقال الوزير إن \"الحل\tقريب\" والوضع مستقر.\nوأضاف أن \"المفاوضات, كما قال, مستمرة\" حتى الآن.";
    let o = qawl_stdin(&["extract", "--format", "tsv", "-"], text.as_bytes());
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    let (h, rows) = read_rows(&o.stdout, b'\t');
    assert_eq!(h.len(), 26);
    assert!(rows.len() >= 2, "{out}");
    assert_eq!(out.lines().count(), rows.len() + 1, "one row per line");
    for r in &rows {
        assert_eq!(r.len(), h.len());
        let (s, e): (usize, usize) =
            (r[col(&h, "content_start")].parse().unwrap(), r[col(&h, "content_end")].parse().unwrap());
        assert_eq!(&r[col(&h, "content")], text[s..e].replace(['\t', '\n'], " "));
    }
    let quoted: Vec<&csv::StringRecord> = rows.iter().filter(|r| r[col(&h, "content")].starts_with('"')).collect();
    assert!(!quoted.is_empty(), "a content starting with a quote: {out}");
    // the corpus, too: one row per attribution, each with every column
    let o = qawl(&["extract", "--format", "tsv", "--explain", "--input", "jsonl", CORPUS]);
    let (h, rows) = read_rows(&o.stdout, b'\t');
    assert_eq!(&h[h.len() - 2..], ["rule", "patterns"]);
    let n: usize = jsonl(&qawl(&["extract", "--format", "jsonl", "--input", "jsonl", CORPUS]))
        .iter()
        .map(|d| d["attributions"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), n);
}

// ---------------------------------------------------------------- escaping

const HOSTILE: &str = "وقال الوزير: «\u{1b}]0;pwned\u{7} نعمل \u{1b}[2J على \u{9b}31m حل\u{202E} المشكلة».";

#[test]
fn the_table_escapes_control_characters_and_cuts_to_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("id\u{1b}[2Jwith\nnewline.txt");
    std::fs::write(&file, HOSTILE).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .args(["extract", file.to_str().unwrap()])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_terminal_safe("extract table", &o.stdout);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.lines().next().unwrap().contains("--format html"), "{out}");
    assert!(out.contains("\\x1b[2J"), "escaped, visible: {out}");
    assert!(out.contains("id\\x1b[2Jwith\\nnewline.txt"), "{out}");
    for l in out.lines().skip(1) {
        assert!(qawl::display::width(l) <= 59, "{l:?} wider than the terminal");
    }
    assert!(out.contains('…'));
    // a long seed run at the default width: no line wraps
    let seed = qawl(&["extract", SEED]);
    for l in String::from_utf8(seed.stdout).unwrap().lines().skip(1) {
        assert!(qawl::display::width(l) < 100, "{l}");
    }
}

#[test]
fn diff_stats_speakers_and_eval_errors_escape_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.jsonl");
    let new = dir.path().join("new.jsonl");
    let doc = |text: &str| serde_json::json!({"id": "x\u{1b}[31m\ny", "text": text}).to_string();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, doc(HOSTILE) + "\n").unwrap();
    let o = qawl(&["extract", "--format", "jsonl", "--input", "jsonl", input.to_str().unwrap()]);
    std::fs::write(&new, &o.stdout).unwrap();
    std::fs::write(&old, "{\"id\":\"x\\u001b[31m\\ny\",\"attributions\":[]}\n").unwrap();
    let d = qawl(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(d.status.success(), "{}", String::from_utf8_lossy(&d.stderr));
    assert!(String::from_utf8_lossy(&d.stdout).contains("gained"), "{}", String::from_utf8_lossy(&d.stdout));
    assert_terminal_safe("diff table", &d.stdout);
    let s = qawl(&["patterns", "stats", "--input", "jsonl", input.to_str().unwrap()]);
    assert!(s.status.success());
    assert_terminal_safe("patterns stats table", &s.stdout);
    let sp = qawl(&["speakers", "--strings", "--input", "jsonl", input.to_str().unwrap()]);
    assert!(sp.status.success());
    assert_terminal_safe("speakers table", &sp.stdout);
    // eval --errors on a gold file whose id and texts hold escapes
    let gold = dir.path().join("gold.jsonl");
    let g = serde_json::json!({"id": "g\u{1b}[2J\n1", "text": HOSTILE, "attributions": [
        {"kind": "direct", "speaker": "\u{1b}]0;x\u{7}", "cue": "قال", "content": "\u{1b}[2J غير موجود"}]});
    std::fs::write(&gold, g.to_string() + "\n").unwrap();
    let e = qawl(&["eval", gold.to_str().unwrap(), "--errors"]);
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    let out = String::from_utf8_lossy(&e.stdout).into_owned();
    assert!(out.contains("MISSED") || out.contains("SPURIOUS"), "{out}");
    assert_terminal_safe("eval --errors", &e.stdout);
}

// ---------------------------------------------------------------- entities

#[test]
fn entities_group_the_mentions_of_one_source_in_real_articles() {
    let ex = Extractor::builtin();
    let texts: std::collections::HashMap<String, String> = corpus().into_iter().collect();
    // snn-07970 (Okaz): وزير التخطيط اليمني الدكتور محمد الميتمي, later الوزير الميتمي,
    // الوزير اليمني, الميتمي and implicit cues: one entity
    let text = &texts["snn-07970"];
    let attrs = ex.extract(text);
    let of = |s: &str| {
        attrs
            .iter()
            .filter(|a| a.speaker.is_some_and(|(sp, _)| &text[sp.start..sp.end] == s))
            .map(|a| a.entity.map(|e| &text[e.start..e.end]))
            .collect::<BTreeSet<_>>()
    };
    let full = Some("وزير التخطيط اليمني الدكتور محمد الميتمي");
    for m in ["الوزير الميتمي", "الوزير اليمني", "الميتمي"] {
        assert_eq!(of(m), BTreeSet::from([full]), "{m}");
    }
    // the seed: an implicit speaker has its antecedent's entity
    let seed = std::fs::read_to_string(SEED).unwrap();
    let attrs = ex.extract(&seed);
    let mut implicit = 0;
    for (i, a) in attrs.iter().enumerate() {
        if let Some((s, Resolved::Implicit)) = a.speaker {
            let antecedent = attrs[..i].iter().find(|b| b.speaker.is_some_and(|(t, _)| t == s)).unwrap();
            assert_eq!(a.entity, antecedent.entity);
            implicit += 1;
        }
    }
    assert!(implicit > 0);
    // every attribution with a speaker has an entity, and only those
    for (_, text) in corpus() {
        for a in ex.extract(&text) {
            assert_eq!(a.speaker.is_some(), a.entity.is_some());
        }
    }
}

#[test]
fn jsonl_lines_are_the_json_objects_with_entities() {
    let ex = Extractor::builtin();
    for (id, text) in corpus().into_iter().take(60) {
        let attrs = ex.extract(&text);
        let mut line = vec![];
        qawl::output::write_doc(&mut line, qawl::output::Format::Jsonl, &ex, &id, &text, &attrs, false).unwrap();
        let v = qawl::output::doc_json(&ex, &id, &text, &attrs, false);
        assert_eq!(String::from_utf8(line).unwrap(), serde_json::to_string(&v).unwrap() + "\n");
        for a in v["attributions"].as_array().unwrap() {
            if !a["speaker"].is_null() {
                let e = &a["speaker"]["entity"];
                let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
                assert_eq!(&text[s..t], e["text"].as_str().unwrap());
            }
        }
    }
}

// ---------------------------------------------------------------- speakers, --stats

#[test]
fn speakers_counts_every_attribution_and_writes_csv() {
    let o = qawl(&["speakers", "--input", "jsonl", "--top", "0", "--format", "csv", CORPUS]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (h, rows) = read_rows(&o.stdout, b',');
    let total: u64 = rows.iter().map(|r| r[col(&h, "total")].parse::<u64>().unwrap()).sum();
    let by_kind: u64 = rows
        .iter()
        .map(|r| {
            ["direct", "indirect", "mixed", "according_to", "claim"]
                .iter()
                .map(|k| r[col(&h, k)].parse::<u64>().unwrap())
                .sum::<u64>()
        })
        .sum();
    assert_eq!(total, by_kind);
    let docs = jsonl(&qawl(&["extract", "--format", "jsonl", "--input", "jsonl", CORPUS]));
    let with_speaker = docs
        .iter()
        .flat_map(|d| d["attributions"].as_array().unwrap().iter())
        .filter(|a| !a["speaker"].is_null())
        .count() as u64;
    assert_eq!(total, with_speaker);
    let ranks: Vec<u64> = rows.iter().map(|r| r[col(&h, "total")].parse().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "most quoted first");
    let top = qawl(&["speakers", "--input", "jsonl", "--top", "5", CORPUS]);
    assert_eq!(String::from_utf8(top.stdout).unwrap().lines().count(), 1 + 5 + 1, "header, 5 rows, no-speaker line");
}

#[test]
fn stats_count_documents_without_attributions() {
    let input = [
        serde_json::json!({"id": "a", "text": "وقال الوزير إن الاجتماع كان مثمرا."}),
        serde_json::json!({"id": "b", "text": "نص بلا أي اقتباس."}),
        serde_json::json!({"id": "c", "text": "قال المتحدث: «لا تعليق»."}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect::<String>();
    for format in ["tsv", "csv", "html", "table", "jsonl"] {
        let o = qawl_stdin(&["extract", "--stats", "--input", "jsonl", "--format", format, "-"], input.as_bytes());
        assert!(o.status.success());
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains("qawl: 3 documents, 2 attributions, 1 without any, "), "{format}: {err}");
    }
}
