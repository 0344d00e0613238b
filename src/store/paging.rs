//! Pages of an entity's relations and neighbours, costing what the page
//! needs: the adjacency arrays are already sorted (by type, then the other
//! end, then edge), so a page is a merge walk over the few sorted runs that
//! a filter selects, with no list of the whole neighbourhood built or
//! sorted. A hub with tens of thousands of relations answers its first page
//! as cheaply as a small entity.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::adjacency::{Half, TypeMask};
use super::{Direction, EdgeView, Store};
use crate::model::{EntityKind, RelationType};

/// A sorted run of half relations, with the direction they were read in;
/// retracted relations are skipped.
struct Run<'a> {
    halves: &'a [Half],
    outgoing: bool,
    at: usize,
}

impl Run<'_> {
    fn head(&self) -> Option<&Half> {
        self.halves.get(self.at)
    }

    /// Moves past retracted relations.
    fn skip_dead(&mut self, store: &Store) {
        while self
            .halves
            .get(self.at)
            .is_some_and(|h| !store.half_live(h))
        {
            self.at += 1;
        }
    }
}

/// One way to reach neighbours: a direction and the relation types followed.
#[derive(Debug, Clone, Copy)]
pub struct Way<'a> {
    /// Which relations, seen from the entity.
    pub direction: Direction,
    /// Their types.
    pub types: &'a [RelationType],
}

