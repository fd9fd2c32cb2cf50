//! `qawl patterns check`: everything `PatternSet::load_dir` rejects, plus the
//! problems a loader cannot see on a single line.
//!
//! Problems (each `file:line: message`, exit 1):
//!
//! - parse errors (unknown tags, empty forms or lemmas, bad form tags, a
//!   malformed quote pair), collected for every line instead of stopping;
//! - a form written the same twice in one file (within one entry, or under
//!   two lemmas: a form belongs to one lemma only);
//! - two forms of one entry that are equal after normalisation (hamza, alif
//!   maqsura, diacritics folded): the second is redundant;
//! - two forms of different entries of one file that are equal after
//!   normalisation and disagree in tags or in gender/number (the matcher
//!   cannot tell them apart, so one reading silently wins);
//! - the same normalised form in two files where that changes its meaning:
//!   two cue files (verbs, participles, according-to markers), a cue and a
//!   speaker noun, a cue and a complementizer, a speaker noun and an ender, a
//!   speaker noun and a complementizer;
//! - a character outside Arabic (U+0600–U+06FF, U+0750–U+077F, U+08A0–U+08FF,
//!   presentation forms U+FB50–U+FDFF, U+FE70–U+FEFF) or space in a lemma, a
//!   form, a `prep=` value or a `!FORM` (every file but `quotes.txt`), and
//!   Arabic punctuation (، ؛ ؟) inside a form, which usually means `،` was
//!   typed where `, ` separates forms;
//! - an exclusion listed twice, or one that matches no form of its file even
//!   with proclitics (it has no effect; `enders.txt` is exempt: its
//!   exclusions except words from the rule that every لل word is an ender);
//! - in `quotes.txt`: a mark that is not one character, or an opening mark
//!   listed twice;
//! - a file with no entries (an empty `verbs.txt` finds nothing);
//! - a form of one letter outside `enders.txt` (`و` as a verb or speaker
//!   fires on every conjunction), a form with a
//!   double space or a tab (a typo: the text's spaces are collapsed), a form
//!   of more than six words (a sentence pasted as a form);
//! - what loading refuses as too large: a file over 1 MiB, a line over
//!   16 KiB, a form over 200 bytes, or more than 200,000 surface forms
//!   (forms with proclitics) in all (`patterns`).
//!
//! Fine, not reported: two spellings in different entries of one file that
//! only normalisation makes equal and that carry the same tags and gender
//! (the complementizers إن and أن), a form that is both an ender and a complementizer
//! (أن ends a speaker phrase either way), a cue that is also an ender (a cue
//! ends the speaker phrase anyway), a closing quotation mark that opens another
//! pair (`„ “` next to `“ ”`), a speaker noun and an ender written with
//! different hamza seats (إمام / أمام: the text's own spelling decides).
//!
//! Unreadable (exit 2): a missing folder, a missing or unreadable file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::normalize::normalize_form;
use crate::patterns::{BUILTIN, Category, Entry, FileError, PatternSet};

/// One problem at `file:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct Report {
    /// Where the files came from (`<built-in>` or a folder).
    pub origin: String,
    /// Entries that parsed.
    pub entries: usize,
    /// Problems, sorted by file (in `Category::ALL` order) then line.
    pub problems: Vec<Problem>,
    /// Files or folders that could not be read (`path: reason`).
    pub unreadable: Vec<String>,
}

impl Report {
    /// Exit status: 0 clean, 1 problems, 2 something unreadable.
    pub fn exit_code(&self) -> u8 {
        if !self.unreadable.is_empty() {
            2
        } else if !self.problems.is_empty() {
            1
        } else {
            0
        }
    }
}

/// Check the set compiled into the binary (named `patterns/ar/<file>`).
pub fn check_builtin() -> Report {
    let files = BUILTIN.iter().map(|&(cat, text)| (cat, format!("patterns/ar/{}", cat.file_name()), Ok(text.into())));
    check_files("<built-in>".into(), files.collect())
}

