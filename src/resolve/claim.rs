//! Claims (ANNOTATION.md, kind `claim`): a reporting or stance cue whose
//! content is a noun phrase, not a clause or a quotation (أعلنت الوزارة
//! تسجيل 230 إصابة، طالب النواب بإقالة الحكومة، أعرب عن قلقه).
//!
//! Owns: which cues take one (the `np` and `pp=X` tags of the pattern
//! files), where the content starts (after the speaker phrase and any
//! adjuncts, at the object of a claim preposition or at the noun phrase),
//! what is no claim (a negated cue, a content that only points back: أكد
//! على ذلك), the kind a quoted noun phrase gets instead (all quoted: direct;
//! with long quoted fragments: mixed), and the word shapes that tell an
//! object from a subject (a masdar or a possessed noun is an object:
//! وأكد ضرورة …، أبدت قلقها …).

use super::complement::Complement;
use super::doc::{CUES, Doc, Tok};
use super::{Cand, MAX_TOKENS};
use crate::model::Kind;
use crate::patterns::{Category, Entry};

/// Particles that negate the cue after them (لم يوضح، لا يرى).
const NEGATIONS: [&str; 6] = ["لم", "لا", "لن", "ما", "ليس", "غير"];

/// Particles that open a verbal predicate: after one, the cue's object is
/// no noun phrase (ستعلن قريبا، وقد يحصل …; the committee will be announced).
const VERB_PARTICLES: [&str; 7] = ["لا", "لم", "لن", "قد", "لقد", "سوف", "ليس"];

/// Demonstratives: a content that is only one of these (and a noun) points back.
const DEMONSTRATIVES: [&str; 8] = ["ذلك", "هذا", "هذه", "ذاك", "تلك", "هؤلاء", "ذلكم", "هذين"];

/// Nouns that head stance contents without being masdars of a listed shape.
const OBJECT_NOUNS: [&str; 6] = ["ضروره", "ضرورة", "اهمية", "اهميه", "عدم", "استعداد"];

/// Heads of thanks and greetings (شكره، امتنانها، تهانيه، تعازيه), normalised.
const THANKS: [&str; 7] = ["شكر", "امتنان", "تهنئ", "تهاني", "تعازي", "تعزي", "تبريك"];

/// Adjectives of a time word (الأسبوع المقبل، الشهر الماضي), normalised.
pub(super) const TIME_ADJECTIVES: [&str; 10] =
    ["المقبل", "المقبلة", "الماضي", "المنصرم", "المنصرمة", "الجاري", "الحالي", "الفائت", "القادم", "القادمة"];

/// Adjunct words skipped between a speaker and a claim (time and manner).
const MAX_ADJUNCT_WORDS: usize = 10;

/// Is `w` a definite nisba adjective (الروسية، الأميركي، الدولية)?
pub(super) fn nisba(w: &str) -> bool {
    w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("ية") || w.ends_with("يه")) && w.chars().count() >= 5
}

/// Is `w` a relative pronoun (الذي، والتي …)?
fn is_relative(w: &str) -> bool {
    super::relative(w).is_some()
}

/// Is the ender `w` a time word or an adverb, which takes no noun phrase
/// after it: a definite one (اليوم، الاثنين، الأسبوع; not the prepositions
/// إلى، على nor a relative pronoun, which fold to ال…), أمس, or one with the
/// accusative ا (مؤخرا، رسميا، غدا)? Normalised, as `Doc::word` gives it.
pub(super) fn takes_no_object(w: &str) -> bool {
    let w = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 3).unwrap_or(w);
    let accusative = accusative(w);
    // (الي… is إلى, alone or with a pronoun: إليه، إليها; but اليوم)
    let ila = w.starts_with("الي") && w != "اليوم";
    (w.starts_with("ال") && !ila && !is_relative(w)) || w == "امس" || accusative && w.chars().count() >= 4
}

/// Does `w` end in the indefinite accusative ا (مؤخرا، قاطعا)? Not a pronoun
/// suffix ها، نا nor a conjunction in ما (لها، بأنها، بينما).
pub(super) fn accusative(w: &str) -> bool {
    w.ends_with('ا') && !w.ends_with("ها") && !w.ends_with("نا") && !w.ends_with("ما")
}

