//! The graph store: an immutable snapshot of the knowledge graph in a
//! `petgraph` graph, with indexes from id, name and text to entities.
//!
//! A [`Store`] is built once (by the loader) and only read afterwards; an
//! edit or reload builds a new snapshot and swaps it in, so readers never lock.
//! It knows nothing of files, GraphQL or HTTP.

pub mod normalize;
pub mod search;

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef as _;
use petgraph::Direction as PgDirection;

use crate::model::{Entity, EntityId, EntityKind, Relation, RelationType, Source, SourceRef};
use search::{Field, Hit, IndexBuilder, SearchIndex};

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
    /// Two entities share an id.
    #[error("duplicate entity id `{0}`")]
    DuplicateId(String),
    /// A relation names an entity that does not exist.
    #[error("relation refers to unknown entity `{0}`")]
    UnknownEntity(String),
    /// A record cites a source index out of range.
    #[error("reference to unknown source #{0}")]
    UnknownSource(u32),
}

/// The immutable knowledge graph with its indexes.
pub struct Store {
    graph: DiGraph<Entity, Relation>,
    sources: Vec<Source>,
    by_id: HashMap<Box<str>, NodeIndex>,
    by_name: HashMap<String, Vec<NodeIndex>>,
    by_kind: BTreeMap<EntityKind, Vec<NodeIndex>>,
    contributions: Vec<Contribution>,
    search: SearchIndex,
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

impl Store {
    /// Builds a store. Entities are kept in id order, which is also the order
    /// of every entity list the store returns.
    pub fn new(
        sources: Vec<Source>,
        mut entities: Vec<Entity>,
        relations: Vec<(EntityId, EntityId, Relation)>,
    ) -> Result<Store, StoreError> {
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        let mut graph = DiGraph::with_capacity(entities.len(), relations.len());
        let mut by_id = HashMap::with_capacity(entities.len());
        let source_ok = |r: &SourceRef| (r.0 as usize) < sources.len();
        for entity in entities {
            if let Some(bad) = entity
                .sources
                .iter()
                .chain(entity.facts.iter().flat_map(|f| f.sources.iter()))
                .find(|r| !source_ok(r))
            {
                return Err(StoreError::UnknownSource(bad.0));
            }
            let key: Box<str> = entity.id.as_str().into();
            let ix = graph.add_node(entity);
            if by_id.insert(key.clone(), ix).is_some() {
                return Err(StoreError::DuplicateId(key.into()));
            }
        }
        for (from, to, relation) in relations {
            if let Some(bad) = relation.sources.iter().find(|r| !source_ok(r)) {
                return Err(StoreError::UnknownSource(bad.0));
            }
            let a = *by_id
                .get(from.as_str())
                .ok_or_else(|| StoreError::UnknownEntity(from.to_string()))?;
            let b = *by_id
                .get(to.as_str())
                .ok_or_else(|| StoreError::UnknownEntity(to.to_string()))?;
            graph.add_edge(a, b, relation);
        }

        let mut by_name: HashMap<String, Vec<NodeIndex>> = HashMap::new();
        let mut by_kind: BTreeMap<EntityKind, Vec<NodeIndex>> = BTreeMap::new();
        let mut contributions = vec![Contribution::default(); sources.len()];
        let mut index = IndexBuilder::default();
        for ix in graph.node_indices() {
            let e = &graph[ix];
            by_kind.entry(e.kind()).or_default().push(ix);
            let names = std::iter::once(&e.name)
                .chain(e.name_zh.iter())
                .chain(e.aliases.iter());
            for name in names {
                let list = by_name.entry(normalize::key(name)).or_default();
                if list.last() != Some(&ix) {
                    list.push(ix);
                }
            }
            let doc = ix.index() as u32;
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
            for s in &e.sources {
                contributions[s.0 as usize].entities.push(ix);
            }
            for (i, fact) in e.facts.iter().enumerate() {
                for s in &fact.sources {
                    contributions[s.0 as usize].facts.push(FactRef {
                        node: ix,
                        index: i as u32,
                    });
                }
            }
        }
        for edge in graph.edge_indices() {
            for s in &graph[edge].sources {
                contributions[s.0 as usize].relations.push(edge);
            }
        }
        Ok(Store {
            graph,
            sources,
            by_id,
            by_name,
            by_kind,
            contributions,
            search: index.finish(),
        })
    }

    /// The underlying petgraph graph (for algorithms).
    pub fn graph(&self) -> &DiGraph<Entity, Relation> {
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
        self.by_id.get(id).copied()
    }

    /// Entities whose name, Chinese name or alias matches `name`, ignoring
    /// case, accents, apostrophes, hyphens and spaces.
    pub fn by_name(&self, name: &str) -> &[NodeIndex] {
        self.by_name
            .get(&normalize::key(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
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
        let mut out = Vec::new();
        let wanted = |t: RelationType| types.is_none_or(|ts| ts.contains(&t));
        if matches!(direction, Direction::Outgoing | Direction::Both) {
            for e in self.graph.edges_directed(ix, PgDirection::Outgoing) {
                if wanted(e.weight().kind) {
                    out.push(EdgeView {
                        edge: e.id(),
                        this: ix,
                        other: e.target(),
                        outgoing: true,
                    });
                }
            }
        }
        if matches!(direction, Direction::Incoming | Direction::Both) {
            for e in self.graph.edges_directed(ix, PgDirection::Incoming) {
                if wanted(e.weight().kind) {
                    out.push(EdgeView {
                        edge: e.id(),
                        this: ix,
                        other: e.source(),
                        outgoing: false,
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            let ta = self.graph[a.edge].kind;
            let tb = self.graph[b.edge].kind;
            ta.cmp(&tb)
                .then_with(|| self.graph[a.other].id.cmp(&self.graph[b.other].id))
                .then(b.outgoing.cmp(&a.outgoing))
                .then(a.edge.cmp(&b.edge))
        });
        out
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
        out.sort_by(|a, b| self.graph[*a].id.cmp(&self.graph[*b].id));
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

    /// Full-text search, best first, optionally restricted to some kinds.
    /// Entities whose name or alias equals the query (ignoring case, accents
    /// and punctuation) rank above the rest.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// let hits = store.search("Jingan", None);
    /// assert_eq!(store.entity(hits[0].0).id.as_str(), "region/jingan");
    /// ```
    pub fn search(&self, query: &str, kinds: Option<&[EntityKind]>) -> Vec<(NodeIndex, f64)> {
        let exact: Vec<u32> = self
            .by_name(query)
            .iter()
            .map(|ix| ix.index() as u32)
            .collect();
        let keep = |doc: u32| {
            let kind = self.graph[NodeIndex::new(doc as usize)].kind();
            kinds.is_none_or(|ks| ks.contains(&kind))
        };
        let hits: Vec<Hit> = self.search.search(query, keep, &exact);
        hits.into_iter()
            .map(|h| (NodeIndex::new(h.doc as usize), h.score))
            .collect()
    }
}
