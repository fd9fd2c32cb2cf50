//! The `qawl` command line: `extract`, `eval`, `diff`, `patterns check`, `patterns stats`.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use qawl::Extractor;
use qawl::corpus;
use qawl::input::{self, Fields, InputMode};
use qawl::output::{self, Format};
use qawl::patterns::PatternSet;

#[derive(Parser)]
#[command(
    name = "qawl",
    version,
    about = "qawl (قَوْل) — who said what in Arabic news",
    after_help = "\
Examples (from the repository root):
  qawl extract examples/raisi-putin-ar.txt
  qawl extract --format jsonl tests/data/dev.jsonl > out.jsonl
  qawl eval tests/data/dev.jsonl --errors
  qawl patterns check patterns/
  qawl patterns stats tests/data/dev.jsonl
  qawl diff out.jsonl out.jsonl"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every attribution (speaker, cue, kind, content) in the inputs.
    #[command(after_help = "\
Inputs are files (one document each), folders (read recursively; only
regular files), `-` for stdin, or JSONL, one JSON object per line: files
named *.jsonl or *.ndjson, or any input with --input jsonl. Gzip is read
directly (told by its first bytes). A bad input is reported on stderr and
skipped; the exit status is then 1. Output is written in input order as
each document is done.

Examples (from the repository root):
  qawl extract examples/raisi-putin-ar.txt
  qawl extract --format json tests/fixtures/snn-00439-aawsat.txt tests/fixtures/snn-01158-almadina.txt
  qawl extract --format jsonl --id-field id --text-field text tests/data/dev.jsonl
  qawl extract --kinds claim examples/raisi-putin-ar.txt        # only claims
  qawl extract --kinds direct,mixed examples/raisi-putin-ar.txt # only quotations
  cat examples/raisi-putin-ar.txt | qawl extract --format tsv -")]
    Extract {
        /// Files, folders, or `-` for stdin (default: stdin).
        inputs: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        #[command(flatten)]
        run: RunArgs,
        /// Show the rule and pattern entries (file:line) behind each attribution.
        #[arg(long)]
        explain: bool,
        /// Kinds to list, comma-separated (default: all five).
        #[arg(long, value_enum, value_delimiter = ',', default_value = "direct,indirect,mixed,according_to,claim")]
        kinds: Vec<qawl::Kind>,
        /// Print a one-line summary on stderr at the end (documents,
        /// attributions, MB, seconds, MB/s, skipped).
        #[arg(long)]
        stats: bool,
    },
    /// Score extraction against a gold JSONL file (ANNOTATION.md).
    #[command(after_help = "\
Prints, as ../shared/tools/score.py does: the main score over the four kinds
direct, indirect, mixed and according_to (detection, speaker and kind
accuracy, end-to-end, strict speaker), per value of --by (default: family),
then claims scored apart and all kinds together, on the documents whose gold
says \"claims_annotated\": true.

Examples:
  qawl eval tests/data/dev.jsonl
  qawl eval tests/data/dev.jsonl --errors | less")]
    Eval {
        /// Gold file: one article per line with `text` and `attributions`.
        gold: PathBuf,
        /// Pattern folder replacing the built-in patterns.
        #[arg(long)]
        patterns: Option<PathBuf>,
        /// List missed, spurious and wrongly attributed items (STRICT: right
        /// only by containment, wrong under the strict speaker score).
        #[arg(long)]
        errors: bool,
        /// Also print the main scores per value of this gold field.
        #[arg(long, default_value = "family")]
        by: String,
    },
    /// Compare two `extract --format jsonl` runs: attributions gained, lost, changed.
    #[command(after_help = "\
Documents are matched by id (any order; ids found in one file only are
listed), attributions by cue offset, then by overlapping content. A pair is
changed when its speaker text, kind, content span or cue span differs.
Exit status: 0 compared (differences or not), 1 some lines were not qawl
JSONL, 2 a file cannot be read.

Example (from the repository root):
  qawl extract --format jsonl tests/data/dev.jsonl > old.jsonl
  # edit patterns/ar/verbs.txt
  qawl extract --format jsonl --patterns patterns/ tests/data/dev.jsonl > new.jsonl
  qawl diff old.jsonl new.jsonl")]
    Diff {
        /// The earlier run.
        old: PathBuf,
        /// The later run.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: qawl::tools::diff::DiffFormat,
    },
    /// Work with pattern files: check them, count their matches in a corpus.
    #[command(after_help = "\
