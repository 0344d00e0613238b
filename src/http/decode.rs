//! Decoding GraphQL-over-HTTP requests into [`GraphqlRequest`]s: JSON POST
//! bodies (one request, or a batch when enabled) and GET query strings.
//! Every failure is an [`HttpError`] naming what is wrong.

use serde::Deserialize;

use super::error::HttpError;
use crate::graphql::code::ErrorCode;
use crate::graphql::execute::GraphqlRequest;

/// The longest GET query string accepted; longer gets 414 `URI_TOO_LONG`
/// with the usual JSON body. (URIs over 64 KiB never reach the app: the
/// HTTP layer's URI type cannot hold them and it answers 400 with no body;
/// request heads over 128 KiB get 431 from it.)
pub(crate) const MAX_QUERY_STRING: usize = 48 * 1024;

/// A decoded POST body.
#[derive(Debug)]
pub(crate) enum Body {
    /// One request.
    One(GraphqlRequest),
    /// A batch: each item decoded on its own.
    Batch(Vec<Result<GraphqlRequest, HttpError>>),
}

/// The members of a request, before their types are checked.
#[derive(Debug, Default, Deserialize)]
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

fn bad(message: impl Into<String>) -> HttpError {
    HttpError::new(ErrorCode::BadRequest, message)
}

fn from_params(p: Params) -> Result<GraphqlRequest, HttpError> {
    let query = match p.query {
        Some(serde_json::Value::String(q)) => q,
        Some(_) => return Err(bad("`query` must be a string")),
        None => return Err(bad("the request has no `query`")),
    };
    let operation_name = match p.operation_name {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(name)) => Some(name),
        Some(_) => return Err(bad("`operationName` must be a string")),
    };
    let variables = match p.variables {
        None | Some(serde_json::Value::Null) => async_graphql::Variables::default(),
        Some(v @ serde_json::Value::Object(_)) => async_graphql::Variables::from_json(v),
        Some(_) => return Err(bad("`variables` must be an object")),
    };
    match p.extensions {
        None | Some(serde_json::Value::Null) | Some(serde_json::Value::Object(_)) => {}
        Some(_) => return Err(bad("`extensions` must be an object")),
    }
    Ok(GraphqlRequest {
        query,
        operation_name,
        variables,
    })
}

/// Decodes a JSON body. `max_batch` 0 refuses batches.
pub(crate) fn decode_body(bytes: &[u8], max_batch: usize) -> Result<Body, HttpError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|_| bad("the request body is not valid JSON"))?;
    match value {
        serde_json::Value::Array(items) => {
            if max_batch == 0 {
                return Err(HttpError::new(
                    ErrorCode::BatchNotSupported,
                    "batched requests are not enabled on this server: send one operation per request",
                ));
            }
            if items.is_empty() || items.len() > max_batch {
                return Err(HttpError::new(
                    ErrorCode::BatchTooLarge,
                    format!("a batch must hold 1 to {max_batch} requests"),
                ));
            }
            Ok(Body::Batch(
                items
                    .into_iter()
                    .map(|item| {
                        serde_json::from_value::<Params>(item)
                            .map_err(|_| {
                                bad("each batched request must be a JSON object with `query`")
                            })
                            .and_then(from_params)
                    })
                    .collect(),
            ))
        }
        value => {
            let params: Params = serde_json::from_value(value).map_err(|_| {
                bad("the request body must be a JSON object with `query`, and optionally `variables`, `operationName` and `extensions`")
            })?;
            from_params(params).map(Body::One)
        }
    }
}

/// Decodes a GET query string (`query`, `variables` and `extensions` as
/// JSON text, `operationName`).
pub(crate) fn decode_query_string(qs: &str) -> Result<GraphqlRequest, HttpError> {
    if qs.len() > MAX_QUERY_STRING {
        return Err(HttpError::new(
            ErrorCode::UriTooLong,
            format!(
                "the query string is {} bytes; the limit is {MAX_QUERY_STRING}: send the document with POST",
                qs.len()
            ),
        ));
    }
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(qs).map_err(|_| bad("the query string is malformed"))?;
    let mut params = Params::default();
    for (k, v) in pairs {
        match k.as_str() {
            "query" => params.query = Some(serde_json::Value::String(v)),
            "operationName" => params.operation_name = Some(serde_json::Value::String(v)),
            "variables" | "extensions" => {
                let json: serde_json::Value = serde_json::from_str(&v)
                    .map_err(|_| bad(format!("`{k}` must be a JSON-encoded object")))?;
                if k == "variables" {
                    params.variables = Some(json);
                } else {
                    params.extensions = Some(json);
                }
            }
            _ => {}
        }
    }
    from_params(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<impl std::fmt::Debug, HttpError>) -> &'static str {
        r.expect_err("refused").code.as_str()
    }

    #[test]
    fn bodies() {
        assert_eq!(code(decode_body(b"{", 0)), "BAD_REQUEST");
        assert_eq!(code(decode_body(b"{}", 0)), "BAD_REQUEST");
        assert_eq!(code(decode_body(br#"{"query": 1}"#, 0)), "BAD_REQUEST");
        assert_eq!(
            code(decode_body(br#"{"query": "{a}", "variables": []}"#, 0)),
            "BAD_REQUEST"
        );
        assert_eq!(
            code(decode_body(br#"{"query": "{a}", "operationName": 3}"#, 0)),
            "BAD_REQUEST"
        );
        assert_eq!(code(decode_body(b"[]", 2)), "BATCH_TOO_LARGE");
        assert_eq!(
            code(decode_body(
                br#"[{"query":"{a}"},{"query":"{a}"},{"query":"{a}"}]"#,
                2
            )),
            "BATCH_TOO_LARGE"
        );
        let Ok(Body::Batch(items)) = decode_body(br#"[{"query":"{a}"}, 5]"#, 2) else {
            panic!("a batch")
        };
        assert!(items[0].is_ok());
        assert_eq!(code(items.into_iter().nth(1).expect("two")), "BAD_REQUEST");
        let Ok(Body::One(r)) = decode_body(
            br#"{"query":"query Q($n: Int) { a }","variables":{"n":3},"operationName":"Q","extensions":null}"#,
            0,
        ) else {
            panic!("one")
        };
        assert_eq!(r.operation_name.as_deref(), Some("Q"));
        assert_eq!(r.variables.len(), 1);
    }

    #[test]
    fn query_strings() {
        assert_eq!(code(decode_query_string("")), "BAD_REQUEST");
        assert_eq!(
            code(decode_query_string("query=%7Ba%7D&variables=nope")),
            "BAD_REQUEST"
        );
        let long = format!("query={}", "a".repeat(MAX_QUERY_STRING));
        assert_eq!(code(decode_query_string(&long)), "URI_TOO_LONG");
        let r = decode_query_string("query=%7Ba%7D&operationName=Q&other=1").expect("fine");
        assert_eq!(
            (r.query.as_str(), r.operation_name.as_deref()),
            ("{a}", Some("Q"))
        );
    }
}
