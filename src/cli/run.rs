//! `qawl extract` and `qawl speakers` as they run: each worker renders its
//! documents straight into its job's buffer, the writer flushes them in
//! input order, and a progress line shows on a terminal (part of the `qawl`
//! binary).

use std::io::{self, IsTerminal, Write};
use std::time::Instant;

use qawl::Extractor;
use qawl::corpus;
use qawl::input;
use qawl::output::{self, Format};

/// What a worker does with each document in `extract`: extract, keep the
/// asked-for kinds, render straight into the job's output buffer.
pub(crate) struct Render<'a> {
    pub ex: &'a Extractor,
    pub format: Format,
    pub explain: bool,
    pub kinds: &'a [qawl::Kind],
}

/// A job's rendered documents, and for `--format html` what each adds to
/// the page's overview (with where its bytes start).
#[derive(Default)]
pub(crate) struct Rendered {
    bytes: Vec<u8>,
    said: Vec<(usize, Vec<qawl::tally::Said>)>,
}

impl corpus::Buffer for Rendered {
    fn len(&self) -> usize {
        self.bytes.len()
    }
    fn truncate(&mut self, len: usize) {
        self.bytes.truncate(len);
        self.said.retain(|(at, _)| *at < len);
    }
    fn reserve_for(&mut self, bytes: usize) {
        self.bytes.reserve(bytes);
    }
}

impl corpus::Work for Render<'_> {
    type Out = Rendered;
    fn doc(&self, rendered: &mut Rendered, id: &str, text: &str) -> usize {
        let mut attrs = self.ex.extract(text);
        if self.kinds.len() < qawl::Kind::ALL.len() {
            attrs.retain(|a| self.kinds.contains(&a.kind));
        }
        if self.format == Format::Html {
            rendered.said.push((rendered.bytes.len(), output::html::Page::said(text, &attrs)));
        }
        let out = &mut rendered.bytes;
        if self.format == Format::Json {
            // the separator before every element; the writer drops the first
            out.extend_from_slice(b",\n");
        }
        if self.format == Format::Jsonl {
            // straight into the job's buffer
            output::jsonl_line(out, self.ex, id, text, &attrs, self.explain);
        } else {
            output::write_doc(out, self.format, self.ex, id, text, &attrs, self.explain).expect("write to memory");
        }
        attrs.len()
    }
}

/// Rendered documents to stdout, bad inputs to stderr, and the progress line.
struct Writer<W: Write> {
    out: W,
    progress: Progress,
    /// JSON: the separator before the first element is still to be dropped.
    first: bool,
    /// `--format html`: the page, which takes documents up to its limit.
    page: Option<output::html::Page>,
}

