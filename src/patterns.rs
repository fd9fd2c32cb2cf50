//! Pattern files: parsing and validation of `patterns/ar/*.txt`.
//!
//! Owns the file grammar (documented in `patterns/README.md`), the default
//! set compiled into the binary, loading a replacement set with
//! `--patterns DIR`, `file:line: reason` errors for malformed entries, and
//! the size limits that keep a mistaken file from costing gigabytes at
//! start-up: a file of at most [`MAX_FILE_BYTES`], a line of at most
//! [`MAX_LINE_BYTES`], a form of at most [`MAX_FORM_BYTES`], and at most
//! [`MAX_SURFACES`] surface forms (forms with their generated proclitics)
//! for the matcher's automaton.

use std::fmt;
use std::path::{Path, PathBuf};

/// Which pattern file an entry comes from; decides its role in resolution
/// and which proclitics are generated in front of its forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Verb,
    Participle,
    According,
    Speaker,
    Ender,
    Complementizer,
    Quote,
}

impl Category {
    /// The pattern file holding this category.
    pub fn file_name(self) -> &'static str {
        match self {
            Category::Verb => "verbs.txt",
            Category::Participle => "participles.txt",
            Category::According => "according.txt",
            Category::Speaker => "speakers.txt",
            Category::Ender => "enders.txt",
            Category::Complementizer => "complementizers.txt",
            Category::Quote => "quotes.txt",
        }
    }

    pub const ALL: [Category; 7] = [
        Category::Verb,
        Category::Participle,
        Category::According,
        Category::Speaker,
        Category::Ender,
        Category::Complementizer,
        Category::Quote,
    ];

    /// One bit per category, for category sets kept in a byte.
    #[inline]
    pub const fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// Tags an entry of this file may carry.
    fn allowed_tags(self) -> &'static [&'static str] {
        match self {
            Category::Verb | Category::Participle => {
                &["colon", "an", "quote", "prep", "ambig", "act", "np", "pp", "addr", "obj", "masdar"]
            }
            Category::According => &["doc", "strict"],
            Category::Speaker => &["title", "role", "org", "anon", "media", "doc", "place"],
            Category::Ender | Category::Complementizer => &[],
            Category::Quote => &["weak"],
        }
    }
}

/// Grammatical gender of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    #[default]
    Masc,
    Fem,
}

/// Grammatical number of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Number {
    #[default]
    Sing,
    Dual,
    Plural,
}

/// One written form of an entry.
#[derive(Debug, Clone)]
pub struct Form {
    /// As written in the file.
    pub text: String,
    pub gender: Gender,
    pub number: Number,
}

/// One line of a pattern file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub category: Category,
    pub lemma: String,
    pub forms: Vec<Form>,
    /// Bare tags (`colon`, `an`, …).
    pub tags: Vec<String>,
    /// Values of `prep=X` tags, normalised as the text is (إلى → الي), so
    /// resolution compares them with words directly.
    pub preps: Vec<String>,
    /// Values of `pp=X` tags (normalised): the prepositions whose object is
    /// a claim (طالب بـ، دعا إلى، أعرب عن). `ب` and `ل` are attached.
    pub claim_preps: Vec<String>,
    /// The stance class of an `act=X` tag (report, announce, deny, demand,
    /// warn, praise, condemn), given in the output as `"act"`.
    pub act: Option<crate::model::Act>,
    /// 1-based line in its file.
    pub line: usize,
    /// For `quotes.txt`: the closing mark (`forms[0]` is the opening one).
    pub close: Option<String>,
}

