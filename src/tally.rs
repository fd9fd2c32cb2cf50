//! Tallies over a corpus: who is quoted most, counting entities, not strings.
//!
//! Owns: counting attributions per entity (`entity` of each attribution,
//! compared by its canonical words) and by kind, and merging entities of
//! different documents whose names agree. Used by `qawl speakers` and the
//! overview of `--format html`.
//!
//! Merging, the same for every corpus:
//! 1. Entities ending in the same *full name* — at least two name words
//!    (`entity::WordClass::Name`: not a pattern word, no article), such as
//!    `سيرغي لافروف` in `وزير الخارجية الروسي سيرغي لافروف` and in
//!    `وزير الخارجية سيرغي لافروف` — are one group.
//!    Not for entities headed by a body noun (`مكتب`، `إدارة`، `بيان`), whose
//!    name is a complement: `إدارة الرئيس الأميركي باراك أوباما` is not Obama.
//! 2. Then, longest first, an entity whose words occur in order in longer
//!    entities (`لافروف`، `الوزير لافروف`) joins them if all of those are in
//!    one group: `لافروف` merges with `سيرغي لافروف` where no other لافروف is
//!    quoted in the corpus, and `الوزير`, found in many groups, stays apart
//!    (a body-headed entity takes only mentions with its head).
//!
//! A group is named by its most quoted entity with a full name, else by its
//! most quoted entity that fits in no other of the group.

use std::collections::HashMap;

use crate::entity::{WordClass, canonical, classify, fits, is_body, word_spans};
use crate::extract::Extractor;
use crate::model::{Act, Attribution, Kind};
use crate::normalize::normalize;

/// Most name words a full name is made of.
const MAX_NAME: usize = 4;

/// What one attribution adds to a tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// Canonical words of the entity, space-separated; empty without a speaker.
    pub key: String,
    /// The entity as written (whitespace runs as one space).
    pub name: String,
    /// The entity's normalised text (for word classes).
    pub norm: String,
    pub kind: Kind,
    pub act: Option<Act>,
}

/// The key of an entity written `s`: its canonical words (normalised,
/// article dropped), space-separated.
pub fn key(s: &str) -> String {
    key_of_norm(&normalize(s).text)
}

fn key_of_norm(norm: &str) -> String {
    word_spans(norm).map(|(a, b)| canonical(&norm[a..b])).collect::<Vec<_>>().join(" ")
}

/// What the attributions of one document add to a tally, in their order.
pub fn said(text: &str, attrs: &[Attribution]) -> Vec<Said> {
    attrs
        .iter()
        .map(|a| {
            let (key, name, norm) = match a.entity.or(a.speaker.map(|(s, _)| s)) {
                None => (String::new(), String::new(), String::new()),
                Some(e) => {
                    let raw = &text[e.start..e.end];
                    let norm = normalize(raw).text;
                    let key = key_of_norm(&norm);
                    (key, raw.split_whitespace().collect::<Vec<_>>().join(" "), norm)
                }
            };
            Said { key, name, norm, kind: a.kind, act: a.act }
        })
        .collect()
}

fn kind_index(k: Kind) -> usize {
    Kind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

/// Counts of one entity (one canonical key).
#[derive(Debug, Clone, Default)]
struct Entry {
    key: String,
    norm: String,
    /// Spellings as written, with counts.
    names: HashMap<String, u64>,
    by_kind: [u64; 5],
    /// Documents (indices in the order added) quoting it, ascending.
    docs: Vec<u32>,
}

impl Entry {
    fn total(&self) -> u64 {
        self.by_kind.iter().sum()
    }
}

/// Counts over the documents added so far.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    index: HashMap<String, usize>,
    entries: Vec<Entry>,
    pub documents: u64,
    pub attributions: u64,
    /// Attributions without a speaker, by kind (`Kind::ALL` order).
    pub without_speaker: [u64; 5],
}

/// One group of entities: one source across the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The name shown: the most quoted of the fullest spellings.
    pub name: String,
    /// Attributions by kind (`Kind::ALL` order).
    pub by_kind: [u64; 5],
    pub total: u64,
    /// Documents quoting it (indices in the order added), ascending.
    pub docs: Vec<u32>,
    /// Every spelling merged into the group, most frequent first.
    pub forms: Vec<(String, u64)>,
}

/// The groups, most quoted first, and which group each key belongs to.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    pub groups: Vec<Group>,
    group_of: HashMap<String, usize>,
}

impl Grouping {
    /// The group of an entity key (`Said::key`).
    pub fn of(&self, key: &str) -> Option<usize> {
        self.group_of.get(key).copied()
    }
}