impl Store {
    fn runs(&self, node: u32, direction: Direction, types: TypeMask) -> Vec<Run<'_>> {
        let mut runs = Vec::new();
        for (outgoing, wanted) in [
            (true, direction != Direction::Incoming),
            (false, direction != Direction::Outgoing),
        ] {
            if !wanted {
                continue;
            }
            for list in self.runs_of(node, outgoing) {
                if types == TypeMask::ALL {
                    runs.push(Run {
                        halves: list,
                        outgoing,
                        at: 0,
                    });
                    continue;
                }
                for chunk in list.chunk_by(|a, b| a.kind == b.kind) {
                    if types.has(chunk[0].kind) {
                        runs.push(Run {
                            halves: chunk,
                            outgoing,
                            at: 0,
                        });
                    }
                }
            }
        }
        for r in &mut runs {
            r.skip_dead(self);
        }
        runs
    }

    /// A page of the relations at an entity, in the order of
    /// [`Store::relations`] (type, then the other end's id, outgoing first,
    /// then edge): `len` of them from position `start`.
    ///
    /// Complexity: O((start + len) × runs) where runs is 2 without a type
    /// filter (one per direction) and at most 2 per type with one; no
    /// allocation beyond the page.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// use innograph::store::Direction;
    /// let yangpu = store.lookup("region/yangpu").unwrap();
    /// let all = store.relations(yangpu, Direction::Both, None);
    /// let page = store.relations_page(yangpu, Direction::Both, None, 3, 5);
    /// assert_eq!(page, all[3..8]);
    /// ```
    pub fn relations_page(
        &self,
        ix: NodeIndex,
        direction: Direction,
        types: Option<&[RelationType]>,
        start: usize,
        len: usize,
    ) -> Vec<EdgeView> {
        let mut runs = self.runs(ix.index() as u32, direction, TypeMask::of_opt(types));
        let mut out = Vec::with_capacity(len.min(1024));
        let mut position = 0usize;
        while out.len() < len {
            // The run whose head sorts first: (type, other, outgoing first, edge).
            let Some(best) = (0..runs.len())
                .filter_map(|r| runs[r].head().map(|h| (r, h)))
                .min_by(|(r, h), (q, k)| {
                    h.kind
                        .cmp(&k.kind)
                        .then_with(|| self.cmp_nodes(h.other, k.other))
                        .then((!runs[*r].outgoing).cmp(&!runs[*q].outgoing))
                        .then(h.edge.cmp(&k.edge))
                })
                .map(|(r, _)| r)
            else {
                break;
            };
            let run = &mut runs[best];
            let h = run.halves[run.at];
            run.at += 1;
            run.skip_dead(self);
            if position >= start {
                out.push(EdgeView {
                    edge: EdgeIndex::new(h.edge as usize),
                    this: ix,
                    other: NodeIndex::new(h.other as usize),
                    outgoing: run.outgoing,
                });
            }
            position += 1;
        }
        out
    }

    /// A page of the distinct entities reached from `ix` by any of `ways`,
    /// optionally of one kind only, in id order: `len` of them from
    /// position `start`, and how many there are in all.
    ///
    /// Complexity: O(relations followed × runs) for the count (each run is
    /// a type in a direction), no allocation beyond the page.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// use innograph::model::RelationType;
    /// use innograph::store::{Direction, paging::Way};
    /// let yangpu = store.lookup("region/yangpu").unwrap();
    /// let ways = [Way { direction: Direction::Incoming, types: &[RelationType::LocatedIn] }];
    /// let (page, total) = store.neighbors_page(yangpu, &ways, None, 0, 3);
    /// assert!(page.len() <= 3 && total >= page.len());
    /// assert!(page.windows(2).all(|w| w[0] < w[1]));
    /// ```
    pub fn neighbors_page(
        &self,
        ix: NodeIndex,
        ways: &[Way<'_>],
        kind: Option<EntityKind>,
        start: usize,
        len: usize,
    ) -> (Vec<NodeIndex>, usize) {
        let node = ix.index() as u32;
        let mut runs: Vec<Run<'_>> = ways
            .iter()
            .flat_map(|w| self.runs(node, w.direction, TypeMask::of(w.types)))
            .collect();
        // Within one type the halves are sorted by the other end, which is
        // what a merge by entity needs; a run without a type filter holds
        // several types, so split it by type.
        let mut split = Vec::with_capacity(runs.len());
        for run in runs.drain(..) {
            for chunk in run.halves[run.at..].chunk_by(|a, b| a.kind == b.kind) {
                let mut r = Run {
                    halves: chunk,
                    outgoing: run.outgoing,
                    at: 0,
                };
                r.skip_dead(self);
                split.push(r);
            }
        }
        let mut runs = split;
        let mut out = Vec::with_capacity(len.min(1024));
        let mut total = 0usize;
        let mut last: Option<u32> = None;
        while let Some(best) = (0..runs.len())
            .filter_map(|r| runs[r].head().map(|h| (r, h.other)))
            .min_by(|(_, a), (_, b)| self.cmp_nodes(*a, *b))
            .map(|(r, _)| r)
        {
            let run = &mut runs[best];
            let other = run.halves[run.at].other;
            run.at += 1;
            run.skip_dead(self);
            if last == Some(other) {
                continue;
            }
            last = Some(other);
            let other_ix = NodeIndex::new(other as usize);
            if kind.is_some_and(|k| self.kind_of(other_ix) != k) {
                continue;
            }
            if total >= start && out.len() < len {
                out.push(other_ix);
            }
            total += 1;
        }
        (out, total)
    }

    /// The first entity (in id order) reached from `ix` by any of `ways`,
    /// optionally of one kind.
    pub fn first_neighbor(
        &self,
        ix: NodeIndex,
        ways: &[Way<'_>],
        kind: Option<EntityKind>,
    ) -> Option<NodeIndex> {
        self.neighbors_page(ix, ways, kind, 0, 1).0.pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationType as RT;

    fn store() -> Store {
        crate::load::builtin().expect("built-in data")
    }

    #[test]
    fn relation_pages_are_slices_of_the_whole_list() {
        let s = store();
        for id in ["region/yangpu", "region/shanghai", "person/xue-kan"] {
            let Some(ix) = s.lookup(id) else { continue };
            for dir in [Direction::Outgoing, Direction::Incoming, Direction::Both] {
                for types in [None, Some(&[RT::LocatedIn, RT::PartOf][..])] {
                    let all = s.relations(ix, dir, types);
                    for (start, len) in [(0, 1), (0, 1000), (2, 3), (all.len(), 5)] {
                        let page = s.relations_page(ix, dir, types, start, len);
                        let end = (start + len).min(all.len());
                        assert_eq!(page, all[start.min(end)..end], "{id} {dir:?} {types:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn neighbor_pages_are_the_distinct_ends_in_id_order() {
        let s = store();
        let ix = s.lookup("region/yangpu").expect("yangpu");
        let ways = [
            Way {
                direction: Direction::Incoming,
                types: &[RT::LocatedIn, RT::PartOf],
            },
            Way {
                direction: Direction::Outgoing,
                types: &[RT::Hosts],
            },
        ];
        let mut want: Vec<NodeIndex> = s
            .relations(ix, Direction::Incoming, Some(&[RT::LocatedIn, RT::PartOf]))
            .into_iter()
            .chain(s.relations(ix, Direction::Outgoing, Some(&[RT::Hosts])))
            .map(|v| v.other)
            .collect();
        want.sort();
        want.dedup();
        let (all, total) = s.neighbors_page(ix, &ways, None, 0, usize::MAX);
        assert_eq!((all.clone(), total), (want.clone(), want.len()));
        let (page, _) = s.neighbors_page(ix, &ways, None, 1, 2);
        assert_eq!(page, want[1..3.min(want.len())]);
        let (parks, n) = s.neighbors_page(ix, &ways, Some(EntityKind::Park), 0, 100);
        assert!(parks.iter().all(|p| s.kind_of(*p) == EntityKind::Park));
        assert_eq!(n, parks.len());
    }
}
