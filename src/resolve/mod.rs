//! Resolution: turns cue hits and quotation spans into attributions.
//!
//! The work is split by concern, one module each:
//! - [`doc`]: the document as resolution sees it (tokens, sentence and
//!   paragraph tables, pattern look-ups, content trimming);
//! - [`phrase`]: speaker phrases, after a cue and before it;
//! - [`complement`]: what follows a cue (colon, أن/إن clause, quotation)
//!   and the content it gives;
//! - [`according`]: according-to markers (بحسب، وفقا لـ، نقلا عن);
//! - [`claim`]: claims, cues whose content is a noun phrase;
//! - [`carry`]: content cuts between attributions;
//! - [`mention`]: head classes, agreement, and the mentions implicit speakers
//!   are carried from;
//! - [`choose`]: every attribution's speaker options, scored by learned
//!   weights (`weights.txt`).
//!
//! This module owns the cue handlers (reporting verbs and participles) that
//! tie them together. Everything here works on the normalised text;
//! `extract` maps the result back to original offsets.
//!
//! All scans are bounded (`MAX_*` below) or use precomputed boundary tables,
//! so resolution stays linear in the document length.

mod according;
mod carry;
mod choose;
mod claim;
mod complement;
mod doc;
mod mention;
mod phrase;
#[cfg(test)]
mod tests;

pub use carry::Antecedent;
pub use choose::{Features, Origin, Teacher, Weights, WeightsError, feature_names};
pub use doc::Doc;
use doc::FactRelative;

use crate::cues::{Hit, Meaning};
use crate::model::Kind;
use crate::patterns::{Category, Entry, Gender, Number};
use according::according;
use carry::finish;
use choose::Opt;
use claim::{claim_before, push_claim, takes_claim, takes_no_object};
use complement::{Complement, Takes, attach, complement, push_quotes};
use doc::{CUES, Tok};
use mention::Head;

/// Words after which a cue form is no verb: أحد / إحدى (an elative follows:
/// أحد أبرز …) and the interrogative هل (a question reports nothing).
const NO_VERB_AFTER: [&str; 7] = ["احد", "احدي", "واحد", "واحدي", "هل", "وهل", "فهل"];

/// Longest speaker phrase, in words.
pub(super) const MAX_SPEAKER: usize = 12;
/// Longest speaker phrase before a cue (`الوزير قال`), in words.
pub(super) const MAX_PRE_SPEAKER: usize = 6;
/// Most words between a cue (plus speaker) and its complement.
pub(super) const MAX_GAP: usize = 25;
/// Most words a participle's object may take before its complement.
pub(super) const MAX_PARTICIPLE_GAP: usize = 5;
/// Most tokens (words and punctuation) any local scan looks at.
pub(super) const MAX_TOKENS: usize = 80;
/// A quotation linked without a colon or complementiser needs this many words.
pub(super) const MIN_LOOSE_QUOTE_WORDS: usize = 3;

/// Conjunction-like words dropped at content ends and before cues.
/// The auxiliary كان counts too: وكانت اللجنة … دعت.
pub(super) const CONNECTORS: [&str; 12] =
    ["كما", "و", "فيما", "بينما", "ثم", "حيث", "وقد", "قد", "اما", "كان", "كانت", "كانوا"];

/// A connector, with or without a leading و/ف (كما، وكما، فيما).
pub(super) fn is_connector(w: &str) -> bool {
    CONNECTORS.contains(&w) || w.strip_prefix(['و', 'ف']).is_some_and(|r| CONNECTORS.contains(&r) && r != "و")
}

/// «Therefore» (ل + a demonstrative): right before a verb it opens the
/// clause (لذلك ينصح الباحثون بـ …); elsewhere it is «for that» (بحاجة لذلك).
const THEREFORE: [&str; 4] = ["لذلك", "لهذا", "ولذلك", "ولهذا"];

/// Relative pronouns: a cue right after one is inside a relative clause.
pub(super) const RELATIVES: [&str; 7] = ["الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"];

/// A relative pronoun, with or without a leading و (الذي، والتي): the pronoun
/// without it, if `w` is one.
pub(super) fn relative(w: &str) -> Option<&str> {
    let bare = w.strip_prefix('و').unwrap_or(w);
    RELATIVES.contains(&bare).then_some(bare)
}

