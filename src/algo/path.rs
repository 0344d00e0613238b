//! Shortest paths between two entities: one shortest path by bidirectional
//! breadth-first search, and the k shortest simple paths (Yen's algorithm on
//! top of it).
//!
//! Paths count hops (every relation weighs the same). The search walks the
//! store's compact adjacency arrays, grows the smaller frontier first and
//! stops at the first meeting, which is a shortest path: a node is checked
//! against the other side when it is first reached, so no shorter meeting can
//! be found later. Working memory comes from a per-thread pool
//! (`store::scratch`), so a query costs what it visits, not what the graph
//! holds.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::traversal::{Filter, Hop, TraversalError};
use crate::deadline::{Deadline, Ticker};
use crate::store::adjacency::{Half, TypeMask};
use crate::store::scratch::{self, Marks, Sides};
use crate::store::{Direction, Store};

/// The bounds and filters of a path search.
#[derive(Debug, Clone)]
pub struct PathQuery {
    /// Which relations may be followed.
    pub filter: Filter,
    /// The most hops a path may have.
    pub max_hops: u32,
    /// Entities the path must not pass through.
    pub avoid: Vec<NodeIndex>,
    /// The most entities the search may reach before giving up with
    /// [`TraversalError::VisitLimit`].
    pub max_visited: usize,
    /// When to give up with [`TraversalError::Timeout`].
    pub deadline: Deadline,
}

