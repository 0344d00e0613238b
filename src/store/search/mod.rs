//! Full-text search over names, Chinese names, aliases and descriptions.
//!
//! Terms (see [`super::normalize::terms`]) live in an `fst` map, so a query
//! term can match exactly, as a prefix (the last term, for type-ahead) or
//! within a small edit distance (typos: one for terms of 5+ characters, two
//! for 9+; swapping two neighbouring letters counts as one; typo candidates
//! share the term's first letter, found by an edit-distance automaton run
//! over the dictionary, see `typo.rs`). Each query term expands to at most
//! [`MAX_EXPANSIONS`] index terms.
//!
//! Scoring: a posting's weight is its field's (a name's is higher the
//! shorter the name, so "Tongji University" ranks above "Knowledge Economy
//! Circle around Tongji University"), times the term's rarity, times how it
//! matched (exactly, as a prefix or with typos). A document's score sums
//! each query term's best weight and multiplies by the square of the share
//! of query terms it matched; whole-name matches add 10.
//!
//! Ranking is bounded: `rank` is MaxScore over postings in document
//! order, so it walks only the lists that could lift a document past the
//! current k-th score and probes the rest per candidate; the count stops
//! being exact past [`rank::EXACT_COUNT`].
//!
//! Why a hit matched is worked out afterwards, for a page of hits, by
//! [`explain`], with these same rules.

pub mod explain;
mod rank;
mod terms;
mod typo;

use hashbrown::HashMap as FastMap;

use super::normalize::{each_term, query_terms};
use crate::deadline::{Deadline, Expired};
pub use rank::EXACT_COUNT;
use terms::{Terms, SMALL};
use typo::within_edits;

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
    /// A posting's weight in this field, for a document whose primary name
    /// has `name_terms` terms: names weigh 2 plus a bonus that shrinks with
    /// the name's length (3 for a one-word name, 2.5 for two words).
    fn weight(self, name_terms: u16) -> f32 {
        match self {
            Field::Name => 2.0 + 1.0 / f32::from(name_terms.max(1)),
            Field::Alias => 2.0,
            Field::Description => 1.0,
        }
    }
}

/// How many terms a primary name has (at least one), which sets its
/// names' weight (see [`Field::weight`]).
fn name_terms(name: &str) -> u16 {
    let mut count = 0usize;
    each_term(name, |_| count += 1);
    count.clamp(1, usize::from(u16::MAX)) as u16
}

/// One document's entry in a term's posting list.
#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    weight: f32,
}

/// At most this many index terms stand for one query term (its prefix
/// completions and typo candidates); past it, the ones in the most
/// documents are kept, and the term itself always is.
pub const MAX_EXPANSIONS: usize = 64;

/// An inverted index from terms to documents (entity positions).
pub struct SearchIndex {
    terms: Terms,
    /// Per term, in document order.
    postings: Vec<Box<[Posting]>>,
    /// Per term, the largest weight of its postings.
    maxima: Vec<f32>,
    /// The largest weight of each block of [`BLOCK`] postings, every
    /// term's blocks one after another: term `t`'s are
    /// `block_max[block_start[t]..block_start[t + 1]]`.
    block_max: Vec<f32>,
    block_start: Vec<u32>,
    /// The first [`TOP`] postings of each list longer than that, in
    /// impact order (largest weight first, ties by document), every such
    /// term's one after another: term `t`'s are
    /// `top[top_start[t]..top_start[t + 1]]` (empty for a short list).
    top: Vec<Posting>,
    top_start: Vec<u32>,
    docs: u32,
}

/// Postings per block of [`SearchIndex::block_max`].
const BLOCK: usize = 64;

/// Postings kept per long list in impact order ([`SearchIndex::top`]):
/// a one-word query's first page of up to this many hits is read from
/// them (see `rank/single.rs`). Unit tests keep few, so that their small
/// indexes have long lists.
const TOP: usize = if cfg!(test) { 8 } else { 64 };