/// Does `entry` take a claim (an `np` or `pp=X` tag)?
pub(super) fn takes_claim(entry: &Entry) -> bool {
    entry.has("np") || !entry.claim_preps.is_empty()
}

/// Is `w` shaped like a masdar (تسجيل، إعلان، اعتماد، استمرار، مشاركة)?
/// `w` is normalised, without clitics. Shapes that names share (تفاعل:
/// ترامب; إفالة: أسامة) are left out.
fn masdar_shape(w: &str) -> bool {
    shape_of(w.chars())
}

/// The letters of `chars` and their count, when there are at most eight
/// (the word shapes tested are shorter: longer words are not read).
pub(super) fn letters(chars: impl Iterator<Item = char>) -> Option<([char; 8], usize)> {
    let mut c = ['\0'; 8];
    let mut n = 0;
    for ch in chars {
        if n == c.len() {
            return None;
        }
        c[n] = ch;
        n += 1;
    }
    Some((c, n))
}

/// `masdar_shape` over the letters `chars`.
fn shape_of(chars: impl Iterator<Item = char>) -> bool {
    let Some((c, n)) = letters(chars) else { return false };
    match n {
        5 => {
            // تفعيل: تسجيل، تعيين; تفعلة: تهنئة، تسوية; إفعال: إعلان، إجراء
            c[0] == 'ت' && (c[3] == 'ي' || c[4] == 'ة') || c[0] == 'ا' && c[3] == 'ا'
        }
        6 => {
            // افتعال: اعتماد، انتخاب; انفعال: انسحاب; مفاعلة: مشاركة، مطالبة
            c[0] == 'ا' && c[4] == 'ا' && (c[2] == 'ت' || c[1] == 'ن') || c[0] == 'م' && c[2] == 'ا' && c[5] == 'ة'
        }
        7 => c[0] == 'ا' && c[1] == 'س' && c[2] == 'ت' && c[5] == 'ا', // استفعال: استمرار
        _ => false,
    }
}

/// `masdar_shape`, and the shapes that only with the article are masdars
/// (a name never has it: ترامب is تفاعل): تفاعل (التعاون، التنازل), فيعلة
/// (السيطرة), فعالة (الزيارة، الحماية), فعول (الدخول، الحصول).
pub(super) fn definite_masdar_shape(w: &str) -> bool {
    let Some((c, n)) = letters(w.chars()) else { return false };
    masdar_shape(w)
        || n == 5 && (c[0] == 'ت' && c[2] == 'ا' || c[1] == 'ي' && c[4] == 'ة' || c[2] == 'ا' && c[4] == 'ة')
        // (أفعل is an adjective: الأسود، الأعلى)
        || n == 4 && c[2] == 'و' && c[0] != 'ا'
}

/// Is `w` the plural in ات of a masdar (اتهامات، تصريحات، ملاحظات، انتقادات)?
pub(super) fn masdar_plural(w: &str) -> bool {
    // (the singular with or without ة: اتهام، ملاحظة)
    w.strip_suffix("ات").is_some_and(|stem| masdar_shape(stem) || shape_of(stem.chars().chain(std::iter::once('ة'))))
}

