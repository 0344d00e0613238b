//! Errors the API returns, each with a stable `extensions.code`.

use async_graphql::ErrorExtensions;

/// An error a client can act on. The code goes into `extensions.code`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No entity has this id.
    #[error("no entity has the id `{0}`")]
    NotFound(String),
    /// An id that cannot be an entity id.
    #[error("`{0}` is not an entity id: ids look like `park/hongqiao-smart-valley`")]
    BadId(String),
    /// `first` outside 1..=max.
    #[error("`first` must be between 1 and {max} (got {got})")]
    BadFirst {
        /// The value given.
        got: i32,
        /// The largest allowed.
        max: usize,
    },
    /// An `after` cursor this server did not issue.
    #[error("`after` is not a cursor from this list: pass a cursor from a previous page's pageInfo.endCursor or an edge")]
    BadCursor,
    /// A search query too long or empty.
    #[error("search query must have between 1 and {max} characters")]
    BadQuery {
        /// The longest allowed.
        max: usize,
    },
    /// A source id that is not known.
    #[error("no source has the id `{0}`")]
    UnknownSource(String),
    /// A numeric argument outside its range.
    #[error("`{name}` must be between {min} and {max} (got {value})")]
    OutOfRange {
        /// The argument.
        name: &'static str,
        /// The value given.
        value: i32,
        /// The smallest allowed.
        min: i32,
        /// The largest allowed.
        max: i32,
    },
    /// A list argument with too many items.
    #[error("`{name}` may list at most {max} items")]
    TooMany {
        /// The argument.
        name: &'static str,
        /// The most allowed.
        max: usize,
    },
    /// `avoid` names one of the path's own ends.
    #[error("`avoid` must not contain `from` or `to`")]
    AvoidEnd,
    /// A traversal reached its bound.
    #[error("{0}")]
    TraversalLimit(String),
}

impl ApiError {
    /// The stable code sent in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) | ApiError::UnknownSource(_) => "NOT_FOUND",
            ApiError::BadId(_)
            | ApiError::BadFirst { .. }
            | ApiError::BadCursor
            | ApiError::BadQuery { .. }
            | ApiError::OutOfRange { .. }
            | ApiError::TooMany { .. }
            | ApiError::AvoidEnd => "BAD_USER_INPUT",
            ApiError::TraversalLimit(_) => "TRAVERSAL_LIMIT",
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        let code = self.code();
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| ext.set("code", code))
    }
}

/// `Result` with an [`ApiError`] turned into a GraphQL error carrying its code.
pub trait OrApiError<T> {
    /// Converts the error, keeping its code in `extensions.code`.
    fn api(self) -> async_graphql::Result<T>;
}

impl<T> OrApiError<T> for Result<T, ApiError> {
    fn api(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}
