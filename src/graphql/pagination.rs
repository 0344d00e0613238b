//! Relay cursor connections: opaque offset cursors, `first` limits and the
//! connection and edge types.

use async_graphql::SimpleObject;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::entity::Entity;
use super::error::ApiError;
use super::relation::RelationObj;
use super::source::FactObj;

/// The default page size.
pub const DEFAULT_FIRST: usize = 20;
/// The largest page a client may ask for.
pub const MAX_FIRST: usize = 100;

/// An opaque cursor: a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(pub usize);

impl Cursor {
    /// Decodes a cursor this server issued.
    pub fn decode(s: &str) -> Result<Self, ApiError> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| ApiError::BadCursor)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| ApiError::BadCursor)?;
        let n = text
            .strip_prefix("at:")
            .and_then(|n| n.parse().ok())
            .ok_or(ApiError::BadCursor)?;
        Ok(Cursor(n))
    }

    /// The opaque text form.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("at:{}", self.0))
    }
}

/// The slice of a list that a `first`/`after` pair selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Index of the first item of the page.
    pub start: usize,
    /// Index one past the last item of the page.
    pub end: usize,
    /// Length of the whole list.
    pub total: usize,
}

/// Works out the page for `first`/`after` over a list of `total` items.
///
/// ```
/// use innograph::graphql::pagination::window;
/// let w = window(Some(2), None, 5).unwrap();
/// assert_eq!((w.start, w.end), (0, 2));
/// assert!(window(Some(0), None, 5).is_err());
/// assert!(window(Some(101), None, 5).is_err());
/// ```
pub fn window(first: Option<i32>, after: Option<&str>, total: usize) -> Result<Window, ApiError> {
    let first = match first {
        None => DEFAULT_FIRST,
        Some(n) if n >= 1 && (n as usize) <= MAX_FIRST => n as usize,
        Some(got) => {
            return Err(ApiError::BadFirst {
                got,
                max: MAX_FIRST,
            })
        }
    };
    let start = match after {
        None => 0,
        Some(c) => {
            let Cursor(at) = Cursor::decode(c)?;
            if at >= total {
                return Err(ApiError::BadCursor);
            }
            at + 1
        }
    };
    let end = (start + first).min(total);
    Ok(Window { start, end, total })
}

/// How far into a list a page reaches (its end position), from its
/// arguments alone, so a ranked list need only be ranked that far.
pub fn reach(first: Option<i32>, after: Option<&str>) -> Result<usize, ApiError> {
    let w = window(first, None, usize::MAX)?;
    let start = match after {
        None => 0,
        Some(c) => Cursor::decode(c)?.0.saturating_add(1),
    };
    Ok(start.saturating_add(w.end))
}

/// Where a page sits in its list (Relay `PageInfo`).
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// Whether items come after this page.
    pub has_next_page: bool,
    /// Whether items come before this page.
    pub has_previous_page: bool,
    /// The first edge's cursor.
    pub start_cursor: Option<String>,
    /// The last edge's cursor: pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// A node type that can be listed in a connection.
pub trait Paged: Sized {
    /// The connection type listing it.
    type Connection;
    /// Builds a connection from its parts.
    fn connection(
        edges: Vec<(String, Self)>,
        page_info: PageInfo,
        total_count: usize,
    ) -> Self::Connection;
}

macro_rules! connection_types {
    ($node:ty, $conn:ident, $edge:ident, $what:literal) => {
        #[doc = concat!("One ", $what, " of a page, with its cursor.")]
        #[derive(SimpleObject)]
        pub struct $edge {
            /// Opaque position of the item; pass it as `after` to continue from here.
            pub cursor: String,
            #[doc = concat!("The ", $what, ".")]
            pub node: $node,
        }

        #[doc = concat!("A page of ", $what, "s (a Relay connection): its edges, where it sits, and the size of the whole list.")]
        #[derive(SimpleObject)]
        pub struct $conn {
            /// The items of this page, in list order.
            pub edges: Vec<$edge>,
            /// Where this page sits in the list.
            pub page_info: PageInfo,
            /// How many items the whole list has (not just this page).
            pub total_count: usize,
        }

        impl Paged for $node {
            type Connection = $conn;
            fn connection(edges: Vec<(String, Self)>, page_info: PageInfo, total_count: usize) -> $conn {
                $conn {
                    edges: edges.into_iter().map(|(cursor, node)| $edge { cursor, node }).collect(),
                    page_info,
                    total_count,
                }
            }
        }
    };
}

connection_types!(Entity, EntityConnection, EntityEdge, "entity");
connection_types!(RelationObj, RelationConnection, RelationEdge, "relation");
connection_types!(FactObj, FactConnection, FactEdge, "fact");

/// The page info for a window whose items are `len` long.
pub fn page_info(w: Window) -> PageInfo {
    PageInfo {
        has_next_page: w.end < w.total,
        has_previous_page: w.start > 0,
        start_cursor: (w.end > w.start).then(|| Cursor(w.start).encode()),
        end_cursor: (w.end > w.start).then(|| Cursor(w.end - 1).encode()),
    }
}

/// Builds a connection page from a window and the page's items.
pub fn page<T: Paged>(w: Window, items: Vec<T>) -> T::Connection {
    let edges = items
        .into_iter()
        .enumerate()
        .map(|(i, node)| (Cursor(w.start + i).encode(), node))
        .collect();
    T::connection(edges, page_info(w), w.total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor(41).encode();
        assert_eq!(Cursor::decode(&c).unwrap(), Cursor(41));
        assert!(Cursor::decode("nope!").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode("at:x")).is_err());
    }

    #[test]
    fn windows() {
        let w = window(Some(2), Some(&Cursor(1).encode()), 5).unwrap();
        assert_eq!((w.start, w.end), (2, 4));
        let w = window(None, Some(&Cursor(4).encode()), 10).unwrap();
        assert_eq!((w.start, w.end), (5, 10));
        assert!(window(None, Some(&Cursor(5).encode()), 5).is_err());
        assert_eq!(window(Some(100), None, 0).unwrap().end, 0);
    }
}
