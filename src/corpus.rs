//! Corpus mode: every document of the inputs through a [`Work`] on N worker
//! threads, the results handed to a [`Sink`] in input order.
//!
//! Three stages, none of them parsing serially:
//!
//! - the **reader** thread ([`input::Reader`]) reads and decompresses, and
//!   cuts JSONL into runs of whole lines with `memchr`; consecutive small
//!   text files are packed into one job;
//! - **workers** take jobs from a queue, check UTF-8, parse the JSONL lines
//!   ([`crate::jsonl`]) and run the work on each document (extraction and
//!   rendering, straight into the job's output buffer);
//! - the calling thread puts the finished jobs back in input order, writes
//!   them, reports bad input on stderr, and flushes whenever it would wait
//!   for the next job (a `tail -f` feed shows each document as soon as it
//!   is done) and at least once a second.
//!
//! Memory is bounded by the bytes of input in flight (read but not yet
//! written): at most [`Options::budget`] bytes, or one job when a single
//! document is larger; the reader waits for room.
//!
//! Bad input: after [`input::MAX_BAD_LINES`] bad lines in one JSONL file the
//! rest of it is skipped (said once); what is counted and reported does not
//! depend on the number of threads or on timing.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::input::{self, Fields, InputMode, Item, Progress, Reader};

/// What a worker does with each document.
pub trait Work: Sync {
    /// What the documents of one job add up to (output bytes, counts).
    type Out: Buffer + Default + Send;
    /// Run on one document, appending to `out`; returns its attribution count.
    fn doc(&self, out: &mut Self::Out, id: &str, text: &str) -> usize;
}

/// A job's output: cut back when a document fails half-way, and written in
/// slices (the documents of a file after its last reported bad line are
/// dropped).
pub trait Buffer {
    fn len(&self) -> usize;
    fn truncate(&mut self, len: usize);
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Make room for the output of `bytes` bytes of input.
    fn reserve_for(&mut self, _bytes: usize) {}
}

impl<T> Buffer for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len)
    }
    fn reserve_for(&mut self, bytes: usize) {
        // rendered JSONL is about two thirds of the input on news text;
        // a byte per byte spares the copies of a growing buffer
        if std::mem::size_of::<T>() == 1 {
            self.reserve(bytes);
        }
    }
}

/// Where finished output goes, in input order.
pub trait Sink<O> {
    fn write(&mut self, out: &O, range: Range<usize>) -> io::Result<()>;
    /// Called whenever the writer would otherwise wait, and at least once a second.
    fn flush(&mut self) -> io::Result<()>;
    /// A bad input or a note, `qawl: AT: MSG` (default: stderr).
    fn report(&mut self, at: &str, msg: &str) {
        use std::io::Write;
        let _ = writeln!(io::stderr(), "qawl: {at}: {msg}");
    }
    /// After each job written (progress lines).
    fn tick(&mut self, _counts: &Counts) {}
    /// Before the first document: how far reading has got, for an ETA.
    fn started(&mut self, _read: &Progress) {}
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub docs: usize,
    pub attrs: usize,
    /// Documents without attributions.
    pub empty: usize,
    /// Bytes of document text.
    pub bytes: usize,
    /// Inputs, documents and lines skipped.
    pub bad: usize,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// `None`: each file's mode from its name.
    pub mode: Option<InputMode>,
    pub fields: Fields,
    pub threads: usize,
    /// Most bytes of input in flight.
    pub budget: usize,
}

impl Options {
    pub fn new(mode: Option<InputMode>, fields: Fields, threads: usize) -> Options {
        let threads = threads.max(1);
        Options { mode, fields, threads, budget: (4 * threads * input::CHUNK_BYTES).max(16 << 20) }
    }
}

/// One unit of work: whole lines of one JSONL file, or a few text files.
struct Job {
    seq: u64,
    items: Vec<Item>,
}

/// What happened, in input order, inside one job.
enum Event {
    /// A document.
    Doc { attrs: usize, bytes: usize },
    /// A skipped input; the output before it ends at `end`. `line`: a bad
    /// line of JSONL input `file`, which counts towards the cap.
    Bad { end: usize, file: u32, at: String, msg: String, line: bool },
}

struct Done<O> {
    seq: u64,
    /// The JSONL file of a run of lines.
    file: Option<u32>,
    bytes: usize,
    out: O,
    events: Vec<Event>,
}

/// Bytes of input in flight, shared by the reader (which waits for room)
/// and the writer (which makes room).
#[derive(Default)]
struct Budget {
    state: Mutex<(usize, bool)>, // (bytes in flight, cancelled)
    room: Condvar,
    cancelled: AtomicBool,
}

