//! Entities: which speaker mentions of one document are one source.
//!
//! Owns: the `entity` of each attribution — the fullest named mention of its
//! speaker in the document (`وزير الخارجية الروسي سيرغي لافروف` for the
//! mentions `لافروف`، `الوزير` and the implicit speaker of `وأضاف`) — and the
//! word classes and canonical words that the corpus tallies (`tally`) reuse.
//!
//! The mechanism, the same for every document:
//! 1. *Mentions* are the speaker spans of the attributions (an implicit
//!    speaker's span is its antecedent, so it inherits that mention's entity).
//! 2. A mention ending in *name words* (not a pattern word, no article:
//!    `لافروف`، `سيرغي لافروف`) is looked up elsewhere in the text, and each
//!    occurrence is extended to the left over a title phrase: more name words,
//!    then descriptors (words with the article) and speaker nouns of
//!    `speakers.txt`, up to the leftmost speaker noun (`استقبل وزير الخارجية
//!    الروسي سيرغي لافروف` gives `وزير الخارجية الروسي سيرغي لافروف`). These
//!    extensions are mentions too.
//! 3. Words are compared by their canonical form (article and its proclitics
//!    dropped: `والوزير` = `الوزير` = `وزير`). Mention A *fits* mention B when
//!    A's words occur in B in order. Each mention is linked to the nearest
//!    earlier mention it fits, else to the nearest later one that is longer
//!    and that it fits; its entity is the end of that chain, which every
//!    mention on the chain fits, so it is the fullest.
//!
//! All scans are bounded (`WINDOW`, `MAX_NAMES`, `SEARCH_BYTES`,
//! `MAX_OCCURRENCES`, word counts), so the cost stays linear in the number
//! of attributions.

use crate::extract::{Extractor, trim_span};
use crate::model::{Attribution, Span};
use crate::normalize::{Normalized, is_word_char};
use crate::patterns::Category;

/// How far (in mentions) a mention looks for the one it refers to.
const WINDOW: usize = 64;
/// Most occurrences of one name looked at for extensions.
const MAX_OCCURRENCES: usize = 16;
/// Most name words before a found name, and most title-phrase words.
const MAX_NAME_WORDS: usize = 3;
const MAX_TITLE_WORDS: usize = 6;
/// Most names looked for elsewhere in one document.
const MAX_NAMES: usize = 256;
/// How far (in bytes, each side) from a mention its name is looked for.
const SEARCH_BYTES: usize = 32 << 10;

/// How a (normalised) word reads, from the pattern files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// A speaker noun of `speakers.txt` (title, role, body, medium…), with
    /// generated article and proclitics: `وزير`، `الوزير`، `والمتحدث`.
    Title,
    /// A reporting cue, an ender or a complementiser: never inside a name.
    Stop,
    /// Another word with the article (`الخارجية`، `الروسي`): a descriptor.
    Article,
    /// Any other word: a name word (`سيرغي`، `لافروف`، `بن`).
    Name,
}

/// The article with the proclitics that go before it, longest first.
const ARTICLES: [&str; 9] = ["وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"];

/// `word` without a leading article (`الوزير`، `والوزير`، `للوزير` → `وزير`),
/// when at least two letters remain; the form mentions are compared in.
pub fn canonical(word: &str) -> &str {
    for p in ARTICLES {
        if let Some(rest) = word.strip_prefix(p)
            && rest.chars().nth(1).is_some()
        {
            return rest;
        }
    }
    word
}

/// The class of a normalised word under the extractor's patterns.
pub fn classify(ex: &Extractor, word: &str) -> WordClass {
    let mut stop = false;
    for m in ex.matcher.lookup(word) {
        match ex.set.entries[m.entry as usize].category {
            Category::Speaker => return WordClass::Title,
            Category::Verb
            | Category::Participle
            | Category::According
            | Category::Ender
            | Category::Complementizer => stop = true,
            Category::Quote => {}
        }
    }
    if stop {
        WordClass::Stop
    } else if canonical(word).len() < word.len() {
        WordClass::Article
    } else {
        WordClass::Name
    }
}

