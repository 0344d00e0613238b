//! Graph algorithms: plain functions over a [`crate::store::Store`], one idea
//! per file. Every traversal is bounded (hops, entities visited, result size)
//! and works on the store's compact adjacency arrays, with working memory
//! from `store::scratch`.
//!
//! - [`traversal`]: filters, hops and errors shared by the traversals;
//! - [`path`]: shortest path and k shortest simple paths;
//! - [`neighborhood`]: the subgraph around an entity;
//! - [`centrality`]: degrees and PageRank, top entities by a measure;
//! - [`related`]: entities sharing neighbours (Adamic-Adar);
//! - [`containment`]: which regions enclose what;

pub mod centrality;
pub mod containment;
pub mod neighborhood;
pub mod path;
pub mod related;
pub mod traversal;
