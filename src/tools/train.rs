//! `qawl train`: fit the speaker chooser's weights to gold annotation.
//!
//! Owns: labelling every speaker choice the resolver makes on gold articles
//! (an option is right when it names the gold speaker of the attribution
//! whose content it matches, by the strict speaker rule of ANNOTATION.md,
//! else by the lenient one), and the fit: a softmax over each choice's
//! options, L2-regularised, by full-batch gradient descent from zero, so the
//! same gold gives the same weights on every machine.

use crate::eval::{GoldAttr, GoldDoc, speaker_right, word_f1, words};
use crate::extract::Extractor;
use crate::resolve::{Features, Teacher, Weights, feature_names};

/// One speaker choice: its options' features and which are right.
#[derive(Debug, Clone)]
pub struct Decision {
    pub features: Vec<Features>,
    pub labels: Vec<bool>,
    /// The options' texts and the gold speaker (for `--verbose` listings).
    pub texts: Vec<String>,
    pub gold: String,
}

/// Labels choices against one gold article.
struct GoldTeacher<'a> {
    text: &'a str,
    gold: &'a [GoldAttr],
    gold_words: Vec<Vec<String>>,
    decisions: &'a mut Vec<Decision>,
    /// The texts and gold speaker of the choice being labelled.
    pending: (Vec<String>, String),
}

impl Teacher for GoldTeacher<'_> {
    fn label(
        &mut self,
        _cue: (usize, usize),
        content: (usize, usize),
        options: &[Option<(usize, usize)>],
    ) -> Option<Vec<bool>> {
        let cw = words(&self.text[content.0..content.1]);
        let (best, f) =
            self.gold_words.iter().enumerate().map(|(i, g)| (i, word_f1(g, &cw))).max_by(|a, b| a.1.total_cmp(&b.1))?;
        if f < 0.5 {
            return None;
        }
        let g = &self.gold[best];
        let text_of = |o: &Option<(usize, usize)>| o.map(|(s, e)| &self.text[s..e]);
        self.pending = (
            options.iter().map(|o| text_of(o).unwrap_or("—").to_string()).collect(),
            g.speaker.clone().unwrap_or_else(|| "—".into()),
        );
        for strict in [true, false] {
            let labels: Vec<bool> = options.iter().map(|o| speaker_right(g, text_of(o), strict)).collect();
            if labels.iter().any(|&l| l) {
                return Some(labels);
            }
        }
        // no option names the gold speaker: recorded, so that `train` can
        // say how often the options miss it, but it teaches nothing
        Some(vec![false; options.len()])
    }

    fn record(&mut self, features: Vec<Features>, labels: Vec<bool>) {
        let (texts, gold) = std::mem::take(&mut self.pending);
        self.decisions.push(Decision { features, labels, texts, gold });
    }
}

/// Every labelled speaker choice on `docs`, made with `weights` (the
/// labels also steer the choices: later cues see the right speaker).
pub fn decisions(ex: &Extractor, docs: &[GoldDoc], weights: &Weights) -> Vec<Decision> {
    use rayon::prelude::*;
    let per_doc: Vec<Vec<Decision>> = docs
        .par_iter()
        .map(|d| {
            let mut out = vec![];
            let mut t = GoldTeacher {
                text: &d.text,
                gold: &d.attributions,
                gold_words: d.attributions.iter().map(|a| words(&a.content)).collect(),
                decisions: &mut out,
                pending: Default::default(),
            };
            ex.extract_with(&d.text, weights, Some(&mut t));
            out
        })
        .collect();
    per_doc.into_iter().flatten().collect()
}

/// The fit's settings.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    pub iterations: usize,
    pub l2: f32,
    pub rate: f32,
}

impl Default for Fit {
    fn default() -> Fit {
        Fit { iterations: 600, l2: 0.005, rate: 1.0 }
    }
}

/// What a fit reports.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Choices with at least one right option (the others teach nothing).
    pub learnable: usize,
    pub weights: Weights,
    /// Mean negative log-likelihood at the end.
    pub loss: f32,
    /// Share of decisions whose top-scoring option is right.
    pub accuracy: f32,
}

