//! The GraphQL schema over the store: a generic core (`Entity`, `Relation`,
//! `Fact`, `Source`) that any client can walk, typed objects per kind with
//! shortcuts, Relay connections, search and statistics.
//!
//! Object types are borrowed views (a store snapshot plus an index) defined
//! in `types` and resolved in one file each; the root fields are in
//! `query`, one file per area. [`execute`] runs a request through the
//! guard, the executor and the completion of its response.

pub mod access;
pub(crate) mod analytics;
pub(crate) mod change;
pub mod code;
pub(crate) mod complete;
pub(crate) mod context;
pub mod documents;
pub(crate) mod entity;
pub(crate) mod enums;
pub(crate) mod error;
pub mod execute;
pub mod federation;
pub mod guard;
pub(crate) mod kinds;
pub mod lane;
pub mod limits;
pub mod mutation;
pub(crate) mod outcome;
pub(crate) mod pagination;
pub(crate) mod plan;
pub(crate) mod query;
pub(crate) mod relation;
pub mod settings;
pub(crate) mod shape;
pub(crate) mod source;
pub(crate) mod subscription;
pub(crate) mod types;
pub(crate) mod variables;

use async_graphql::Schema;

/// The schema's own description, answered by `__schema { description }`.
pub const DESCRIPTION: &str = "innograph: a knowledge graph of Shanghai's innovation ecosystem (institutions, parks and incubators, companies, policies, districts, people, events and projects), every entity, relation and figure with the article it comes from.";

/// The executable schema.
pub type InnographSchema = Schema<query::Query, mutation::Mutation, subscription::Subscription>;

/// Schema settings.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    /// Serve introspection and "did you mean" suggestions (on by default:
    /// the API documents itself).
    pub introspection: bool,
    /// Serve as an Apollo Federation v2 subgraph: `_service`, `_entities`
    /// and every entity type keyed by `id` (see [`federation`]; off by
    /// default, and then the schema is the one checked in).
    pub federation: bool,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        SchemaOptions {
            introspection: true,
            federation: false,
        }
    }
}

pub use mutation::Mutation;
pub use query::Query;
pub use subscription::Subscription;

/// The schema's types with nothing attached: what [`build`] and [`sdl`]
/// start from, and what an embedder starts from to add extensions.
pub fn builder(
) -> async_graphql::SchemaBuilder<query::Query, mutation::Mutation, subscription::Subscription> {
    Schema::build(
        query::Query::default(),
        mutation::Mutation,
        subscription::Subscription,
    )
    .register_output_type::<types::Node>()
}

/// Builds the schema. Each request reads one snapshot, given as its data
/// (an `Arc<Snapshot>`; the executor does this).
///
/// ```
/// use std::sync::Arc;
/// use innograph::curation::Snapshot;
/// let store = Arc::new(innograph::load::builtin().unwrap());
/// let schema = innograph::graphql::build(Default::default());
/// let req = async_graphql::Request::new("{ stats { sources } }").data(Arc::new(Snapshot::of(store)));
/// let res = futures_util::FutureExt::now_or_never(schema.execute(req)).expect("nothing to wait for");
/// assert_eq!(res.data.into_json().unwrap(), serde_json::json!({ "stats": { "sources": 5 } }));
/// ```
pub fn build(options: SchemaOptions) -> InnographSchema {
    build_in(options, async_graphql::ValidationMode::Strict)
}

/// The same schema in async-graphql's fast validation mode, which skips
/// the rules that depend only on the document: the executor runs with it
/// only documents that already passed full validation (see
/// [`documents`]).
pub fn build_fast(options: SchemaOptions) -> InnographSchema {
    build_in(options, async_graphql::ValidationMode::Fast)
}

fn build_in(options: SchemaOptions, mode: async_graphql::ValidationMode) -> InnographSchema {
    let mut builder = builder().validation_mode(mode);
    if !options.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    if options.federation {
        builder = builder
            .enable_federation()
            .register_output_type::<federation::EntityKeys>();
    }
    builder.finish()
}

/// The schema in SDL, as checked in at `schema/schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}

/// The subgraph SDL of the federation schema, as `_service { sdl }`
/// answers it (`innograph schema --federation`): the types with their
/// `@key`s, under `extend schema @link(url:
/// "https://specs.apollo.dev/federation/v2.5", import: [...])`.
///
/// ```
/// let sdl = innograph::graphql::federation_sdl();
/// assert!(sdl.contains("https://specs.apollo.dev/federation/v2"));
/// assert!(sdl.contains("type Company implements Entity & Node @key(fields: \"id\")"));
/// assert!(!innograph::graphql::sdl().contains("@key"));
/// ```
pub fn federation_sdl() -> String {
    let options = SchemaOptions {
        federation: true,
        ..SchemaOptions::default()
    };
    build(options).sdl_with_options(
        async_graphql::SDLExportOptions::new()
            .federation()
            .compose_directive(),
    )
}