/// Union-find over entry indices.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

impl Tally {
    /// Count one document; returns its index.
    pub fn add(&mut self, said: &[Said]) -> u32 {
        let doc = self.documents as u32;
        self.documents += 1;
        for s in said {
            self.attributions += 1;
            let k = kind_index(s.kind);
            if s.key.is_empty() {
                self.without_speaker[k] += 1;
                continue;
            }
            let i = match self.index.get(&s.key) {
                Some(&i) => i,
                None => {
                    self.entries.push(Entry { key: s.key.clone(), norm: s.norm.clone(), ..Entry::default() });
                    self.index.insert(s.key.clone(), self.entries.len() - 1);
                    self.entries.len() - 1
                }
            };
            let e = &mut self.entries[i];
            *e.names.entry(s.name.clone()).or_default() += 1;
            e.by_kind[k] += 1;
            if e.docs.last() != Some(&doc) {
                e.docs.push(doc);
            }
        }
        doc
    }

    /// Distinct entity keys counted.
    pub fn entities(&self) -> usize {
        self.entries.len()
    }

    /// Merge entities whose names agree (see the module comment) into
    /// groups; with `merge` false, each entity key is a group of its own.
    pub fn groups(&self, ex: &Extractor, merge: bool) -> Grouping {
        let n = self.entries.len();
        let words: Vec<Vec<String>> =
            self.entries.iter().map(|e| e.key.split(' ').map(str::to_string).collect()).collect();
        let mut sets = Sets((0..n).collect());
        if merge {
            self.merge(ex, &words, &mut sets);
        }
        let named: Vec<bool> = self.entries.iter().map(|e| full_name(ex, &e.norm).is_some()).collect();
        self.gather(&words, &named, &mut sets)
    }

    fn merge(&self, ex: &Extractor, words: &[Vec<String>], sets: &mut Sets) {
        let n = self.entries.len();
        // entities headed by a body noun (مكتب، إدارة، بيان): their names are complements
        let body: Vec<bool> = self
            .entries
            .iter()
            .map(|e| word_spans(&e.norm).next().is_some_and(|(a, b)| is_body(ex, &e.norm[a..b])))
            .collect();
        // 1. the same full name
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if body[i] {
                continue;
            }
            if let Some(name) = full_name(ex, &e.norm) {
                match by_name.get(&name) {
                    Some(&j) => sets.union(i, j),
                    None => {
                        by_name.insert(name, i);
                    }
                }
            }
        }
        // 2. shorter mentions join the one group of the entities they fit in
        let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            for x in w {
                let p = postings.entry(x.as_str()).or_default();
                if p.last() != Some(&i) {
                    p.push(i);
                }
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(words[i].len()), std::cmp::Reverse(self.entries[i].total()), i));
        for &i in &order {
            let me = &words[i];
            let Some(rarest) = me.iter().map(|w| &postings[w.as_str()]).min_by_key(|p| p.len()) else { continue };
            let mut found: Option<usize> = None;
            let mut ambiguous = false;
            for &j in rarest {
                if words[j].len() > me.len() && fits(me, &words[j]) && (!body[j] || me.contains(&words[j][0])) {
                    let g = sets.find(j);
                    match found {
                        None => found = Some(g),
                        Some(f) if f != g => {
                            ambiguous = true;
                            break;
                        }
                        _ => {}
                    }
                }
            }
            if let (Some(g), false) = (found, ambiguous) {
                sets.union(i, g);
            }
        }
    }

    /// The groups of the sets, most quoted first.
    fn gather(&self, words: &[Vec<String>], named: &[bool], sets: &mut Sets) -> Grouping {
        let n = self.entries.len();
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            members.entry(sets.find(i)).or_default().push(i);
        }
        let mut groups: Vec<(Group, Vec<usize>)> = members
            .into_values()
            .map(|m| {
                let mut by_kind = [0u64; 5];
                let mut docs: Vec<u32> = vec![];
                let mut forms: HashMap<&str, u64> = HashMap::new();
                for &i in &m {
                    let e = &self.entries[i];
                    for (sum, c) in by_kind.iter_mut().zip(e.by_kind) {
                        *sum += c;
                    }
                    docs.extend(&e.docs);
                    for (name, c) in &e.names {
                        *forms.entry(name.as_str()).or_default() += c;
                    }
                }
                docs.sort_unstable();
                docs.dedup();
                // the name: the most quoted entity with a full name, else the
                // most quoted one that fits in no other of the group
                let best = |f: &dyn Fn(usize) -> bool| {
                    m.iter().copied().filter(|&i| f(i)).max_by_key(|&i| (self.entries[i].total(), std::cmp::Reverse(i)))
                };
                let fullest = best(&|i| named[i])
                    .or_else(|| {
                        best(&|i| !m.iter().any(|&j| words[j].len() > words[i].len() && fits(&words[i], &words[j])))
                    })
                    .unwrap_or(m[0]);
                let name = most_common(&self.entries[fullest].names);
                let mut forms: Vec<(String, u64)> = forms.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let total = by_kind.iter().sum();
                (Group { name, by_kind, total, docs, forms }, m)
            })
            .collect();
        groups.sort_by(|a, b| b.0.total.cmp(&a.0.total).then_with(|| a.0.name.cmp(&b.0.name)));
        let mut group_of = HashMap::new();
        for (g, (_, m)) in groups.iter().enumerate() {
            for &i in m {
                group_of.insert(self.entries[i].key.clone(), g);
            }
        }
        Grouping { groups: groups.into_iter().map(|(g, _)| g).collect(), group_of }
    }
}

