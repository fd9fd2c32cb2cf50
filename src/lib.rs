//! qawl — who said what in Arabic news.
//!
//! The pipeline, one module each: [`normalize`] → [`cues`] → [`quotes`] →
//! [`resolve`] → [`entity`] → [`output`]; [`extract`] runs it on one document,
//! [`patterns`] loads the pattern files, [`eval`] scores against gold.
//!
//! ```
//! let ex = qawl::Extractor::builtin();
//! let text = "وقال الوزير: «نعمل على حل المشكلة قريبا».";
//! let attrs = ex.extract(text);
//! assert_eq!(attrs.len(), 1);
//! let a = &attrs[0];
//! assert_eq!(a.kind, qawl::Kind::Direct);
//! let (speaker, _) = a.speaker.expect("a named speaker");
//! assert_eq!(&text[speaker.start..speaker.end], "الوزير");
//! assert_eq!(&text[a.cue.start..a.cue.end], "قال");
//! assert_eq!(&text[a.content.start..a.content.end], "نعمل على حل المشكلة قريبا");
//! ```

pub mod contract;
pub mod corpus;
pub mod cues;
pub mod display;
pub mod entity;
pub mod eval;
pub mod extract;
pub mod input;
pub mod jsonl;
pub mod model;
pub mod normalize;
pub mod output;
pub mod patterns;
pub mod quotes;
pub mod resolve;
pub mod tally;
pub mod tools;

pub use extract::Extractor;
pub use model::{Attribution, Kind};
pub use patterns::PatternSet;