/// Where a candidate's speaker comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A span in normalised text, named at the cue.
    Explicit(usize, usize),
    /// Carried from an earlier mention (filled in by `carry`).
    Implicit(Option<(usize, usize)>),
}

/// One attribution in normalised coordinates.
#[derive(Debug, Clone)]
pub struct Cand {
    pub kind: Kind,
    pub cue: (usize, usize),
    pub cue_entry: u32,
    pub gender: Gender,
    pub number: Number,
    pub speaker: Source,
    /// Speaker options named at the cue (after it, before it…); `choose`
    /// adds the carried ones and picks.
    pub opts: Vec<choose::Opt>,
    pub content: (usize, usize),
    /// Content is the inside of a quotation (never cut).
    pub quoted: bool,
    /// Where this attribution's own words begin (cue or speaker before it).
    pub region: usize,
    /// It opens a clause of its own (a clause-initial cue, a participle, a
    /// marker, a subject that opens its clause), so an earlier content ends
    /// where it begins; otherwise it is nested in that content (قالوا إن
    /// الجدل يشير إلى …) and does not cut it.
    pub opens: bool,
    /// The cue opens its clause (VSO); otherwise a subject may come before it.
    pub initial: bool,
    pub rule: &'static str,
    /// Other entries involved (complementiser, speaker noun…).
    pub extra: Vec<u32>,
}

/// Find all attributions in a document, speakers chosen with `weights`;
/// `teacher` (training) labels each choice and sees its features.
pub fn resolve(doc: &Doc, weights: &Weights, teacher: Option<&mut dyn Teacher>) -> Vec<Cand> {
    let mut cands: Vec<Cand> = vec![];
    let mut subjects: Vec<Antecedent> = vec![];
    for h in doc.hits.iter().filter(|h| doc.matcher.categories(h.surface) & CUES != 0) {
        for m in &doc.matcher.meanings[h.surface as usize] {
            let entry = &doc.entries[m.entry as usize];
            // a cue written with a hamza its form lacks is another word (أقرأ =
            // I read, not the dual أقرا)
            if !doc.hamza_agrees(h, m, &entry.forms[m.form as usize].text) {
                continue;
            }
            let found = match entry.category {
                Category::Verb => verb(doc, h, m, entry, &mut cands, &mut subjects),
                Category::Participle => participle(doc, h, m, entry, &mut cands),
                Category::According => according(doc, h, m, &mut cands),
                _ => false,
            };
            if found {
                break;
            }
        }
    }
    finish(doc, cands, &mut subjects, weights, teacher)
}

pub(super) fn form_features(entry: &Entry, m: &Meaning) -> (Gender, Number) {
    let f = &entry.forms[m.form as usize];
    (f.gender, f.number)
}

fn blank(h: &Hit, m: &Meaning, entry: &Entry, rule: &'static str) -> Cand {
    let (gender, number) = form_features(entry, m);
    Cand {
        kind: Kind::Indirect,
        cue: (h.start + m.prefix as usize, h.end),
        cue_entry: m.entry,
        gender,
        number,
        speaker: Source::Implicit(None),
        opts: vec![],
        content: (0, 0),
        quoted: false,
        region: h.start,
        opens: true,
        initial: true,
        rule,
        extra: vec![],
    }
}

pub(super) fn clause_initial(doc: &Doc, h: &Hit, m: &Meaning) -> bool {
    if m.prefix > 0 {
        return true;
    }
    match doc.prev_tok(h.start) {
        // (not after an aside that follows its subject: بلاتر (79 عاما) أعرب)
        Some(Tok::Punct(_, ')')) => doc.aside_before(h.start).is_none(),
        None | Some(Tok::Newline(_)) | Some(Tok::Punct(..)) => true,
        Some(Tok::Word(s, e)) => {
            is_connector(doc.word(s, e))
                || THEREFORE.contains(&doc.word(s, e))
                || doc.reading(s, Category::Complementizer).is_some()
                || doc.after_discourse_adverb(s, e)
        }
    }
}

