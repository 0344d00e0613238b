//! HTTP: the actix-web app factory shared by `serve` and the integration
//! tests. Routes: `POST|GET /graphql`, `GET /` (playground), `GET /assets/…`,
//! `GET /examples.json`, `GET /schema.graphql`, `GET /health`.

pub mod assets;

mod graphql;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{web, App, HttpResponse, HttpServer};

use crate::config::ServeArgs;
use crate::graphql::{InnographSchema, SchemaOptions};
use crate::store::Store;

/// Everything a request handler needs, shared by all workers.
#[derive(Clone)]
pub struct AppState {
    /// The store snapshot being served.
    pub store: Arc<Store>,
    /// The executable schema over it.
    pub schema: InnographSchema,
    /// Request limits.
    pub limits: Limits,
}

/// Per-request limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Time limit for executing one request.
    pub timeout: Duration,
}

impl AppState {
    /// Builds the state for a store and the server options.
    pub fn new(store: Arc<Store>, args: &ServeArgs) -> AppState {
        let schema = crate::graphql::build(
            store.clone(),
            SchemaOptions {
                introspection: !args.no_introspection,
            },
        );
        AppState {
            store,
            schema,
            limits: Limits {
                max_body_bytes: args.max_body_bytes,
                timeout: Duration::from_millis(args.timeout_ms),
            },
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
            .route("/schema.graphql", web::get().to(schema_sdl))
            .route("/examples.json", web::get().to(assets::examples))
            .route("/", web::get().to(assets::playground))
            .route(
                "/assets/playground/{path:.*}",
                web::get().to(assets::playground_asset),
            );
    }
}

/// Creates the HTTP server on a bound listener. Stops gracefully on
/// SIGINT/SIGTERM, letting in-flight requests finish (up to 10 s).
pub fn server(
    listener: TcpListener,
    state: AppState,
    workers: Option<usize>,
) -> std::io::Result<actix_web::dev::Server> {
    let mut server =
        HttpServer::new(move || App::new().configure(routes(state.clone()))).shutdown_timeout(10);
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

async fn schema_sdl(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(state.schema.sdl())
}
