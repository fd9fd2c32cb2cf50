//! After every cue has its candidate: duplicates and quoted cues dropped,
//! contents cut where the next attribution begins, then every speaker
//! chosen (`choose`).

use super::choose::{Origin, Teacher, Weights, choose};
use super::doc::Doc;
use super::{Cand, Source};
use crate::model::Kind;
use crate::patterns::{Gender, Number};

/// Most nested attributions kept inside one quotation.
const MAX_NESTED: usize = 4;

/// Drop duplicates and cues inside quotations, cut contents at the next
/// attribution, and choose the speakers.
pub(super) fn finish(
    doc: &Doc,
    mut cands: Vec<Cand>,
    subjects: &mut Vec<Antecedent>,
    weights: &Weights,
    teacher: Option<&mut dyn Teacher>,
) -> Vec<Cand> {
    cands.sort_by_key(|c| (c.cue.0, c.content.0));
    // A cue inside a quotation that is another attribution's content is that
    // speaker's words, unless it names a source of its own (قال في تغريدة
    // "قالت قطر إنها …"): then it is a nested attribution, a few per quotation
    // at most (200,000 nested «قال الوزير: would otherwise give 200,000
    // contents that each run to the text end).
    let mut keep: Vec<Cand> = Vec::with_capacity(cands.len());
    let mut nested: Option<((usize, usize), usize)> = None;
    for c in cands {
        if keep.iter().rev().take(8).any(|k| k.content == c.content) {
            continue;
        }
        let enclosing = keep
            .iter()
            .rev()
            .take(8)
            .find(|k| k.quoted && k.content.0 <= c.cue.0 && c.cue.1 <= k.content.1)
            .map(|k| k.content);
        if let Some(q) = enclosing {
            let names_own = c.opts.iter().any(|o| matches!(o.origin, Origin::After | Origin::Before));
            let count = nested.filter(|(span, _)| *span == q).map_or(0, |(_, n)| n);
            if !names_own || count >= MAX_NESTED {
                continue;
            }
            nested = Some((q, count + 1));
        }
        keep.push(c);
    }
    // cut unquoted contents where the next attribution begins; an
    // according-to marker attaches to its whole clause, nested cues included
    // Only an attribution that opens its own clause cuts the content before
    // it; one nested in the content (قالت إن الإدارة أبلغت …، قالوا إن الجدل
    // يشير إلى …) is part of it.
    let regions: Vec<usize> = keep.iter().filter(|c| c.opens).map(|c| c.region).collect();
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
            // a cut that leaves no quotation inside turns mixed into indirect
            // (or back into a claim, for a noun-phrase content)
            if c.kind == Kind::Mixed && !doc.has_quoted_fragment(s, e) {
                c.kind = if c.rule.starts_with("claim") { Kind::Claim } else { Kind::Indirect };
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
    // a reporting verb and an according-to marker in one clause (قال الوزير،
    // بحسب بيان للوزارة، إن …؛ … وذلك بحسب ما أفادت الوكالة) make one
    // attribution, the verb's (ANNOTATION.md): a marker whose clause holds a
    // verb and that verb's content goes, and its source is no antecedent for
    // later implicit cues. (A marker whose clause ends where the verb's
    // content begins, وبحسب الوكالة، كتب فلان: «…», reports the writing and stays.)
    let verbs: Vec<((usize, usize), (usize, usize))> = if acc.is_empty() {
        vec![]
    } else {
        keep.iter().filter(|c| c.kind != Kind::AccordingTo && !c.quoted).map(|c| (c.cue, c.content)).collect()
    };
    let mut dropped: Vec<(usize, usize)> = vec![];
    keep.retain(|c| {
        if c.kind != Kind::AccordingTo || verbs.is_empty() {
            return true;
        }
        let (s, e) = c.content;
        let i = verbs.partition_point(|&(cue, _)| cue.0 < s);
        let merged = verbs[i..].iter().take_while(|&&(cue, _)| cue.1 <= e).any(|&(_, (vs, ve))| vs < e && s < ve);
        if merged && let Source::Explicit(s, e) = c.speaker {
            dropped.push((s, e));
        }
        !merged
    });
    if !dropped.is_empty() {
        let inside = |(s, e): (usize, usize)| dropped.iter().any(|&(a, b)| a <= s && e <= b);
        subjects.retain(|x| !inside(x.span));
    }
    subjects.sort_by_key(|a| a.pos);
    choose(doc, &mut keep, subjects, weights, teacher);
    keep
}

/// The subject of a reporting verb, an option for later implicit cues even
/// when the verb built no attribution.
#[derive(Debug, Clone, Copy)]
pub struct Antecedent {
    /// Where it counts as mentioned (for recency).
    pub pos: usize,
    pub span: (usize, usize),
    pub gender: Gender,
    pub number: Number,
}
