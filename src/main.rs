//! The `qawl` command line: `extract`, `eval`, `train`, `diff`, `speakers`, `patterns check`, `patterns stats`.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use rayon::prelude::*;

use qawl::Extractor;
use qawl::input::{self, Fields, InputMode};
use qawl::output::{self, Format};
use qawl::patterns::PatternSet;

#[derive(Parser)]
#[command(
    name = "qawl",
    version,
    about = "qawl (قَوْل) — who said what in Arabic news",
    after_help = "\
Examples:
  qawl extract examples/raisi-putin-ar.txt
  qawl extract --format jsonl --input jsonl corpus.jsonl.gz > out.jsonl
  qawl eval gold/dev.jsonl --errors
  qawl patterns check patterns/
  qawl patterns stats --input jsonl corpus.jsonl.gz
  qawl speakers --input jsonl corpus.jsonl.gz
  qawl extract --format html examples/raisi-putin-ar.txt > page.html
  qawl diff old.jsonl new.jsonl"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every attribution (speaker, cue, kind, content) in the inputs.
    #[command(after_help = "\
Inputs are files (one document each), folders (read recursively), `-` for
stdin, or with --input jsonl one JSON object per line (.gz is read too).
A bad input is reported on stderr and skipped; the exit status is then 1.

Examples:
  qawl extract examples/raisi-putin-ar.txt
  qawl extract --format json article1.txt article2.txt
  qawl extract --input jsonl --text-field body --format jsonl corpus.jsonl.gz
  qawl extract --kinds claim examples/raisi-putin-ar.txt        # only claims
  qawl extract --kinds direct,mixed examples/raisi-putin-ar.txt # only quotations
  qawl extract --format html --input jsonl tests/data/corpus-200.jsonl > page.html
  qawl extract --format csv --input jsonl tests/data/corpus-200.jsonl > out.csv
  cat article.txt | qawl extract --format tsv -

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

Example:
  qawl extract --input jsonl --format jsonl sample.jsonl > old.jsonl
  # edit patterns/ar/verbs.txt
  qawl extract --input jsonl --format jsonl --patterns patterns/ sample.jsonl > new.jsonl
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
  qawl patterns stats --input jsonl --patterns patterns/ sample.jsonl")]
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
  qawl patterns stats --input jsonl ../shared/corpus/saudinewsnet.jsonl.gz
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
    /// How to read the inputs.
    #[arg(long, value_enum, default_value = "text")]
    input: InputMode,
    /// JSONL field holding the document id.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSONL field holding the document text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// Pattern folder replacing the built-in patterns.
    #[arg(long)]
    patterns: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

impl RunArgs {
    /// Size the thread pool (before anything uses rayon) and load the
    /// patterns; on failure, the exit code to return.
    fn extractor(&self) -> Result<Extractor, ExitCode> {
        if let Some(n) = self.threads
            && let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global()
        {
            eprintln!("qawl: --threads {n}: {e}");
            return Err(ExitCode::from(2));
        }
        load_patterns(self.patterns.as_ref()).map(Extractor::new)
    }

    fn fields(&self) -> Fields {
        Fields { id: self.id_field.clone(), text: self.text_field.clone() }
    }
}

/// `qawl patterns check`, `qawl patterns stats` and `qawl diff`.
mod qawl_tools {
    use std::path::Path;
    use std::process::ExitCode;

    use qawl::tools::check;

    pub fn check(dir: Option<&Path>) -> ExitCode {
        let report = match dir {
            None => check::check_builtin(),
            Some(d) => check::check_dir(d),
        };
        for p in &report.problems {
            println!("{p}");
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

    pub fn stats(
        ex: &qawl::Extractor,
        docs: impl Iterator<Item = qawl::input::Doc>,
        format: qawl::tools::stats::StatsFormat,
    ) -> ExitCode {
        let mut n_bad = 0;
        let stats = qawl::tools::stats::count(ex, docs, |id, msg| {
            n_bad += 1;
            eprintln!("qawl: {}: {msg}", qawl::display::escape(id));
        });
        let mut out = std::io::stdout().lock();
        match qawl::tools::stats::write(&mut out, ex, &stats, format) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("qawl: {e}");
                return ExitCode::from(1);
            }
        }
        eprintln!("{}", qawl::tools::stats::summary(&stats));
        if n_bad == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
    }

