//! Curation: changing the graph. Edits arrive validated against the same
//! rules the loader applies, become store operations and a journal record
//! with their reason, sources and before/after states, are appended to the
//! journal (durable), and are published as the next snapshot, which every
//! reader sees at once. The history of changes is kept beside the
//! snapshot. Knows nothing of GraphQL or HTTP.

pub mod edit;
pub mod history;
mod ids;
pub mod live;
pub mod plan;
pub(crate) mod priority;
pub mod ranker;
pub mod replay;
pub mod start;
mod steps;
pub mod writer;

pub use history::History;
pub use ids::{fact_id, relation_id};
pub use live::{Live, Snapshot};

/// A time in Unix milliseconds as RFC 3339 UTC text
/// (`2026-12-01T19:19:17.123Z`).
///
/// ```
/// assert_eq!(innograph::curation::time_text(0), "1970-01-01T00:00:00Z");
/// ```
pub fn time_text(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| ms.to_string())
}

/// The time now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