/// Collects documents' text, then [`IndexBuilder::finish`] builds the index.
#[derive(Default)]
pub struct IndexBuilder {
    map: FastMap<String, Vec<Posting>>,
    docs: u32,
    /// Terms in each document's primary (first) name.
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
    /// increasing order; a document's first name comes first).
    pub fn add(&mut self, doc: u32, field: Field, text: &str) {
        self.docs = self.docs.max(doc + 1);
        let slot = doc as usize;
        if self.name_terms.len() <= slot {
            self.name_terms.resize(slot + 1, 0);
        }
        if field == Field::Name && self.name_terms[slot] == 0 {
            self.name_terms[slot] = name_terms(text);
        }
        let weight = field.weight(self.name_terms[slot]);
        let map = &mut self.map;
        each_term(text, |term| {
            let list = map.entry_ref(term).or_default();
            match list.last_mut() {
                Some(p) if p.doc == doc => p.weight = p.weight.max(weight),
                _ => list.push(Posting { doc, weight }),
            }
        });
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
        let (keys, postings): (Vec<String>, Vec<Box<[Posting]>>) = entries
            .into_iter()
            .map(|(term, list)| (term, list.into_boxed_slice()))
            .unzip();
        let terms = Terms::new(keys, small);
        let max = |list: &[Posting]| list.iter().map(|p| p.weight).fold(0.0, f32::max);
        let maxima = postings.iter().map(|list| max(list)).collect();
        let mut block_max = Vec::new();
        let mut block_start = Vec::with_capacity(postings.len() + 1);
        for list in &postings {
            block_start.push(block_max.len() as u32);
            block_max.extend(list.chunks(BLOCK).map(max));
        }
        block_start.push(block_max.len() as u32);
        let mut top = Vec::new();
        let mut top_start = Vec::with_capacity(postings.len() + 1);
        // One buffer for every long list's selection.
        let mut best = Vec::new();
        let order =
            |a: &Posting, b: &Posting| b.weight.total_cmp(&a.weight).then(a.doc.cmp(&b.doc));
        for list in &postings {
            top_start.push(top.len() as u32);
            if list.len() > TOP {
                best.clear();
                best.extend_from_slice(list);
                best.select_nth_unstable_by(TOP - 1, order);
                best.truncate(TOP);
                best.sort_unstable_by(order);
                top.extend_from_slice(&best);
            }
        }
        top_start.push(top.len() as u32);
        SearchIndex {
            terms,
            postings,
            maxima,
            block_max,
            block_start,
            top,
            top_start,
            docs: self.docs,
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

/// What a search found: the best hits and how many documents match.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The best hits, best first (ties by document).
    pub hits: Vec<Hit>,
    /// How many documents match: exact when `exact`, else a lower bound
    /// (at least [`EXACT_COUNT`]).
    pub total: usize,
    /// Whether `total` is exact.
    pub exact: bool,
}

/// Which documents a search may return and count.
///
/// ```
/// use innograph::store::search::Keep;
/// let even = |d: u32| d % 2 == 0;
/// assert!(Keep::All.has(3));
/// assert!(!Keep::Only(&even).has(3));
/// ```
#[derive(Clone, Copy)]
pub enum Keep<'a> {
    /// Every document: the count may then stop as soon as one term's list
    /// alone holds more than [`EXACT_COUNT`] documents.
    All,
    /// The documents for which the function is true.
    Only(&'a dyn Fn(u32) -> bool),
}

impl Keep<'_> {
    /// Whether `doc` may be returned.
    #[inline]
    pub fn has(&self, doc: u32) -> bool {
        match self {
            Keep::All => true,
            Keep::Only(keep) => keep(doc),
        }
    }
}

fn typo_budget(term: &str) -> u32 {
    match term.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// How a query term matched an index term, which scales its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Exact,
    Prefix,
    Typo,
}

impl How {
    fn factor(self) -> f32 {
        match self {
            How::Exact => 1.0,
            How::Prefix => 0.7,
            How::Typo => 0.5,
        }
    }
}

/// One query term's expansion: index terms with the multiplier each
/// posting's weight gets (how it matched, times the term's rarity).
#[derive(Debug, Clone, Default)]
struct Group {
    terms: Vec<(u32, f32)>,
}

impl SearchIndex {
    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    /// Term `t`'s block maxima (see [`SearchIndex::block_max`]).
    fn blocks(&self, t: usize) -> &[f32] {
        let at = |i: usize| self.block_start.get(i).map_or(0, |v| *v as usize);
        self.block_max.get(at(t)..at(t + 1)).unwrap_or_default()
    }

    /// Term `t`'s first postings in impact order (see
    /// [`SearchIndex::top`]); empty if its list is short.
    fn top(&self, t: usize) -> &[Posting] {
        let at = |i: usize| self.top_start.get(i).map_or(0, |v| *v as usize);
        self.top.get(at(t)..at(t + 1)).unwrap_or_default()
    }

