//! The Python binding of qawl: the extension module `qawl._qawl`.
//!
//! Owns the boundary between Python and the qawl library: turning Python
//! texts into `&str` (the CLI's checks and messages for bad input), running
//! the library's `Extractor` with the GIL released (on rayon, the global pool
//! or a local one of a given size), and handing back what the CLI prints:
//! each document is rendered by `qawl::output::write_doc` as the line of
//! `qawl extract --format jsonl`, and Python gets that line's
//! `attributions`, so every field the library adds reaches Python as is.
//! [`pyjson`] turns the line into Python objects; [`columns`] reads it into
//! Arrow columns for pyarrow/pandas/Spark. The pure-Python package around
//! this module is `python/qawl/`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use rayon::prelude::*;

mod columns;
mod pyjson;

use pyjson::Keys;

create_exception!(
    qawl,
    QawlError,
    PyValueError,
    "A document qawl cannot read, or an internal error; the message is the CLI's (`ID: reason`)."
);
create_exception!(
    qawl,
    PatternError,
    QawlError,
    "A pattern folder that does not load; the message has one `file:line: reason` line per problem, as `qawl extract --patterns DIR` prints them, and `.errors` lists them as (file, line, reason) tuples."
);

/// A document as Python gave it: `str` (like a JSONL text field) or `bytes`
/// (like a file: checked for binary content and UTF-8 as the CLI does).
#[derive(Clone, Copy)]
pub(crate) enum Input<'a> {
    Str(&'a str),
    Bytes(&'a [u8]),
}

/// The CLI's message for a document over the size limit (`qawl::input`).
fn too_large(n: usize) -> String {
    format!("document too large ({n} bytes; the limit is {}), skipped", qawl::input::MAX_DOC_BYTES)
}

/// The text of a document, or the CLI's reason for skipping it.
pub(crate) fn prepare(input: Input<'_>) -> Result<Cow<'_, str>, String> {
    match input {
        Input::Str(s) if s.len() > qawl::input::MAX_DOC_BYTES => Err(too_large(s.len())),
        Input::Str(s) => Ok(Cow::Borrowed(s)),
        Input::Bytes(b) if b.len() > qawl::input::MAX_DOC_BYTES => Err(too_large(b.len())),
        Input::Bytes(b) => qawl::input::decode(b.to_vec()).map(Cow::Owned),
    }
}

/// Run `f`, turning a panic into the CLI's message for it.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("internal error, skipped (please report): {msg}")
    })
}

/// One document as the CLI renders it: its `qawl extract --format jsonl`
/// line (with an empty id), or the CLI's reason for skipping it.
pub(crate) fn render(ex: &qawl::Extractor, input: Input<'_>, explain: bool) -> Result<Vec<u8>, String> {
    let text = prepare(input)?;
    guarded(|| {
        let attrs = ex.extract(&text);
        let mut line = Vec::with_capacity(64 + attrs.len() * 768);
        qawl::output::write_doc(&mut line, qawl::output::Format::Jsonl, ex, "", &text, &attrs, explain)
            .expect("write to memory");
        line
    })
}

/// A rendered line as `&str` (validated once, so the JSON parser need not
/// check each string again).
pub(crate) fn line_str(line: &[u8]) -> Result<&str, String> {
    simdutf8::basic::from_utf8(line).map_err(|_| "rendered line is not UTF-8".to_string())
}

/// Documents per batch of `extract_many`.
const BATCH: usize = 256;

/// The `attributions` list of a rendered line.
fn attributions_of<'py>(py: Python<'py>, line: &[u8], keys: &mut Keys<'py>) -> PyResult<Bound<'py, PyAny>> {
    let line = line_str(line).map_err(QawlError::new_err)?;
    let doc = pyjson::to_py(py, line, keys)?;
    doc.get_item("attributions")
}