The walkthrough for adding a verb is in patterns/README.md (## Workflow).

Examples:
  qawl patterns check patterns/
  qawl patterns stats --patterns patterns/ tests/data/dev.jsonl")]
    Patterns {
        #[command(subcommand)]
        command: PatternsCommand,
    },
}

#[derive(Subcommand)]
enum PatternsCommand {
    /// Validate pattern files; exit 0 when clean.
    #[command(after_help = "\
Reports, one `file:line: message` per line on stdout: lines that do not
parse (unknown tags, empty forms), a form listed twice in a file, forms that
become equal after normalisation and then mean two things (a verb form that
is also a speaker noun, a speaker noun that is also an ender ...), and
non-Arabic characters in forms. The rules are in src/tools/check.rs.
Exit status: 0 clean, 1 problems, 2 a folder or file cannot be read.

Examples:
  qawl patterns check              # the built-in set
  qawl patterns check patterns/    # the files being edited")]
    Check {
        /// Pattern folder (default: the built-in set).
        dir: Option<PathBuf>,
    },
    /// Count, per pattern entry, its matches and attributions in a corpus.
    #[command(after_help = "\
For every entry (file:line and lemma): `hits`, how often one of its forms
matched (on word boundaries, exclusions applied), and `attributions`, how many
attributions it took part in (the entries `--explain` lists). The table ends
with the entries that never fired. A summary goes to stderr.

Examples:
  qawl patterns stats --input jsonl tests/data/dev.jsonl
  qawl patterns stats --patterns patterns/ --format tsv tests/fixtures/ > stats.tsv")]
    Stats {
        /// Files, folders, or `-` for stdin (default: stdin).
        corpus: Vec<String>,
        #[command(flatten)]
        run: RunArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: qawl::tools::stats::StatsFormat,
    },
}

/// Options of every command that runs the extractor over documents.
#[derive(clap::Args)]
struct RunArgs {
    /// How to read the inputs [default: jsonl for files named *.jsonl or
    /// *.ndjson (.gz too), text otherwise].
    #[arg(long, value_enum)]
    input: Option<InputMode>,
    /// JSONL field holding the document id.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSONL field holding the document text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// Pattern folder replacing the built-in patterns.
    #[arg(long)]
    patterns: Option<PathBuf>,
    /// Worker threads (default, and 0: all cores; at most 4 per core).
    #[arg(long)]
    threads: Option<usize>,
}

impl RunArgs {
    /// Load the patterns; on failure, the exit code to return.
    fn extractor(&self) -> Result<Extractor, ExitCode> {
        load_patterns(self.patterns.as_ref()).map(Extractor::new)
    }

    /// The worker count: `--threads`, 0 or none meaning all cores, and no
    /// more than 4 per core (with a note: thousands of threads only cost).
    fn threads(&self) -> usize {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let max = (4 * cores).max(8);
        match self.threads {
            None | Some(0) => cores,
            Some(n) if n > max => {
                let s = if cores == 1 { "" } else { "s" };
                eprintln!("qawl: --threads {n}: using {max}, the limit for {cores} core{s} (4 per core, at least 8)");
                max
            }
            Some(n) => n,
        }
    }

    fn options(&self) -> corpus::Options {
        let fields = Fields { id: self.id_field.clone(), text: self.text_field.clone() };
        corpus::Options::new(self.input, fields, self.threads())
    }
}

/// Standard output, with write errors that say so (`qawl: stdout: …`).
struct Stdout<W: Write>(W);

/// A failed write to standard output.
#[derive(Debug)]
struct StdoutError(io::Error);

impl std::fmt::Display for StdoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stdout: {}", self.0)
    }
}

impl std::error::Error for StdoutError {}

fn tag(e: io::Error) -> io::Error {
    if e.get_ref().is_some_and(|i| i.is::<StdoutError>()) {
        return e;
    }
    io::Error::new(e.kind(), StdoutError(e))
}

impl<W: Write> Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(tag)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(tag)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(tag)
    }
}

