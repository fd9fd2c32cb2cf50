//! The `qawl` command line: `extract`, `eval`, `train`, `diff`, `speakers`, `patterns check`, `patterns stats`.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use qawl::Extractor;
use qawl::corpus;
use qawl::input::{self, Fields, InputMode};
use qawl::output::Format;
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
  qawl speakers tests/data/dev.jsonl
  qawl extract --format html examples/raisi-putin-ar.txt > page.html
  qawl train tests/data/dev.jsonl data/annotated/train-a.jsonl > weights.txt
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
  qawl extract --format html --input jsonl tests/data/corpus-200.jsonl > page.html
  qawl extract --format csv --input jsonl tests/data/corpus-200.jsonl > out.csv
  cat examples/raisi-putin-ar.txt | qawl extract --format tsv -

Formats: table (people, in a terminal: one block per attribution, values cut
to the width with …), html (one self-contained page: every attribution
highlighted in the text, who said what, an overview with filters; up to
5000 documents), json, jsonl, tsv, csv (programs; char and byte offsets).")]
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
        /// Speaker weights replacing those of the pattern set (a file `qawl train` wrote).
        #[arg(long)]
        weights: Option<PathBuf>,
    },
    /// Fit the speaker chooser's weights to gold annotation.
    #[command(after_help = "\
Runs the extractor on the gold articles, labels every speaker choice it
makes (which of its options name the gold speaker), and fits the weights of
the linear model that chooses among them. The result is a weights.txt for
the pattern folder. Deterministic: the same gold gives the same weights.

Leave-one-press-out: train without a family, then score it:
  qawl train tests/data/dev.jsonl --exclude family=ant -o /tmp/no-ant.txt
  qawl eval tests/data/dev.jsonl --weights /tmp/no-ant.txt    # read family=ant

Examples:
  qawl train tests/data/dev.jsonl data/annotated/train-a.jsonl -o patterns/ar/weights.txt")]
    Train {
        /// Gold files (JSONL, as for eval).
        #[arg(required = true)]
        gold: Vec<PathBuf>,
        /// Pattern folder replacing the built-in patterns.
        #[arg(long)]
        patterns: Option<PathBuf>,
        /// Leave out documents whose gold FIELD has VALUE (FIELD=VALUE; repeatable).
        #[arg(long)]
        exclude: Vec<String>,
        /// Where to write the weights (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Rounds of collect-and-fit (the options of later cues depend on the weights).
        #[arg(long, default_value = "3")]
        rounds: usize,
        /// List on stderr every choice the fitted weights get wrong, with its options' scores.
        #[arg(long)]
        verbose: bool,
        /// L2 regularisation strength (larger: smaller, smoother weights).
        #[arg(long, default_value = "0.005")]
        l2: f32,
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
    /// The most quoted speakers of a corpus, with counts by kind.
    #[command(after_help = "\
Counts attributions per speaker over the inputs (same input options as
extract). A speaker is an entity: within an article, mentions of one source
(وزير الخارجية الروسي سيرغي لافروف، لافروف، الوزير، وأضاف) count as one, named
by its fullest mention; across articles, entities whose names agree merge
(سيرغي لافروف and لافروف, where no other لافروف is quoted). --strings counts
the speaker strings as written instead, which shows resolution errors
(fragments such as فيها، لكنه) at a glance. A summary goes to stderr.

Examples:
  qawl speakers --input jsonl corpus.jsonl.gz
  qawl speakers --input jsonl --top 200 --format csv corpus.jsonl.gz > speakers.csv
  qawl speakers --strings --input jsonl tests/data/corpus-200.jsonl")]
    Speakers {
        /// Files, folders, or `-` for stdin (default: stdin).
        corpus: Vec<String>,
        #[command(flatten)]
        run: RunArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: qawl::tools::speakers::SpeakersFormat,
        /// How many speakers to list (0: all).
        #[arg(long, default_value_t = 50)]
        top: usize,
        /// Count speaker strings as written, without entity grouping.
        #[arg(long)]
        strings: bool,
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
    /// Speaker weights replacing those of the pattern set (a file `qawl train` wrote).
    #[arg(long)]
    weights: Option<PathBuf>,
    /// Worker threads (default, and 0: all cores; at most 4 per core).
    #[arg(long)]
    threads: Option<usize>,
}

impl RunArgs {
    /// Load the patterns; on failure, the exit code to return.
    fn extractor(&self) -> Result<Extractor, ExitCode> {
        load_set(self.patterns.as_ref(), self.weights.as_ref()).map(Extractor::new)
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

#[path = "cli/tools.rs"]
mod qawl_tools;

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
        Command::Eval { gold, patterns, errors, by, weights } => {
            let set = match load_set(patterns.as_ref(), weights.as_ref()) {
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
        Command::Train { gold, patterns, exclude, output, rounds, verbose, l2 } => {
            let set = match load_patterns(patterns.as_ref()) {
                Ok(s) => s,
                Err(c) => return c,
            };
            let fit = qawl::tools::train::Fit { l2, ..Default::default() };
            qawl_tools::train(Extractor::new(set), &gold, &exclude, output.as_deref(), rounds, verbose, fit)
        }
        Command::Speakers { corpus, run, format, top, strings } => {
            let ex = match run.extractor() {
                Ok(ex) => ex,
                Err(c) => return c,
            };
            let fields = Fields { id: run.id_field.clone(), text: run.text_field.clone() };
            let docs = input::documents(corpus, run.input, fields);
            qawl_tools::speakers(&ex, docs, format, top, strings)
        }
    }
}

/// The pattern set, with its weights replaced by `weights` if given.
fn load_set(patterns: Option<&PathBuf>, weights: Option<&PathBuf>) -> Result<PatternSet, ExitCode> {
    let mut set = load_patterns(patterns)?;
    if let Some(w) = weights {
        set.weights = load_weights(w)?;
    }
    Ok(set)
}

/// Read a weights file, or print `file:line: reason` for each problem.
fn load_weights(path: &std::path::Path) -> Result<qawl::resolve::Weights, ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("qawl: {}: {e}", path.display());
        ExitCode::from(2)
    })?;
    qawl::patterns::parse_weights(&path.display().to_string(), &text).map_err(|errs| {
        for e in errs {
            eprintln!("{e}");
        }
        ExitCode::from(2)
    })
}

#[path = "cli/run.rs"]
mod run;
use run::{Render, run_extract};
