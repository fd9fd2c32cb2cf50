//! Shared helpers for the integration tests.

use qawl::model::Resolved;
use qawl::{Attribution, Extractor};

/// Render attributions for a linguist reading a snapshot diff: one block per
/// attribution — kind and rule, speaker, cue, content.
pub fn render(text: &str, attrs: &[Attribution]) -> String {
    let mut out = String::new();
    if attrs.is_empty() {
        out.push_str("(no attributions)\n");
    }
    for (i, a) in attrs.iter().enumerate() {
        let speaker = match a.speaker {
            None => "—".to_string(),
            Some((s, Resolved::Explicit)) => text[s.start..s.end].to_string(),
            Some((s, Resolved::Implicit)) => format!("{} (implicit)", &text[s.start..s.end]),
        };
        out.push_str(&format!(
            "[{}] {} ({})\nspeaker: {}\ncue: {}\ncontent: {}\n\n",
            i + 1,
            a.kind.as_str(),
            a.rule,
            speaker,
            &text[a.cue.start..a.cue.end],
            text[a.content.start..a.content.end].replace('\n', " ⏎ ")
        ));
    }
    out
}

pub fn extractor() -> Extractor {
    Extractor::builtin()
}
