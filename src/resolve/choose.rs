//! Speaker choice: every attribution's possible speakers, scored by a small
//! linear model whose weights are learned from annotation (`qawl train`)
//! and shipped as a readable file beside the patterns (`weights.txt`).
//!
//! Owns: the options (the phrase after the cue, before it, the head of the
//! relative clause it sits in, an earlier attribution's speaker, the
//! mentions of the sentences before it, no speaker at all), their features
//! (where the option comes from, its head word's class and clitics,
//! agreement with the cue, distance, punctuation), and the choice itself,
//! in text order, so that each chosen speaker is an option for the cues
//! after it; `weights` owns the weights file format, `span` what the
//! features need to know about a span. Rules only generate options; the
//! weights decide between them, so a new press style is taught by
//! annotating articles, not by writing code.

use super::doc::Doc;
use super::mention::{Head, Mention, MentionKind, Mentions};
use super::{Antecedent, Cand, Source};
use crate::cues::FastHash;
use crate::patterns::{Category, Gender, Number};

mod span;
mod weights;
use span::{SpanInfo, SpanInfos};
pub use weights::{Weights, WeightsError};

/// Where a speaker option comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The noun phrase after the cue (قال الوزير، «…» قال الوزير).
    After,
    /// The noun phrase before the cue (الوزير قال).
    Before,
    /// A topic before ف (أما الوزير فقال).
    Topic,
    /// The head of the relative clause the cue is in (سعيد، …، الذي اعتبر).
    Relative,
    /// An earlier attribution's speaker.
    Prev,
    /// A mention of an earlier clause: a subject, a topic, a speaker noun.
    Subject,
    TopicMention,
    Noun,
    /// No speaker (an impersonal or passive cue).
    Null,
}

impl Origin {
    const ALL: [Origin; 9] = [
        Origin::After,
        Origin::Before,
        Origin::Topic,
        Origin::Relative,
        Origin::Prev,
        Origin::Subject,
        Origin::TopicMention,
        Origin::Noun,
        Origin::Null,
    ];

    fn name(self) -> &'static str {
        match self {
            Origin::After => "after",
            Origin::Before => "before",
            Origin::Topic => "topic",
            Origin::Relative => "relative",
            Origin::Prev => "prev",
            Origin::Subject => "subject",
            Origin::TopicMention => "topic_mention",
            Origin::Noun => "noun",
            Origin::Null => "null",
        }
    }

    /// Named at the cue (explicit), or carried (implicit).
    pub fn explicit(self) -> bool {
        matches!(self, Origin::After | Origin::Before | Origin::Topic | Origin::Relative)
    }
}

/// One possible speaker of an attribution.
#[derive(Debug, Clone, Copy)]
pub struct Opt {
    pub span: Option<(usize, usize)>,
    pub origin: Origin,
}

/// The features, by name. Order is the index into the weight vector.
const PLAIN: &[&str] = &[
    // options named at the cue
    "x.len1",
    "x.len4plus",
    "x.lil",
    "x.quoted_name",
    "x.object_prefix",
    "x.clash_gender",
    "x.before_clash_number",
    "x.not_initial",
    "x.np_cue",
    "x.object_like",
    "x.accusative",
    // carried options
    "c.object_prefix",
    "c.agree_gender",
    "c.clash_gender",
    "c.agree_number",
    "c.clash_number",
    "c.same_sentence",
    "c.sent1",
    "c.sent2",
    "c.sent3plus",
    "c.other_paragraph",
    "c.rank0",
    "c.rank1",
    "c.rank2plus",
    "c.prev0",
    "c.repeated",
    "c.in_quote",
    "c.participle",
    "c.no_explicit",
    "c.len4plus",
    "c.accusative",
    "c.after_preposition",
    "c.genitive",
    // no speaker
    "null.no_explicit",
    "null.participle",
];