impl Budget {
    /// Wait until `n` more bytes fit (a job always fits when nothing else is
    /// in flight); false when the run was cancelled.
    fn take(&self, n: usize, limit: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !s.1 && s.0 > 0 && s.0 + n > limit {
            s = self.room.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.0 += n;
        !s.1
    }

    fn give(&self, n: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0 = s.0.saturating_sub(n);
        self.room.notify_all();
    }

    fn cancel(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.cancelled.store(true, Ordering::Relaxed);
        self.room.notify_all();
    }

    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// Run `work` over every document of `inputs` and write the results to
/// `sink` in input order. Returns the totals; an error is the sink's (a
/// write error: the run stops).
pub fn run<W: Work>(
    inputs: &[String],
    opts: &Options,
    work: &W,
    sink: &mut dyn Sink<W::Out>,
) -> (io::Result<()>, Counts) {
    let (reader, progress) = Reader::new(inputs, opts.mode);
    sink.started(&progress);
    let stopper = reader.stopper();
    let pool = reader.pool();
    let budget = Arc::new(Budget::default());
    let mut counts = Counts::default();
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(opts.threads * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done<W::Out>>();
    // the reader is not joined after a write error: it may be waiting on a
    // pipe that never ends (`tail -f`); it stops at its next job
    let reader = {
        let (budget, limit) = (budget.clone(), opts.budget);
        std::thread::spawn(move || read_jobs(reader, limit, &budget, job_tx))
    };
    let result = std::thread::scope(|scope| {
        for _ in 0..opts.threads {
            let done_tx = done_tx.clone();
            let (job_rx, budget, fields, pool) = (&job_rx, &budget, &opts.fields, &pool);
            scope.spawn(move || {
                loop {
                    let job = {
                        let rx = job_rx.lock().unwrap_or_else(|e| e.into_inner());
                        if budget.cancelled() {
                            return;
                        }
                        match rx.recv_timeout(Duration::from_millis(50)) {
                            Ok(j) => j,
                            Err(mpsc::RecvTimeoutError::Timeout) => continue,
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    };
                    let _ = done_tx.send(do_job(work, fields, pool, job));
                }
            });
        }
        drop(done_tx);
        let r = write_in_order(done_rx, sink, &budget, &stopper, &mut counts);
        // stop the reader (after a write error) and let the workers finish
        budget.cancel();
        r
    });
    if result.is_ok() {
        let _ = reader.join();
    }
    (result, counts)
}

/// The reader thread: items packed into jobs and queued, in order.
fn read_jobs(mut reader: Reader, limit: usize, budget: &Budget, tx: mpsc::SyncSender<Job>) {
    let mut seq = 0;
    let mut pending: Vec<Item> = vec![];
    let mut pending_bytes = 0;
    let mut send = |items: Vec<Item>, bytes: usize| -> bool {
        if !budget.take(bytes, limit) {
            return false;
        }
        let job = Job { seq, items };
        seq += 1;
        tx.send(job).is_ok()
    };
    while let Some(item) = reader.next_item() {
        let n = item.len();
        if matches!(item, Item::Lines { .. }) {
            // a run of lines goes alone; text files before it first
            if !pending.is_empty() && !send(std::mem::take(&mut pending), std::mem::take(&mut pending_bytes)) {
                return;
            }
            if !send(vec![item], n) {
                return;
            }
            continue;
        }
        pending.push(item);
        pending_bytes += n;
        if pending_bytes >= input::CHUNK_BYTES
            && !send(std::mem::take(&mut pending), std::mem::take(&mut pending_bytes))
        {
            return;
        }
    }
    if !pending.is_empty() {
        send(pending, pending_bytes);
    }
}

/// Run the work over one job's documents.
fn do_job<W: Work>(work: &W, fields: &Fields, pool: &input::Pool, job: Job) -> Done<W::Out> {
    let mut out = W::Out::default();
    out.reserve_for(job.items.iter().map(Item::len).sum());
    let mut events = vec![];
    let mut bytes = 0;
    let file = match job.items.first() {
        Some(Item::Lines { file, .. }) => Some(*file),
        _ => None,
    };
    let one = |out: &mut W::Out, events: &mut Vec<Event>, at: &dyn Fn() -> String, id: &str, text: &str| {
        let mark = out.len();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work.doc(out, id, text))) {
            Ok(attrs) => events.push(Event::Doc { attrs, bytes: text.len() }),
            Err(p) => {
                out.truncate(mark);
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                events.push(Event::Bad {
                    end: mark,
                    file: u32::MAX,
                    at: at(),
                    msg: format!("internal error, skipped (please report): {msg}"),
                    line: false,
                });
            }
        }
    };
    for item in job.items {
        bytes += item.len();
        match item {
            Item::Bad { file, at, msg, line } => events.push(Event::Bad { end: out.len(), file, at, msg, line }),
            Item::Text { name, bytes: raw, .. } => match input::check_text(&raw) {
                Ok(text) => one(&mut out, &mut events, &|| name.to_string(), &name, text),
                Err(msg) => {
                    events.push(Event::Bad { end: out.len(), file: u32::MAX, at: name.to_string(), msg, line: false })
                }
            },
            Item::Lines { file, name, first_line, bytes: raw } => {
                for (n, line) in input::lines(first_line, &raw) {
                    let at = || format!("{name}:{n}");
                    match crate::jsonl::parse(line, &fields.id, &fields.text) {
                        crate::jsonl::Parsed::Doc { id, text } => {
                            if text.len() > input::MAX_DOC_BYTES {
                                let msg = input::too_large(text.len());
                                events.push(Event::Bad { end: out.len(), file, at: at(), msg, line: true });
                                continue;
                            }
                            match id {
                                Some(id) => one(&mut out, &mut events, &at, &id, &text),
                                None => one(&mut out, &mut events, &at, &at(), &text),
                            }
                        }
                        crate::jsonl::Parsed::Bad(msg) => {
                            events.push(Event::Bad { end: out.len(), file, at: at(), msg, line: true })
                        }
                    }
                }
                pool.give(raw);
            }
        }
    }
    Done { seq: job.seq, file, bytes, out, events }
}

/// The calling thread: finished jobs back in input order, written, their
/// bad inputs reported, the budget given back.
fn write_in_order<O: Buffer>(
    rx: mpsc::Receiver<Done<O>>,
    sink: &mut dyn Sink<O>,
    budget: &Budget,
    stopper: &std::sync::atomic::AtomicU32,
    counts: &mut Counts,
) -> io::Result<()> {
    let mut waiting: BTreeMap<u64, Done<O>> = BTreeMap::new();
    let mut next = 0;
    // bad lines of the JSONL file they were last counted for, and the file cut off
    let mut bad_lines: (u32, usize) = (u32::MAX, 0);
    let mut cut: Option<u32> = None;
    let mut unflushed = false;
    let mut last_flush = Instant::now();
    loop {
        while let Some(done) = waiting.remove(&next) {
            next += 1;
            budget.give(done.bytes);
            if done.file.is_some() && done.file == cut {
                continue;
            }
            let (mut written, mut keep) = (0, done.out.len());
            for ev in &done.events {
                match *ev {
                    Event::Doc { attrs, bytes, .. } => {
                        counts.docs += 1;
                        counts.attrs += attrs;
                        counts.empty += usize::from(attrs == 0);
                        counts.bytes += bytes;
                    }
                    Event::Bad { end, file, ref at, ref msg, line } => {
                        if line && cut == Some(file) {
                            continue;
                        }
                        sink.write(&done.out, written..end)?;
                        written = end;
                        sink.report(at, msg);
                        counts.bad += 1;
                        if !line {
                            continue;
                        }
                        if bad_lines.0 != file {
                            bad_lines = (file, 0);
                        }
                        bad_lines.1 += 1;
                        if bad_lines.1 == input::MAX_BAD_LINES {
                            let name = at.rsplit_once(':').map_or(at.as_str(), |(n, _)| n);
                            sink.report(name, &input::too_many_bad_lines());
                            cut = Some(file);
                            stopper.store(file + 1, Ordering::Relaxed);
                            keep = end;
                            break;
                        }
                    }
                }
            }
            if keep > written {
                sink.write(&done.out, written..keep)?;
                unflushed = true;
            }
            sink.tick(counts);
        }
        if unflushed && last_flush.elapsed() >= Duration::from_secs(1) {
            sink.flush()?;
            (unflushed, last_flush) = (false, Instant::now());
        }
        // wait for the next job; flush first, as this may take a while
        let done = match rx.try_recv() {
            Ok(d) => d,
            Err(mpsc::TryRecvError::Empty) => {
                if unflushed {
                    sink.flush()?;
                    (unflushed, last_flush) = (false, Instant::now());
                }
                match rx.recv() {
                    Ok(d) => d,
                    Err(_) => break,
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => break,
        };
        waiting.insert(done.seq, done);
    }
    sink.flush()
}
