//! The JSONL side of the reader: one input cut into runs of whole lines
//! ([`Item::Lines`], about [`CHUNK_BYTES`] each, found with `memchr`), with
//! the line cap (a line over it is dropped as it is read and reported), the
//! binary check (a NUL byte ends the file), read errors, and the buffers
//! the workers hand back ([`Pool`]). [`lines`] splits a run into numbered
//! lines for the workers.

use std::io::{self, Read};
use std::sync::Arc;

use super::{CHUNK_BYTES, Item};

/// Buffers handed back by the consumers of [`Item::Lines`], for the reader
/// to read into again (a fresh buffer must be zeroed first; a used one is
/// already initialised).
#[derive(Default)]
pub struct Pool(std::sync::Mutex<Vec<Vec<u8>>>);

impl Pool {
    /// Keep `buf` for reuse (at most a few are kept).
    pub fn give(&self, mut buf: Vec<u8>) {
        if buf.capacity() < CHUNK_BYTES || buf.capacity() > 4 * CHUNK_BYTES {
            return;
        }
        let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if v.len() < 16 {
            buf.resize(buf.capacity(), 0);
            v.push(buf);
        }
    }

    /// A buffer of at least `n` initialised bytes.
    fn take(&self, n: usize) -> Vec<u8> {
        let reused = self.0.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match reused {
            Some(b) if b.len() >= n => b,
            _ => vec![0; n],
        }
    }
}

/// A JSONL input being read.
pub(super) struct Lines {
    pub(super) file: u32,
    name: Arc<str>,
    r: Box<dyn Read + Send>,
    gz: bool,
    buf: Vec<u8>,
    pool: Arc<Pool>,
    /// Bytes of input in `buf` (the rest is room to read into).
    filled: usize,
    /// Line number of the first line in `buf`.
    line: u64,
    /// The last newline in `buf`, if any.
    last_nl: Option<usize>,
    /// Skipping the rest of a line over the cap.
    skipping: bool,
    /// Items to hand on before reading more.
    pending: std::collections::VecDeque<Item>,
    done: bool,
}

