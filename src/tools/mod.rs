//! The pattern-editing workflow behind the `qawl patterns check`,
//! `qawl patterns stats`, `qawl diff`, `qawl speakers` and `qawl train`
//! commands: one module each, so the command line only parses arguments and
//! prints.

pub mod check;
pub mod diff;
pub mod speakers;
pub mod stats;
pub mod train;
