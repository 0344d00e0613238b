//! The GraphQL endpoint, following the GraphQL-over-HTTP specification:
//! content negotiation (`application/graphql-response+json` or
//! `application/json`), `application/json` request bodies only, queries only
//! over GET, a body size cap, the document guard ([`crate::graphql::guard`])
//! before execution, and an execution time limit.
//!
//! Every error carries `extensions.code`; handlers attach the codes to the
//! response ([`ErrorCodes`]) for the metrics.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::parser::types::OperationType;
use futures_util::{FutureExt as _, StreamExt};

use crate::graphql::guard;
use serde::Deserialize;

use super::AppState;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The response media type chosen from the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    /// `application/graphql-response+json`: status codes follow the result.
    GraphqlResponse,
    /// `application/json`: GraphQL results are always 200.
    Json,
}

impl MediaType {
    fn as_str(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response type from `Accept`, in the client's order of
/// preference (q-values honoured); `None` when nothing acceptable is offered.
fn negotiate(req: &HttpRequest) -> Option<MediaType> {
    let Some(accept) = req.headers().get(header::ACCEPT) else {
        return Some(MediaType::Json);
    };
    let accept = accept.to_str().ok()?;
    if accept.trim().is_empty() {
        return Some(MediaType::Json);
    }
    let mut offers: Vec<(f32, usize, MediaType)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut params = part.split(';').map(str::trim);
        let media = params.next().unwrap_or("").to_ascii_lowercase();
        let mut q = 1.0f32;
        let mut charset_ok = true;
        for p in params {
            if let Some((k, v)) = p.split_once('=') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().trim_matches('"'));
                if k == "q" {
                    q = v.parse().unwrap_or(0.0);
                } else if k == "charset" && !v.eq_ignore_ascii_case("utf-8") {
                    charset_ok = false;
                }
            }
        }
        if q <= 0.0 || !charset_ok {
            continue;
        }
        let t = match media.as_str() {
            GRAPHQL_RESPONSE => MediaType::GraphqlResponse,
            JSON | "application/*" | "*/*" => MediaType::Json,
            _ => continue,
        };
        offers.push((q, i, t));
    }
    offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offers.first().map(|o| o.2)
}

/// The `extensions.code` of every error in a response, for the metrics.
#[derive(Debug, Clone, Default)]
pub struct ErrorCodes {
    /// The codes, one per error.
    pub codes: Vec<String>,
    /// Set when the document guard refused the request.
    pub rejected: bool,
}

fn with_codes(mut res: HttpResponse, codes: Vec<String>, rejected: bool) -> HttpResponse {
    if !codes.is_empty() {
        res.extensions_mut().insert(ErrorCodes { codes, rejected });
    }
    res
}

/// A one-error response; `rejected` marks a guard refusal.
fn error_response(
    status: StatusCode,
    media: MediaType,
    code: &str,
    message: &str,
    rejected: bool,
) -> HttpResponse {
    let res = HttpResponse::build(status)
        .content_type(media.as_str())
        .json(serde_json::json!({
            "errors": [{ "message": message, "extensions": { "code": code } }]
        }));
    with_codes(res, vec![code.to_owned()], rejected)
}

/// A request-level failure (the request never reached execution).
fn request_error(status: StatusCode, media: MediaType, code: &str, message: &str) -> HttpResponse {
    error_response(status, media, code, message, false)
}

/// A document the guard refused: 400 with the guard's code.
fn rejected(media: MediaType, why: &guard::Rejection) -> HttpResponse {
    error_response(
        StatusCode::BAD_REQUEST,
        media,
        why.code(),
        &why.to_string(),
        true,
    )
}

fn not_acceptable() -> HttpResponse {
    let res = HttpResponse::NotAcceptable()
        .content_type("application/json; charset=utf-8")
        .json(serde_json::json!({
            "errors": [{
                "message": "cannot answer in any type the Accept header allows: accept application/graphql-response+json or application/json",
                "extensions": { "code": "NOT_ACCEPTABLE" }
            }]
        }));
    with_codes(res, vec!["NOT_ACCEPTABLE".into()], false)
}

