//! The graph store: an immutable snapshot of the knowledge graph in a
//! `petgraph` graph, with indexes from id, name and text to entities.
//!
//! A [`Store`] is built once (by the loader) and only read afterwards; an
//! edit or reload builds a new snapshot and swaps it in, so readers never lock.
//! It knows nothing of files, GraphQL or HTTP.

pub mod adjacency;
mod ids;
pub mod normalize;
pub mod scratch;
pub mod search;

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher as _;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use adjacency::{Csr, Half, TypeMask};
pub use ids::IdIndex;

use crate::model::{Entity, EntityId, EntityKind, Relation, RelationType, Source, SourceRef};
use search::{Field, IndexBuilder, SearchIndex};

/// Which way to follow relations from an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Relations that start at the entity.
    Outgoing,
    /// Relations that end at the entity.
    Incoming,
    /// Both.
    Both,
}

/// A relation seen from one of its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EdgeView {
    /// The edge in the graph.
    pub edge: EdgeIndex,
    /// The end it was reached from.
    pub this: NodeIndex,
    /// The other end.
    pub other: NodeIndex,
    /// Whether the relation points from `this` to `other`.
    pub outgoing: bool,
}

/// Where a fact lives: the entity and the position in its fact list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FactRef {
    /// The entity the fact is about.
    pub node: NodeIndex,
    /// Its position in the entity's facts.
    pub index: u32,
}

/// What one source contributed to the graph.
#[derive(Debug, Clone, Default)]
pub struct Contribution {
    /// Entities citing the source, in id order.
    pub entities: Vec<NodeIndex>,
    /// Relations citing the source.
    pub relations: Vec<EdgeIndex>,
    /// Facts citing the source.
    pub facts: Vec<FactRef>,
}

/// Why a store could not be built from already-validated parts.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    /// More entities than node numbers (32 bits) can address.
    #[error("{0} entities are more than one graph can hold")]
    TooMany(usize),
    /// Two entities share an id.
    #[error("duplicate entity id `{0}`")]
    DuplicateId(String),
    /// A relation names an entity that does not exist.
    #[error("relation refers to unknown entity `{0}`")]
    UnknownEntity(String),
    /// A record cites a source index out of range.
    #[error("reference to unknown source #{0}")]
    UnknownSource(u32),
    /// Entities handed to [`Store::from_sorted`] are not in id order.
    #[error("entities are not sorted by id (at `{0}`)")]
    Unsorted(String),
    /// A relation's end is not a node of the graph.
    #[error("relation #{0} refers to a node that does not exist")]
    BadEdge(usize),
}

/// The immutable knowledge graph with its indexes.
///
/// Invariant: node indexes follow id order, so sorting nodes by index sorts
/// them by id.
pub struct Store {
    graph: DiGraph<Arc<Entity>, Relation>,
    sources: Vec<Source>,
    ids: IdIndex,
    by_name: HashTable<(u32, u32)>,
    by_kind: BTreeMap<EntityKind, Vec<NodeIndex>>,
    contributions: Vec<Contribution>,
    search: SearchIndex,
    out: Csr,
    inc: Csr,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("entities", &self.graph.node_count())
            .field("relations", &self.graph.edge_count())
            .field("sources", &self.sources.len())
            .finish()
    }
}

fn names(e: &Entity) -> impl Iterator<Item = &String> {
    std::iter::once(&e.name)
        .chain(e.name_zh.iter())
        .chain(e.aliases.iter())
}