impl Entry {
    pub fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// An exclusion line (`!FORM`): that surface word never fires as a cue of its file.
#[derive(Debug, Clone)]
pub struct Exclusion {
    pub category: Category,
    pub text: String,
    pub line: usize,
}

/// A complete, validated pattern set.
#[derive(Debug, Clone)]
pub struct PatternSet {
    /// Where the set came from (`<built-in>` or a directory).
    pub origin: String,
    pub entries: Vec<Entry>,
    pub exclusions: Vec<Exclusion>,
    /// The speaker chooser's weights (`weights.txt`, written by `qawl train`).
    pub weights: crate::resolve::Weights,
}

/// File name of the speaker chooser's weights, beside the pattern files.
pub const WEIGHTS_FILE: &str = "weights.txt";

/// The built-in weights file.
pub const BUILTIN_WEIGHTS: &str = include_str!("../patterns/ar/weights.txt");

/// Parse a weights file's text; errors name `file:line`.
pub fn parse_weights(file: &str, text: &str) -> Result<crate::resolve::Weights, Vec<PatternError>> {
    crate::resolve::Weights::parse(text).map_err(|es| {
        es.into_iter().map(|e| PatternError { file: file.to_string(), line: e.line, reason: e.reason }).collect()
    })
}

/// A malformed pattern entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.reason)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.reason)
        }
    }
}

impl std::error::Error for PatternError {}

/// The default pattern files, compiled into the binary.
pub const BUILTIN: [(Category, &str); 7] = [
    (Category::Verb, include_str!("../patterns/ar/verbs.txt")),
    (Category::Participle, include_str!("../patterns/ar/participles.txt")),
    (Category::According, include_str!("../patterns/ar/according.txt")),
    (Category::Speaker, include_str!("../patterns/ar/speakers.txt")),
    (Category::Ender, include_str!("../patterns/ar/enders.txt")),
    (Category::Complementizer, include_str!("../patterns/ar/complementizers.txt")),
    (Category::Quote, include_str!("../patterns/ar/quotes.txt")),
];

impl PatternSet {
    /// The set compiled into the binary.
    pub fn builtin() -> PatternSet {
        let weights = parse_weights("patterns/ar/weights.txt", BUILTIN_WEIGHTS)
            .unwrap_or_else(|e| panic!("built-in weights are invalid: {}", e[0]));
        let mut set = PatternSet { origin: "<built-in>".into(), entries: vec![], exclusions: vec![], weights };
        for (cat, text) in BUILTIN {
            let name = format!("patterns/ar/{}", cat.file_name());
            set.parse_into(cat, &name, text).unwrap_or_else(|e| panic!("built-in patterns are invalid: {}", e[0]));
        }
        set
    }

