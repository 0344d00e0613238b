//! Reading by name and by text through the delta: name lookups (the
//! base's index corrected for changed and retracted entities, plus the
//! delta's own name keys) and search (the base's index for unchanged
//! entities, a small index of the created and changed ones, built once per
//! snapshot, for the rest).

use petgraph::graph::NodeIndex;

use super::search::{Hit, Keep};
use super::{names, normalize, Store};
use crate::deadline::{Deadline, Expired};
use crate::model::EntityKind;

impl Store {
    /// Entities whose name, Chinese name or alias matches `name`, ignoring
    /// case, accents, apostrophes, hyphens and spaces, in node order.
    pub fn by_name(&self, name: &str) -> Vec<NodeIndex> {
        let key = normalize::key(name);
        let matches = |ix: NodeIndex| names(self.entity(ix)).any(|n| normalize::key(n) == key);
        let mut out: Vec<NodeIndex> = self
            .base
            .by_name(name)
            .into_iter()
            .filter(|ix| self.is_live(*ix))
            .filter(|ix| !self.delta.changed.has(ix.index()) || matches(*ix))
            .collect();
        if let Some(nodes) = self.delta.names.get(key.as_str()) {
            out.extend(
                nodes
                    .iter()
                    .map(|n| NodeIndex::new(*n as usize))
                    .filter(|ix| self.is_live(*ix) && matches(*ix)),
            );
        }
        out.sort();
        out.dedup();
        out
    }

    /// Full-text search: the best `limit` hits, best first, and how many
    /// entities match (exactly up to [`EXACT_COUNT`](super::search::EXACT_COUNT), a lower bound past
    /// it); optionally restricted to some kinds.
    /// Entities whose name or alias equals the query (ignoring case, accents
    /// and punctuation) rank above the rest. Entities created or changed
    /// since the base are scored by the same rules over a small index of
    /// their own, built once per snapshot.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// use innograph::deadline::Deadline;
    /// let found = store.search("Jingan", None, 10, Deadline::NONE).unwrap();
    /// assert!(found.exact && found.total >= found.hits.len());
    /// assert_eq!(store.entity(found.hits[0].0).id.as_str(), "region/jingan");
    /// ```
    pub fn search(
        &self,
        query: &str,
        kinds: Option<&[EntityKind]>,
        limit: usize,
        deadline: Deadline,
    ) -> Result<Searched, Expired> {
        let exact: Vec<u32> = self
            .by_name(query)
            .iter()
            .map(|ix| ix.index() as u32)
            .collect();
        let kind_ok = |ix: NodeIndex| kinds.is_none_or(|ks| ks.contains(&self.kind_of(ix)));
        let node = |h: Hit| (NodeIndex::new(h.doc as usize), h.score);
        if self.delta.is_empty() {
            let of_kinds = |doc: u32| kind_ok(NodeIndex::new(doc as usize));
            let keep = if kinds.is_some() {
                Keep::Only(&of_kinds)
            } else {
                Keep::All
            };
            let found = self
                .base
                .search
                .search(query, keep, &exact, limit, deadline)?;
            return Ok(Searched {
                hits: found.hits.into_iter().map(node).collect(),
                total: found.total,
                exact: found.exact,
            });
        }
        // Base documents that changed or were retracted are scored from
        // the small index instead (or not at all).
        let base_nodes = self.base_nodes();
        let keep_base = |doc: u32| {
            let ix = NodeIndex::new(doc as usize);
            self.is_live(ix) && !self.delta.changed.has(doc as usize) && kind_ok(ix)
        };
        let base_exact: Vec<u32> = exact
            .iter()
            .copied()
            .filter(|d| (*d as usize) < base_nodes && !self.delta.changed.has(*d as usize))
            .collect();
        let base =
            self.base
                .search
                .search(query, Keep::Only(&keep_base), &base_exact, limit, deadline)?;
        let mut hits: Vec<(NodeIndex, f64)> = base.hits.into_iter().map(node).collect();
        let (mut total, mut complete) = (base.total, base.exact);
        for run in self.delta.fresh.runs(self) {
            let keep = |doc: u32| {
                let n = run.nodes[doc as usize];
                let ix = NodeIndex::new(n as usize);
                self.delta.fresh.current(&run, n) && self.is_live(ix) && kind_ok(ix)
            };
            let run_exact: Vec<u32> = exact
                .iter()
                .filter(|n| self.delta.fresh.current(&run, **n))
                .filter_map(|n| run.doc_of(*n))
                .collect();
            let found = run
                .index
                .search(query, Keep::Only(&keep), &run_exact, limit, deadline)?;
            total += found.total;
            complete &= found.exact;
            hits.extend(
                found
                    .hits
                    .into_iter()
                    .map(|h| (NodeIndex::new(run.nodes[h.doc as usize] as usize), h.score)),
            );
        }
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.truncate(limit);
        Ok(Searched {
            hits,
            total,
            exact: complete,
        })
    }
}

/// What [`Store::search`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Searched {
    /// The best hits with their scores, best first (ties by node).
    pub hits: Vec<(NodeIndex, f64)>,
    /// How many entities match: exact when `exact`, else a lower bound.
    pub total: usize,
    /// Whether `total` is exact (it is whenever it is below
    /// [`EXACT_COUNT`](super::search::EXACT_COUNT)).
    pub exact: bool,
}
