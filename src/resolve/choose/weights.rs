//! The weights file of the speaker chooser (`weights.txt`): one weight per
//! feature of `choose`, read and written as `NAME VALUE` lines.

use std::fmt;

use super::{Features, feature_names};

/// The weights of the speaker chooser, one per feature (`feature_names`).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub w: Vec<f32>,
}

/// A malformed weights line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightsError {
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for WeightsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.reason)
    }
}

impl Weights {
    /// All weights zero.
    pub fn zero() -> Weights {
        Weights { w: vec![0.0; feature_names().len()] }
    }

    /// Parse a weights file: `NAME VALUE` per line, `#` comments. Unknown or
    /// repeated names and bad numbers are errors naming the line; features
    /// not listed weigh 0.
    pub fn parse(text: &str) -> Result<Weights, Vec<WeightsError>> {
        let names = feature_names();
        let mut w = Weights::zero();
        let mut seen = vec![false; names.len()];
        let mut errors = vec![];
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let body = raw.split('#').next().unwrap_or("").trim();
            if body.is_empty() {
                continue;
            }
            let mut parts = body.split_whitespace();
            let (Some(name), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
                errors.push(WeightsError { line, reason: "expected 'FEATURE WEIGHT'".into() });
                continue;
            };
            let Some(k) = names.iter().position(|n| n == name) else {
                errors.push(WeightsError { line, reason: format!("unknown feature '{name}'") });
                continue;
            };
            match value.parse::<f32>() {
                Ok(v) if v.is_finite() && v.abs() <= 1000.0 => {
                    if seen[k] {
                        errors.push(WeightsError { line, reason: format!("feature '{name}' listed twice") });
                    }
                    seen[k] = true;
                    w.w[k] = v;
                }
                _ => errors
                    .push(WeightsError { line, reason: format!("'{value}' is not a weight (a number within ±1000)") }),
            }
        }
        if errors.is_empty() { Ok(w) } else { Err(errors) }
    }

    /// The file text: a header, then one `NAME VALUE` line per feature.
    pub fn render(&self, header: &str) -> String {
        let mut o = String::new();
        for l in header.lines() {
            o.push_str("# ");
            o.push_str(l);
            o.push('\n');
        }
        for (n, v) in feature_names().iter().zip(&self.w) {
            o.push_str(&format!("{n:<24} {v:.4}\n"));
        }
        o
    }

    pub fn score(&self, f: &Features) -> f32 {
        f.iter().map(|&(k, v)| self.w[k as usize] * v).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_round_trip_and_errors_name_the_line() {
        let mut w = Weights::zero();
        w.w[3] = 1.5;
        w.w[7] = -0.25;
        let text = w.render("test");
        assert_eq!(Weights::parse(&text).unwrap(), w);
        let e = Weights::parse("bias.after 1\nno.such 2\nbias.after x\n").unwrap_err();
        assert_eq!(e.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
        assert!(Weights::parse("bias.after 1\nbias.after 2\n").is_err());
        assert!(Weights::parse("bias.after inf\n").is_err());
    }
}