    /// Load every pattern file from `dir` (the `patterns/ar` folder, or a
    /// folder containing `ar/`). All errors are collected. A folder without
    /// `weights.txt` uses the built-in weights.
    pub fn load_dir(dir: &Path) -> Result<PatternSet, Vec<PatternError>> {
        let dir: PathBuf = if dir.join("ar").is_dir() { dir.join("ar") } else { dir.to_path_buf() };
        let builtin = PatternSet::builtin().weights;
        let mut set =
            PatternSet { origin: dir.display().to_string(), entries: vec![], exclusions: vec![], weights: builtin };
        let mut errors = vec![];
        let wpath = dir.join(WEIGHTS_FILE);
        if wpath.exists() {
            match std::fs::read_to_string(&wpath) {
                Ok(text) => match parse_weights(&wpath.display().to_string(), &text) {
                    Ok(w) => set.weights = w,
                    Err(mut e) => errors.append(&mut e),
                },
                Err(e) => errors.push(PatternError {
                    file: wpath.display().to_string(),
                    line: 0,
                    reason: format!("cannot read: {e}"),
                }),
            }
        }
        for cat in Category::ALL {
            let path = dir.join(cat.file_name());
            let name = path.display().to_string();
            let bytes = match read_file(&path) {
                Ok(b) => b,
                Err(FileError::Unreadable(reason) | FileError::TooLarge(reason)) => {
                    errors.push(PatternError { file: name, line: 0, reason });
                    continue;
                }
            };
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                    errors.push(PatternError { file: name, line, reason: "invalid UTF-8".into() });
                    continue;
                }
            };
            if let Err(mut e) = set.parse_into(cat, &name, &text) {
                errors.append(&mut e);
            }
        }
        if errors.is_empty()
            && let Err(e) = set.check_surfaces()
        {
            errors.push(e);
        }
        if errors.is_empty() { Ok(set) } else { Err(errors) }
    }

    /// The number of surface forms the matcher would be built over must stay
    /// under [`MAX_SURFACES`]; the error names the entry that crosses it.
    pub fn check_surfaces(&self) -> Result<(), PatternError> {
        let mut total = 0;
        for e in &self.entries {
            total +=
                e.forms.iter().map(|f| crate::cues::surface_count(e.category, &f.text, e.has("obj"))).sum::<usize>();
            if total > MAX_SURFACES {
                return Err(PatternError {
                    file: self.file_path(e.category),
                    line: e.line,
                    reason: format!(
                        "with this entry the patterns make more than {MAX_SURFACES} surface forms \
                         (forms with their generated proclitics); the limit keeps the matcher small"
                    ),
                });
            }
        }
        Ok(())
    }

    /// Entries of one category.
    pub fn of(&self, cat: Category) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.category == cat)
    }

    /// The path of `cat`'s file as an editor can open it: `patterns/ar/verbs.txt`
    /// for the built-in set, `DIR/verbs.txt` for a set loaded from `DIR`.
    pub fn file_path(&self, cat: Category) -> String {
        if self.origin == "<built-in>" {
            format!("patterns/ar/{}", cat.file_name())
        } else {
            Path::new(&self.origin).join(cat.file_name()).display().to_string()
        }
    }

    /// `file:line` of an entry (see [`PatternSet::file_path`]).
    pub fn location(&self, e: &Entry) -> String {
        format!("{}:{}", self.file_path(e.category), e.line)
    }

    /// Parse one file's text into this set; errors name `file:line`. Entries
    /// of valid lines are kept even when other lines fail (`patterns check`).
    pub fn parse_into(&mut self, cat: Category, file: &str, text: &str) -> Result<(), Vec<PatternError>> {
        let mut errors = vec![];
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            match parse_line(cat, raw, line) {
                Ok(Parsed::Empty) => {}
                Ok(Parsed::Entry(e)) => self.entries.push(e),
                Ok(Parsed::Exclusion(x)) => self.exclusions.push(x),
                Err(reason) => errors.push(PatternError { file: file.to_string(), line, reason }),
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// The bytes of a pattern file, or why it cannot be used: missing, not a
/// regular file (a FIFO would block), or over [`MAX_FILE_BYTES`] (read no
/// further than that).
pub fn read_file(path: &Path) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| FileError::Unreadable(format!("cannot read: {e}"));
    let m = std::fs::metadata(path).map_err(unreadable)?;
    if !m.is_file() {
        return Err(FileError::Unreadable("cannot read: not a regular file".into()));
    }
    let mut bytes = vec![];
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge(format!("more than {MAX_FILE_BYTES} bytes; a pattern file is at most 1 MiB")));
    }
    Ok(bytes)
}

/// Why a pattern file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// Missing, unreadable, not a regular file.
    Unreadable(String),
    /// Over [`MAX_FILE_BYTES`].
    TooLarge(String),
}

enum Parsed {
    Empty,
    Entry(Entry),
    Exclusion(Exclusion),
}

/// Strip a comment: a line starting with `#`, or text after ` #`.
fn strip_comment(raw: &str) -> &str {
    let t = raw.trim();
    if t.starts_with('#') {
        return "";
    }
    match t.find(" #") {
        Some(i) => t[..i].trim(),
        None => t,
    }
}

/// Largest pattern file accepted (the largest built-in file is 24 KB).
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Longest line accepted.
pub const MAX_LINE_BYTES: usize = 16 << 10;
/// Longest form accepted, in bytes (the longest built-in form is 40).
pub const MAX_FORM_BYTES: usize = 200;
/// Most surface forms (with generated proclitics) the matcher is built
/// over (the built-in set makes about 16,000).
pub const MAX_SURFACES: usize = 200_000;

