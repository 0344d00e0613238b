//! The error a handler returns with `?`: an [`ErrorCode`] and a message,
//! answered as the usual JSON error body with the code's HTTP status and
//! counted in the metrics ([`ErrorCodes`]).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use super::negotiate::MediaType;
use crate::graphql::code::ErrorCode;
use crate::graphql::execute::error_body;

/// The `extensions.code` of every error in a response, for the metrics
/// (attached to the response's extensions by the handlers).
#[derive(Debug, Clone, Default)]
pub(crate) struct ErrorCodes(pub Vec<ErrorCode>);

/// Attaches the codes to a response (nothing when there are none).
pub(crate) fn with_codes(mut res: HttpResponse, codes: Vec<ErrorCode>) -> HttpResponse {
    if !codes.is_empty() {
        res.extensions_mut().insert(ErrorCodes(codes));
    }
    res
}

/// A refused request: its code, message and the type to answer in.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub(crate) struct HttpError {
    /// The code (and so the status).
    pub code: ErrorCode,
    /// What the client is told.
    pub message: String,
    /// The response type (`application/json` when none was negotiated).
    pub media: MediaType,
    /// For `METHOD_NOT_ALLOWED`: the methods allowed (default `GET, POST,
    /// OPTIONS`).
    pub allow: Option<&'static str>,
    /// For `RATE_LIMITED`, `TIMEOUT`, `KEYS_UNAVAILABLE` and
    /// `REVISION_NOT_REACHED`: when to retry.
    pub retry_after: Option<std::time::Duration>,
}

impl HttpError {
    /// An error answered as `application/json`.
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> HttpError {
        HttpError {
            code,
            message: message.into(),
            media: MediaType::Json,
            allow: None,
            retry_after: None,
        }
    }

    /// The methods to list in `Allow`.
    pub(crate) fn allow(mut self, methods: &'static str) -> HttpError {
        self.allow = Some(methods);
        self
    }

    /// When to retry, for `Retry-After`.
    pub(crate) fn retry_after(mut self, wait: Option<std::time::Duration>) -> HttpError {
        self.retry_after = wait;
        self
    }

    /// The same error, answered in `media`.
    pub(crate) fn media(mut self, media: MediaType) -> HttpError {
        self.media = media;
        self
    }
}

impl ResponseError for HttpError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        res.content_type(self.media.content_type());
        match self.code {
            ErrorCode::MethodNotAllowed => {
                res.insert_header((header::ALLOW, self.allow.unwrap_or("GET, POST, OPTIONS")));
            }
            ErrorCode::Timeout
            | ErrorCode::RateLimited
            | ErrorCode::KeysUnavailable
            | ErrorCode::RevisionNotReached => {
                // Whole seconds, rounded up (at least 1).
                let secs = self
                    .retry_after
                    .map_or(1, |d| d.as_millis().div_ceil(1000).max(1));
                res.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            ErrorCode::Unauthenticated => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"innograph\""));
            }
            _ => {}
        }
        with_codes(
            res.body(error_body(self.code, &self.message)),
            vec![self.code],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_response_carries_the_codes_status_and_body() {
        let e = HttpError::new(ErrorCode::NotAcceptable, "no");
        let res = e.error_response();
        assert_eq!(res.status(), 406);
        assert_eq!(
            res.headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/json; charset=utf-8")
        );
        let codes = res.extensions().get::<ErrorCodes>().cloned();
        assert_eq!(codes.map(|c| c.0), Some(vec![ErrorCode::NotAcceptable]));
        let e = HttpError::new(ErrorCode::MethodNotAllowed, "use POST");
        assert_eq!(
            e.error_response()
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok()),
            Some("GET, POST, OPTIONS")
        );
    }
}
