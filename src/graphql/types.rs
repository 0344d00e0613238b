//! The schema's object types as Rust data: borrowed views over a store
//! snapshot (an `Arc<Store>` plus a node, edge, source or fact), the
//! `Entity` and `Node` interfaces, the generic connection and edge types,
//! and the small value objects entities return.
//!
//! Only the types live here; their fields are resolved in one file each
//! (`entity.rs` and `kinds.rs`, `relation.rs`, `source.rs`,
//! `analytics.rs`). Every other module of the schema depends on this one
//! and this one on none of them, so the object graph's cycles (an entity
//! lists relations, a relation names entities) are not import cycles.

use std::sync::Arc;

use async_graphql::{ComplexObject, Interface, OutputType, SimpleObject, ID};
use petgraph::graph::NodeIndex;

use super::enums::{Direction, EntityKind, NameKind, RelationType};
use super::pagination::{page_info, Cursor, PageInfo, Window};
use crate::model::SourceRef;
use crate::store::{EdgeView, FactRef, Store};

/// An entity in a store snapshot.
#[derive(Clone)]
pub(crate) struct EntityRef {
    /// The snapshot the entity belongs to.
    pub store: Arc<Store>,
    /// Its node.
    pub ix: NodeIndex,
}

/// A relation seen from one of its ends.
#[derive(Clone)]
pub(crate) struct RelationObj {
    /// The snapshot.
    pub store: Arc<Store>,
    /// The edge and the end it was reached from.
    pub view: EdgeView,
}

/// A source article.
#[derive(Clone)]
pub(crate) struct SourceObj {
    /// The snapshot.
    pub store: Arc<Store>,
    /// Which source.
    pub r: SourceRef,
}

/// A change to the graph, as the journal recorded it.
#[derive(Clone)]
pub(crate) struct ChangeObj {
    /// The snapshot (to resolve the sources it cites).
    pub store: Arc<Store>,
    /// The record.
    pub change: Arc<crate::journal::Change>,
}

/// A fact about an entity.
#[derive(Clone)]
pub(crate) struct FactObj {
    /// The snapshot.
    pub store: Arc<Store>,
    /// The entity and the position of the fact in its list.
    pub at: FactRef,
}

macro_rules! kind_structs {
    ($($name:ident: $what:literal),* $(,)?) => {
        $(
            #[doc = concat!("An entity of kind ", $what, " (fields in `kinds.rs`).")]
            #[derive(Clone)]
            pub(crate) struct $name(pub(crate) EntityRef);
        )*
    };
}

kind_structs! {
    Institution: "institution",
    Park: "park",
    Company: "company",
    Policy: "policy",
    Region: "region",
    Person: "person",
    Event: "event",
    Project: "project",
}

/// Anything in the knowledge graph. Every entity type implements it, so a
/// client can walk the graph without knowing every kind.
// The interface's field list repeats `ty = ...` by design.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface)]
#[graphql(
    field(
        name = "id",
        ty = "ID",
        desc = "Stable id, `<kind>/<slug>`, e.g. `park/hongqiao-smart-valley`."
    ),
    field(name = "kind", ty = "EntityKind", desc = "What the entity is."),
    field(
        name = "subtype",
        ty = "Option<String>",
        desc = "A finer classification within the kind, e.g. `university`."
    ),
    field(name = "name", ty = "String", desc = "English name."),
    field(
        name = "name_zh",
        ty = "Option<String>",
        desc = "Chinese name, only where well established."
    ),
    field(
        name = "aliases",
        ty = "Vec<String>",
        desc = "Abbreviations and other names."
    ),
    field(
        name = "name_is_label",
        ty = "bool",
        desc = "True when `name` is a descriptive label the curators wrote for something the articles describe but do not name, not an official name (see `names` for the note)."
    ),
    field(
        name = "names",
        ty = "Vec<Name>",
        desc = "Every name (English, Chinese, aliases) with how far the articles support it: label, inferred, note."
    ),
    field(
        name = "attributes",
        ty = "Vec<Attribute>",
        desc = "Every kind-specific attribute (date, sector, address ...) with whether the articles imply rather than state it, and a note."
    ),
    field(
        name = "description",
        ty = "Option<String>",
        desc = "A short description in the curators' words."
    ),
    field(
        name = "sources",
        ty = "Vec<SourceObj>",
        desc = "The articles that mention the entity."
    ),
    field(
        name = "facts",
        ty = "Vec<FactObj>",
        desc = "Figures stated about the entity, with their sources."
    ),
    field(
        name = "relations",
        ty = "RelationConnection",
        desc = "The entity's relations, in a stable order (by type, then the other end's id).",
        arg(
            name = "types",
            ty = "Option<Vec<RelationType>>",
            desc = "Only relations of these types."
        ),
        arg(
            name = "direction",
            ty = "Direction",
            default_with = "Direction::Both",
            desc = "Outgoing, incoming or both."
        ),
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "Page size, 1 to 100 (default 20)."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Return items after this cursor."
        )
    ),
    field(
        name = "centrality",
        ty = "CentralityObj",
        desc = "How central the entity is: degrees and PageRank."
    ),
    field(
        name = "relation_counts",
        ty = "Vec<RelationCount>",
        desc = "How many relations of each type the entity has, per direction (types with none left out).",
        arg(
            name = "direction",
            ty = "Direction",
            default_with = "Direction::Both",
            desc = "Outgoing, incoming or both."
        )
    ),
    field(
        name = "history",
        ty = "ChangeConnection",
        desc = "The changes made to the entity, its facts and its relations through the curation API, newest first (nothing for what came with the base data).",
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "Page size, 1 to 100 (default 20)."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Return items after this cursor."
        )
    ),
    field(
        name = "related",
        ty = "RelatedEntities",
        desc = "Entities that share neighbours with this one (Adamic-Adar), each with the shared neighbours that explain it.",
        arg(name = "first", ty = "i32", default = 10, desc = "How many, 1 to 100."),
        arg(
            name = "kinds",
            ty = "Option<Vec<EntityKind>>",
            desc = "Only entities of these kinds (default: the same kind as this one)."
        )
    )
)]
pub(crate) enum Entity {
    /// An institution.
    Institution(Institution),
    /// A park.
    Park(Park),
    /// A company.
    Company(Company),
    /// A policy.
    Policy(Policy),
    /// A region.
    Region(Region),
    /// A person.
    Person(Person),
    /// An event.
    Event(Event),
    /// A project.
    Project(Project),
}

