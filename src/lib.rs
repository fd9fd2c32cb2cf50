//! qawl — who said what in Arabic news.
//!
//! The pipeline, one module each: [`normalize`] → [`cues`] → [`quotes`] →
//! [`resolve`] → [`output`]; [`extract`] runs it on one document,
//! [`patterns`] loads the pattern files, [`eval`] scores against gold.

pub mod cues;
pub mod eval;
pub mod extract;
pub mod input;
pub mod model;
pub mod normalize;
pub mod output;
pub mod patterns;
pub mod quotes;
pub mod resolve;
pub mod tools;

pub use extract::Extractor;
pub use model::{Attribution, Kind};
pub use patterns::PatternSet;
