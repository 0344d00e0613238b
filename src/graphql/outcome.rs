//! What running a request gives: an [`Outcome`] (executed, a request
//! error, or refused with one coded error), the JSON bodies, and the codes
//! of the errors in them. Every error body is built here.

use std::collections::BTreeMap;
use std::time::Duration;

use async_graphql::parser::types::OperationType;
use async_graphql::{ServerError, Value};
use serde::Serialize;

use super::access::Denied;
use super::code::ErrorCode;

/// A response body and the codes of the errors in it.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The JSON body.
    pub body: Vec<u8>,
    /// `extensions.code` of each error, in order.
    pub codes: Vec<ErrorCode>,
}

/// The kind of operation a request ran, for the metrics: the `operation`
/// label of `innograph_graphql_operation_duration_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    /// A query.
    Query,
    /// A mutation.
    Mutation,
    /// A subscription (over HTTP: refused, it needs a WebSocket).
    Subscription,
    /// Refused or rejected before it ran (a syntax error, a guard limit,
    /// a missing key, a read-only server, an unknown operation name).
    None,
    /// A batch of requests in one HTTP request.
    Batch,
}

impl OperationKind {
    /// The label value: `query`, `mutation`, `subscription`, `none` or
    /// `batch`.
    ///
    /// ```
    /// use innograph::graphql::execute::OperationKind;
    /// assert_eq!(OperationKind::Mutation.as_str(), "mutation");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Query => "query",
            OperationKind::Mutation => "mutation",
            OperationKind::Subscription => "subscription",
            OperationKind::None => "none",
            OperationKind::Batch => "batch",
        }
    }
}

impl From<OperationType> for OperationKind {
    fn from(ty: OperationType) -> OperationKind {
        match ty {
            OperationType::Query => OperationKind::Query,
            OperationType::Mutation => OperationKind::Mutation,
            OperationType::Subscription => OperationKind::Subscription,
        }
    }
}

/// A request refused with one coded error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Why.
    pub code: ErrorCode,
    /// The message for the client.
    pub message: String,
    /// For `RATE_LIMITED` and `TIMEOUT`: when to retry.
    pub retry_after: Option<Duration>,
}

/// What running a request gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The operation ran: `data`, with any field errors.
    Executed(Answer),
    /// A GraphQL request error: nothing ran, the body has `errors` only.
    NotExecuted(Answer),
    /// Refused before or during execution (a guard limit, an operation the
    /// transport does not allow, access, the time limit, a panic).
    Refused(Refusal),
}

impl Outcome {
    /// The codes of the errors this outcome carries.
    pub fn codes(&self) -> Vec<ErrorCode> {
        match self {
            Outcome::Executed(a) | Outcome::NotExecuted(a) => a.codes.clone(),
            Outcome::Refused(r) => vec![r.code],
        }
    }
}

/// A parse error as a request error. The parser's message for a syntax
/// error quotes the whole offending line (which can be the whole
/// document); keep only what it expected, with the position.
pub(crate) fn syntax_error(e: async_graphql::parser::Error) -> ServerError {
    let mut err = ServerError::from(e.clone());
    if let async_graphql::parser::Error::Syntax { message, start, .. } = &e {
        let expected = message
            .rsplit("\n")
            .next()
            .and_then(|last| last.trim().strip_prefix("= "))
            .unwrap_or("the document does not parse");
        err.message = format!(
            "syntax error at line {}, column {}: {expected}",
            start.line, start.column
        );
    }
    err
}

pub(crate) fn refused(code: ErrorCode, message: String) -> Outcome {
    Outcome::Refused(Refusal {
        code,
        message,
        retry_after: None,
    })
}

pub(crate) fn timed_out() -> Outcome {
    refused(
        ErrorCode::Timeout,
        "the request took longer than the server's time limit; its work was stopped".into(),
    )
}

pub(crate) fn not_executed(mut errors: Vec<ServerError>, code: ErrorCode) -> Outcome {
    let codes = default_codes(&mut errors, code);
    Outcome::NotExecuted(Answer {
        body: body(None, &errors, &BTreeMap::new()),
        codes,
    })
}

pub(crate) fn code_of(e: &ServerError) -> Option<ErrorCode> {
    match e.extensions.as_ref()?.get("code")? {
        Value::String(s) => ErrorCode::parse(s),
        _ => None,
    }
}

pub(crate) fn set_code(e: &mut ServerError, code: ErrorCode) {
    e.extensions
        .get_or_insert_with(Default::default)
        .set("code", code.as_str());
}

/// Gives every error without a code `default`; the codes, in order.
pub(crate) fn default_codes(errors: &mut [ServerError], default: ErrorCode) -> Vec<ErrorCode> {
    errors
        .iter_mut()
        .map(|e| match code_of(e) {
            Some(c) => c,
            None => {
                set_code(e, default);
                default
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
    #[serde(skip_serializing_if = "<[ServerError]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, Value>,
}

pub(crate) fn body(
    data: Option<&Value>,
    errors: &[ServerError],
    extensions: &BTreeMap<String, Value>,
) -> Vec<u8> {
    // Serialising these types to memory cannot fail (string keys only).
    serde_json::to_vec(&Body {
        data,
        errors,
        extensions,
    })
    .unwrap_or_else(|_| {
        b"{\"errors\":[{\"message\":\"the response could not be encoded\"}]}".to_vec()
    })
}

/// The JSON body of a response with one error.
///
/// ```
/// use innograph::graphql::{code::ErrorCode, execute::error_body};
/// let body: serde_json::Value = serde_json::from_slice(&error_body(ErrorCode::MaxDepth, "too deep")).unwrap();
/// assert_eq!(body["errors"][0]["extensions"]["code"], "MAX_DEPTH");
/// ```
pub fn error_body(code: ErrorCode, message: &str) -> Vec<u8> {
    let mut e = ServerError::new(message, None);
    set_code(&mut e, code);
    body(None, &[e], &BTreeMap::new())
}

/// A caller refused by the access policy.
pub(crate) fn denied(d: Denied) -> Outcome {
    Outcome::Refused(Refusal {
        code: d.code,
        message: d.message,
        retry_after: d.retry_after,
    })
}
