//! Inputs: plain-text files (a document each), folders (recursively, in
//! sorted order, regular files only), `-` for stdin, and JSONL corpora,
//! gzipped or not (told by the magic bytes, not the name).
//!
//! Owns the reading side of the bad-input policy: what is skipped and why
//! (a special file inside a folder, a missing file, a binary stream, a line
//! over the document cap, a read error), with the bounds that keep memory
//! flat whatever the input. The [`Reader`] only reads: it cuts JSONL input
//! into runs of whole lines ([`Item::Lines`], found with `memchr`) and reads
//! text files whole ([`Item::Text`]); checking UTF-8 and parsing JSON is the
//! workers' job (`jsonl`, `corpus`); the cutting itself, with its line cap
//! and binary check, is in `input/lines.rs`. [`documents`] is the same
//! reading as a plain iterator of documents, on the calling thread.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

mod lines;
use lines::Lines;
pub use lines::{Pool, lines};

/// How input files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputMode {
    /// Each file is one document.
    Text,
    /// Each line is a JSON object holding one document.
    Jsonl,
}

impl InputMode {
    /// The mode for a file when `--input` is not given: JSONL for names
    /// ending in `.jsonl` or `.ndjson` (optionally `.gz`), text otherwise.
    pub fn guess(name: &str) -> InputMode {
        let n = name.strip_suffix(".gz").unwrap_or(name).to_ascii_lowercase();
        if n.ends_with(".jsonl") || n.ends_with(".ndjson") { InputMode::Jsonl } else { InputMode::Text }
    }
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

impl Default for Fields {
    fn default() -> Fields {
        Fields { id: "id".into(), text: "text".into() }
    }
}

/// Largest document accepted, in bytes, and the longest JSONL line. Offsets
/// inside the pipeline are 32-bit and normalisation may expand presentation
/// forms about threefold, so larger documents are skipped rather than risk
/// wrong offsets.
pub const MAX_DOC_BYTES: usize = 1 << 30;

/// Bytes of JSONL the reader hands on at a time (whole lines; a longer line
/// goes alone).
pub const CHUNK_BYTES: usize = 1 << 20;

pub fn too_large(n: usize) -> String {
    format!("document too large ({n} bytes; the limit is {MAX_DOC_BYTES}), skipped")
}

/// Check raw bytes of a text-mode document for binary content and decode them.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    check_text(&bytes)?;
    // checked just above, and `String::from_utf8` checks again (cheaply, on
    // the happy path this is the SIMD check plus one scalar pass)
    String::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}, skipped", e.utf8_error().valid_up_to()))
}

/// [`decode`] without taking ownership: the text of a text-mode document.
pub fn check_text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.len() > MAX_DOC_BYTES {
        return Err(too_large(bytes.len()));
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err("binary content (NUL bytes), skipped".into());
    }
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => {
            let at = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
            Err(format!("invalid UTF-8 at byte {at}, skipped"))
        }
    }
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

/// `r`, decompressed when it starts with the gzip magic bytes (whatever the
/// name says). Returns the stream and whether it is gzip.
pub fn gunzip_if_magic(r: impl Read + Send + 'static) -> io::Result<(Box<dyn Read + Send>, bool)> {
    let mut br = BufReader::with_capacity(64 << 10, r);
    let head = loop {
        match br.fill_buf() {
            Ok(h) => break h,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    };
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok((Box::new(flate2::bufread::MultiGzDecoder::new(br)), true))
    } else {
        Ok((Box::new(br), false))
    }
}

/// Open `path`, decompressing gzip (by magic bytes).
pub fn open_maybe_gz(path: &Path) -> io::Result<Box<dyn Read + Send>> {
    Ok(gunzip_if_magic(File::open(path)?)?.0)
}

/// An input as named on the command line or found in a folder.
#[derive(Debug, Clone)]
pub struct Source {
    /// `-` for stdin.
    pub path: PathBuf,
    /// Found inside a folder: read only if it is a regular file.
    pub in_folder: bool,
}

impl Source {
    /// The name used in messages and as the id of a text document.
    pub fn name(&self) -> String {
        if self.path.as_os_str() == "-" { "<stdin>".to_string() } else { self.path.display().to_string() }
    }
}