impl Default for PathQuery {
    fn default() -> PathQuery {
        PathQuery {
            filter: Filter::ANY,
            max_hops: 6,
            avoid: Vec::new(),
            max_visited: 1_000_000,
            deadline: Deadline::NONE,
        }
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A path, as its hops in order (empty when start and end are the same).
    Found(Vec<Hop>),
    /// No path exists at any length under the filters.
    NotConnected,
    /// No path of at most `max_hops` hops exists; a longer one may.
    TooFar,
}

/// A search's outcome and how many entities it reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// What was found.
    pub outcome: Outcome,
    /// Entities reached by the search (a measure of its cost).
    pub visited: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Parent {
    node: u32,
    edge: u32,
    forward: bool,
}

#[derive(Default)]
struct Bfs {
    /// Side 0 searches from the start, side 1 from the end.
    labels: Sides<Parent>,
    blocked: Marks,
    front: Vec<u32>,
    back: Vec<u32>,
    next: Vec<u32>,
}

/// The number of sources behind a path: its evidence.
pub fn evidence(store: &Store, hops: &[Hop]) -> usize {
    hops.iter()
        .filter_map(|h| store.relation(h.edge))
        .map(|(_, _, r)| r.sources.len())
        .sum()
}

/// One shortest path from `from` to `to`.
///
/// Arguments: the store, the two ends and the query's filter and bounds.
/// Returns the path (or why there is none) and the entities reached, or
/// [`TraversalError::VisitLimit`] when the search reached more than
/// `max_visited` entities.
///
/// Complexity: O(entities and relations reached), at worst O(V + E); no
/// per-query allocation proportional to the graph.
///
/// ```
/// # let store = innograph::load::builtin().unwrap();
/// use innograph::algo::path::{shortest, Outcome, PathQuery};
/// let tongji = store.lookup("institution/tongji-university").unwrap();
/// let yangpu = store.lookup("region/yangpu").unwrap();
/// let answer = shortest(&store, tongji, yangpu, &PathQuery::default()).unwrap();
/// let Outcome::Found(hops) = answer.outcome else { panic!("no path") };
/// assert_eq!(hops.first().unwrap().from, tongji);
/// assert_eq!(hops.last().unwrap().to, yangpu);
/// ```
pub fn shortest(
    store: &Store,
    from: NodeIndex,
    to: NodeIndex,
    query: &PathQuery,
) -> Result<Answer, TraversalError> {
    let mut budget = query.max_visited;
    let avoid: Vec<u32> = query.avoid.iter().map(|n| n.index() as u32).collect();
    scratch::with(|bfs: &mut Bfs| {
        search(
            store,
            bfs,
            from.index() as u32,
            to.index() as u32,
            query.filter,
            query.max_hops,
            &avoid,
            &HashSet::new(),
            &mut budget,
            query.max_visited,
            &mut query.deadline.ticker(),
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn search(
    store: &Store,
    bfs: &mut Bfs,
    s: u32,
    t: u32,
    filter: Filter,
    max_hops: u32,
    blocked_nodes: &[u32],
    blocked_edges: &HashSet<u32>,
    budget: &mut usize,
    limit: usize,
    clock: &mut Ticker,
) -> Result<Answer, TraversalError> {
    if s == t {
        return Ok(Answer {
            outcome: Outcome::Found(Vec::new()),
            visited: 1,
        });
    }
    let n = store.node_bound();
    let Bfs {
        labels,
        blocked,
        front,
        back,
        next,
    } = bfs;
    labels.reset(n);
    blocked.reset(n);
    let any_blocked = !blocked_nodes.is_empty();
    for &b in blocked_nodes {
        blocked.set(b);
    }
    if blocked.has(s) || blocked.has(t) {
        return Ok(Answer {
            outcome: Outcome::NotConnected,
            visited: 0,
        });
    }
    let root = |node| Parent {
        node,
        edge: u32::MAX,
        forward: true,
    };
    labels.set(s, 0, root(s));
    labels.set(t, 1, root(t));
    front.clear();
    back.clear();
    front.push(s);
    back.push(t);
    let mut visited = 2usize;
    let (mut depth_f, mut depth_b) = (0u32, 0u32);
    let reverse = filter.reversed();
    while depth_f + depth_b < max_hops {
        if front.is_empty() || back.is_empty() {
            return Ok(Answer {
                outcome: Outcome::NotConnected,
                visited,
            });
        }
        let forward_side = front.len() <= back.len();
        let (side, frontier, f) = if forward_side {
            (0, &*front, filter)
        } else {
            (1, &*back, reverse)
        };
        next.clear();
        let mut meeting = None;
        let all_types = f.types == TypeMask::ALL;
        let pristine = store.relations_pristine();
        'scan: for &u in frontier.iter() {
            if clock.tick() {
                return Err(TraversalError::Timeout);
            }
            // One step from `u` to `w` over half `h`.
            macro_rules! step {
                ($w:expr, $h:expr, $outgoing:expr) => {{
                    let w: u32 = $w;
                    let seen = labels.side(w);
                    if seen == Some(side) || (any_blocked && blocked.has(w)) {
                        continue;
                    }
                    let h: &Half = $h;
                    if (!all_types && !f.types.has(h.kind))
                        || (!blocked_edges.is_empty() && blocked_edges.contains(&h.edge))
                    {
                        continue;
                    }
                    let parent = Parent {
                        node: u,
                        edge: h.edge,
                        // Backward, the path walks w -> u.
                        forward: $outgoing == forward_side,
                    };
                    visited += 1;
                    if visited > *budget {
                        return Err(TraversalError::VisitLimit { limit });
                    }
                    if seen.is_some() {
                        // The other side labelled `w`: the two meet.
                        meeting = Some((w, side, parent));
                        break 'scan;
                    }
                    labels.set(w, side, parent);
                    next.push(w);
                }};
            }
            for outgoing in [true, false] {
                let wanted = match f.direction {
                    Direction::Both => true,
                    Direction::Outgoing => outgoing,
                    Direction::Incoming => !outgoing,
                };
                if !wanted {
                    continue;
                }
                if pristine {
                    // Check the packed neighbour array first; the full entry
                    // (edge, type) is read only for entities not seen yet.
                    let csr = if outgoing {
                        store.outgoing()
                    } else {
                        store.incoming()
                    };
                    for (&w, h) in csr.others(u).iter().zip(csr.of(u)) {
                        step!(w, h, outgoing);
                    }
                } else {
                    for h in store.halves(u, outgoing) {
                        step!(h.other, h, outgoing);
                    }
                }
            }
        }
        if let Some(meeting) = meeting {
            *budget -= visited;
            return Ok(Answer {
                outcome: Outcome::Found(stitch(labels, s, t, meeting)),
                visited,
            });
        }
        if forward_side {
            std::mem::swap(front, next);
            depth_f += 1;
        } else {
            std::mem::swap(back, next);
            depth_b += 1;
        }
    }
    *budget -= visited;
    let outcome = if front.is_empty() || back.is_empty() {
        Outcome::NotConnected
    } else {
        Outcome::TooFar
    };
    Ok(Answer { outcome, visited })
}

/// Joins the two half paths that meet at `w` into the hops from `s` to `t`:
/// `w` is labelled by one side, and `side` reached it from `parent`.
fn stitch(
    labels: &Sides<Parent>,
    s: u32,
    t: u32,
    (w, side, parent): (u32, usize, Parent),
) -> Vec<Hop> {
    let node = |i: u32| NodeIndex::new(i as usize);
    let parent_of = |x: u32, of: usize| {
        if x == w && of == side {
            Some(parent)
        } else {
            labels.get(x, of)
        }
    };
    let mut hops = Vec::new();
    let mut x = w;
    while x != s {
        let Some(p) = parent_of(x, 0) else { break };
        hops.push(Hop {
            edge: EdgeIndex::new(p.edge as usize),
            from: node(p.node),
            to: node(x),
            forward: p.forward,
        });
        x = p.node;
    }
    hops.reverse();
    let mut x = w;
    while x != t {
        let Some(p) = parent_of(x, 1) else { break };
        hops.push(Hop {
            edge: EdgeIndex::new(p.edge as usize),
            from: node(x),
            to: node(p.node),
            forward: p.forward,
        });
        x = p.node;
    }
    hops
}

/// The nodes a path passes through, `from` first.
pub fn nodes_of(from: NodeIndex, hops: &[Hop]) -> Vec<NodeIndex> {
    std::iter::once(from)
        .chain(hops.iter().map(|h| h.to))
        .collect()
}

/// Up to `k` shortest simple paths from `from` to `to`, distinct in the
/// relations they use (two entities joined by two relations give two paths),
/// ordered by length, then by evidence (more sources first).
///
/// Arguments as for [`shortest`], plus `k`. The visit bound applies to the
/// whole computation (the first search included). Returns the paths, the
/// entities reached in total, and, when there is no path, why.
///
/// Complexity: Yen's algorithm, O(k · L) shortest-path searches for paths of
/// up to L hops.
///
/// ```
/// # let store = innograph::load::builtin().unwrap();
/// use innograph::algo::path::{k_shortest, PathQuery};
/// let tongji = store.lookup("institution/tongji-university").unwrap();
/// let yangpu = store.lookup("region/yangpu").unwrap();
/// let found = k_shortest(&store, tongji, yangpu, &PathQuery::default(), 3).unwrap();
/// assert!(!found.paths.is_empty() && found.paths.len() <= 3);
/// assert!(found.paths.windows(2).all(|w| w[0].len() <= w[1].len()));
/// assert!(found.none.is_none());
/// ```
pub fn k_shortest(
    store: &Store,
    from: NodeIndex,
    to: NodeIndex,
    query: &PathQuery,
    k: usize,
) -> Result<Paths, TraversalError> {
    k_shortest_inner(store, from, to, query, k).map(|(paths, visited, none)| Paths {
        paths,
        visited,
        none,
    })
}

/// What [`k_shortest`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The paths, by length, then evidence.
    pub paths: Vec<Vec<Hop>>,
    /// Entities reached by all the searches together.
    pub visited: usize,
    /// When there is no path: why ([`Outcome::NotConnected`] or
    /// [`Outcome::TooFar`]).
    pub none: Option<Outcome>,
}

type Found = (Vec<Vec<Hop>>, usize, Option<Outcome>);

fn k_shortest_inner(
    store: &Store,
    from: NodeIndex,
    to: NodeIndex,
    query: &PathQuery,
    k: usize,
) -> Result<Found, TraversalError> {
    let mut budget = query.max_visited;
    let limit = query.max_visited;
    let avoid: Vec<u32> = query.avoid.iter().map(|n| n.index() as u32).collect();
    let (s, t) = (from.index() as u32, to.index() as u32);
    let mut clock = query.deadline.ticker();
    scratch::with(|bfs: &mut Bfs| {
        let mut visited = 0;
        let first = search(
            store,
            bfs,
            s,
            t,
            query.filter,
            query.max_hops,
            &avoid,
            &HashSet::new(),
            &mut budget,
            limit,
            &mut clock,
        )?;
        visited += first.visited;
        let first = match first.outcome {
            Outcome::Found(hops) => hops,
            none => return Ok((Vec::new(), visited, Some(none))),
        };
        if first.is_empty() || k <= 1 {
            return Ok((vec![first], visited, None));
        }
        let edges_of = |p: &[Hop]| p.iter().map(|h| h.edge.index() as u32).collect::<Vec<_>>();
        let mut seen: HashSet<Vec<u32>> = HashSet::new();
        seen.insert(edges_of(&first));
        let mut found = vec![first];
        // Candidates by (length, most evidence, edges) for a deterministic order.
        type Key = (usize, Reverse<usize>, Vec<u32>);
        let mut candidates: BinaryHeap<Reverse<(Key, Vec<Hop>)>> = BinaryHeap::new();
        while found.len() < k {
            let Some(last) = found.last().cloned() else {
                break;
            };
            let nodes: Vec<u32> = nodes_of(from, &last)
                .iter()
                .map(|n| n.index() as u32)
                .collect();
            for i in 0..last.len() {
                if query.deadline.passed() {
                    return Err(TraversalError::Timeout);
                }
                let spur = nodes[i];
                let root = &last[..i];
                let root_edges = edges_of(root);
                let blocked_edges: HashSet<u32> = found
                    .iter()
                    .filter(|p| p.len() > i && edges_of(&p[..i]) == root_edges)
                    .map(|p| p[i].edge.index() as u32)
                    .collect();
                let mut blocked_nodes = avoid.clone();
                blocked_nodes.extend_from_slice(&nodes[..i]);
                let spur_answer = search(
                    store,
                    bfs,
                    spur,
                    t,
                    query.filter,
                    query.max_hops - i as u32,
                    &blocked_nodes,
                    &blocked_edges,
                    &mut budget,
                    limit,
                    &mut clock,
                )?;
                visited += spur_answer.visited;
                if let Outcome::Found(tail) = spur_answer.outcome {
                    let mut path = root.to_vec();
                    path.extend(tail);
                    let edges = edges_of(&path);
                    if seen.insert(edges.clone()) {
                        let key = (path.len(), Reverse(evidence(store, &path)), edges);
                        candidates.push(Reverse((key, path)));
                    }
                }
            }
            match candidates.pop() {
                Some(Reverse((_, path))) => found.push(path),
                None => break,
            }
        }
        found.sort_by_key(|p| (p.len(), Reverse(evidence(store, p))));
        Ok((found, visited, None))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationType;
    use crate::store::Direction;

    fn store() -> Store {
        crate::load::builtin().expect("built-in data loads")
    }

    fn id(store: &Store, s: &str) -> NodeIndex {
        store.lookup(s).expect("known id")
    }

    #[test]
    fn a_path_walks_real_relations_end_to_end() {
        let st = store();
        let (a, b) = (
            id(&st, "institution/tongji-university"),
            id(&st, "park/hongqiao-smart-valley"),
        );
        let answer = shortest(&st, a, b, &PathQuery::default()).expect("bounded");
        let Outcome::Found(hops) = answer.outcome else {
            panic!("expected a path, got {:?}", answer.outcome)
        };
        assert_eq!(hops[0].from, a);
        assert_eq!(hops[hops.len() - 1].to, b);
        for w in hops.windows(2) {
            assert_eq!(w[0].to, w[1].from);
        }
        for h in &hops {
            let (x, y, _) = st.relation(h.edge).expect("edge exists");
            assert_eq!(
                (x, y),
                if h.forward {
                    (h.from, h.to)
                } else {
                    (h.to, h.from)
                }
            );
        }
    }

    #[test]
    fn bounds_and_filters_give_reasons() {
        let st = store();
        let (a, b) = (
            id(&st, "institution/tongji-university"),
            id(&st, "park/hongqiao-smart-valley"),
        );
        let q = PathQuery {
            max_hops: 1,
            ..PathQuery::default()
        };
        assert_eq!(
            shortest(&st, a, b, &q).expect("bounded").outcome,
            Outcome::TooFar
        );
        let q = PathQuery {
            filter: Filter::new(Some(&[RelationType::SpokeAt]), Direction::Both),
            ..PathQuery::default()
        };
        assert_eq!(
            shortest(&st, a, b, &q).expect("bounded").outcome,
            Outcome::NotConnected
        );
        let q = PathQuery {
            max_visited: 3,
            ..PathQuery::default()
        };
        assert!(matches!(
            shortest(&st, a, b, &q),
            Err(TraversalError::VisitLimit { limit: 3 })
        ));
    }

    #[test]
    fn avoided_entities_are_not_crossed() {
        let st = store();
        let (a, b) = (
            id(&st, "institution/tongji-university"),
            id(&st, "park/hongqiao-smart-valley"),
        );
        let Outcome::Found(first) = shortest(&st, a, b, &PathQuery::default())
            .expect("bounded")
            .outcome
        else {
            panic!("no path")
        };
        let middle = first[0].to;
        let q = PathQuery {
            avoid: vec![middle],
            ..PathQuery::default()
        };
        if let Outcome::Found(other) = shortest(&st, a, b, &q).expect("bounded").outcome {
            assert!(nodes_of(a, &other).iter().all(|n| *n != middle));
        }
    }
}
