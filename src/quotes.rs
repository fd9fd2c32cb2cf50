//! Quotation spans: pairs the quotation marks found by the cue automaton.
//!
//! Owns: balancing (a bounded stack, so 200,000 nested marks stay linear),
//! bounding (a quotation never crosses a paragraph break and is at most
//! `MAX_QUOTE` bytes), and keeping only outermost spans.

use crate::cues::{Hit, Matcher};
use crate::patterns::Entry;

/// Longest quotation accepted, in normalised bytes.
pub const MAX_QUOTE: usize = 20_000;
/// Deepest nesting tracked; deeper marks are ignored.
const MAX_DEPTH: usize = 16;

/// One quotation, positions in normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Position of the opening mark.
    pub open: usize,
    /// Text between the marks: `[inner_start, inner_end)`.
    pub inner_start: usize,
    pub inner_end: usize,
    /// End of the closing mark.
    pub close_end: usize,
    /// From a `weak` pair (parentheses): a quote only after a cue's colon.
    pub weak: bool,
    /// Pattern entry of the pair.
    pub entry: u32,
}

#[derive(PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Either,
}

/// How a symmetric mark at `[s, e)` reads from the characters around it.
fn side_role(text: &str, s: usize, e: usize) -> Role {
    let before = text[..s].chars().next_back().is_some_and(|c| !c.is_whitespace());
    let after = text[e..].chars().next().is_some_and(|c| c.is_alphanumeric());
    let after_space =
        text[e..].chars().next().is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation() || c == '،');
    let before_word = text[..s].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '.');
    match (before, after, before_word, after_space) {
        (false, true, _, _) => Role::Open,
        (_, _, true, true) => Role::Close,
        _ => Role::Either,
    }
}

struct Open {
    pos: usize,
    end: usize,
    entry: u32,
    para: usize,
}

/// Pair the quotation-mark hits of `text` (hits must be in text order).
pub fn pair(text: &str, hits: &[Hit], matcher: &Matcher, entries: &[Entry]) -> Vec<Quote> {
    let mut stack: Vec<Open> = Vec::new();
    let mut out: Vec<Quote> = Vec::new();
    let mut para = 0usize;
    let mut last = 0usize;
    for h in hits {
        if matcher.categories(h.surface) & crate::patterns::Category::Quote.bit() == 0 {
            continue;
        }
        para += memchr::memchr_iter(b'\n', &text.as_bytes()[last..h.start]).count();
        last = h.start;
        // A mark may close any open pair of its kind (same entry, or same closing text).
        let mark = &matcher.surfaces[h.surface as usize];
        let opens = matcher.meanings[h.surface as usize].iter().find(|mm| mm.form == 0).map(|mm| mm.entry);
        // A mark that both opens and closes (") is read from its neighbours:
        // `"word` opens, `word"` closes; only when both sides agree is it a toggle.
        let symmetric = opens.is_some_and(|e| entries[e as usize].close.as_deref() == Some(mark.as_str()));
        let role = if symmetric { side_role(text, h.start, h.end) } else { Role::Either };
        let closes = if role == Role::Open {
            None
        } else {
            stack
                .iter()
                .rposition(|o| o.para == para && entries[o.entry as usize].close.as_deref() == Some(mark.as_str()))
        };
        let opens = if role == Role::Close { None } else { opens };
        if let Some(i) = closes {
            let o = stack.drain(i..).next().expect("index in range");
            if h.start - o.end <= MAX_QUOTE {
                out.push(Quote {
                    open: o.pos,
                    inner_start: o.end,
                    inner_end: h.start,
                    close_end: h.end,
                    weak: entries[o.entry as usize].has("weak"),
                    entry: o.entry,
                });
            }
            continue;
        }
        if let Some(e) = opens {
            stack.retain(|o| o.para == para);
            if stack.len() >= MAX_DEPTH {
                stack.remove(0);
            }
            stack.push(Open { pos: h.start, end: h.end, entry: e, para });
        }
    }
    out.sort_by_key(|q| (q.open, std::cmp::Reverse(q.close_end)));
    let mut outer: Vec<Quote> = Vec::with_capacity(out.len());
    for q in out {
        if outer.last().is_some_and(|p| q.open < p.close_end) {
            continue;
        }
        outer.push(q);
    }
    outer
}