pub(super) fn verb(
    doc: &Doc,
    h: &Hit,
    m: &Meaning,
    entry: &Entry,
    out: &mut Vec<Cand>,
    subjects: &mut Vec<Antecedent>,
) -> bool {
    // after أحد / إحدى the form is a noun or an elative (أحد أبرز الكتاب), and
    // after هل a question, which reports nothing (هل تعتقد أن …)
    if m.prefix == 0
        && matches!(doc.prev_tok(h.start), Some(Tok::Word(s, e)) if NO_VERB_AFTER.contains(&doc.word(s, e)))
    {
        return false;
    }
    let form = &entry.forms[m.form as usize].text;
    // a dual form in ا before an indefinite adjective is the cognate masdar
    // (نفيا قاطعا، رفضا دوليا، تعهدا مشتركا), no verb; an adverb may follow the
    // verb (أكدا مجددا)
    let (_, number) = form_features(entry, m);
    if number == Number::Dual
        && doc.word(h.start, h.end).ends_with('ا')
        && let Some(Tok::Word(s, e)) = doc.next_tok(h.end)
        && claim::accusative(doc.word(s, e))
        && doc.reading(s, Category::Ender).is_none()
    {
        return false;
    }
    // a masdar cue is a noun (مع التأكيد على أن، في إشارة إلى أن)
    let masdar = entry.has("masdar");
    // where it opens an adverbial clause (مع التأكيد على أن …، and after a
    // comma في إشارة إلى أن …): the start of its مع or في
    let adverbial = masdar
        .then(|| match doc.prev_tok(h.start) {
            Some(Tok::Word(ps, pe))
                if m.prefix == 0
                    && (matches!(doc.word(ps, pe), "مع" | "ومع")
                        || matches!(doc.word(ps, pe), "في" | "وفي")
                            && matches!(doc.prev_tok(ps), None | Some(Tok::Punct(..) | Tok::Newline(_)))) =>
            {
                Some(ps)
            }
            _ => None,
        })
        .flatten();
    // no verb follows a preposition: the form is a noun there (عن أبلغ التهاني،
    // إلى تعهد كيم); but من is also «who» (من قال إن …) and علي a name
    // when so written (والمخرج محمد علي قالت هيفاء)
    if m.prefix == 0
        && !masdar
        && let Some((ps, pe)) = doc.preposition_before(h.start)
        && doc.word(ps, pe) != "من"
        && !(doc.word(ps, pe) == "علي" && doc.written_with_final_yeh(ps, pe))
    {
        return false;
    }
    let initial = clause_initial(doc, h, m);
    let preps = &entry.preps;
    let mut from = h.end;
    // قال لـ«عكاظ» رئيس اللجنة: … — a short quoted outlet before the speaker
    if let Some(Tok::Word(s, e)) = doc.next_tok(from)
        && (doc.word(s, e) == "ل" || doc.reading(s, Category::Ender).is_some() && doc.word(s, e).starts_with('ل'))
        && let Some(Tok::Punct(qs, _)) = doc.next_tok(e)
        && let Some(q) = doc.quote_opening_at(qs)
        && !doc.at_least_words(q.inner_start, q.inner_end, 4)
    {
        from = q.close_end;
    }
    // a hamzat-wasl form written with أ is the first person (أستبعد = I rule out)
    if form.starts_with('ا') && !masdar && !doc.spelled_as(h.start + m.prefix as usize, "ا") {
        return false;
    }
    // (before a verb with an object pronoun, ما is the relative it stands for:
    // ما تعتبره الولايات المتحدة …)
    let claims = takes_claim(entry) && (!doc.negated(h.start) || m.object);
    // the speaker phrase also stops at a claim's attached preposition (طالب النواب | بإقالة)
    let stops: Vec<String> = if claims {
        preps.iter().chain(entry.claim_preps.iter().filter(|p| p.chars().count() == 1)).cloned().collect()
    } else {
        preps.clone()
    };
    let (mut ss, mut se, mut after) = doc.noun_phrase(from, MAX_SPEAKER, &stops, true);
    // an adverb or a time word may come between the verb and its subject
    // (وقال أيضا الوزير …، نفى مجددا الرئيس الروسي …، وقال اليوم الأربعاء وزير …)
    // — only for a clause-initial verb: after a subject (وكانت اللجنة دعت الجمعة
    // إسرائيل …) the noun phrase there is the object
    if ss >= se && initial {
        let mut p = from;
        for _ in 0..3 {
            match doc.next_tok(p) {
                // (a time word with its adjective: وقال الأسبوع الماضي وزير …)
                // (a time word of two words is skipped whole: وقال أمس الأول …)
                Some(Tok::Word(s, e))
                    if let Some((_, eh)) = doc.reading(s, Category::Ender)
                        && takes_no_object(doc.word(s, e)) =>
                {
                    p = eh.end.max(e)
                }
                Some(Tok::Word(s, e)) if p > from && claim::TIME_ADJECTIVES.contains(&doc.word(s, e)) => p = e,
                _ => break,
            }
        }
        if p > from {
            let (s2, e2, a2) = doc.noun_phrase(p, MAX_SPEAKER, &stops, true);
            if s2 < e2 {
                (ss, se, after) = (s2, e2, a2);
            }
        }
    }
    // Elsewhere a masdar reports only with its speaker: a pronoun on it or a
    // genitive after it that can be one, a speaker noun or a name (تأكيده أن …،
    // إعلان قائدها أن …، إصرار كالوم على أن …; not the object of تشديد العقوبة،
    // ادعاءات الاحتيال), and not with the article (يجب التأكيد على أن …، تجدر
    // الإشارة إلى أن …: the author's words)
    let mut light_subject = None;
    if masdar && adverbial.is_none() {
        let word = doc.word(h.start, h.end);
        let pronoun = doc.possessed(h.start, h.end);
        let genitive = ss < se && {
            let g = doc.word(ss, doc.word_end_at(ss));
            doc.reading(ss, Category::Speaker).is_some() || !g.starts_with("ال") && !g.starts_with(['ل', 'ب'])
        };
        // (but with the article it may be the object of a verb whose subject
        // comes between them, and is the speaker: وجدد الوزير | التأكيد على أن …،
        // أعاد المتحدث باسم الخارجية | الإشارة إلى أن …)
        let definite = word.trim_start_matches(['و', 'ف']).starts_with("ال");
        if definite && m.prefix == 0 {
            light_subject = doc.subject_before(h.start);
        }
        if definite && light_subject.is_none() || !definite && !pronoun && !genitive {
            return false;
        }
    }
    // the phrase after a claim cue may be its object, the subject dropped:
    // وأكد ضرورة …، أبدت قلقها …; and a dual or plural form has no subject
    // after it, since a verb before its subject is singular (وأكدتا | التزامهما …)
    // (for a verb whose claim is only a preposition's object, and that
    // addresses no one, the phrase is an adjunct: وأعربوا مرات عديدة | عن …)
    let agrees_before = claims && ss < se && number != Number::Sing;
    let mut adjunct_end = None;
    if claims && ss < se && (agrees_before || doc.object_like(ss, doc.word_end_at(ss))) {
        if agrees_before && !entry.has("np") && !entry.has("addr") {
            adjunct_end = Some(after);
        }
        (ss, se, after) = (from, from, from);
    }
    // after any verb a plural in the oblique case is its first object, and a
    // claim that comes after it starts with it (ودعا | المواطنين إلى …، وناشد
    // | المواطنين تجديد …)
    let mut object = None;
    if ss < se && !masdar && doc.oblique_plural(ss, doc.word_end_at(ss)) {
        object = Some((ss, after));
        (ss, se, after) = (from, from, from);
    }
    // a verb with an object pronoun reports only with its own subject after
    // it, a speaker noun or a definite word (ما تعتبره الولايات المتحدة |
    // ممارسات …، اعتبرتها المنظمة | جرائم حرب); otherwise the word after it is
    // the predicate of a dropped subject (اعتبره تهديدا …)
    let mut own_subject = false;
    if m.object {
        let first = (ss, doc.word_end_at(ss));
        // (a definite elative is the predicate, not a subject: يعتبرهم |
        // الأكثر ارتباطا …، يعتبرها البعض | الأكثر اضطهادا)
        let elative = |s: usize, e: usize| {
            doc.reading(s, Category::Speaker).is_none()
                && doc.word(s, e).strip_prefix("ال").is_some_and(|w| {
                    w.chars().count() == 4 && w.starts_with(['أ', 'ا']) && !w.ends_with(['ة', 'ي', 'ى'])
                })
        };
        let subject = ss < se && object.is_none() && {
            let w = doc.word(first.0, first.1);
            (w.starts_with("ال") || doc.reading(ss, Category::Speaker).is_some())
                && !w.ends_with('ا')
                && !elative(first.0, first.1)
        };
        if !subject {
            return false;
        }
        own_subject = true;
        // the predicate follows the subject, indefinite: a definite word (or a
        // plural in ون, or a place) takes no indefinite genitive, so it starts
        // there (تعتبره الحكومة | خطوة …، تعتبرها أنقرة | منظمة …), but after a
        // title it is a name (يعتبره الوزير محمد …); a quotation is the predicate
        // after any subject (اعتبرها أعضاء اللجنة | «تمرينا …»)
        let titled = matches!(doc.head_class(first.0, first.1), Head::Title | Head::Role);
        let place = doc
            .reading(first.0, Category::Speaker)
            .is_some_and(|(r, _)| r.prefix == 0 && doc.entries[r.entry as usize].has("place"));
        let mut prev = first;
        while let Some(t) = doc.next_tok(prev.1).filter(|t| t.end() <= se) {
            let Tok::Word(ws, we) = t else {
                if matches!(t, Tok::Punct(qs, _) if doc.quote_opening_at(qs).is_some()) {
                    (se, after) = (prev.1, prev.1);
                }
                break;
            };
            let w = doc.word(ws, we);
            let p = doc.word(prev.0, prev.1);
            let closed = p.starts_with("ال") || p.ends_with("ون") || place && prev == first;
            // (after a title only an accusative in ا is no name: اعتبره
            // مختصون في الشأن البرلماني | تمريرا …)
            let indefinite = !w.starts_with("ال") && !w.starts_with(['و', 'ل', 'ب']);
            let accusative = w.trim_end_matches('ً').ends_with('ا') && doc.reading(ws, Category::Speaker).is_none();
            if closed && indefinite && (!titled || accusative) || elative(ws, we) {
                (se, after) = (prev.1, prev.1);
                break;
            }
            prev = (ws, we);
        }
    }
    // a relative that stands for a fact (مما يشير إلى أن …، وهو ما يؤكد أن …،
    // الأمر الذي دعا …) is the verb's subject: the author's comment, no
    // report; but with a subject after the verb, ما is its object (وهو ما
    // يرى الدوسري أن …)
    if m.prefix == 0
        && let Some(fact) = doc.fact_relative_before(h.start)
        && (fact == FactRelative::Mimma || ss >= se)
    {
        return false;
    }
    // An ambiguous verb (رأى، زاد، بين) reports only clause-initially, or when
    // a short subject is followed at once by أن/إن (وهنا زاد الظفيري أن …).
    // (right after a relative pronoun it is a verb: والذي عبر عن فخره)
    if entry.has("ambig") && !initial && !doc.after_relative(h.start) {
        let adjacent = matches!(doc.next_tok(after), Some(Tok::Word(cs, _)) if doc.reading(cs, Category::Complementizer).is_some());
        // …and the subject is definite or a speaker noun (not بين سجون…، عبر حسابه…)
        let definite = doc.word(ss, se).starts_with("ال") || doc.reading(ss, Category::Speaker).is_some();
        if ss >= se || doc.at_least_words(ss, se, 5) || !adjacent || !definite {
            return false;
        }
    }
    // A verb that is also a preposition (بين، عبر) has no dual or plural in
    // the oblique case after it: that is the preposition's noun (بين البلدين،
    // بين اللاجئين; a subject would be البلدان، اللاجئون)
    if entry.has("ambig") && matches!(form.as_str(), "بين" | "عبر") && ss < se && {
        let w = doc.word(ss, doc.word_end_at(ss));
        w.starts_with("ال")
            && w.ends_with("ين")
            && w.chars().count() >= 7
            && doc.reading(ss, Category::Speaker).is_none()
    } {
        return false;
    }
    let after = if ss < se { after } else { h.end };
    // أما فلان فأكد… — a topic before ف is the speaker
    let fa = m.prefix > 0 && doc.text[h.start..].starts_with('ف');
    // a speaker before a verb that does not open its clause (SVO: الإدارة أبلغت …)
    // (the subject after a verb with an object pronoun is its own: the noun
    // before is what the pronoun stands for, اتفاقات تعتبرها الحكومة …)
    let pre = light_subject.or_else(|| if (!initial || fa) && !own_subject { doc.pre_speaker(h.start) } else { None });
    let mut base = blank(h, m, entry, "");
    base.opens = initial || pre.is_some_and(|(ps, _)| doc.opens_clause(ps));
    // a masdar opens its clause after مع or في that does (، مع التأكيد على أن …،
    // في إشارة إلى أن …), whose words are its own; elsewhere it is nested (نفت
    // تقارير عن إعلان قائدها أن …)
    if let Some(ps) = adverbial {
        base.region = ps;
        base.opens = true;
    }
    base.initial = initial;
    let named = doc.reading(ss, Category::Speaker).is_some();
    if ss < se && initial && (!entry.has("ambig") || named) {
        // whatever happens to this cue, its subject is a possible antecedent
        subjects.push(Antecedent { pos: ss, span: (ss, se), gender: base.gender, number: base.number });
    }
    if ss < se {
        base.opts.push(Opt { span: Some((ss, se)), origin: Origin::After });
    }
    // inside a relative clause, its head may be the subject (…، الذي اعتبر أن)
    if !own_subject && let Some(span) = doc.relative_antecedent(h.start) {
        base.opts.push(Opt { span: Some(span), origin: Origin::Relative });
    }
    if let Some((ps, pe)) = pre {
        base.opts.push(Opt { span: Some((ps, pe)), origin: if fa { Origin::Topic } else { Origin::Before } });
        if ss >= se {
            base.region = ps;
        }
    }
    // with a subject before the verb, the phrase after it is the claim's object
    let claim_from = object.map_or(if pre.is_some() && ss < se { ss } else { adjunct_end.unwrap_or(after) }, |o| o.1);
    let gap = if entry.has("ambig") || masdar { 0 } else { MAX_GAP };
    let comp = complement(doc, after, gap, &entry.preps);
    // a relative clause on the subject runs to the clause it reports (قال
    // الطبيب البيطري الذي قام بمعالجة الكلبة إن …): the subject is all of it
    if let Some(c @ (Complement::Clause { .. } | Complement::Colon(_))) = &comp
        && let Some(opt) = base.opts.iter_mut().find(|o| o.origin == Origin::After)
        && let Some((os, oe)) = opt.span
        && let Some(e) = doc.relative_to(oe, c.start(), &entry.preps)
    {
        opt.span = Some((os, e));
        if let Some(a) = subjects.last_mut().filter(|a| a.span == (os, oe)) {
            a.span = (os, e);
        }
    }
    // «…، كما أعلن المتحدث باسم الجيش» — a reporting verb after كما that
    // closes its clause marks the source of what came before (according-to)
    if comp.is_none()
        && let Some(k) = doc.kama_before(h.start)
        && let Some(c) = as_reported(doc, h, m, entry, k, &stops)
    {
        out.push(c);
        return true;
    }
    // A claim when there is no complement, or when its noun phrase comes
    // first (see `claim_before`).
    // a present-tense claim needs a subject of its own (a relative clause's
    // head is none: الذي يعتبر موقعا استراتيجيا): يكتشف الأشياء بنفسه,
    // تُعتبر اقتصاداتها … are descriptions, not claims
    let present = form.starts_with('ي') || form.starts_with('ت') && !entry.lemma.starts_with('ت');
    if claims
        && (!present || base.opts.iter().any(|o| o.origin != Origin::Relative))
        && let Some(cs) = doc
            .claim_start(entry, claim_from, object.is_none() && (agrees_before || ss < se && claim_from == after))
            .map(|cs| object.map_or(cs, |o| o.0))
        && comp.as_ref().is_none_or(|c| claim_before(doc, cs, c))
        && push_claim(doc, cs, base.clone(), out)
    {
        return true;
    }
    // …or its noun phrase ran into the claim: a definite masdar after a
    // definite subject is no adjective of it (أعلنت الوزارة | الانتهاء من …،
    // أكد الوزير | الالتزام بـ …)
    if claims
        && comp.is_none()
        && entry.has("np")
        && let Some(opt) = base.opts.iter().position(|o| o.origin == Origin::After)
        && let Some((os, oe)) = base.opts[opt].span
        && let Some(ls) = doc.definite_masdar_in(os, oe)
        && let subject_end = doc.prev_tok(ls).map_or(ls, |t| t.end())
        && let Some(cs) = doc.claim_start(entry, subject_end, false)
    {
        let mut c = base.clone();
        c.opts[opt].span = Some((os, subject_end));
        if push_claim(doc, cs, c, out) {
            return true;
        }
    }
    if let Some(comp) = comp {
        return attach(doc, comp, base, Takes::of(entry), out);
    }
    // «…»، قال الوزير — a quotation just before the cue
    let mut p = h.start;
    if let Some(Tok::Punct(s, c)) = doc.prev_tok(p)
        && matches!(c, '،' | ',' | '-')
    {
        p = s;
    }
    if let Some(Tok::Punct(s, c)) = doc.prev_tok(p)
        && let Some(q) = doc.quote_closing_at(s + c.len_utf8())
        && !q.weak
        && doc.at_least_words(q.inner_start, q.inner_end, 2)
    {
        let q = *q;
        push_quotes(doc, q, Cand { region: q.open, ..base }, "quote-before-cue", out);
        return true;
    }
    false
}

