//! The subgraph around an entity: every entity within a number of hops, and
//! the relations among them that the traversal walked, as flat lists ready
//! for drawing.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::traversal::{Filter, KindSet, TraversalError};
use crate::deadline::Deadline;
use crate::store::scratch::{self, Labels};
use crate::store::{Direction, Store};

/// The bounds and filters of a neighbourhood.
#[derive(Debug, Clone, Copy)]
pub struct NeighborhoodQuery {
    /// Which relations may be followed.
    pub filter: Filter,
    /// Which kinds of entity may be included (the centre always is).
    pub kinds: KindSet,
    /// How many hops out from the centre.
    pub depth: u32,
    /// The most entities to include, the centre counted.
    pub max_nodes: usize,
    /// The most relations to include.
    pub max_edges: usize,
    /// When to give up with [`TraversalError::Timeout`].
    pub deadline: Deadline,
}

/// A neighbourhood: entities in breadth-first order with their distance from
/// the centre, and relations, each listed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighborhood {
    /// Entities and their hop distance, the centre first.
    pub nodes: Vec<(NodeIndex, u32)>,
    /// Relations walked between included entities, each once.
    pub edges: Vec<EdgeIndex>,
    /// Whether a limit cut the answer short.
    pub truncated: bool,
}

#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    order: u32,
    depth: u32,
}

/// The entities within `depth` hops of `center` and the relations walked.
///
/// An entity is included when a permitted relation leads to it from an
/// included entity less than `depth` hops out and its kind is allowed. A
/// relation is included when it was walked from such an entity to an
/// included one. Entities come in breadth-first order (relations at each
/// entity in the store's order), so a truncated answer is the nearest part.
///
/// Complexity: O(relations scanned), bounded by the limits; no per-query
/// allocation proportional to the graph.
///
/// ```
/// # let store = innograph::load::builtin().unwrap();
/// use innograph::algo::neighborhood::{neighborhood, NeighborhoodQuery};
/// use innograph::algo::traversal::{Filter, KindSet};
/// let yangpu = store.lookup("region/yangpu").unwrap();
/// let q = NeighborhoodQuery { filter: Filter::ANY, kinds: KindSet::default(), depth: 1, max_nodes: 500, max_edges: 2000, deadline: Default::default() };
/// let n = neighborhood(&store, yangpu, &q).unwrap();
/// assert_eq!(n.nodes[0], (yangpu, 0));
/// assert!(n.nodes.len() > 5 && !n.truncated);
/// ```
pub fn neighborhood(
    store: &Store,
    center: NodeIndex,
    q: &NeighborhoodQuery,
) -> Result<Neighborhood, TraversalError> {
    let mut clock = q.deadline.ticker();
    scratch::with(|seen: &mut Labels<Seen>| {
        seen.reset(store.node_bound());
        let mut out = Neighborhood {
            nodes: vec![(center, 0)],
            edges: Vec::new(),
            truncated: false,
        };
        if q.max_nodes == 0 {
            out.nodes.clear();
            out.truncated = true;
            return Ok(out);
        }
        seen.set(center.index() as u32, Seen { order: 0, depth: 0 });
        let both = q.filter.direction == Direction::Both;
        let mut at = 0;
        while at < out.nodes.len() {
            let (u_ix, d) = out.nodes[at];
            at += 1;
            if d >= q.depth {
                break;
            }
            let u = u_ix.index() as u32;
            let u_order = at as u32 - 1;
            let mut stop = false;
            let mut expired = false;
            q.filter.each(store, u, |h, outgoing| {
                if clock.tick() {
                    expired = true;
                    return false;
                }
                let w = h.other;
                match seen.get(w) {
                    Some(s) => {
                        // With both directions a relation is met from both ends:
                        // keep it from the end expanded first.
                        let expanded_before = s.order < u_order && s.depth < q.depth;
                        let self_loop_twice = s.order == u_order && !outgoing;
                        if both && (expanded_before || self_loop_twice) {
                            return true;
                        }
                    }
                    None => {
                        if !q.kinds.has(store.entity(NodeIndex::new(w as usize)).kind()) {
                            return true;
                        }
                        if out.nodes.len() >= q.max_nodes {
                            stop = true;
                            return false;
                        }
                        let order = out.nodes.len() as u32;
                        seen.set(
                            w,
                            Seen {
                                order,
                                depth: d + 1,
                            },
                        );
                        out.nodes.push((NodeIndex::new(w as usize), d + 1));
                    }
                }
                if out.edges.len() >= q.max_edges {
                    stop = true;
                    return false;
                }
                out.edges.push(EdgeIndex::new(h.edge as usize));
                true
            });
            if expired {
                return Err(TraversalError::Timeout);
            }
            if stop {
                out.truncated = true;
                break;
            }
        }
        Ok(out)
    })
}
