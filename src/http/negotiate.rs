//! Content negotiation for the GraphQL endpoint (GraphQL over HTTP): the
//! response type from `Accept`, and whether a request body is JSON.

use actix_web::http::header::{self, Accept, Header as _, QualityItem};
use actix_web::{mime, HttpMessage};

/// The response media type chosen from the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaType {
    /// `application/graphql-response+json`: status codes follow the result.
    GraphqlResponse,
    /// `application/json`: GraphQL request errors are answered with 200.
    Json,
}

impl MediaType {
    /// The `Content-Type` of a response of this type.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response type from `Accept`, in the client's order of
/// preference (q-values and specificity honoured, `q=0` excluded, a
/// charset other than UTF-8 refused); `application/json` when the header
/// is missing or empty (the specification's legacy rule); `None` when
/// nothing acceptable is offered or the header does not parse.
pub(crate) fn negotiate(req: &impl HttpMessage) -> Option<MediaType> {
    let empty = req
        .headers()
        .get_all(header::ACCEPT)
        .all(|v| v.as_bytes().iter().all(u8::is_ascii_whitespace));
    if empty {
        return Some(MediaType::Json);
    }
    let accept = Accept::parse(req).ok()?;
    let offered: Vec<QualityItem<mime::Mime>> = accept
        .0
        .into_iter()
        .filter(|q| q.quality > header::Quality::ZERO)
        .collect();
    Accept(offered).ranked().into_iter().find_map(|m| {
        let charset_ok = m
            .get_param(mime::CHARSET)
            .is_none_or(|c| c.as_str().eq_ignore_ascii_case("utf-8"));
        if !charset_ok {
            return None;
        }
        match m.essence_str() {
            "application/graphql-response+json" => Some(MediaType::GraphqlResponse),
            "application/json" | "application/*" | "*/*" => Some(MediaType::Json),
            _ => None,
        }
    })
}

/// Whether the request's body is declared as `application/json` in UTF-8
/// (the only body type the endpoint reads).
pub(crate) fn is_json_body(req: &impl HttpMessage) -> bool {
    match req.mime_type() {
        Ok(Some(m)) => {
            m.essence_str() == "application/json"
                && m.get_param(mime::CHARSET)
                    .is_none_or(|c| c.as_str().eq_ignore_ascii_case("utf-8"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn accept(value: &str) -> Option<MediaType> {
        negotiate(
            &TestRequest::default()
                .insert_header(("accept", value))
                .to_http_request(),
        )
    }

    #[test]
    fn negotiation_follows_preference() {
        assert_eq!(
            negotiate(&TestRequest::default().to_http_request()),
            Some(MediaType::Json)
        );
        assert_eq!(accept(""), Some(MediaType::Json));
        assert_eq!(accept("*/*"), Some(MediaType::Json));
        assert_eq!(accept("application/*"), Some(MediaType::Json));
        assert_eq!(
            accept("application/graphql-response+json"),
            Some(MediaType::GraphqlResponse)
        );
        assert_eq!(
            accept("application/graphql-response+json, application/json"),
            Some(MediaType::GraphqlResponse)
        );
        assert_eq!(
            accept("application/json, application/graphql-response+json"),
            Some(MediaType::Json)
        );
        assert_eq!(
            accept("application/json;q=0.9, application/graphql-response+json"),
            Some(MediaType::GraphqlResponse)
        );
        // Specific beats a wildcard of the same quality.
        assert_eq!(
            accept("*/*, application/graphql-response+json"),
            Some(MediaType::GraphqlResponse)
        );
        assert_eq!(
            accept("application/graphql-response+json;q=0, application/json"),
            Some(MediaType::Json)
        );
        assert_eq!(
            accept("application/graphql-response+json; charset=utf-8"),
            Some(MediaType::GraphqlResponse)
        );
        assert_eq!(accept("application/json; charset=latin1"), None);
        assert_eq!(accept("text/html, image/png"), None);
        assert_eq!(accept("application/json;q=0"), None);
    }

    fn body(ct: Option<&str>) -> bool {
        let mut req = TestRequest::default();
        if let Some(ct) = ct {
            req = req.insert_header(("content-type", ct));
        }
        is_json_body(&req.to_http_request())
    }

    #[test]
    fn only_utf8_json_bodies() {
        assert!(body(Some("application/json")));
        assert!(body(Some("application/json; charset=utf-8")));
        assert!(body(Some("Application/JSON; charset=UTF-8")));
        assert!(!body(Some("application/json; charset=latin1")));
        assert!(!body(Some("text/plain")));
        assert!(!body(Some("application/x-www-form-urlencoded")));
        assert!(!body(None));
    }
}
