use super::*;
use crate::normalize::normalize;

/// (surface as matched, category, lemma) for every hit in `text`.
fn hits(text: &str) -> Vec<(String, Category, String)> {
    let set = PatternSet::builtin();
    let m = Matcher::new(&set);
    let n = normalize(text);
    m.scan(&n.text, &set.entries)
        .iter()
        .flat_map(|h| {
            m.meanings[h.surface as usize]
                .iter()
                .map(|mm| {
                    let e = &set.entries[mm.entry as usize];
                    (n.text[h.start..h.end].to_string(), e.category, e.lemma.clone())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn verbs(text: &str) -> Vec<String> {
    hits(text).into_iter().filter(|h| h.1 == Category::Verb).map(|h| h.0).collect()
}

#[test]
fn qala_does_not_fire_inside_other_words() {
    assert!(verbs("في مقال عن استقال الوزير وانتقال السلطة").is_empty());
    assert!(verbs("المقالة والمقالات").is_empty());
}

#[test]
fn proclitics_are_generated() {
    assert_eq!(verbs("وقال الوزير"), vec!["وقال"]);
    assert_eq!(verbs("فقالت"), vec!["فقالت"]);
    assert_eq!(verbs("وسيقول"), vec!["وسيقول"]);
    let cue = hits("والوزير").into_iter().find(|h| h.1 == Category::Speaker).unwrap();
    assert_eq!(cue.2, "وزير");
}

#[test]
fn proclitic_is_not_part_of_the_cue_span() {
    let set = PatternSet::builtin();
    let m = Matcher::new(&set);
    let text = "وقال";
    let h = m.scan(text, &set.entries)[0];
    let meaning = m.meanings[h.surface as usize][0];
    assert_eq!(&text[h.start + meaning.prefix as usize..h.end], "قال");
}

#[test]
fn diacritics_and_hamza_variants_match() {
    assert_eq!(verbs("وأكّدَ"), vec!["واكد"]);
    assert_eq!(verbs("اكد"), vec!["اكد"]);
}

#[test]
fn attached_lam_needs_a_following_word() {
    let according: Vec<_> = hits("وفقاً للوزارة").into_iter().filter(|h| h.1 == Category::According).collect();
    assert_eq!(according.len(), 1);
    assert!(hits("وفقا ل").into_iter().all(|h| h.1 != Category::According));
}

#[test]
fn exclusions_hold() {
    // فحسب = "only", not ف + حسب
    assert!(hits("ليست مشكلتنا فحسب").into_iter().all(|h| h.1 != Category::According));
}

#[test]
fn nfa_fallback_scans_like_the_dfa() {
    let set = PatternSet::builtin();
    let mut m = Matcher::new(&set);
    assert!(matches!(m.engine.aut, Aut::Dfa(_)));
    let text = normalize(
        "وقال المتحدث باسم الوزارة لـ«عكاظ» إن الاجتماع «ناجح»، وفقاً للمصادر، بحسب ما أفادت به (واس) مقالة استقال",
    )
    .text;
    let key = |m: &Matcher| m.scan(&text, &set.entries).iter().map(|h| (h.start, h.end, h.surface)).collect::<Vec<_>>();
    let with_dfa = key(&m);
    assert!(with_dfa.len() > 10, "{with_dfa:?}");
    let ids = m.engine.ids.clone();
    assert!(ids.len() < m.surfaces.len() / 10, "{} of {} surfaces in the automaton", ids.len(), m.surfaces.len());
    m.engine = Engine::build(&m.surfaces, ids, true);
    assert!(matches!(m.engine.aut, Aut::Nfa(_)));
    assert_eq!(key(&m), with_dfa);
    // and the automaton over every surface, as before it was cut down
    m.engine = Engine::build(&m.surfaces, (0..m.surfaces.len() as u32).collect(), false);
    assert_eq!(key(&m), with_dfa);
}

#[test]
fn bayna_is_ambiguous() {
    let set = PatternSet::builtin();
    let bayyana = set.of(Category::Verb).find(|e| e.lemma == "بين").expect("بين listed");
    assert!(bayyana.has("ambig"), "بين (between) must need evidence to be بيّن (stated)");
}