/// The according-to attribution of a reporting verb after كما at `k` that
/// ends its clause: the source is the noun phrase after the verb (an
/// addressee لـ… before it skipped), the content the clause before كما.
fn as_reported(doc: &Doc, h: &Hit, m: &Meaning, entry: &Entry, k: usize, stops: &[String]) -> Option<Cand> {
    let mut from = h.end;
    // كما أعلن لوكالة الصحافة الفرنسية المتحدث …
    if let Some(Tok::Word(s, e)) = doc.next_tok(from)
        && (doc.word(s, e).starts_with("لل")
            || doc.word(s, e).starts_with('ل') && doc.reading(s, Category::Ender).is_some())
    {
        from = doc.noun_phrase(e, 4, &[], true).2.max(e);
    }
    let (ss, se, after) = doc.noun_phrase(from, MAX_SPEAKER, stops, true);
    if ss >= se {
        return None;
    }
    // the clause must end after the source
    match doc.next_tok(after) {
        None | Some(Tok::Newline(_)) | Some(Tok::Punct(..)) => {}
        Some(Tok::Word(..)) => return None,
    }
    let (s, e) = doc.trim_content(doc.sentence_start(k), k);
    if !doc.at_least_words(s, e, 3) {
        return None;
    }
    let mut c = blank(h, m, entry, "as-reported");
    c.kind = Kind::AccordingTo;
    c.cue = (k, h.end);
    c.speaker = Source::Explicit(ss, se);
    c.content = (s, e);
    c.region = k;
    Some(c)
}