/// Check the files of `dir` (the `ar` folder, or a folder containing `ar/`).
pub fn check_dir(dir: &Path) -> Report {
    if !dir.is_dir() {
        let why = if dir.exists() { "not a folder" } else { "no such folder" };
        return Report {
            origin: dir.display().to_string(),
            unreadable: vec![format!("{}: {why}", dir.display())],
            ..Report::default()
        };
    }
    let dir: PathBuf = if dir.join("ar").is_dir() { dir.join("ar") } else { dir.to_path_buf() };
    let files = Category::ALL
        .iter()
        .map(|&cat| {
            let path = dir.join(cat.file_name());
            (cat, path.display().to_string(), crate::patterns::read_file(&path))
        })
        .collect();
    check_files(dir.display().to_string(), files)
}

fn check_files(origin: String, files: Vec<(Category, String, Result<Vec<u8>, FileError>)>) -> Report {
    let mut report = Report { origin: origin.clone(), ..Report::default() };
    let mut set = PatternSet { origin, entries: vec![], exclusions: vec![], weights: crate::resolve::Weights::zero() };
    let mut names: HashMap<Category, String> = HashMap::new();
    let mut problems = vec![];
    let mut read = vec![];
    for (cat, name, bytes) in files {
        names.insert(cat, name.clone());
        let bytes = match bytes {
            Ok(b) => b,
            Err(FileError::Unreadable(e)) => {
                report.unreadable.push(format!("{name}: {e}"));
                continue;
            }
            Err(FileError::TooLarge(e)) => {
                problems.push(Problem { file: name, line: 0, message: e });
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                problems.push(Problem { file: name, line, message: "invalid UTF-8".into() });
                continue;
            }
        };
        match set.parse_into(cat, &name, &text) {
            Ok(()) => read.push(cat),
            Err(errs) => {
                problems.extend(errs.into_iter().map(|e| Problem { file: e.file, line: e.line, message: e.reason }))
            }
        }
    }
    let name = |cat: Category| names.get(&cat).cloned().unwrap_or_else(|| cat.file_name().to_string());
    let mut push = |cat: Category, line: usize, message: String| {
        problems.push(Problem { file: name(cat), line, message });
    };
    check_characters(&set, &mut push);
    check_duplicates(&set, &mut push);
    check_across_files(&set, &name, &mut push);
    check_exclusions(&set, &mut push);
    check_quotes(&set, &mut push);
    check_shapes(&set, &read, &mut push);
    if let Err(e) = set.check_surfaces() {
        problems.push(Problem { file: e.file, line: e.line, message: e.reason });
    }
    let order = |file: &str| Category::ALL.iter().position(|&c| name(c) == file).unwrap_or(usize::MAX);
    problems.sort_by_key(|a| (order(&a.file), a.line));
    problems.dedup();
    report.entries = set.entries.len();
    report.problems = problems;
    report
}

