//! HTTP: the actix-web app factory ([`app`]) shared by `serve` and the
//! integration tests. Routes: `POST|GET /graphql` (and a WebSocket upgrade
//! there: graphql-transport-ws, `http::ws`), `GET /` (playground),
//! `GET /assets/…`, `GET /examples.json`, `GET /schema.graphql`,
//! `GET /health` (liveness), `GET /ready` (readiness), `GET /metrics`
//! (OpenMetrics), `GET /explore` (the explorer); every page and probe
//! answers `HEAD` too. CORS wraps everything; the telemetry middleware
//! (`http::telemetry`) observes every request.

pub(crate) mod assets;
pub use assets::{examples_list, Example, KEY_PLACEHOLDER};
pub(crate) mod decode;
pub(crate) mod error;
pub(crate) mod metrics;
pub(crate) mod negotiate;
pub(crate) mod telemetry;

mod graphql;
mod ws;

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{guard, web, App, HttpResponse, HttpServer};

use self::error::HttpError;
use crate::config::Settings;
use crate::curation::start::Curated;
use crate::curation::{Live, Snapshot};
use crate::graphql::access::{Access, Wants};
use crate::graphql::code::ErrorCode;
use crate::graphql::execute::Executor;
use crate::graphql::SchemaOptions;
use crate::journal::keys::KeyStore;
use crate::store::Store;

/// Everything a request handler needs, shared by all workers.
#[derive(Clone)]
pub struct AppState {
    /// The snapshot being served, replaced as changes are applied.
    pub live: Arc<Live>,
    /// The schema and the pipeline that runs requests against it.
    pub executor: Executor,
    /// Limits and switches.
    pub settings: Arc<Settings>,
    /// Request metrics.
    pub metrics: Arc<metrics::Metrics>,
    /// Cleared when the server starts shutting down (readiness turns 503).
    pub accepting: Arc<AtomicBool>,
    /// Set when the listener is about to close: every WebSocket then
    /// closes with 1001 (going away), so its client reconnects elsewhere
    /// instead of waiting for the shutdown timeout to cut it.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    /// Builds the state for a store and the server settings.
    pub fn new(store: Arc<Store>, settings: &Settings) -> AppState {
        AppState::serving(Arc::new(Live::new(Snapshot::of(store))), settings)
    }

    /// Builds the state for a live snapshot and the server settings
    /// (read-only: every mutation is refused).
    pub fn serving(live: Arc<Live>, settings: &Settings) -> AppState {
        AppState::with_access(live, settings, Access::new(None, false, None))
    }

    /// Builds the state for a curated graph: mutations go to its writer,
    /// keys are checked against `keys`, reads are private if the settings
    /// say so, and each key's mutations are limited to the settings' rate.
    pub fn curated(curated: Curated, keys: Arc<dyn KeyStore>, settings: &Settings) -> AppState {
        let access = Access::new(Some(keys), settings.private, Some(curated.writer))
            .rate(settings.key_rate, settings.key_burst);
        AppState::with_access(curated.live, settings, access)
    }

    fn with_access(live: Arc<Live>, settings: &Settings, access: Access) -> AppState {
        let options = SchemaOptions {
            introspection: settings.execute.introspection,
            federation: settings.federation,
        };
        let schema = crate::graphql::build(options.clone());
        let fast = crate::graphql::build_fast(options);
        let mut executor = Executor::new(schema, settings.execute.clone())
            .with_fast(fast)
            .with_access(access);
        match crate::graphql::lane::Lane::start("innograph-mutations") {
            Ok(lane) => executor = executor.with_lane(lane),
            Err(e) => tracing::warn!("mutations run on the HTTP workers: {e}"),
        }
        AppState {
            live,
            executor,
            settings: Arc::new(settings.clone()),
            metrics: Arc::new(metrics::Metrics::new()),
            accepting: Arc::new(AtomicBool::new(true)),
            stopping: Arc::new(tokio::sync::watch::Sender::new(false)),
        }
    }
}

/// GET and HEAD (HEAD answers like GET, without the body).
fn get_or_head() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// The CORS policy: the allowed origins (`*`: any, sent as a wildcard;
/// the API takes no cookies, so no credentials are allowed), GET, POST and
/// OPTIONS, the headers a GraphQL client sends (and `X-Min-Revision`),
/// `X-Request-Id` exposed,
/// preflights cached for a day.
fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "OPTIONS"])
        .allowed_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::AUTHORIZATION,
            header::HeaderName::from_static(telemetry::REQUEST_ID),
            header::HeaderName::from_static(graphql::MIN_REVISION),
        ])
        .expose_headers([header::HeaderName::from_static(telemetry::REQUEST_ID)])
        .max_age(86_400);
    if origins.iter().any(|o| o == "*") {
        cors = cors.allow_any_origin().send_wildcard();
    } else {
        for o in origins {
            cors = cors.allowed_origin(o);
        }
    }
    cors
}

