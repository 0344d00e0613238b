//! Full-text search over names, Chinese names, aliases and descriptions.
//!
//! Terms (see [`super::normalize::terms`]) live in an `fst` map, so a query
//! term can match exactly, as a prefix (the last term, for type-ahead) or
//! within a small edit distance (typos: one for terms of 5+ characters, two
//! for 9+; swapping two neighbouring letters counts as one; typo candidates
//! share the term's first letter). Each match is weighted by the field it came from and by the
//! term's rarity; documents matching more of the query rank first.

use hashbrown::HashMap as FastMap;

use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};

use super::normalize::{each_term, terms};
use super::scratch::{self, Labels};

/// Where a term was found, which sets its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The English or Chinese name.
    Name,
    /// An alias or abbreviation.
    Alias,
    /// The description.
    Description,
}

impl Field {
    fn weight(self) -> f32 {
        match self {
            Field::Name => 3.0,
            Field::Alias => 2.5,
            Field::Description => 1.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    weight: f32,
}

/// An inverted index from terms to documents (entity positions).
pub struct SearchIndex {
    terms: Map<Vec<u8>>,
    postings: Vec<Vec<Posting>>,
    docs: u32,
    /// Terms in each document's primary name (for preferring close matches).
    name_terms: Vec<u16>,
}

/// Collects documents' text, then [`IndexBuilder::finish`] builds the index.
#[derive(Default)]
pub struct IndexBuilder {
    map: FastMap<String, Vec<Posting>>,
    docs: u32,
    name_terms: Vec<u16>,
}

impl IndexBuilder {
    /// Adds the text of one field of document `doc` (documents must be added in
    /// increasing order).
    pub fn add(&mut self, doc: u32, field: Field, text: &str) {
        self.docs = self.docs.max(doc + 1);
        let mut count = 0usize;
        let map = &mut self.map;
        each_term(text, |term| {
            count += 1;
            let list = map.entry_ref(term).or_default();
            match list.last_mut() {
                Some(p) if p.doc == doc => p.weight = p.weight.max(field.weight()),
                _ => list.push(Posting {
                    doc,
                    weight: field.weight(),
                }),
            }
        });
        if field == Field::Name {
            let slot = doc as usize;
            if self.name_terms.len() <= slot {
                self.name_terms.resize(slot + 1, 0);
            }
            if self.name_terms[slot] == 0 {
                self.name_terms[slot] = count.min(u16::MAX as usize) as u16;
            }
        }
    }

    /// Builds the immutable index.
    pub fn finish(self) -> SearchIndex {
        let mut entries: Vec<(String, Vec<Posting>)> = self.map.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut builder = MapBuilder::memory();
        let mut postings = Vec::with_capacity(entries.len());
        for (i, (term, list)) in entries.into_iter().enumerate() {
            // Keys are sorted and unique, so insertion cannot fail.
            if builder.insert(term.as_bytes(), i as u64).is_ok() {
                postings.push(list);
            }
        }
        let bytes = builder.into_inner().unwrap_or_default();
        let terms = Map::new(bytes).unwrap_or_default();
        SearchIndex {
            terms,
            postings,
            docs: self.docs,
            name_terms: self.name_terms,
        }
    }
}

/// A ranked search result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The document (entity position).
    pub doc: u32,
    /// Relevance; higher is better.
    pub score: f64,
}

fn typo_budget(term: &str) -> u32 {
    match term.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl SearchIndex {
    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    fn collect<A: Automaton>(&self, aut: A, out: &mut Vec<(u64, String)>) {
        let mut stream = self.terms.search(aut).into_stream();
        while let Some((k, v)) = stream.next() {
            out.push((v, String::from_utf8_lossy(k).into_owned()));
        }
    }

    /// Terms within `budget` edits of `term` (insertions, deletions,
    /// substitutions and swaps of neighbours each count one) that share its
    /// first letter. Scanning that slice of the dictionary costs far less
    /// than building a Levenshtein automaton (milliseconds for two edits).
    fn typos(&self, term: &str, budget: u32, out: &mut Vec<(u64, String)>) {
        let Some(first) = term.chars().next() else {
            return;
        };
        let want: Vec<char> = term.chars().collect();
        let mut buf = [0u8; 4];
        let mut stream = self
            .terms
            .search(Str::new(first.encode_utf8(&mut buf)).starts_with())
            .into_stream();
        let mut candidate: Vec<char> = Vec::new();
        while let Some((k, v)) = stream.next() {
            let Ok(text) = std::str::from_utf8(k) else {
                continue;
            };
            candidate.clear();
            candidate.extend(text.chars());
            if candidate.len().abs_diff(want.len()) <= budget as usize
                && within_edits(&want, &candidate, budget as usize)
            {
                out.push((v, text.to_owned()));
            }
        }
    }

    /// Ranks the documents that match `query`, best first, keeping only those
    /// for which `keep` is true. Documents in `exact` (whose whole name
    /// matches the query) are always included and rank above the rest.
    ///
    /// Returns the best `limit` hits, best first (ties by document), and
    /// how many documents match in all.
    ///
    /// Complexity: O(postings of the matched terms); per-document scores
    /// accumulate in per-thread scratch arrays, and only the best `limit`
    /// are sorted.
    pub fn search(
        &self,
        query: &str,
        keep: impl Fn(u32) -> bool,
        exact: &[u32],
        limit: usize,
    ) -> (Vec<Hit>, usize) {
        let qterms = terms(query);
        if qterms.is_empty() {
            return (Vec::new(), 0);
        }
        let n = qterms.len();
        scratch::with(|acc: &mut Accumulator| {
            acc.reset(self.docs as usize);
            for doc in exact {
                acc.slot(*doc, n);
            }
            for (i, qt) in qterms.iter().enumerate() {
                let mut matches: Vec<(u64, String)> = Vec::new();
                if i + 1 == n {
                    self.collect(Str::new(qt).starts_with(), &mut matches);
                } else if let Some(v) = self.terms.get(qt) {
                    matches.push((v, qt.clone()));
                }
                let budget = typo_budget(qt);
                if budget > 0 {
                    self.typos(qt, budget, &mut matches);
                }
                matches.sort_unstable();
                matches.dedup();
                for (term_ix, term) in matches {
                    let factor = if term == *qt {
                        1.0
                    } else if term.starts_with(qt.as_str()) {
                        0.7
                    } else {
                        0.5
                    };
                    let Some(list) = self.postings.get(term_ix as usize) else {
                        continue;
                    };
                    let idf = (1.0 + self.docs as f32 / list.len() as f32).ln();
                    for p in list {
                        let at = acc.slot(p.doc, n) + i;
                        acc.weights[at] = acc.weights[at].max(p.weight * factor * idf);
                    }
                }
            }
            let mut hits: Vec<Hit> = Vec::with_capacity(acc.docs.len());
            for (k, &doc) in acc.docs.iter().enumerate() {
                if !keep(doc) {
                    continue;
                }
                let per_term = &acc.weights[k * n..(k + 1) * n];
                let matched = per_term.iter().filter(|w| **w > 0.0).count() as f64;
                let sum: f64 = per_term.iter().map(|w| *w as f64).sum();
                let coverage = matched / n as f64;
                let boost = if exact.contains(&doc) { 10.0 } else { 0.0 };
                // Prefer names the query covers closely ("Tongji University"
                // over "Knowledge Economy Circle around Tongji University").
                let name_len = self
                    .name_terms
                    .get(doc as usize)
                    .copied()
                    .unwrap_or(0)
                    .max(1);
                let closeness = (matched / name_len as f64).min(1.0);
                let score = sum * coverage * coverage + closeness + boost;
                hits.push(Hit {
                    doc,
                    score: (score * 1000.0).round() / 1000.0,
                });
            }
            let total = hits.len();
            let order = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
            if hits.len() > limit && limit > 0 {
                hits.select_nth_unstable_by(limit - 1, order);
            }
            hits.truncate(limit);
            hits.sort_by(order);
            (hits, total)
        })
    }
}

/// Whether `a` and `b` are at most `k` edits apart (optimal string
/// alignment: insertion, deletion, substitution, or swapping two neighbours).
fn within_edits(a: &[char], b: &[char], k: usize) -> bool {
    let (n, m) = (a.len(), b.len());
    // Three rows of the dynamic programme: two back, one back, current.
    let mut prev2: Vec<usize> = vec![0; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur: Vec<usize> = vec![0; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] <= k
}

/// Per-document score accumulators, reused across searches.
#[derive(Default)]
struct Accumulator {
    slots: Labels<u32>,
    docs: Vec<u32>,
    weights: Vec<f32>,
}

impl Accumulator {
    fn reset(&mut self, docs: usize) {
        self.slots.reset(docs);
        self.docs.clear();
        self.weights.clear();
    }

    /// The offset of `doc`'s `n` per-term weights, adding it if new.
    fn slot(&mut self, doc: u32, n: usize) -> usize {
        if let Some(k) = self.slots.get(doc) {
            return k as usize * n;
        }
        let k = self.docs.len();
        self.docs.push(doc);
        self.weights.resize(self.weights.len() + n, 0.0);
        self.slots.set(doc, k as u32);
        k * n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        let mut b = IndexBuilder::default();
        b.add(0, Field::Name, "Tongji University");
        b.add(0, Field::Name, "同济大学");
        b.add(1, Field::Name, "Fudan University");
        b.add(2, Field::Name, "Hongqiao Smart Valley");
        b.add(2, Field::Description, "innovation area in Changning");
        b.add(3, Field::Name, "Yangpu District");
        b.add(3, Field::Name, "杨浦区");
        b.finish()
    }

    fn docs(hits: &[Hit]) -> Vec<u32> {
        hits.iter().map(|h| h.doc).collect()
    }

    #[test]
    fn exact_prefix_typo_and_cjk() {
        let ix = index();
        let all = |_| true;
        let none: &[u32] = &[];
        assert_eq!(docs(&ix.search("tongji", all, none, usize::MAX).0), vec![0]);
        assert_eq!(docs(&ix.search("hongq", all, none, usize::MAX).0), vec![2]);
        assert_eq!(
            docs(&ix.search("Hongqiso", all, none, usize::MAX).0),
            vec![2]
        );
        assert_eq!(docs(&ix.search("杨浦", all, none, usize::MAX).0), vec![3]);
        assert_eq!(docs(&ix.search("同济", all, none, usize::MAX).0), vec![0]);
        let uni = ix.search("university", all, none, usize::MAX).0;
        assert_eq!(docs(&uni).len(), 2);
        assert!(ix.search("", all, none, usize::MAX).0.is_empty());
        assert!(ix.search("zzzz", all, none, usize::MAX).0.is_empty());
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_edits(&c("university"), &c("univresity"), 1));
        assert!(within_edits(&c("hongqiao"), &c("hongqiso"), 1));
        assert!(!within_edits(&c("hongqiao"), &c("hangqiso"), 1));
        assert!(within_edits(&c("hongqiao"), &c("hangqiso"), 2));
        assert!(within_edits(&c("abc"), &c("abcd"), 1));
        assert!(!within_edits(&c("abc"), &c("xyz"), 2));
    }

    #[test]
    fn more_terms_matched_rank_first() {
        let ix = index();
        let hits = ix.search("fudan university", |_| true, &[], usize::MAX).0;
        assert_eq!(hits[0].doc, 1);
        assert!(hits[0].score > hits[1].score);
    }
}