impl<W: Write> corpus::Sink<Rendered> for Writer<W> {
    fn write(&mut self, out: &Rendered, range: std::ops::Range<usize>) -> io::Result<()> {
        if let Some(page) = self.page.as_mut() {
            // document by document: those past the page's limit are counted, not shown
            let docs: Vec<&(usize, Vec<qawl::tally::Said>)> =
                out.said.iter().filter(|(at, _)| range.contains(at)).collect();
            for (k, (at, said)) in docs.iter().enumerate() {
                let end = docs.get(k + 1).map_or(range.end, |(next, _)| *next);
                if page.add(said.clone()) {
                    self.out.write_all(&out.bytes[*at..end])?;
                }
            }
            return Ok(());
        }
        let mut bytes = &out.bytes[range];
        if self.first && !bytes.is_empty() {
            bytes = bytes.strip_prefix(b",\n").unwrap_or(bytes);
            self.first = false;
        }
        self.out.write_all(bytes)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
    fn report(&mut self, at: &str, msg: &str) {
        self.progress.clear_line();
        let _ = writeln!(io::stderr(), "qawl: {}: {msg}", qawl::display::escape(at));
    }
    fn tick(&mut self, counts: &corpus::Counts) {
        self.progress.tick(counts);
    }
    fn started(&mut self, read: &input::Progress) {
        self.progress.read = Some(read.clone());
    }
}

/// Stream every document through extraction and rendering on the worker
/// threads (`corpus::run`); output keeps input order and is written as soon
/// as it is ready. Returns whether every input was read.
pub(crate) fn run_extract(render: &Render, inputs: &[String], opts: &corpus::Options, stats: bool) -> io::Result<bool> {
    let mut out = super::stdout();
    let format = render.format;
    if format == Format::Json {
        writeln!(out, "[")?;
    }
    output::write_header(&mut out, format, render.explain)?;
    // a progress line only where it cannot mix with the output: stderr a
    // terminal, stdout not one
    let show = io::stderr().is_terminal() && !io::stdout().is_terminal();
    let page = (format == Format::Html).then(output::html::Page::new);
    let mut w = Writer { out, progress: Progress::new(show), first: true, page };
    let (result, counts) = corpus::run(inputs, opts, render, &mut w);
    let Writer { mut out, mut progress, page, .. } = w;
    progress.clear_line();
    result?;
    if format == Format::Json {
        writeln!(out, "\n]")?;
    }
    if let Some(p) = &page {
        p.finish(&mut out, render.ex)?;
        if p.left_out() > 0 {
            progress.clear_line();
            eprintln!(
                "qawl: the page shows the first {} documents; {} more were left out (filter first: --kinds, or select documents)",
                output::html::MAX_DOCS,
                p.left_out()
            );
        }
    }
    out.flush()?;
    if stats {
        eprintln!("{}", progress.summary(&counts));
    }
    Ok(counts.bad == 0)
}

/// The progress line shown on a terminal, and the `--stats` summary.
struct Progress {
    read: Option<input::Progress>,
    /// Draw the progress line.
    show: bool,
    started: Instant,
    last_draw: Option<Instant>,
}

impl Progress {
    fn new(show: bool) -> Progress {
        Progress { read: None, show, started: Instant::now(), last_draw: None }
    }

    /// Redraw the progress line, at most 4 times a second, after the first second.
    fn tick(&mut self, c: &corpus::Counts) {
        let secs = self.started.elapsed().as_secs_f64();
        if !self.show || secs < 1.0 || self.last_draw.is_some_and(|t| t.elapsed().as_millis() < 250) {
            return;
        }
        self.last_draw = Some(Instant::now());
        let mb = c.bytes as f64 / 1e6;
        let mut line = format!("{} documents, {mb:.1} MB, {:.1} MB/s", c.docs, mb / secs);
        if let Some(read) = &self.read
            && let Some(total) = read.total.filter(|&t| t > 0)
        {
            // ETA from the input files' bytes read so far (compressed bytes for .gz)
            let done = (read.read() as f64 / total as f64).clamp(1e-6, 1.0);
            let eta = secs * (1.0 - done) / done;
            line += &format!(", {:.0}%, ETA {}", done * 100.0, clock(eta));
        }
        if c.bad > 0 {
            line += &format!(", {} skipped", c.bad);
        }
        let _ = write!(io::stderr(), "\r{line}\x1b[K");
    }

    /// Erase the progress line (before an error message, and at the end).
    fn clear_line(&mut self) {
        if self.last_draw.is_some() {
            let _ = write!(io::stderr(), "\r\x1b[K");
            self.last_draw = None;
        }
    }

    fn summary(&self, c: &corpus::Counts) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        let mb = c.bytes as f64 / 1e6;
        format!(
            "qawl: {} documents, {} attributions, {} without any, {mb:.1} MB in {secs:.2} s ({:.1} MB/s), {} skipped",
            c.docs,
            c.attrs,
            c.empty,
            mb / secs.max(1e-9),
            c.bad
        )
    }
}

/// Seconds as `m:ss` (or `h:mm:ss`).
fn clock(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}
