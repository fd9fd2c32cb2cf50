//! After every cue has its candidate: duplicates and quoted cues dropped,
//! contents cut where the next attribution begins, and implicit speakers
//! carried from earlier mentions with gender and number agreement.

use super::doc::{Doc, Tok};
use super::{Cand, MAX_SPEAKER, Source, form_features};
use crate::model::Kind;
use crate::patterns::{Category, Gender, Number};

/// Drop duplicates and cues inside quotations, cut contents at the next
/// attribution, and resolve implicit speakers.
pub(super) fn finish(doc: &Doc, mut cands: Vec<Cand>, subjects: &[Antecedent]) -> Vec<Cand> {
    cands.sort_by_key(|c| (c.cue.0, c.content.0));
    // a cue inside a quotation that is another attribution's content is quoted speech
    let mut keep: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        let inside = keep.iter().rev().take(8).any(|k| k.quoted && k.content.0 <= c.cue.0 && c.cue.1 <= k.content.1);
        let dup = keep.iter().rev().take(8).any(|k| k.content == c.content);
        if !inside && !dup {
            keep.push(c);
        }
    }
    // cut unquoted contents where the next attribution begins; an
    // according-to marker attaches to its whole clause, nested cues included
    let regions: Vec<usize> = keep.iter().map(|c| c.region).collect();
    for c in keep.iter_mut() {
        if c.quoted || c.kind == Kind::AccordingTo {
            continue;
        }
        let i = regions.partition_point(|&r| r <= c.content.0);
        if let Some(&r) = regions.get(i)
            && r < c.content.1
        {
            let (s, e) = doc.trim_content(c.content.0, r);
            c.content = (s, e.max(s));
            if c.kind == Kind::Direct || c.kind == Kind::Mixed {
                // a cut that leaves no quotation inside turns mixed into indirect
                if c.kind == Kind::Mixed && !doc.has_long_quote(s, e, false) {
                    c.kind = Kind::Indirect;
                }
            }
        }
    }
    // an according-to content stops at the neighbouring according-to
    // markers: otherwise n markers in one sentence report O(n²) bytes
    let acc: Vec<(usize, usize)> = keep.iter().filter(|c| c.kind == Kind::AccordingTo).map(|c| c.cue).collect();
    for c in keep.iter_mut().filter(|c| c.kind == Kind::AccordingTo) {
        let (mut s, mut e) = c.content;
        if s >= c.cue.1 {
            let i = acc.partition_point(|&(cs, _)| cs < s);
            e = acc.get(i).map_or(e, |&(cs, _)| e.min(cs));
        } else if e <= c.cue.0 {
            let i = acc.partition_point(|&(cs, _)| cs < e);
            if let Some(&(cs, ce)) = i.checked_sub(1).map(|j| &acc[j])
                && cs >= s
            {
                s = ce.min(e);
            }
        }
        if (s, e) != c.content {
            let (ts, te) = doc.trim_content(s, e);
            c.content = (ts, te.max(ts));
        }
    }
    keep.retain(|c| c.content.0 < c.content.1);
    carry(doc, &mut keep, subjects);
    keep
}

fn agrees(gender: Gender, number: Number, g: Gender, n: Number) -> bool {
    gender == g && (number == Number::Sing) == (n == Number::Sing)
}

/// A phrase that an implicit speaker may be carried from.
#[derive(Debug, Clone, Copy)]
pub struct Antecedent {
    /// Where it counts as mentioned (for recency).
    pub pos: usize,
    pub span: (usize, usize),
    pub gender: Gender,
    pub number: Number,
}

