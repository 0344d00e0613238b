//! The bounded cache of parsed and checked documents.
//!
//! Clients send the same few query texts over and over, with different
//! variables (Apollo Client and Relay do). Parsing one with async-graphql's
//! pest parser was a third of the CPU of a small request, and full
//! validation another twentieth, so the executor keeps, per document text
//! and operation name:
//!
//! - the parsed document (each request executes a copy of it);
//! - the guard's text scan, and whether its walk of the document depended
//!   on variable values (a `first: $n`): if not, its verdict holds for
//!   every request; if so, the walk runs again on each request, with that
//!   request's variables;
//! - its operation compiled to a plan (`graphql::plan`), when the plans
//!   cover every field it selects;
//! - whether async-graphql's full validation has passed for it. Only
//!   documents that passed are run by a schema in its fast validation
//!   mode, which skips the rules that depend only on the document. The
//!   rules that depend on variable values are covered by the request's own
//!   check of its variables (`graphql::variables`), which runs on every
//!   request.
//!
//! Only documents that pass the scan, parse and the guard are kept, so a
//! refused document costs its full check every time. Answers are never
//! cached: every request executes against the store.
//!
//! The cache is bounded by weight, an estimate of the bytes an entry holds
//! ([`weight`], from a measured size per token): 32 MiB by default
//! (`--document-cache-bytes`), some 3,000 documents of 40 tokens. Eviction is quick_cache's
//! CLOCK-Pro, which a scan of one-off documents does not flush.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use async_graphql::parser::types::ExecutableDocument;
use quick_cache::{sync::Cache, Equivalent, Weighter};

use super::guard::Cost;
use super::plan::Plan;

/// One cached document and what is known about it.
#[derive(Debug)]
pub struct Checked {
    /// The parsed document.
    pub doc: ExecutableDocument,
    /// What the guard's text scan counted.
    pub scanned: Cost,
    /// The guard's walk read no variable value: its verdict holds for any.
    pub fixed_cost: bool,
    /// The text asks for `__schema` (its answer is completed against the
    /// SDL's descriptions).
    pub introspects: bool,
    /// The operation compiled to a plan, when the plans cover it
    /// (`graphql::plan`).
    pub(crate) plan: Option<Plan>,
    /// async-graphql's full validation passed for this text and operation.
    validated: AtomicBool,
    weight: u64,
}

impl Checked {
    /// A document that passed the guard, for the operation
    /// `operation_name` (its plan compiled if the plans cover it).
    pub fn new(
        query: &str,
        operation_name: Option<&str>,
        doc: ExecutableDocument,
        scanned: Cost,
        fixed_cost: bool,
    ) -> Checked {
        let plan = super::plan::compile(&doc, operation_name);
        Checked {
            weight: weight(query, scanned.tokens) + plan.as_ref().map_or(0, Plan::weight),
            plan,
            doc,
            scanned,
            fixed_cost,
            introspects: query.contains("__schema"),
            validated: AtomicBool::new(false),
        }
    }

    /// Whether full validation has passed for it.
    pub fn validated(&self) -> bool {
        self.validated.load(Ordering::Relaxed)
    }

    /// Records that full validation passed (a store only the first time:
    /// every request of a cached text calls this, possibly from several
    /// workers, and a read keeps the cache line shared).
    pub fn set_validated(&self) {
        if !self.validated() {
            self.validated.store(true, Ordering::Relaxed);
        }
    }
}

/// The weight of a cached text with `tokens` lexical tokens (as the
/// guard's scan counts them): an estimate of the bytes its entry holds.
/// Parsed documents measured at 118 to 213 bytes per token (the example
/// operations of `schema/examples` and the peers' benchmark queries,
/// counted with a counting allocator), so 256 bytes per token, plus the
/// text (the key) and 512 bytes for the entry, bound it.
///
/// ```
/// assert_eq!(innograph::graphql::documents::weight("{ a }", 3), 512 + 5 + 3 * 256);
/// ```
pub fn weight(query: &str, tokens: usize) -> u64 {
    512 + query.len() as u64 + 256 * tokens as u64
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    query: Box<str>,
    operation: Option<Box<str>>,
}

/// A key to look up without allocating one: hashes as [`Key`] does (a
/// `Box<str>` hashes as its `str`).
#[derive(Hash)]
struct KeyRef<'a> {
    query: &'a str,
    operation: Option<&'a str>,
}

impl Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        *self.query == *key.query && self.operation == key.operation.as_deref()
    }
}

#[derive(Clone)]
struct ByWeight;

impl Weighter<Key, Arc<Checked>> for ByWeight {
    fn weight(&self, key: &Key, value: &Arc<Checked>) -> u64 {
        value.weight + key.operation.as_ref().map_or(0, |o| o.len() as u64)
    }
}

/// How the cache is doing, for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Lookups that found their document.
    pub hits: u64,
    /// Lookups that did not.
    pub misses: u64,
    /// Documents held.
    pub entries: u64,
    /// Their weight (estimated bytes).
    pub weight: u64,
    /// The bound on the weight.
    pub capacity: u64,
    /// Requests answered by their document's plan (`graphql::plan`).
    pub planned: u64,
}

