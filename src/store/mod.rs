//! The graph store: a snapshot of the knowledge graph, read by everything
//! above it. A [`Store`] is a base (the graph as loaded, immutable: a
//! `petgraph` graph, compact adjacency arrays, indexes from id, name, kind
//! and text) plus a delta (the changes applied since, in copy-on-write
//! pieces). Applying changes ([`Store::apply`]) makes a new snapshot that
//! shares nearly everything with the old one, so readers of the old one
//! never wait and never see half a change. It knows nothing of files,
//! GraphQL or HTTP.

pub mod adjacency;
mod apply;
mod base;
mod build;
pub(crate) mod cow;
mod delta;
mod fresh;
mod ids;
pub mod normalize;
mod order;
pub mod paging;
pub(crate) mod scratch;
pub mod search;
mod sources;
mod text;
mod view;

use std::sync::Arc;

use petgraph::graph::{EdgeIndex, NodeIndex};

pub use apply::ApplyError;
pub use ids::IdIndex;
pub use text::Searched;

use crate::model::Entity;

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

/// A snapshot of the knowledge graph: the base and the changes applied
/// since (see the module documentation). Cheap to clone.
#[derive(Clone)]
pub struct Store {
    base: Arc<base::Base>,
    delta: Arc<delta::Delta>,
    /// How many changes (journal revisions) this snapshot includes; the
    /// base data is revision 0.
    revision: u64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("entities", &self.entity_count())
            .field("relations", &self.relation_count())
            .field("sources", &self.sources().len())
            .field("revision", &self.revision)
            .finish()
    }
}

impl Store {
    fn of_base(base: base::Base) -> Store {
        let delta = delta::Delta::over(
            base.graph.node_count() as u32,
            base.graph.edge_count() as u32,
        );
        Store {
            base: Arc::new(base),
            delta: Arc::new(delta),
            revision: 0,
        }
    }

    /// The revision this snapshot is at (0: the base data as loaded).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The same snapshot, labelled as revision `revision` (after a base is
    /// built for data that already includes the changes up to it).
    pub fn at_revision(mut self, revision: u64) -> Store {
        self.revision = revision;
        self
    }

    /// How many changes the delta holds (compaction folds them into a new
    /// base).
    pub fn pending_changes(&self) -> u64 {
        self.delta.ops
    }
}
