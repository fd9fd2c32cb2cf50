//! Inputs: plain-text files (a document each), folders (recursively, in
//! sorted order), `-` for stdin, and JSONL corpora (optionally `.gz`),
//! streamed one document at a time so memory stays flat.
//!
//! Owns the bad-input policy: a document that cannot be read (missing file,
//! binary content, invalid UTF-8, a JSONL line that is not a JSON object or
//! lacks the text field) becomes a `Doc` with an error message naming it
//! (`file` or `file:line`); the caller reports it and goes on.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

/// How input files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputMode {
    /// Each file is one document.
    Text,
    /// Each line is a JSON object holding one document.
    Jsonl,
}

/// One input document, or why it could not be read.
#[derive(Debug)]
pub struct Doc {
    pub id: String,
    pub text: Result<String, String>,
}

/// Names of the JSONL fields.
#[derive(Debug, Clone)]
pub struct Fields {
    pub id: String,
    pub text: String,
}

/// Largest document accepted, in bytes. Offsets inside the pipeline are
/// 32-bit and normalisation may expand presentation forms about threefold,
/// so larger documents are skipped rather than risk wrong offsets.
pub const MAX_DOC_BYTES: usize = 1 << 30;

fn too_large(n: usize) -> String {
    format!("document too large ({n} bytes; the limit is {MAX_DOC_BYTES}), skipped")
}

/// Check raw bytes for binary content and decode them.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() > MAX_DOC_BYTES {
        return Err(too_large(bytes.len()));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("binary content (NUL bytes), skipped".into());
    }
    String::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}, skipped", e.utf8_error().valid_up_to()))
}

/// How far reading has got, for a progress line: bytes read from the input
/// files as stored (compressed bytes for `.gz`), and their total size when
/// every input is a file whose size is known.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    read: Arc<AtomicU64>,
    /// Sum of the input files' sizes; `None` when reading stdin.
    pub total: Option<u64>,
}

impl Progress {
    /// Bytes read so far from the input files (before decompression).
    pub fn read(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
    }
}

/// A reader that adds the bytes it reads to a shared counter.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open(path: &Path, read: &Arc<AtomicU64>) -> io::Result<Box<dyn Read + Send>> {
    Ok(gunzip_if_gz(path, Counted { inner: File::open(path)?, read: read.clone() }))
}

/// `r` (the contents of `path`), decompressed when the name ends in `.gz`.
pub fn gunzip_if_gz(path: &Path, r: impl Read + Send + 'static) -> Box<dyn Read + Send> {
    if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(r))
    } else {
        Box::new(r)
    }
}

/// Expand folders (recursively, sorted) into files; keep `-` and files.
fn expand(inputs: &[String]) -> Vec<Result<PathBuf, (String, String)>> {
    let mut out = vec![];
    for i in inputs {
        let p = PathBuf::from(i);
        if i == "-" || !p.is_dir() {
            out.push(Ok(p));
            continue;
        }
        let mut stack = vec![p];
        let mut files = vec![];
        // each folder once: symlink cycles (`ln -s .. up`) would otherwise
        // expand without end
        let mut seen = std::collections::HashSet::new();
        while let Some(d) = stack.pop() {
            if !seen.insert(std::fs::canonicalize(&d).unwrap_or_else(|_| d.clone())) {
                continue;
            }
            match std::fs::read_dir(&d) {
                Ok(rd) => {
                    for e in rd.flatten() {
                        let path = e.path();
                        if path.is_dir() {
                            stack.push(path);
                        } else {
                            files.push(path);
                        }
                    }
                }
                Err(e) => out.push(Err((d.display().to_string(), format!("cannot read folder: {e}")))),
            }
        }
        files.sort();
        out.extend(files.into_iter().map(Ok));
    }
    out
}

/// A streaming iterator over every document of `inputs`.
pub fn documents(inputs: Vec<String>, mode: InputMode, fields: Fields) -> impl Iterator<Item = Doc> + Send {
    documents_with_progress(inputs, mode, fields).0
}