/// Is this word a speaker noun for a body, a medium or a document (tags
/// `org`, `media`, `doc`: `مكتب`، `إدارة`، `وكالة`، `بيان`)? A name after
/// such a head is its complement (`مكتب رئيس الوزراء أحمد داود أوغلو` is the
/// office, not the man), so a mention fits it only if it has that head too.
pub fn is_body(ex: &Extractor, word: &str) -> bool {
    ex.matcher.lookup(word).iter().any(|m| {
        let e = &ex.set.entries[m.entry as usize];
        e.category == Category::Speaker && (e.has("org") || e.has("media") || e.has("doc"))
    })
}

/// A title with a pronoun suffix (`سموه`، `معاليه`، `سيادتها`) stands for
/// the titled person named before: its canonical word is the bare title.
fn unsuffixed_title<'a>(ex: &Extractor, word: &'a str) -> Option<&'a str> {
    for suffix in ["ه", "ها", "هم"] {
        if let Some(bare) = word.strip_suffix(suffix)
            && bare.chars().nth(1).is_some()
            && classify(ex, bare) == WordClass::Title
        {
            return Some(bare);
        }
    }
    None
}

/// The words of `s` (runs of word characters), as `(start, end)` offsets.
pub fn word_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = it.peek() {
            if is_word_char(c) {
                break;
            }
            it.next();
        }
        let (start, _) = *it.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = it.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            it.next();
        }
        Some((start, end))
    })
}

/// The canonical words of `s` (normalised text).
pub fn key_words(s: &str) -> Vec<String> {
    word_spans(s).map(|(a, b)| canonical(&s[a..b]).to_string()).collect()
}

/// Do the words `a` occur in `b`, in order?
pub fn fits<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> bool {
    let mut rest = b.iter();
    !a.is_empty() && a.len() <= b.len() && a.iter().all(|w| rest.any(|x| x.as_ref() == w.as_ref()))
}

/// A mention in normalised coordinates.
struct Node<'t> {
    start: usize,
    end: usize,
    /// Canonical words (slices of the normalised text).
    words: Vec<&'t str>,
    /// Where the name words at the end begin (`name_tail`).
    tail: Option<usize>,
    /// The canonical first word, when it is a body noun (`is_body`).
    body: Option<&'t str>,
    /// The original span, for mentions that are speaker spans.
    orig: Option<Span>,
}

