//! The pattern-editing workflow behind the `qawl patterns check`,
//! `qawl patterns stats` and `qawl diff` commands: one module each, so the
//! command line only parses arguments and prints.

pub mod check;
pub mod diff;
pub mod stats;
