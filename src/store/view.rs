//! The store's read API: the base as seen through the delta. Each read
//! takes the base's answer and corrects it for what the delta changed
//! (replaced or new entities and relations, retracted ones left out); with
//! an empty delta every read is the base's own.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::adjacency::{Half, TypeMask};
use super::delta::EdgeData;
use super::{Direction, EdgeView, Store};

use crate::model::{Entity, EntityKind, Relation, RelationType};

/// The live halves of one entity's relations in one direction: the base's
/// (those not retracted) then the delta's, each part sorted by type, other
/// end and edge.
#[derive(Clone)]
pub struct Halves<'a> {
    base: std::slice::Iter<'a, Half>,
    extra: std::slice::Iter<'a, Half>,
    store: &'a Store,
}

impl<'a> Iterator for Halves<'a> {
    type Item = &'a Half;

    #[inline]
    fn next(&mut self) -> Option<&'a Half> {
        for h in self.base.by_ref() {
            if !self.store.delta.dead_edges.has(h.edge as usize) {
                return Some(h);
            }
        }
        self.extra
            .by_ref()
            .find(|&h| !self.store.delta.dead_edges.has(h.edge as usize))
    }
}

impl Store {
    pub(super) fn base_nodes(&self) -> usize {
        self.base.graph.node_count()
    }

    fn base_edges(&self) -> usize {
        self.base.graph.edge_count()
    }

    /// Node numbers in use (live or retracted): the size of per-node
    /// scratch arrays.
    pub fn node_bound(&self) -> usize {
        self.delta.nodes as usize
    }

    /// Whether an entity exists in this snapshot (not retracted).
    #[inline]
    pub fn is_live(&self, ix: NodeIndex) -> bool {
        ix.index() < self.delta.nodes as usize && !self.delta.dead_nodes.has(ix.index())
    }

    /// Whether a relation exists in this snapshot (not retracted).
    #[inline]
    pub fn edge_is_live(&self, edge: EdgeIndex) -> bool {
        edge.index() < self.delta.edges as usize && !self.delta.dead_edges.has(edge.index())
    }

    /// Whether no change touches relations or adds entities since the
    /// base: the base's adjacency arrays ([`Store::outgoing`],
    /// [`Store::incoming`]) then cover every node and are the whole truth,
    /// and traversals may read them directly.
    #[inline]
    pub fn relations_pristine(&self) -> bool {
        self.delta.relations_pristine() && self.delta.nodes as usize == self.base_nodes()
    }

    /// The entity at a node (its latest data, also for a retracted one).
    #[inline]
    pub fn entity(&self, ix: NodeIndex) -> &Entity {
        let i = ix.index();
        if i < self.base_nodes() && !self.delta.changed.has(i) {
            return &self.base.graph[ix];
        }
        match self.delta.entities.get(&(i as u32)) {
            Some(e) => e,
            None => &self.base.graph[ix],
        }
    }

    /// Reads the id and name of each entity of `ixs` once, all in one
    /// pass, so that their cache misses overlap. The hits of a search are
    /// scattered over the graph; written one after another, each entity's
    /// misses (its node, then its strings) were taken in turn: on the
    /// 100k graph `Writer::entity` and the JSON string escaping were 11%
    /// of a search request's server CPU, most of it waiting on those
    /// loads. With this pass, search with rotating words there (one
    /// worker, five runs in turn) went from a median of 49.4 to 43.7 us
    /// of server CPU per request.
    pub fn warm(&self, ixs: impl IntoIterator<Item = NodeIndex>) {
        let mut seen = 0u8;
        for ix in ixs {
            let e = self.entity(ix);
            for s in [e.id.as_str(), e.name.as_str()] {
                seen ^= s.as_bytes().first().copied().unwrap_or(0);
            }
        }
        std::hint::black_box(seen);
    }

    /// [`warm`](Self::warm) for a page of relations: each relation's data
    /// and its other end, in one pass. On the 100k graph an entity with
    /// 20 relations and the name at each other end (random ids, one
    /// worker) spent a fifth of its server CPU in `Writer::entity`,
    /// `Writer::relation` and string escaping, waiting on those loads.
    pub fn warm_relations(&self, views: &[EdgeView]) {
        let mut seen = 0u8;
        for v in views {
            seen ^= self.relation_data(v.edge).kind as u8;
        }
        std::hint::black_box(seen);
        self.warm(views.iter().map(|v| v.other));
    }

