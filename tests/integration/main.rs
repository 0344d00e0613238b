//! Every integration test, in one binary: one link of the library and its
//! dependencies instead of one per file (25 test binaries took 1.35 GB of
//! the CI machine's disk and most of the link time). Each module is what
//! was a file of its own; `cargo test --test integration MODULE::` runs one.

mod common;

mod abuse;
mod algo_props;
mod architecture;
mod bulk;
mod cli;
mod conflicts;
mod crash;
mod curation;
mod dependencies;
mod documents;
mod examples;
mod explorer_browser;
mod export;
mod export_formats;
mod facts;
mod federation;
mod guard_props;
mod http;
mod keys_cli;
mod loader;
mod loader_props;
mod plans;
mod readme;
mod replicas;
mod schema_sdl;
mod search;
mod spec;
mod store_props;
mod traversal;
mod websocket;
