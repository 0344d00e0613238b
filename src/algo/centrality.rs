//! Centrality: how connected each entity is. Degrees come straight from the
//! adjacency arrays; PageRank is computed once, when the graph is loaded.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use petgraph::graph::NodeIndex;

use crate::model::EntityKind;
use crate::store::Store;

/// The damping factor: the chance of following a relation rather than
/// jumping to a random entity.
pub const DAMPING: f64 = 0.85;
/// PageRank stops when the scores change by less than this in total.
pub const TOLERANCE: f64 = 1e-9;
/// PageRank stops after this many rounds at most.
pub const MAX_ITERATIONS: usize = 100;

/// A centrality measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Relations ending at the entity.
    InDegree,
    /// Relations starting at the entity.
    OutDegree,
    /// All relations at the entity.
    Degree,
    /// PageRank over the relations' directions.
    PageRank,
}

/// Scores computed once per graph.
#[derive(Debug, Clone, Default)]
pub struct Centrality {
    page_rank: Vec<f64>,
    /// Rounds PageRank took to converge.
    pub iterations: usize,
}

impl Centrality {
    /// Computes PageRank for every entity of `store`.
    ///
    /// Relations are followed in their direction (a company located in a
    /// park passes score to the park); a relation counts once per edge;
    /// entities with no outgoing relation spread their score evenly. Scores
    /// sum to 1.
    ///
    /// Complexity: O(iterations · (V + E)), run on two threads.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// use innograph::algo::centrality::Centrality;
    /// let c = Centrality::compute(&store);
    /// let total: f64 = (0..store.entity_count()).map(|i| c.page_rank(petgraph::graph::NodeIndex::new(i))).sum();
    /// assert!((total - 1.0).abs() < 1e-6);
    /// ```
    pub fn compute(store: &Store) -> Centrality {
        let n = store.node_bound();
        let live = store.entity_count();
        if live == 0 {
            return Centrality::default();
        }
        let started = std::time::Instant::now();
        let pristine = store.relations_pristine() && n == live;
        let (out, inc) = (store.outgoing(), store.incoming());
        let inv_n = 1.0 / live as f64;
        let is_live: Vec<bool> = (0..n).map(|i| store.is_live(NodeIndex::new(i))).collect();
        let mut rank: Vec<f64> = is_live
            .iter()
            .map(|l| if *l { inv_n } else { 0.0 })
            .collect();
        let mut next = vec![0.0; n];
        let mut share = vec![0.0; n];
        let mut iterations = 0;
        for _ in 0..MAX_ITERATIONS {
            iterations += 1;
            let mut dangling = 0.0;
            for (i, s) in share.iter_mut().enumerate() {
                let d = if pristine {
                    out.degree(i as u32)
                } else {
                    store.degree(i as u32, true)
                };
                if d == 0 {
                    dangling += rank[i];
                    *s = 0.0;
                } else {
                    *s = rank[i] / d as f64;
                }
            }
            let base = (1.0 - DAMPING) * inv_n + DAMPING * dangling * inv_n;
            let half = n.div_ceil(2);
            let share = &share;
            let (lo, hi) = next.split_at_mut(half);
            let is_live = &is_live;
            let fill = |part: &mut [f64], offset: usize| {
                for (j, slot) in part.iter_mut().enumerate() {
                    let v = (offset + j) as u32;
                    if !is_live[v as usize] {
                        *slot = 0.0;
                        continue;
                    }
                    let sum: f64 = if pristine {
                        inc.others(v).iter().map(|&o| share[o as usize]).sum()
                    } else {
                        store
                            .halves(v, false)
                            .map(|h| share[h.other as usize])
                            .sum()
                    };
                    *slot = base + DAMPING * sum;
                }
            };
            std::thread::scope(|s| {
                s.spawn(|| fill(lo, 0));
                fill(hi, half);
            });
            let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut rank, &mut next);
            if change < TOLERANCE {
                break;
            }
        }
        tracing::debug!(iterations, elapsed = ?started.elapsed(), "PageRank computed");
        Centrality {
            page_rank: rank,
            iterations,
        }
    }

    /// The entity's PageRank (0 for an unknown node).
    pub fn page_rank(&self, ix: NodeIndex) -> f64 {
        self.page_rank.get(ix.index()).copied().unwrap_or(0.0)
    }

    /// The entity's score by `measure`.
    pub fn score(&self, store: &Store, ix: NodeIndex, measure: Measure) -> f64 {
        let node = ix.index() as u32;
        match measure {
            Measure::InDegree => store.degree(node, false) as f64,
            Measure::OutDegree => store.degree(node, true) as f64,
            Measure::Degree => (store.degree(node, false) + store.degree(node, true)) as f64,
            Measure::PageRank => self.page_rank(ix),
        }
    }

    /// The `first` entities (of one kind, or all) with the highest score by
    /// `measure`, best first; ties go to the lower id.
    ///
    /// Complexity: O(V log first) over the candidates.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// use innograph::algo::centrality::{Centrality, Measure};
    /// use innograph::model::EntityKind;
    /// let c = Centrality::compute(&store);
    /// let top = c.top(&store, Some(EntityKind::Region), Measure::Degree, 3);
    /// assert_eq!(top.len(), 3);
    /// assert!(top[0].1 >= top[1].1 && top[1].1 >= top[2].1);
    /// ```
    pub fn top(
        &self,
        store: &Store,
        kind: Option<EntityKind>,
        measure: Measure,
        first: usize,
    ) -> Vec<(NodeIndex, f64)> {
        if first == 0 {
            return Vec::new();
        }
        // A min-heap of the best so far, keyed by (score, reversed index).
        let mut heap: BinaryHeap<Reverse<(Score, Reverse<NodeIndex>)>> = BinaryHeap::new();
        let mut consider = |ix: NodeIndex| {
            let key = (Score(self.score(store, ix, measure)), Reverse(ix));
            if heap.len() < first {
                heap.push(Reverse(key));
            } else if heap.peek().is_some_and(|Reverse(low)| key > *low) {
                heap.pop();
                heap.push(Reverse(key));
            }
        };
        match kind {
            Some(k) => store.of_kind(k).for_each(&mut consider),
            None => store.nodes().for_each(&mut consider),
        }
        let mut out: Vec<_> = heap
            .into_iter()
            .map(|Reverse((s, Reverse(ix)))| (ix, s.0))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// A totally ordered score.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score(f64);

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_rank_favours_places_things_are_located_in() {
        let store = crate::load::builtin().expect("built-in data loads");
        let c = Centrality::compute(&store);
        assert!(c.iterations < MAX_ITERATIONS);
        let shanghai = store.lookup("region/shanghai").expect("known");
        let top = c.top(&store, None, Measure::PageRank, 5);
        assert!(top.iter().any(|(ix, _)| *ix == shanghai), "{top:?}");
    }

    #[test]
    fn top_matches_a_full_sort() {
        let store = crate::load::builtin().expect("built-in data loads");
        let c = Centrality::compute(&store);
        let mut all: Vec<(NodeIndex, f64)> = (0..store.entity_count())
            .map(|i| {
                (
                    NodeIndex::new(i),
                    c.score(&store, NodeIndex::new(i), Measure::Degree),
                )
            })
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(10);
        assert_eq!(c.top(&store, None, Measure::Degree, 10), all);
    }
}