/// The entity's name number `slot` (0 the name, then the Chinese name if
/// any, then the aliases).
fn name_at(e: &Entity, slot: u32) -> &str {
    names(e).nth(slot as usize).map_or("", String::as_str)
}

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
        let doc = doc as u32;
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
    index.finish()
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
        Ok(Store {
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
        })
    }

    /// The underlying petgraph graph (for algorithms).
    pub fn graph(&self) -> &DiGraph<Arc<Entity>, Relation> {
        &self.graph
    }

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of relations.
    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The entity at a node.
    pub fn entity(&self, ix: NodeIndex) -> &Entity {
        &self.graph[ix]
    }

    /// Finds an entity by id.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// let yangpu = store.lookup("region/yangpu").unwrap();
    /// assert_eq!(store.entity(yangpu).name, "Yangpu District");
    /// ```
    pub fn lookup(&self, id: &str) -> Option<NodeIndex> {
        self.ids.get(id).map(|j| NodeIndex::new(j as usize))
    }

    /// Entities whose name, Chinese name or alias matches `name`, ignoring
    /// case, accents, apostrophes, hyphens and spaces.
    pub fn by_name(&self, name: &str) -> Vec<NodeIndex> {
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
    pub fn of_kind(&self, kind: EntityKind) -> &[NodeIndex] {
        self.by_kind.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of entities of each kind.
    pub fn count_by_kind(&self) -> Vec<(EntityKind, usize)> {
        EntityKind::ALL
            .iter()
            .map(|k| (*k, self.of_kind(*k).len()))
            .collect()
    }

    /// Number of relations of each type (types with none included).
    pub fn count_by_relation_type(&self) -> Vec<(RelationType, usize)> {
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
    pub fn fact_count(&self) -> usize {
        self.graph.node_weights().map(|e| e.facts.len()).sum()
    }

    /// The ends and data of a relation: `(from, to, relation)`.
    pub fn relation(&self, edge: EdgeIndex) -> Option<(NodeIndex, NodeIndex, &Relation)> {
        let (a, b) = self.graph.edge_endpoints(edge)?;
        Some((a, b, &self.graph[edge]))
    }

    /// The relations at an entity, optionally of some types only, in a stable
    /// order: by type, then by the other end's id, outgoing before incoming.
    pub fn relations(
        &self,
        ix: NodeIndex,
        direction: Direction,
        types: Option<&[RelationType]>,
    ) -> Vec<EdgeView> {
        let node = ix.index() as u32;
        let mask = TypeMask::of_opt(types);
        let view = |h: &Half, outgoing: bool| EdgeView {
            edge: EdgeIndex::new(h.edge as usize),
            this: ix,
            other: NodeIndex::new(h.other as usize),
            outgoing,
        };
        let mut out: Vec<(RelationType, EdgeView)> = Vec::new();
        if matches!(direction, Direction::Outgoing | Direction::Both) {
            out.extend(
                self.out
                    .of(node)
                    .iter()
                    .filter(|h| mask.has(h.kind))
                    .map(|h| (h.kind, view(h, true))),
            );
        }
        if matches!(direction, Direction::Incoming | Direction::Both) {
            out.extend(
                self.inc
                    .of(node)
                    .iter()
                    .filter(|h| mask.has(h.kind))
                    .map(|h| (h.kind, view(h, false))),
            );
        }
        // Node order is id order, so this sorts by type, then the other end's id.
        out.sort_by_key(|(t, v)| (*t, v.other, !v.outgoing, v.edge));
        out.into_iter().map(|(_, v)| v).collect()
    }

    /// The outgoing adjacency arrays (relations keyed by their start).
    pub fn outgoing(&self) -> &Csr {
        &self.out
    }

    /// The incoming adjacency arrays (relations keyed by their end).
    pub fn incoming(&self) -> &Csr {
        &self.inc
    }

    /// How many relations of each type and direction an entity has, in type
    /// order, outgoing first; types with none are left out.
    pub fn relation_counts(&self, ix: NodeIndex) -> Vec<(RelationType, bool, usize)> {
        let node = ix.index() as u32;
        let mut out = Vec::new();
        for (csr, outgoing) in [(&self.out, true), (&self.inc, false)] {
            for chunk in csr.of(node).chunk_by(|a, b| a.kind == b.kind) {
                out.push((chunk[0].kind, outgoing, chunk.len()));
            }
        }
        out.sort_by_key(|(t, o, _)| (*t, !*o));
        out
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
        let count = |csr: &Csr| match types {
            None => csr.degree(node),
            Some(ts) => ts.iter().map(|t| csr.of_type(node, *t).len()).sum(),
        };
        match direction {
            Direction::Outgoing => count(&self.out),
            Direction::Incoming => count(&self.inc),
            Direction::Both => count(&self.out) + count(&self.inc),
        }
    }

    /// The distinct entities joined to `ix` by relations of the given types
    /// and direction, optionally of one kind only, in id order.
    pub fn neighbours(
        &self,
        ix: NodeIndex,
        direction: Direction,
        types: &[RelationType],
        kind: Option<EntityKind>,
    ) -> Vec<NodeIndex> {
        let mut out: Vec<NodeIndex> = self
            .relations(ix, direction, Some(types))
            .into_iter()
            .map(|v| v.other)
            .filter(|o| kind.is_none_or(|k| self.graph[*o].kind() == k))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// All sources, in id order of the data files.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// A source by position.
    pub fn source(&self, r: SourceRef) -> Option<&Source> {
        self.sources.get(r.0 as usize)
    }

    /// A source by id.
    pub fn source_by_id(&self, id: &str) -> Option<SourceRef> {
        self.sources
            .iter()
            .position(|s| &*s.id == id)
            .map(|i| SourceRef(i as u32))
    }

    /// What a source contributed.
    pub fn contribution(&self, r: SourceRef) -> Option<&Contribution> {
        self.contributions.get(r.0 as usize)
    }

    /// Full-text search: the best `limit` hits, best first, and how many
    /// entities match in all; optionally restricted to some kinds.
    /// Entities whose name or alias equals the query (ignoring case, accents
    /// and punctuation) rank above the rest.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// let (hits, total) = store.search("Jingan", None, 10);
    /// assert!(total >= hits.len());
    /// assert_eq!(store.entity(hits[0].0).id.as_str(), "region/jingan");
    /// ```
    pub fn search(
        &self,
        query: &str,
        kinds: Option<&[EntityKind]>,
        limit: usize,
    ) -> (Vec<(NodeIndex, f64)>, usize) {
        let exact: Vec<u32> = self
            .by_name(query)
            .iter()
            .map(|ix| ix.index() as u32)
            .collect();
        // Look at the entity only when there is a kind filter: on a large
        // graph that read is a cache miss per matching document.
        let keep = |doc: u32| {
            kinds.is_none_or(|ks| ks.contains(&self.graph[NodeIndex::new(doc as usize)].kind()))
        };
        let (hits, total) = self.search.search(query, keep, &exact, limit);
        let hits = hits
            .into_iter()
            .map(|h| (NodeIndex::new(h.doc as usize), h.score))
            .collect();
        (hits, total)
    }
}