impl<'t> Node<'t> {
    fn new(ex: &Extractor, t: &'t str, start: usize, end: usize, orig: Option<Span>) -> Node<'t> {
        let spans: Vec<(usize, usize)> = word_spans(&t[start..end]).map(|(a, b)| (start + a, start + b)).collect();
        let words: Vec<&str> = spans
            .iter()
            .map(|&(a, b)| {
                let w = &t[a..b];
                canonical(if spans.len() == 1 { unsuffixed_title(ex, w).unwrap_or(w) } else { w })
            })
            .collect();
        let body = spans.first().filter(|&&(a, b)| is_body(ex, &t[a..b])).map(|_| words[0]);
        let tail = if orig.is_some() { name_tail(ex, t, &spans, end) } else { None };
        Node { start, end, words, tail, body, orig }
    }

    /// Does `self` fit in (refer to the same source as) `other`?
    fn fits(&self, other: &Node) -> bool {
        fits(&self.words, &other.words) && other.body.is_none_or(|h| self.words.contains(&h))
    }
}

/// The smallest normalised offset at or after `from` whose original offset
/// is at least `o`, moved on to a character boundary: `orig` is monotone,
/// so it is the first offset mapping at or after `o`, or `from`.
fn norm_pos(norm: &Normalized, o: usize, from: usize) -> usize {
    let mut at = norm.first_at_or_after(o).max(from.min(norm.text.len()));
    while !norm.text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The word ending at `end` of `text` (after spaces), if a word comes
/// right before: its start.
fn word_before(text: &str, end: usize) -> Option<usize> {
    let t = text[..end].trim_end_matches(' ');
    let mut start = None;
    for (i, c) in t.char_indices().rev() {
        if !is_word_char(c) {
            break;
        }
        start = Some(i);
    }
    start
}

/// Does this speaker noun carry a preposition (`لجامعة`، `بالوزارة`، `للوزير`)?
/// Such a word can be inside a title phrase but never begin one.
fn prepositional(ex: &Extractor, word: &str) -> bool {
    ex.matcher.lookup(word).iter().any(|m| {
        let e = &ex.set.entries[m.entry as usize];
        let (pre, rest) = word.split_at((m.prefix as usize).min(word.len()));
        let form = e.forms.get(m.form as usize).map_or("", |f| f.text.as_str());
        e.category == Category::Speaker
            && (pre.contains(['ب', 'ل', 'ك']) || (rest.starts_with("لل") && !form.starts_with('ل')))
    })
}

/// Where the title phrase in front of an occurrence starting at `at`
/// begins: up to `MAX_NAME_WORDS` name words, then descriptors and speaker
/// nouns, up to the leftmost speaker noun; `None` without a speaker noun.
fn title_start(ex: &Extractor, text: &str, at: usize) -> Option<usize> {
    let (mut i, mut names, mut titles, mut best) = (at, 0, 0, None);
    while let Some(ws) = word_before(text, i) {
        let word = text[ws..i].trim_end_matches(' ');
        match classify(ex, word) {
            WordClass::Name if titles == 0 && names < MAX_NAME_WORDS => names += 1,
            WordClass::Title => {
                titles += 1;
                if !prepositional(ex, word) {
                    best = Some(ws);
                }
            }
            WordClass::Article => titles += 1,
            _ => break,
        }
        if titles >= MAX_TITLE_WORDS {
            break;
        }
        i = ws;
    }
    best
}

/// Where the name words at the end of a mention (`words`, its word spans,
/// ending at `end`) begin (at most
/// `MAX_NAME_WORDS`, one of them at least three letters long).
fn name_tail(ex: &Extractor, text: &str, words: &[(usize, usize)], end: usize) -> Option<usize> {
    let mut tail = None;
    let mut long = false;
    for &(a, b) in words.iter().rev().take(MAX_NAME_WORDS) {
        let w = &text[a..b];
        if classify(ex, w) != WordClass::Name {
            break;
        }
        long |= w.chars().nth(2).is_some();
        tail = Some(a);
    }
    let tail = tail.filter(|_| long)?;
    // the mention must end on the name's last word
    words.last().filter(|&&(_, b)| b == end).map(|_| tail)
}

/// The end of each node's chain of parents, each chain walked once (word
/// counts never shrink along a chain, and at equal counts it goes back in
/// the text, so chains end; the length bound is only a guard).
fn roots(parent: &[Option<usize>]) -> Vec<usize> {
    let mut root = vec![usize::MAX; parent.len()];
    let mut path = vec![];
    for i in 0..parent.len() {
        let mut j = i;
        let r = loop {
            if root[j] != usize::MAX {
                break root[j];
            }
            path.push(j);
            match parent[j] {
                Some(p) if path.len() <= parent.len() => j = p,
                _ => break j,
            }
        };
        for k in path.drain(..) {
            root[k] = r;
        }
    }
    root
}

/// Set `entity` on every attribution of one document. `norm` is the
/// normalised `text`.
pub fn assign(ex: &Extractor, text: &str, norm: &Normalized, attrs: &mut [Attribution]) {
    let t = norm.text.as_str();
    let mut spans: Vec<(usize, usize)> =
        attrs.iter().filter_map(|a| a.speaker.map(|(s, _)| (s.start, s.end))).collect();
    if spans.is_empty() {
        return;
    }
    spans.sort_unstable();
    spans.dedup();
    // spans come sorted by start: each search starts from the previous start
    let mut at = 0;
    let mut nodes: Vec<Node> = spans
        .iter()
        .map(|&(s, e)| {
            at = norm_pos(norm, s, at);
            Node::new(ex, t, at, norm_pos(norm, e, at), Some(Span { start: s, end: e }))
        })
        .collect();
    // extensions: the same name nearby, with its title phrase
    let mut extra: Vec<Node> = vec![];
    let mut searched: std::collections::HashSet<&str> = Default::default();
    for n in &nodes {
        let Some(tail) = n.tail else { continue };
        let name = &t[tail..n.end];
        // each name once, near its first mention (later mentions link back
        // to that one), and a bounded number of names per document
        if searched.len() >= MAX_NAMES || !searched.insert(name) {
            continue;
        }
        let (mut lo, mut hi) = (n.start.saturating_sub(SEARCH_BYTES), (n.end + SEARCH_BYTES).min(t.len()));
        while !t.is_char_boundary(lo) {
            lo -= 1;
        }
        while !t.is_char_boundary(hi) {
            hi += 1;
        }
        for at in memchr::memmem::find_iter(&t.as_bytes()[lo..hi], name.as_bytes()).take(MAX_OCCURRENCES) {
            let (at, end) = (lo + at, lo + at + name.len());
            if at == tail {
                continue; // the mention itself: resolution chose its span
            }
            let bounded = !t[..at].chars().next_back().is_some_and(is_word_char)
                && !t[end..].chars().next().is_some_and(is_word_char);
            if !bounded {
                continue;
            }
            let Some(from) = title_start(ex, t, at) else { continue };
            let ext = Node::new(ex, t, from, end, None);
            if n.words.len() < ext.words.len() && n.fits(&ext) {
                extra.push(ext); // duplicates go with the dedup below
            }
        }
    }
    nodes.extend(extra);
    nodes.sort_by_key(|n| (n.start, std::cmp::Reverse(n.end)));
    nodes.dedup_by(|b, a| {
        a.start == b.start && a.end == b.end && {
            a.orig = a.orig.or(b.orig);
            true
        }
    });
    // link each mention to the one it refers to
    let parent: Vec<Option<usize>> = (0..nodes.len())
        .map(|i| {
            let me = &nodes[i];
            if me.words.is_empty() {
                return None;
            }
            let earlier = (i.saturating_sub(WINDOW)..i).rev().find(|&j| me.fits(&nodes[j]));
            earlier.or_else(|| {
                (i + 1..nodes.len().min(i + 1 + WINDOW))
                    .find(|&j| nodes[j].words.len() > me.words.len() && me.fits(&nodes[j]))
            })
        })
        .collect();
    let root = roots(&parent);
    let mut index: Vec<((usize, usize), usize)> =
        nodes.iter().enumerate().filter_map(|(i, n)| n.orig.map(|o| ((o.start, o.end), i))).collect();
    index.sort_unstable();
    for a in attrs.iter_mut() {
        a.entity = a.speaker.map(|(s, _)| {
            let Ok(k) = index.binary_search_by(|x| x.0.cmp(&(s.start, s.end))) else { return s };
            let i = index[k].1;
            let r = &nodes[root[i]];
            r.orig.unwrap_or_else(|| {
                let (a, b) = norm.orig_span_covering(text, r.start, r.end);
                trim_span(text, a, b)
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(text: &str) -> Vec<(String, String)> {
        let ex = Extractor::builtin();
        ex.extract(text)
            .iter()
            .filter_map(|a| {
                let (s, _) = a.speaker?;
                let e = a.entity?;
                Some((text[s.start..s.end].to_string(), text[e.start..e.end].to_string()))
            })
            .collect()
    }

    #[test]
    fn canonical_drops_the_article() {
        assert_eq!(canonical("والوزير"), "وزير");
        assert_eq!(canonical("للوزير"), "وزير");
        assert_eq!(canonical("وزير"), "وزير");
        assert_eq!(canonical("ال"), "ال");
        assert!(fits(&key_words("الوزير"), &key_words("وزير الخارجية الروسي سيرغي لافروف")));
        assert!(!fits(&key_words("لافروف الوزير"), &key_words("وزير الخارجية سيرغي لافروف")));
        assert!(!fits::<&str, String>(&[], &key_words("وزير")));
    }

    #[test]
    fn mentions_of_one_source_are_one_entity() {
        let text = "استقبل وزير الخارجية الروسي سيرغي لافروف نظيره في موسكو. \
                    وقال لافروف إن المحادثات كانت مثمرة. وأضاف أن البلدين سيواصلان التعاون. \
                    وأكد الوزير أن الاتفاق سيوقع قريبا.";
        let got = entities(text);
        assert!(got.len() >= 3, "{got:?}");
        for (speaker, entity) in &got {
            assert_eq!(entity, "وزير الخارجية الروسي سيرغي لافروف", "speaker {speaker}");
        }
    }

    #[test]
    fn title_phrases_do_not_start_at_a_preposition() {
        let ex = Extractor::builtin();
        for w in ["لجامعة", "بالوزارة", "للوزير", "وللوزير"] {
            assert!(prepositional(&ex, w), "{w}");
        }
        for w in ["الوزير", "والوزير", "وزير", "ووزير", "وزارة"] {
            assert!(!prepositional(&ex, w), "{w}");
        }
        // مركز تونس لجامعة الدول العربية ويليان لايسي: no title phrase before the name
        let text = "وأورد مركز تونس لجامعة الدول العربية ويليان لايسي أن الهجرة تزداد. وقال لايسي إن الأرقام كبيرة.";
        for (speaker, entity) in entities(text) {
            assert!(!entity.starts_with("لجامعة"), "{speaker} -> {entity}");
        }
    }

    #[test]
    fn a_body_is_not_the_person_it_names() {
        let text = "وأعلن مكتب رئيس الوزراء التركي أحمد داود أوغلو أن الزيارة أرجئت. \
                    وقال داود أوغلو إن العلاقات متينة. وأضاف المكتب أن موعدا جديدا سيحدد.";
        let got = entities(text);
        let of = |s: &str| got.iter().find(|(sp, _)| sp == s).map(|(_, e)| e.as_str());
        assert_eq!(of("داود أوغلو"), Some("داود أوغلو"), "{got:?}");
        assert_eq!(of("المكتب"), Some("مكتب رئيس الوزراء التركي أحمد داود أوغلو"), "{got:?}");
    }

    #[test]
    fn a_title_with_a_pronoun_is_the_titled_person() {
        let ex = Extractor::builtin();
        assert_eq!(unsuffixed_title(&ex, "سموه"), Some("سمو"));
        assert_eq!(unsuffixed_title(&ex, "معاليه"), Some("معالي"));
        assert_eq!(unsuffixed_title(&ex, "فيه"), None);
        assert_eq!(unsuffixed_title(&ex, "لكنه"), None);
    }

    #[test]
    fn different_people_stay_apart() {
        let text = "وقال الرئيس الروسي فلاديمير بوتين إن العلاقات جيدة. \
                    وقال الرئيس الإيراني إبراهيم رئيسي إن التعاون مستمر. \
                    وأكد رئيسي أن الزيارة ناجحة.";
        let got = entities(text);
        let of = |s: &str| got.iter().find(|(sp, _)| sp == s).map(|(_, e)| e.as_str());
        assert_eq!(of("الرئيس الروسي فلاديمير بوتين"), Some("الرئيس الروسي فلاديمير بوتين"));
        assert_eq!(of("رئيسي"), Some("الرئيس الإيراني إبراهيم رئيسي"), "{got:?}");
    }
}