/// [`documents`], plus a handle that tells how many input bytes have been
/// read (the iterator can be moved to another thread; the handle stays).
pub fn documents_with_progress(
    inputs: Vec<String>,
    mode: InputMode,
    fields: Fields,
) -> (impl Iterator<Item = Doc> + Send, Progress) {
    let inputs = if inputs.is_empty() { vec!["-".to_string()] } else { inputs };
    let paths = expand(&inputs);
    let total = paths.iter().try_fold(0u64, |sum, p| match p {
        Ok(p) if p.as_os_str() == "-" => None,
        Ok(p) => Some(sum + std::fs::metadata(p).map_or(0, |m| m.len())),
        Err(_) => Some(sum),
    });
    let progress = Progress { read: Arc::default(), total };
    let read = progress.read.clone();
    let docs = paths.into_iter().flat_map(move |p| -> Box<dyn Iterator<Item = Doc> + Send> {
        let path = match p {
            Ok(p) => p,
            Err((name, msg)) => return Box::new(std::iter::once(Doc { id: name, text: Err(msg) })),
        };
        let name = if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() };
        let reader: Box<dyn Read + Send> = if path.as_os_str() == "-" {
            Box::new(Counted { inner: io::stdin(), read: read.clone() })
        } else {
            match open(&path, &read) {
                Ok(r) => r,
                Err(e) => return Box::new(std::iter::once(Doc { id: name, text: Err(format!("cannot open: {e}")) })),
            }
        };
        match mode {
            InputMode::Text => {
                let mut bytes = vec![];
                let mut r = reader;
                // look at the head first: a binary file (a disk image, a
                // video) is rejected without reading all of it into memory
                let text = match (&mut r).take(8192).read_to_end(&mut bytes) {
                    Ok(_) if bytes.contains(&0) => decode(bytes),
                    // never more than the limit (plus one byte, to notice it) in memory
                    Ok(_) => match r.take(MAX_DOC_BYTES as u64 + 1 - bytes.len() as u64).read_to_end(&mut bytes) {
                        Ok(_) => decode(bytes),
                        Err(e) => Err(format!("cannot read: {e}")),
                    },
                    Err(e) => Err(format!("cannot read: {e}")),
                };
                Box::new(std::iter::once(Doc { id: name, text }))
            }
            InputMode::Jsonl => Box::new(JsonlDocs {
                reader: BufReader::with_capacity(1 << 20, reader),
                name,
                line: 0,
                fields: fields.clone(),
                done: false,
            }),
        }
    });
    (docs, progress)
}

struct JsonlDocs {
    reader: BufReader<Box<dyn Read + Send>>,
    name: String,
    line: usize,
    fields: Fields,
    done: bool,
}

impl Iterator for JsonlDocs {
    type Item = Doc;
    fn next(&mut self) -> Option<Doc> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = vec![];
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Doc {
                        id: self.name.clone(),
                        text: Err(format!("read error after line {}: {e}", self.line)),
                    });
                }
            }
            self.line += 1;
            let where_ = format!("{}:{}", self.name, self.line);
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(parse_line(&buf, &where_, &self.fields));
        }
    }
}

/// One JSONL line to a document; errors name `file:line`.
pub fn parse_line(buf: &[u8], where_: &str, fields: &Fields) -> Doc {
    let err = |m: String| Doc { id: where_.to_string(), text: Err(m) };
    let v: Value = match serde_json::from_slice(buf) {
        Ok(v) => v,
        Err(e) => return err(format!("not valid JSON ({e}), skipped")),
    };
    let Value::Object(mut obj) = v else { return err("not a JSON object, skipped".into()) };
    let id = match obj.get(&fields.id) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => where_.to_string(),
    };
    match obj.remove(&fields.text) {
        Some(Value::String(s)) if s.len() > MAX_DOC_BYTES => {
            Doc { id: where_.to_string(), text: Err(too_large(s.len())) }
        }
        Some(Value::String(s)) => Doc { id, text: Ok(s) },
        Some(_) => {
            Doc { id: where_.to_string(), text: Err(format!("field '{}' is not a string, skipped", fields.text)) }
        }
        None => Doc { id: where_.to_string(), text: Err(format!("no '{}' field, skipped", fields.text)) },
    }
}