/// Append each document's attributions to `out`; the first error raises,
/// naming the document's position (`base` + its index in `results`).
fn append_results<'py>(
    py: Python<'py>,
    out: &Bound<'py, PyList>,
    results: &[Result<Vec<u8>, String>],
    base: usize,
    keys: &mut Keys<'py>,
) -> PyResult<()> {
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(line) => out.append(attributions_of(py, line, keys)?)?,
            Err(msg) => return Err(QawlError::new_err(format!("texts[{}]: {msg}", base + i))),
        }
    }
    Ok(())
}

/// `obj` as a document: `str` or `bytes`, else a `TypeError`.
pub(crate) fn as_input<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Input<'a>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str() {
            Ok(t) => Ok(Input::Str(t)),
            // a str with lone surrogates has no UTF-8 form
            Err(e) => Err(QawlError::new_err(format!("{what}: invalid UTF-8 ({e}), skipped"))),
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Input::Bytes(b.as_bytes()));
    }
    let ty = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!("{what}: expected str or bytes, got {ty}")))
}

/// Every item as a document; errors name the position (`texts[3]`).
fn as_inputs<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<Input<'a>>> {
    items.iter().enumerate().map(|(i, o)| as_input(o, &format!("texts[{i}]"))).collect()
}

/// qawl's extractor: the pattern set compiled once, used from any number of
/// threads. The Python class `qawl.Extractor` wraps this one.
#[pyclass(frozen, module = "qawl._qawl", name = "Extractor")]
struct PyExtractor {
    inner: Arc<qawl::Extractor>,
    /// The folder given, `None` for the built-in set.
    patterns: Option<PathBuf>,
    /// Local pools by size, for `threads=N` (built once each).
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

impl PyExtractor {
    /// Run `f` on the global rayon pool (`threads=None`) or on a local pool
    /// of `threads` threads.
    fn pool(&self, threads: Option<usize>) -> PyResult<Option<Arc<rayon::ThreadPool>>> {
        let Some(n) = threads else { return Ok(None) };
        if n == 0 {
            return Err(PyValueError::new_err("threads: must be at least 1 (or None for all cores)"));
        }
        let mut pools = self.pools.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = pools.get(&n) {
            return Ok(Some(p.clone()));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("qawl-{i}"))
            .build()
            .map_err(|e| QawlError::new_err(format!("threads {n}: {e}")))?;
        let pool = Arc::new(pool);
        pools.insert(n, pool.clone());
        Ok(Some(pool))
    }
}

/// Run `f` inside `pool` when there is one.
pub(crate) fn install<R: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> R + Send) -> R {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

#[pymethods]
impl PyExtractor {
    #[new]
    #[pyo3(signature = (patterns=None))]
    fn new(py: Python<'_>, patterns: Option<PathBuf>) -> PyResult<PyExtractor> {
        let set = match &patterns {
            None => qawl::PatternSet::builtin(),
            Some(dir) => match py.detach(|| qawl::PatternSet::load_dir(dir)) {
                Ok(set) => set,
                Err(errs) => {
                    let msg = errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n");
                    let err = PatternError::new_err(msg);
                    let list = PyList::empty(py);
                    for e in &errs {
                        list.append((e.file.as_str(), e.line, e.reason.as_str()))?;
                    }
                    err.value(py).setattr("errors", list)?;
                    return Err(err);
                }
            },
        };
        let inner = py.detach(|| Arc::new(qawl::Extractor::new(set)));
        Ok(PyExtractor { inner, patterns, pools: Mutex::default() })
    }

    /// The pattern folder given, or None for the built-in set.
    #[getter]
    fn patterns(&self) -> Option<PathBuf> {
        self.patterns.clone()
    }

    /// Where the pattern set came from: `<built-in>` or the folder read.
    #[getter]
    fn origin(&self) -> String {
        self.inner.set.origin.clone()
    }

    /// The attributions of one document (`str`, or `bytes` read as a file).
    #[pyo3(signature = (text, explain=false))]
    fn extract<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>, explain: bool) -> PyResult<Bound<'py, PyAny>> {
        let input = as_input(text, "text")?;
        let ex = &*self.inner;
        match py.detach(|| render(ex, input, explain)) {
            Ok(line) => attributions_of(py, &line, &mut Keys::default()),
            Err(msg) => Err(QawlError::new_err(format!("text: {msg}"))),
        }
    }

    /// The attributions of each document, extracted in parallel without the GIL.
    #[pyo3(signature = (texts, threads=None, explain=false))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
        explain: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let items: Vec<Bound<'py, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        let inputs = as_inputs(&items)?;
        let pool = self.pool(threads)?;
        let ex = &*self.inner;
        let run = |batch: &[Input<'_>]| -> Vec<Result<Vec<u8>, String>> {
            install(pool.as_deref(), || batch.par_iter().map(|&inp| render(ex, inp, explain)).collect())
        };
        let out = PyList::empty(py);
        let mut keys = Keys::default();
        let mut batches = inputs.chunks(BATCH);
        let Some(first) = batches.next() else { return Ok(out) };
        let mut ready = py.detach(|| run(first));
        let mut base = 0;
        loop {
            // the next batch is extracted on another thread while this one
            // holds the GIL to build the Python objects of the last one
            let next = batches.next();
            let (appended, next_ready) = std::thread::scope(|s| {
                let handle = next.map(|b| s.spawn(|| run(b)));
                let appended = append_results(py, &out, &ready, base, &mut keys);
                (appended, handle.map(|h| py.detach(|| h.join())))
            });
            appended?;
            // Ctrl-C between batches: a long call stays interruptible
            py.check_signals()?;
            base += ready.len();
            match next_ready {
                None => return Ok(out),
                Some(Ok(r)) => ready = r,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
            }
        }
    }

    /// The columnar path (see `qawl.extract_arrow`): Arrow string/binary
    /// buffers in, attribution columns as Arrow buffers out.
    #[pyo3(signature = (offsets, data, validity, offset, length, large, binary, text_name, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn _extract_arrow<'py>(
        &self,
        py: Python<'py>,
        offsets: &Bound<'py, PyAny>,
        data: Option<&Bound<'py, PyAny>>,
        validity: Option<&Bound<'py, PyAny>>,
        offset: usize,
        length: usize,
        large: bool,
        binary: bool,
        text_name: &str,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let pool = self.pool(threads)?;
        let spec = columns::Spec { offset, length, large, binary, text_name };
        columns::extract(py, &self.inner, pool.as_deref(), offsets, data, validity, spec)
    }

    /// For benchmarks: what `extract_many` does without building Python
    /// objects (texts read, extracted and rendered as JSONL lines, the lines
    /// dropped); returns the number of bytes rendered.
    #[pyo3(signature = (texts, threads=None))]
    fn _extract_only(&self, py: Python<'_>, texts: &Bound<'_, PyAny>, threads: Option<usize>) -> PyResult<usize> {
        let items: Vec<Bound<'_, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        let inputs = as_inputs(&items)?;
        let pool = self.pool(threads)?;
        let ex = &*self.inner;
        Ok(py.detach(|| {
            install(pool.as_deref(), || {
                inputs.par_iter().map(|&inp| render(ex, inp, false).map_or(0, |l| l.len())).sum()
            })
        }))
    }

    /// `Extractor(patterns)` again (pickling, e.g. into Spark tasks).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let args = (slf.get().patterns.clone(),);
        (slf.get_type(), args).into_pyobject(py)
    }

    fn __repr__(&self) -> String {
        match &self.patterns {
            None => "Extractor()".into(),
            Some(p) => format!("Extractor({:?})", p.display().to_string()),
        }
    }
}

#[pymodule]
fn _qawl(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyExtractor>()?;
    m.add("QawlError", py.get_type::<QawlError>())?;
    m.add("PatternError", py.get_type::<PatternError>())?;
    m.add("MAX_DOC_BYTES", qawl::input::MAX_DOC_BYTES)?;
    m.add("ATTRIBUTION_COLUMNS", columns::NAMES.to_vec())?;
    Ok(())
}
