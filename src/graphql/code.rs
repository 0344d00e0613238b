//! The one table of error codes the API answers with: every
//! `extensions.code` a client can see, what it means, whether it fails a
//! field, the GraphQL request or the HTTP request, and the HTTP status it
//! carries. Every error response is built from an [`ErrorCode`]; the
//! README's table of codes is checked against [`ErrorCode::ALL`] by a test.
//!
//! ```
//! use innograph::graphql::code::{ErrorCode, Scope};
//! assert_eq!(ErrorCode::NotFound.as_str(), "NOT_FOUND");
//! assert_eq!(ErrorCode::NotFound.scope(), Scope::Field);
//! assert_eq!(ErrorCode::MaxDepth.status(), 400);
//! assert_eq!(ErrorCode::parse("TIMEOUT"), Some(ErrorCode::Timeout));
//! ```

/// How far an error reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A field error: that field is null (the null propagating to the
    /// nearest nullable parent), the rest of `data` is answered, HTTP 200.
    Field,
    /// A GraphQL request error: nothing was executed and there is no
    /// `data`. HTTP status [`ErrorCode::status`] under
    /// `application/graphql-response+json`, 200 under `application/json`
    /// (as the GraphQL-over-HTTP specification asks).
    Request,
    /// The HTTP request itself was refused, or the server could not answer:
    /// the status is [`ErrorCode::status`] whatever the response type.
    Http,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $scope:ident, $status:literal, $meaning:literal;)*) => {
        /// Every `extensions.code` the API can answer with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of the table.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The text sent in `extensions.code`.
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// How far an error with this code reaches.
            pub const fn scope(self) -> Scope {
                match self { $(ErrorCode::$variant => Scope::$scope,)* }
            }

            /// The HTTP status of a response failed by this code (see
            /// [`Scope`]; field errors answer 200).
            pub const fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// What the code means, for the README and the playground.
            pub const fn meaning(self) -> &'static str {
                match self { $(ErrorCode::$variant => $meaning,)* }
            }

            /// The code with this text, if any.
            pub fn parse(text: &str) -> Option<ErrorCode> {
                match text { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    /// No entity or source has the id.
    NotFound = "NOT_FOUND", Field, 200,
        "no entity or source has the id given";
    /// An argument or variable value that cannot be used.
    BadUserInput = "BAD_USER_INPUT", Field, 200,
        "an argument is out of range or malformed (a bad id, cursor, page size, search text or federation representation); as a request error: a variable's value does not fit its type";
    /// A traversal reached one of its bounds.
    TraversalLimit = "TRAVERSAL_LIMIT", Field, 200,
        "a traversal would visit more entities than allowed: narrow it";
    /// A change refused because what it touches changed after the
    /// revision the client read.
    Conflict = "CONFLICT", Field, 200,
        "`expectedRevision` is older than the last change to something the mutation touches: nothing was applied; `extensions.currentRevision` is the revision now (read again, then retry)";
    /// The journal could not record a change right now.
    JournalUnavailable = "JOURNAL_UNAVAILABLE", Field, 200,
        "the change could not be recorded now (the journal is busy or unreachable): nothing was applied; retry, with the same `idempotencyKey`";
    /// A subscriber fell too far behind the feed.
    FellBehind = "FELL_BEHIND", Field, 200,
        "a `changes` subscription fell more than 4096 changes behind and was ended: read what was missed with `changes(since:)` (`extensions.lastRevision` is the last one sent), then subscribe again";
    /// The document does not parse.
    GraphqlParseFailed = "GRAPHQL_PARSE_FAILED", Request, 400,
        "the document is not valid GraphQL syntax";
    /// The document does not validate against the schema.
    GraphqlValidationFailed = "GRAPHQL_VALIDATION_FAILED", Request, 400,
        "the document does not validate against the schema (unknown field, wrong argument type, ...)";
    /// Introspection was asked for on a server that serves none.
    IntrospectionDisabled = "INTROSPECTION_DISABLED", Request, 400,
        "the document asks for `__schema` or `__type` and the server runs with --no-introspection";
    /// A subscription sent over HTTP.
    WebsocketRequired = "WEBSOCKET_REQUIRED", Request, 400,
        "a subscription sent over HTTP: subscribe over WebSocket (graphql-transport-ws) on /graphql";
    /// The document is longer than allowed.
    MaxBytes = "MAX_BYTES", Http, 400,
        "the document is longer than --max-document-bytes";
    /// The document has too many tokens.
    MaxTokens = "MAX_TOKENS", Http, 400,
        "the document has more lexical tokens than --max-tokens";
    /// Fields nest too deeply.
    MaxDepth = "MAX_DEPTH", Http, 400,
        "fields (or brackets) nest deeper than --max-depth";
    /// Too many aliases.
    MaxAliases = "MAX_ALIASES", Http, 400,
        "more aliases than --max-aliases, fragments expanded";
    /// Too many top-level fields.
    MaxRootFields = "MAX_ROOT_FIELDS", Http, 400,
        "an operation selects more top-level fields than --max-root-fields";
    /// Too many directives.
    MaxDirectives = "MAX_DIRECTIVES", Http, 400,
        "more directives than --max-directives, fragments expanded";
    /// Too many selections once fragments are expanded.
    MaxSelections = "MAX_SELECTIONS", Http, 400,
        "more field selections than --max-selections once fragments are expanded";
    /// Too complex.
    MaxComplexity = "MAX_COMPLEXITY", Http, 400,
        "the document's complexity (1 per field, children times the page size) is over --max-complexity";
    /// A fragment spreads itself.
    FragmentCycle = "FRAGMENT_CYCLE", Http, 400,
        "a fragment spreads itself, directly or through others";
    /// The request is not a usable GraphQL-over-HTTP request.
    BadRequest = "BAD_REQUEST", Http, 400,
        "the body or query string is not a GraphQL request (bad JSON, no `query`, wrong types)";
    /// Batches are switched off.
    BatchNotSupported = "BATCH_NOT_SUPPORTED", Http, 400,
        "a JSON array (batch) was sent and the server runs without --max-batch";
    /// The batch is empty or too long.
    BatchTooLarge = "BATCH_TOO_LARGE", Http, 400,
        "a batch is empty or holds more than --max-batch operations";
    /// A mutation sent with GET, or a method `/graphql` does not take.
    MethodNotAllowed = "METHOD_NOT_ALLOWED", Http, 405,
        "a mutation over GET (send it with POST), or a method other than GET, POST and OPTIONS";
    /// No usable key.
    Unauthenticated = "UNAUTHENTICATED", Http, 401,
        "a mutation (or, on a --private server, any operation) without an API key, or with a key that is unknown or revoked; answered with `WWW-Authenticate: Bearer`";
    /// The key lacks the scope.
    Forbidden = "FORBIDDEN", Http, 403,
        "the API key lacks the scope the operation needs (`curate` for mutations)";
    /// The server takes no changes.
    ReadOnly = "READ_ONLY", Http, 403,
        "a mutation sent to a server started with --read-only";
    /// No acceptable response type.
    NotAcceptable = "NOT_ACCEPTABLE", Http, 406,
        "`Accept` allows neither application/graphql-response+json nor application/json";
    /// The body is too large.
    PayloadTooLarge = "PAYLOAD_TOO_LARGE", Http, 413,
        "the body is larger than --max-body-bytes (checked while it streams in)";
    /// The body is not JSON.
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE", Http, 415,
        "a POST body that is not application/json (charset utf-8)";
    /// The query string of a GET is too long.
    UriTooLong = "URI_TOO_LONG", Http, 414,
        "a GET whose query string is over 48 KiB: send the document with POST (over 64 KiB the HTTP layer refuses the request line itself, with 400 and no body)";
    /// Too many mutations from one key.
    RateLimited = "RATE_LIMITED", Http, 429,
        "the API key sent mutations faster than --key-rate allows; `Retry-After` gives the seconds to wait";
    /// A resolver failed unexpectedly.
    InternalServerError = "INTERNAL_SERVER_ERROR", Http, 500,
        "the server failed to answer (a bug; no detail is sent)";
    /// The request ran past the time limit.
    Timeout = "TIMEOUT", Http, 503,
        "executing the request took longer than --timeout-ms; its work was stopped";
    /// The key store cannot be reached to check a key.
    KeysUnavailable = "KEYS_UNAVAILABLE", Http, 503,
        "an API key was sent that could not be checked, because the journal (where keys live) is unreachable and the key was not seen before: retry (`Retry-After` gives the seconds)";
    /// The replica has not reached the revision the request asked for.
    RevisionNotReached = "REVISION_NOT_REACHED", Http, 503,
        "the request's `X-Min-Revision` is past what this server has applied, and it did not get there within --min-revision-wait-ms: nothing was executed; retry (`Retry-After` gives the seconds)";
}

impl ErrorCode {
    /// Whether the document guard gives this code (a limit on documents).
    pub const fn is_guard(self) -> bool {
        matches!(
            self,
            ErrorCode::MaxBytes
                | ErrorCode::MaxTokens
                | ErrorCode::MaxDepth
                | ErrorCode::MaxAliases
                | ErrorCode::MaxRootFields
                | ErrorCode::MaxDirectives
                | ErrorCode::MaxSelections
                | ErrorCode::MaxComplexity
                | ErrorCode::FragmentCycle
        )
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert_eq!(ErrorCode::parse(c.as_str()), Some(*c));
            assert!(c
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'_'));
            match c.scope() {
                Scope::Field => assert_eq!(c.status(), 200, "{c}"),
                _ => assert!(c.status() >= 400, "{c}"),
            }
        }
        assert_eq!(ErrorCode::parse("nope"), None);
    }
}
