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

use super::normalize::{each_term, query_terms};
use super::scratch::{self, Labels};
use crate::deadline::{Deadline, Expired};

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
    terms: Terms,
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

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.docs)
            .finish()
    }
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
        self.finish_as(SMALL)
    }

    /// [`finish`](Self::finish), with dictionaries of up to `small` terms
    /// kept as a sorted list.
    fn finish_as(self, small: usize) -> SearchIndex {
        let mut entries: Vec<(String, Vec<Posting>)> = self.map.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut postings = Vec::with_capacity(entries.len());
        let terms = if entries.len() <= small {
            let mut keys = Vec::with_capacity(entries.len());
            for (term, list) in entries {
                keys.push(term.into_boxed_str());
                postings.push(list);
            }
            Terms::Sorted(keys)
        } else {
            let mut builder = MapBuilder::memory();
            for (i, (term, list)) in entries.into_iter().enumerate() {
                // Keys are sorted and unique, so insertion cannot fail.
                if builder.insert(term.as_bytes(), i as u64).is_ok() {
                    postings.push(list);
                }
            }
            let bytes = builder.into_inner().unwrap_or_default();
            Terms::Fst(Map::new(bytes).unwrap_or_default())
        };
        SearchIndex {
            terms,
            postings,
            docs: self.docs,
            name_terms: self.name_terms,
        }
    }
}

/// Dictionaries of at most this many terms are kept as a sorted list
/// instead of an fst. Measured under a write flood: every fst build
/// allocates and zeroes a fixed registry of about a megabyte, which made
/// the small indexes of recently changed entities (rebuilt per snapshot,
/// see `fresh.rs`) cost more in page faults than in indexing. A scan of a
/// few thousand short terms costs tens of microseconds.
const SMALL: usize = 4096;

/// The term dictionary: term -> position in `postings`.
enum Terms {
    Fst(Map<Vec<u8>>),
    /// Sorted, unique; a term's position is its value.
    Sorted(Vec<Box<str>>),
}

impl Terms {
    fn get(&self, term: &str) -> Option<u64> {
        match self {
            Terms::Fst(map) => map.get(term),
            Terms::Sorted(keys) => keys
                .binary_search_by(|k| (**k).cmp(term))
                .ok()
                .map(|i| i as u64),
        }
    }

    /// Calls `f` with every term `aut` matches, in order, and its value.
    fn each<A: Automaton>(&self, aut: A, mut f: impl FnMut(&[u8], u64)) {
        match self {
            Terms::Fst(map) => {
                let mut stream = map.search(aut).into_stream();
                while let Some((k, v)) = stream.next() {
                    f(k, v);
                }
            }
            Terms::Sorted(keys) => {
                for (i, k) in keys.iter().enumerate() {
                    let mut state = aut.start();
                    for b in k.as_bytes() {
                        if !aut.can_match(&state) {
                            break;
                        }
                        state = aut.accept(&state, *b);
                    }
                    if aut.is_match(&state) {
                        f(k.as_bytes(), i as u64);
                    }
                }
            }
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
        self.terms.each(aut, |k, v| {
            out.push((v, String::from_utf8_lossy(k).into_owned()));
        });
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
        let mut candidate: Vec<char> = Vec::new();
        let prefix = Str::new(first.encode_utf8(&mut buf)).starts_with();
        self.terms.each(prefix, |k, v| {
            let Ok(text) = std::str::from_utf8(k) else {
                return;
            };
            candidate.clear();
            candidate.extend(text.chars());
            if candidate.len().abs_diff(want.len()) <= budget as usize
                && within_edits(&want, &candidate, budget as usize)
            {
                out.push((v, text.to_owned()));
            }
        });
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
        deadline: Deadline,
    ) -> Result<(Vec<Hit>, usize), Expired> {
        let qterms = query_terms(query);
        if qterms.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let mut clock = deadline.ticker();
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
                        if clock.tick() {
                            return Err(Expired);
                        }
                        let at = acc.slot(p.doc, n) + i;
                        acc.weights[at] = acc.weights[at].max(p.weight * factor * idf);
                    }
                }
            }
            let mut hits: Vec<Hit> = Vec::with_capacity(acc.docs.len());
            for (k, &doc) in acc.docs.iter().enumerate() {
                if clock.tick() {
                    return Err(Expired);
                }
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
            Ok((hits, total))
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

    /// The built-in data's names and descriptions, indexed with an fst
    /// and with a sorted list: every query answers the same.
    #[test]
    fn both_dictionaries_answer_the_same() {
        let store = crate::load::builtin().expect("built-in data");
        let build = |small: usize| {
            let mut b = IndexBuilder::default();
            for ix in store.nodes() {
                crate::store::build::index_entity(&mut b, ix.index() as u32, store.entity(ix));
            }
            b.finish_as(small)
        };
        let (fst, sorted) = (build(0), build(usize::MAX));
        assert!(matches!(fst.terms, Terms::Fst(_)));
        assert!(matches!(sorted.terms, Terms::Sorted(_)));
        for q in [
            "university",
            "univ",
            "Univresity",
            "yangpu park",
            "杨浦",
            "同济",
            "zhangjiang hi",
            "innovation",
            "x",
            "shanghai techn",
            "incubator",
        ] {
            assert_eq!(search(&fst, q), search(&sorted, q), "query {q}");
        }
        assert!(!search(&sorted, "univ").is_empty());
    }

    fn search(ix: &SearchIndex, q: &str) -> Vec<Hit> {
        let none: &[u32] = &[];
        ix.search(q, |_| true, none, usize::MAX, Deadline::NONE)
            .expect("no deadline")
            .0
    }

    #[test]
    fn a_passed_deadline_stops_the_search() {
        let mut b = IndexBuilder::default();
        for doc in 0..1000 {
            b.add(doc, Field::Name, "Innovation Park");
        }
        let ix = b.finish();
        let none: &[u32] = &[];
        let past = Deadline::after(std::time::Duration::ZERO);
        assert_eq!(
            ix.search("park", |_| true, none, 10, past).err(),
            Some(Expired)
        );
        let (hits, total) = ix
            .search("park", |_| true, none, 10, Deadline::NONE)
            .expect("no deadline");
        assert_eq!((hits.len(), total), (10, 1000));
    }

    fn docs(hits: &[Hit]) -> Vec<u32> {
        hits.iter().map(|h| h.doc).collect()
    }

    #[test]
    fn exact_prefix_typo_and_cjk() {
        let ix = index();
        assert_eq!(docs(&search(&ix, "tongji")), vec![0]);
        assert_eq!(docs(&search(&ix, "hongq")), vec![2]);
        assert_eq!(docs(&search(&ix, "Hongqiso")), vec![2]);
        assert_eq!(docs(&search(&ix, "杨浦")), vec![3]);
        assert_eq!(docs(&search(&ix, "同济")), vec![0]);
        let uni = search(&ix, "university");
        assert_eq!(docs(&uni).len(), 2);
        assert!(search(&ix, "").is_empty());
        assert!(search(&ix, "zzzz").is_empty());
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
        let hits = search(&ix, "fudan university");
        assert_eq!(hits[0].doc, 1);
        assert!(hits[0].score > hits[1].score);
    }
}