/// Fit weights to `decisions`: maximise, for every choice, the log of the
/// probability the softmax over its options gives the right ones, minus
/// `l2` times the squared weights.
pub fn fit(decisions: &[Decision], cfg: Fit) -> Fitted {
    let n = feature_names().len();
    let mut w = vec![0f32; n];
    let useful: Vec<&Decision> =
        decisions.iter().filter(|d| d.labels.iter().any(|&l| l) && d.labels.len() > 1).collect();
    let m = useful.len().max(1) as f32;
    let mut loss = 0.0;
    // Adagrad keeps the step sizes sane for rare and frequent features alike
    let mut g2 = vec![1e-8f32; n];
    for _ in 0..cfg.iterations {
        let mut grad = vec![0f32; n];
        loss = 0.0;
        for d in &useful {
            let scores: Vec<f32> = d.features.iter().map(|f| f.iter().map(|&(k, v)| w[k as usize] * v).sum()).collect();
            let max = scores.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
            let exps: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
            let z: f32 = exps.iter().sum();
            let zp: f32 = exps.iter().zip(&d.labels).filter(|(_, l)| **l).map(|(e, _)| e).sum();
            loss += (z.ln() - zp.ln()) / m;
            for (k, f) in d.features.iter().enumerate() {
                let p = exps[k] / z;
                let q = if d.labels[k] { exps[k] / zp } else { 0.0 };
                for &(j, v) in f {
                    grad[j as usize] += (p - q) * v / m;
                }
            }
        }
        for j in 0..n {
            let g = grad[j] + cfg.l2 * w[j];
            loss += 0.5 * cfg.l2 * w[j] * w[j] / n as f32;
            g2[j] += g * g;
            w[j] -= cfg.rate * g / g2[j].sqrt();
        }
    }
    let weights = Weights { w };
    let right = useful
        .iter()
        .filter(|d| {
            let best = d
                .features
                .iter()
                .map(|f| weights.score(f))
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(k, _)| k);
            best.is_some_and(|k| d.labels[k])
        })
        .count();
    Fitted { learnable: useful.len(), weights, loss, accuracy: right as f32 / m }
}

/// Train on `docs`: collect the choices with the current weights, fit, and
/// collect again with the fitted ones (the options an earlier speaker
/// offers depend on the weights), `rounds` times.
pub fn train(ex: &Extractor, docs: &[GoldDoc], rounds: usize, cfg: Fit) -> (Fitted, usize) {
    let mut weights = ex.set.weights.clone();
    let mut last = None;
    let mut count = 0;
    for _ in 0..rounds.max(1) {
        let ds = decisions(ex, docs, &weights);
        count = ds.len();
        let f = fit(&ds, cfg);
        weights = f.weights.clone();
        last = Some(f);
    }
    (last.expect("at least one round"), count)
}

/// One line per choice the weights get wrong (or that has no right option):
/// the gold speaker, then each option with its score, the chosen one first.
pub fn mistakes(decisions: &[Decision], weights: &Weights) -> String {
    let names = feature_names();
    let mut o = String::new();
    for d in decisions {
        let scores: Vec<f32> = d.features.iter().map(|f| weights.score(f)).collect();
        let best = (0..scores.len()).max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a))).unwrap_or(0);
        if d.labels.get(best) == Some(&true) {
            continue;
        }
        let what = if d.labels.iter().any(|&l| l) { "WRONG" } else { "NO-OPTION" };
        o.push_str(&format!("{what} gold: {}\n", d.gold));
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        for k in order.into_iter().take(6) {
            let feats: Vec<&str> = d.features[k].iter().map(|&(j, _)| names[j as usize].as_str()).collect();
            o.push_str(&format!(
                "   {} {:7.2} {}  [{}]\n",
                if d.labels[k] { "+" } else { " " },
                scores[k],
                d.texts.get(k).map_or("", |s| s.as_str()),
                feats.join(" ")
            ));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_prefers_the_feature_of_the_right_option() {
        // option 0 has feature 1, option 1 has feature 2; option 1 is right
        let d = Decision {
            features: vec![vec![(1, 1.0)], vec![(2, 1.0)]],
            labels: vec![false, true],
            texts: vec![],
            gold: String::new(),
        };
        let f = fit(&[d.clone(), d], Fit::default());
        assert!(f.weights.w[2] > f.weights.w[1]);
        assert_eq!(f.accuracy, 1.0);
    }

    #[test]
    fn fitting_is_deterministic() {
        let ds: Vec<Decision> = (0..20)
            .map(|i| Decision {
                features: vec![vec![(0, 1.0), (3, (i % 3) as f32)], vec![(1, 1.0)], vec![(4, 1.0)]],
                labels: vec![i % 2 == 0, i % 2 == 1, false],
                texts: vec![],
                gold: String::new(),
            })
            .collect();
        assert_eq!(fit(&ds, Fit::default()).weights, fit(&ds, Fit::default()).weights);
    }
}