/// The app: every route, behind CORS and the telemetry middleware. The
/// server and the tests both build it here.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors = cors(&state.settings.cors_origins);
    App::new()
        .app_data(web::Data::new(state))
        .wrap(from_fn(telemetry::observe))
        .wrap(cors)
        .service(
            web::resource("/graphql")
                // The response type depends on Accept.
                .wrap(DefaultHeaders::new().add((header::VARY, "Accept")))
                .route(web::post().to(graphql::post))
                .route(
                    web::get()
                        .guard(guard::fn_guard(|ctx| ws::is_upgrade(ctx.head())))
                        .to(ws::upgrade),
                )
                .route(web::get().to(graphql::get))
                .default_service(web::to(graphql::not_allowed)),
        )
        .route("/health", get_or_head().to(health))
        .route("/ready", get_or_head().to(ready))
        .route("/metrics", get_or_head().to(metrics_text))
        .route("/admin/digest", web::get().to(digest))
        .route("/schema.graphql", get_or_head().to(schema_sdl))
        .route("/examples.json", get_or_head().to(assets::examples))
        .route("/", get_or_head().to(assets::playground))
        .route("/explore", get_or_head().to(assets::explorer))
        .route(
            "/assets/explorer/{path:.*}",
            get_or_head().to(assets::explorer_asset),
        )
        .route(
            "/assets/playground/{path:.*}",
            get_or_head().to(assets::playground_asset),
        )
}

/// Creates the HTTP server on a bound listener. Stopping it through its
/// handle with `graceful` set lets in-flight requests finish (up to 10 s);
/// see [`shutdown_on_signal`].
pub fn server(listener: TcpListener, state: AppState) -> std::io::Result<actix_web::dev::Server> {
    let workers = state.settings.workers;
    let mut server = HttpServer::new(move || app(state.clone()))
        // The binary handles SIGINT/SIGTERM itself (readiness first turns 503).
        .disable_signals()
        .shutdown_timeout(10);
    if let Some(n) = workers {
        server = server.workers(n);
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
    let snapshot = state.live.snapshot();
    HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "revision": snapshot.revision(),
        "entities": snapshot.store.entity_count(),
        "relations": snapshot.store.relation_count(),
    }))
}

/// Readiness: 200 while the server takes new work and is no further than
/// `--max-lag` revisions behind the journal (as far as it knows: a shared
/// journal announces each commit); 503 once it is shutting down, or while
/// it trails. The body says which, with the revision served and the lag.
async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let revision = state.live.snapshot().revision();
    let lag = state.live.lag();
    let (ok, status) = if !state.accepting.load(Ordering::Relaxed) {
        (false, "shutting down")
    } else if lag > state.settings.max_lag {
        (false, "behind")
    } else {
        (true, "ready")
    };
    let body = serde_json::json!({ "status": status, "revision": revision, "lag": lag });
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// `GET /admin/digest`, with a key of the `admin` scope: the revision
/// served and a digest of the graph at it (`export::digest`), to check
/// that replicas following one journal serve the same graph.
async fn digest(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    state
        .executor
        .access()
        .check(&graphql::caller(&req, &state), Wants::Admin)
        .map_err(|d| HttpError::new(d.code, d.message).retry_after(d.retry_after))?;
    let snapshot = state.live.snapshot();
    let revision = snapshot.revision();
    // Hashing a large graph takes a while: off the worker.
    let digest = web::block(move || crate::export::digest::digest(&snapshot.store)).await;
    let Ok(Ok(digest)) = digest else {
        return Err(HttpError::new(
            ErrorCode::InternalServerError,
            "the digest was not computed",
        ));
    };
    Ok(HttpResponse::Ok().json(serde_json::json!({ "revision": revision, "digest": digest })))
}

async fn metrics_text(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(metrics::CONTENT_TYPE)
        .body(state.metrics.render(state.executor.document_stats()))
}

async fn schema_sdl(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(state.executor.schema().sdl())
}

/// Which signal asked the server to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopSignal {
    /// SIGTERM (a supervisor or load balancer): drain first.
    Terminate,
    /// SIGINT (Ctrl-C at a terminal): stop without the drain window.
    Interrupt,
}

/// Waits for SIGINT or SIGTERM, then stops the server: readiness turns
/// 503 at once; on SIGTERM the server goes on answering (with
/// `Connection: close`) for the drain window, so that a load balancer sees
/// it leave; then every WebSocket closes with 1001 (going away), the
/// listener closes and requests in flight finish. A second signal during
/// the window stops at once.
pub async fn shutdown_on_signal(handle: actix_web::dev::ServerHandle, state: AppState) {
    let first = next_signal().await;
    state.accepting.store(false, Ordering::Relaxed);
    let drain = state.settings.drain;
    if first == StopSignal::Terminate && !drain.is_zero() {
        tracing::info!(
            drain_ms = drain.as_millis() as u64,
            "shutting down: not ready; draining before the listener closes"
        );
        tokio::select! {
            _ = tokio::time::sleep(drain) => {}
            _ = next_signal() => tracing::info!("second signal: stopping now"),
        }
    }
    tracing::info!("shutting down: closing WebSockets, finishing the requests in flight");
    state.stopping.send_replace(true);
    handle.stop(true).await;
}

async fn next_signal() -> StopSignal {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = tokio::signal::ctrl_c() => StopSignal::Interrupt,
                _ = term.recv() => StopSignal::Terminate,
            },
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; SIGINT only");
                let _ = tokio::signal::ctrl_c().await;
                StopSignal::Interrupt
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        StopSignal::Interrupt
    }
}
