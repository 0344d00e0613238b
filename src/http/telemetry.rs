//! Per-request telemetry: a request id (the client's `X-Request-Id` when it
//! is a short token, else a new one), echoed in the response; a tracing
//! span carrying it, so every log line of the request names it; one log
//! line per answered request (its error codes as a list; target
//! [`crate::logs::ACCESS`], off unless `--access-log`); and the request
//! metrics, by route and, for GraphQL requests, by the kind of operation
//! they ran ([`Ran`]). While the server drains before stopping, every
//! response asks the client to close the connection.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error};
use tracing::Instrument as _;

use super::error::ErrorCodes;
use super::AppState;
use crate::graphql::execute::OperationKind;

/// The kind of operation a GraphQL response answered, attached to the
/// response's extensions by the GraphQL handlers for the metrics.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ran(pub OperationKind);

/// The header that carries the request id.
pub(crate) const REQUEST_ID: &str = "x-request-id";

/// A process-unique id: a per-process prefix and a counter.
fn new_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    static PREFIX: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        use std::hash::BuildHasher as _;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        std::collections::hash_map::RandomState::new().hash_one((nanos, std::process::id())) as u32
    });
    format!("{prefix:08x}-{:06}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A client-supplied id is kept if it is 1-64 characters of letters,
/// digits, `-`, `_` or `.` (anything else could forge log lines).
fn client_id(value: &HeaderValue) -> Option<String> {
    let v = value.to_str().ok()?;
    let ok = (1..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| v.to_owned())
}

/// The route label for metrics: the known routes, else `other` (so that
/// random paths cannot grow the metrics without bound).
fn route_of(path: &str) -> &'static str {
    match path {
        "/graphql" => "/graphql",
        "/" => "/",
        "/explore" => "/explore",
        "/health" => "/health",
        "/ready" => "/ready",
        "/metrics" => "/metrics",
        "/admin/digest" => "/admin/digest",
        "/schema.graphql" => "/schema.graphql",
        "/examples.json" => "/examples.json",
        p if p.starts_with("/assets/") => "/assets",
        _ => "other",
    }
}

/// The middleware (see the module documentation).
pub(crate) async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(client_id)
        .unwrap_or_else(new_id);
    let route = route_of(req.path());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.path()
    );
    let mut res = next.call(req).instrument(span.clone()).await?;
    if state
        .as_ref()
        .is_some_and(|s| !s.accepting.load(Ordering::Relaxed))
    {
        // Draining: keep-alive clients move to another server.
        res.response_mut()
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    let status = res.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID), v);
    }
    let codes = res
        .response()
        .extensions()
        .get::<ErrorCodes>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    let ran = res.response().extensions().get::<Ran>().map(|r| r.0);
    let errors = serde_json::to_string(&codes.iter().map(|c| c.as_str()).collect::<Vec<_>>())
        .unwrap_or_default();
    span.in_scope(|| {
        tracing::info!(
            target: crate::logs::ACCESS,
            status,
            elapsed_ms = seconds * 1000.0,
            errors = errors.as_str(),
            "answered"
        )
    });
    if let Some(state) = state {
        state.metrics.request(route, status, seconds);
        if let Some(kind) = ran {
            state.metrics.operation(kind, seconds);
        }
        for code in codes {
            state.metrics.error(code);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_client_ids_are_vetted() {
        assert_ne!(new_id(), new_id());
        let ok = HeaderValue::from_static("abc-123_x.y");
        assert_eq!(client_id(&ok).as_deref(), Some("abc-123_x.y"));
        let bad = HeaderValue::from_static("a b");
        assert_eq!(client_id(&bad), None);
        let long = HeaderValue::from_str(&"a".repeat(65)).expect("ascii");
        assert_eq!(client_id(&long), None);
    }

    #[test]
    fn unknown_paths_share_one_route_label() {
        assert_eq!(route_of("/graphql"), "/graphql");
        assert_eq!(route_of("/assets/playground/x.js"), "/assets");
        assert_eq!(route_of("/wp-admin"), "other");
    }
}
