//! `qawl patterns check`, `qawl patterns stats` and `qawl diff` (part of the
//! `qawl` binary).

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
