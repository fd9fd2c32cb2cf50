//! The pattern-editing workflow behind the `qawl patterns check`,
//! `qawl patterns stats`, `qawl diff` and `qawl speakers` commands: one module each, so the
//! command line only parses arguments and prints.

pub mod check;
pub mod diff;
pub mod speakers;
pub mod stats;