/// Every feature name, in weight-vector order: one bias per origin, the
/// plain features, then the head class of explicit (`x.head.*`) and carried
/// (`c.head.*`) options.
pub fn feature_names() -> Vec<String> {
    let mut v: Vec<String> = Origin::ALL.iter().map(|o| format!("bias.{}", o.name())).collect();
    v.extend(PLAIN.iter().map(|s| s.to_string()));
    for side in ["x", "c"] {
        v.extend(Head::ALL.iter().map(|h| format!("{side}.head.{}", h.name())));
    }
    v
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The weight index of plain feature `name` (evaluated at compile time by `p!`).
const fn plain_index(name: &str) -> usize {
    let mut i = 0;
    while i < PLAIN.len() {
        if str_eq(PLAIN[i], name) {
            return Origin::ALL.len() + i;
        }
        i += 1;
    }
    panic!("not a feature listed in PLAIN")
}

/// The index of a plain feature, checked and computed at compile time.
macro_rules! p {
    ($name:literal) => {{
        const I: usize = plain_index($name);
        I
    }};
}

fn head_feature(explicit: bool, h: Head) -> usize {
    let base = Origin::ALL.len() + PLAIN.len() + if explicit { 0 } else { Head::ALL.len() };
    base + Head::ALL.iter().position(|&x| x == h).expect("a listed head")
}

/// A sparse feature vector: (feature index, value).
pub type Features = Vec<(u16, f32)>;

/// What training needs from resolution: the gold labels of each
/// attribution's options, and every decision's features.
pub trait Teacher {
    /// Which of `options` name the gold speaker of the attribution with this
    /// cue and content (spans in the original text; `None` is no speaker);
    /// `None` when no gold item matches.
    fn label(
        &mut self,
        cue: (usize, usize),
        content: (usize, usize),
        options: &[Option<(usize, usize)>],
    ) -> Option<Vec<bool>>;
    /// One decision: the features and labels of its options.
    fn record(&mut self, features: Vec<Features>, labels: Vec<bool>);
}

/// How far back to look for mentions, in sentences.
const SENTENCES_BACK: usize = 4;
/// Earlier attributions whose speakers are options.
const PREV_BACK: usize = 4;
/// Earlier speakers looked at for repetition (`c.repeated`).
const PREV_WINDOW: usize = 32;
/// Most carried options per attribution.
const MAX_CARRIED: usize = 10;

/// A carried option with what its features need.
struct Carried {
    opt: Opt,
    gender: Option<Gender>,
    number: Option<Number>,
    /// For `Prev`: how many attributions back (0 = the last one).
    attr_back: usize,
}

/// An earlier attribution's chosen speaker.
#[derive(Clone, Copy)]
struct Spoken {
    span: (usize, usize),
    gender: Gender,
    number: Number,
}

fn singular(n: Number) -> bool {
    n == Number::Sing
}

/// Choose every attribution's speaker, in text order. Attributions whose
/// speaker is already fixed (an according-to source) are left as they are
/// and count as earlier speakers.
pub(super) fn choose(
    doc: &Doc,
    cands: &mut [Cand],
    subjects: &[Antecedent],
    weights: &Weights,
    mut teacher: Option<&mut dyn Teacher>,
) {
    // (room for a typical document's options at once: growing them was a tenth of the allocations)
    let mut spoken = SpokenList { list: Vec::with_capacity(cands.len()), ..Default::default() };
    let mut mentions = Mentions::default();
    let mut infos = SpanInfos::with_capacity_and_hasher(4 * cands.len(), FastHash::default());
    let mut scratch = Scratch {
        opts: Vec::with_capacity(2 * MAX_CARRIED),
        carried: Vec::with_capacity(2 * MAX_CARRIED),
        mentions: Vec::with_capacity(4 * MAX_CARRIED),
    };
    // one feature buffer for every option; kept per option only for a teacher
    let mut f: Features = Vec::with_capacity(32);
    let mut feats: Vec<Features> = vec![];
    for c in cands.iter_mut() {
        if let Source::Explicit(s, e) = c.speaker {
            spoken.push(doc, Spoken { span: (s, e), gender: c.gender, number: c.number });
            continue;
        }
        options(doc, c, &spoken.list, subjects, &mut mentions, &mut scratch);
        let opts = &scratch.opts;
        let cue = CueFacts::of(doc, c, opts);
        let mut best = 0;
        let mut best_score = f32::NEG_INFINITY;
        feats.clear();
        for k in 0..opts.len() {
            features(doc, c, &cue, &opts[k], &opts[..k], &spoken, &mut infos, &mut f);
            let s = weights.score(&f);
            if s > best_score {
                best = k;
                best_score = s;
            }
            if teacher.is_some() {
                feats.push(f.clone());
            }
        }
        if let Some(t) = teacher.as_deref_mut()
            && let (Some(cue), Some(content)) =
                (doc.original_span(c.cue.0, c.cue.1), doc.original_span(c.content.0, c.content.1))
        {
            let spans: Vec<Option<(usize, usize)>> =
                opts.iter().map(|o| o.opt.span.and_then(|(s, e)| doc.original_span(s, e))).collect();
            if let Some(labels) = t.label(cue, content, &spans) {
                // teacher forcing: later cues see the right speaker
                if let Some(k) = labels.iter().position(|&l| l) {
                    best = k;
                }
                t.record(std::mem::take(&mut feats), labels);
            }
        }
        let o = opts[best].opt;
        c.speaker = match (o.span, o.origin.explicit()) {
            (Some((s, e)), true) => Source::Explicit(s, e),
            (sp, _) => Source::Implicit(sp),
        };
        if let Some(span) = o.span {
            spoken.push(doc, Spoken { span, gender: c.gender, number: c.number });
        }
    }
}

/// The speakers chosen so far, in text order, and the texts among the last
/// `PREV_WINDOW` of them that occur there at least twice (`c.repeated`),
/// kept up to date as speakers are added rather than counted per option.
#[derive(Default)]
struct SpokenList<'t> {
    list: Vec<Spoken>,
    /// The distinct texts of the last `PREV_WINDOW` speakers, with counts.
    window: Vec<(&'t str, u32)>,
    /// Those of `window` counted at least twice.
    repeated: Vec<&'t str>,
}

impl<'t> SpokenList<'t> {
    fn push(&mut self, doc: &Doc<'t>, sp: Spoken) {
        self.list.push(sp);
        let text = doc.text_of(sp.span.0, sp.span.1);
        match self.window.iter_mut().find(|(t, _)| *t == text) {
            Some((_, n)) => *n += 1,
            None => self.window.push((text, 1)),
        }
        if self.list.len() > PREV_WINDOW {
            let old = self.list[self.list.len() - 1 - PREV_WINDOW].span;
            let old = doc.text_of(old.0, old.1);
            let i = self.window.iter().position(|(t, _)| *t == old).expect("a text in the window");
            self.window[i].1 -= 1;
            if self.window[i].1 == 0 {
                self.window.swap_remove(i);
            }
        }
        self.repeated.clear();
        self.repeated.extend(self.window.iter().filter(|(_, n)| *n >= 2).map(|(t, _)| *t));
    }

    /// Does `text` occur at least twice among the last `PREV_WINDOW` speakers?
    fn repeated(&self, text: &str) -> bool {
        self.repeated.contains(&text)
    }
}

/// What the features of every option of one attribution share.
struct CueFacts {
    /// An option is named at the cue.
    has_explicit: bool,
    participle: bool,
    np_cue: bool,
    /// Sentence and paragraph ends before the cue.
    sentences_before: usize,
    paragraphs_before: usize,
}

impl CueFacts {
    fn of(doc: &Doc, c: &Cand, opts: &[Carried]) -> CueFacts {
        let entry = &doc.entries[c.cue_entry as usize];
        CueFacts {
            has_explicit: opts.iter().any(|x| x.opt.origin.explicit()),
            participle: entry.category == Category::Participle,
            np_cue: entry.has("np"),
            sentences_before: doc.sentence_ends_before(c.cue.0),
            paragraphs_before: doc.paragraph_ends_before(c.cue.0),
        }
    }
}

/// Buffers reused from one attribution's options to the next.
#[derive(Default)]
struct Scratch {
    /// The options of the attribution at hand (what `options` gives).
    opts: Vec<Carried>,
    carried: Vec<Carried>,
    mentions: Vec<Mention>,
}

/// Every option of `c`, into `sc.opts`: its explicit ones, earlier speakers,
/// the mentions of the sentences before it, and no speaker. Distinct spans only.
fn options(doc: &Doc, c: &Cand, spoken: &[Spoken], subjects: &[Antecedent], mentions: &mut Mentions, sc: &mut Scratch) {
    let Scratch { opts: out, carried, mentions: ms } = sc;
    out.clear();
    carried.clear();
    ms.clear();
    // a phrase inside the content is no speaker of it (الوزارة نفت | الأمر: the
    // object does not deny itself)
    let outside = |(s, e): (usize, usize)| e <= c.content.0 || s >= c.content.1;
    out.extend(c.opts.iter().filter(|o| o.span.is_none_or(outside)).map(|&o| {
        let (g, n) = o.span.map_or((None, None), |(s, _)| doc.agreement(s, doc.word_end_at(s)));
        Carried { opt: o, gender: g, number: n, attr_back: 0 }
    }));
    let taken = |out: &[Carried], s: usize| out.iter().any(|x| x.opt.span.is_some_and(|(a, b)| a <= s && s < b));
    for (k, sp) in spoken.iter().rev().take(PREV_BACK).enumerate() {
        if sp.span.1 <= c.cue.0 && !taken(out, sp.span.0) && !taken(carried, sp.span.0) {
            let text = doc.word(sp.span.0, sp.span.1);
            if carried.iter().any(|x| x.opt.span.is_some_and(|(a, b)| doc.word(a, b) == text)) {
                continue;
            }
            carried.push(Carried {
                opt: Opt { span: Some(sp.span), origin: Origin::Prev },
                gender: Some(sp.gender),
                number: Some(sp.number),
                attr_back: k,
            });
        }
    }
    let from = doc.sentence_start_back(c.cue.0, SENTENCES_BACK);
    ms.extend(mentions.window(doc, from, c.cue.0).copied());
    // subjects of reporting verbs that built no attribution (وطالب فلان الوزارة بـ…)
    // the latest few before the cue (a long sentence may hold thousands)
    let b = subjects.partition_point(|x| x.pos < c.cue.0);
    let a = subjects.partition_point(|x| x.pos < from).max(b.saturating_sub(MAX_CARRIED));
    for x in &subjects[a..b] {
        if !ms.iter().any(|m| m.span.0 == x.span.0) {
            ms.push(Mention {
                span: x.span,
                kind: MentionKind::Subject,
                gender: Some(x.gender),
                number: Some(x.number),
            });
        }
    }
    ms.sort_by_key(|m| m.span.0);
    ms.reverse();
    for &m in ms.iter() {
        if carried.len() >= MAX_CARRIED {
            break;
        }
        if m.span.1 > c.cue.0 || !outside(m.span) {
            continue;
        }
        if taken(out, m.span.0) || taken(carried, m.span.0) {
            continue;
        }
        let origin = match m.kind {
            MentionKind::Subject => Origin::Subject,
            MentionKind::Topic => Origin::TopicMention,
            MentionKind::Noun => Origin::Noun,
        };
        carried.push(Carried {
            opt: Opt { span: Some(m.span), origin },
            gender: m.gender,
            number: m.number,
            attr_back: 0,
        });
    }
    // most recent first
    carried.sort_by_key(|x| std::cmp::Reverse(x.opt.span.map_or(0, |s| s.0)));
    out.append(carried);
    out.push(Carried { opt: Opt { span: None, origin: Origin::Null }, gender: None, number: None, attr_back: 0 });
}

/// The features of option `o` of `c`, into `f`; `before` are the options
/// listed before it (more recent carried ones come first).
#[allow(clippy::too_many_arguments)]
fn features(
    doc: &Doc,
    c: &Cand,
    cue: &CueFacts,
    o: &Carried,
    before: &[Carried],
    spoken: &SpokenList,
    infos: &mut SpanInfos,
    f: &mut Features,
) {
    f.clear();
    let mut on = |k: usize| f.push((k as u16, 1.0));
    let origin = o.opt.origin;
    on(Origin::ALL.iter().position(|&x| x == origin).expect("an origin"));
    let CueFacts { has_explicit, participle, .. } = *cue;
    let Some((s, e)) = o.opt.span else {
        if !has_explicit {
            on(p!("null.no_explicit"));
        }
        if participle {
            on(p!("null.participle"));
        }
        return;
    };
    let info = *infos.entry((s, e)).or_insert_with(|| SpanInfo::of(doc, s, e));
    let SpanInfo { head, words, lil, .. } = info;
    if origin.explicit() {
        on(head_feature(true, head));
        if words == 1 {
            on(p!("x.len1"));
        }
        if words >= 4 {
            on(p!("x.len4plus"));
        }
        if lil {
            on(p!("x.lil"));
        }
        if info.quoted {
            on(p!("x.quoted_name"));
        }
        if info.object_prefix {
            on(p!("x.object_prefix"));
        }
        if o.gender.is_some_and(|g| g != c.gender) {
            on(p!("x.clash_gender"));
        }
        if origin == Origin::Before && o.number.is_some_and(|n| singular(n) != singular(c.number)) {
            on(p!("x.before_clash_number"));
        }
        if origin == Origin::After {
            // after a verb that does not open its clause, or one that takes an
            // object, the phrase after it may be the object
            if !c.initial {
                on(p!("x.not_initial"));
            }
            if cue.np_cue {
                on(p!("x.np_cue"));
            }
            if info.object_like {
                on(p!("x.object_like"));
            }
        }
        if info.accusative {
            on(p!("x.accusative"));
        }
        return;
    }
    on(head_feature(false, head));
    if info.object_prefix {
        on(p!("c.object_prefix"));
    }
    match o.gender {
        Some(g) if g == c.gender => on(p!("c.agree_gender")),
        Some(_) => on(p!("c.clash_gender")),
        None => {}
    }
    match o.number {
        Some(n) if singular(n) == singular(c.number) => on(p!("c.agree_number")),
        Some(_) => on(p!("c.clash_number")),
        None => {}
    }
    // the sentence ends in `[e, cue)`
    let sentences = if c.cue.0 <= e { 0 } else { cue.sentences_before - info.sentences_before_end };
    on(match sentences {
        0 => p!("c.same_sentence"),
        1 => p!("c.sent1"),
        2 => p!("c.sent2"),
        _ => p!("c.sent3plus"),
    });
    if c.cue.0 > e && cue.paragraphs_before > info.paragraphs_before_end {
        on(p!("c.other_paragraph"));
    }
    // rank among carried options that do not clash in gender
    let rank = before
        .iter()
        .filter(|x| !x.opt.origin.explicit() && x.opt.span.is_some() && x.gender.is_none_or(|g| g == c.gender))
        .count();
    on(match rank {
        0 => p!("c.rank0"),
        1 => p!("c.rank1"),
        _ => p!("c.rank2plus"),
    });
    let text = doc.word(s, e);
    if origin == Origin::Prev && o.attr_back == 0 {
        on(p!("c.prev0"));
    }
    if spoken.repeated(text) {
        on(p!("c.repeated"));
    }
    if info.in_quote {
        on(p!("c.in_quote"));
    }
    if participle {
        on(p!("c.participle"));
    }
    if !has_explicit {
        on(p!("c.no_explicit"));
    }
    if words >= 4 {
        on(p!("c.len4plus"));
    }
    if info.accusative {
        on(p!("c.accusative"));
    }
    if info.after_preposition {
        on(p!("c.after_preposition"));
    }
    // the second term of a name (جامعة الإمام محمد بن سعود): right after a speaker noun
    if info.genitive {
        on(p!("c.genitive"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_unique() {
        let n = feature_names();
        let mut s = n.clone();
        s.sort();
        s.dedup();
        assert_eq!(s.len(), n.len());
        assert_eq!(p!("null.participle"), Origin::ALL.len() + PLAIN.len() - 1);
        assert_eq!(head_feature(false, Head::Num), n.len() - 1);
    }
}