impl Lines {
    pub(super) fn new(file: u32, name: Arc<str>, r: Box<dyn Read + Send>, gz: bool, pool: Arc<Pool>) -> Lines {
        Lines {
            file,
            name,
            r,
            gz,
            buf: Vec::new(),
            pool,
            filled: 0,
            line: 1,
            last_nl: None,
            skipping: false,
            pending: Default::default(),
            done: false,
        }
    }
    /// Hand on `buf[..upto]` (whole lines; the last one may lack its
    /// newline at the end of the input) after what is pending; the rest
    /// stays, in a fresh buffer. A line over the cap that got in whole (its
    /// newline came in the read that took it past the cap) is cut out and
    /// reported.
    fn emit(&mut self, upto: usize, max_line: usize) {
        let rest = &self.buf[upto..self.filled];
        let mut next = self.pool.take(CHUNK_BYTES.max(rest.len() + CHUNK_BYTES / 4));
        next[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
        let mut bytes = std::mem::replace(&mut self.buf, next);
        bytes.truncate(upto);
        self.last_nl = None;
        let first_line = self.line;
        self.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        if bytes.len() <= max_line {
            self.pending.push_back(Item::Lines { file: self.file, name: self.name.clone(), first_line, bytes });
            return;
        }
        let ends = memchr::memchr_iter(b'\n', &bytes).chain((bytes.last() != Some(&b'\n')).then_some(bytes.len()));
        let (mut run, mut at, mut line) = (0, 0, first_line);
        let mut run_line = first_line;
        for end in ends {
            if end - at > max_line {
                if at > run {
                    let part = bytes[run..at].to_vec();
                    self.pending.push_back(Item::Lines {
                        file: self.file,
                        name: self.name.clone(),
                        first_line: run_line,
                        bytes: part,
                    });
                }
                self.pending.push_back(self.bad(line, too_long_line(max_line), true));
                run = (end + 1).min(bytes.len());
                run_line = line + 1;
            }
            at = end + 1;
            line += 1;
        }
        if run < bytes.len() {
            let part = bytes[run..].to_vec();
            self.pending.push_back(Item::Lines {
                file: self.file,
                name: self.name.clone(),
                first_line: run_line,
                bytes: part,
            });
        }
    }

    fn bad(&self, line: u64, msg: String, counted: bool) -> Item {
        Item::Bad { file: self.file, at: format!("{}:{line}", self.name), msg, line: counted }
    }

    fn bad_after(&self, msg: String) -> Item {
        Item::Bad {
            file: self.file,
            at: self.name.to_string(),
            msg: format!("{msg} after line {}", self.line.saturating_sub(1)),
            line: false,
        }
    }

    pub(super) fn next(&mut self, max_line: usize) -> Option<Item> {
        loop {
            if let Some(p) = self.pending.pop_front() {
                return Some(p);
            }
            if self.done {
                return None;
            }
            // room to read into: doubling, but never much past the line cap
            // (`buf` is initialised in full; `filled` bytes of it are input)
            if self.buf.len() - self.filled < CHUNK_BYTES / 4 {
                let f = self.filled;
                self.buf.resize(f + f.max(CHUNK_BYTES).min(max_line.max(f) + CHUNK_BYTES - f), 0);
            }
            let old = self.filled;
            let got = self.r.read(&mut self.buf[old..]);
            let n = *got.as_ref().unwrap_or(&0);
            self.filled += n;
            match got {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // the lines before the damage, then what happened
                    self.done = true;
                    if let Some(k) = self.last_nl.filter(|_| !self.skipping) {
                        self.emit(k + 1, max_line);
                    }
                    let bad = self.bad_after(format!("read error: {e}"));
                    self.pending.push_back(bad);
                    continue;
                }
                Ok(0) => {
                    self.done = true;
                    if !self.skipping && self.filled > 0 {
                        self.emit(self.filled, max_line);
                    }
                    continue;
                }
                Ok(_) => {}
            }
            // a NUL byte cannot be in JSON text: binary content, stop here
            if let Some(z) = memchr::memchr(0, &self.buf[old..self.filled]) {
                let z = old + z;
                self.done = true;
                if self.skipping {
                    return Some(self.bad(self.line, BINARY.into(), false));
                }
                let line_start = memchr::memrchr(b'\n', &self.buf[..z]).map_or(0, |k| k + 1);
                let line = self.line + memchr::memchr_iter(b'\n', &self.buf[..line_start]).count() as u64;
                let bad = self.bad(line, BINARY.into(), false);
                if line_start > 0 {
                    self.emit(line_start, max_line);
                }
                self.pending.push_back(bad);
                continue;
            }
            if self.skipping {
                // the rest of a line over the cap: drop it up to its newline
                let Some(k) = memchr::memchr(b'\n', &self.buf[..self.filled]) else {
                    self.filled = 0;
                    continue;
                };
                self.buf.copy_within(k + 1..self.filled, 0);
                self.filled -= k + 1;
                self.line += 1;
                self.skipping = false;
                self.last_nl = memchr::memrchr(b'\n', &self.buf[..self.filled]);
            } else if let Some(k) = memchr::memrchr(b'\n', &self.buf[old..self.filled]) {
                self.last_nl = Some(old + k);
            }
            let partial = self.last_nl.map_or(self.filled, |k| self.filled - k - 1);
            if partial > max_line {
                if let Some(k) = self.last_nl {
                    self.emit(k + 1, max_line);
                    continue;
                }
                let line = self.line;
                (self.buf, self.filled) = (Vec::new(), 0);
                self.skipping = true;
                return Some(self.bad(line, too_long_line(max_line), true));
            }
            if let Some(k) = self.last_nl {
                // hand on a chunk's worth, or what a slow stream (a pipe,
                // `tail -f`) has delivered so far
                if self.filled >= CHUNK_BYTES || (self.filled < self.buf.len() && !self.gz) {
                    self.emit(k + 1, max_line);
                }
            }
        }
    }
}

fn too_long_line(max_line: usize) -> String {
    format!("line longer than the limit ({max_line} bytes), skipped")
}

const BINARY: &str = "binary content (NUL bytes), skipping the rest of the file";

/// Every line of a [`Item::Lines`] run with its number: `(line, bytes)`
/// without the newline and without a leading byte-order mark; blank lines
/// are left out.
pub fn lines(first_line: u64, bytes: &[u8]) -> impl Iterator<Item = (u64, &[u8])> {
    let mut at = 0;
    let mut line = first_line;
    std::iter::from_fn(move || {
        loop {
            if at >= bytes.len() {
                return None;
            }
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
            let mut l = &bytes[at..end];
            at = end + 1;
            line += 1;
            if let Some(rest) = l.strip_prefix(b"\xEF\xBB\xBF") {
                l = rest;
            }
            if l.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some((line - 1, l));
        }
    })
}
