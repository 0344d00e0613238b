//! The search index of the entities created or changed since the base,
//! kept up to date a little at a time, as a log-structured merge.
//!
//! Every put of an entity is appended to a log. The log's first part is
//! covered by a few sealed runs, each an index over the entities whose
//! latest put falls in its range of the log; the rest (the tail, at most
//! [`TAIL`] puts) is indexed per snapshot on first use. A run is sealed
//! when the tail is full, and equal-sized neighbours are merged, so there
//! are O(log n) runs and each put is indexed O(log n) times in all.
//!
//! Why not rebuild one index per snapshot, as this module once did:
//! measured under a flood of 2,000 changes a second, every search after a
//! change rebuilt an index of every entity changed so far, and that
//! rebuilding took most of the server's CPU (BENCHMARKS.md).

use std::sync::{Arc, OnceLock};

use petgraph::graph::NodeIndex;

use super::cow::{CowMap, CowVec};
use super::search::{IndexBuilder, SearchIndex};
use super::Store;

/// Puts indexed per snapshot before they are sealed into a run.
pub(crate) const TAIL: usize = 64;

/// An index over the entities whose latest put is at a log position in
/// `start..end`.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) index: SearchIndex,
    /// The node of each document, ascending.
    pub(crate) nodes: Vec<u32>,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Run {
    /// The document of `node`, if this run has one.
    pub(crate) fn doc_of(&self, node: u32) -> Option<u32> {
        self.nodes.binary_search(&node).ok().map(|d| d as u32)
    }
}

/// The fresh index: the put log, the sealed runs and the tail.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fresh {
    /// The node of each put since the base, in order.
    log: CowVec<u32>,
    /// Each changed node's latest position in the log.
    latest: CowMap<u32, u32>,
    /// Sealed runs, oldest first; together they cover `log[..sealed]`.
    runs: Arc<Vec<Arc<Run>>>,
    /// The index of `log[sealed..]`, built on first use (a clone, the next
    /// revision, starts without one).
    tail: TailCell,
}

#[derive(Debug, Default)]
struct TailCell(OnceLock<Arc<Run>>);

impl Clone for TailCell {
    fn clone(&self) -> Self {
        TailCell::default()
    }
}

impl Fresh {
    /// Records a put of `node`.
    pub(crate) fn put(&mut self, node: u32) {
        let at = self.log.len() as u32;
        self.log.push(node);
        self.latest.insert(node, at);
    }

    fn sealed(&self) -> u32 {
        self.runs.last().map_or(0, |r| r.end)
    }

    /// Whether `doc` of `run` is the entity's latest indexing.
    pub(crate) fn current(&self, run: &Run, node: u32) -> bool {
        self.latest_in(node, run.start, run.end)
    }

    /// Whether `node`'s latest put is at a log position in `start..end`.
    fn latest_in(&self, node: u32, start: u32, end: u32) -> bool {
        self.latest
            .get(&node)
            .is_some_and(|at| (start..end).contains(at))
    }

    /// Indexes `log[start..end]` as it reads in `store`.
    fn build(&self, store: &Store, start: u32, end: u32) -> Run {
        let mut nodes: Vec<u32> = (start..end)
            .filter_map(|i| self.log.get(i as usize).copied())
            .filter(|n| self.latest_in(*n, start, end))
            .collect();
        nodes.sort_unstable();
        nodes.dedup();
        let mut b = IndexBuilder::default();
        for (doc, n) in nodes.iter().enumerate() {
            super::build::index_entity(
                &mut b,
                doc as u32,
                store.entity(NodeIndex::new(*n as usize)),
            );
        }
        Run {
            index: b.finish(),
            nodes,
            start,
            end,
        }
    }

    /// Seals the tail into a run once it is full, merging runs of about
    /// the same size; `store` is the snapshot this index belongs to. A new
    /// value, or `None` when nothing is due.
    pub(crate) fn sealed_in(&self, store: &Store) -> Option<Fresh> {
        let len = self.log.len() as u32;
        if (len - self.sealed()) < TAIL as u32 {
            return None;
        }
        let mut runs: Vec<Arc<Run>> = self.runs.to_vec();
        let mut start = self.sealed();
        // Merge with the runs before while they are no larger than what is
        // being sealed (a binary counter: sizes double).
        while let Some(last) = runs.last() {
            if last.end - last.start > len - start {
                break;
            }
            start = last.start;
            runs.pop();
        }
        runs.push(Arc::new(self.build(store, start, len)));
        Some(Fresh {
            log: self.log.clone(),
            latest: self.latest.clone(),
            runs: Arc::new(runs),
            tail: TailCell::default(),
        })
    }

    /// The sealed runs and the tail's run, oldest first.
    pub(crate) fn runs(&self, store: &Store) -> Vec<Arc<Run>> {
        let mut all = self.runs.to_vec();
        let (sealed, len) = (self.sealed(), self.log.len() as u32);
        if sealed < len {
            all.push(
                self.tail
                    .0
                    .get_or_init(|| Arc::new(self.build(store, sealed, len)))
                    .clone(),
            );
        }
        all
    }

    /// How many sealed runs there are (for tests).
    #[cfg(test)]
    pub(crate) fn run_count(&self) -> usize {
        self.runs.len()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::model::Op;
    use crate::store::Store;

    fn found(s: &Store, q: &str) -> (BTreeSet<String>, usize) {
        let found = s
            .search(q, None, 100_000, Default::default())
            .expect("no deadline");
        let total = found.total;
        let ids = found
            .hits
            .into_iter()
            .map(|(ix, _)| s.entity(ix).id.to_string())
            .collect();
        (ids, total)
    }

    #[test]
    fn runs_stay_few_and_search_reads_as_a_rebuilt_store() {
        let base = crate::load::builtin().expect("built-in data");
        let template = base
            .entity(base.lookup("company/apple").expect("apple"))
            .clone();
        let mut store = base;
        for i in 0..1000u32 {
            let mut e = template.clone();
            // Every third put renames an entity made before: its older
            // indexing must no longer match.
            let n = if i % 3 == 2 { i / 2 } else { i };
            e.id = format!("company/zeta-{n}").parse().expect("id");
            e.name = if i % 3 == 2 {
                format!("Omega {n}")
            } else {
                format!("Zeta {n}")
            };
            e.aliases.clear();
            store = store.apply(&[Op::PutEntity(e)]).expect("applies");
        }
        let runs = store.delta.fresh.run_count();
        assert!(runs <= 10, "{runs} runs for 1000 puts");
        let rebuilt = store.compacted().expect("rebuilds");
        for q in ["zeta", "omega", "Zeta 12", "apple"] {
            assert_eq!(found(&store, q), found(&rebuilt, q), "query {q}");
        }
        assert!(found(&store, "omega").1 > 100);
    }
}
