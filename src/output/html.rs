//! `--format html`: one self-contained page (inline CSS and JS, no network,
//! the system's Arabic fonts), `dir="rtl" lang="ar"`.
//!
//! Owns the page, written as a stream like json: [`HEAD`] (styles and the
//! empty overview), one [`doc_chunk`] per document (rendered in parallel),
//! then [`Page::finish`]: the corpus data (entity groups from `tally`, and
//! per attribution its group, kind and act) and the script that builds the
//! overview, the filters and the pop-ups from it.
//!
//! In a document's text the spans of all attributions (speaker, cue,
//! content) cut the text into non-overlapping segments; each segment is one
//! `<span>` listing the attributions it belongs to (`data-a`: contents,
//! innermost first; `data-q`: cues; `data-s`: speakers), so nested quotes
//! and a speaker inside another attribution's content render correctly, and
//! an attribution's content is exactly the text of the segments naming it.
//!
//! Control characters are never written: C0 controls other than tab and
//! line breaks become their Unicode control pictures (U+2400…), DEL U+2421,
//! C1 controls and the bidi embedding/override/isolate controls U+FFFD —
//! one character for one, so character offsets still agree.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::display;
use crate::extract::Extractor;
use crate::model::{Act, Attribution, Kind, Resolved};
use crate::tally::{self, Said, Tally};

/// Documents shown on one page; later ones are counted but left out, and
/// the page says how to filter first.
pub const MAX_DOCS: usize = 5000;

/// The start of the page, up to the first document.
pub const HEAD: &str = concat!(
    "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<meta name=\"generator\" content=\"qawl\">\n<title>qawl — من قال ماذا</title>\n<style>\n",
    include_str!("page.css"),
    "</style>\n</head>\n<body>\n<header id=\"overview\"><h1>qawl — من قال ماذا</h1>",
    "<p class=\"note\" id=\"loading\">…جارٍ التحميل</p>",
    "<noscript><p class=\"note\">The overview and filters need JavaScript; the articles below work without it.</p></noscript>",
    "</header>\n<div id=\"tip\" hidden></div>\n<main id=\"docs\">\n"
);

const SCRIPT: &str = include_str!("page.js");

/// The character written for `c` in the page (see the module comment).
pub fn safe_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
        _ => c,
    }
}

/// `s` as page text (`&`, `<`, `>`, `"` escaped, control characters replaced).
fn esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(safe_char(c)),
        }
    }
}

fn esc_string(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    esc(&mut o, s);
    o
}

/// `s` with control characters replaced, for JSON strings the script shows.
fn safe(s: &str) -> String {
    s.chars().map(safe_char).collect()
}

/// JSON for inside `<script type="application/json">`: `<` escaped, so that
/// no `</script>` can end it early.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// Arabic names of the kinds, in `Kind::ALL` order.
pub const KIND_LABELS: [&str; 5] = ["مباشر", "غير مباشر", "مختلط", "بحسب", "موقف"];

fn kind_label(k: Kind) -> &'static str {
    KIND_LABELS[Kind::ALL.iter().position(|&x| x == k).unwrap_or(0)]
}

/// Most attributions listed for one segment per role (contents innermost
/// first): bounds the page for pathological nesting; real articles nest a
/// few levels deep.
const MAX_LAYERS: usize = 64;

/// Which attributions cover one segment of the text.
#[derive(Default, Clone)]
struct Cover {
    content: Vec<usize>,
    cue: Vec<usize>,
    speaker: Vec<usize>,
}