    pub fn train(
        ex: qawl::Extractor,
        gold: &[std::path::PathBuf],
        exclude: &[String],
        out: Option<&Path>,
        rounds: usize,
        verbose: bool,
        fit: qawl::tools::train::Fit,
    ) -> ExitCode {
        let mut docs = vec![];
        for g in gold {
            let parsed = std::fs::read_to_string(g).map_err(|e| e.to_string()).and_then(|t| qawl::eval::read_gold(&t));
            match parsed {
                Ok(d) => docs.extend(d),
                Err(e) => {
                    eprintln!("qawl: {}: {e}", g.display());
                    return ExitCode::from(2);
                }
            }
        }
        let mut rules = vec![];
        for x in exclude {
            let Some((k, v)) = x.split_once('=') else {
                eprintln!("qawl: --exclude {x}: expected FIELD=VALUE, e.g. family=ant");
                return ExitCode::from(2);
            };
            rules.push((k.to_string(), v.to_string()));
        }
        let before = docs.len();
        docs.retain(|d| !rules.iter().any(|(k, v)| &d.field(k) == v));
        if docs.is_empty() {
            eprintln!("qawl: no gold documents left to train on");
            return ExitCode::from(2);
        }
        let (fitted, decisions) = qawl::tools::train::train(&ex, &docs, rounds, fit);
        if verbose {
            let ds = qawl::tools::train::decisions(&ex, &docs, &fitted.weights);
            eprint!("{}", qawl::tools::train::mistakes(&ds, &fitted.weights));
        }
        let header = format!(
            "weights.txt — the speaker chooser's weights (src/resolve/choose.rs), one FEATURE WEIGHT per line.\n\
             Written by `qawl train` (--l2 {}) on {} gold documents ({} left out by --exclude {}), from: {}.\n\
             {} speaker choices, {} with a right option; the fitted weights choose right on {:.1}% of those.",
            fit.l2,
            docs.len(),
            before - docs.len(),
            if exclude.is_empty() { "none".to_string() } else { exclude.join(" ") },
            gold.iter().map(|g| g.display().to_string()).collect::<Vec<_>>().join(" "),
            decisions,
            fitted.learnable,
            fitted.accuracy * 100.0
        );
        let text = fitted.weights.render(&header);
        let written = match out {
            Some(p) => std::fs::write(p, &text).map_err(|e| format!("{}: {e}", p.display())),
            None => {
                use std::io::Write;
                std::io::stdout().write_all(text.as_bytes()).map_err(|e| format!("stdout: {e}"))
            }
        };
        if let Err(e) = written {
            eprintln!("qawl: {e}");
            return ExitCode::from(1);
        }
        eprintln!(
            "qawl: {} documents, {} speaker choices, {} with a right option; right on {:.1}% of those after fitting (loss {:.3})",
            docs.len(),
            decisions,
            fitted.learnable,
            fitted.accuracy * 100.0,
            fitted.loss
        );
        ExitCode::SUCCESS
    }

