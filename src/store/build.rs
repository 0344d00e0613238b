//! Building a [`Store`]: the graph, both adjacency arrays and the indexes
//! (names, kinds, sources' contributions, search), with the text indexes
//! built on a second thread while the graph is built on the first.

use std::collections::BTreeMap;
use std::hash::BuildHasher as _;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use super::adjacency::Csr;
use super::base::Base;
use super::search::{Field, IndexBuilder, SearchIndex};
use super::{name_at, names, normalize, Contribution, FactRef, IdIndex, Store, StoreError};
use crate::model::{Entity, EntityId, EntityKind, Relation, Source, SourceRef};

/// What indexing the entities' text produces.
struct NamesPart {
    by_name: HashTable<(u32, u32)>,
    by_kind: BTreeMap<EntityKind, Vec<NodeIndex>>,
    contributions: Vec<Contribution>,
}

/// Builds the adjacency arrays and lists each source's relations.
fn adjacency_of(
    graph: &DiGraph<Arc<Entity>, Relation>,
    sources: usize,
) -> (Csr, Csr, Vec<Vec<EdgeIndex>>) {
    let n = graph.node_count();
    let triples = graph.raw_edges().iter().map(|e| {
        (
            e.source().index() as u32,
            e.target().index() as u32,
            e.weight.kind,
        )
    });
    let out = Csr::build(n, triples.clone());
    let inc = Csr::build(n, triples.map(|(a, b, t)| (b, a, t)));
    let mut by_source = vec![Vec::new(); sources];
    for edge in graph.edge_indices() {
        for s in &graph[edge].sources {
            if let Some(list) = by_source.get_mut(s.0 as usize) {
                list.push(edge);
            }
        }
    }
    (out, inc, by_source)
}

/// Indexes names (exact lookup) and kinds, and lists what each source says
/// about entities and facts.
fn index_names(entities: &[Arc<Entity>], hasher: &DefaultHashBuilder, sources: usize) -> NamesPart {
    let name_count: usize = entities.iter().map(|e| names(e).count()).sum();
    let mut by_name: HashTable<(u32, u32)> = HashTable::with_capacity(name_count);
    let mut by_kind: BTreeMap<EntityKind, Vec<NodeIndex>> = BTreeMap::new();
    let mut contributions: Vec<Contribution> = vec![Contribution::default(); sources];
    let mut seen: Vec<String> = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        let ix = NodeIndex::new(i);
        by_kind.entry(e.kind()).or_default().push(ix);
        let doc = ix.index() as u32;
        seen.clear();
        for (slot, name) in names(e).enumerate() {
            let key = normalize::key(name);
            if seen.contains(&key) {
                continue;
            }
            by_name.insert_unique(
                hasher.hash_one(key.as_str()),
                (doc, slot as u32),
                |&(d, sl)| {
                    let e = &entities[d as usize];
                    hasher.hash_one(normalize::key(name_at(e, sl)).as_str())
                },
            );
            seen.push(key);
        }
        // Source references were checked against the source list.
        for s in &e.sources {
            if let Some(c) = contributions.get_mut(s.0 as usize) {
                c.entities.push(ix);
            }
        }
        for (i, fact) in e.facts.iter().enumerate() {
            for s in &fact.sources {
                if let Some(c) = contributions.get_mut(s.0 as usize) {
                    c.facts.push(FactRef {
                        node: ix,
                        index: i as u32,
                    });
                }
            }
        }
    }
    NamesPart {
        by_name,
        by_kind,
        contributions,
    }
}

/// Indexes the entities' text for search.
fn index_text(entities: &[Arc<Entity>]) -> SearchIndex {
    let mut index = IndexBuilder::default();
    for (doc, e) in entities.iter().enumerate() {
        index_entity(&mut index, doc as u32, e);
    }
    index.finish()
}

/// Adds an entity's searchable text to an index as document `doc`.
pub(crate) fn index_entity(index: &mut IndexBuilder, doc: u32, e: &Entity) {
    index.add(doc, Field::Name, &e.name);
    if let Some(zh) = &e.name_zh {
        index.add(doc, Field::Name, zh);
    }
    for alias in &e.aliases {
        index.add(doc, Field::Alias, alias);
    }
    if let Some(d) = &e.description {
        index.add(doc, Field::Description, d);
    }
}

