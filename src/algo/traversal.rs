//! What every traversal shares: which relations it may follow, the bounds it
//! must stay within, the steps it reports and the errors it gives when a
//! bound is hit.

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::model::{EntityKind, RelationType};
use crate::store::adjacency::{Half, TypeMask};
use crate::store::{Direction, Store};

/// Which relations a traversal may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// The relation types it may follow.
    pub types: TypeMask,
    /// `Outgoing` follows relations from start to end only, `Incoming` from
    /// end to start only, `Both` either way.
    pub direction: Direction,
}

impl Filter {
    /// Follows every relation, either way.
    pub const ANY: Filter = Filter {
        types: TypeMask::ALL,
        direction: Direction::Both,
    };

    /// Follows `types` (all when `None`) in `direction`.
    pub fn new(types: Option<&[RelationType]>, direction: Direction) -> Filter {
        Filter {
            types: TypeMask::of_opt(types),
            direction,
        }
    }

    /// The same relations, walked the other way (for the backward half of a
    /// bidirectional search).
    pub fn reversed(self) -> Filter {
        let direction = match self.direction {
            Direction::Outgoing => Direction::Incoming,
            Direction::Incoming => Direction::Outgoing,
            Direction::Both => Direction::Both,
        };
        Filter { direction, ..self }
    }

    /// Calls `f(half, outgoing)` for every relation at `node` this filter
    /// lets through; `outgoing` says whether the relation starts at `node`.
    /// Stops early when `f` returns `false`; returns whether it ran to the end.
    #[inline]
    pub fn each(&self, store: &Store, node: u32, mut f: impl FnMut(&Half, bool) -> bool) -> bool {
        for outgoing in [true, false] {
            let wanted = match self.direction {
                Direction::Both => true,
                Direction::Outgoing => outgoing,
                Direction::Incoming => !outgoing,
            };
            if !wanted {
                continue;
            }
            for h in store.halves(node, outgoing) {
                if self.types.has(h.kind) && !f(h, outgoing) {
                    return false;
                }
            }
        }
        true
    }
}

/// A set of entity kinds (all when empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindSet(u16);

impl KindSet {
    /// The given kinds; every kind when `None` or empty.
    pub fn of(kinds: Option<&[EntityKind]>) -> KindSet {
        KindSet(kinds.map_or(0, |ks| ks.iter().fold(0, |m, k| m | (1 << *k as u16))))
    }

    /// Whether `k` is in the set.
    #[inline]
    pub fn has(self, k: EntityKind) -> bool {
        self.0 == 0 || self.0 & (1 << k as u16) != 0
    }
}

/// One step of a path: a relation and the way the path walks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hop {
    /// The relation.
    pub edge: EdgeIndex,
    /// The entity the step leaves.
    pub from: NodeIndex,
    /// The entity the step reaches.
    pub to: NodeIndex,
    /// Whether the relation points the way the path walks (from → to).
    pub forward: bool,
}

/// Why a traversal stopped without an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraversalError {
    /// It would have visited more entities than allowed.
    #[error("the traversal visited more than {limit} entities without finishing; narrow it with relationTypes, direction or a smaller bound")]
    VisitLimit {
        /// The bound that was hit.
        limit: usize,
    },
    /// The request's time limit passed first.
    #[error("the request took longer than the server's time limit")]
    Timeout,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_set_empty_means_all() {
        assert!(KindSet::of(None).has(EntityKind::Park));
        assert!(KindSet::of(Some(&[])).has(EntityKind::Park));
        let parks = KindSet::of(Some(&[EntityKind::Park]));
        assert!(parks.has(EntityKind::Park));
        assert!(!parks.has(EntityKind::Company));
    }

    #[test]
    fn reversing_swaps_directed_filters_only() {
        let f = Filter::new(None, Direction::Outgoing);
        assert_eq!(f.reversed().direction, Direction::Incoming);
        assert_eq!(Filter::ANY.reversed(), Filter::ANY);
    }
}