/// The body of a GraphQL-over-HTTP request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Params {
    query: Option<serde_json::Value>,
    #[serde(default)]
    variables: Option<serde_json::Value>,
    #[serde(default)]
    operation_name: Option<serde_json::Value>,
    #[serde(default)]
    extensions: Option<serde_json::Value>,
}

/// Why a request's parameters are unusable.
struct BadParams(&'static str, String);

fn into_request(p: Params) -> Result<async_graphql::Request, BadParams> {
    let query = match p.query {
        Some(serde_json::Value::String(q)) => q,
        Some(_) => return Err(BadParams("BAD_REQUEST", "`query` must be a string".into())),
        None => {
            return Err(BadParams(
                "BAD_REQUEST",
                "the request has no `query`".into(),
            ))
        }
    };
    let mut req = async_graphql::Request::new(query);
    match p.operation_name {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(name)) => req = req.operation_name(name),
        Some(_) => {
            return Err(BadParams(
                "BAD_REQUEST",
                "`operationName` must be a string".into(),
            ))
        }
    }
    match p.variables {
        None | Some(serde_json::Value::Null) => {}
        Some(v @ serde_json::Value::Object(_)) => {
            req = req.variables(async_graphql::Variables::from_json(v))
        }
        Some(_) => {
            return Err(BadParams(
                "BAD_REQUEST",
                "`variables` must be an object".into(),
            ))
        }
    }
    match p.extensions {
        None | Some(serde_json::Value::Null) | Some(serde_json::Value::Object(_)) => {}
        Some(_) => {
            return Err(BadParams(
                "BAD_REQUEST",
                "`extensions` must be an object".into(),
            ))
        }
    }
    Ok(req)
}

/// The operation type a parsed document would run (`None`: no such
/// operation; validation reports it).
fn operation_type(
    doc: &async_graphql::parser::types::ExecutableDocument,
    name: Option<&str>,
) -> Option<OperationType> {
    let op = match name {
        Some(name) => {
            doc.operations
                .iter()
                .find(|(n, _)| n.map(|n| n.as_str()) == Some(name))?
                .1
        }
        None => doc.operations.iter().next()?.1,
    };
    Some(op.node.ty)
}

/// How a request arrived, which decides what it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Get,
    Post,
}

/// Guards, then executes one request; the JSON body and the codes of its
/// errors, or a finished error response.
async fn run(
    state: &AppState,
    media: MediaType,
    mut req: async_graphql::Request,
    via: Via,
) -> Result<(serde_json::Value, bool, Vec<String>), HttpResponse> {
    let limits = &state.settings.document;
    let scanned = guard::scan(&req.query, limits).map_err(|why| rejected(media, &why))?;
    let variables = std::mem::take(&mut req.variables);
    let operation_name = req.operation_name.clone();
    let parsed = match req.parsed_query() {
        Ok(doc) => {
            guard::check(doc, &variables, limits, scanned).map_err(|why| rejected(media, &why))?;
            Some(operation_type(doc, operation_name.as_deref()))
        }
        Err(_) => None,
    };
    req.variables = variables;
    if via == Via::Get
        && matches!(
            parsed,
            Some(Some(OperationType::Mutation | OperationType::Subscription))
        )
    {
        let mut res = request_error(
            StatusCode::METHOD_NOT_ALLOWED,
            media,
            "METHOD_NOT_ALLOWED",
            "only queries may be sent with GET; send mutations with POST",
        );
        res.headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        return Err(res);
    }
    // A panic in a resolver becomes a 500 with no detail, not a dropped
    // connection.
    let run = std::panic::AssertUnwindSafe(state.schema.execute(req)).catch_unwind();
    let response = match tokio::time::timeout(state.settings.timeout, run).await {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => {
            tracing::error!("a resolver panicked");
            return Err(request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                media,
                "INTERNAL_SERVER_ERROR",
                "the server failed to answer this request",
            ));
        }
        Err(_) => {
            return Err(request_error(
                StatusCode::SERVICE_UNAVAILABLE,
                media,
                "TIMEOUT",
                "the request took longer than the server's time limit",
            ))
        }
    };
    // Parse and validation errors carry no path and leave no data: the
    // request was not executed.
    let not_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let default_code = match parsed {
        None => "GRAPHQL_PARSE_FAILED",
        Some(_) if not_executed => "GRAPHQL_VALIDATION_FAILED",
        // Resolvers' own errors all carry a code; one without comes from
        // coercing an argument (an Int out of range, say).
        Some(_) => "BAD_USER_INPUT",
    };
    let mut body = serde_json::Map::new();
    if !not_executed {
        body.insert(
            "data".into(),
            serde_json::to_value(&response.data).unwrap_or(serde_json::Value::Null),
        );
    }
    let mut codes = Vec::new();
    if !response.errors.is_empty() {
        let mut errors = serde_json::to_value(&response.errors).unwrap_or_default();
        if let Some(list) = errors.as_array_mut() {
            for e in list.iter_mut().filter_map(|e| e.as_object_mut()) {
                let ext = e
                    .entry("extensions")
                    .or_insert_with(|| serde_json::json!({}));
                if let Some(ext) = ext.as_object_mut() {
                    let code = ext.entry("code").or_insert_with(|| default_code.into());
                    codes.push(code.as_str().unwrap_or(default_code).to_owned());
                }
            }
        }
        body.insert("errors".into(), errors);
    }
    if !response.extensions.is_empty() {
        body.insert(
            "extensions".into(),
            serde_json::to_value(&response.extensions).unwrap_or_default(),
        );
    }
    Ok((serde_json::Value::Object(body), not_executed, codes))
}

