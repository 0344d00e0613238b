//! Graph algorithms: plain functions over a [`crate::store::Store`], one idea
//! per file. Each is bounded by the size of the graph and visits a node at
//! most once.

pub mod containment;
