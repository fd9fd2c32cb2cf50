use super::*;

fn g(speaker: Option<&str>) -> GoldAttr {
    GoldAttr {
        kind: Kind::Direct,
        speaker: speaker.map(str::to_string),
        speaker_alt: vec![],
        implicit: false,
        cue: String::new(),
        content: String::new(),
    }
}

fn right(gold: &GoldAttr, s: Option<&str>) -> bool {
    speaker_right(gold, s, false)
}

#[test]
fn scoring_words_fold_and_drop_punctuation() {
    assert_eq!(words("«قالَ» الوزيرة، إنّ"), vec!["قال", "الوزيره", "ان"]);
    // NFKC of the whole text, as the reference scorer: ﷺ is four words
    assert_eq!(words("\u{FDFA}").len(), 4);
}

#[test]
fn speaker_rules() {
    assert!(right(&g(Some("وزير الخارجية الروسي سيرغي لافروف")), Some("لافروف")));
    assert!(right(&g(Some("المحامي")), Some("والمحامي")));
    assert!(!right(&g(Some("المحامي")), Some("الوزير")));
    assert!(!right(&g(Some("المحامي")), None));
    assert!(right(&g(None), None));
    assert!(!right(&g(None), Some("الوزير")));
    let mut alt = g(Some("الأخير"));
    alt.speaker_alt = vec!["محمد علان".into()];
    assert!(right(&alt, Some("علان")));
}

#[test]
fn strict_speaker_needs_word_overlap_not_containment() {
    let gold = g(Some("المديرية العامة"));
    let long = "المديرية العامة للدفاع المدني ملابسات وفاة طفلة";
    assert!(speaker_right(&gold, Some(long), false));
    assert!(!speaker_right(&gold, Some(long), true));
    assert!(speaker_right(&gold, Some("المديرية العامة للدفاع"), true));
}

#[test]
fn containment_is_tested_from_the_shorter_side_only() {
    // score.py: the shorter list's words must all be in the longer one
    let gold = g(Some("أ ب ج"));
    assert!(!speaker_right(&gold, Some("أ أ أ أ"), false));
}

#[test]
fn clitics_go_only_from_long_words() {
    assert_eq!(strip_word("والوزير"), "وزير");
    assert_eq!(strip_word("بلد"), "بلد");
    assert_eq!(strip_word("فالي"), "الي");
}

#[test]
fn matching_is_one_to_one_best_first() {
    let mut a = g(Some("س"));
    a.content = "واحد اثنان ثلاثة اربعة".into();
    let s = |c: &str| SysAttr { kind: Kind::Direct, speaker: Some("س".into()), cue: String::new(), content: c.into() };
    let sys = [s("واحد اثنان ثلاثة"), s("واحد اثنان ثلاثة اربعة")];
    let pairs = match_items(&[&a], &[&sys[0], &sys[1]]);
    assert_eq!(pairs, vec![Pair { gold: 0, system: 1, speaker: true, strict: true }]);
}

#[test]
fn claims_are_scored_apart() {
    let mut doc: GoldDoc = serde_json::from_str(
        r#"{"id":"d","text":"","claims_annotated":true,"family":"x","attributions":[
            {"kind":"claim","speaker":"الوزارة","content":"تسجيل 230 إصابة جديدة"},
            {"kind":"indirect","speaker":"الوزير","content":"الوضع مستقر تماما"}]}"#,
    )
    .unwrap();
    let s =
        |k: Kind, c: &str| SysAttr {
            kind: k, speaker: Some("الوزارة".into()), cue: String::new(), content: c.into()
        };
    let sys = vec![s(Kind::Claim, "تسجيل 230 إصابة جديدة"), s(Kind::Indirect, "الوضع مستقر تماما")];
    let r = score_doc("d", &doc, sys.clone());
    let main = counts([&r], Group::Main);
    assert_eq!((main.gold, main.system, main.matched, main.speaker), (1, 1, 1, 0));
    let claim = counts([&r], Group::Claim);
    assert_eq!((claim.gold, claim.system, claim.matched, claim.speaker), (1, 1, 1, 1));
    assert_eq!(counts([&r], Group::All).matched, 2);
    // without claims annotated, claims count nowhere
    doc.claims_annotated = false;
    let r = score_doc("d", &doc, sys);
    assert_eq!(counts([&r], Group::Claim).docs, 0);
    assert_eq!(doc.field("family"), "x");
}
