//! The changes made to a store since its base was built: entities created,
//! replaced or retracted, relations added, replaced or retracted, sources
//! registered, and the running counts. Built from copy-on-write pieces
//! ([`super::cow`]), so a new revision shares all but what its changes
//! touch with the one before, and applying a change costs about the size
//! of one shard, never the size of the graph.
//!
//! New entities and relations take the node and edge numbers after the
//! base's; a retracted one keeps its number (dead), so numbers never move.

use std::sync::Arc;

use super::adjacency::Half;
use super::cow::{CowBits, CowMap, CowVec};
use crate::model::{Entity, EntityKind, Relation, RelationType, Source};

/// A relation created or replaced since the base.
#[derive(Debug, Clone)]
pub(crate) struct EdgeData {
    pub(crate) from: u32,
    pub(crate) to: u32,
    pub(crate) relation: Relation,
}

/// Counts that the delta changes, as differences from the base's.
#[derive(Debug, Clone)]
pub(crate) struct Counts {
    pub(crate) entities: i64,
    pub(crate) relations: i64,
    pub(crate) facts: i64,
    pub(crate) by_kind: [i64; EntityKind::ALL.len()],
    pub(crate) by_type: [i64; RelationType::ALL.len()],
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            entities: 0,
            relations: 0,
            facts: 0,
            by_kind: [0; EntityKind::ALL.len()],
            by_type: [0; RelationType::ALL.len()],
        }
    }
}

/// The changes since the base (see the module documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct Delta {
    /// Node slots in use, base and new.
    pub(crate) nodes: u32,
    /// Entities created or replaced, by node.
    pub(crate) entities: CowMap<u32, Arc<Entity>>,
    /// Base nodes whose entity was replaced (checked before the map).
    pub(crate) changed: CowBits,
    /// Retracted nodes.
    pub(crate) dead_nodes: CowBits,
    /// Ids of new nodes.
    pub(crate) ids: CowMap<Box<str>, u32>,
    /// Name keys of created or replaced entities (may list nodes whose
    /// names have changed since; readers check).
    pub(crate) names: CowMap<Box<str>, Arc<Vec<u32>>>,
    /// New nodes of each kind, in creation (ascending node) order.
    pub(crate) new_by_kind: [CowVec<u32>; EntityKind::ALL.len()],
    /// Edge slots in use, base and new.
    pub(crate) edges: u32,
    /// Relations created or replaced, by edge.
    pub(crate) edge_data: CowMap<u32, Arc<EdgeData>>,
    /// Base edges whose relation was replaced.
    pub(crate) changed_edges: CowBits,
    /// Retracted edges.
    pub(crate) dead_edges: CowBits,
    /// Halves of new relations at each node, sorted as the base's are.
    pub(crate) out: CowMap<u32, Arc<Vec<Half>>>,
    /// Halves of new relations ending at each node.
    pub(crate) inc: CowMap<u32, Arc<Vec<Half>>>,
    /// Nodes with a retracted base relation (their counts need a walk).
    pub(crate) touched: CowBits,
    /// Sources registered since the base.
    pub(crate) sources: CowVec<Source>,
    /// Count differences.
    pub(crate) counts: Counts,
    /// Changes applied since the base.
    pub(crate) ops: u64,
    /// The search index of created and changed entities.
    pub(crate) fresh: super::fresh::Fresh,
}

impl Delta {
    /// A delta over a base of `nodes` entities and `edges` relations.
    pub(crate) fn over(nodes: u32, edges: u32) -> Delta {
        Delta {
            nodes,
            edges,
            ..Delta::default()
        }
    }

    /// Whether no change touches relations (traversals may then read the
    /// base's arrays directly).
    pub(crate) fn relations_pristine(&self) -> bool {
        self.dead_edges.ones() == 0 && self.out.len() == 0 && self.inc.len() == 0
    }

    /// Whether nothing changed at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.ops == 0
    }

    /// Adds a half to a node's sorted list of new halves.
    /// `cmp_other` orders other ends by id (see `Store::cmp_nodes`).
    pub(crate) fn add_half(
        list: &mut CowMap<u32, Arc<Vec<Half>>>,
        node: u32,
        half: Half,
        cmp_other: impl Fn(u32, u32) -> std::cmp::Ordering,
    ) {
        let mut v: Vec<Half> = list.get(&node).map(|a| (**a).clone()).unwrap_or_default();
        let at = v.partition_point(|h| {
            h.kind
                .cmp(&half.kind)
                .then_with(|| cmp_other(h.other, half.other))
                .then(h.edge.cmp(&half.edge))
                .is_lt()
        });
        v.insert(at, half);
        list.insert(node, Arc::new(v));
    }

    /// Records an entity's name keys.
    pub(crate) fn index_names(&mut self, node: u32, keys: impl IntoIterator<Item = String>) {
        for key in keys {
            let key: Box<str> = key.into_boxed_str();
            let mut v: Vec<u32> = self
                .names
                .get(&key)
                .map(|a| (**a).clone())
                .unwrap_or_default();
            if !v.contains(&node) {
                v.push(node);
            }
            self.names.insert(key, Arc::new(v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cow_vecs_share_chunks() {
        let mut a: CowVec<u32> = CowVec::default();
        for i in 0..3000 {
            a.push(i);
        }
        let b = a.clone();
        a.push(3000);
        assert_eq!((a.len(), b.len()), (3001, 3000));
        assert_eq!(a.get(2999), Some(&2999));
        assert_eq!(b.get(3000), None);
        assert_eq!(a.iter().copied().sum::<u32>(), (0..=3000u32).sum::<u32>());
    }
}
