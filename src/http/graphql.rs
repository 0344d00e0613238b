//! The GraphQL endpoint, following the GraphQL-over-HTTP specification:
//! content negotiation ([`super::negotiate`]), `application/json` request
//! bodies only, queries only over GET, a body size cap checked while the
//! body streams in, batches only when enabled; then the request runs
//! through [`crate::graphql::execute`] and its [`Outcome`] becomes a
//! status:
//!
//! | outcome | `application/graphql-response+json` | `application/json` |
//! |---|---|---|
//! | executed (with or without field errors) | 200 | 200 |
//! | request error (parse, validation, variables) | 400 | 200 |
//! | refused (guard limit, time limit, ...) | the code's status | the code's status |

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError as _};
use futures_util::StreamExt as _;

use super::decode::{decode_body, decode_query_string, Body};
use super::error::{with_codes, HttpError};
use super::negotiate::{is_json_body, negotiate, MediaType};
use super::telemetry::Ran;
use super::AppState;
use crate::graphql::access::Caller;
use crate::graphql::code::ErrorCode;
use crate::graphql::execute::{error_body, Allowed, GraphqlRequest, OperationKind, Outcome};

fn not_acceptable() -> HttpError {
    HttpError::new(
        ErrorCode::NotAcceptable,
        "cannot answer in any type the Accept header allows: accept application/graphql-response+json or application/json",
    )
}

fn too_large(limit: usize) -> HttpError {
    HttpError::new(
        ErrorCode::PayloadTooLarge,
        format!("the request body is larger than {limit} bytes"),
    )
}

/// The HTTP response for an outcome.
fn respond(media: MediaType, outcome: Outcome) -> HttpResponse {
    let (status, answer) = match outcome {
        Outcome::Executed(a) => (200, a),
        // A GraphQL request error is a 400 under the GraphQL response
        // type, whatever its code.
        Outcome::NotExecuted(a) => match media {
            MediaType::GraphqlResponse => (400, a),
            MediaType::Json => (200, a),
        },
        Outcome::Refused(r) => {
            let e = HttpError::new(r.code, r.message)
                .media(media)
                .retry_after(r.retry_after);
            let e = if r.code == ErrorCode::MethodNotAllowed {
                e.allow("POST")
            } else {
                e
            };
            return e.error_response();
        }
    };
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    let res = HttpResponse::build(status)
        .content_type(media.content_type())
        .body(answer.body);
    with_codes(res, answer.codes)
}

/// Who sent the request (from its `Authorization` header).
pub(super) fn caller(req: &HttpRequest, state: &AppState) -> Caller {
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    state.executor.access().identify(header)
}

async fn run(
    state: &AppState,
    media: MediaType,
    request: GraphqlRequest,
    allowed: Allowed,
    caller: &Caller,
) -> HttpResponse {
    let (outcome, kind) = state
        .executor
        .run(request, allowed, caller, state.live.snapshot())
        .await;
    let mut res = respond(media, outcome);
    res.extensions_mut().insert(Ran(kind));
    res
}

/// A batch: each request runs in turn; the answer is the array of their
/// bodies (always 200).
async fn run_batch(
    state: &AppState,
    media: MediaType,
    items: Vec<Result<GraphqlRequest, HttpError>>,
    caller: &Caller,
) -> HttpResponse {
    let mut out = b"[".to_vec();
    let mut codes = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match item {
            Err(e) => {
                codes.push(e.code);
                out.extend(error_body(e.code, &e.message));
            }
            Ok(req) => match state
                .executor
                .run(
                    req,
                    Allowed::QueriesAndMutations,
                    caller,
                    state.live.snapshot(),
                )
                .await
                .0
            {
                Outcome::Executed(a) | Outcome::NotExecuted(a) => {
                    codes.extend(a.codes);
                    out.extend(a.body);
                }
                Outcome::Refused(r) => {
                    codes.push(r.code);
                    out.extend(error_body(r.code, &r.message));
                }
            },
        }
    }
    out.push(b']');
    let mut res = with_codes(
        HttpResponse::Ok()
            .content_type(media.content_type())
            .body(out),
        codes,
    );
    res.extensions_mut().insert(Ran(OperationKind::Batch));
    res
}

/// Reads the body up to the limit while it streams in.
async fn read_body(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, HttpError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            HttpError::new(ErrorCode::BadRequest, "the request body could not be read")
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The request header with which a client asks to read at least a
/// revision (the one its write returned, for reading its own writes on any
/// replica).
pub(super) const MIN_REVISION: &str = "x-min-revision";

/// Waits (up to the settings' bound) until the served snapshot has reached
/// the request's `X-Min-Revision`, if it sent one.
async fn reach_min_revision(req: &HttpRequest, state: &AppState) -> Result<(), HttpError> {
    let Some(value) = req.headers().get(MIN_REVISION) else {
        return Ok(());
    };
    let wanted: u64 = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            HttpError::new(
                ErrorCode::BadRequest,
                "the X-Min-Revision header must be a revision number (an integer from 0)",
            )
        })?;
    let bound = state.settings.min_revision_wait;
    match state.live.at_least(wanted, bound).await {
        Some(_) => Ok(()),
        None => Err(HttpError::new(
            ErrorCode::RevisionNotReached,
            format!(
                "this server is at revision {} and did not reach revision {wanted} (X-Min-Revision) within {} ms: retry",
                state.live.snapshot().revision(),
                bound.as_millis()
            ),
        )
        .retry_after(Some(std::time::Duration::from_secs(1)))),
    }
}

/// `POST /graphql` with an `application/json` body.
pub(super) async fn post(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let media = negotiate(&req).ok_or_else(not_acceptable)?;
    let in_media = |e: HttpError| e.media(media);
    if !is_json_body(&req) {
        return Err(in_media(HttpError::new(
            ErrorCode::UnsupportedMediaType,
            "POST bodies must be application/json (charset utf-8)",
        )));
    }
    let limit = state.settings.max_body_bytes;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(in_media(too_large(limit)));
    }
    let body = read_body(payload, limit).await.map_err(in_media)?;
    reach_min_revision(&req, &state).await.map_err(in_media)?;
    let caller = caller(&req, &state);
    match decode_body(&body, state.settings.max_batch).map_err(in_media)? {
        Body::One(r) => Ok(run(&state, media, r, Allowed::QueriesAndMutations, &caller).await),
        Body::Batch(items) => Ok(run_batch(&state, media, items, &caller).await),
    }
}

/// `GET /graphql?query=…&variables=…&operationName=…`: queries only.
pub(super) async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let media = negotiate(&req).ok_or_else(not_acceptable)?;
    let request = decode_query_string(req.query_string()).map_err(|e| e.media(media))?;
    reach_min_revision(&req, &state)
        .await
        .map_err(|e| e.media(media))?;
    let caller = caller(&req, &state);
    Ok(run(&state, media, request, Allowed::Queries, &caller).await)
}

/// Any other method on `/graphql`.
pub(super) async fn not_allowed() -> Result<HttpResponse, HttpError> {
    Err(HttpError::new(
        ErrorCode::MethodNotAllowed,
        "use GET or POST",
    ))
}