async fn execute(
    state: &AppState,
    media: MediaType,
    req: async_graphql::Request,
    via: Via,
) -> HttpResponse {
    match run(state, media, req, via).await {
        Err(res) => res,
        Ok((body, not_executed, codes)) => {
            let status = if not_executed && media == MediaType::GraphqlResponse {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            let res = HttpResponse::build(status)
                .content_type(media.as_str())
                .json(body);
            with_codes(res, codes, false)
        }
    }
}

/// A batch (JSON array of requests), when enabled: each runs in turn and
/// the answer is the array of their results (always 200).
async fn execute_batch(
    state: &AppState,
    media: MediaType,
    items: Vec<serde_json::Value>,
) -> HttpResponse {
    let mut out = Vec::with_capacity(items.len());
    let mut all_codes = Vec::new();
    for item in items {
        let answer = match serde_json::from_value::<Params>(item)
            .map_err(|_| {
                BadParams(
                    "BAD_REQUEST",
                    "each batched request must be a JSON object with `query`".into(),
                )
            })
            .and_then(into_request)
        {
            Err(BadParams(code, message)) => {
                all_codes.push(code.to_owned());
                serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
            }
            Ok(req) => match run(state, media, req, Via::Post).await {
                Ok((body, _, codes)) => {
                    all_codes.extend(codes);
                    body
                }
                Err(res) => {
                    // The error response's own body is small JSON; re-read
                    // its code for this item.
                    let code = res
                        .extensions()
                        .get::<ErrorCodes>()
                        .and_then(|c| c.codes.first().cloned())
                        .unwrap_or_else(|| "BAD_REQUEST".into());
                    all_codes.push(code.clone());
                    serde_json::json!({ "errors": [{ "message": "this request was refused", "extensions": { "code": code } }] })
                }
            },
        };
        out.push(answer);
    }
    let res = HttpResponse::Ok()
        .content_type(media.as_str())
        .json(serde_json::Value::Array(out));
    with_codes(res, all_codes, false)
}

/// Reads the body up to the limit while it streams in.
async fn read_body(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, StatusCode> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        if body.len() + chunk.len() > limit {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn is_json_content_type(req: &HttpRequest) -> bool {
    let Some(ct) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = ct.split(';').map(str::trim);
    let media = parts.next().unwrap_or("");
    if !media.eq_ignore_ascii_case(JSON) {
        return false;
    }
    parts.all(|p| match p.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => {
            v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    })
}

/// `POST /graphql` with an `application/json` body.
pub(super) async fn post(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let Some(media) = negotiate(&req) else {
        return not_acceptable();
    };
    if !is_json_content_type(&req) {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "UNSUPPORTED_MEDIA_TYPE",
            "POST bodies must be application/json (charset utf-8)",
        );
    }
    if let Some(len) = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
    {
        if len > state.settings.max_body_bytes {
            return too_large(media, state.settings.max_body_bytes);
        }
    }
    let body = match read_body(payload, state.settings.max_body_bytes).await {
        Ok(b) => b,
        Err(StatusCode::PAYLOAD_TOO_LARGE) => {
            return too_large(media, state.settings.max_body_bytes)
        }
        Err(_) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                "BAD_REQUEST",
                "the request body could not be read",
            )
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                "BAD_REQUEST",
                "the request body is not valid JSON",
            )
        }
    };
    if let serde_json::Value::Array(items) = value {
        let max = state.settings.max_batch;
        if max == 0 {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                "BATCH_NOT_SUPPORTED",
                "batched requests are not enabled on this server: send one operation per request",
            );
        }
        if items.is_empty() || items.len() > max {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                "BATCH_TOO_LARGE",
                &format!("a batch must hold 1 to {max} requests"),
            );
        }
        return execute_batch(&state, media, items).await;
    }
    let params: Params = match serde_json::from_value(value) {
        Ok(p) => p,
        Err(_) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                "BAD_REQUEST",
                "the request body must be a JSON object with `query`, and optionally `variables`, `operationName` and `extensions`",
            )
        }
    };
    match into_request(params) {
        Ok(r) => execute(&state, media, r, Via::Post).await,
        Err(BadParams(code, msg)) => request_error(StatusCode::BAD_REQUEST, media, code, &msg),
    }
}