impl Doc<'_> {
    /// Is the word at `s..e` an object rather than a subject: a masdar, a
    /// noun with a possessive pronoun (قلقها، أمله), or a stance noun
    /// (ضرورة، أهمية، عدم)? Speaker nouns never are.
    pub(super) fn object_like(&self, s: usize, e: usize) -> bool {
        if self.reading(s, Category::Speaker).is_some() || self.cats_at(s) != 0 {
            return false;
        }
        // a name before بن / ابن / بنت is no masdar (المحامية إيمان بن صالح)
        if matches!(self.next_tok(e), Some(Tok::Word(ns, ne)) if matches!(self.word(ns, ne), "بن" | "ابن" | "بنت"))
        {
            return false;
        }
        let w = self.word(s, e);
        let w = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 3).unwrap_or(w);
        let w = w.strip_prefix("ال").filter(|r| r.chars().count() >= 3).unwrap_or(w);
        OBJECT_NOUNS.contains(&w) || masdar_shape(w) || self.possessed(s, e)
    }

    /// Where, in `[s, e)`, the first masdar with the article and nothing
    /// before it (الانتهاء، الالتزام; not والإعلام, a conjunct, nor الروسية, a
    /// nisba, nor المناهضة, a participle) follows a definite word, which
    /// takes no genitive (الوزارة الانتهاء; not وزير التعليم).
    pub(super) fn definite_masdar_in(&self, s: usize, e: usize) -> Option<usize> {
        let mut prev = (s, self.word_end_at(s));
        while let Some(Tok::Word(ws, we)) = self.next_tok(prev.1).filter(|t| t.end() <= e) {
            let w = self.word(ws, we);
            let before = self.word(prev.0, prev.1);
            if w.starts_with("ال")
                && !nisba(w)
                && self.cats_at(ws) == 0
                && definite_masdar_shape(&w["ال".len()..])
                // (مفاعلة is also the participle, an adjective: التصريحات المناهضة)
                && !w["ال".len()..].starts_with('م')
                && (before.starts_with("ال") || self.possessed(prev.0, prev.1))
            {
                return Some(ws);
            }
            prev = (ws, we);
        }
        None
    }

    /// Where a time phrase of a definite noun and a time adjective that
    /// starts at `s` ends (العام الماضي، الصيف المقبل), the noun no speaker
    /// noun.
    pub(super) fn time_phrase_at(&self, s: usize) -> Option<usize> {
        if !self.text[s..].starts_with("ال") {
            return None;
        }
        let e = self.word_end_at(s);
        // (the adjective's article, looked at before the word after is read)
        if !self.text[e..].trim_start_matches(' ').starts_with("ال") {
            return None;
        }
        let Some(Tok::Word(ns, ne)) = self.next_tok(e) else { return None };
        let adjective = self.word(ns, ne);
        // (الحالي is also «current»: الوضع الحالي، الجيل الحالي)
        (adjective != "الحالي"
            && TIME_ADJECTIVES.contains(&adjective)
            && self.cats_at(s) & Category::Speaker.bit() == 0)
            .then_some(ne)
    }

    /// Is the cue at `pos` negated (لم يوضح، لا يرى)?
    pub(super) fn negated(&self, pos: usize) -> bool {
        matches!(self.prev_tok(pos), Some(Tok::Word(s, e)) if NEGATIONS.contains(&self.word(s, e)))
    }

    /// Where the claim of a cue `entry` starts, scanning from `pos` (after
    /// the cue and its speaker phrase): at the object of one of its claim
    /// prepositions (after a detached one, at the word for an attached ب/ل),
    /// or, for an `np` cue, at the first noun. Commas, time words and
    /// prepositional adjuncts (في بيان لها، خلال لقائه) are skipped. Where
    /// no subject can come any more (`objects`: after the subject, after a
    /// participle), for a cue tagged `addr` a noun phrase that the claim
    /// preposition follows is whom it addresses, and the claim starts with
    /// it (حثت الصين | واشنطن على …، محذرة | الجهات من …).
    pub(super) fn claim_start(&self, entry: &Entry, pos: usize, objects: bool) -> Option<usize> {
        let np = entry.has("np");
        let mut p = pos;
        let mut skipped = 0;
        for _ in 0..MAX_TOKENS {
            match self.next_tok(p)? {
                Tok::Punct(s, c) if matches!(c, '،' | ',' | '-' | '–' | '(' | ')') => p = s + c.len_utf8(),
                Tok::Word(s, e) => {
                    let w = self.word(s, e);
                    if self.reading(s, Category::Complementizer).is_some()
                        // (a masdar right after the speaker is the object: أكدت الوزارة إصرارها على …)
                        || self.is_cue_at(s) && !(skipped == 0 && self.masdar_at(s))
                        || VERB_PARTICLES
                            .contains(&w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 2).unwrap_or(w))
                    {
                        return None;
                    }
                    // a detached claim preposition: أعرب عن، دعا إلى
                    if entry.claim_preps.iter().any(|x| x == w) {
                        return self.noun_after(e);
                    }
                    // …with a pronoun, it only points back (دعا إليها، أكد عليه)
                    if entry
                        .claim_preps
                        .iter()
                        .any(|x| w.strip_prefix(x.as_str()).is_some_and(|r| super::phrase::POSSESSIVE.contains(&r)))
                    {
                        return None;
                    }
                    // an attached one: طالب بإقالة، أسف لمقاومة
                    if self.attached_claim_prep(entry, s, e) {
                        return Some(s);
                    }
                    // a ل/لل adjunct (للصحفيين، لوكالة الأنباء، لمواجهة المشكلة) or an ender
                    let li = w.starts_with('ل')
                        && w.chars().count() > 3
                        && !entry.claim_preps.iter().any(|x| x == "ل")
                        && (w.starts_with("لل") || masdar_shape(&w['ل'.len_utf8()..]));
                    // an outlet in Latin letters with ل is whom it was told to, a
                    // whole adjunct (كشفت مصادر لـCNN | خطة …)
                    if super::phrase::lam_on_latin(w) {
                        skipped += 1;
                        p = e;
                        continue;
                    }
                    // a definite noun with a time adjective is a time word too (أعلنت
                    // العام الماضي | اعتزالها)
                    if let Some(te) = self.time_phrase_at(s) {
                        skipped += 1;
                        p = te;
                        continue;
                    }
                    if self.reading(s, Category::Ender).is_some() || li {
                        // an adjunct: a time word, or a preposition and its noun phrase
                        skipped += 1;
                        // a time word or an adverb takes no object (اليوم، أمس، الاثنين،
                        // مؤخرا): what follows may be the claim (أعلنت الوزارة اليوم | تسجيل …);
                        // a preposition's object never runs into the cue's own one
                        // (but a date may: اليوم الجمعة 04 يناير 2019); a relative clause
                        // has a verb of its own, with its own complements
                        let date_next = matches!(self.next_tok(e), Some(Tok::Word(ds, _))
                            if self.text[ds..].starts_with(|c: char| c.is_ascii_digit()));
                        let stops: &[String] = if is_relative(w) { &[] } else { &entry.claim_preps };
                        p = if takes_no_object(w) && !date_next {
                            // with its adjective: الأسبوع | المقبل، الشهر | الماضي
                            match self.next_tok(e) {
                                Some(Tok::Word(ns, ne)) if TIME_ADJECTIVES.contains(&self.word(ns, ne)) => ne,
                                _ => e,
                            }
                        } else {
                            self.noun_phrase(e, 6, stops, false).2.max(e)
                        };
                        // and a pronoun after it (في بيان لها)
                        if let Some(Tok::Word(fs, fe)) = self.next_tok(p)
                            && self.is_function_word(fs, fe)
                        {
                            p = fe;
                        }
                        if skipped > MAX_ADJUNCT_WORDS {
                            return None;
                        }
                        continue;
                    }
                    // a place or time with بـ closed by a comma is one more adjunct
                    // (أعلنت اللجنة، في ختام اجتماع عقدته أمس بالرباط، البدء في …)
                    if w.starts_with("بال")
                        && !entry.claim_preps.iter().any(|x| x == "ب")
                        && matches!(self.next_tok(e), Some(Tok::Punct(_, '،' | ',')))
                    {
                        skipped += 1;
                        p = e;
                        continue;
                    }
                    // an object does not open with an adjective (الروسية، سيرغي …), nor
                    // with a preposition that is not the cue's (دعا للأبناء بالتوفيق)
                    let prepositional = (w.starts_with('ب') || w.starts_with('ل')) && self.object_prefix(s);
                    if self.is_function_word(s, e) || nisba(w) || prepositional {
                        return None;
                    }
                    return (np || objects && entry.has("addr") && self.object_before_prep(entry, s)).then_some(s);
                }
                Tok::Punct(s, _) if np && self.quote_opening_at(s).is_some() => return Some(s),
                _ => return None,
            }
        }
        None
    }

    /// Is the word at `s` the head of a short object that the cue's claim
    /// preposition follows at once (النساء المعنفات | إلى، واشنطن | على)?
    fn object_before_prep(&self, entry: &Entry, s: usize) -> bool {
        let e = self.word_end_at(s);
        let w = self.word(s, e);
        // (a conjunct belongs to the subject: عبر المرضى | وذووهم عن …; نفسه، ذاته
        // stress it: محذرا نفسه من …)
        let conjunct = w.starts_with("وال") || w.starts_with('و') && self.possessed(s, e);
        let emphatic = (w.starts_with("نفس") || w.starts_with("ذات")) && self.possessed(s, e);
        if entry.claim_preps.is_empty() || conjunct || emphatic {
            return false;
        }
        let (os, oe, _) = self.noun_phrase(s, 4, &entry.claim_preps, false);
        os < oe
            && matches!(self.next_tok(oe), Some(Tok::Word(ps, pe))
                if entry.claim_preps.iter().any(|x| x == self.word(ps, pe)) || self.attached_claim_prep(entry, ps, pe))
    }

    /// Is the word `s..e` one of the cue's one-letter claim prepositions with its
    /// noun attached (طالب بإقالة، أسف لمقاومة)? Not with a pronoun, which only
    /// points back (اعترفت بها، طالب به), and not on an adjunct (خارج الصفوف | بسبب …).
    fn attached_claim_prep(&self, entry: &Entry, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        entry.claim_preps.iter().any(|x| x.chars().count() == 1 && w.starts_with(x.as_str()))
            && w.chars().count() > 2
            && !self.is_function_word(s, e)
            && self.cats_at(s) & (Category::Ender.bit() | Category::Complementizer.bit()) == 0
    }

    /// Does a thanks or greeting start at `s` (أعرب عن شكره، عبر عن امتنانها،
    /// أبدى تعازيه)? The guide counts those as no claim.
    fn thanks_at(&self, s: usize) -> bool {
        let Some(Tok::Word(ws, we)) = self.next_tok(s) else { return false };
        let w = self.word(ws, we);
        let w = w.strip_prefix(['ب', 'ل']).filter(|r| r.chars().count() >= 3).unwrap_or(w);
        let w = w.strip_prefix("ال").unwrap_or(w);
        THANKS.iter().any(|t| w.starts_with(t))
    }

    /// The first word after `pos` when it can start a claim's noun phrase.
    fn noun_after(&self, pos: usize) -> Option<usize> {
        match self.next_tok(pos)? {
            Tok::Word(s, e) => {
                let complementizer = self.reading(s, Category::Complementizer).is_some();
                // an ambiguous verb there is its noun (أعلنت عن نشر النتائج)
                let cue = self.is_cue_at(s) && !self.ambiguous_here(s) && !self.masdar_at(s);
                (!complementizer && !cue && (!self.is_function_word(s, e) || self.points_back_word(s, e))).then_some(s)
            }
            Tok::Punct(s, _) if self.quote_opening_at(s).is_some() => Some(s),
            _ => None,
        }
    }

    fn points_back_word(&self, s: usize, e: usize) -> bool {
        let w = self.word(s, e);
        DEMONSTRATIVES.contains(&w.strip_prefix(['و', 'ب', 'ل']).unwrap_or(w))
    }

    /// Where a claim's noun phrase ends before `e`: at لكن (ولكن، لكنه …),
    /// which opens a clause of its own (أكدت البعثة استدعاء سفيرها | لكنها لم
    /// تحدد …).
    pub(super) fn but_before(&self, s: usize, e: usize) -> usize {
        let mut p = s;
        while let Some(t) = self.next_tok(p) {
            let (ts, te) = match t {
                Tok::Word(a, b) => (a, b),
                Tok::Punct(a, c) => (a, a + c.len_utf8()),
                Tok::Newline(a) => (a, a + 1),
            };
            if te > e {
                break;
            }
            if matches!(t, Tok::Word(..)) && self.word(ts, te).trim_start_matches('و').starts_with("لكن") {
                return ts;
            }
            p = te;
        }
        e
    }

    /// Where a claim's noun phrase ends before `e`: at a comma followed by و
    /// and an imperfect verb, which coordinates a clause of its own (تعتبر
    /// روسيا داعش منظمة إرهابية | ، وتحظر نشاطها …); not a masdar (، وتطوير …)
    /// nor an adverb (، وتحديدا …).
    fn verb_clause_after_comma(&self, s: usize, e: usize) -> usize {
        let mut p = s;
        while let Some(t) = self.next_tok(p) {
            if t.end() > e {
                break;
            }
            if let Tok::Punct(c, '،' | ',') = t
                && !self.inside_quote(c)
                && let Some(Tok::Word(ws, we)) = self.next_tok(t.end())
                && we <= e
                && self.coordinated_verb(ws, we)
            {
                return c;
            }
            p = t.end();
        }
        e
    }

    /// Is the word `s..e` و and an imperfect verb (وتحظر، ويسعى)? Not a masdar
    /// (وتطوير), nor an adverb or a name in ا (وتحديدا، وتويوتا).
    fn coordinated_verb(&self, s: usize, e: usize) -> bool {
        self.word(s, e).strip_prefix('و').is_some_and(|v| {
            v.starts_with(['ي', 'ت'])
                && (4..=6).contains(&v.chars().count())
                && !v.ends_with('ا')
                && self.cats_at(s) & !CUES == 0
                && !definite_masdar_shape(v)
                && !self.possessed(s, e)
        })
    }

    /// Does `[s, e)` only point back (ذلك، هذا الأمر، هذه القضية)? Also
    /// when what follows the demonstrative is an adjunct, not its noun
    /// (عبر عن ذلك | عبر صفحته في تويتر).
    fn points_back(&self, s: usize, e: usize) -> bool {
        let Some(Tok::Word(ws, we)) = self.next_tok(s) else { return false };
        self.points_back_word(ws, we)
            && (!self.at_least_words(s, e, 4)
                || match self.next_tok(we) {
                    Some(Tok::Word(ns, _)) => self.reading(ns, Category::Ender).is_some(),
                    _ => true,
                })
    }
}