/// What kind of special file `m` is, if it is not a regular file or folder.
fn special_kind(m: &std::fs::Metadata) -> Option<&'static str> {
    let t = m.file_type();
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Expand folders (recursively, sorted) into their regular files; keep `-`
/// and the files named. Special files found inside a folder (FIFOs,
/// sockets, devices) are reported, never opened: opening a FIFO would wait
/// for a writer forever.
pub fn expand(inputs: &[String]) -> Vec<Result<Source, (String, String)>> {
    let mut out = vec![];
    for i in inputs {
        let p = PathBuf::from(i);
        if i == "-" || !p.is_dir() {
            out.push(Ok(Source { path: p, in_folder: false }));
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
                        // follows symlinks; a dangling one is reported when opened
                        match std::fs::metadata(&path) {
                            Ok(m) if m.is_dir() => stack.push(path),
                            Ok(m) => match special_kind(&m) {
                                None => files.push(Ok(path)),
                                Some(kind) => files.push(Err((path, format!("{kind}, not a regular file, skipped")))),
                            },
                            Err(_) => files.push(Ok(path)),
                        }
                    }
                }
                Err(e) => out.push(Err((d.display().to_string(), format!("cannot read folder: {e}")))),
            }
        }
        files.sort_by(|a, b| {
            let p = |r: &Result<PathBuf, (PathBuf, String)>| match r {
                Ok(p) => p.clone(),
                Err((p, _)) => p.clone(),
            };
            p(a).cmp(&p(b))
        });
        out.extend(files.into_iter().map(|f| match f {
            Ok(path) => Ok(Source { path, in_folder: true }),
            Err((path, msg)) => Err((path.display().to_string(), msg)),
        }));
    }
    out
}

/// What the reader hands on, in input order.
#[derive(Debug)]
pub enum Item {
    /// Whole JSONL lines of input `file` (an index into the inputs), the
    /// first of them line `first_line` (1-based); `bytes` ends with a
    /// newline, or with the end of the file.
    Lines { file: u32, name: Arc<str>, first_line: u64, bytes: Vec<u8> },
    /// One text-mode document (NUL bytes already looked for in its head).
    Text { file: u32, name: Arc<str>, bytes: Vec<u8> },
    /// An input or part of one that is skipped: `qawl: AT: MSG`. With
    /// `line`, it is one bad line of a JSONL file (counted towards the cap
    /// on bad lines per file).
    Bad { file: u32, at: String, msg: String, line: bool },
}