    pub fn speakers(
        ex: &qawl::Extractor,
        docs: impl Iterator<Item = qawl::input::Doc>,
        format: qawl::tools::speakers::SpeakersFormat,
        top: usize,
        strings: bool,
    ) -> ExitCode {
        use qawl::tools::speakers;
        let mut n_bad = 0;
        let (tally, bytes) = speakers::count(ex, docs, strings, |id, msg| {
            n_bad += 1;
            eprintln!("qawl: {}: {msg}", qawl::display::escape(id));
        });
        let grouping = tally.groups(ex, !strings);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let written = speakers::write(&mut out, &tally, &grouping, format, top, qawl::display::output_width())
            .and_then(|_| std::io::Write::flush(&mut out));
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("qawl: stdout: {e}");
                return ExitCode::from(1);
            }
        }
        eprintln!("{}", speakers::summary(&tally, &grouping, bytes));
        if n_bad == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
    }

    pub fn diff(old: &Path, new: &Path, format: qawl::tools::diff::DiffFormat) -> ExitCode {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let mut bad = |m: String| eprintln!("qawl: {m}");
        let sum = match qawl::tools::diff::run(old, new, format, &mut out, &mut bad) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
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
        if let Err(e) = shown
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            eprintln!("qawl: {e}");
            return ExitCode::from(1);
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
            match run_extract(&ex, inputs, run.input, run.fields(), format, explain, stats, &kinds) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("qawl: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Eval { gold, patterns, errors, by, weights } => {
            let mut set = match load_patterns(patterns.as_ref()) {
                Ok(s) => s,
                Err(c) => return c,
            };
            if let Some(w) = weights {
                match load_weights(&w) {
                    Ok(w) => set.weights = w,
                    Err(c) => return c,
                }
            }
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
            if errors {
                print!("{}", report.errors());
                println!();
            }
            print!("{}", report.summary(Some(&by)));
            ExitCode::SUCCESS
        }
        Command::Patterns { command: PatternsCommand::Check { dir } } => qawl_tools::check(dir.as_deref()),
        Command::Patterns { command: PatternsCommand::Stats { corpus, run, format } } => {
            let ex = match run.extractor() {
                Ok(ex) => ex,
                Err(c) => return c,
            };
            let docs = input::documents(corpus, run.input, run.fields());
            qawl_tools::stats(&ex, docs, format)
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
            let docs = input::documents(corpus, run.input, run.fields());
            qawl_tools::speakers(&ex, docs, format, top, strings)
        }
    }
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

/// One rendered document: its output, its attribution count, and for
/// `--format html` what it adds to the page's overview.
type Rendered = Result<(Vec<u8>, usize, Option<Vec<qawl::tally::Said>>), String>;

/// Documents per parallel batch, and bytes per batch.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 8 << 20;

/// Stream documents in batches through the thread pool; output keeps input
/// order. Returns whether every input was read.
///
/// A reader thread reads, decompresses and parses the inputs into batches
/// (at most two wait in the channel, so memory stays flat however large the
/// corpus); this thread extracts each batch on the rayon pool, renders every
/// document to its own buffer, and writes the buffers in input order.
/// Only attributions of `kinds` are written.
#[allow(clippy::too_many_arguments)]
fn run_extract(
    ex: &Extractor,
    inputs: Vec<String>,
    mode: InputMode,
    fields: Fields,
    format: Format,
    explain: bool,
    stats: bool,
    kinds: &[qawl::Kind],
) -> io::Result<bool> {
    let (docs, read) = input::documents_with_progress(inputs, mode, fields);
    let mut progress = Progress::new(read, io::stderr().is_terminal());
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut first = true;
    if format == Format::Json {
        writeln!(out, "[")?;
    }
    output::write_header(&mut out, format, explain)?;
    let mut page = (format == Format::Html).then(output::html::Page::new);
    std::thread::scope(|scope| -> io::Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<input::Doc>>(2);
        scope.spawn(move || {
            let mut docs = docs.peekable();
            while docs.peek().is_some() {
                let (mut batch, mut bytes) = (Vec::with_capacity(BATCH_DOCS), 0);
                while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
                    let Some(d) = docs.next() else { break };
                    bytes += d.text.as_ref().map_or(0, |t| t.len());
                    batch.push(d);
                }
                if tx.send(batch).is_err() {
                    return; // the writer stopped (e.g. broken pipe)
                }
            }
        });
        // `rx` lives in this closure: returning early drops it, which stops the reader.
        for batch in rx {
            let rendered: Vec<Rendered> = batch
                .par_iter()
                .map(|d| match &d.text {
                    Ok(text) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let mut attrs = ex.extract(text);
                        if kinds.len() < qawl::Kind::ALL.len() {
                            attrs.retain(|a| kinds.contains(&a.kind));
                        }
                        let mut buf = Vec::with_capacity(256);
                        output::write_doc(&mut buf, format, ex, &d.id, text, &attrs, explain).expect("write to memory");
                        let said = (format == Format::Html).then(|| output::html::Page::said(text, &attrs));
                        (buf, attrs.len(), said)
                    }))
                    .map_err(|p| {
                        let msg = p
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| p.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        format!("internal error, skipped (please report): {msg}")
                    }),
                    Err(msg) => Err(msg.clone()),
                })
                .collect();
            for (d, r) in batch.iter().zip(rendered) {
                match r {
                    Err(msg) => {
                        progress.clear_line();
                        progress.bad += 1;
                        eprintln!("qawl: {}: {msg}", qawl::display::escape(&d.id));
                    }
                    Ok((buf, n, said)) => {
                        progress.docs += 1;
                        progress.bytes += d.text.as_ref().map_or(0, |t| t.len());
                        progress.attrs += n;
                        progress.empty += usize::from(n == 0);
                        if let (Some(p), Some(said)) = (page.as_mut(), said)
                            && !p.add(said)
                        {
                            continue; // past the page's limit: counted, not shown
                        }
                        if format == Format::Json && !first {
                            writeln!(out, ",")?;
                        }
                        first = false;
                        out.write_all(&buf)?;
                    }
                }
            }
            progress.tick();
        }
        Ok(())
    })?;
    if format == Format::Json {
        writeln!(out, "\n]")?;
    }
    if let Some(p) = &page {
        p.finish(&mut out, ex)?;
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
    progress.clear_line();
    if stats {
        eprintln!("{}", progress.summary());
    }
    Ok(progress.bad == 0)
}