pub(super) fn participle(doc: &Doc, h: &Hit, m: &Meaning, entry: &Entry, out: &mut Vec<Cand>) -> bool {
    let base = blank(h, m, entry, "");
    let preps = &entry.preps;
    // skip the preposition, then allow a short object: مطالبا زميله بأن
    let mut p = h.end;
    if let Some(Tok::Word(s, e)) = doc.next_tok(p)
        && preps.iter().any(|x| x == doc.word(s, e))
    {
        p = e;
    }
    // a participle takes a loose quotation only when tagged `quote` (مضيفا "…")
    if let Some(comp) = complement(doc, p, MAX_PARTICIPLE_GAP, &entry.preps)
        && attach(doc, comp, base.clone(), Takes { loose_quote: entry.has("quote"), ..Takes::of(entry) }, out)
    {
        return true;
    }
    // a claim: مؤكدا ضرورة …، داعيا إلى الحوار
    if takes_claim(entry)
        && !doc.negated(h.start)
        && let Some(cs) = doc.claim_start(entry, h.end, true)
        && push_claim(doc, cs, base.clone(), out)
    {
        return true;
    }
    // مشيرا إلى جاهزية اللاعبين، «…» — a prepositional object followed by a quotation
    if p == h.end {
        return false;
    }
    let end = doc.sentence_end(p);
    let (s, e) = doc.trim_content(p, end);
    if s < e && !doc.quotes_within(s, e).is_empty() {
        out.push(Cand { kind: Kind::Mixed, content: (s, e), rule: "participle-prep-quote", ..base });
        return true;
    }
    false
}