impl Store {
    /// Builds a store from entities in any order and relations naming their
    /// ends by id. Entities are kept in id order, which is also the order of
    /// every entity list the store returns.
    pub fn new(
        sources: Vec<Source>,
        entities: Vec<Entity>,
        relations: Vec<(EntityId, EntityId, Relation)>,
    ) -> Result<Store, StoreError> {
        let mut entities: Vec<Arc<Entity>> = entities.into_iter().map(Arc::new).collect();
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        let ids = IdIndex::new(&entities)?;
        let mut edges = Vec::with_capacity(relations.len());
        for (from, to, relation) in relations {
            let a = ids
                .get(from.as_str())
                .ok_or_else(|| StoreError::UnknownEntity(from.to_string()))?;
            let b = ids
                .get(to.as_str())
                .ok_or_else(|| StoreError::UnknownEntity(to.to_string()))?;
            edges.push((a, b, relation));
        }
        Store::from_sorted(sources, entities, ids, edges)
    }

    /// Builds a store from entities already sorted by id (with their
    /// [`IdIndex`]) and relations whose ends are positions in that order.
    /// This is the fast path for large data sets.
    pub fn from_sorted(
        sources: Vec<Source>,
        entities: Vec<Arc<Entity>>,
        ids: IdIndex,
        edges: impl IntoIterator<Item = (u32, u32, Relation)>,
    ) -> Result<Store, StoreError> {
        if ids.len() != entities.len() {
            return Err(StoreError::Unsorted("(index does not match)".into()));
        }
        let t0 = std::time::Instant::now();
        let n = entities.len();
        let source_ok = |r: &SourceRef| (r.0 as usize) < sources.len();
        for entity in &entities {
            if let Some(bad) = entity
                .sources
                .iter()
                .chain(entity.facts.iter().flat_map(|f| f.sources.iter()))
                .find(|r| !source_ok(r))
            {
                return Err(StoreError::UnknownSource(bad.0));
            }
        }
        // The text indexes read the entities while the graph and its
        // adjacency arrays are built on the other thread (entities are
        // shared, not copied).
        let nodes = entities.clone();
        let (built, (search, names_part)) = std::thread::scope(|scope| {
            let text = scope.spawn(|| {
                let search = index_text(&entities);
                tracing::debug!(elapsed = ?t0.elapsed(), "store build: text");
                let names = index_names(&entities, ids.hasher(), sources.len());
                tracing::debug!(elapsed = ?t0.elapsed(), "store build: names");
                (search, names)
            });
            let built = (|| {
                let edges = edges.into_iter();
                let mut graph = DiGraph::with_capacity(n, edges.size_hint().0);
                for entity in nodes {
                    graph.add_node(entity);
                }
                for (i, (a, b, relation)) in edges.enumerate() {
                    if let Some(bad) = relation.sources.iter().find(|r| !source_ok(r)) {
                        return Err(StoreError::UnknownSource(bad.0));
                    }
                    if a as usize >= n || b as usize >= n {
                        return Err(StoreError::BadEdge(i));
                    }
                    graph.add_edge(
                        NodeIndex::new(a as usize),
                        NodeIndex::new(b as usize),
                        relation,
                    );
                }
                tracing::debug!(elapsed = ?t0.elapsed(), "store build: graph");
                let (out, inc, refs) = adjacency_of(&graph, sources.len());
                tracing::debug!(elapsed = ?t0.elapsed(), "store build: adjacency");
                Ok((graph, out, inc, refs))
            })();
            let text = text.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (built, text)
        });
        drop(entities);
        let (graph, out, inc, relation_refs) = built?;
        let NamesPart {
            by_name,
            by_kind,
            mut contributions,
        } = names_part;
        for (c, relations) in contributions.iter_mut().zip(relation_refs) {
            c.relations = relations;
        }
        let hasher = *ids.hasher();
        let kinds = graph.node_weights().map(|e| e.kind()).collect();
        Ok(Store::of_base(Base {
            kinds,
            graph,
            sources,
            ids,
            by_name,
            by_kind,
            contributions,
            search,
            out,
            inc,
            hasher,
        }))
    }
}
