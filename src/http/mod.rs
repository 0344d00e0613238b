//! HTTP: the actix-web app factory shared by `serve` and the integration
//! tests. Routes: `POST|GET /graphql`, `GET /` (playground), `GET /assets/…`,
//! `GET /examples.json`, `GET /schema.graphql`, `GET /health` (liveness),
//! `GET /ready` (readiness), `GET /metrics` (Prometheus), `GET /explore`
//! (the explorer) and `GET /assets/explorer/…`.

pub mod assets;
pub mod metrics;
pub mod telemetry;

mod graphql;

pub use graphql::ErrorCodes;

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse, HttpServer};

use crate::config::Settings;
use crate::graphql::{InnographSchema, SchemaOptions};
use crate::store::Store;

/// Everything a request handler needs, shared by all workers.
#[derive(Clone)]
pub struct AppState {
    /// The store snapshot being served.
    pub store: Arc<Store>,
    /// The executable schema over it.
    pub schema: InnographSchema,
    /// Limits and switches.
    pub settings: Arc<Settings>,
    /// Request metrics.
    pub metrics: Arc<metrics::Metrics>,
    /// Cleared when the server starts shutting down (readiness turns 503).
    pub accepting: Arc<AtomicBool>,
}

impl AppState {
    /// Builds the state for a store and the server settings.
    pub fn new(store: Arc<Store>, settings: &Settings) -> AppState {
        let schema = crate::graphql::build(
            store.clone(),
            SchemaOptions {
                introspection: settings.introspection,
            },
        );
        AppState {
            store,
            schema,
            settings: Arc::new(settings.clone()),
            metrics: Arc::new(metrics::Metrics::new()),
            accepting: Arc::new(AtomicBool::new(true)),
        }
    }
}

/// Registers every route; used by the server and by tests.
pub fn routes(state: AppState) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(state))
            .service(
                web::resource("/graphql")
                    .route(web::post().to(graphql::post))
                    .route(web::get().to(graphql::get))
                    .default_service(web::to(graphql::not_allowed)),
            )
            .route("/health", web::get().to(health))
            .route("/ready", web::get().to(ready))
            .route("/metrics", web::get().to(metrics_text))
            .route("/schema.graphql", web::get().to(schema_sdl))
            .route("/examples.json", web::get().to(assets::examples))
            .route("/", web::get().to(assets::playground))
            .route("/explore", web::get().to(assets::explorer))
            .route(
                "/assets/explorer/{path:.*}",
                web::get().to(assets::explorer_asset),
            )
            .route(
                "/assets/playground/{path:.*}",
                web::get().to(assets::playground_asset),
            );
    }
}

/// Creates the HTTP server on a bound listener. Stopping it through its
/// handle with `graceful` set lets in-flight requests finish (up to 10 s);
/// see [`shutdown_on_signal`].
pub fn server(
    listener: TcpListener,
    state: AppState,
    workers: Option<usize>,
) -> std::io::Result<actix_web::dev::Server> {
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(telemetry::observe))
            .configure(routes(state.clone()))
    })
    // The binary handles SIGINT/SIGTERM itself (readiness first turns 503).
    .disable_signals()
    .shutdown_timeout(10);
    if let Some(n) = workers {
        server = server.workers(n.max(1));
    }
    Ok(server.listen(listener)?.run())
}

/// A one-line summary of a store: counts by kind, relations and facts.
pub fn summary(store: &Store) -> String {
    let kinds: Vec<String> = store
        .count_by_kind()
        .into_iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    format!(
        "{} entities ({}), {} relations, {} facts, {} sources",
        store.entity_count(),
        kinds.join(", "),
        store.relation_count(),
        store.fact_count(),
        store.sources().len()
    )
}

async fn health(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "entities": state.store.entity_count(),
        "relations": state.store.relation_count(),
    }))
}

/// Readiness: 200 while the server takes new work, 503 once it is
/// shutting down (the data is loaded before the port opens).
async fn ready(state: web::Data<AppState>) -> HttpResponse {
    if state.accepting.load(Ordering::Relaxed) {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({ "status": "shutting down" }))
    }
}

async fn metrics_text(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}

async fn schema_sdl(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(state.schema.sdl())
}

/// Waits for SIGINT or SIGTERM, then marks the server as not ready and
/// stops it gracefully: in-flight requests finish, new connections are
/// refused.
pub async fn shutdown_on_signal(handle: actix_web::dev::ServerHandle, state: AppState) {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for SIGTERM; SIGINT only");
                    let _ = interrupt.await;
                    return stop(handle, state).await;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    stop(handle, state).await;
}

async fn stop(handle: actix_web::dev::ServerHandle, state: AppState) {
    state.accepting.store(false, Ordering::Relaxed);
    tracing::info!("shutting down: finishing the requests in flight");
    handle.stop(true).await;
}
