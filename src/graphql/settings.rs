//! How requests are run: the limits on documents, the time limit,
//! introspection and the bound of the document cache.

use std::time::Duration;

use super::guard::Limits;

/// How a request may be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Limits on documents.
    pub limits: Limits,
    /// Time limit for executing one request.
    pub timeout: Duration,
    /// Whether `__schema` and `__type` may be asked for.
    pub introspection: bool,
    /// The bound of the cache of parsed and checked documents, in
    /// estimated bytes (0 turns it off; see [`super::documents`]).
    pub document_cache_bytes: u64,
    /// Whether queries with a compiled plan run by it (`graphql::plan`;
    /// off: every request runs on async-graphql, for comparison).
    pub plans: bool,
}

/// The default bound of the document cache: 32 MiB.
pub const DOCUMENT_CACHE_BYTES: u64 = 32 << 20;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            limits: Limits::default(),
            timeout: Duration::from_secs(10),
            introspection: true,
            document_cache_bytes: DOCUMENT_CACHE_BYTES,
            plans: true,
        }
    }
}
