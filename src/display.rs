//! Text for people on a terminal: escaping what the input must never send to
//! it, and cutting values to a width.
//!
//! Owns: the one escaping rule of every human-readable output (the extract
//! table, `qawl diff`, `qawl patterns stats`, `qawl speakers`, `eval
//! --errors`): control characters (C0, DEL, C1) and the bidi embedding,
//! override and isolate controls are written as visible escapes (`\x1b`,
//! `\u{202e}`), so an article or an id can neither clear the screen, set the
//! title, reorder the line nor break a block; display widths (combining marks
//! take no column, wide East Asian characters two) and cutting with `…`.

use std::borrow::Cow;

/// Must this character be escaped before it reaches a terminal?
#[inline]
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write;
    let u = c as u32;
    let _ = match c {
        '\n' => write!(out, "\\n"),
        '\t' => write!(out, "\\t"),
        '\r' => write!(out, "\\r"),
        _ if u < 0x100 => write!(out, "\\x{u:02x}"),
        _ => write!(out, "\\u{{{u:04x}}}"),
    };
}

/// `s` with every unsafe character (see [`is_unsafe`]) escaped, line breaks
/// and tabs included: for ids and other one-token values.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` on one line: tabs and line breaks (`\n`, `\r`, U+2028, U+2029, `\v`,
/// `\f`, U+0085) become spaces, and every other unsafe character is
/// escaped: for texts (speakers, contents) and table lines.
pub fn one_line(s: &str) -> Cow<'_, str> {
    let breaks = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}');
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if breaks(c) {
            out.push(' ');
        } else if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Columns a character takes on a terminal: 0 for combining marks (Arabic
/// diacritics among them) and zero-width characters, 2 for wide East Asian
/// characters and emoji, 1 otherwise.
pub fn char_width(c: char) -> usize {
    match c as u32 {
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05C7
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
        | 0x08D3..=0x08FF
        | 0x200B..=0x200F
        | 0x2060..=0x2064
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0xFEFF => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// `s` cut to at most `max` columns: when it is wider, as many characters as
/// fit with `…` after them (combining marks stay with their letter).
pub fn cut(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    let room = max.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let mut out = s[..end].trim_end().to_string();
    out.push('…');
    Cow::Owned(out)
}

/// The width to lay a table out in: the terminal's when `stdout` is one,
/// else `$COLUMNS`, else 100; never below 40.
pub fn output_width() -> usize {
    let from_env = || std::env::var("COLUMNS").ok().and_then(|v| v.trim().parse::<usize>().ok());
    let w = terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(w), _)| w as usize)
        .or_else(from_env)
        .unwrap_or(100);
    w.max(40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(escape("id\nnext"), "id\\nnext");
        assert_eq!(escape("\u{202e}عكس"), "\\u{202e}عكس");
        assert_eq!(escape("\u{9b}31m"), "\\x9b31m");
        assert!(matches!(escape("قال الوزير"), Cow::Borrowed(_)));
        assert_eq!(one_line("سطر\nثان\t\x07"), "سطر ثان \\x07");
        assert!(!one_line("\x1b]0;title\x07").chars().any(is_unsafe));
    }

    #[test]
    fn cuts_to_columns() {
        let s = "قال الوزير إن الاجتماع كان مثمرا";
        assert_eq!(cut(s, 100), s);
        let c = cut(s, 12);
        assert!(c.ends_with('…'));
        assert!(width(&c) <= 12, "{c}");
        // diacritics take no column and are never cut from their letter
        let d = cut("قَالَ الوَزِيرُ كلاما كثيرا", 5);
        assert_eq!(d, "قَالَ…");
        assert_eq!(width("漢字"), 4);
    }
}
