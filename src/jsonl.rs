//! One JSONL line to a document, without a JSON tree: the line is checked
//! as JSON (the grammar of RFC 8259, plus serde_json's limits: nesting
//! depth 127, finite numbers) in one pass, and only the id and text fields
//! are kept, as slices of the line where they hold no escapes.
//!
//! Owns what a line means: the last occurrence of a key wins (as in
//! serde_json), a string id is taken as it is and a number id as written
//! (`1.50`, `7.0` and 25-digit ids survive), any other id means "no id",
//! and a lone surrogate escape (`\ud800`, from text cut inside an emoji)
//! becomes U+FFFD instead of losing the document. Error messages are
//! serde_json's (the line is parsed again with it only when it fails here).
//!
//! The other way, [`write_str`] writes a JSON string byte for byte as
//! serde_json does, eight bytes at a time where nothing needs escaping.

use std::borrow::Cow;

/// What a line holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed<'a> {
    /// A document: its id (`None` when the id field is missing or neither a
    /// string nor a number) and its text.
    Doc { id: Option<Cow<'a, str>>, text: Cow<'a, str> },
    /// Why the line is skipped (`..., skipped`).
    Bad(String),
}

/// A string value inside the line: `[start, end)` between the quotes.
#[derive(Debug, Clone, Copy)]
struct Str {
    start: usize,
    end: usize,
    escaped: bool,
}

#[derive(Debug, Clone, Copy)]
enum Val {
    Str(Str),
    Num(usize, usize),
    Other,
}

/// serde_json's recursion limit: 128 levels error, 127 are fine.
const MAX_DEPTH: usize = 127;

struct Parser<'a> {
    /// The line, checked UTF-8; `b` is its bytes.
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
}

/// Any JSON syntax error: the message comes from serde_json.
struct Invalid;

type R<T> = Result<T, Invalid>;

/// Parse one line (without its newline; leading and trailing whitespace are
/// fine). `id_field` and `text_field` name the fields to keep.
pub fn parse<'a>(line: &'a [u8], id_field: &str, text_field: &str) -> Parsed<'a> {
    let Ok(s) = simdutf8::basic::from_utf8(line) else { return slow(line, id_field, text_field) };
    let mut p = Parser { s, b: s.as_bytes(), i: 0, depth: 0 };
    match p.top(id_field.as_bytes(), text_field.as_bytes()) {
        Ok(Top::NotObject) => Parsed::Bad("not a JSON object, skipped".into()),
        Ok(Top::Object { id, text }) => {
            let text = match text {
                None => return Parsed::Bad(format!("no '{text_field}' field, skipped")),
                Some(Val::Str(t)) => decode(s, t),
                Some(_) => return Parsed::Bad(format!("field '{text_field}' is not a string, skipped")),
            };
            let id = match id {
                Some(Val::Str(t)) => Some(decode(s, t)),
                Some(Val::Num(a, b)) => Some(Cow::Borrowed(&s[a..b])),
                _ => None,
            };
            Parsed::Doc { id, text }
        }
        Err(Invalid) => slow(line, id_field, text_field),
    }
}

/// The serde_json reading of a line this parser rejects, for its message.
/// (Should serde_json accept it, its reading is used: the two must agree,
/// and tests check that they do.)
fn slow<'a>(line: &'a [u8], id_field: &str, text_field: &str) -> Parsed<'a> {
    use serde_json::Value;
    let v: Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return Parsed::Bad(format!("not valid JSON ({e}), skipped")),
    };
    let Value::Object(mut obj) = v else { return Parsed::Bad("not a JSON object, skipped".into()) };
    let id = match obj.get(id_field) {
        Some(Value::String(s)) => Some(Cow::Owned(s.clone())),
        Some(Value::Number(n)) => Some(Cow::Owned(n.to_string())),
        _ => None,
    };
    match obj.remove(text_field) {
        Some(Value::String(s)) => Parsed::Doc { id, text: Cow::Owned(s) },
        Some(_) => Parsed::Bad(format!("field '{text_field}' is not a string, skipped")),
        None => Parsed::Bad(format!("no '{text_field}' field, skipped")),
    }
}

enum Top {
    NotObject,
    Object { id: Option<Val>, text: Option<Val> },
}

