//! The span contract of SPEC.md, as one checkable function.
//!
//! Owns the definition every test suite and the fuzz target check against:
//! each span (speaker, its entity, cue, content) is non-empty, inside the document, on
//! char boundaries, neither starts nor ends with whitespace, and the JSON
//! rendering round-trips (`input[start..end] == text`, and the char offsets
//! count the chars before `start` and `end`).

use serde_json::Value;

use crate::extract::Extractor;
use crate::model::{Attribution, Span};

/// One span against the contract; `what` names it in the message.
fn check_span(input: &str, s: Span, what: &str) -> Result<(), String> {
    let (a, b) = (s.start, s.end);
    if !(a < b && b <= input.len()) {
        return Err(format!("{what}: span {a}..{b} empty or outside a document of {} bytes", input.len()));
    }
    let Some(t) = input.get(a..b) else {
        return Err(format!("{what}: {a}..{b} not on char boundaries"));
    };
    if t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace) {
        return Err(format!("{what}: {t:?} starts or ends with whitespace"));
    }
    Ok(())
}

/// One rendered JSON span against the input.
fn check_json_span(input: &str, v: &Value, what: &str) -> Result<(), String> {
    let num = |k: &str| v[k].as_u64().map(|n| n as usize).ok_or_else(|| format!("{what}: no '{k}'"));
    let (s, e, cs, ce) = (num("start")?, num("end")?, num("char_start")?, num("char_end")?);
    let slice = input.get(s..e).ok_or_else(|| format!("{what}: {s}..{e} does not slice the input"))?;
    if v["text"].as_str() != Some(slice) {
        return Err(format!("{what}: text {:?} is not input[{s}..{e}] = {slice:?}", v["text"]));
    }
    if input[..s].chars().count() != cs || input[..e].chars().count() != ce {
        return Err(format!("{what}: char offsets {cs}..{ce} disagree with bytes {s}..{e}"));
    }
    Ok(())
}

/// Check every attribution of `input` against the span contract, and (for
/// documents up to `json_limit` bytes, since counting chars is linear per
/// span) their JSON rendering too.
pub fn check(ex: &Extractor, input: &str, attrs: &[Attribution], json_limit: usize) -> Result<(), String> {
    for (i, a) in attrs.iter().enumerate() {
        check_span(input, a.cue, &format!("attribution {} cue", i + 1))?;
        check_span(input, a.content, &format!("attribution {} content", i + 1))?;
        if let Some((s, _)) = a.speaker {
            check_span(input, s, &format!("attribution {} speaker", i + 1))?;
        }
        match (a.speaker, a.entity) {
            (Some(_), Some(e)) => check_span(input, e, &format!("attribution {} entity", i + 1))?,
            (None, None) => {}
            _ => return Err(format!("attribution {}: an entity without a speaker or a speaker without one", i + 1)),
        }
    }
    if input.len() > json_limit {
        return Ok(());
    }
    let doc = crate::output::doc_json(ex, "check", input, attrs, true);
    for (i, a) in doc["attributions"].as_array().into_iter().flatten().enumerate() {
        for key in ["speaker", "cue", "content"] {
            if !a[key].is_null() {
                check_json_span(input, &a[key], &format!("attribution {} {key} (json)", i + 1))?;
            }
        }
        if !a["speaker"].is_null() {
            check_json_span(input, &a["speaker"]["entity"], &format!("attribution {} entity (json)", i + 1))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_rejects_empty_and_untrimmed_spans() {
        let input = "قال الوزير: نعم";
        assert!(check_span(input, Span { start: 4, end: 4 }, "x").is_err());
        assert!(check_span(input, Span { start: 3, end: 8 }, "x").is_err());
        assert!(check_span(input, Span { start: 1, end: 6 }, "x").is_err());
        assert!(check_span(input, Span { start: 0, end: 6 }, "x").is_ok());
    }

    #[test]
    fn line_breaks_after_a_colon_give_no_empty_content() {
        // a colon followed by \v, \f, U+2028 or U+0085 (hardening issue, item 1)
        let ex = Extractor::builtin();
        for ws in ["\u{000B}", "\u{000C}", "\u{2028}", "\u{2029}", "\u{0085}", "\u{1680}"] {
            let input = format!("قال الوزير:{ws} \n");
            let attrs = ex.extract(&input);
            check(&ex, &input, &attrs, usize::MAX).unwrap_or_else(|e| panic!("{ws:?}: {e}"));
        }
    }
}
