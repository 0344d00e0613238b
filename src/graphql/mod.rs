//! The GraphQL schema over the store: a generic core (`Entity`, `Relation`,
//! `Fact`, `Source`) that any client can walk, typed objects per kind with
//! shortcuts, Relay connections, search and statistics.
//!
//! Object types are borrowed views (a store snapshot plus an index); the
//! schema is built once and shared.

pub mod analytics;
pub mod entity;
pub mod enums;
pub mod error;
pub mod guard;
pub mod pagination;
pub mod query;
pub mod relation;
pub mod source;
pub mod traversal;

use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

use crate::algo::centrality::Centrality;
use crate::store::Store;

/// The executable schema.
pub type InnographSchema = Schema<query::Query, EmptyMutation, EmptySubscription>;

/// Schema settings.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    /// Serve introspection and "did you mean" suggestions (on by default:
    /// the API documents itself).
    pub introspection: bool,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        SchemaOptions {
            introspection: true,
        }
    }
}

/// Builds the schema over a store snapshot.
///
/// ```
/// let store = std::sync::Arc::new(innograph::load::builtin().unwrap());
/// let schema = innograph::graphql::build(store, Default::default());
/// let res = futures_util::FutureExt::now_or_never(schema.execute("{ stats { sources } }"));
/// assert!(res.is_some());
/// ```
pub fn build(store: Arc<Store>, options: SchemaOptions) -> InnographSchema {
    let centrality = Arc::new(Centrality::compute(&store));
    let mut builder = Schema::build(query::Query::default(), EmptyMutation, EmptySubscription)
        .data(store)
        .data(centrality)
        .register_output_type::<entity::Node>();
    if !options.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema in SDL, as checked in at `schema/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(query::Query::default(), EmptyMutation, EmptySubscription)
        .register_output_type::<entity::Node>()
        .finish()
        .sdl()
}