/// Does a claim starting at `start` come before complement `c`? Before a
/// loose quotation, always (دعت اللجنة إسرائيل للسماح … لأنه «…»); before a
/// clause or a colon, when at least three words of noun phrase come first
/// (نفت المنظمة تقارير عن إعلان قائدها أن …), not for a short object (وصف
/// الوزير النظام بأنه …، أكد ذاتها بأن …).
pub(super) fn claim_before(doc: &Doc, start: usize, c: &Complement) -> bool {
    let at = c.start();
    start < at && (matches!(c, Complement::Quote(_)) || doc.at_least_words(start, at, 3))
}

/// Build the claim of `base` whose content starts at `start`: to the end
/// of the sentence (the next attribution cuts it later). A content that is
/// one quotation is direct speech, one with a long quoted fragment mixed.
/// False when there is none.
pub(super) fn push_claim(doc: &Doc, start: usize, base: Cand, out: &mut Vec<Cand>) -> bool {
    let mut end = doc.but_before(start, doc.clause_end(start, doc.sentence_end(start)));
    // a semicolon closes the noun phrase: what follows is a clause of its own
    // (دعت اللجنة إسرائيل للسماح … بزيارته | ؛ لأنه «…»)
    if let Some(i) = doc.text[start..end].find(['؛', ';']).map(|i| start + i)
        && !doc.inside_quote(i)
    {
        end = i;
    }
    end = doc.verb_clause_after_comma(start, end);
    let (s, e) = doc.trim_content(start, end);
    if s >= e || doc.points_back(s, e) || doc.thanks_at(s) {
        return false;
    }
    if let Some(q) = doc.quote_opening_at(s)
        && doc.trim_content(q.close_end, e).0 >= e
    {
        let (qs, qe) = doc.trim_content(q.inner_start, q.inner_end);
        if qs < qe {
            out.push(Cand { kind: Kind::Direct, content: (qs, qe), quoted: true, rule: "claim-quote", ..base });
            return true;
        }
        return false;
    }
    let kind = if doc.has_quoted_fragment(s, e) { Kind::Mixed } else { Kind::Claim };
    out.push(Cand { kind, content: (s, e), rule: if kind == Kind::Claim { "claim" } else { "claim-mixed" }, ..base });
    true
}

#[cfg(test)]
mod tests {
    use super::masdar_shape;

    #[test]
    fn masdar_shapes() {
        for w in ["تسجيل", "تعيين", "اعلان", "اجراء", "اعتماد", "انسحاب", "استمرار", "مشاركة"]
        {
            assert!(masdar_shape(w), "{w}");
        }
        for w in ["محمد", "الوزير", "ترامب", "بوتين", "سلمان", "قال", "اسامة"] {
            assert!(!masdar_shape(w), "{w}");
        }
        for w in ["اتهامات", "تصريحات", "ملاحظات", "انتقادات"] {
            assert!(super::masdar_plural(w), "{w}");
        }
        for w in ["عريقات", "غرينبلات", "معلومات", "بركات", "تسجيل"] {
            assert!(!super::masdar_plural(w), "{w}");
        }
    }
}