fn too_long(what: &str, text: &str, limit: usize) -> Option<String> {
    (text.len() > limit).then(|| format!("{what} is {} bytes long; the limit is {limit}", text.len()))
}

fn parse_line(cat: Category, raw: &str, line: usize) -> Result<Parsed, String> {
    if let Some(e) = too_long("line", raw, MAX_LINE_BYTES) {
        return Err(e);
    }
    let body = strip_comment(raw);
    if body.is_empty() {
        return Ok(Parsed::Empty);
    }
    if let Some(rest) = body.strip_prefix('!') {
        let text = rest.trim();
        if text.is_empty() {
            return Err("empty exclusion after '!'".into());
        }
        if let Some(e) = too_long("exclusion", text, MAX_FORM_BYTES) {
            return Err(e);
        }
        return Ok(Parsed::Exclusion(Exclusion { category: cat, text: text.to_string(), line }));
    }
    let (main, tags_part) = match body.split_once('|') {
        Some((m, t)) => (m.trim(), t.trim()),
        None => (body, ""),
    };
    if main.is_empty() {
        return Err("entry has no form before '|'".into());
    }
    let mut tags = vec![];
    let mut preps = vec![];
    let mut act = None;
    let mut claim_preps = vec![];
    for tag in tags_part.split_whitespace() {
        let (name, value) = match tag.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (tag, None),
        };
        if !cat.allowed_tags().contains(&name) {
            return Err(format!("unknown tag '{tag}' for {}", cat.file_name()));
        }
        match (name, value) {
            ("prep", Some(v)) if !v.is_empty() => preps.push(crate::normalize::normalize_form(v)),
            ("prep", _) => return Err("tag 'prep' needs a value: prep=إلى".into()),
            ("pp", Some(v)) if !v.is_empty() => claim_preps.push(crate::normalize::normalize_form(v)),
            ("pp", _) => return Err("tag 'pp' needs a value: pp=إلى".into()),
            ("act", Some(v)) => match (crate::model::Act::parse(v), act) {
                (Some(a), None) => act = Some(a),
                (Some(_), Some(_)) => return Err("more than one 'act=' tag".into()),
                (None, _) => {
                    let names: Vec<&str> = crate::model::Act::ALL.iter().map(|a| a.as_str()).collect();
                    return Err(format!("unknown act '{v}' (one of {})", names.join(", ")));
                }
            },
            ("act", None) => return Err("tag 'act' needs a value: act=deny".into()),
            (_, Some(_)) => return Err(format!("tag '{name}' takes no value")),
            _ => tags.push(name.to_string()),
        }
    }
    if tags.iter().any(|t| t == "addr") && claim_preps.is_empty() {
        return Err("tag 'addr' needs a claim preposition: add pp=X (دعا … | pp=إلى addr)".into());
    }
    if cat == Category::Quote {
        let marks: Vec<&str> = main.split_whitespace().collect();
        if marks.len() != 2 {
            return Err("a quote pair is 'OPEN CLOSE'".into());
        }
        if let Some(e) = marks.iter().find_map(|m| too_long("quotation mark", m, MAX_FORM_BYTES)) {
            return Err(e);
        }
        return Ok(Parsed::Entry(Entry {
            category: cat,
            lemma: main.to_string(),
            forms: vec![Form { text: marks[0].into(), gender: Gender::Masc, number: Number::Sing }],
            tags,
            preps,
            claim_preps,
            act,
            line,
            close: Some(marks[1].to_string()),
        }));
    }
    let (lemma, forms_part) = match main.split_once('=') {
        Some((l, f)) => (l.trim(), f.trim()),
        None => (main, main),
    };
    if lemma.is_empty() {
        return Err("empty lemma before '='".into());
    }
    let mut forms = vec![];
    for f in forms_part.split(',') {
        let f = f.trim();
        if f.is_empty() {
            return Err("empty form (two commas, or a trailing comma)".into());
        }
        let (text, ftags) = match f.split_once('/') {
            Some((t, g)) => (t.trim(), g.trim()),
            None => (f, ""),
        };
        if text.is_empty() {
            return Err(format!("empty form in '{f}'"));
        }
        if let Some(e) = too_long("form", text, MAX_FORM_BYTES) {
            return Err(e);
        }
        let mut form = Form { text: text.to_string(), gender: Gender::Masc, number: Number::Sing };
        if !ftags.is_empty() {
            for t in ftags.split('+') {
                match t {
                    "f" => form.gender = Gender::Fem,
                    "m" => form.gender = Gender::Masc,
                    "du" => form.number = Number::Dual,
                    "pl" => form.number = Number::Plural,
                    "sg" => form.number = Number::Sing,
                    other => return Err(format!("unknown form tag '{other}' in '{f}' (use f, du, pl joined by +)")),
                }
            }
        }
        if crate::normalize::normalize_form(text).is_empty() {
            return Err(format!("form '{text}' is empty after normalisation"));
        }
        forms.push(form);
    }
    Ok(Parsed::Entry(Entry {
        category: cat,
        lemma: lemma.to_string(),
        forms,
        tags,
        preps,
        claim_preps,
        act,
        line,
        close: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_entry() {
        let Parsed::Entry(e) =
            parse_line(Category::Verb, "قال = قال, قالت/f, قالوا/pl, قالتا/f+du | colon an prep=إلى", 3).unwrap()
        else {
            panic!()
        };
        assert_eq!(e.lemma, "قال");
        assert_eq!(e.forms.len(), 4);
        assert_eq!(e.forms[1].gender, Gender::Fem);
        assert_eq!(e.forms[3].number, Number::Dual);
        assert!(e.has("colon") && e.has("an"));
        assert_eq!(e.preps, vec!["الي"]);
        assert_eq!(e.act, None);
        let Parsed::Entry(e) = parse_line(Category::Verb, "نفى = نفى, نفت/f | an act=deny", 4).unwrap() else {
            panic!()
        };
        assert_eq!(e.act, Some(crate::model::Act::Deny));
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(parse_line(Category::Verb, "قال = قال,, قالت", 1).is_err());
        assert!(parse_line(Category::Verb, "قال | loud", 1).is_err());
        assert!(parse_line(Category::Verb, "قال = قالت/x", 1).is_err());
        assert!(parse_line(Category::Quote, "«", 1).is_err());
        assert!(parse_line(Category::Verb, "!", 1).is_err());
        // addr says whom the claim preposition's cue addresses: no use without one
        assert!(parse_line(Category::Verb, "دعا = دعا | an addr", 1).is_err());
        assert!(parse_line(Category::Verb, "دعا = دعا | an pp=إلى addr", 1).is_ok());
        assert!(parse_line(Category::Verb, "ـــ", 1).is_err());
        assert!(parse_line(Category::Verb, "نفى | act=refute", 1).is_err());
        assert!(parse_line(Category::Verb, "نفى | act", 1).is_err());
        assert!(parse_line(Category::Verb, "نفى | act=deny act=warn", 1).is_err());
        assert!(parse_line(Category::Speaker, "وزير | act=deny", 1).is_err());
    }

    #[test]
    fn comments_and_exclusions() {
        assert!(matches!(parse_line(Category::Verb, "  # x", 1), Ok(Parsed::Empty)));
        assert!(matches!(parse_line(Category::According, "!فحسب", 1), Ok(Parsed::Exclusion(_))));
        let Parsed::Entry(e) = parse_line(Category::According, "بحسب # note", 1).unwrap() else { panic!() };
        assert_eq!(e.forms[0].text, "بحسب");
    }

    #[test]
    fn builtin_set_loads() {
        let set = PatternSet::builtin();
        assert!(set.of(Category::Verb).count() >= 60);
        assert!(set.of(Category::Quote).count() >= 4);
    }
}