impl Parser<'_> {
    #[inline]
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.i += 1;
        }
    }

    #[inline]
    fn peek(&self) -> R<u8> {
        self.b.get(self.i).copied().ok_or(Invalid)
    }

    #[inline]
    fn eat(&mut self, c: u8) -> R<()> {
        if self.peek()? == c {
            self.i += 1;
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    fn top(&mut self, id_field: &[u8], text_field: &[u8]) -> R<Top> {
        self.ws();
        if self.peek()? != b'{' {
            self.value()?;
            self.end()?;
            return Ok(Top::NotObject);
        }
        self.i += 1;
        self.depth = 1;
        let (mut id, mut text) = (None, None);
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
        } else {
            let mut key_buf = String::new();
            loop {
                self.ws();
                self.eat(b'"')?;
                let k = self.string()?;
                let key: &[u8] = if k.escaped {
                    key_buf.clear();
                    unescape(self.s, k, &mut key_buf);
                    key_buf.as_bytes()
                } else {
                    &self.b[k.start..k.end]
                };
                let (is_id, is_text) = (key == id_field, key == text_field);
                self.ws();
                self.eat(b':')?;
                self.ws();
                let v = self.value()?;
                if is_id {
                    id = Some(v);
                }
                if is_text {
                    text = Some(v);
                }
                self.ws();
                match self.peek()? {
                    b',' => self.i += 1,
                    b'}' => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(Invalid),
                }
            }
        }
        self.end()?;
        Ok(Top::Object { id, text })
    }

    /// Only whitespace may follow the value.
    fn end(&mut self) -> R<()> {
        self.ws();
        if self.i == self.b.len() { Ok(()) } else { Err(Invalid) }
    }

    /// One value at `self.i` (whitespace before it skipped by the caller).
    fn value(&mut self) -> R<Val> {
        match self.peek()? {
            b'"' => {
                self.i += 1;
                Ok(Val::Str(self.string()?))
            }
            b'{' | b'[' => {
                self.nested()?;
                Ok(Val::Other)
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.number()?;
                Ok(Val::Num(start, self.i))
            }
            _ => Err(Invalid),
        }
    }

    fn literal(&mut self, word: &[u8]) -> R<Val> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(Val::Other)
        } else {
            Err(Invalid)
        }
    }

    /// An object or array (and everything inside), without recursion: a
    /// stack of open brackets, as deep as serde_json allows.
    fn nested(&mut self) -> R<()> {
        let base = self.depth;
        // true: inside an object
        let mut stack: Vec<bool> = Vec::new();
        loop {
            // at the start of a value that opens a container, or inside one after `,`/open
            match self.peek()? {
                c @ (b'{' | b'[') => {
                    if base + stack.len() + 1 > MAX_DEPTH {
                        return Err(Invalid);
                    }
                    self.i += 1;
                    stack.push(c == b'{');
                    self.ws();
                    let close = if c == b'{' { b'}' } else { b']' };
                    if self.peek()? == close {
                        self.i += 1;
                        stack.pop();
                    } else {
                        if c == b'{' {
                            self.key()?;
                        }
                        continue;
                    }
                }
                _ => {
                    self.value()?;
                }
            }
            // after a value: `,` and the next member, or close containers
            loop {
                let Some(&obj) = stack.last() else { return Ok(()) };
                self.ws();
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        self.ws();
                        if obj {
                            self.key()?;
                        }
                        break;
                    }
                    b'}' if obj => {
                        self.i += 1;
                        stack.pop();
                    }
                    b']' if !obj => {
                        self.i += 1;
                        stack.pop();
                    }
                    _ => return Err(Invalid),
                }
            }
        }
    }

    /// `"key" :` inside a nested object, leaving `self.i` at the value.
    fn key(&mut self) -> R<()> {
        self.eat(b'"')?;
        self.string()?;
        self.ws();
        self.eat(b':')?;
        self.ws();
        Ok(())
    }

    /// The rest of a string after its opening quote: escapes checked, no
    /// raw control characters.
    fn string(&mut self) -> R<Str> {
        let start = self.i;
        let mut escaped = false;
        loop {
            self.i = find_special(self.b, self.i);
            match self.peek()? {
                b'"' => {
                    let s = Str { start, end: self.i, escaped };
                    self.i += 1;
                    return Ok(s);
                }
                b'\\' => {
                    escaped = true;
                    self.i += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 1,
                        b'u' => {
                            let hex = self.b.get(self.i + 1..self.i + 5).ok_or(Invalid)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(Invalid);
                            }
                            self.i += 5;
                        }
                        _ => return Err(Invalid),
                    }
                }
                _ => return Err(Invalid), // a control character
            }
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, finite as a float.
    fn number(&mut self) -> R<()> {
        let start = self.i;
        let b = self.b;
        let digits = |i: &mut usize| {
            let s = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - s
        };
        let mut i = self.i;
        if b[i] == b'-' {
            i += 1;
        }
        let int_start = i;
        let n_int = digits(&mut i);
        if n_int == 0 || (n_int > 1 && b[int_start] == b'0') {
            return Err(Invalid);
        }
        let mut float = n_int > 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return Err(Invalid);
            }
            float = true;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(Invalid);
            }
            float = true;
        }
        // serde_json rejects numbers that overflow a float
        if float {
            let s = std::str::from_utf8(&b[start..i]).map_err(|_| Invalid)?;
            if !s.parse::<f64>().is_ok_and(f64::is_finite) {
                return Err(Invalid);
            }
        }
        self.i = i;
        Ok(())
    }
}

