//! Errors the API returns, each with a stable `extensions.code` from the
//! table in [`super::code`].

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, PathSegment};

use super::code::ErrorCode;

/// An error a client can act on. The code goes into `extensions.code`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    /// No entity has this id.
    #[error("no entity has the id `{0}`")]
    NotFound(String),
    /// An id that cannot be an entity id.
    #[error("`{0}` is not an id: entity ids look like `park/hongqiao-smart-valley`, source ids like `putuo-hero-returns-2022`")]
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
    /// A federation representation without a string `__typename` and `id`.
    #[error("a representation must be an object with a string `__typename` and `id`, e.g. {{\"__typename\": \"Company\", \"id\": \"company/apple\"}}")]
    BadRepresentation,
    /// A federation representation of a type that is no entity here.
    #[error("`{0}` is not an entity type of this subgraph: the entity types are the eight kinds' (Company, Park, ...) and Source, each keyed by `id`")]
    NotAnEntityType(String),
    /// A federation representation whose id is of another kind.
    #[error("`{id}` is not the id of a {typename}: an entity id starts with its kind, e.g. `company/apple`")]
    WrongKind {
        /// The id given.
        id: String,
        /// The `__typename` given.
        typename: String,
    },
    /// A traversal reached its bound.
    #[error("{0}")]
    TraversalLimit(String),
    /// The request's time limit passed while this field worked.
    #[error("the request took longer than the server's time limit")]
    Timeout,
}

impl ApiError {
    /// The stable code sent in `extensions.code`.
    pub(crate) fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound(_) | ApiError::UnknownSource(_) => ErrorCode::NotFound,
            ApiError::BadId(_)
            | ApiError::BadFirst { .. }
            | ApiError::BadCursor
            | ApiError::BadQuery { .. }
            | ApiError::OutOfRange { .. }
            | ApiError::TooMany { .. }
            | ApiError::BadRepresentation
            | ApiError::NotAnEntityType(_)
            | ApiError::WrongKind { .. }
            | ApiError::AvoidEnd => ErrorCode::BadUserInput,
            ApiError::TraversalLimit(_) => ErrorCode::TraversalLimit,
            ApiError::Timeout => ErrorCode::Timeout,
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        let code = self.code().as_str();
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| ext.set("code", code))
    }
}

/// The path of the field an error was raised in, carried in the error's
/// `source`. async-graphql 7.2 sets no path on errors of fields resolved
/// through an interface (`Entity.relations` selected on `Entity`); such
/// resolvers attach their path with [`with_path`] and
/// [`super::complete`] moves it into the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldPath(pub Vec<PathSegment>);

impl FieldPath {
    /// The path of the field `ctx` resolves.
    pub(crate) fn of(ctx: &Context<'_>) -> FieldPath {
        let mut path: Vec<PathSegment> = ctx
            .path_node
            .iter()
            .flat_map(|node| std::iter::once(node).chain(node.parents()))
            .map(|node| match node.segment {
                async_graphql::QueryPathSegment::Name(n) => PathSegment::Field(n.to_owned()),
                async_graphql::QueryPathSegment::Index(i) => PathSegment::Index(i),
            })
            .collect();
        path.reverse();
        FieldPath(path)
    }
}

/// `Result` with an [`ApiError`] turned into a GraphQL error carrying its code.
pub(crate) trait OrApiError<T> {
    /// Converts the error, keeping its code in `extensions.code`.
    fn api(self) -> async_graphql::Result<T>;
}

impl<T> OrApiError<T> for Result<T, ApiError> {
    fn api(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}

/// A field's result with its path attached to any error (for fields
/// reached through an interface; see [`FieldPath`]).
pub(crate) fn with_path<T>(
    result: async_graphql::Result<T>,
    ctx: &Context<'_>,
) -> async_graphql::Result<T> {
    result.map_err(|mut err| {
        err.source = Some(Arc::new(FieldPath::of(ctx)));
        err
    })
}