/// Buffered, error-naming standard output.
fn stdout() -> Stdout<BufWriter<io::StdoutLock<'static>>> {
    Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock()))
}

/// The exit code after a failed write to stdout: quiet on a closed pipe
/// (`qawl … | head`), else `qawl: stdout: reason` and 1.
fn write_failed(e: &io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    if e.get_ref().is_some_and(|i| i.is::<StdoutError>()) {
        let _ = writeln!(io::stderr(), "qawl: {e}");
    } else {
        let _ = writeln!(io::stderr(), "qawl: stdout: {e}");
    }
    ExitCode::from(1)
}

/// Is `e` a write error on stdout (rather than a read error)?
fn is_stdout_error(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe || e.get_ref().is_some_and(|i| i.is::<StdoutError>())
}

/// `qawl patterns check`, `qawl patterns stats` and `qawl diff`.
mod qawl_tools {
    use std::io::Write;
    use std::path::Path;
    use std::process::ExitCode;

    use qawl::corpus;
    use qawl::tools::check;
    use qawl::tools::stats::{Counter, DocCounts, Stats};

    pub fn check(dir: Option<&Path>) -> ExitCode {
        let report = match dir {
            None => check::check_builtin(),
            Some(d) => check::check_dir(d),
        };
        let mut out = super::stdout();
        let shown = report.problems.iter().try_for_each(|p| writeln!(out, "{p}")).and_then(|_| out.flush());
        if let Err(e) = shown {
            return super::write_failed(&e);
        }
        for u in &report.unreadable {
            eprintln!("qawl: {u}");
        }
        match report.exit_code() {
            0 => eprintln!("{}: {} entries, no problems", report.origin, report.entries),
            1 => eprintln!(
                "{}: {} entries, {} problem{}",
                report.origin,
                report.entries,
                report.problems.len(),
                if report.problems.len() == 1 { "" } else { "s" }
            ),
            _ => {}
        }
        ExitCode::from(report.exit_code())
    }

    /// The counts of a corpus, merged in input order.
    struct Merge(Stats);

