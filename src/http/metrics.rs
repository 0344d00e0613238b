//! Prometheus metrics, served at `GET /metrics` in the OpenMetrics text
//! format: requests by route and status, a latency histogram by route and
//! one of GraphQL requests by the kind of operation they ran,
//! GraphQL errors by code, documents refused by the guard by code, and the
//! document cache's hits, misses, entries and weight.

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Mutex;

use crate::graphql::code::ErrorCode;
use crate::graphql::documents::Stats;
use crate::graphql::execute::OperationKind;

/// The content type of [`Metrics::render`]'s output.
pub(crate) const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Labels of a request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: &'static str,
    status: u16,
}

/// Labels of a latency observation.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
}

/// Labels of a GraphQL request's latency.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: &'static str,
}

/// Labels of an error (codes come from the fixed table in
/// [`crate::graphql::code`], never from request input).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: &'static str,
}

/// Labels of a document cache lookup.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LookupLabels {
    result: &'static str,
}

/// `x` to three significant digits, so that bucket bounds read as
/// `0.000141`, not `0.0001414213562373095`.
fn round3(x: f64) -> f64 {
    format!("{x:.2e}").parse().unwrap_or(x)
}

/// The server's metrics; cheap to share (each family is reference counted).
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    operations: Family<OperationLabels, Histogram>,
    errors: Family<CodeLabels, Counter>,
    rejected: Family<CodeLabels, Counter>,
    /// The document cache's lookups, brought up to its own counts when
    /// rendered.
    lookups: Family<LookupLabels, Counter>,
    planned: Counter,
    /// Its entries, bytes and bound, set when rendered.
    documents: [Gauge; 3],
    /// One render at a time brings the lookup counters up to date.
    rendering: Mutex<()>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("innograph");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 0.1 ms to about 13 s.
            Histogram::new(exponential_buckets(0.0001, 2.0, 18))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time from request to response, by route",
            latency.clone(),
        );
        let operations = Family::<OperationLabels, Histogram>::new_with_constructor(|| {
            // 0.1 ms to about 10 s, finer than by route (each bucket about
            // 1.41 times the last), so that a p99 of reads can be told from
            // one of writes within a factor of 1.41.
            Histogram::new(exponential_buckets(0.0001, std::f64::consts::SQRT_2, 34).map(round3))
        });
        registry.register(
            "graphql_operation_duration_seconds",
            "Time from request to response of GraphQL requests over HTTP, by the kind of operation they ran (query, mutation, subscription, batch; none: refused before it ran)",
            operations.clone(),
        );
        let errors = Family::<CodeLabels, Counter>::default();
        registry.register(
            "graphql_errors",
            "Errors returned to clients, by extensions.code",
            errors.clone(),
        );
        let rejected = Family::<CodeLabels, Counter>::default();
        registry.register(
            "guard_rejections",
            "GraphQL documents refused before execution, by code",
            rejected.clone(),
        );
        let lookups = Family::<LookupLabels, Counter>::default();
        registry.register(
            "document_cache_lookups",
            "Requests whose document was (hit) or was not (miss) in the cache of parsed and checked documents",
            lookups.clone(),
        );
        let planned = Counter::default();
        registry.register(
            "plan_answers",
            "Queries answered by their document's compiled plan instead of async-graphql's executor",
            planned.clone(),
        );
        let documents: [Gauge; 3] = Default::default();
        for (gauge, (name, help)) in documents.iter().zip([
            ("document_cache_entries", "Documents in the cache"),
            (
                "document_cache_bytes",
                "Estimated bytes the cached documents hold",
            ),
            (
                "document_cache_capacity_bytes",
                "The cache's bound, in estimated bytes",
            ),
        ]) {
            registry.register(name, help, gauge.clone());
        }
        Metrics {
            registry,
            requests,
            latency,
            operations,
            errors,
            rejected,
            lookups,
            planned,
            documents,
            rendering: Mutex::new(()),
        }
    }

    /// Counts an answered request and its latency.
    pub fn request(&self, route: &'static str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels { route, status })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route })
            .observe(seconds);
    }

    /// Records the latency of a GraphQL request by the kind of operation
    /// it ran.
    pub fn operation(&self, kind: OperationKind, seconds: f64) {
        self.operations
            .get_or_create(&OperationLabels {
                operation: kind.as_str(),
            })
            .observe(seconds);
    }

    /// Counts an error sent to a client (and, for the guard's codes, a
    /// refused document).
    pub fn error(&self, code: ErrorCode) {
        let labels = CodeLabels {
            code: code.as_str(),
        };
        self.errors.get_or_create(&labels).inc();
        if code.is_guard() {
            self.rejected.get_or_create(&labels).inc();
        }
    }

    /// The metrics in the OpenMetrics text format (see [`CONTENT_TYPE`]),
    /// with the document cache's figures as of now.
    pub fn render(&self, documents: Stats) -> String {
        {
            // A poisoned lock only means another render panicked.
            let _one = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
            for (result, count) in [("hit", documents.hits), ("miss", documents.misses)] {
                let counter = self.lookups.get_or_create(&LookupLabels { result });
                counter.inc_by(count.saturating_sub(counter.get()));
            }
            self.planned
                .inc_by(documents.planned.saturating_sub(self.planned.get()));
        }
        let figures = [documents.entries, documents.weight, documents.capacity];
        for (gauge, value) in self.documents.iter().zip(figures) {
            gauge.set(i64::try_from(value).unwrap_or(i64::MAX));
        }
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_requests_errors_and_refusals() {
        let m = Metrics::new();
        m.request("/graphql", 200, 0.002);
        m.error(ErrorCode::MaxDepth);
        m.error(ErrorCode::NotFound);
        m.operation(OperationKind::Mutation, 0.0003);
        let text = m.render(Stats::default());
        let bucket = "innograph_graphql_operation_duration_seconds_bucket{le=\"0.0004\",operation=\"mutation\"} 1";
        assert!(text.contains(bucket), "{text}");
        assert!(text.contains("innograph_http_requests_total{route=\"/graphql\",status=\"200\"} 1"));
        assert!(text.contains("innograph_guard_rejections_total{code=\"MAX_DEPTH\"} 1"));
        assert!(text.contains("innograph_graphql_errors_total{code=\"NOT_FOUND\"} 1"));
        assert!(!text.contains("innograph_guard_rejections_total{code=\"NOT_FOUND\"}"));
        assert!(text.trim_end().ends_with("# EOF"));
    }
}
