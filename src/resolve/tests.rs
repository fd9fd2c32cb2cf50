//! Resolution on single sentences: one test per grammatical mechanism, each
//! checking the kind, speaker and content qawl gives (the accuracy tests and
//! snapshots cover whole articles).

use crate::extract::Extractor;
use crate::model::Kind;

/// `(kind, speaker or "", content)` of every attribution of `text`.
fn read(text: &str) -> Vec<(Kind, String, String)> {
    let ex = Extractor::builtin();
    ex.extract(text)
        .into_iter()
        .map(|a| {
            let sp = a.speaker.map_or(String::new(), |(s, _)| text[s.start..s.end].to_string());
            (a.kind, sp, text[a.content.start..a.content.end].to_string())
        })
        .collect()
}

fn one(text: &str) -> (Kind, String, String) {
    let got = read(text);
    assert_eq!(got.len(), 1, "{text}: {got:?}");
    got.into_iter().next().unwrap()
}

#[test]
fn a_time_word_takes_no_object_before_a_claim() {
    for text in [
        "وأعلنت الوزارة اليوم تسجيل 230 إصابة جديدة.",
        "وأعلنت الوزارة أمس الأحد تسجيل 230 إصابة جديدة.",
        "وأعلنت الوزارة الأسبوع المقبل تسجيل 230 إصابة جديدة.",
    ] {
        assert_eq!(one(text), (Kind::Claim, "الوزارة".into(), "تسجيل 230 إصابة جديدة".into()), "{text}");
    }
    // a date after the time word is no object either
    let (kind, _, content) = one("وأعلنت الشرطة اليوم الجمعة 04 يناير 2019، دخول امرأة ثالثة إلى المعبد.");
    assert_eq!((kind, content.as_str()), (Kind::Claim, "دخول امرأة ثالثة إلى المعبد"));
}

#[test]
fn an_adjunct_never_runs_into_the_claim_preposition() {
    let got = one("نددت إدارة الرئيس الأمريكي دونالد ترامب الاثنين بالكلام الذي صدر عن الرئيس.");
    assert_eq!(got.0, Kind::Claim);
    assert_eq!(got.2, "بالكلام الذي صدر عن الرئيس");
}

#[test]
fn an_adverb_may_stand_between_verb_and_subject() {
    assert_eq!(one("وقال أيضا الوزير إن الوضع مستقر.").1, "الوزير");
    assert_eq!(one("وقال اليوم وزير الخارجية إن الوضع مستقر.").1, "وزير الخارجية");
    let got = one("ونفى مجددا الرئيس الروسي فلاديمير بوتين الاثنين، في مقابلة مع شبكة فوكس نيوز، اتهامات بريطانيا.");
    assert_eq!(
        (got.0, got.1.as_str(), got.2.as_str()),
        (Kind::Claim, "الرئيس الروسي فلاديمير بوتين", "اتهامات بريطانيا")
    );
    // a time word of two words is skipped whole
    assert_eq!(one("ومثل أمام المحكمة، وقال أمس الأول الوزير السابق إنه غير مذنب.").1, "الوزير السابق");
}