impl Item {
    /// The bytes of input the item holds.
    pub fn len(&self) -> usize {
        match self {
            Item::Lines { bytes, .. } | Item::Text { bytes, .. } => bytes.len(),
            Item::Bad { .. } => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads every input in order and cuts it into [`Item`]s.
pub struct Reader {
    sources: std::iter::Enumerate<std::vec::IntoIter<Result<Source, (String, String)>>>,
    mode: Option<InputMode>,
    read: Arc<AtomicU64>,
    /// Set by the consumer to `file + 1` to stop reading input `file`
    /// (too many bad lines).
    stop: Arc<AtomicU32>,
    cur: Option<Lines>,
    /// Largest line accepted (the document cap; smaller in tests).
    max_line: usize,
    pool: Arc<Pool>,
}

impl Reader {
    /// A reader over `inputs` (files, folders, `-`; none means stdin).
    /// `mode` `None` tells each file's mode from its name ([`InputMode::guess`]).
    pub fn new(inputs: &[String], mode: Option<InputMode>) -> (Reader, Progress) {
        let inputs = if inputs.is_empty() { vec!["-".to_string()] } else { inputs.to_vec() };
        let sources = expand(&inputs);
        let total = sources.iter().try_fold(0u64, |sum, s| match s {
            Ok(s) if s.path.as_os_str() == "-" => None,
            Ok(s) => Some(sum + std::fs::metadata(&s.path).map_or(0, |m| m.len())),
            Err(_) => Some(sum),
        });
        let progress = Progress { read: Arc::default(), total };
        let reader = Reader {
            sources: sources.into_iter().enumerate(),
            mode,
            read: progress.read.clone(),
            stop: Arc::default(),
            cur: None,
            max_line: MAX_DOC_BYTES,
            pool: Arc::default(),
        };
        (reader, progress)
    }

    /// A reader over one JSONL stream (a socket, bytes in memory), named
    /// `name` in messages; gzip is decompressed as for files.
    pub fn jsonl_stream(name: &str, r: impl Read + Send + 'static) -> io::Result<Reader> {
        let (mut reader, _) = Reader::new(&[], Some(InputMode::Jsonl));
        reader.sources = Vec::new().into_iter().enumerate();
        let (r, gz) = gunzip_if_magic(r)?;
        reader.cur = Some(Lines::new(0, name.into(), r, gz, reader.pool.clone()));
        Ok(reader)
    }

    /// The handle to stop reading a file early: store `file + 1`.
    pub fn stopper(&self) -> Arc<AtomicU32> {
        self.stop.clone()
    }

    /// Where consumers hand the buffers of [`Item::Lines`] back.
    pub fn pool(&self) -> Arc<Pool> {
        self.pool.clone()
    }

    /// Lower the line cap (for tests of the cap itself).
    pub fn with_max_line(mut self, n: usize) -> Reader {
        self.max_line = n;
        self
    }

    fn open(&self, s: &Source) -> io::Result<(Box<dyn Read + Send>, bool)> {
        if s.path.as_os_str() == "-" {
            return gunzip_if_magic(Counted { inner: io::stdin(), read: self.read.clone() });
        }
        if s.in_folder {
            // checked when the folder was listed; check again right before
            // opening, in case it was replaced since
            let m = std::fs::metadata(&s.path)?;
            if let Some(kind) = special_kind(&m) {
                return Err(io::Error::other(format!("{kind}, not a regular file")));
            }
        }
        gunzip_if_magic(Counted { inner: File::open(&s.path)?, read: self.read.clone() })
    }

    /// The next item, or `None` at the end of the inputs.
    pub fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(cur) = &mut self.cur {
                if self.stop.load(Ordering::Relaxed) == cur.file + 1 {
                    self.cur = None;
                    continue;
                }
                match cur.next(self.max_line) {
                    Some(item) => return Some(item),
                    None => {
                        self.cur = None;
                        continue;
                    }
                }
            }
            let (i, s) = self.sources.next()?;
            let file = i as u32;
            let s = match s {
                Ok(s) => s,
                Err((at, msg)) => return Some(Item::Bad { file, at, msg, line: false }),
            };
            let name: Arc<str> = s.name().into();
            let (r, gz) = match self.open(&s) {
                Ok(r) => r,
                Err(e) => {
                    return Some(Item::Bad {
                        file,
                        at: name.to_string(),
                        msg: format!("cannot open: {e}"),
                        line: false,
                    });
                }
            };
            let mode = self
                .mode
                .unwrap_or_else(|| if s.path.as_os_str() == "-" { InputMode::Text } else { InputMode::guess(&name) });
            match mode {
                InputMode::Text => return Some(read_text(file, name, r)),
                InputMode::Jsonl => self.cur = Some(Lines::new(file, name, r, gz, self.pool.clone())),
            }
        }
    }
}

/// A whole text-mode file, looking at its head first: a binary file (a disk
/// image, `/dev/zero`) is rejected without reading all of it into memory,
/// and never more than the limit (plus one byte, to notice it) is read.
fn read_text(file: u32, name: Arc<str>, mut r: Box<dyn Read + Send>) -> Item {
    let mut bytes = vec![];
    let bad = |name: Arc<str>, msg: String| Item::Bad { file, at: name.to_string(), msg, line: false };
    match (&mut r).take(8192).read_to_end(&mut bytes) {
        Ok(_) if memchr::memchr(0, &bytes).is_some() => bad(name, "binary content (NUL bytes), skipped".into()),
        Ok(_) => match r.take(MAX_DOC_BYTES as u64 + 1 - bytes.len() as u64).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() > MAX_DOC_BYTES => bad(name, too_large(bytes.len())),
            Ok(_) => Item::Text { file, name, bytes },
            Err(e) => bad(name, format!("cannot read: {e}")),
        },
        Err(e) => bad(name, format!("cannot read: {e}")),
    }
}

