//! Accuracy regression on a copy of the dev gold set (`tests/data/dev.jsonl`,
//! from `../shared/gold/dev.jsonl`): the main end-to-end and strict scores
//! of every press family, detection overall, the claim scores, and the seed
//! article's gold. `qawl eval` is also checked against the reference scorer
//! (a copy of `../shared/tools/score.py` in `tests/tools/`).

use qawl::eval::{Group, evaluate, read_gold};

/// Floors: the scores reached when this test was last raised, from
/// `qawl eval tests/data/dev.jsonl`. Raise them when accuracy improves;
/// never lower them to let a change through.
/// (family, end-to-end F1, strict end-to-end F1). The Saudi floor was
/// 0.912 while the rules were fitted to the 40 Saudi articles alone;
/// resolution now generalises (leave-one-press-out, and the held-out
/// articles of `data/annotated/`), at 0.881 on Saudi. The Moroccan floor
/// went from 0.850 to 0.845 with one item, for the rule that a cue's attached
/// preposition opens its object (held-out articles 0.808 -> 0.814, claims
/// 0.519 -> 0.542). The Saudi floor went from 0.885 to 0.880 with one item,
/// for masdar cues (اعتقاد الشركة بأن …; وفقا لما ذكره متحدث …): the marker in
/// the masdar's clause is merged with it, as ANNOTATION.md's "Decisions" say,
/// where this gold lists both (Saudi strict 0.842 -> 0.840; dev 0.867 -> 0.869,
/// heldout-b 0.825 -> 0.829). It went from 0.882 to 0.878 (strict 0.850 ->
/// 0.846) with one item, when a written hamza began to tell speaker nouns
/// from function words (أمام is no إمام, وإلى no والي): `وقال ريجي …` had
/// its speaker right only because `أمام العين` before it was misread as a
/// speaker; leave-one-press-out rose in every family (saudi 0.885 -> 0.891,
/// moroccan 0.854 -> 0.862, ant 0.844 -> 0.849).
const FAMILY_FLOORS: [(&str, f64, f64); 3] =
    [("ant", 0.860, 0.845), ("moroccan", 0.865, 0.865), ("saudi", 0.878, 0.846)];
const MIN_DETECTION_F1: f64 = 0.915;
const MIN_E2E_F1: f64 = 0.870;
const MIN_STRICT_F1: f64 = 0.853;
/// Claims: (detection F1, end-to-end F1). End-to-end went from 0.661 to
/// 0.658 with the relative clause's head as a speaker option: as many claims
/// right (two gained, two lost to a carried speaker), one more found with a
/// wrong one; the main score rose on dev (0.861 -> 0.865) and heldout-c
/// (0.789 -> 0.795), and the held-out claims did not move.
const CLAIM_FLOORS: (f64, f64) = (0.715, 0.665);

fn report() -> qawl::eval::Report {
    let gold = read_gold(include_str!("data/dev.jsonl")).unwrap();
    evaluate(&qawl::Extractor::builtin(), &gold)
}

#[test]
fn dev_set_accuracy_does_not_regress() {
    let report = report();
    println!("{}", report.summary(Some("family")));
    let c = report.counts(Group::Main);
    assert!(c.f1() >= MIN_DETECTION_F1, "detection F1 {:.3} < {MIN_DETECTION_F1}", c.f1());
    assert!(c.e2e_f1() >= MIN_E2E_F1, "end-to-end F1 {:.3} < {MIN_E2E_F1}", c.e2e_f1());
    assert!(c.strict_f1() >= MIN_STRICT_F1, "strict end-to-end F1 {:.3} < {MIN_STRICT_F1}", c.strict_f1());
    let families = report.by("family", Group::Main);
    assert_eq!(families.len(), FAMILY_FLOORS.len(), "families in the dev set changed");
    for ((name, c), (want, e2e, strict)) in families.iter().zip(FAMILY_FLOORS) {
        assert_eq!(name, want);
        assert!(c.e2e_f1() >= e2e, "{name}: end-to-end F1 {:.3} < {e2e}", c.e2e_f1());
        assert!(c.strict_f1() >= strict, "{name}: strict end-to-end F1 {:.3} < {strict}", c.strict_f1());
    }
    let k = report.counts(Group::Claim);
    assert!(k.f1() >= CLAIM_FLOORS.0, "claim detection F1 {:.3} < {}", k.f1(), CLAIM_FLOORS.0);
    assert!(k.e2e_f1() >= CLAIM_FLOORS.1, "claim end-to-end F1 {:.3} < {}", k.e2e_f1(), CLAIM_FLOORS.1);
}

#[test]
fn seed_article_gold_is_found() {
    let gold = read_gold(include_str!("data/raisi-putin-ar.gold.jsonl")).unwrap();
    let report = evaluate(&qawl::Extractor::builtin(), &gold);
    let c = report.counts(Group::Main);
    assert_eq!(c.gold, 6);
    // The seed's gold predates the guide's "Decisions on common cases": it
    // lists `وبحسب وكالة تسنيم، … كتب …: «…»` as an according-to item beside
    // the verb's, where ANNOTATION.md makes a marker and a reporting verb in
    // one clause one attribution, the verb's (as the dev and held-out gold
    // do). That one item is missed on purpose; every other is found.
    let errors = report.errors();
    let missed: Vec<&str> = errors.lines().filter(|l| l.contains("MISSED") && !l.contains(" claim ")).collect();
    assert_eq!(missed.len(), 1, "{errors}");
    assert!(missed[0].contains("according_to") && missed[0].contains("بحسب"), "{errors}");
    assert_eq!(c.matched, 5, "{errors}");
    assert!(c.speaker >= 4, "{errors}");
}

/// `qawl eval` prints what the reference scorer prints for the same run.
#[test]
fn eval_agrees_with_the_reference_scorer() {
    let dir = tempfile::tempdir().unwrap();
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dev.jsonl");
    let input = dir.path().join("in.jsonl");
    let mut lines = String::new();
    for d in read_gold(include_str!("data/dev.jsonl")).unwrap() {
        lines += &serde_json::json!({"id": d.id, "text": d.text}).to_string();
        lines.push('\n');
    }
    std::fs::write(&input, lines).unwrap();
    let bin = env!("CARGO_BIN_EXE_qawl");
    let out = std::process::Command::new(bin)
        .args(["extract", "--input", "jsonl", "--format", "jsonl"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let sys = dir.path().join("out.jsonl");
    std::fs::write(&sys, &out.stdout).unwrap();
    let reference = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/score.py"))
        .args([gold, sys.to_str().unwrap(), "--by", "family"])
        .output()
        .expect("python3 runs the reference scorer");
    assert!(reference.status.success(), "{}", String::from_utf8_lossy(&reference.stderr));
    let ours = std::process::Command::new(bin).args(["eval", gold]).output().unwrap();
    assert!(ours.status.success());
    // the reference prints no strict F1 on its claim/all lines: compare the rest
    let strip = |s: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(s).lines().map(|l| l.split("  strict F1").next().unwrap().to_string()).collect()
    };
    assert_eq!(strip(&ours.stdout), strip(&reference.stdout));
}