/// Fill implicit speakers with the most recent agreeing antecedent: an
/// earlier attribution's speaker, the subject of a reporting verb that built
/// no attribution (وطالب فلان الوزارة بـ…، لافتا إلى أن), or a speaker noun in
/// subject position (رفع رئيس الاتحاد التهنئة… وأكد أن). Without an agreeing
/// one, the nearest earlier speaker at all.
fn carry(doc: &Doc, cands: &mut [Cand], subjects: &[Antecedent]) {
    // The latest antecedent of each agreement class (gender × singular or
    // not), kept as cues are visited in text order, so that each implicit cue
    // looks back in O(1) instead of rescanning every earlier one (hostile
    // input: thousands of implicit cues with nothing to agree with).
    let class = |g: Gender, n: Number| usize::from(g == Gender::Fem) * 2 + usize::from(n == Number::Sing);
    let mut last_cand: [Option<Antecedent>; 4] = [None; 4];
    let mut last_any: Option<Antecedent> = None;
    let mut subs: Vec<Antecedent> = subjects.to_vec();
    subs.sort_by_key(|a| a.pos);
    let mut next_sub = 0;
    let mut last_sub: [Option<Antecedent>; 4] = [None; 4];
    for c in cands.iter_mut() {
        if matches!(c.speaker, Source::Implicit(None)) {
            let (g, n, at) = (c.gender, c.number, c.cue.0);
            while next_sub < subs.len() && subs[next_sub].pos < at {
                let a = subs[next_sub];
                last_sub[class(a.gender, a.number)] = Some(a);
                next_sub += 1;
            }
            let from_cands = last_cand[class(g, n)];
            let from_subjects = last_sub[class(g, n)];
            let from_mentions = mention_before(doc, at, g, n);
            let best = [from_cands, from_subjects, from_mentions].into_iter().flatten().max_by_key(|a| a.pos);
            let found = best.map(|a| a.span).or_else(|| last_any.map(|a| a.span));
            c.speaker = Source::Implicit(found);
        }
        let this = match c.speaker {
            Source::Explicit(s, e) => Some(Antecedent { pos: s, span: (s, e), gender: c.gender, number: c.number }),
            Source::Implicit(Some(sp)) => {
                Some(Antecedent { pos: c.cue.0, span: sp, gender: c.gender, number: c.number })
            }
            Source::Implicit(None) => None,
        };
        if let Some(a) = this {
            last_cand[class(a.gender, a.number)] = Some(a);
            last_any = Some(a);
        }
    }
}

/// The nearest speaker-noun phrase before `pos` that agrees in gender and
/// number and stands in subject position: opening its sentence, or right
/// after the sentence's first word or a reporting verb (رفع رئيس الاتحاد…).
fn mention_before(doc: &Doc, pos: usize, g: Gender, n: Number) -> Option<Antecedent> {
    let upto = doc.hits.partition_point(|h| h.start < pos);
    for h in doc.hits[..upto].iter().rev().take(200) {
        // `h` is the hit at `h.start` (hits never share a start): read its
        // meanings directly rather than binary-searching for it again
        let Some(&m) = doc.matcher.meanings[h.surface as usize]
            .iter()
            .find(|m| doc.entries[m.entry as usize].category == Category::Speaker)
        else {
            continue;
        };
        let entry = &doc.entries[m.entry as usize];
        let (fg, fn_) = form_features(entry, &m);
        if !agrees(g, n, fg, fn_) || entry.has("doc") || entry.has("media") {
            continue;
        }
        // an object, not a subject: بالوزير، للوزير
        if doc.text[h.start..h.start + m.prefix as usize].contains(['ب', 'ل', 'ك']) {
            continue;
        }
        let opens_sentence = |p: usize| match doc.prev_tok(p) {
            None | Some(Tok::Newline(_)) => true,
            Some(Tok::Punct(_, c)) => matches!(c, '.' | '؟' | '!' | '?' | ':'),
            Some(Tok::Word(..)) => false,
        };
        let subject = opens_sentence(h.start)
            || match doc.prev_tok(h.start) {
                Some(Tok::Word(ps, _)) => {
                    doc.reading(ps, Category::Verb).is_some()
                        || opens_sentence(ps) && doc.reading(ps, Category::Ender).is_none()
                }
                _ => false,
            };
        if !subject {
            continue;
        }
        let start = h.start + m.prefix as usize;
        let (_, e, _) = doc.noun_phrase(h.end, MAX_SPEAKER - 1, &[], false);
        let end = e.max(h.end);
        if end <= pos {
            return Some(Antecedent { pos: start, span: (start, end), gender: fg, number: fn_ });
        }
    }
    None
}