/// An object with a global id (the Relay `Node` interface): every entity
/// type and `Source`. Entity ids have the form `<kind>/<slug>`, source ids
/// are a slug without `/`, so ids never collide. (Every implementer of
/// `Entity` is a `Node`; `Entity` does not declare `implements Node`
/// because async-graphql 7.2's introspection cannot report the interfaces
/// of an interface, and the SDL and introspection must agree.)
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Globally unique id."))]
pub(crate) enum Node {
    /// A source article.
    Source(SourceObj),
    /// An institution.
    Institution(Institution),
    /// A park.
    Park(Park),
    /// A company.
    Company(Company),
    /// A policy.
    Policy(Policy),
    /// A region.
    Region(Region),
    /// A person.
    Person(Person),
    /// An event.
    Event(Event),
    /// A project.
    Project(Project),
}

/// A page of a list (a Relay connection): its edges, where it sits in the
/// list, and the size of the whole list.
#[derive(SimpleObject)]
#[graphql(
    concrete(name = "EntityConnection", params(EntityEdge)),
    concrete(name = "RelationConnection", params(RelationEdge)),
    concrete(name = "FactConnection", params(FactEdge)),
    concrete(name = "ChangeConnection", params(ChangeEdge))
)]
pub(crate) struct Connection<E: OutputType> {
    /// The items of this page, in list order.
    pub edges: Vec<E>,
    /// Where this page sits in the list.
    pub page_info: PageInfo,
    /// How many items the whole list has (not just this page).
    pub total_count: usize,
}

/// One item of a page, with its cursor.
#[derive(SimpleObject)]
#[graphql(
    complex,
    concrete(name = "EntityEdge", params(Entity)),
    concrete(name = "RelationEdge", params(RelationObj)),
    concrete(name = "FactEdge", params(FactObj)),
    concrete(name = "ChangeEdge", params(ChangeObj))
)]
pub(crate) struct Edge<T: OutputType> {
    /// The item's position, encoded only when its cursor is asked for:
    /// most pages are read without (encoding is two allocations an item).
    #[graphql(skip)]
    pub at: Cursor,
    /// The item.
    pub node: T,
}

#[ComplexObject]
impl<T: OutputType> Edge<T> {
    /// Opaque position of the item; pass it as `after` to continue from here.
    async fn cursor(&self) -> String {
        self.at.encode()
    }
}

impl<T: OutputType> Connection<Edge<T>>
where
    Edge<T>: OutputType,
{
    /// The page of a window, from the window's items in order.
    pub(crate) fn page(w: Window, items: impl IntoIterator<Item = T>) -> Connection<Edge<T>> {
        Connection {
            edges: items
                .into_iter()
                .enumerate()
                .map(|(i, node)| Edge {
                    at: Cursor(w.start + i),
                    node,
                })
                .collect(),
            page_info: page_info(w),
            total_count: w.total,
        }
    }
}

