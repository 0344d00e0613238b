//! innograph: a knowledge graph of Shanghai's innovation ecosystem, served as
//! a GraphQL API.
//!
//! Layers, each depending only on those below it:
//!
//! - [`http`]: the actix-web app (GraphQL endpoint, playground, health);
//! - [`graphql`]: the async-graphql schema over the store;
//! - [`export`]: a store → data files the loader reads back;
//! - [`store`]: the immutable petgraph snapshot with its indexes;
//! - [`journal`]: the durable change log and the API keys (SQLite);
//! - [`load`]: data files → validated domain types → store;
//! - [`model`]: the domain types.
//!
//! See `ARCHITECTURE.md` for the map.

// The crate's public API is what its `pub` modules export; everything else
// is `pub(crate)` (the lints table in Cargo.toml holds the rest).
#![warn(unreachable_pub)]

pub mod algo;
pub mod config;
pub mod curation;
pub mod deadline;
pub mod export;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod journal;
pub mod load;
pub mod logs;
pub mod model;
pub mod store;
