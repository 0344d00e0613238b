//! Static pages, embedded in the binary so they work offline: the GraphiQL
//! playground and the example operations it opens with, and the explorer
//! (a graph drawing built on the public GraphQL API).

use actix_web::{http::header, web, HttpResponse};
use rust_embed::RustEmbed;
use serde::Serialize;

#[derive(RustEmbed)]
#[folder = "assets/playground/"]
#[exclude = "*.md"]
struct Playground;

#[derive(RustEmbed)]
#[folder = "assets/explorer/"]
#[exclude = "*.md"]
struct Explorer;

#[derive(RustEmbed)]
#[folder = "schema/examples/"]
#[include = "*.graphql"]
struct Examples;

/// One example operation offered by the playground.
#[derive(Debug, Serialize)]
pub struct Example {
    /// The file's path without `.graphql`, e.g. `01-lookup` or
    /// `curation/02-add-a-company-in-a-park`.
    pub name: String,
    /// The operation text.
    pub query: String,
    /// Variables, from a `# variables: {...}` comment line, if any.
    pub variables: Option<serde_json::Value>,
    /// `query`, `mutation` or `subscription`.
    pub operation: &'static str,
    /// True for the examples in `schema/examples/curation/`: they change
    /// the graph (or read what the others changed), in file order, on a
    /// server with a journal.
    pub curation: bool,
    /// Headers the playground opens the tab with: for a mutation, the
    /// `Authorization` header with a placeholder for the key.
    pub headers: Option<serde_json::Value>,
}

/// What a mutation tab's Headers start as: the key still to be filled in.
pub const KEY_PLACEHOLDER: &str = "Bearer <your key from innograph keys create>";

/// The kind of the document's first operation (`query` if it does not parse).
fn operation_of(query: &str) -> &'static str {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return "query";
    };
    let ty = match &doc.operations {
        DocumentOperations::Single(op) => op.node.ty,
        DocumentOperations::Multiple(ops) => match ops.values().next() {
            Some(op) => op.node.ty,
            None => return "query",
        },
    };
    match ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    }
}

/// The example operations in `schema/examples/` (then those in
/// `schema/examples/curation/`), in file order.
pub fn examples_list() -> Vec<Example> {
    let mut names: Vec<String> = Examples::iter().map(|n| n.into_owned()).collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|file| {
            let data = Examples::get(&file)?;
            let query = String::from_utf8_lossy(&data.data).into_owned();
            let variables = query
                .lines()
                .find_map(|l| l.trim().strip_prefix("# variables:"))
                .and_then(|v| serde_json::from_str(v.trim()).ok());
            let operation = operation_of(&query);
            let headers = (operation == "mutation")
                .then(|| serde_json::json!({ "Authorization": KEY_PLACEHOLDER }));
            Some(Example {
                name: file.trim_end_matches(".graphql").to_owned(),
                curation: file.starts_with("curation/"),
                query,
                variables,
                operation,
                headers,
            })
        })
        .collect()
}

pub(super) async fn examples() -> HttpResponse {
    HttpResponse::Ok().json(examples_list())
}

fn embedded(path: &str) -> HttpResponse {
    serve(Playground::get(path))
}

fn serve(file: Option<rust_embed::EmbeddedFile>) -> HttpResponse {
    match file {
        Some(file) => {
            let mime = file.metadata.mimetype();
            HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, mime))
                .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
                .body(file.data.into_owned())
        }
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("not found"),
    }
}

pub(super) async fn playground() -> HttpResponse {
    embedded("index.html")
}

pub(super) async fn playground_asset(path: web::Path<String>) -> HttpResponse {
    embedded(&path)
}

pub(super) async fn explorer() -> HttpResponse {
    serve(Explorer::get("index.html"))
}

pub(super) async fn explorer_asset(path: web::Path<String>) -> HttpResponse {
    serve(Explorer::get(&path))
}