    /// Terms within `budget` edits of `term` (insertions, deletions,
    /// substitutions and swaps of neighbours each count one) that share its
    /// first letter: an edit-distance automaton ([`typo::Within`]) run
    /// over the dictionary from that letter on, so only branches that can
    /// still match are visited.
    fn typos(&self, term: &str, budget: u32, out: &mut Vec<(u64, How)>) {
        let (Some(first), Some(within)) = (term.chars().next(), typo::Within::new(term, budget))
        else {
            return;
        };
        self.terms
            .each_within(first, &within, |v| out.push((v, How::Typo)));
    }

    /// The index terms each query term stands for (see the module docs).
    fn expand(&self, qterms: &[String]) -> Vec<Group> {
        let n = qterms.len();
        qterms
            .iter()
            .enumerate()
            .map(|(i, qt)| {
                let mut matches: Vec<(u64, How)> = Vec::new();
                if let Some(v) = self.terms.get(qt) {
                    matches.push((v, How::Exact));
                }
                if i + 1 == n {
                    self.terms
                        .each_with_prefix(qt, |v| matches.push((v, How::Prefix)));
                }
                let budget = typo_budget(qt);
                if budget > 0 {
                    self.typos(qt, budget, &mut matches);
                }
                // The best way each term matched (Exact < Prefix < Typo).
                // A stable sort: the matches come as a few runs already in
                // term order (the exact term, the prefix walk, the typo
                // walk), which it merges rather than sorts.
                matches.sort_by_key(|(v, how)| (*v, *how as u8));
                matches.dedup_by_key(|(v, _)| *v);
                let len = |v: u64| self.postings.get(v as usize).map_or(0, |l| l.len());
                if matches.len() > MAX_EXPANSIONS {
                    // The exact term, then the commonest (ties by term):
                    // each list's length read once, and only the kept
                    // ones sorted.
                    let mut keyed: Vec<_> = matches
                        .iter()
                        .map(|&(v, how)| ((how != How::Exact, std::cmp::Reverse(len(v)), v), how))
                        .collect();
                    keyed.select_nth_unstable_by_key(MAX_EXPANSIONS - 1, |(key, _)| *key);
                    keyed.truncate(MAX_EXPANSIONS);
                    matches = keyed.into_iter().map(|((_, _, v), how)| (v, how)).collect();
                    matches.sort_unstable_by_key(|(v, _)| *v);
                }
                let terms = matches
                    .into_iter()
                    .filter(|(v, _)| len(*v) > 0)
                    .map(|(v, how)| {
                        let idf = (1.0 + self.docs as f32 / len(v) as f32).ln();
                        (v as u32, how.factor() * idf)
                    })
                    .collect();
                Group { terms }
            })
            .collect()
    }

    /// Ranks the documents that match `query`, best first, keeping only those
    /// `keep` has. Documents in `exact` (whose whole name
    /// matches the query) are always included and rank above the rest.
    ///
    /// Returns the best `limit` hits, best first (ties by document), and
    /// how many documents match: exactly up to [`EXACT_COUNT`], a lower
    /// bound past it.
    ///
    /// Complexity: MaxScore walks only the postings of lists that could
    /// lift a document past the current `limit`-th best and probes the
    /// others per candidate; the count walks at most [`EXACT_COUNT`]
    /// matching documents.
    pub fn search(
        &self,
        query: &str,
        keep: Keep<'_>,
        exact: &[u32],
        limit: usize,
        deadline: Deadline,
    ) -> Result<Found, Expired> {
        let qterms = query_terms(query);
        if qterms.is_empty() {
            return Ok(Found {
                hits: Vec::new(),
                total: 0,
                exact: true,
            });
        }
        let groups = self.expand(&qterms);
        rank::rank(self, &groups, keep, exact, limit, deadline)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod on_builtin_data {
    use super::tests::{exhaustive, search};
    use super::*;

    /// The built-in data's names and descriptions, indexed with an fst
    /// and with a sorted list: every query answers the same, and the same as
    /// the exhaustive reference.
    #[test]
    fn both_dictionaries_and_the_reference_answer_the_same() {
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
        for q in tests::BUILTIN_QUERIES {
            assert_eq!(search(&fst, q), search(&sorted, q), "query {q}");
            for limit in [1, 3, 10, 1000] {
                let found = fst
                    .search(q, Keep::All, &[], limit, Deadline::NONE)
                    .expect("no deadline");
                let (hits, total) = exhaustive(&fst, q, |_| true, &[], limit);
                assert_eq!(found.hits, hits, "query {q} limit {limit}");
                assert_eq!((found.total, found.exact), (total, true), "query {q}");
            }
        }
        assert!(!search(&sorted, "univ").is_empty());
    }
}
