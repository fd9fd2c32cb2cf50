//! The data model shared by resolution, output and evaluation.

use serde::Serialize;

/// The four kinds of attribution defined in `ANNOTATION.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Direct,
    Indirect,
    Mixed,
    AccordingTo,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Indirect => "indirect",
            Kind::Mixed => "mixed",
            Kind::AccordingTo => "according_to",
        }
    }
    pub const ALL: [Kind; 4] = [Kind::Direct, Kind::Indirect, Kind::Mixed, Kind::AccordingTo];
}

/// A byte span `[start, end)` in the original document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// How the speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Resolved {
    /// Named at the cue (after it, or just before it).
    Explicit,
    /// Carried from an earlier mention; the span is that mention.
    Implicit,
}

/// A pattern entry that took part in an attribution (for `--explain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef(pub u32);

/// One attribution, spans in the original text.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub kind: Kind,
    pub speaker: Option<(Span, Resolved)>,
    pub cue: Span,
    /// Lemma of the cue entry.
    pub lemma: String,
    pub content: Span,
    /// Name of the resolution rule that built it (for `--explain`).
    pub rule: &'static str,
    /// Pattern entries that fired (cue first).
    pub entries: Vec<EntryRef>,
}
