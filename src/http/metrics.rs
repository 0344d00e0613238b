//! Prometheus metrics, served at `GET /metrics` in the text exposition
//! format: requests by route and status, a latency histogram by route,
//! GraphQL errors by code, and documents refused by the guard by code.

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

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

/// Labels of an error.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: String,
}

/// The server's metrics; cheap to share (each family is reference counted).
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    errors: Family<CodeLabels, Counter>,
    rejected: Family<CodeLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every metric.
    ///
    /// ```
    /// let m = innograph::http::metrics::Metrics::new();
    /// m.request("/graphql", 200, 0.002);
    /// m.rejected("MAX_DEPTH");
    /// let text = m.render();
    /// assert!(text.contains("innograph_http_requests_total{route=\"/graphql\",status=\"200\"} 1"));
    /// assert!(text.contains("innograph_guard_rejections_total{code=\"MAX_DEPTH\"} 1"));
    /// ```
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
        Metrics {
            registry,
            requests,
            latency,
            errors,
            rejected,
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

    /// Counts an error sent to a client.
    pub fn error(&self, code: &str) {
        self.errors
            .get_or_create(&CodeLabels { code: code.into() })
            .inc();
    }

    /// Counts a document the guard refused (also counted as an error).
    pub fn rejected(&self, code: &str) {
        self.rejected
            .get_or_create(&CodeLabels { code: code.into() })
            .inc();
        self.error(code);
    }

    /// The metrics in Prometheus' text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}
