//! The base of a store: the graph as loaded (or as last compacted), in a
//! `petgraph` graph with compact adjacency arrays and indexes from id,
//! name, kind and text to entities. Immutable; the changes made since are
//! in the store's delta.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher as _;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use super::adjacency::Csr;
use super::search::SearchIndex;
use super::{name_at, normalize, Contribution, IdIndex};
use crate::model::{Entity, EntityKind, Relation, RelationType, Source, SourceRef};

/// The graph as loaded, with its indexes.
///
/// Invariant: node indexes follow id order, so sorting nodes by index sorts
/// them by id.
pub(crate) struct Base {
    pub(crate) graph: DiGraph<Arc<Entity>, Relation>,
    pub(crate) sources: Vec<Source>,
    pub(crate) ids: IdIndex,
    pub(crate) by_name: HashTable<(u32, u32)>,
    pub(crate) by_kind: BTreeMap<EntityKind, Vec<NodeIndex>>,
    pub(crate) contributions: Vec<Contribution>,
    pub(crate) search: SearchIndex,
    pub(crate) out: Csr,
    pub(crate) inc: Csr,
    /// The kind of each entity, by node (read by filters without touching
    /// the entity).
    pub(crate) kinds: Vec<EntityKind>,
    pub(crate) hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("entities", &self.graph.node_count())
            .field("relations", &self.graph.edge_count())
            .field("sources", &self.sources.len())
            .finish()
    }
}

impl Base {
    /// A relation's data. Panics on an edge of another store (edges come
    /// only from this store's own lists).
    pub(crate) fn relation_data(&self, edge: EdgeIndex) -> &Relation {
        &self.graph[edge]
    }

    /// Finds an entity by id.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// let yangpu = store.lookup("region/yangpu").unwrap();
    /// assert_eq!(store.entity(yangpu).name, "Yangpu District");
    /// ```
    pub(crate) fn lookup(&self, id: &str) -> Option<NodeIndex> {
        self.ids.get(id).map(|j| NodeIndex::new(j as usize))
    }

    /// Entities whose name, Chinese name or alias matches `name`, ignoring
    /// case, accents, apostrophes, hyphens and spaces.
    pub(crate) fn by_name(&self, name: &str) -> Vec<NodeIndex> {
        let key = normalize::key(name);
        let mut out: Vec<NodeIndex> = self
            .by_name
            .iter_hash(self.hasher.hash_one(key.as_str()))
            .filter(|&&(d, slot)| {
                normalize::key(name_at(&self.graph[NodeIndex::new(d as usize)], slot)) == key
            })
            .map(|&(d, _)| NodeIndex::new(d as usize))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// All entities of one kind, in id order.
    pub(crate) fn of_kind(&self, kind: EntityKind) -> &[NodeIndex] {
        self.by_kind.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of relations of each type (types with none included).
    pub(crate) fn count_by_relation_type(&self) -> Vec<(RelationType, usize)> {
        let mut counts: HashMap<RelationType, usize> = HashMap::new();
        for e in self.graph.edge_weights() {
            *counts.entry(e.kind).or_default() += 1;
        }
        RelationType::ALL
            .iter()
            .map(|t| (*t, counts.get(t).copied().unwrap_or(0)))
            .collect()
    }

    /// Total number of facts.
    pub(crate) fn fact_count(&self) -> usize {
        self.graph.node_weights().map(|e| e.facts.len()).sum()
    }

    /// The ends and data of a relation: `(from, to, relation)`.
    pub(crate) fn relation(&self, edge: EdgeIndex) -> Option<(NodeIndex, NodeIndex, &Relation)> {
        let (a, b) = self.graph.edge_endpoints(edge)?;
        Some((a, b, &self.graph[edge]))
    }

    /// All sources, in id order of the data files.
    pub(crate) fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// A source by position.
    pub(crate) fn source(&self, r: SourceRef) -> Option<&Source> {
        self.sources.get(r.0 as usize)
    }

    /// A source by id.
    pub(crate) fn source_by_id(&self, id: &str) -> Option<SourceRef> {
        self.sources
            .iter()
            .position(|s| &*s.id == id)
            .map(|i| SourceRef(i as u32))
    }

    /// What a source contributed.
    pub(crate) fn contribution(&self, r: SourceRef) -> Option<&Contribution> {
        self.contributions.get(r.0 as usize)
    }
}
