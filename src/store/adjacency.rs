//! Compact adjacency arrays (CSR) over the graph's relations, one for each
//! direction, built once with the store.
//!
//! petgraph keeps edges in linked lists, which is flexible but slow to walk on
//! a graph of millions of relations. Traversals (paths, neighbourhoods,
//! centrality) read these arrays instead: every entity's relations are one
//! contiguous slice, sorted by relation type, then the other end (which is id
//! order), then edge, so a type's relations are a sub-slice found by binary
//! search.

use crate::model::RelationType;

/// One relation seen from one end: the other end, the edge and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Half {
    /// The other end's node index.
    pub other: u32,
    /// The edge index (also the relation's index in the graph).
    pub edge: u32,
    /// The relation's type.
    pub kind: RelationType,
}

/// Adjacency lists for one direction in compressed sparse row form.
///
/// ```
/// use innograph::model::RelationType;
/// use innograph::store::adjacency::Csr;
/// // 0 -> 1 (located_in), 0 -> 2 (near), 2 -> 1 (located_in)
/// let edges = [(0, 1, RelationType::LocatedIn), (0, 2, RelationType::Near), (2, 1, RelationType::LocatedIn)];
/// let out = Csr::build(3, edges.iter().copied());
/// assert_eq!(out.of(0).len(), 2);
/// assert_eq!(out.of_type(0, RelationType::Near)[0].other, 2);
/// assert!(out.of(1).is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Csr {
    offsets: Vec<u32>,
    halves: Vec<Half>,
    /// `halves[i].other` again, packed: the hot loops of breadth-first
    /// search read four bytes per relation instead of twelve.
    others: Vec<u32>,
}

impl Csr {
    /// Builds the lists of `nodes` nodes from `(from, to, type)` triples; the
    /// i-th triple is edge `i`. Lists are keyed by `from`.
    pub fn build(
        nodes: usize,
        edges: impl Iterator<Item = (u32, u32, RelationType)> + Clone,
    ) -> Csr {
        let mut offsets = vec![0u32; nodes + 1];
        for (from, _, _) in edges.clone() {
            offsets[from as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let total = offsets[nodes] as usize;
        let mut fill: Vec<u32> = offsets[..nodes].to_vec();
        let placeholder = Half {
            other: 0,
            edge: 0,
            kind: RelationType::LocatedIn,
        };
        let mut halves = vec![placeholder; total];
        for (edge, (from, to, kind)) in edges.enumerate() {
            let slot = &mut fill[from as usize];
            halves[*slot as usize] = Half {
                other: to,
                edge: edge as u32,
                kind,
            };
            *slot += 1;
        }
        for n in 0..nodes {
            let (a, b) = (offsets[n] as usize, offsets[n + 1] as usize);
            halves[a..b].sort_unstable_by_key(|h| (h.kind, h.other, h.edge));
        }
        let others = halves.iter().map(|h| h.other).collect();
        Csr {
            offsets,
            halves,
            others,
        }
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// All relations of `node` in this direction.
    #[inline]
    pub fn of(&self, node: u32) -> &[Half] {
        let n = node as usize;
        &self.halves[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }

    /// The other ends of `node`'s relations, in the order of [`Csr::of`].
    #[inline]
    pub fn others(&self, node: u32) -> &[u32] {
        let n = node as usize;
        &self.others[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }

    /// The relations of `node` of one type.
    pub fn of_type(&self, node: u32, kind: RelationType) -> &[Half] {
        let all = self.of(node);
        let start = all.partition_point(|h| h.kind < kind);
        let end = start + all[start..].partition_point(|h| h.kind == kind);
        &all[start..end]
    }

    /// Number of relations of `node` in this direction.
    #[inline]
    pub fn degree(&self, node: u32) -> usize {
        let n = node as usize;
        (self.offsets[n + 1] - self.offsets[n]) as usize
    }

    /// Bytes held by the arrays.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4
            + self.halves.capacity() * std::mem::size_of::<Half>()
            + self.others.capacity() * 4
    }
}

/// A set of relation types as a bit mask, for fast filtering in traversals.
///
/// ```
/// use innograph::model::RelationType;
/// use innograph::store::adjacency::TypeMask;
/// let m = TypeMask::of(&[RelationType::LocatedIn]);
/// assert!(m.has(RelationType::LocatedIn));
/// assert!(!m.has(RelationType::Near));
/// assert!(TypeMask::ALL.has(RelationType::Near));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeMask(u64);

impl TypeMask {
    /// Every relation type.
    pub const ALL: TypeMask = TypeMask(u64::MAX);

    /// Exactly the given types.
    pub fn of(types: &[RelationType]) -> TypeMask {
        TypeMask(types.iter().fold(0, |m, t| m | (1u64 << *t as u32)))
    }

    /// The given types, or all when `None`.
    pub fn of_opt(types: Option<&[RelationType]>) -> TypeMask {
        types.map_or(TypeMask::ALL, TypeMask::of)
    }

    /// Whether `t` is in the set.
    #[inline]
    pub fn has(self, t: RelationType) -> bool {
        self.0 & (1u64 << t as u32) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_complete() {
        use RelationType::*;
        let edges = [
            (1, 0, Near),
            (1, 2, LocatedIn),
            (1, 0, LocatedIn),
            (0, 2, Hosts),
        ];
        let csr = Csr::build(3, edges.iter().copied());
        assert_eq!(csr.nodes(), 3);
        let kinds: Vec<_> = csr
            .of(1)
            .iter()
            .map(|h| (h.kind, h.other, h.edge))
            .collect();
        assert_eq!(
            kinds,
            vec![(LocatedIn, 0, 2), (LocatedIn, 2, 1), (Near, 0, 0)]
        );
        assert_eq!(csr.of_type(1, LocatedIn).len(), 2);
        assert_eq!(csr.of_type(1, Hosts).len(), 0);
        assert_eq!(csr.degree(0), 1);
        assert_eq!(csr.degree(2), 0);
        assert_eq!(csr.others(1), &[0, 2, 0]);
    }

    #[test]
    fn type_mask_covers_every_type() {
        assert!(RelationType::ALL.len() <= 64);
        for t in RelationType::ALL {
            assert!(TypeMask::of(&[*t]).has(*t));
        }
    }
}
