//! innograph: a knowledge graph of Shanghai's innovation ecosystem, served as
//! a GraphQL API.
//!
//! Layers, each depending only on those below it:
//!
//! - [`http`]: the actix-web app (GraphQL endpoint, playground, health);
//! - [`graphql`]: the async-graphql schema over the store;
//! - [`store`]: the immutable petgraph snapshot with its indexes;
//! - [`load`]: data files → validated domain types → store;
//! - [`model`]: the domain types.
//!
//! See `ARCHITECTURE.md` for the map.

pub mod algo;
pub mod config;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod load;
pub mod model;
pub mod store;
