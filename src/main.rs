//! The `qawl` command line: `extract`, `eval`, `patterns check`.

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
  qawl patterns check patterns/"
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
  cat article.txt | qawl extract --format tsv -")]
    Extract {
        /// Files, folders, or `-` for stdin (default: stdin).
        inputs: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
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
        /// Show the rule and pattern entries (file:line) behind each attribution.
        #[arg(long)]
        explain: bool,
    },
    /// Score extraction against a gold JSONL file (ANNOTATION.md).
    #[command(after_help = "\
Example:
  qawl eval ../shared/gold/dev.jsonl --errors")]
    Eval {
        /// Gold file: one article per line with `text` and `attributions`.
        gold: PathBuf,
        /// Pattern folder replacing the built-in patterns.
        #[arg(long)]
        patterns: Option<PathBuf>,
        /// List missed, spurious and wrongly attributed items.
        #[arg(long)]
        errors: bool,
    },
    /// Work with pattern files.
    Patterns {
        #[command(subcommand)]
        command: PatternsCommand,
    },
}

#[derive(Subcommand)]
enum PatternsCommand {
    /// Validate pattern files; exit 0 when clean.
    #[command(after_help = "Example:\n  qawl patterns check patterns/")]
    Check {
        /// Pattern folder (default: the built-in set).
        dir: Option<PathBuf>,
    },
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
        Command::Extract { inputs, format, input, id_field, text_field, patterns, threads, explain } => {
            let set = match load_patterns(patterns.as_ref()) {
                Ok(s) => s,
                Err(c) => return c,
            };
            let ex = Extractor::new(set);
            if let Some(n) = threads {
                let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
            }
            let fields = Fields { id: id_field, text: text_field };
            match run_extract(&ex, inputs, input, fields, format, explain) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("qawl: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Eval { gold, patterns, errors } => {
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
            if errors {
                print!("{}", report.errors());
                println!();
            }
            print!("{}", report.summary());
            ExitCode::SUCCESS
        }
        Command::Patterns { command: PatternsCommand::Check { dir } } => match load_patterns(dir.as_ref()) {
            Ok(set) => {
                let n = set.entries.len();
                eprintln!("{}: {n} entries, no problems", set.origin);
                ExitCode::SUCCESS
            }
            Err(c) => c,
        },
    }
}

/// Documents per parallel batch, and bytes per batch.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 8 << 20;

/// Stream documents in batches through the thread pool; output keeps input
/// order. Returns whether every input was read.
fn run_extract(
    ex: &Extractor,
    inputs: Vec<String>,
    mode: InputMode,
    fields: Fields,
    format: Format,
    explain: bool,
) -> io::Result<bool> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let progress = io::stderr().is_terminal();
    let started = Instant::now();
    let (mut n_docs, mut n_bytes, mut n_attrs, mut n_bad) = (0usize, 0usize, 0usize, 0usize);
    let mut first = true;
    if format == Format::Json {
        writeln!(out, "[")?;
    }
    if format == Format::Tsv {
        writeln!(out, "{}", output::tsv_header(explain))?;
    }
    let mut docs = input::documents(inputs, mode, fields).peekable();
    while docs.peek().is_some() {
        let mut batch = vec![];
        let mut bytes = 0;
        while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
            let Some(d) = docs.next() else { break };
            bytes += d.text.as_ref().map_or(0, |t| t.len());
            batch.push(d);
        }
        let rendered: Vec<(Vec<u8>, usize)> = batch
            .par_iter()
            .map(|d| match &d.text {
                Ok(text) => {
                    let attrs = ex.extract(text);
                    let mut buf = vec![];
                    // `first` only matters for json; the real flag is applied below
                    output::write_doc(&mut buf, format, ex, &d.id, text, &attrs, explain, true)
                        .expect("write to memory");
                    (buf, attrs.len())
                }
                Err(_) => (vec![], 0),
            })
            .collect();
        for (d, (buf, n)) in batch.iter().zip(rendered) {
            match &d.text {
                Err(msg) => {
                    n_bad += 1;
                    eprintln!("qawl: {}: {msg}", d.id);
                }
                Ok(t) => {
                    n_docs += 1;
                    n_bytes += t.len();
                    n_attrs += n;
                    if format == Format::Json && !first {
                        writeln!(out, ",")?;
                    }
                    first = false;
                    out.write_all(&buf)?;
                }
            }
        }
        if progress {
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            eprint!("\r{n_docs} documents, {:.1} MB, {:.1} MB/s   ", n_bytes as f64 / 1e6, n_bytes as f64 / 1e6 / secs);
        }
    }
    if format == Format::Json {
        writeln!(out, "\n]")?;
    }
    out.flush()?;
    if progress {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "\r{n_docs} documents, {n_attrs} attributions, {:.1} MB in {secs:.1}s, {n_bad} skipped",
            n_bytes as f64 / 1e6
        );
    }
    Ok(n_bad == 0)
}