/// How many bad lines of one JSONL file are reported before the rest of the
/// file is skipped.
pub const MAX_BAD_LINES: usize = 100;

/// The message that ends a file after [`MAX_BAD_LINES`] bad lines.
pub fn too_many_bad_lines() -> String {
    format!("{MAX_BAD_LINES} bad lines, skipping the rest of the file")
}

/// One JSONL line to a document; errors name `file:line`.
pub fn parse_line(buf: &[u8], where_: &str, fields: &Fields) -> Doc {
    match crate::jsonl::parse(buf, &fields.id, &fields.text) {
        crate::jsonl::Parsed::Doc { id, text } => {
            if text.len() > MAX_DOC_BYTES {
                return Doc { id: where_.to_string(), text: Err(too_large(text.len())) };
            }
            Doc { id: id.map_or_else(|| where_.to_string(), |c| c.into_owned()), text: Ok(text.into_owned()) }
        }
        crate::jsonl::Parsed::Bad(msg) => Doc { id: where_.to_string(), text: Err(msg) },
    }
}

/// A streaming iterator over every document of `inputs`, read and parsed
/// on the calling thread (the bad-input rules of corpus mode, the cap on
/// bad lines per file included). `mode` `None` tells each file's mode from
/// its name.
pub fn documents(inputs: Vec<String>, mode: Option<InputMode>, fields: Fields) -> Documents {
    let (reader, _) = Reader::new(&inputs, mode);
    Documents { stop: reader.stopper(), reader, fields, queue: Default::default(), bad: (u32::MAX, 0) }
}

/// The iterator of [`documents`].
pub struct Documents {
    reader: Reader,
    stop: Arc<AtomicU32>,
    fields: Fields,
    queue: std::collections::VecDeque<Doc>,
    /// (file, bad lines in it so far)
    bad: (u32, usize),
}

impl Documents {
    /// Count a bad line of `file`: whether to report it, and whether it is
    /// the last one reported (the rest of the file is then skipped).
    fn count_bad(&mut self, file: u32) -> (bool, bool) {
        if self.bad.0 != file {
            self.bad = (file, 0);
        }
        self.bad.1 += 1;
        if self.bad.1 == MAX_BAD_LINES {
            self.stop.store(file + 1, Ordering::Relaxed);
        }
        (self.bad.1 <= MAX_BAD_LINES, self.bad.1 == MAX_BAD_LINES)
    }

    fn push_bad(&mut self, file: u32, name: &str, d: Doc) -> bool {
        let (keep, last) = self.count_bad(file);
        if keep {
            self.queue.push_back(d);
        }
        if last {
            self.queue.push_back(Doc { id: name.to_string(), text: Err(too_many_bad_lines()) });
        }
        keep && !last
    }
}

impl Iterator for Documents {
    type Item = Doc;
    fn next(&mut self) -> Option<Doc> {
        while self.queue.is_empty() {
            match self.reader.next_item()? {
                Item::Bad { file, at, msg, line: true } => {
                    let name = at.rsplit_once(':').map_or(at.as_str(), |(n, _)| n).to_string();
                    self.push_bad(file, &name, Doc { id: at, text: Err(msg) });
                }
                Item::Bad { at, msg, .. } => self.queue.push_back(Doc { id: at, text: Err(msg) }),
                Item::Text { name, bytes, .. } => {
                    self.queue.push_back(Doc { id: name.to_string(), text: decode(bytes) })
                }
                Item::Lines { file, name, first_line, bytes } => {
                    if self.bad.0 == file && self.bad.1 >= MAX_BAD_LINES {
                        continue;
                    }
                    for (n, l) in lines(first_line, &bytes) {
                        let d = parse_line(l, &format!("{name}:{n}"), &self.fields);
                        if d.text.is_ok() {
                            self.queue.push_back(d);
                        } else if !self.push_bad(file, &name, d) {
                            break;
                        }
                    }
                }
            }
        }
        self.queue.pop_front()
    }
}
