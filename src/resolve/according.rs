//! According-to markers (بحسب، وفقا لـ، نقلا عن، على لسان): the source is the
//! noun phrase after the marker, the content the clause it attaches to.

use super::doc::{Doc, Tok};
use super::{Cand, MAX_SPEAKER, Source, blank};
use crate::cues::{Hit, Meaning};
use crate::model::Kind;
use crate::patterns::Category;

pub(super) fn according(doc: &Doc, h: &Hit, m: &Meaning, out: &mut Vec<Cand>) -> bool {
    let entry = &doc.entries[m.entry as usize];
    let mut base = blank(h, m, entry, "according");
    // a marker with a pronoun (على حد قوله، حسب تعبيرها، وفق وصفهم) names no
    // source: it tags the words before it, which are the attribution they
    // belong to (ANNOTATION.md: a verb and a marker in one clause are one
    // attribution). It makes none of its own, but that content ends where it
    // begins: an empty candidate cuts it and is dropped (`carry::finish`).
    if pronoun_marker(doc.word(h.start, h.end)) {
        out.push(Cand { kind: Kind::AccordingTo, content: (h.start, h.start), ..base });
        return true;
    }
    base.kind = Kind::AccordingTo;
    // بحسب ما ذكرت الوكالة / حسبما أفاد: skip ما and the verb
    let mut p = h.end;
    let mut reported = false;
    if let Some(Tok::Word(s, e)) = doc.next_tok(p)
        && (doc.word(s, e) == "ما" || doc.word(s, e) == "لما")
    {
        p = e;
    }
    let after_ma = p > h.end || doc.word(h.start, h.end).ends_with("ما");
    if let Some(Tok::Word(s, e)) = doc.next_tok(p) {
        if let Some((_, vh)) = doc.reading(s, Category::Verb) {
            p = vh.end;
            reported = true;
        } else if doc.is_verb_with_object(doc.word(s, e)) || after_ma && doc.verb_like_word(s, e) {
            // حسب ما نشرته الصحيفة، وفقا لما ذكره المتحدث، بحسب ما ورد في صحيفة
            p = e;
            reported = true;
            if let Some(Tok::Word(ps, pe)) = doc.next_tok(p)
                && matches!(doc.word(ps, pe), "في" | "عن" | "علي" | "من")
            {
                p = pe;
            }
        }
    }
    let (ss, se, after) = doc.noun_phrase(p, MAX_SPEAKER, &[], true);
    if ss < se {
        // `strict` markers (وفقا لـ = in accordance with) need a source noun
        // (after وفقا لـ the source noun carries the marker's ل: وفقا لوكالة رويترز,
        // وفقا للوزارة; the scan read that word from the ل)
        let lam = ss == h.end && doc.text[..ss].ends_with('ل');
        let named = if lam {
            let word = &doc.text[ss - 'ل'.len_utf8()..doc.word_end_at(ss)];
            doc.matcher.lookup(word).iter().any(|m| doc.entries[m.entry as usize].category == Category::Speaker)
        } else {
            doc.reading(ss, Category::Speaker).is_some_and(|(sm, _)| sm.prefix == 0)
        };
        if entry.has("strict") && !reported && !named {
            return false;
        }
        base.speaker = Source::Explicit(ss, se);
    } else {
        return false;
    }
    let sent_start = doc.sentence_start(h.start);
    let (bs, be) = doc.trim_content(sent_start, h.start);
    let mut cs = after;
    for _ in 0..3 {
        match doc.next_tok(cs) {
            Some(Tok::Punct(s, c)) if matches!(c, '،' | ',' | '-' | ')' | '–') => cs = s + c.len_utf8(),
            _ => break,
        }
    }
    if let Some(Tok::Word(s, _)) = doc.next_tok(cs)
        && let Some((_, ch)) = doc.reading(s, Category::Complementizer)
    {
        cs = ch.end;
    }
    let (as_, ae) = doc.trim_content(cs, doc.sentence_end(cs));
    // the clause the marker attaches to: the longer side of the sentence, or
    // for a marker set off by commas inside a clause (يبلغ عدد سكانه، حسب
    // إحصاء 2014، حوالي …) the whole clause around it
    let parenthetical = matches!(doc.prev_tok(h.start), Some(Tok::Punct(_, '،' | ',')))
        && matches!(doc.next_tok(after), Some(Tok::Punct(_, '،' | ',')))
        && doc.at_least_words(bs, be, 2)
        && doc.at_least_words(as_, ae, 2);
    let (s, e) = if parenthetical {
        (doc.clause_start(bs, be), ae)
    } else if be.saturating_sub(bs) > ae.saturating_sub(as_) {
        (bs, be)
    } else {
        (as_, ae)
    };
    if s >= e || !doc.at_least_words(s, e, 2) {
        return false;
    }
    out.push(Cand { content: (s, e), ..base });
    true
}

/// Does the marker `w` (normalised) end in a pronoun (على حد قوله، حسب تعبيرها)?
fn pronoun_marker(w: &str) -> bool {
    w.rsplit(' ').next().is_some_and(|w| w.len() > 4 && super::phrase::POSSESSIVE.iter().any(|p| w.ends_with(p)))
}
