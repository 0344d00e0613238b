//! The bounds of every argument that sets how much work a field does: page
//! sizes, hops, depths, list lengths and the entities a search may reach.
//! To change a limit, change it here (the guard costs page sizes with the
//! same figures, and the field descriptions quote them).

/// The default page size of a connection.
pub const DEFAULT_FIRST: usize = 20;
/// The largest page a client may ask for (`first`).
pub const MAX_FIRST: usize = 100;
/// The most items a plain (unpaged) list field returns: related entities,
/// rankings, `lookup`, `Person.roles` and the like.
pub const MAX_LIST: usize = 100;
/// The most representations one `_entities` field resolves (a federation
/// subgraph, `serve --federation`).
pub const MAX_REPRESENTATIONS: usize = 100;
/// The longest search query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The longest path asked for, in hops.
pub const MAX_HOPS: i32 = 10;
/// The most paths `paths` returns.
pub const MAX_PATHS: i32 = 10;
/// The most entities a `path` search may reach.
pub const PATH_VISIT_LIMIT: usize = 200_000;
/// The most entities all the searches behind one `paths` may reach.
pub const PATHS_VISIT_LIMIT: usize = 500_000;
/// The most entities `avoid` may list.
pub const MAX_AVOID: usize = 100;
/// The deepest neighbourhood.
pub const MAX_DEPTH: i32 = 3;
/// The largest neighbourhood, in entities.
pub const MAX_NEIGHBORHOOD: i32 = 1000;
/// Relations allowed per entity in a neighbourhood (the relation limit is
/// this times `limit`).
pub const EDGES_PER_NODE: usize = 4;

use super::error::ApiError;

/// Checks a numeric argument against its range.
pub(crate) fn in_range(
    name: &'static str,
    value: i32,
    min: i32,
    max: i32,
) -> Result<u32, ApiError> {
    if (min..=max).contains(&value) {
        Ok(value as u32)
    } else {
        Err(ApiError::OutOfRange {
            name,
            value,
            min,
            max,
        })
    }
}

/// Checks the size of a plain list (`first` of `related`, `rankings`...).
pub(crate) fn list_size(first: i32, max: usize) -> Result<usize, ApiError> {
    usize::try_from(first)
        .ok()
        .filter(|f| (1..=max).contains(f))
        .ok_or(ApiError::BadFirst { got: first, max })
}
