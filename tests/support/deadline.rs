//! Running a command under a deadline, for the tests that check qawl never
//! hangs (`tests/hostile.rs`, `tests/hardening.rs`).

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run `cmd` with its output captured, killing it and failing the test
/// (naming it `what`) if it runs longer than `secs`.
pub fn output_within(cmd: &mut Command, secs: u64, what: &str) -> Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // drain the pipes while waiting, or a chatty child blocks on a full pipe
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || std::io::read_to_string(out).unwrap_or_default());
    let e = std::thread::spawn(move || std::io::read_to_string(err).unwrap_or_default());
    let t = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if t.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            panic!("{what} still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: o.join().unwrap().into_bytes(), stderr: e.join().unwrap().into_bytes() }
}
