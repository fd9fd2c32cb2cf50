//! Speaker phrases: the noun phrase after a cue (and, in `before`, the one
//! before it and the head of a relative clause).
//!
//! Owns where a noun phrase ends. It stops at punctuation, an ender (a
//! preposition or adverbial: في، خلال، اليوم), a complementiser, a cue, the
//! cue's own preposition, a function word, and where the grammar says a new
//! constituent starts:
//! - after a definite word, a quantifier (جميع، كافة، كل، بعض) opens a new
//!   noun phrase (دعا وزير الداخلية | جميع المسؤولين);
//! - after a definite word, a masdar or a noun with a possessive pronoun
//!   is the object, not part of the name (اختتم المدرب الهلالي | حديثه،
//!   أعلنت وزارة الصحة | تسجيل …);
//! - a partitive من continues a quantifier head (عدد من المواطنين);
//! - a comma followed by a title or role is an apposition and belongs to the
//!   phrase (كريستيان ليندمير، المتحدث باسم منظمة الصحة العالمية);
//! - a word with tanween fath is accusative (an adverb, an object) and ends
//!   it (الاتحاد الأوروبي | علنياً);
//! - an abbreviation dot (د. محمد) does not end it.

mod before;

use super::MAX_TOKENS;
use super::claim::{TIME_ADJECTIVES, nisba};
use super::doc::{CUES, Doc, STOPS, Tok};
use super::mention::Head;
use crate::patterns::{Category, Number};

/// Quantifiers: they head a phrase (عدد من …) but never continue a definite one.
const QUANTIFIERS: [&str; 16] = [
    "جميع",
    "كافة",
    "كل",
    "بعض",
    "عدد",
    "مختلف",
    "معظم",
    "اغلب",
    "غالبية",
    "احد",
    "احدي",
    "كثير",
    "مجموعة",
    "عديد",
    "المزيد",
    "اي",
];

/// Occasions and times: في + one of these is an adjunct, not an affiliation
/// (في مؤتمر صحفي، في تصريح، في وقت سابق، في نهاية خطبته، في مطلع فبراير),
/// normalised without ال.
const OCCASIONS: [&str; 40] = [
    "مؤتمر",
    "تصريح",
    "تصريحات",
    "حديث",
    "مقابلة",
    "لقاء",
    "تغريدة",
    "تدوينة",
    "كلمة",
    "خطاب",
    "ندوة",
    "اجتماع",
    "جلسة",
    "ختام",
    "افتتاح",
    "وقت",
    "حوار",
    "اتصال",
    "منشور",
    "صفحته",
    "حسابه",
    "موقعه",
    "معرض",
    "سياق",
    "اطار",
    "رده",
    "ردها",
    "تعليق",
    "حين",
    "اثناء",
    "نهاية",
    "بداية",
    "مطلع",
    "منتصف",
    "اعقاب",
    "ظل",
    "افتتاحية",
    "مقال",
    "مقالة",
    "حفل",
];

/// Addressees: لل + one of these tells who was spoken to (قال للصحفيين).
const ADDRESSEES: [&str; 10] =
    ["صحفيين", "صحافيين", "صحافة", "اعلاميين", "مواطنين", "حضور", "جمهور", "مشاركين", "زوار", "طلاب"];

/// Possessive pronoun endings that mark a common noun (تخوفها، حديثه).
pub(super) const POSSESSIVE: [&str; 5] = ["هما", "هم", "هن", "ها", "ه"];

/// Words that go on inside a personal name (بن، آل، أبو), normalised.
const NAME_LINKS: [&str; 9] = ["بن", "ابن", "بنت", "ال", "ابو", "ابا", "ابي", "ام", "ولد"];

/// The second word of two-word given names (عبد الرحمن، نور الدين، غرم الله).
const NAME_ENDS: [&str; 4] = ["الله", "الدين", "الرحمن", "الرحيم"];

/// Is `w`, with the article, a broken plural of the shape فعائل (النتائج،
/// الرسائل، الوثائق)?
fn broken_plural(w: &str) -> bool {
    super::claim::letters(w.strip_prefix("ال").unwrap_or(w).chars())
        .is_some_and(|(c, n)| n == 5 && c[2] == 'ا' && c[3] == 'ئ')
}