    /// The kind of an entity (a byte per base entity, no read of it).
    #[inline]
    pub fn kind_of(&self, ix: NodeIndex) -> EntityKind {
        let i = ix.index();
        if i < self.base_nodes() {
            // An entity's kind never changes (its id says it).
            self.base.kinds[i]
        } else {
            self.entity(ix).kind()
        }
    }

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        (self.base_nodes() as i64 + self.delta.counts.entities) as usize
    }

    /// Number of relations.
    pub fn relation_count(&self) -> usize {
        (self.base_edges() as i64 + self.delta.counts.relations) as usize
    }

    /// Total number of facts.
    pub fn fact_count(&self) -> usize {
        (self.base.fact_count() as i64 + self.delta.counts.facts) as usize
    }

    /// Every entity, in node order (id order for the base's; created ones
    /// after them, in creation order).
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        (0..self.delta.nodes as usize)
            .map(NodeIndex::new)
            .filter(move |ix| self.is_live(*ix))
    }

    /// Every relation, in the order they were loaded or added.
    pub fn edges(&self) -> impl Iterator<Item = EdgeIndex> + '_ {
        (0..self.delta.edges as usize)
            .map(EdgeIndex::new)
            .filter(move |e| self.edge_is_live(*e))
    }

    fn edge_data(&self, edge: EdgeIndex) -> Option<&EdgeData> {
        let i = edge.index();
        if i < self.base_edges() && !self.delta.changed_edges.has(i) {
            return None;
        }
        self.delta.edge_data.get(&(i as u32)).map(|a| &**a)
    }

    /// A relation's data. Panics on an edge of another store (edges come
    /// only from this store's own lists).
    pub fn relation_data(&self, edge: EdgeIndex) -> &Relation {
        match self.edge_data(edge) {
            Some(d) => &d.relation,
            None => self.base.relation_data(edge),
        }
    }

    /// The ends and data of a relation: `(from, to, relation)`; `None` for
    /// a retracted one.
    pub fn relation(&self, edge: EdgeIndex) -> Option<(NodeIndex, NodeIndex, &Relation)> {
        if !self.edge_is_live(edge) {
            return None;
        }
        match self.edge_data(edge) {
            Some(d) => Some((
                NodeIndex::new(d.from as usize),
                NodeIndex::new(d.to as usize),
                &d.relation,
            )),
            None => self.base.relation(edge),
        }
    }

    /// Finds an entity by id.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// let yangpu = store.lookup("region/yangpu").unwrap();
    /// assert_eq!(store.entity(yangpu).name, "Yangpu District");
    /// ```
    pub fn lookup(&self, id: &str) -> Option<NodeIndex> {
        self.slot_of(id).filter(|ix| self.is_live(*ix))
    }

    /// The node an id has or had (a retracted entity keeps its node).
    pub(crate) fn slot_of(&self, id: &str) -> Option<NodeIndex> {
        if let Some(n) = self.delta.ids.get(id) {
            return Some(NodeIndex::new(*n as usize));
        }
        self.base.lookup(id)
    }

    /// The entities of one kind, in node order.
    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = NodeIndex> + '_ {
        let fresh = self.delta.new_by_kind[kind as usize].iter();
        self.base
            .of_kind(kind)
            .iter()
            .copied()
            .chain(fresh.map(|n| NodeIndex::new(*n as usize)))
            .filter(move |ix| self.is_live(*ix))
    }

    /// How many entities of a kind.
    pub fn count_of_kind(&self, kind: EntityKind) -> usize {
        (self.base.of_kind(kind).len() as i64 + self.delta.counts.by_kind[kind as usize]) as usize
    }

    /// Number of entities of each kind.
    pub fn count_by_kind(&self) -> Vec<(EntityKind, usize)> {
        EntityKind::ALL
            .iter()
            .map(|k| (*k, self.count_of_kind(*k)))
            .collect()
    }

    /// Number of relations of each type (types with none included).
    pub fn count_by_relation_type(&self) -> Vec<(RelationType, usize)> {
        self.base
            .count_by_relation_type()
            .into_iter()
            .map(|(t, n)| {
                (
                    t,
                    (n as i64 + self.delta.counts.by_type[t as usize]) as usize,
                )
            })
            .collect()
    }

    /// The live relations of `node` in one direction.
    pub fn halves(&self, node: u32, outgoing: bool) -> Halves<'_> {
        let (csr, extra) = if outgoing {
            (&self.base.out, &self.delta.out)
        } else {
            (&self.base.inc, &self.delta.inc)
        };
        let base: &[Half] = if (node as usize) < self.base_nodes() {
            csr.of(node)
        } else {
            &[]
        };
        let extra: &[Half] = extra.get(&node).map(|v| v.as_slice()).unwrap_or(&[]);
        Halves {
            base: base.iter(),
            extra: extra.iter(),
            store: self,
        }
    }

    /// The base's sorted relations of `node` in one direction and the
    /// delta's, as two runs; with whether retracted edges must be skipped.
    pub(crate) fn runs_of(&self, node: u32, outgoing: bool) -> [&[Half]; 2] {
        let (csr, extra) = if outgoing {
            (&self.base.out, &self.delta.out)
        } else {
            (&self.base.inc, &self.delta.inc)
        };
        let base: &[Half] = if (node as usize) < self.base_nodes() {
            csr.of(node)
        } else {
            &[]
        };
        [base, extra.get(&node).map(|v| v.as_slice()).unwrap_or(&[])]
    }

    /// How many live relations `node` has in one direction.
    #[inline]
    pub fn degree(&self, node: u32, outgoing: bool) -> usize {
        let pristine = (node as usize) < self.base_nodes()
            && !self.delta.touched.has(node as usize)
            && (if outgoing {
                &self.delta.out
            } else {
                &self.delta.inc
            })
            .get(&node)
            .is_none();
        if pristine {
            let csr = if outgoing {
                &self.base.out
            } else {
                &self.base.inc
            };
            csr.degree(node)
        } else {
            self.halves(node, outgoing).count()
        }
    }

    /// Whether half `h` is a live relation.
    #[inline]
    pub(crate) fn half_live(&self, h: &Half) -> bool {
        !self.delta.dead_edges.has(h.edge as usize)
    }

    /// The relations at an entity, optionally of some types only, in a stable
    /// order: by type, then by the other end, outgoing before incoming.
    pub fn relations(
        &self,
        ix: NodeIndex,
        direction: Direction,
        types: Option<&[RelationType]>,
    ) -> Vec<EdgeView> {
        self.relations_page(ix, direction, types, 0, usize::MAX)
    }

    /// The outgoing adjacency arrays of the base (the whole truth only
    /// while [`Store::relations_pristine`]).
    pub fn outgoing(&self) -> &super::adjacency::Csr {
        &self.base.out
    }

    /// The incoming adjacency arrays of the base (see [`Store::outgoing`]).
    pub fn incoming(&self) -> &super::adjacency::Csr {
        &self.base.inc
    }

    /// How many relations of each type and direction an entity has, in type
    /// order, outgoing first; types with none are left out.
    pub fn relation_counts(&self, ix: NodeIndex) -> Vec<(RelationType, bool, usize)> {
        let node = ix.index() as u32;
        let mut counts: Vec<(RelationType, bool, usize)> = Vec::new();
        for outgoing in [true, false] {
            for h in self.halves(node, outgoing) {
                match counts
                    .iter_mut()
                    .find(|(t, o, _)| *t == h.kind && *o == outgoing)
                {
                    Some(c) => c.2 += 1,
                    None => counts.push((h.kind, outgoing, 1)),
                }
            }
        }
        counts.sort_by_key(|(t, o, _)| (*t, !*o));
        counts
    }

    /// How many relations an entity has in a direction, of the given types
    /// (all when `None`).
    pub fn count_relations(
        &self,
        ix: NodeIndex,
        direction: Direction,
        types: Option<&[RelationType]>,
    ) -> usize {
        let node = ix.index() as u32;
        let simple = !self.delta.touched.has(node as usize)
            && self.delta.out.get(&node).is_none()
            && self.delta.inc.get(&node).is_none()
            && (node as usize) < self.base_nodes();
        if simple {
            let count = |csr: &super::adjacency::Csr| match types {
                None => csr.degree(node),
                Some(ts) => ts.iter().map(|t| csr.of_type(node, *t).len()).sum(),
            };
            return match direction {
                Direction::Outgoing => count(&self.base.out),
                Direction::Incoming => count(&self.base.inc),
                Direction::Both => count(&self.base.out) + count(&self.base.inc),
            };
        }
        let mask = TypeMask::of_opt(types);
        let mut n = 0;
        for outgoing in [true, false] {
            let wanted = match direction {
                Direction::Both => true,
                Direction::Outgoing => outgoing,
                Direction::Incoming => !outgoing,
            };
            if wanted {
                n += self
                    .halves(node, outgoing)
                    .filter(|h| mask.has(h.kind))
                    .count();
            }
        }
        n
    }

    /// The edge of the live relation `from -kind-> to`, if there is one.
    pub fn find_relation(
        &self,
        from: NodeIndex,
        kind: RelationType,
        to: NodeIndex,
    ) -> Option<EdgeIndex> {
        let node = from.index() as u32;
        let [base, extra] = self.runs_of(node, true);
        let start = base.partition_point(|h| (h.kind, h.other) < (kind, to.index() as u32));
        base[start..]
            .iter()
            .take_while(|h| h.kind == kind && h.other == to.index() as u32)
            .chain(
                extra
                    .iter()
                    .filter(|h| h.kind == kind && h.other == to.index() as u32),
            )
            .find(|h| self.half_live(h))
            .map(|h| EdgeIndex::new(h.edge as usize))
    }
}