    impl corpus::Sink<Vec<DocCounts>> for Merge {
        fn write(&mut self, out: &Vec<DocCounts>, range: std::ops::Range<usize>) -> std::io::Result<()> {
            out[range].iter().for_each(|c| self.0.add_counts(c));
            Ok(())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    pub fn stats(
        ex: &qawl::Extractor,
        inputs: &[String],
        opts: &corpus::Options,
        format: qawl::tools::stats::StatsFormat,
    ) -> ExitCode {
        let mut merged = Merge(Stats::new(ex.set.entries.len()));
        let (_, counts) = corpus::run(inputs, opts, &Counter { ex }, &mut merged);
        let stats = merged.0;
        let mut out = super::stdout();
        if let Err(e) = qawl::tools::stats::write(&mut out, ex, &stats, format).and_then(|_| out.flush()) {
            return super::write_failed(&e);
        }
        eprintln!("{}", qawl::tools::stats::summary(&stats));
        if counts.bad == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
    }

    pub fn diff(old: &Path, new: &Path, format: qawl::tools::diff::DiffFormat) -> ExitCode {
        let mut out = super::stdout();
        let mut bad = |m: String| eprintln!("qawl: {m}");
        let sum = match qawl::tools::diff::run(old, new, format, &mut out, &mut bad) {
            Ok(s) => s,
            Err(e) if super::is_stdout_error(&e) => return super::write_failed(&e),
            Err(e) => {
                let _ = out.flush();
                eprintln!("qawl: {e}");
                return ExitCode::from(2);
            }
        };
        let shown = match format {
            qawl::tools::diff::DiffFormat::Table => writeln!(out, "{sum}").and_then(|_| out.flush()),
            qawl::tools::diff::DiffFormat::Tsv => out.flush().map(|_| eprintln!("{sum}")),
        };
        if let Err(e) = shown {
            return super::write_failed(&e);
        }
        if sum.bad_lines == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
    }
}

/// Load patterns, or print `file:line: reason` for each problem.
fn load_patterns(dir: Option<&PathBuf>) -> Result<PatternSet, ExitCode> {
    match dir {
        None => Ok(PatternSet::builtin()),
        Some(d) => PatternSet::load_dir(d).map_err(|errs| {
            for e in errs {
                eprintln!("{e}");
            }
            ExitCode::from(2)
        }),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { inputs, format, run, explain, stats, kinds } => {
            let ex = match run.extractor() {
                Ok(ex) => ex,
                Err(c) => return c,
            };
            if inputs.is_empty() && io::stdin().is_terminal() {
                // nothing given and nothing piped: say so instead of waiting on the keyboard
                eprintln!("qawl: no input: give files or folders, or pipe text with `-` (see qawl extract --help)");
                return ExitCode::from(2);
            }
            let render = Render { ex: &ex, format, explain, kinds: &kinds };
            let done = run_extract(&render, &inputs, &run.options(), stats);
            // the process ends here: freeing the matcher's tables one by one is wasted work
            std::mem::forget(ex);
            match done {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => write_failed(&e),
            }
        }
        Command::Eval { gold, patterns, errors, by } => {
            let set = match load_patterns(patterns.as_ref()) {
                Ok(s) => s,
                Err(c) => return c,
            };
            let text = match std::fs::read_to_string(&gold) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("qawl: {}: {e}", gold.display());
                    return ExitCode::from(2);
                }
            };
            let docs = match qawl::eval::read_gold(&text) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("qawl: {}: {e}", gold.display());
                    return ExitCode::from(2);
                }
            };
            let report = qawl::eval::evaluate(&Extractor::new(set), &docs);
            let mut out = stdout();
            let shown = (|| {
                if errors {
                    write!(out, "{}", report.errors())?;
                    writeln!(out)?;
                }
                write!(out, "{}", report.summary(Some(&by)))?;
                out.flush()
            })();
            match shown {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => write_failed(&e),
            }
        }
        Command::Patterns { command: PatternsCommand::Check { dir } } => qawl_tools::check(dir.as_deref()),
        Command::Patterns { command: PatternsCommand::Stats { corpus, run, format } } => {
            let ex = match run.extractor() {
                Ok(ex) => ex,
                Err(c) => return c,
            };
            qawl_tools::stats(&ex, &corpus, &run.options(), format)
        }
        Command::Diff { old, new, format } => qawl_tools::diff(&old, &new, format),
    }
}

/// What a worker does with each document in `extract`: extract, keep the
/// asked-for kinds, render straight into the job's output buffer.
struct Render<'a> {
    ex: &'a Extractor,
    format: Format,
    explain: bool,
    kinds: &'a [qawl::Kind],
}

impl corpus::Work for Render<'_> {
    type Out = Vec<u8>;
    fn doc(&self, out: &mut Vec<u8>, id: &str, text: &str) -> usize {
        let mut attrs = self.ex.extract(text);
        if self.kinds.len() < qawl::Kind::ALL.len() {
            attrs.retain(|a| self.kinds.contains(&a.kind));
        }
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
}

impl<W: Write> corpus::Sink<Vec<u8>> for Writer<W> {
    fn write(&mut self, out: &Vec<u8>, range: std::ops::Range<usize>) -> io::Result<()> {
        let mut bytes = &out[range];
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
        let _ = writeln!(io::stderr(), "qawl: {at}: {msg}");
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
fn run_extract(render: &Render, inputs: &[String], opts: &corpus::Options, stats: bool) -> io::Result<bool> {
    let mut out = stdout();
    let format = render.format;
    if format == Format::Json {
        writeln!(out, "[")?;
    }
    if format == Format::Tsv {
        writeln!(out, "{}", output::tsv_header(render.explain))?;
    }
    // a progress line only where it cannot mix with the output: stderr a
    // terminal, stdout not one
    let show = io::stderr().is_terminal() && !io::stdout().is_terminal();
    let mut w = Writer { out, progress: Progress::new(show), first: true };
    let (result, counts) = corpus::run(inputs, opts, render, &mut w);
    let Writer { mut out, mut progress, .. } = w;
    progress.clear_line();
    result?;
    if format == Format::Json {
        writeln!(out, "\n]")?;
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
            "qawl: {} documents, {} attributions, {mb:.1} MB in {secs:.2} s ({:.1} MB/s), {} skipped",
            c.docs,
            c.attrs,
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