/// Characters allowed in an Arabic form: the Arabic blocks and a space.
fn is_arabic(c: char) -> bool {
    matches!(c,
        ' ' | '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Why `text` is not a clean Arabic form, if it is not.
fn arabic_problem(what: &str, text: &str) -> Option<String> {
    if let Some(c) = text.chars().find(|&c| !is_arabic(c)) {
        return Some(format!("{what} '{text}' has a non-Arabic character '{c}' (U+{:04X})", c as u32));
    }
    if let Some(c) = text.chars().find(|c| matches!(c, '،' | '؛' | '؟' | '٪' | '٫' | '٬' | '۔')) {
        return Some(format!("{what} '{text}' contains the punctuation '{c}'; forms are separated by ', '"));
    }
    None
}

fn check_characters(set: &PatternSet, push: &mut impl FnMut(Category, usize, String)) {
    for e in set.entries.iter().filter(|e| e.category != Category::Quote) {
        let mut texts = vec![];
        if !e.forms.iter().any(|f| f.text == e.lemma) {
            texts.push(("lemma", e.lemma.as_str()));
        }
        texts.extend(e.forms.iter().map(|f| ("form", f.text.as_str())));
        texts.extend(e.preps.iter().map(|p| ("prep", p.as_str())));
        let mut seen = vec![];
        for (what, text) in texts {
            if let Some(msg) = arabic_problem(what, text)
                && !seen.contains(&msg)
            {
                push(e.category, e.line, msg.clone());
                seen.push(msg);
            }
        }
    }
    for x in set.exclusions.iter().filter(|x| x.category != Category::Quote) {
        if let Some(msg) = arabic_problem("exclusion", &x.text) {
            push(x.category, x.line, msg);
        }
    }
}

fn form_tags(e: &Entry, fi: usize) -> String {
    let f = &e.forms[fi];
    format!("{:?}+{:?}", f.gender, f.number).to_lowercase()
}

fn entry_tags(e: &Entry) -> String {
    let mut t = e.tags.clone();
    t.extend(e.preps.iter().map(|p| format!("prep={p}")));
    t.sort();
    if t.is_empty() { "no tags".into() } else { t.join(" ") }
}

/// A form listed twice in one file.
fn check_duplicates(set: &PatternSet, push: &mut impl FnMut(Category, usize, String)) {
    // (category, normalised form) → (entry index, form index)
    let mut first: HashMap<(Category, String), (usize, usize)> = HashMap::new();
    for (ei, e) in set.entries.iter().enumerate().filter(|(_, e)| e.category != Category::Quote) {
        for (fi, f) in e.forms.iter().enumerate() {
            let key = (e.category, normalize_form(&f.text));
            let Some(&(pe, pf)) = first.get(&key) else {
                first.insert(key, (ei, fi));
                continue;
            };
            let p = &set.entries[pe];
            let pform = &p.forms[pf].text;
            let how =
                if *pform == f.text { String::new() } else { format!(" (same as '{pform}' after normalisation)") };
            let mut conflicts = vec![];
            if form_tags(p, pf) != form_tags(e, fi) {
                conflicts.push(format!("{} vs {}", form_tags(p, pf), form_tags(e, fi)));
            }
            let msg = if pe == ei {
                format!("duplicate form '{}'{how} in this entry", f.text)
            } else {
                if entry_tags(p) != entry_tags(e) {
                    conflicts.push(format!("tags '{}' vs '{}'", entry_tags(p), entry_tags(e)));
                }
                if !how.is_empty() && conflicts.is_empty() {
                    // two spellings of one surface with the same reading (إن / أن)
                    continue;
                }
                format!(
                    "duplicate form '{}'{how}: already listed at line {} (lemma {}); a form belongs to one lemma only",
                    f.text, p.line, p.lemma
                )
            };
            let msg = if conflicts.is_empty() { msg } else { format!("{msg}; conflicting {}", conflicts.join(", ")) };
            push(e.category, e.line, msg);
        }
    }
}

/// Whether a normalised form in both `a` and `b` changes what it means.
fn conflicting(a: Category, b: Category) -> bool {
    use Category::*;
    let cue = |c| matches!(c, Verb | Participle | According);
    (cue(a) && cue(b))
        || (cue(a) && matches!(b, Speaker | Complementizer))
        || (cue(b) && matches!(a, Speaker | Complementizer))
        || matches!((a, b), (Speaker, Ender | Complementizer) | (Ender | Complementizer, Speaker))
}

fn describe(c: Category) -> &'static str {
    match c {
        Category::Verb => "a reporting verb",
        Category::Participle => "a participle cue",
        Category::According => "an according-to marker",
        Category::Speaker => "a speaker noun",
        Category::Ender => "an ender",
        Category::Complementizer => "a complementizer",
        Category::Quote => "a quotation mark",
    }
}

/// The same normalised form in two files where that changes its meaning.
fn check_across_files(
    set: &PatternSet,
    name: &impl Fn(Category) -> String,
    push: &mut impl FnMut(Category, usize, String),
) {
    let mut by_form: HashMap<String, Vec<(Category, usize, &str)>> = HashMap::new();
    for (ei, e) in set.entries.iter().enumerate().filter(|(_, e)| e.category != Category::Quote) {
        for f in &e.forms {
            let v = by_form.entry(normalize_form(&f.text)).or_default();
            if !v.iter().any(|&(c, _, _)| c == e.category) {
                v.push((e.category, ei, f.text.as_str()));
            }
        }
    }
    for (form, uses) in by_form {
        for (i, &(ca, ea, wa)) in uses.iter().enumerate() {
            for &(cb, eb, wb) in &uses[i + 1..] {
                if !conflicting(ca, cb) {
                    continue;
                }
                // A speaker noun and an ender written with different hamza seats
                // (إمام / أمام) are told apart by the text's own spelling
                // (resolve: `Doc::spelled_as`); only a bare alef is ambiguous.
                let pair = [ca, cb];
                if pair.contains(&Category::Speaker) && pair.contains(&Category::Ender) && wa != wb {
                    continue;
                }
                // report at the entry of the later file, pointing at the earlier one
                let (first, later) = if ca <= cb { ((ca, ea), (cb, eb)) } else { ((cb, eb), (ca, ea)) };
                let p = &set.entries[first.1];
                push(
                    later.0,
                    set.entries[later.1].line,
                    format!(
                        "form '{form}' is also {} at {}:{} (lemma {}); as {} too it changes meaning",
                        describe(first.0),
                        name(first.0),
                        p.line,
                        p.lemma,
                        describe(later.0)
                    ),
                );
            }
        }
    }
}

fn check_exclusions(set: &PatternSet, push: &mut impl FnMut(Category, usize, String)) {
    let mut seen: HashMap<(Category, String), usize> = HashMap::new();
    for x in &set.exclusions {
        let norm = normalize_form(&x.text);
        if let Some(line) = seen.get(&(x.category, norm.clone())) {
            push(x.category, x.line, format!("duplicate exclusion '!{}': already at line {line}", x.text));
            continue;
        }
        seen.insert((x.category, norm.clone()), x.line);
        // enders.txt excludes words of the generic لل rule, not listed forms
        if x.category != Category::Ender && !set.of(x.category).any(|e| e.forms.iter().any(|f| excludes(&norm, f))) {
            push(
                x.category,
                x.line,
                format!("exclusion '!{}' matches no form of this file, with or without proclitics", x.text),
            );
        }
    }
}

/// Whether the excluded word `norm` is `form` with generated proclitics in
/// front (و ف, then س ب ل ك, then ال / ل) — a superset of what the matcher
/// generates for any one file.
fn excludes(norm: &str, form: &crate::patterns::Form) -> bool {
    let f = normalize_form(&form.text);
    [f.clone(), f.replace('ة', "ه")].iter().any(|f| {
        norm.strip_suffix(f.as_str()).is_some_and(|p| {
            let p = p.strip_prefix(['و', 'ف']).unwrap_or(p);
            let p = p.strip_prefix(['س', 'ب', 'ل', 'ك']).unwrap_or(p);
            p.is_empty() || p == "ال" || p == "ل"
        })
    })
}

/// Forms that are surely mistakes: one letter, a double space or a tab,
/// more than six words; and files (of those `read` without errors) with no entries.
fn check_shapes(set: &PatternSet, read: &[Category], push: &mut impl FnMut(Category, usize, String)) {
    for &cat in read {
        if set.of(cat).next().is_none() {
            push(cat, 0, format!("no entries: {} finds nothing", describe_file(cat)));
        }
    }
    for e in set.entries.iter().filter(|e| e.category != Category::Quote) {
        for f in &e.forms {
            let norm = normalize_form(&f.text);
            // an ender of one letter (the preposition لـ) only ends a speaker phrase
            if norm.chars().count() == 1 && e.category != Category::Ender {
                push(
                    e.category,
                    e.line,
                    format!("form '{}' is a single letter: it fires on every such letter standing alone", f.text),
                );
            }
            if f.text.contains("  ") || f.text.contains('\t') {
                push(e.category, e.line, format!("form '{}' has a double space or a tab", f.text));
            }
            let words = f.text.split_whitespace().count();
            if words > 6 {
                push(
                    e.category,
                    e.line,
                    format!("form '{}' is {words} words long; forms are a word or a short phrase", f.text),
                );
            }
        }
    }
}

/// What a file's entries are for, in a message.
fn describe_file(c: Category) -> &'static str {
    match c {
        Category::Verb => "no reporting verb",
        Category::Participle => "no participle cue",
        Category::According => "no according-to marker",
        Category::Speaker => "no speaker noun",
        Category::Ender => "no word that ends a speaker phrase",
        Category::Complementizer => "no complementizer",
        Category::Quote => "no quotation mark",
    }
}