/// The first index from `i` on holding `"`, `\` or a control character
/// (below 0x20), or `b.len()`: a SIMD search for the two marks, then the
/// bytes before the one found checked for control characters sixteen at a
/// time.
#[inline]
fn find_special(b: &[u8], i: usize) -> usize {
    let j = memchr::memchr2(b'"', b'\\', &b[i..]).map_or(b.len(), |k| i + k);
    first_control(b, i, j).unwrap_or(j)
}

/// The first control character (below 0x20) in `b[i..j]`.
#[inline]
fn first_control(b: &[u8], mut i: usize, j: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // a byte below 0x20 in x: the lowest flag is exact (borrows only run upwards)
    let below = |x: u64| x.wrapping_sub(LO * 0x20) & !x & HI;
    while i + 16 <= j {
        let x = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        let y = u64::from_le_bytes(b[i + 8..i + 16].try_into().expect("8 bytes"));
        if below(x) | below(y) != 0 {
            break;
        }
        i += 16;
    }
    b[i..j].iter().position(|&c| c < 0x20).map(|k| i + k)
}

/// Append `s` to `out` as a JSON string, exactly as `serde_json` writes it:
/// `"` and `\\` escaped, control characters as `\\b \\f \\n \\r \\t` or
/// `\\u00xx`, everything else as it is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut i = 0;
    loop {
        let j = find_special(b, i);
        out.extend_from_slice(&b[i..j]);
        let Some(&c) = b.get(j) else { break };
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(c >> 4) as usize], HEX[(c & 15) as usize]]);
            }
        }
        i = j + 1;
    }
    out.push(b'"');
}

/// The text of a checked string value of the line `s`.
fn decode(s: &str, t: Str) -> Cow<'_, str> {
    if !t.escaped {
        return Cow::Borrowed(&s[t.start..t.end]);
    }
    let mut out = String::with_capacity(t.end - t.start);
    unescape(s, t, &mut out);
    Cow::Owned(out)
}

/// Append the checked string value `t` of the line `s` to `out` with its
/// escapes resolved; a lone surrogate becomes U+FFFD. (Slicing at the ASCII
/// backslashes keeps to char boundaries: no second UTF-8 check.)
fn unescape(s: &str, t: Str, out: &mut String) {
    let body = &s[t.start..t.end];
    let raw = body.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let Some(k) = memchr::memchr(b'\\', &raw[i..]) else {
            out.push_str(&body[i..]);
            break;
        };
        out.push_str(&body[i..i + k]);
        i += k + 1;
        let c = raw[i];
        i += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            _ => {
                let u = hex4(&raw[i..i + 4]);
                i += 4;
                if (0xD800..0xDC00).contains(&u) && raw.get(i..i + 2) == Some(b"\\u") {
                    let lo = hex4(&raw[i + 2..i + 6]);
                    if (0xDC00..0xE000).contains(&lo) {
                        i += 6;
                        char::from_u32(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)).expect("surrogate pair")
                    } else {
                        '\u{FFFD}'
                    }
                } else {
                    char::from_u32(u).unwrap_or('\u{FFFD}')
                }
            }
        };
        out.push(ch);
    }
}

fn hex4(h: &[u8]) -> u32 {
    h.iter().fold(0, |acc, &d| acc * 16 + (d as char).to_digit(16).expect("checked hex digit"))
}

#[cfg(test)]
mod tests;