#[test]
fn a_partitive_min_is_no_preposition_of_the_cue() {
    let got = one("وحذر عدد من الخبراء من تراجع الاقتصاد.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "عدد من الخبراء", "تراجع الاقتصاد"));
    assert_eq!(one("وشكا كثير من المواطنين من انقطاع الكهرباء.").1, "كثير من المواطنين");
}

#[test]
fn lam_on_a_word_in_latin_letters_is_the_addressee() {
    assert_eq!(one("وقال مسؤول كبير في البيت الأبيض لـCNN إن ترامب غاضب.").1, "مسؤول كبير في البيت الأبيض");
    let got = one("وكشفت مصادر لـCNN خطة عودة القس إلى واشنطن.");
    assert_eq!((got.1.as_str(), got.2.as_str()), ("مصادر", "خطة عودة القس إلى واشنطن"));
}

#[test]
fn an_oblique_dual_after_bayna_is_the_prepositions_noun() {
    assert!(read("وأكد الطرفان تعزيز التعاون \"الاستراتيجي\" بين البلدين.").iter().all(|a| a.1 != "البلدين"));
    assert_eq!(one("وبين المتحدث باسم الوزارة أن الوضع مستقر.").1, "المتحدث باسم الوزارة");
}

#[test]
fn the_object_of_an_unveiling_idiom_is_no_speaker() {
    let got = one("وكشفت الشركة النقاب عن هاتفها الجديد.");
    assert_eq!((got.1.as_str(), got.2.as_str()), ("الشركة", "هاتفها الجديد"));
}

#[test]
fn thanks_and_pronoun_objects_are_no_claims() {
    assert!(read("وأعرب الوزير عن شكره للمشاركين في المؤتمر.").is_empty());
    assert!(read("وعبرت الوزارة عن تعازيها لأسر الضحايا.").is_empty());
    // the claim preposition with a pronoun only points back
    assert!(read("وهي الدعوة التي دعا إليها مالك المجموعة وليد البراهيم أمس.").iter().all(|a| a.0 != Kind::Claim));
}

#[test]
fn a_semicolon_ends_a_claim() {
    let got = read(
        "وكانت اللجنة الدولية للصليب الأحمر دعت الجمعة اسرائيل للسماح لعائلة الاسير بزيارته؛ لأنه «مهدد بالموت الوشيك».",
    );
    let claim = got.iter().find(|a| a.0 == Kind::Claim).expect("a claim");
    assert_eq!(claim.2, "اسرائيل للسماح لعائلة الاسير بزيارته");
}

#[test]
fn an_outlet_with_lam_is_the_addressee() {
    assert_eq!(one("وقالت المحامية لبي بي سي إنها ستدافع عن موكلها.").1, "المحامية");
    assert_eq!(one("وقال لبي بي سي إن الهدف هو الحصول على طائرات.").1, "");
    assert_eq!(one("وذكرت رويترز أن الهجوم وقع ليلا.").1, "رويترز");
}

#[test]
fn illa_is_no_speaker() {
    let text = "تمنح أحلام المتسابق شارة.\nإلا أن ما حدث في الحلقة كشف عن قيمة الشارة التي تمنحها.";
    assert!(read(text).iter().all(|a| a.1 != "إلا"), "{:?}", read(text));
}

#[test]
fn a_marker_in_a_verbs_clause_is_one_attribution_the_verbs() {
    // ANNOTATION.md: a reporting verb and an according-to marker in one clause
    let got = one("وقال الوزير، بحسب بيان للوزارة، إن الوضع مستقر في المنطقة.");
    assert_eq!((got.0, got.1.as_str()), (Kind::Indirect, "الوزير"));
    let got = one("وأكد الوزير أن الوضع مستقر في المنطقة، وذلك بحسب ما أفادت وكالة الأنباء.");
    assert_eq!((got.0, got.1.as_str()), (Kind::Indirect, "الوزير"));
    // a marker on its own clause stays
    let got = one("وبحسب بيان للوزارة، فإن الوضع مستقر في المنطقة.");
    assert_eq!((got.0, got.1.as_str()), (Kind::AccordingTo, "بيان للوزارة"));
}

#[test]
fn a_merged_markers_source_is_no_antecedent() {
    let got = read("وقال الوزير، بحسب ما نقلت وكالة الأنباء، إن الوضع مستقر. وأضاف أن الحدود آمنة.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|a| a.1 == "الوزير"), "{got:?}");
}

#[test]
fn a_relative_clause_head_is_its_speaker() {
    let text = "نشر الموقع تصريحا لرئيس النادي كريستيان بيك الذي أكد أن الفريق بخير.";
    assert_eq!(one(text).1, "رئيس النادي كريستيان بيك");
    let text = "عبر عن أمله في علاقة مع نظيره الروسي، فلاديمير بوتين، الذي اعتبر أنه آن الأوان للحوار.";
    assert_eq!(read(text).iter().find(|a| a.0 == Kind::Indirect).map(|a| a.1.as_str()), Some("فلاديمير بوتين"));
    // a subject after the verb is the relative clause's own
    assert_eq!(one("وهي الشركة التي قال باحثون إنها خالفت القانون.").1, "باحثون");
}

#[test]
fn wafqan_li_takes_the_source_its_lam_is_attached_to() {
    let (kind, speaker, content) = one("ارتفع عدد الإصابات إلى 230 حالة، وفقاً لوكالة رويترز.");
    assert_eq!(
        (kind, speaker.as_str(), content.as_str()),
        (Kind::AccordingTo, "وكالة رويترز", "ارتفع عدد الإصابات إلى 230 حالة")
    );
    assert_eq!(one("وفقا للوزارة، فإن عدد الإصابات ارتفع إلى 230 حالة.").0, Kind::AccordingTo);
    // in accordance with (a law, a plan): no source, no attribution
    assert!(read("وتم ذلك وفقا للقانون المعمول به في البلاد.").is_empty());
}

#[test]
fn a_pronoun_marker_ends_the_content_and_makes_no_attribution() {
    // the marker tags the verb's own content, which ends before it
    let got = one("وأكد الوزير أن الوضع كارثي، على حد قوله، ووضع شركة المهندس على القائمة.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Indirect, "الوزير", "الوضع كارثي"));
    // alone, it reads no source from the words after it
    assert!(read("التقى الرئيس بالوفد حسب تعبيره في مقر الحكومة.").is_empty());
}

#[test]
fn a_question_reports_nothing() {
    assert!(read("* هل تعتقد أن الحكام بحاجة إلى إخصائي نفسي؟").is_empty());
    assert!(read("وهل قال الوزير إن الوضع مستقر؟").is_empty());
    assert_eq!(one("قال الوزير إن الوضع مستقر.").1, "الوزير");
}

#[test]
fn a_relative_for_a_fact_is_no_speaker() {
    // the author's comment on a fact: no report
    assert!(read("وارتفعت المبيعات في الربع الثاني، مما يشير إلى أن النمو قد يستقر.").is_empty());
    assert!(read("وارتفعت المبيعات، وهو ما يؤكد أن النمو قد يستقر.").is_empty());
    assert!(read("وارتفعت الأسعار، مما دعا القادة في أوروبا إلى الإعلان عن خطة.").is_empty());
    // with a subject after the verb, ما is its object
    let got = one("وهذا مهم، وهو ما يؤكد أهل الاختصاص أن الجزء الأهم في محاربة الغلو.");
    assert_eq!(got.1, "أهل الاختصاص");
}

#[test]
fn a_time_adjective_is_no_speaker() {
    // after the verb: skipped with its time word
    assert_eq!(one("وقال الأسبوع الماضي وزير الخارجية إن الوضع مستقر.").1, "وزير الخارجية");
    // before it: no subject
    let got = one("ففي شهر فبراير (شباط) الماضي أظهر مسح أجرته مؤسسة إديسون أن الجمهور يتزايد.");
    assert_eq!(got.1, "مسح أجرته مؤسسة إديسون");
}

#[test]
fn an_aside_may_stand_between_subject_and_verb() {
    assert_eq!(one("وكان بلاتر (79 عاما) أعرب عن نيته ترك منصبه.").1, "بلاتر");
    assert_eq!(one("وكان الشاب (25 عاما) قد قال إن الوضع مستقر.").1, "الشاب");
}

#[test]
fn a_masdar_reports_with_its_speaker() {
    // a genitive speaker, or a pronoun on it (carried)
    let got = one("بعد إعلان قائدها أن الولايات المتحدة مستعدة للحوار.");
    assert_eq!((got.0, got.1.as_str()), (Kind::Indirect, "قائدها"));
    let got = read("وقال الوزير الأول إن الوضع مستقر، مع تشديده على أن الإصلاح ضروري.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].2, "الوضع مستقر");
    assert_eq!((got[1].1.as_str(), got[1].2.as_str()), ("الوزير الأول", "الإصلاح ضروري"));
    // the author's words, and a genitive that is the object
    assert!(read("وتجدر الإشارة إلى أن الوضع مستقر.").is_empty());
    assert!(read("ويجب التأكيد على أن الوضع مستقر.").is_empty());
    assert!(read("وطالبوا بتشديد العقوبة على أن تشمل المخالفين.").iter().all(|a| a.1 != "العقوبة"));
    // a masdar right after the speaker is still a claim's object
    let got = one("وأكدت الوزارة إصرارها على مواصلة الإصلاحات.");
    assert_eq!((got.0, got.1.as_str()), (Kind::Claim, "الوزارة"));
}

#[test]
fn a_name_may_begin_with_the_cues_preposition() {
    assert_eq!(one("ورحب بوتين بالمباراة بين الفريقين.").1, "بوتين");
    assert_eq!(one("وأشادت بريطانيا بدعم الحلفاء.").1, "بريطانيا");
    // the preposition and its noun still open the claim
    let got = one("وطالب النواب بإقالة الحكومة.");
    assert_eq!((got.1.as_str(), got.2.as_str()), ("النواب", "بإقالة الحكومة"));
    assert_eq!(one("ورحب بالقرار بالإجماع.").2, "بالقرار بالإجماع");
}

#[test]
fn an_elative_after_ahad_and_a_conjunction_are_no_verb_and_no_speaker() {
    assert!(read("وكان أحد أبرز كتاب قصص التشويق في العالم.").is_empty());
    assert_eq!(one("بعدما هددت الصين يوم الجمعة بفرض رسوم إضافية.").1, "الصين");
}

#[test]
fn a_relative_clause_on_the_subject_runs_to_the_reported_clause() {
    let speaker = |t: &str| one(t).1;
    assert_eq!(
        speaker("وقال الطبيب البيطري الذي قام بمعالجة الكلبة \"فينيت\": إنها تعرضت لضربة شمس."),
        "الطبيب البيطري الذي قام بمعالجة الكلبة \"فينيت\""
    );
    assert_eq!(
        speaker("وأشارت الدراسة التي أعدها باحثون في لندن إلى أن الفرص أقل."),
        "الدراسة التي أعدها باحثون في لندن"
    );
    // not across other punctuation
    assert_eq!(speaker("وقال الوزير الذي زار المدينة أمس، وهو متعب، إن الوضع مستقر."), "الوزير");
}

#[test]
fn speakers_that_start_at_a_demonstrative_or_a_name_like_a_function_word() {
    assert_eq!(one("وأوضحت هذه المصادر أن الوضع مستقر.").1, "هذه المصادر");
    assert!(read("ونفى هذا الخبر جملة وتفصيلا.").iter().all(|a| a.1 != "هذا الخبر"));
    // آن (madda) is a name, never the complementiser أن
    let got = one("وقالت عمدة باريس آن هيدالغو إن الوضع مستقر.");
    assert_eq!((got.1.as_str(), got.2.as_str()), ("عمدة باريس آن هيدالغو", "الوضع مستقر"));
    // a name shaped like a masdar before بن is no object
    assert_eq!(one("وقالت المحامية إيمان بن صالح إن الوضع مستقر.").1, "المحامية إيمان بن صالح");
}

#[test]
fn a_place_with_ba_closed_by_a_comma_is_an_adjunct_before_a_claim() {
    let got = one("وأعلنت لجنة العرائض، في ختام اجتماع عقدته أمس الاثنين بالرباط، البدء في استقبال العرائض.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "لجنة العرائض", "البدء في استقبال العرائض"));
}

#[test]
fn therefore_opens_the_clause_of_the_cue_after_it() {
    let got = one("لذلك ينصح الباحثون بعدم التعرض للشاشات قبل النوم.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "الباحثون", "بعدم التعرض للشاشات قبل النوم"));
    assert_eq!(one("لهذا دعا الخبراء إلى الحذر.").1, "الخبراء");
    // «for that» at the end of a content stays in it
    assert_eq!(one("وقال الوزير إن المدينة بحاجة لذلك.").2, "المدينة بحاجة لذلك");
}

#[test]
fn a_plural_in_the_oblique_case_after_the_verb_is_its_object() {
    let got = read("وقال الوزير إن العمل مستمر. ودعا المواطنين إلى المساهمة في حماية العاملين.");
    // (the claim starts with the object, as the guide's examples do)
    assert_eq!(
        (got[1].0, got[1].1.as_str(), got[1].2.as_str()),
        (Kind::Claim, "الوزير", "المواطنين إلى المساهمة في حماية العاملين")
    );
    let got = read("وقال الوزير إن العمل مستمر. وناشد المواطنين تجديد ثقتهم في المشروع.");
    assert_eq!((got[1].1.as_str(), got[1].2.as_str()), ("الوزير", "المواطنين تجديد ثقتهم في المشروع"));
    // a nisba plural too; the nominative is the subject
    assert_eq!(read("وقال الوزير إن العمل مستمر. وحث الفلسطينيين على الصمود.")[1].1, "الوزير");
    assert_eq!(one("وقال المسؤولون إن الوضع خطير.").1, "المسؤولون");
}

#[test]
fn a_definite_masdar_after_a_definite_subject_opens_the_claim() {
    let got = one("أعلنت الوزارة الانتهاء من المشروع.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "الوزارة", "الانتهاء من المشروع"));
    assert_eq!(one("ورفضت الشركة التعليق على أسباب التغييرات.").1, "الشركة");
    // after an indefinite head it is a genitive, part of the subject
    assert!(read("نفى وزير التعليم الخبر.").iter().all(|a| a.1 != "وزير"));
}

#[test]
fn whom_an_addr_cue_addresses_starts_its_claim() {
    // after the subject
    let got = one("وطالب الرئيس التعاونيين بتعزيز الثقة.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "الرئيس", "التعاونيين بتعزيز الثقة"));
    // after a participle
    let got = read("وقال الوزير إن العمل مستمر، محذرا المواطنين من التهاون.");
    assert_eq!((got[1].0, got[1].1.as_str(), got[1].2.as_str()), (Kind::Claim, "الوزير", "المواطنين من التهاون"));
    // a cue without `addr` addresses nobody: the word before its preposition
    // is no object (here the subject, and then a thanks, no claim)
    let got = read("وقال الأمير إن العمل مستمر، معربا سموه عن شكره للجميع.");
    assert!(got.iter().all(|a| a.0 != Kind::Claim), "{got:?}");
}

#[test]
fn an_indefinite_masdar_plural_after_a_definite_word_is_the_object() {
    let got = one("وأظهر المؤشر العقاري انخفاضات متفاوتة في الأسعار.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "المؤشر العقاري", "انخفاضات متفاوتة في الأسعار"));
    // a name in ات after a title is no masdar plural: it belongs to the speaker
    assert_eq!(one("وقال أمين السر صائب عريقات إن الوضع خطير.").1, "أمين السر صائب عريقات");
}

#[test]
fn a_second_place_right_after_a_place_is_another_constituent() {
    let got = one("وحثت الصين واشنطن على الجلوس إلى طاولة المفاوضات.");
    assert_eq!((got.1.as_str(), got.2.as_str()), ("الصين", "واشنطن على الجلوس إلى طاولة المفاوضات"));
    // with و it is coordinated, and with the article it may be the name's own part
    assert_eq!(one("وقالت روسيا وتركيا إن الهدنة صامدة.").1, "روسيا وتركيا");
    assert_eq!(one("وقالت الولايات المتحدة إن الهدنة صامدة.").1, "الولايات المتحدة");
}

#[test]
fn a_full_name_after_a_title_ends_before_the_object() {
    // a title, a name and its family name with the article: the object comes next
    let got = one("وامتدح أمين عام النادي علي الشايعي النتائج النهائية للمعسكر.");
    assert_eq!(
        (got.0, got.1.as_str(), got.2.as_str()),
        (Kind::Claim, "أمين عام النادي علي الشايعي", "النتائج النهائية للمعسكر")
    );
    assert_eq!(one("وأعلن المدير محمد الفوزان الانسحاب من البطولة.").1, "المدير محمد الفوزان");
    // an apposition, a participle, a second name with the article and a two-word
    // given name go on
    for speaker in [
        "الباحث محمد العنزي المتخصص في علم النفس",
        "الوزير محمد الخالد الصباح",
        "المدير عبد الرحمن الفهد",
        "الدكتور إبراهيم الجار الله",
    ] {
        assert_eq!(one(&format!("وقال {speaker} إن الوضع مستقر.")).1, speaker);
    }
}

#[test]
fn a_verb_with_an_object_pronoun_reports_with_its_own_subject() {
    let got = one("وفرضت واشنطن رسوما على ما تعتبره الولايات المتحدة ممارسات غير عادلة.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "الولايات المتحدة", "ممارسات غير عادلة"));
    // the indefinite predicate starts after a definite subject or a plural in ون
    assert_eq!(one("وذلك ردا على ما اعتبرته الحكومة خطوة خطيرة.").2, "خطوة خطيرة");
    assert_eq!(one("ويكمن وراءها ما يعتبره محللون هدفا أوسع.").1, "محللون");
    assert_eq!(one("وهي الدولة التي تتهمها الرياض بدعم الإرهاب.").2, "بدعم الإرهاب");
    // also outside a relative clause, after و too
    let got = one("واعتبرتها المنظمة جرائم حرب.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "المنظمة", "جرائم حرب"));
    assert_eq!(one("وتعتبرها أنقرة تهديدا مباشرا لأمنها.").2, "تهديدا مباشرا لأمنها");
    // the noun before the verb is what the pronoun stands for, not the speaker
    let got = one("وشهدت مناطق سورية عدة اتفاقات تعتبرها الحكومة السورية «مصالحات».");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Direct, "الحكومة السورية", "مصالحات"));
    // a title's name goes on after it, but an accusative in ا is the predicate
    assert_eq!(one("واعتبره مختصون في الشأن البرلماني تمريرا نيابيا للمشروع.").1, "مختصون في الشأن البرلماني");
    // a definite elative is the predicate, after a subject or with none
    assert_eq!(one("ويعتبرهم الباحثون الأكثر ارتباطا بتاريخ العرب.").2, "الأكثر ارتباطا بتاريخ العرب");
    assert!(read("ويعتبرهم الأكثر ارتباطا بتاريخ العرب.").is_empty());
    // without a subject after it, it reports nothing
    assert!(read("واعتبره تهديدا لمكاسب الثورة.").is_empty());
    assert!(read("وهي الخطوة التي اعتبرها خطيرة.").is_empty());
}

#[test]
fn a_body_after_a_definite_person_and_a_definite_masdar_open_the_object() {
    // a body, document or place with the article is no adjective of a person
    let got = one("ووصف الوزير القرار بالصائب.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "الوزير", "القرار بالصائب"));
    assert_eq!(one("ووصف الوزير القرار بأنه صائب.").1, "الوزير");
    assert_eq!(one("واتهم الرئيس الفنزويلي السابق الولايات المتحدة بالتآمر ضده.").1, "الرئيس الفنزويلي السابق");
    // (a nisba is not, nor a participle: الناشطة السعودية، اللجنة المنظمة)
    assert_eq!(one("وقال رئيس اللجنة المنظمة محمد العفالق إن الحضور كبير.").1, "رئيس اللجنة المنظمة محمد العفالق");
    assert_eq!(one("وقالت الناشطة السعودية نورا إن الوضع صعب.").1, "الناشطة السعودية نورا");
    // masdar shapes that only the article tells from names: فيعلة، تفاعل، فعول
    for (text, content) in [
        ("وأعلنت القوات التركية السيطرة على مركز المدينة.", "السيطرة على مركز المدينة"),
        ("ورفض الدائنون التنازل عن شروطهم.", "التنازل عن شروطهم"),
    ] {
        assert_eq!(one(text).2, content);
    }
    // (but أفعل is an adjective: الجبل الأسود)
    assert_eq!(one("وقالت وزارة الداخلية في الجبل الأسود إن الوضع هادئ.").1, "وزارة الداخلية في الجبل الأسود");
}

#[test]
fn a_claim_ends_at_a_coordinated_verb_clause() {
    let got = one("وتعتبر روسيا داعش منظمة إرهابية، وتحظر نشاط أعضائها في أراضيها.");
    assert_eq!((got.0, got.2.as_str()), (Kind::Claim, "داعش منظمة إرهابية"));
    // a masdar or an adverb after و goes on with the noun phrase
    assert_eq!(
        one("وأكد الوزير ضرورة دعم المشاريع، وتطوير البنية التحتية.").2,
        "ضرورة دعم المشاريع، وتطوير البنية التحتية"
    );
}

#[test]
fn a_dual_or_plural_verb_has_no_subject_after_it() {
    // a verb before its subject is singular: after أكدتا the phrase is the
    // claim, and the speaker is carried from the clause before
    let got = read("وقال النواب إن الجلسة كانت صعبة، واعتبروا القرار خطوة إلى الوراء.");
    let claim = got.iter().find(|a| a.0 == Kind::Claim).expect("a claim on اعتبروا");
    assert_eq!((claim.1.as_str(), claim.2.as_str()), ("النواب", "القرار خطوة إلى الوراء"));
    // with an addressee before the claim preposition, the claim starts there
    let got = read("وقال الوزير إن الخبراء حذروا السكان من خطر الفيضانات.");
    assert!(got.iter().any(|a| a.0 == Kind::Claim && a.2.starts_with("السكان من خطر")), "{got:?}");
    // a dual form in ا before an indefinite adjective is the cognate masdar
    assert!(read("وينفون نفيا قاطعا أي تورط في الحادث.").iter().all(|a| a.2 != "قاطعا"));
}

#[test]
fn a_written_hamza_tells_a_speaker_noun_from_a_function_word() {
    // والي (a governor) folds like و + إلى, and أمام (in front of) like إمام
    assert_eq!(one("وقال والي الخرطوم إن الوضع مستقر.").1, "والي الخرطوم");
    let got = one("وتستمر العملية من الثلاثاء وإلى غاية الخميس، مضيفا أن التذكرة غير قابلة للاستبدال.");
    assert!(!got.1.contains("غاية"), "{got:?}");
    let got = one("ووقف الوزير أمام الكاميرا، وقال إن الوضع مستقر.");
    assert_eq!(got.1, "الوزير");
    // a cue too: أقرأ (I read) is no dual of أقر
    assert!(read("وكتب الروائي: أقرأ الرواية كل ليلة.").iter().all(|a| !a.2.starts_with("الرواية كل")));
    // but a hamza written on a first bare alef is a frequent misspelling
    assert_eq!(one("وأكد الإتحاد أن الوضع مستقر.").1, "الإتحاد");
}

#[test]
fn an_indefinite_word_after_a_definite_human_plural_opens_the_object() {
    // a definite plural takes no genitive or name after it: خطة opens the object
    let got = one("وأكد الباحثون خطر المواد الكيميائية على الصحة.");
    assert_eq!((got.0, got.1.as_str()), (Kind::Claim, "الباحثون"));
    assert!(got.2.starts_with("خطر المواد"), "{got:?}");
    // so is a definite word of an object's shape, but not an adjective
    let got = one("وأكد القادة التزامهم بالعمل نحو حل سياسي.");
    assert_eq!((got.1.as_str(), got.2.as_str()), ("القادة", "التزامهم بالعمل نحو حل سياسي"));
    assert_eq!(one("وقال المسؤولون الأفغان إن الوضع مستقر.").1, "المسؤولون الأفغان");
    // but a plural inside a title is a genitive, which a name may follow
    assert_eq!(one("وقال مدير شؤون المعلمين سعد المنيف إن الوضع مستقر.").1, "مدير شؤون المعلمين سعد المنيف");
}

#[test]
fn a_definite_masdar_after_a_verb_and_its_subject_reports_for_that_subject() {
    assert_eq!(one("وجدد الوزير التأكيد على أن الحل سياسي.").1, "الوزير");
    assert_eq!(one("وأعاد المتحدث باسم الخارجية الإشارة إلى أن الحل سياسي.").1, "المتحدث باسم الخارجية");
    // with no subject between, the words are the author's
    assert!(read("ويجب التأكيد على أن الحل سياسي.").is_empty());
    assert!(read("وتجدر الإشارة إلى أن الحل سياسي.").is_empty());
}

#[test]
fn a_definite_source_right_after_a_place_is_another_constituent() {
    let got = one("ودعت واشنطن السلطات الإيرانية إلى الإفراج عن المعتقلين.");
    assert_eq!((got.0, got.1.as_str()), (Kind::Claim, "واشنطن"));
    // but a coordinated one belongs to the subject
    assert_eq!(one("وقال الاتحاد الأوروبي والولايات المتحدة إن الوضع مستقر.").1, "الاتحاد الأوروبي والولايات المتحدة");
}

#[test]
fn a_possessed_noun_after_a_name_and_any_after_a_source_open_the_object() {
    let got = one("وأبلغ الرئيس الفرنسي إيمانويل ماكرون نظيره الأميركي دونالد ترامب أن الاتفاق قائم.");
    assert_eq!(got.1, "الرئيس الفرنسي إيمانويل ماكرون");
    let got = one("ونفت الحكومة الكولومبية أي تورط في الحادث.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "الحكومة الكولومبية", "أي تورط في الحادث"));
    // a name may end in ه: محمد عبده is a name
    assert_eq!(one("وقال الفنان محمد عبده إن الحفل ناجح.").1, "الفنان محمد عبده");
}

#[test]
fn a_time_or_occasion_after_في_is_no_affiliation() {
    assert_eq!(one("وقال إمام وخطيب المسجد النبوي في نهاية خطبته إن الصبر مفتاح الفرج.").1, "إمام وخطيب المسجد النبوي");
    assert_eq!(one("وقال الرئيس الروسي فلاديمير بوتين في مطلع فبراير إن الوضع مستقر.").1, "الرئيس الروسي فلاديمير بوتين");
}

#[test]
fn a_definite_noun_with_a_time_adjective_is_a_time_word() {
    let got = one("وكانت المغنية قد أعلنت العام الماضي اعتزالها الغناء.");
    assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (Kind::Claim, "المغنية", "اعتزالها الغناء"));
    assert_eq!(one("وقالت الحكومة الصيف الماضي إن الوضع مستقر.").1, "الحكومة");
}

#[test]
fn a_definite_masdar_after_a_speaker_noun_is_its_object() {
    // a masdar of a derived form is no adjective of the speaker noun before it
    for (text, speaker) in [
        ("ورفض اللاعب الانتظام في صفوف ناديه القديم بعد أن وقع له خلاف مع المدرب.", "اللاعب"),
        ("ورفض المصدر الإفصاح عن اسم أي لاعب منهم لحين منح المدرب الضوء الأخضر.", "المصدر"),
    ] {
        let got = read(text);
        assert!(!got.is_empty() && got.iter().all(|(_, sp, _)| sp == speaker), "{text}: {got:?}");
    }
    // a nisba after the noun stays part of the speaker
    assert_eq!(one("وقال المصدر الأمني إن الوضع مستقر.").1, "المصدر الأمني");
}