fn check_quotes(set: &PatternSet, push: &mut impl FnMut(Category, usize, String)) {
    let mut opens: HashMap<&str, usize> = HashMap::new();
    for e in set.of(Category::Quote) {
        let open = e.forms[0].text.as_str();
        let close = e.close.as_deref().unwrap_or("");
        for mark in [open, close] {
            if mark.chars().count() != 1 {
                push(Category::Quote, e.line, format!("quotation mark '{mark}' is not a single character"));
            }
        }
        if let Some(line) = opens.get(open) {
            push(Category::Quote, e.line, format!("opening mark '{open}' already listed at line {line}"));
        } else {
            opens.insert(open, e.line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Check a set with only `files` given (the other files empty); the
    /// "no entries" problems of the files not given are left out.
    fn check(files: &[(Category, &str)]) -> Report {
        let mut r = check_all(files);
        r.problems.retain(|p| !p.message.starts_with("no entries"));
        r
    }

    fn check_all(files: &[(Category, &str)]) -> Report {
        let files = Category::ALL
            .iter()
            .map(|&c| {
                let text = files.iter().find(|(fc, _)| *fc == c).map_or("", |(_, t)| t);
                (c, c.file_name().to_string(), Ok(text.as_bytes().to_vec()))
            })
            .collect();
        check_files("test".into(), files)
    }

    #[test]
    fn finds_empty_files_and_odd_forms() {
        let r = check_all(&[
            (Category::Verb, "# only comments\n"),
            (Category::Speaker, "و\nعلى  لسان\nهذا كلام طويل جدا من سبع كلمات\nوزير"),
            (Category::Ender, "لـ\nفي"),
        ]);
        let msgs: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        let has = |prefix: &str, what: &str| msgs.iter().any(|m| m.starts_with(prefix) && m.contains(what));
        assert!(has("verbs.txt: ", "no entries"), "{msgs:#?}");
        assert!(has("quotes.txt: ", "no entries"), "{msgs:#?}");
        assert!(!msgs.iter().any(|m| m.starts_with("speakers.txt: ") || m.starts_with("enders.txt: ")), "{msgs:#?}");
        assert!(has("speakers.txt:1: ", "single letter"), "{msgs:#?}");
        assert!(has("speakers.txt:2: ", "double space"), "{msgs:#?}");
        assert!(has("speakers.txt:3: ", "7 words long"), "{msgs:#?}");
        assert!(!msgs.iter().any(|m| m.starts_with("speakers.txt:4:") || m.starts_with("enders.txt:1:")), "{msgs:#?}");
    }

    #[test]
    fn builtin_is_clean() {
        let r = check_builtin();
        let list: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert!(r.problems.is_empty(), "{}", list.join("\n"));
        assert_eq!(r.exit_code(), 0);
    }

    #[test]
    fn finds_duplicates_and_collisions() {
        let r = check(&[
            (Category::Verb, "قال = قال, قالت/f, قالت/f | colon\nأكد = أكد | an\nإكد = أكد | an colon"),
            (Category::Speaker, "مصدر | anon\nقالت = قالت/f | anon"),
        ]);
        let msgs: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(r.problems.len(), 3, "{msgs:#?}");
        assert!(msgs[0].starts_with("verbs.txt:1: duplicate form 'قالت' in this entry"), "{msgs:#?}");
        assert!(msgs[1].starts_with("verbs.txt:3: duplicate form 'أكد': already listed at line 2"), "{msgs:#?}");
        assert!(msgs[1].contains("conflicting tags 'an' vs 'an colon'"), "{msgs:#?}");
        assert!(
            msgs[2].starts_with("speakers.txt:2: form 'قالت' is also a reporting verb at verbs.txt:1"),
            "{msgs:#?}"
        );
    }

    #[test]
    fn finds_foreign_characters() {
        let r = check(&[(Category::Verb, "قال = قال, qalat/f"), (Category::According, "بحسب، وفقا")]);
        let msgs: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:#?}");
        assert!(msgs[0].contains("non-Arabic character 'q'"), "{msgs:#?}");
        assert!(msgs[1].starts_with("according.txt:1:") && msgs[1].contains("punctuation '،'"), "{msgs:#?}");
    }

    #[test]
    fn fine_collisions_are_not_reported() {
        let r = check(&[(Category::Ender, "أن\nقال"), (Category::Complementizer, "أن"), (Category::Verb, "قال")]);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }
}