/// The cache (see the module documentation). A capacity of 0 turns it off.
pub struct Documents {
    cache: Option<Cache<Key, Arc<Checked>, ByWeight>>,
    capacity: u64,
    hits: AtomicU64,
    misses: AtomicU64,
    planned: AtomicU64,
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documents")
            .field("stats", &self.stats())
            .finish()
    }
}

impl Documents {
    /// A cache holding up to `capacity` bytes (estimated, see [`weight`]).
    ///
    /// ```
    /// use innograph::graphql::documents::Documents;
    /// let docs = Documents::new(1 << 20);
    /// assert!(docs.get("{ a }", None).is_none());
    /// assert_eq!(docs.stats().misses, 1);
    /// ```
    pub fn new(capacity: u64) -> Documents {
        let cache = (capacity > 0).then(|| {
            // About one entry per 2 KiB of capacity (a typical text is
            // 100-1,000 bytes).
            let items = (capacity / 2048).clamp(16, 1 << 20) as usize;
            Cache::with_weighter(items, capacity, ByWeight)
        });
        Documents {
            cache,
            capacity,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            planned: AtomicU64::new(0),
        }
    }

    /// The entry of a text and operation name, if held.
    pub fn get(&self, query: &str, operation: Option<&str>) -> Option<Arc<Checked>> {
        let found = self
            .cache
            .as_ref()
            .and_then(|c| c.get(&KeyRef { query, operation }));
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps an entry (a document heavier than the whole capacity is not
    /// kept).
    pub fn insert(&self, query: &str, operation: Option<&str>, checked: Arc<Checked>) {
        if let Some(cache) = &self.cache {
            let key = Key {
                query: query.into(),
                operation: operation.map(Into::into),
            };
            cache.insert(key, checked);
        }
    }

    /// Hits, misses, entries and weight.
    pub fn stats(&self) -> Stats {
        Stats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.cache.as_ref().map_or(0, |c| c.len() as u64),
            weight: self.cache.as_ref().map_or(0, |c| c.weight()),
            capacity: self.capacity,
            planned: self.planned.load(Ordering::Relaxed),
        }
    }

    /// Counts a request answered by its document's plan.
    pub(crate) fn count_planned(&self) {
        self.planned.fetch_add(1, Ordering::Relaxed);
    }
}

/// The first `__schema` or `__type` the operation selects at its root.
pub(crate) fn introspection_field(
    doc: &ExecutableDocument,
    op: &async_graphql::parser::types::OperationDefinition,
) -> Option<&'static str> {
    use async_graphql::parser::types::Selection;
    fn walk(
        doc: &ExecutableDocument,
        set: &async_graphql::parser::types::SelectionSet,
        depth: usize,
    ) -> Option<&'static str> {
        if depth > 32 {
            return None;
        }
        for item in &set.items {
            let found = match &item.node {
                Selection::Field(f) => match f.node.name.node.as_str() {
                    "__schema" => Some("__schema"),
                    "__type" => Some("__type"),
                    _ => None,
                },
                Selection::InlineFragment(i) => walk(doc, &i.node.selection_set.node, depth + 1),
                Selection::FragmentSpread(s) => doc
                    .fragments
                    .get(&s.node.fragment_name.node)
                    .and_then(|d| walk(doc, &d.node.selection_set.node, depth + 1)),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
    walk(doc, &op.selection_set.node, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(q: &str) -> Arc<Checked> {
        let doc = async_graphql::parser::parse_query(q).expect("parses");
        Arc::new(Checked::new(q, None, doc, Cost::default(), true))
    }

    #[test]
    fn keyed_on_text_and_operation_name() {
        let docs = Documents::new(1 << 20);
        let q = "query A { a } query B { b }";
        docs.insert(q, Some("A"), checked(q));
        assert!(docs.get(q, Some("A")).is_some());
        assert!(docs.get(q, Some("B")).is_none());
        assert!(docs.get(q, None).is_none());
        assert!(docs.get("query A { a }", Some("A")).is_none());
        let s = docs.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 3, 1));
        assert_eq!(s.weight, weight(q, 0) + 1);
    }

    #[test]
    fn bounded_by_weight() {
        let docs = Documents::new(64 * 1024);
        for i in 0..2_000 {
            let q = format!("{{ f{i} }}");
            docs.insert(&q, None, checked(&q));
        }
        let s = docs.stats();
        assert!(s.weight <= 64 * 1024, "{s:?}");
        assert!(s.entries < 2_000 && s.entries > 10, "{s:?}");
    }

    #[test]
    fn zero_capacity_keeps_nothing() {
        let docs = Documents::new(0);
        docs.insert("{ a }", None, checked("{ a }"));
        assert!(docs.get("{ a }", None).is_none());
        assert_eq!(docs.stats().entries, 0);
    }

    #[test]
    fn validation_is_remembered() {
        let c = checked("{ a }");
        assert!(!c.validated());
        c.set_validated();
        assert!(c.validated());
    }
}