/// Counts for `--stats`, and the progress line shown on a terminal.
struct Progress {
    read: input::Progress,
    /// Draw the progress line (stderr is a terminal).
    show: bool,
    started: Instant,
    last_draw: Option<Instant>,
    docs: usize,
    bytes: usize,
    attrs: usize,
    /// Documents without attributions.
    empty: usize,
    bad: usize,
}

impl Progress {
    fn new(read: input::Progress, show: bool) -> Progress {
        Progress { read, show, started: Instant::now(), last_draw: None, docs: 0, bytes: 0, attrs: 0, empty: 0, bad: 0 }
    }

    /// Redraw the progress line, at most 4 times a second, after the first second.
    fn tick(&mut self) {
        let secs = self.started.elapsed().as_secs_f64();
        if !self.show || secs < 1.0 || self.last_draw.is_some_and(|t| t.elapsed().as_millis() < 250) {
            return;
        }
        self.last_draw = Some(Instant::now());
        let mb = self.bytes as f64 / 1e6;
        let mut line = format!("{} documents, {mb:.1} MB, {:.1} MB/s", self.docs, mb / secs);
        if let Some(total) = self.read.total.filter(|&t| t > 0) {
            // ETA from the input files' bytes read so far (compressed bytes for .gz)
            let done = (self.read.read() as f64 / total as f64).clamp(1e-6, 1.0);
            let eta = secs * (1.0 - done) / done;
            line += &format!(", {:.0}%, ETA {}", done * 100.0, clock(eta));
        }
        if self.bad > 0 {
            line += &format!(", {} skipped", self.bad);
        }
        eprint!("\r{line}\x1b[K");
    }

    /// Erase the progress line (before an error message, and at the end).
    fn clear_line(&mut self) {
        if self.last_draw.is_some() {
            eprint!("\r\x1b[K");
            self.last_draw = None;
        }
    }

    fn summary(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        format!(
            "qawl: {} documents, {} attributions, {} without any, {mb:.1} MB in {secs:.2} s ({:.1} MB/s), {} skipped",
            self.docs,
            self.attrs,
            self.empty,
            mb / secs.max(1e-9),
            self.bad
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