/// The text of one document with every attribution highlighted.
fn highlighted(out: &mut String, text: &str, attrs: &[Attribution]) {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for a in attrs {
        cuts.extend([a.content.start, a.content.end, a.cue.start, a.cue.end]);
        if let Some((s, _)) = a.speaker {
            cuts.extend([s.start, s.end]);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let at = |b: usize| cuts.partition_point(|&c| c < b);
    // one sweep over the segments per role, keeping the spans that cover the
    // current one ordered by (key, id): contents innermost first
    let mut cover = vec![Cover::default(); cuts.len() - 1];
    for role in 0..3 {
        let mut spans: Vec<(usize, usize, usize, usize)> = vec![];
        for (i, a) in attrs.iter().enumerate() {
            let s = match role {
                0 => Some(a.content),
                1 => Some(a.cue),
                _ => a.speaker.map(|(s, _)| s),
            };
            if let Some(s) = s {
                let key = if role == 0 { s.end - s.start } else { i };
                spans.push((at(s.start), at(s.end), key, i));
            }
        }
        spans.sort_unstable();
        let mut ending: Vec<Vec<(usize, usize)>> = vec![vec![]; cuts.len()];
        let mut active: std::collections::BTreeSet<(usize, usize)> = Default::default();
        let mut next = 0;
        for (seg, c) in cover.iter_mut().enumerate() {
            for k in std::mem::take(&mut ending[seg]) {
                active.remove(&k);
            }
            while next < spans.len() && spans[next].0 == seg {
                let (_, end, key, i) = spans[next];
                active.insert((key, i));
                ending[end].push((key, i));
                next += 1;
            }
            let list = match role {
                0 => &mut c.content,
                1 => &mut c.cue,
                _ => &mut c.speaker,
            };
            list.extend(active.iter().take(MAX_LAYERS).map(|&(_, i)| i));
        }
    }
    let ids = |v: &[usize]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
    for (seg, c) in cover.iter().enumerate() {
        let piece = &text[cuts[seg]..cuts[seg + 1]];
        if c.content.is_empty() && c.cue.is_empty() && c.speaker.is_empty() {
            esc(out, piece);
            continue;
        }
        let mut class = vec![];
        if let Some(&i) = c.content.first() {
            class.push(format!("k-{}", attrs[i].kind.as_str()));
            if c.content.len() > 1 {
                class.push("d2".into());
            }
        }
        if !c.cue.is_empty() {
            class.push("q".into());
        }
        if !c.speaker.is_empty() {
            class.push("sp".into());
        }
        out.push_str("<span class=\"");
        out.push_str(&class.join(" "));
        out.push('"');
        for (name, v) in [("a", &c.content), ("q", &c.cue), ("s", &c.speaker)] {
            if !v.is_empty() {
                out.push_str(&format!(" data-{name}=\"{}\"", ids(v)));
            }
        }
        out.push('>');
        esc(out, piece);
        out.push_str("</span>");
    }
}

/// One document: its id, its highlighted text, the who-said-what list
/// grouped by entity, and its attributions as JSON for the pop-ups.
pub fn doc_chunk(_ex: &Extractor, id: &str, text: &str, attrs: &[Attribution]) -> Vec<u8> {
    let said = tally::said(text, attrs);
    let mut out = String::with_capacity(text.len() * 2 + attrs.len() * 400 + 512);
    out.push_str("<article class=\"doc\">\n<h2><bdi>");
    esc(&mut out, id);
    out.push_str(&format!("</bdi> <small>اقتباسات: {}</small></h2>\n", attrs.len()));
    out.push_str("<div class=\"cols\"><div class=\"text\">");
    highlighted(&mut out, text, attrs);
    out.push_str("</div>\n<aside class=\"who\">");
    if attrs.is_empty() {
        out.push_str("<p class=\"none\">لا اقتباسات</p>");
    } else {
        out.push_str("<h3>من قال ماذا</h3>");
        // groups by entity, in order of first appearance
        let mut order: Vec<&str> = vec![];
        let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in said.iter().enumerate() {
            let m = members.entry(s.key.as_str()).or_default();
            if m.is_empty() {
                order.push(s.key.as_str());
            }
            m.push(i);
        }
        for key in order {
            let m = &members[key];
            let first = m[0];
            let name = if key.is_empty() { "(بلا قائل)".to_string() } else { said[first].name.clone() };
            out.push_str(&format!(
                "<div class=\"ent\"><button class=\"ename\" data-i=\"{first}\" title=\"filter by this speaker\">{}</button> <span class=\"n\">{}</span><ul>",
                esc_string(&name),
                m.len()
            ));
            for &i in m {
                let a = &attrs[i];
                let content = display::cut(&display::one_line(&text[a.content.start..a.content.end]), 110).into_owned();
                out.push_str(&format!(
                    "<li data-i=\"{i}\"><span class=\"badge k-{}\">{}</span>{} <b>{}</b> {}</li>",
                    a.kind.as_str(),
                    kind_label(a.kind),
                    a.act.map_or(String::new(), |x| format!("<span class=\"act\">{}</span>", x.as_str())),
                    esc_string(&text[a.cue.start..a.cue.end]),
                    esc_string(&content)
                ));
            }
            out.push_str("</ul></div>");
        }
    }
    out.push_str("</aside></div>\n");
    let list: Vec<serde_json::Value> = attrs
        .iter()
        .zip(&said)
        .map(|(a, s)| {
            let mut o = serde_json::json!({
                "k": a.kind.as_str(),
                "cue": safe(&text[a.cue.start..a.cue.end]),
                "lemma": safe(&a.lemma),
                "rule": a.rule,
            });
            if let Some(act) = a.act {
                o["act"] = act.as_str().into();
            }
            if let Some((sp, r)) = a.speaker {
                o["s"] = safe(&text[sp.start..sp.end]).into();
                o["r"] = if r == Resolved::Explicit { "explicit" } else { "implicit" }.into();
                o["e"] = safe(&s.name).into();
            }
            o
        })
        .collect();
    out.push_str("<script type=\"application/json\" class=\"attrs\">");
    out.push_str(&script_json(&serde_json::Value::Array(list)));
    out.push_str("</script>\n</article>\n");
    out.into_bytes()
}

/// What the page keeps between documents: the tally of the documents
/// shown, and per shown document its attributions' entity keys, kinds and
/// acts (for the filters).
#[derive(Default)]
pub struct Page {
    tally: Tally,
    docs: Vec<Vec<Said>>,
    seen: usize,
    max_docs: usize,
}

impl Page {
    pub fn new() -> Page {
        Page { max_docs: MAX_DOCS, ..Page::default() }
    }

    /// A page that shows at most `max_docs` documents.
    pub fn with_limit(max_docs: usize) -> Page {
        Page { max_docs, ..Page::default() }
    }

    /// What a document adds to the page (computed beside its chunk).
    pub fn said(text: &str, attrs: &[Attribution]) -> Vec<Said> {
        tally::said(text, attrs)
    }

    /// Count the next document; `false` when it is past the limit and its
    /// chunk must not be written.
    pub fn add(&mut self, said: Vec<Said>) -> bool {
        self.seen += 1;
        if self.docs.len() >= self.max_docs {
            return false;
        }
        self.tally.add(&said);
        self.docs.push(said);
        true
    }

    /// Documents counted but left out.
    pub fn left_out(&self) -> usize {
        self.seen - self.docs.len()
    }

    /// The end of the page: the corpus data and the script.
    pub fn finish(&self, w: &mut dyn Write, ex: &Extractor) -> io::Result<()> {
        let grouping = self.tally.groups(ex, true);
        let groups: Vec<serde_json::Value> = grouping
            .groups
            .iter()
            .map(|g| {
                let forms: Vec<&str> = g.forms.iter().take(6).map(|(f, _)| f.as_str()).collect();
                serde_json::json!({"n": safe(&g.name), "t": g.total, "k": g.by_kind, "d": g.docs.len(), "f": g.forms.len(), "v": forms.iter().map(|f| safe(f)).collect::<Vec<_>>()})
            })
            .collect();
        let act_index = |a: Option<Act>| a.and_then(|a| Act::ALL.iter().position(|&x| x == a)).map_or(-1, |i| i as i64);
        let attrs: Vec<Vec<[i64; 3]>> = self
            .docs
            .iter()
            .map(|d| {
                d.iter()
                    .map(|s| {
                        let g = if s.key.is_empty() { -1 } else { grouping.of(&s.key).map_or(-1, |g| g as i64) };
                        let k = Kind::ALL.iter().position(|&x| x == s.kind).unwrap_or(0) as i64;
                        [g, k, act_index(s.act)]
                    })
                    .collect()
            })
            .collect();
        let data = serde_json::json!({
            "documents": self.seen,
            "shown": self.docs.len(),
            "left_out": self.left_out(),
            "max_docs": self.max_docs,
            "attributions": self.tally.attributions,
            "kinds": Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            "kind_labels": KIND_LABELS,
            "acts": Act::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            "without_speaker": self.tally.without_speaker,
            "groups": groups,
            "attrs": attrs,
        });
        w.write_all(b"</main>\n<script type=\"application/json\" id=\"qawl-data\">")?;
        w.write_all(script_json(&data).as_bytes())?;
        w.write_all(b"</script>\n<script>\n")?;
        w.write_all(SCRIPT.as_bytes())?;
        w.write_all(b"</script>\n</body>\n</html>\n")
    }
}

/// A whole page for a few documents at once (tests, the library).
pub fn page(ex: &Extractor, docs: &[(&str, &str, Vec<Attribution>)]) -> Vec<u8> {
    let mut out = HEAD.as_bytes().to_vec();
    let mut p = Page::new();
    for (id, text, attrs) in docs {
        if p.add(Page::said(text, attrs)) {
            out.extend(doc_chunk(ex, id, text, attrs));
        }
    }
    p.finish(&mut out, ex).expect("write to memory");
    out
}