/// An entity of a page.
pub(crate) type EntityEdge = Edge<Entity>;
/// A relation of a page.
pub(crate) type RelationEdge = Edge<RelationObj>;
/// A fact of a page.
pub(crate) type FactEdge = Edge<FactObj>;
/// A change of a page.
pub(crate) type ChangeEdge = Edge<ChangeObj>;
/// A page of changes.
pub(crate) type ChangeConnection = Connection<Edge<ChangeObj>>;
/// A page of entities.
pub(crate) type EntityConnection = Connection<Edge<Entity>>;
/// A page of relations.
pub(crate) type RelationConnection = Connection<Edge<RelationObj>>;
/// A page of facts.
pub(crate) type FactConnection = Connection<Edge<FactObj>>;

/// How central an entity is in the graph. Values computed for their
/// entity, with no identity of their own: normalising clients keep them
/// inside the entity's cache entry (Apollo Client merges a type without
/// an id into its parent; Relay stores it under the entity's record).
#[derive(SimpleObject)]
#[graphql(name = "Centrality")]
pub(crate) struct CentralityObj {
    /// Relations ending at the entity.
    pub in_degree: usize,
    /// Relations starting at the entity.
    pub out_degree: usize,
    /// All relations at the entity.
    pub degree: usize,
    /// PageRank (all entities' scores sum to 1), computed at load and
    /// again in the background once changes pause for half a second (at
    /// least every 30 seconds while they never pause).
    pub page_rank: f64,
    /// The revision the PageRank reflects (it may trail the snapshot's:
    /// degrees are always current).
    pub revision: u64,
}

/// How many relations of one type and direction an entity has.
#[derive(SimpleObject)]
pub(crate) struct RelationCount {
    /// The relation type.
    #[graphql(name = "type")]
    pub relation_type: RelationType,
    /// OUTGOING for relations starting at the entity, INCOMING for those ending there.
    pub direction: Direction,
    /// How many.
    pub count: usize,
}

/// An entity that shares neighbours with another.
#[derive(SimpleObject)]
pub(crate) struct RelatedEntity {
    /// The related entity.
    pub entity: Entity,
    /// Adamic-Adar score: over shared neighbours, the sum of 1 / ln(their
    /// number of relations), so rarer shared neighbours count for more.
    pub score: f64,
    /// How many neighbours the two share.
    pub shared_count: usize,
    /// Up to five shared neighbours that explain the score, most telling first.
    pub shared: Vec<Entity>,
}

/// Entities related to one entity, best first.
#[derive(SimpleObject)]
pub(crate) struct RelatedEntities {
    /// The matches, highest score first (ties by id).
    pub items: Vec<RelatedEntity>,
    /// True when the entity's neighbours have so many relations that scoring
    /// stopped early; the items come from the most telling neighbours.
    pub partial: bool,
}

/// A position a person holds: heading an organisation (LEADS) or an office
/// in a body or for a place (HOLDS_OFFICE).
#[derive(SimpleObject)]
pub(crate) struct Role {
    /// The title, e.g. "CEO" or "Deputy Secretary", when the source gives it.
    pub title: Option<String>,
    /// The organisation led, or the body or place the office is in.
    pub organization: Entity,
    /// The relation behind the role (LEADS or HOLDS_OFFICE), with its sources.
    pub relation: RelationObj,
}

/// One of an entity's names, with how far the articles support it.
#[derive(SimpleObject)]
pub(crate) struct Name {
    /// The name.
    pub value: String,
    /// Which name it is: the English name, the Chinese name or an alias.
    pub kind: NameKind,
    /// True when this is a descriptive label the curators wrote for
    /// something the article describes but does not name (e.g. "Yangpu's
    /// digital ecosystem plan"), not an official name.
    pub label: bool,
    /// True when the article implies the name rather than stating it.
    pub inferred: bool,
    /// Why, or what the article calls it instead, in the curators' words.
    pub note: Option<String>,
}

/// A kind-specific attribute of an entity, with how far the articles
/// support it.
#[derive(SimpleObject)]
pub(crate) struct Attribute {
    /// The attribute: `address`, `founded`, `closed`, `date`, `sector`,
    /// `theme` or `status`.
    pub key: String,
    /// Its value; dates are `YYYY[-MM[-DD]]` or `START..END`.
    pub value: String,
    /// True when the article implies the value rather than stating it
    /// (e.g. a month inferred from another event's date).
    pub inferred: bool,
    /// Why, or what the article says exactly, in the curators' words.
    pub note: Option<String>,
}
