//! The data model shared by resolution, output and evaluation.

use serde::Serialize;

/// The five kinds of attribution defined in `ANNOTATION.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Direct,
    Indirect,
    Mixed,
    #[value(name = "according_to", alias = "according-to")]
    AccordingTo,
    /// A reporting or stance word whose content is a noun phrase
    /// (أعلنت الوزارة تسجيل 230 إصابة، طالب النواب بإقالة الحكومة).
    Claim,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Indirect => "indirect",
            Kind::Mixed => "mixed",
            Kind::AccordingTo => "according_to",
            Kind::Claim => "claim",
        }
    }
    /// Every kind, in output order.
    pub const ALL: [Kind; 5] = [Kind::Direct, Kind::Indirect, Kind::Mixed, Kind::AccordingTo, Kind::Claim];

    /// The kind named `s` (`direct`, `according_to`, `claim`…).
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The coarse stance class of a cue (its `act=` tag in the pattern files),
/// which users filter claims on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// States or reports (قال، أكد، أوضح).
    Report,
    /// Makes public, discloses (أعلن، كشف).
    Announce,
    /// Denies or rejects (نفى، رفض، كذب).
    Deny,
    /// Asks for, calls for (طالب، دعا، ناشد).
    Demand,
    /// Warns, threatens (حذر، هدد).
    Warn,
    /// Praises, welcomes (أشاد، رحب، ثمن).
    Praise,
    /// Condemns, criticises (أدان، ندد، انتقد).
    Condemn,
}

impl Act {
    pub const ALL: [Act; 7] =
        [Act::Report, Act::Announce, Act::Deny, Act::Demand, Act::Warn, Act::Praise, Act::Condemn];

    pub fn as_str(self) -> &'static str {
        match self {
            Act::Report => "report",
            Act::Announce => "announce",
            Act::Deny => "deny",
            Act::Demand => "demand",
            Act::Warn => "warn",
            Act::Praise => "praise",
            Act::Condemn => "condemn",
        }
    }

    /// The act named `s` (`deny`, `demand`…).
    pub fn parse(s: &str) -> Option<Act> {
        Act::ALL.into_iter().find(|a| a.as_str() == s)
    }
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
    /// The fullest named mention of the speaker's source in the document
    /// (`entity`), set when `speaker` is; see [`crate::entity`].
    pub entity: Option<Span>,
    pub cue: Span,
    /// Lemma of the cue entry.
    pub lemma: String,
    /// Stance class of the cue entry, where it has one.
    pub act: Option<Act>,
    pub content: Span,
    /// Name of the resolution rule that built it (for `--explain`).
    pub rule: &'static str,
    /// Pattern entries that fired (cue first).
    pub entries: Vec<EntryRef>,
}
