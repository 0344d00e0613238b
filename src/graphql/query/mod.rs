//! The root `Query`, merged from one object per file: entity lookups,
//! search, paths and neighbourhoods, rankings, sources and statistics, and
//! the resolution of federation entities (no fields of its own).

mod entities;
mod history;
pub(crate) mod paths;
mod rankings;
pub(crate) mod search;
mod sources;
mod stats;

use async_graphql::MergedObject;

/// The root of every query.
#[derive(MergedObject, Default)]
pub struct Query(
    entities::EntityQuery,
    search::SearchQuery,
    paths::TraversalQuery,
    rankings::RankingQuery,
    sources::SourceQuery,
    stats::StatsQuery,
    history::HistoryQuery,
    crate::graphql::federation::Entities,
);