/// The spelling counted most often (ties: the first in sort order).
fn most_common(names: &HashMap<String, u64>) -> String {
    names.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(k, _)| k.clone()).unwrap_or_default()
}

/// The full name an entity ends in: its last name words (at least two, at
/// most `MAX_NAME`), canonical and space-separated.
fn full_name(ex: &Extractor, norm: &str) -> Option<String> {
    let spans: Vec<(usize, usize)> = word_spans(norm).collect();
    let mut name: Vec<&str> = vec![];
    for &(a, b) in spans.iter().rev() {
        let w = &norm[a..b];
        if name.len() == MAX_NAME || classify(ex, w) != WordClass::Name {
            break;
        }
        name.push(canonical(w));
    }
    if name.len() < 2 {
        return None;
    }
    name.reverse();
    Some(name.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(docs: &[&str]) -> (Tally, Grouping) {
        let ex = Extractor::builtin();
        let mut t = Tally::default();
        for d in docs {
            t.add(&said(d, &ex.extract(d)));
        }
        let g = t.groups(&ex, true);
        (t, g)
    }

    #[test]
    fn names_that_agree_merge_across_documents() {
        let (t, g) = tally(&[
            "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات مثمرة.",
            "وقال وزير الخارجية سيرغي لافروف إن الحوار مستمر.",
            "وأكد لافروف أن موسكو مستعدة.",
            "وقال الوزير إن الاتفاق قريب.",
            "وقال وزير الصحة إن الوضع مستقر.",
        ]);
        assert_eq!(t.documents, 5);
        let lavrov = g.of(&key("لافروف")).expect("لافروف counted");
        assert_eq!(g.of(&key("وزير الخارجية الروسي سيرغي لافروف")), Some(lavrov));
        assert_eq!(g.of(&key("وزير الخارجية سيرغي لافروف")), Some(lavrov));
        assert_eq!(g.groups[lavrov].total, 3);
        assert_eq!(g.groups[lavrov].docs, vec![0, 1, 2]);
        // الوزير fits both Lavrov and the health minister: it stays apart
        let minister = g.of(&key("الوزير")).expect("الوزير counted");
        assert_ne!(minister, lavrov);
        assert_ne!(g.of(&key("وزير الصحة")), Some(lavrov));
    }

    #[test]
    fn an_office_does_not_take_its_heads_name() {
        let (_, g) = tally(&[
            "وقال الرئيس الأميركي باراك أوباما إن الاتفاق جيد.",
            "وأعلنت إدارة الرئيس الأميركي باراك أوباما أن العقوبات سترفع.",
            "وأكد أوباما أن الحوار مستمر.",
        ]);
        let obama = g.of(&key("الرئيس الأميركي باراك أوباما")).unwrap();
        assert_eq!(g.of(&key("أوباما")), Some(obama));
        assert_ne!(g.of(&key("إدارة الرئيس الأميركي باراك أوباما")), Some(obama));
        assert_eq!(g.groups[obama].name, "الرئيس الأميركي باراك أوباما");
    }

    #[test]
    fn a_second_lavrov_keeps_the_surname_apart() {
        let (_, g) = tally(&[
            "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات مثمرة.",
            "وقال الباحث ألكسندر لافروف إن الدراسة جديدة.",
            "وأكد لافروف أن موسكو مستعدة.",
        ]);
        let sergei = g.of(&key("وزير الخارجية الروسي سيرغي لافروف")).unwrap();
        let alexander = g.of(&key("الباحث ألكسندر لافروف")).unwrap();
        assert_ne!(sergei, alexander);
        let surname = g.of(&key("لافروف")).unwrap();
        assert!(surname != sergei && surname != alexander);
    }
}