fn too_large(media: MediaType, limit: usize) -> HttpResponse {
    request_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        media,
        "PAYLOAD_TOO_LARGE",
        &format!("the request body is larger than {limit} bytes"),
    )
}

/// `GET /graphql?query=…&variables=…&operationName=…`: queries only.
pub(super) async fn get(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let Some(media) = negotiate(&req) else {
        return not_acceptable();
    };
    let pairs: Vec<(String, String)> = match serde_urlencoded_pairs(req.query_string()) {
        Some(p) => p,
        None => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                "BAD_REQUEST",
                "the query string is malformed",
            )
        }
    };
    let mut params = Params {
        query: None,
        variables: None,
        operation_name: None,
        extensions: None,
    };
    for (k, v) in pairs {
        match k.as_str() {
            "query" => params.query = Some(serde_json::Value::String(v)),
            "operationName" => params.operation_name = Some(serde_json::Value::String(v)),
            "variables" | "extensions" => {
                let Ok(json) = serde_json::from_str::<serde_json::Value>(&v) else {
                    return request_error(
                        StatusCode::BAD_REQUEST,
                        media,
                        "BAD_REQUEST",
                        &format!("`{k}` must be a JSON-encoded object"),
                    );
                };
                if k == "variables" {
                    params.variables = Some(json);
                } else {
                    params.extensions = Some(json);
                }
            }
            _ => {}
        }
    }
    let request = match into_request(params) {
        Ok(r) => r,
        Err(BadParams(code, msg)) => {
            return request_error(StatusCode::BAD_REQUEST, media, code, &msg)
        }
    };
    execute(&state, media, request, Via::Get).await
}

/// Any other method on `/graphql`.
pub(super) async fn not_allowed() -> HttpResponse {
    let res = HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "GET, POST"))
        .content_type("application/json; charset=utf-8")
        .json(serde_json::json!({
            "errors": [{ "message": "use GET or POST", "extensions": { "code": "METHOD_NOT_ALLOWED" } }]
        }));
    with_codes(res, vec!["METHOD_NOT_ALLOWED".into()], false)
}

/// Decodes `application/x-www-form-urlencoded` pairs; `None` if malformed.
fn serde_urlencoded_pairs(qs: &str) -> Option<Vec<(String, String)>> {
    let query = web::Query::<Vec<(String, String)>>::from_query(qs).ok()?;
    Some(query.into_inner())
}