fn is_quantifier(w: &str) -> bool {
    let w = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 2).unwrap_or(w);
    QUANTIFIERS.contains(&w)
}

/// Is `w` the preposition ل on a word in Latin letters (لـCNN، لـBBC: whom
/// it was said to, since no Arabic word goes on in Latin letters)?
pub(super) fn lam_on_latin(w: &str) -> bool {
    w.strip_prefix('ل').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
}

fn definite(w: &str) -> bool {
    w.strip_prefix(['و', 'ف']).unwrap_or(w).starts_with("ال") || w.starts_with("ال")
}

impl Doc<'_> {
    /// Does the word at `s..e` end in a possessive pronoun on a word that is
    /// not a speaker noun (تخوفها، حديثه; not قائدها، رئيسه, not عبدالله)?
    pub(super) fn possessed(&self, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        if self.reading(s, Category::Speaker).is_some() || w.ends_with("الله") || w.ends_with("اللة") {
            return false;
        }
        POSSESSIVE.iter().any(|p| w.strip_suffix(p).is_some_and(|stem| stem.chars().count() >= 3))
    }

    /// Is the word at `s..e` a definite plural in the oblique case: a speaker
    /// noun's sound plural in ين (المواطنين، المسؤولين) or a nisba plural
    /// (الفلسطينيين)? Right after a verb it is the object, never the subject,
    /// which would end in ون (دعا المواطنين إلى …، ناشد المواطنين تجديد …).
    pub(super) fn oblique_plural(&self, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        if !w.starts_with("ال") || !w.ends_with("ين") {
            return false;
        }
        if w.ends_with("يين") && w.chars().count() >= 6 {
            return true;
        }
        self.reading(s, Category::Speaker).is_some_and(|(m, h)| {
            let form = &self.entries[m.entry as usize].forms[m.form as usize];
            h.end == e && form.number == Number::Plural && form.text.ends_with("ين")
        })
    }

    /// A speaker/source noun phrase starting at `pos` (see the module doc
    /// for where it ends), at most `max` words; `preps` are the cue's own
    /// prepositions. Returns its span (empty when `start == end`) and where
    /// scanning stopped.
    pub(super) fn noun_phrase(
        &self,
        pos: usize,
        max: usize,
        preps: &[String],
        allow_quotes: bool,
    ) -> (usize, usize, usize) {
        let mut start = None;
        let mut end = pos;
        let mut words = 0;
        let mut p = pos;
        let mut head_quantifier = false;
        let mut last_definite = false;
        let mut last_singular = false;
        let mut head = None;
        let mut head_singular = true;
        // where a place name heading the phrase ends: a proper noun takes no
        // genitive, so only an adjective goes on (رفضت إسرائيل | المقترح الأمريكي)
        let mut place_end = None;
        // a personal name and the family name with the article after it
        // (علي الشايعي، عبدالله الفوزان): the name is complete, and a common
        // word after it is the object (امتدح … علي الشايعي | النتائج …)
        let mut last_name = false;
        let mut after_family = false;
        let mut last_abd = false;
        let mut last_title = false;
        let mut last_al = None;
        let mut last_human_plural = false;
        let mut last_speaker = false;
        for _ in 0..MAX_TOKENS {
            let Some(t) = self.next_tok(p) else { break };
            match t {
                Tok::Word(s, e) => {
                    let w = self.word(s, e);
                    let cats = self.cats_at(s);
                    let speaker = self.reading(s, Category::Speaker);
                    // a title or role: a person, whom a name may follow
                    let person = |sp: Option<(crate::cues::Meaning, _)>| {
                        sp.is_some_and(|(m, _)| {
                            let entry = &self.entries[m.entry as usize];
                            entry.has("title") || entry.has("role")
                        })
                    };
                    // an affiliation after a title, role or body continues it (رئيس الاتحاد
                    // السعودي للفروسية، مصدر في إحدى الشركات); an addressee or an occasion
                    // ends it (للصحفيين، في بيان)
                    let affiliation = words > 0 && words + 2 <= max && self.affiliation_at(s, e, head);
                    let lil = w.starts_with("لل") && !self.matcher.keep_in_speaker.contains(w) && !affiliation
                        || lam_on_latin(w)
                        || w == "ل"
                        // an outlet with ل attached is whom it was said to (قال لبي بي سي، لرويترز)
                        || speaker.is_some_and(|(m, _)| {
                            self.entries[m.entry as usize].has("media") && self.text[s..s + m.prefix as usize].contains('ل')
                        });
                    // a speaker noun opening the phrase wins over an ender homograph (إمام / أمام)
                    let opening_speaker = words == 0
                        && cats & Category::Speaker.bit() != 0
                        && speaker.is_some_and(|(m, _)| {
                            let form = &self.entries[m.entry as usize].forms[m.form as usize].text;
                            let prefix = &self.text[s..s + m.prefix as usize];
                            !prefix.contains(['ب', 'ل', 'ك']) && self.spelled_as(s + m.prefix as usize, form)
                        });
                    // a demonstrative before a speaker noun opens the phrase (أوضحت هذه
                    // المصادر أن …، قال هؤلاء الخبراء)
                    let demonstrative = words == 0
                        && matches!(w, "هذا" | "هذه" | "هؤلاء" | "تلك" | "ذلك")
                        && matches!(self.next_tok(e), Some(Tok::Word(ns, _)) if self.text[ns..].starts_with("ال") && self.reading(ns, Category::Speaker).is_some());
                    // آن, written with madda, is a name, not the أن it folds to (قال آن هيدالغو)
                    let madda = self.madda_an(s);
                    let opening_speaker = opening_speaker || demonstrative || words == 0 && madda;
                    // partitive من after a quantifier head: عدد من المواطنين
                    let partitive = head_quantifier && words == 1 && w == "من";
                    // علي (the name) folds to على (on): the original spelling tells them
                    // apart inside a name (الأمين العام علي الشايعي)
                    let name_ali = || words > 0 && w == "علي" && self.written_with_final_yeh(s, e);
                    let stop =
                        cats & STOPS != 0 && !opening_speaker && !madda && !partitive && !affiliation && !name_ali();
                    // the rest is decided lazily, cheap tests first (each is a pure test
                    // of the word, so the order does not change where the phrase ends)
                    let new_constituent = || {
                        // a plural cannot qualify a singular head: a definite one after it
                        // opens the object (نفت الدوحة | الاتهامات، دعا الوزير | المواطنين إلى …)
                        let plural_after_singular = || {
                            definite(w)
                                && head_singular
                                && (w.ends_with("ات") && (speaker.is_none() || last_al.is_some() && w.starts_with("ال"))
                                    // (after a noun known to be singular: a plural adjective agrees
                                    // with a plural noun, أحد القادة العسكريين)
                                    || last_singular && self.oblique_plural(s, e))
                        };
                        // an indefinite masdar plural qualifies no definite noun (رصد الديوان
                        // | ملاحظات …، أظهر المؤشر العقاري | انخفاضات …); not any word in ات:
                        // names (عريقات، غرينبلات) follow a definite title
                        let indefinite_plural = || {
                            !definite(w)
                                && !w.starts_with(['و', 'ل', 'ب'])
                                && speaker.is_none()
                                && cats == 0
                                && super::claim::masdar_plural(w)
                        };
                        // a body, document or place with the article right after a person
                        // with the article, or after a person's phrase that ends in one, is
                        // no adjective of it: the object (وصف الوزير | القرار بـ …، انتقد
                        // الرئيس | الحكومة، حذر المسؤول الإيراني | الدول …; but الناشطة السعودية)
                        let body_after_person = || {
                            (last_title
                                || last_al.is_some_and(|at| self.spelled_as(at, "ا"))
                                    && matches!(head, Some(Head::Title | Head::Role | Head::Anon)))
                                && w.starts_with("ال")
                                && !nisba(w)
                                // (a participle is an adjective: اللجنة المنظمة، الوزيرة المقالة)
                                && !w.starts_with("الم")
                                && !person(speaker)
                                && speaker.is_some_and(|(m, _)| m.prefix == 0 && !self.entries[m.entry as usize].has("anon"))
                        };
                        let after_full_name = || {
                            // (a title or role goes on as an apposition: محمد العمري مدير …)
                            after_family
                                && cats & !Category::Speaker.bit() == 0
                                && !person(speaker)
                                && !nisba(w)
                                && !w.starts_with(['و', 'ف', 'ل', 'ب'])
                                // (an indefinite word may be the next name: الملك خالد البروفيسور
                                // | خالد …; only an object's shape or a document tells)
                                // (and a word with the article may be one more name: محمد الخالد
                                // الصباح، أحمد السيد النجار; a masdar, a plural or a body is not)
                                && (self.object_like(s, e)
                                    || speaker.is_some()
                                    || definite(w) && (w.ends_with("ين") || w.ends_with("ات") || broken_plural(w)))
                                && !NAME_LINKS.contains(&w)
                                && !NAME_ENDS.contains(&w)
                                && !w.starts_with(|c: char| c.is_ascii_digit())
                                // (nor does a participle: سعد الخضر | المطلع على …, but المشاركة، المرشحين)
                                && !(w.starts_with("الم")
                                    && !w.ends_with("ين")
                                    && !w.ends_with("ات")
                                    && !self.object_like(s, e))
                        };
                        // a definite human plural takes no genitive, no indefinite adjective
                        // and no name after it: an indefinite word opens the object (ناقش
                        // الوزراء | خطة العمل …، أبلغ المسؤولون | وفدا …)
                        // …and a definite word of an object's shape, a masdar, a plural in
                        // ات or فعائل, is no adjective of it either (أكد القادة | التزامهم،
                        // رفض المحتجون | القرارات، ناقش الخبراء | النتائج; but المسؤولون
                        // الأفغان: أفعال with أ is a plural, إفعال the masdar)
                        // a definite noun spelled with ال, neither a nisba nor a participle in م
                        let plain_definite =
                            || w.starts_with("ال") && self.spelled_as(s, "ا") && !nisba(w) && !w.starts_with("الم");
                        // …that is a masdar (أفعال with أ is a plural, إفعال the masdar)
                        let definite_masdar = || {
                            plain_definite()
                                && super::claim::definite_masdar_shape(&w["ال".len()..])
                                && !self.spelled_as(s + "ال".len(), "أ")
                        };
                        let indefinite_after_plural = || {
                            last_human_plural
                                && cats == 0
                                && !w.starts_with(['و', 'ف', 'ل', 'ب', 'ك'])
                                && !NAME_LINKS.contains(&w)
                                && !w.starts_with(|c: char| c.is_ascii_digit())
                                && (!definite(w)
                                    || plain_definite()
                                        && (self.possessed(s, e) || w.ends_with("ات") || broken_plural(w))
                                    || definite_masdar())
                        };
                        // a noun with a possessive pronoun after a name is the object
                        // (أبلغ الرئيس الفرنسي إيمانويل ماكرون | نظيره الأميركي …، جدد
                        // الرئيس الإيراني حسن روحاني | دفاعه …); names end in ه too
                        // (محمد عبده، نعمت زاده), so ه counts only on a feminine noun, a
                        // masdar or نظير (تغريدته، ضلوعه، نظيره), and نفسه، ذاته stress
                        // the name
                        let possessed_after_name = || {
                            let clear = POSSESSIVE.iter().any(|x| *x != "ه" && w.ends_with(x))
                                || w.strip_suffix('ه').is_some_and(|stem| {
                                    stem.ends_with('ت') || stem == "نظير" || super::claim::definite_masdar_shape(stem)
                                });
                            last_name
                                && clear
                                && !w.starts_with(['و', 'ف', 'ل', 'ب'])
                                && !w.starts_with("نفس")
                                && !w.starts_with("ذات")
                                && self.possessed(s, e)
                        };
                        // a masdar of a derived form (after ال a bare ا: الانتظام، الإفصاح،
                        // الارتقاء) after a speaker noun with the article is no adjective of
                        // it, but the object (رفض اللاعب | الانتظام، رفض المصدر | الإفصاح)
                        let masdar_after_speaker = || {
                            last_speaker
                                && speaker.is_none()
                                && cats == 0
                                && definite_masdar()
                                && w["ال".len()..].starts_with('ا')
                        };
                        words > 0
                            && (after_full_name()
                                || indefinite_after_plural()
                                || possessed_after_name()
                                || masdar_after_speaker())
                            || words > 0
                                && last_definite
                                // (أي = any, not a transliterated إي، آي: آي ويوي)
                                && (is_quantifier(w) && (w != "اي" || !self.spelled_as(s, "إ") && !self.spelled_as(s, "آ"))
                                    || self.object_like(s, e) && !definite(w)
                                    || plural_after_singular()
                                    || body_after_person()
                                    || indefinite_plural())
                    };
                    // the cue's one-letter preposition, attached, opens its object: طالب
                    // النواب | بإقالة …; and right after the cue there is no subject
                    // before it (مما يهدد | بحدوث مواجهة، أيدت | بالكامل …)
                    let attached = || {
                        preps.iter().any(|x| x.chars().count() == 1 && w.starts_with(x.as_str()))
                            && w.chars().count() > 2
                            && !self.matcher.keep_in_speaker.contains(w)
                            && !(words == 0 && self.name_with_preposition_letter(s, e))
                    };
                    // (a coordinated source goes on too: سوريا وحليفتها روسيا، الولايات المتحدة وتركيا)
                    // (but a second place right after it, with no و, is another
                    // constituent: حثت الصين | واشنطن على …)
                    let after_place = || {
                        place_end.is_some_and(|pe| s >= pe)
                            && (speaker.is_none()
                                // (nor a definite source without و: حثت واشنطن | السلطات …)
                                || w.starts_with("ال")
                                || place_end.is_some_and(|pe| self.bytes()[pe..s].iter().all(|&b| b == b' '))
                                    && !definite(w)
                                    && speaker.is_some_and(|(m, _)| {
                                        m.prefix == 0 && self.entries[m.entry as usize].has("place")
                                    }))
                            && !super::claim::nisba(w)
                            && !(w.starts_with('و') && self.possessed(s, e))
                    };
                    if words >= max
                        || lil
                        || stop
                        || cats & CUES != 0
                        // the cue's own preposition ends the phrase, but for the one an
                        // office takes (أكد المشرف على البرنامج أن …)
                        // (a partitive من is no preposition of the cue: حذر عدد | من الخبراء من …)
                        || preps.iter().any(|x| x == w) && !(affiliation && matches!(w, "علي" | "عن")) && !partitive
                        || attached()
                        || after_place()
                        || words == 0 && !opening_speaker && self.is_function_word(s, e)
                        // (nor does a time word's adjective open one: الأسبوع | الماضي)
                        || words == 0 && TIME_ADJECTIVES.contains(&w)
                        // (a time phrase is no part of one: قالت الحكومة | العام الماضي إن …)
                        || self.time_phrase_at(s).is_some()
                        // a word with tanween fath is accusative: an adverb or an object,
                        // never part of the subject (الاتحاد الأوروبي | علنياً), and never its
                        // head (أبلغ | أثرًا: an elative with its tamyiz, no verb and subject)
                        || self.accusative(s, e)
                        || new_constituent()
                    {
                        break;
                    }
                    if words == 0 {
                        place_end =
                            speaker.filter(|(m, _)| self.entries[m.entry as usize].has("place")).map(|(_, h)| h.end);
                        head_quantifier = is_quantifier(w);
                        head = Some(self.head_class(s, e));
                        head_singular = !w.ends_with("ات") && self.agreement(s, e).1.is_none_or(|n| n == Number::Sing);
                    }
                    // (a preposition's noun is no name: بالمنطقة; إلفر, as written, is no
                    // family name with the article)
                    let name_word = !definite(w)
                        && (cats == 0 || name_ali())
                        && speaker.is_none()
                        && !w.starts_with(['و', 'ف', 'ب', 'ل', 'ك'])
                        && (words > 0 && last_definite && matches!(head, Some(Head::Title | Head::Role)) || last_name)
                        && !self.possessed(s, e);
                    // (عبد الرحمن، نور الدين، غرم الله are given names in two words)
                    after_family = last_name
                        && definite(w)
                        && self.spelled_as(s, "ا")
                        && !NAME_LINKS.contains(&w)
                        && speaker.is_none()
                        && cats == 0
                        && !NAME_ENDS.contains(&w)
                        && !last_abd;
                    last_abd = w == "عبد";
                    // (where a word with the article starts; its spelling is checked when asked)
                    last_al = w.starts_with("ال").then_some(s);
                    // (a definite title or role: الوزير، المدرب)
                    last_title = w.starts_with("ال") && person(speaker);
                    // (a listed human plural, or a sound masculine plural, heading the
                    // phrase: الوزراء، المسؤولون; inside a title it is a genitive, which a
                    // name may follow: مدير شؤون المعلمين محمد …)
                    last_human_plural = words == 0
                        && w.starts_with("ال")
                        && (speaker.is_some_and(|(m, h)| {
                            let entry = &self.entries[m.entry as usize];
                            h.end == e
                                && entry.forms[m.form as usize].number == Number::Plural
                                && (entry.has("title") || entry.has("role") || entry.has("anon"))
                        }) || (w.ends_with("ون") || w.ends_with("ين"))
                            && w.chars().count() >= 7
                            && !NAME_ENDS.contains(&w));
                    last_name = name_word;
                    // (a speaker noun with the article; not a place, which may end a
                    // name a masdar goes on: حزب حراك تونس الإرادة)
                    last_speaker = speaker.is_some_and(|(_, h)| h.end == e && w.starts_with("ال"));
                    // a possessed noun is definite too: no genitive after it (طلبت من مواطنيها | مغادرة)
                    last_definite = definite(w) || self.possessed(s, e);
                    last_singular = speaker.is_some_and(|(m, h)| {
                        h.end == e && self.entries[m.entry as usize].forms[m.form as usize].number == Number::Sing
                    });
                    start.get_or_insert(s);
                    end = e;
                    words += 1;
                    p = e;
                    // an abbreviation: د. محمد، أ. د. علي
                    if w.chars().count() == 1
                        && self.text[e..].starts_with('.')
                        && matches!(self.next_tok(e + 1), Some(Tok::Word(..)))
                    {
                        p = e + 1;
                    }
                }
                Tok::Punct(s, c) if start.is_some() => {
                    if allow_quotes && let Some(q) = self.quote_opening_at(s) {
                        // a short quoted name inside a source: بحسب صحيفة «الحياة»
                        if !self.at_least_words(q.inner_start, q.inner_end, 5) {
                            end = q.close_end;
                            p = q.close_end;
                            continue;
                        }
                        break;
                    }
                    // an apposition: «، المتحدث باسم …» after a name, «، نادية …» after a title
                    if matches!(c, '،' | ',')
                        && words < max
                        && let Some(Tok::Word(ns, _)) = self.next_tok(s + c.len_utf8())
                        && self.apposition_at(ns, head)
                    {
                        p = s + c.len_utf8();
                        continue;
                    }
                    break;
                }
                _ => break,
            }
        }
        match start {
            Some(s) => (s, end, end),
            None => (pos, pos, pos),
        }
    }

    /// Is the word at `s..e`, which begins with the letter of a cue's attached
    /// preposition (ب، ل), a name rather than that preposition and its noun:
    /// a speaker noun spelled so (بريطانيا، بكين), or a word without the article
    /// followed by a relative pronoun, which only a definite noun takes (طالب
    /// بلحاج الذي …), or by the preposition with a definite noun, the cue's
    /// object (رحب بوتين بالمباراة، أشاد بومبيو بالدول)?
    fn name_with_preposition_letter(&self, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        if self.reading(s, Category::Speaker).is_some_and(|(m, _)| m.prefix == 0) {
            return true;
        }
        let letter = &w[..w.chars().next().map_or(0, char::len_utf8)];
        if w[letter.len()..].starts_with("ال") || self.is_function_word(s, e) || self.cats_at(s) & STOPS != 0 {
            return false;
        }
        matches!(self.next_tok(e), Some(Tok::Word(ns, ne)) if {
            let n = self.word(ns, ne);
            super::relative(n).is_some() || n.strip_prefix(letter).is_some_and(|r| r.starts_with("ال"))
        })
    }

    /// Does an affiliation start at the word `s..e`, after a phrase headed
    /// by a title, role, body or unnamed source: لل + noun (للفروسية), or
    /// في / من / إلى + noun (في إحدى الشركات، من الوزارة، إلى الأمم المتحدة)?
    /// Not an addressee (للصحفيين، لوكالة …), an outlet or document (في بيان،
    /// لصحيفة), an occasion or time (في مؤتمر صحفي، في وقت سابق), nor the
    /// cue's own preposition (checked by the caller first).
    fn affiliation_at(&self, s: usize, e: usize, head: Option<Head>) -> bool {
        if !matches!(head, Some(Head::Title | Head::Role | Head::Org | Head::Anon)) {
            return false;
        }
        let w = self.word(s, e);
        let (noun_at, noun) = if let Some(rest) = w.strip_prefix("لل") {
            (s, format!("ال{rest}"))
        } else if matches!(w, "في" | "من" | "الي") || matches!(w, "علي" | "عن") && self.after_participle_role(s)
        {
            match self.next_tok(e) {
                Some(Tok::Word(ns, ne)) => (ns, self.word(ns, ne).to_string()),
                _ => return false,
            }
        } else {
            return false;
        };
        // (a noun with a possessive pronoun is the speaker's own medium or
        // occasion, no affiliation: في تقريرها، في كلمته; but المشرف على بيعه)
        if noun_at != s
            && (self.cats_at(noun_at) & (STOPS | CUES) != 0
                || self.is_function_word(noun_at, self.word_end_at(noun_at))
                || !matches!(w, "علي" | "عن") && self.possessed(noun_at, self.word_end_at(noun_at)))
        {
            return false;
        }
        let bare = noun.strip_prefix("ال").unwrap_or(&noun);
        // (nor is a time: في العام الماضي)
        if OCCASIONS.contains(&bare) || ADDRESSEES.contains(&bare) || self.time_phrase_at(noun_at).is_some() {
            return false;
        }
        // an outlet or document: لصحيفة، في بيان
        let outlet = self.matcher.lookup(&noun).iter().chain(self.matcher.lookup(bare)).any(|m| {
            let en = &self.entries[m.entry as usize];
            en.category == Category::Speaker && (en.has("media") || en.has("doc"))
        });
        !outlet
    }

    /// Is the word before `pos` a definite participle of office (المشرف على،
    /// المسؤول عن، المكلف بـ), which takes its own preposition?
    fn after_participle_role(&self, pos: usize) -> bool {
        matches!(self.prev_tok(pos), Some(Tok::Word(s, e)) if {
            let w = self.word(s, e);
            w.starts_with("الم") && w.chars().count() >= 5
        })
    }

    /// Does an apposition start at `s`, after a phrase headed by `head`?
    /// A title or role noun after a name (ليندمير، المتحدث باسم …), or a
    /// name after a title (رئيسة اللجنة، نادية الركراكي) when a comma or a
    /// complementiser closes it.
    fn apposition_at(&self, s: usize, head: Option<Head>) -> bool {
        let Some((m, _)) = self.reading(s, Category::Speaker) else {
            return matches!(head, Some(Head::Title | Head::Role)) && self.name_then_close(s);
        };
        let entry = &self.entries[m.entry as usize];
        let prefix = &self.text[s..s + m.prefix as usize];
        !prefix.contains(['و', 'ب', 'ل', 'ك', 'ف']) && (entry.has("title") || entry.has("role"))
    }

    /// Is `s` the start of a short name (one to three words in no list)
    /// closed by a comma, a complementiser or a colon?
    fn name_then_close(&self, s: usize) -> bool {
        let mut p = s;
        for i in 0..4 {
            match self.next_tok(p) {
                Some(Tok::Word(ws, we)) if i < 3 => {
                    if self.cats_at(ws) != 0 || self.is_function_word(ws, we) || definite(self.word(ws, we)) && i == 0 {
                        return false;
                    }
                    p = we;
                }
                Some(Tok::Punct(_, c)) => return i > 0 && matches!(c, '،' | ',' | ':'),
                Some(Tok::Word(ws, _)) => return i > 0 && self.reading(ws, Category::Complementizer).is_some(),
                _ => return false,
            }
        }
        false
    }
}
