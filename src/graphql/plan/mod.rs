//! Compiled plans: the most common reads run without async-graphql's
//! executor.
//!
//! A profile of `entity { relations(first: 20) { edges { node { type
//! other { name } } } } }` under load put about half of the user time in
//! async-graphql's execution machinery, not in the resolvers: a copy of the
//! parsed document per request (its `Request` owns one), a
//! `FuturesUnordered` and an `IndexMap` per selection set, a `Value` tree
//! built and then serialised. graphql-jit, which Mercurius runs, compiles
//! each document to straight-line code for the same reason; no Rust crate
//! does this for async-graphql, so this module does it by hand for a
//! subset of the schema.
//!
//! A [`Plan`] is compiled once per cached document ([`super::documents`])
//! when every field its operation selects is one this module knows: at
//! the root `entity`, `search` and `path` (and `__typename`); the fields of
//! `Entity` that read the entity itself, and `relations` with its
//! connection, edges, page info and relation fields, nested to any depth
//! through `from`, `to` and `other`; search's connection and edges (not
//! `match`); the path's result, hops and nodes (not `sources`). Anything else (fragments, directives, other fields, repeated
//! response keys, mutations) compiles to no plan, and the document runs on
//! async-graphql as before.
//!
//! Running a plan ([`run`]) calls the same functions the resolvers call
//! (`context::resolve`, `EntityRef::relations`, `query::search::search`,
//! `query::paths::shortest`) and writes the JSON body
//! directly. It handles the answers without errors only: wherever a
//! resolver would give an error (an unknown id, a bad cursor, a page size
//! out of range) or an argument does not parse, the plan gives up and the
//! request runs on async-graphql, which answers it with its error and
//! path. A plan is used only for documents that passed async-graphql's
//! full validation once, and after the guard's and the variables' checks,
//! as every request. A property test checks that both give the same bytes
//! (`tests/integration/plans.rs`).

mod compile;
mod run;

pub(crate) use compile::compile;
pub(crate) use run::run;

use async_graphql_value::{ConstValue, Value};

/// A response key: the field's alias, or its name.
type Key = Box<str>;

/// An argument as written: a literal or a variable (or absent).
type Arg = Option<Value>;

/// The compiled form of one query operation.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The root fields, in order.
    root: Vec<(Key, RootField)>,
    /// The operation's variables with a default value.
    defaults: Vec<(async_graphql::Name, ConstValue)>,
    /// How many fields the plan holds (for the document cache's weight).
    fields: usize,
}

impl Plan {
    /// An estimate of the bytes the plan holds, for the document cache's
    /// weight: the nodes and the response keys.
    pub(crate) fn weight(&self) -> u64 {
        (self.fields * (std::mem::size_of::<(Key, EntityField)>() + 16)) as u64
    }
}

#[derive(Debug)]
enum RootField {
    Typename,
    Entity {
        id: Arg,
        set: Vec<(Key, EntityField)>,
    },
    Search(Box<Search>),
    Path(Box<Path>),
}

#[derive(Debug)]
struct Search {
    query: Arg,
    kinds: Arg,
    first: Arg,
    after: Arg,
    set: Vec<(Key, SearchField)>,
}

#[derive(Debug)]
enum SearchField {
    Typename,
    TotalCount,
    TotalCountIsExact,
    PageInfo(Vec<(Key, PageInfoField)>),
    Edges(Vec<(Key, SearchEdgeField)>),
}

#[derive(Debug)]
enum SearchEdgeField {
    Typename,
    Cursor,
    Score,
    Node(Vec<(Key, EntityField)>),
}

#[derive(Debug)]
struct Path {
    from: Arg,
    to: Arg,
    max_hops: Arg,
    relation_types: Arg,
    direction: Arg,
    avoid: Arg,
    set: Vec<(Key, PathResultField)>,
}

#[derive(Debug)]
enum PathResultField {
    Typename,
    Path(Vec<(Key, PathField)>),
    Reason,
    Message,
    Visited,
}

#[derive(Debug)]
enum PathField {
    Typename,
    Length,
    Nodes(Vec<(Key, EntityField)>),
    Hops(Vec<(Key, HopField)>),
    Evidence,
}

#[derive(Debug)]
enum HopField {
    Typename,
    From(Vec<(Key, EntityField)>),
    To(Vec<(Key, EntityField)>),
    Forward,
    Relation(Vec<(Key, RelationField)>),
}

#[derive(Debug)]
enum EntityField {
    Typename,
    Id,
    Kind,
    Subtype,
    Name,
    NameZh,
    Aliases,
    NameIsLabel,
    Description,
    Relations(Box<Relations>),
}

#[derive(Debug)]
struct Relations {
    types: Arg,
    direction: Arg,
    first: Arg,
    after: Arg,
    set: Vec<(Key, ConnectionField)>,
}

#[derive(Debug)]
enum ConnectionField {
    Typename,
    TotalCount,
    Edges(Vec<(Key, EdgeField)>),
    PageInfo(Vec<(Key, PageInfoField)>),
}

#[derive(Debug)]
enum EdgeField {
    Typename,
    Cursor,
    Node(Vec<(Key, RelationField)>),
}

#[derive(Debug)]
enum PageInfoField {
    Typename,
    HasNextPage,
    HasPreviousPage,
    StartCursor,
    EndCursor,
}

#[derive(Debug)]
enum RelationField {
    Typename,
    Type,
    Direction,
    From(Vec<(Key, EntityField)>),
    To(Vec<(Key, EntityField)>),
    Other(Vec<(Key, EntityField)>),
    Role,
    Title,
    Date,
    Amount,
    Unit,
    Note,
    Inferred,
}
