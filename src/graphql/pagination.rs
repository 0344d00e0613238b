//! Relay cursor connections: opaque offset cursors, `first` limits and the
//! named connection types.

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields};
use async_graphql::{OutputType, SimpleObject};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::error::ApiError;

/// The default page size.
pub const DEFAULT_FIRST: usize = 20;
/// The largest page a client may ask for.
pub const MAX_FIRST: usize = 100;

/// An opaque cursor: a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(pub usize);

impl CursorType for Cursor {
    type Error = ApiError;

    fn decode_cursor(s: &str) -> Result<Self, ApiError> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| ApiError::BadCursor)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| ApiError::BadCursor)?;
        let n = text
            .strip_prefix("at:")
            .and_then(|n| n.parse().ok())
            .ok_or(ApiError::BadCursor)?;
        Ok(Cursor(n))
    }

    fn encode_cursor(&self) -> String {
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
        Some(got) => return Err(ApiError::BadFirst { got, max: MAX_FIRST }),
    };
    let start = match after {
        None => 0,
        Some(c) => {
            let Cursor(at) = Cursor::decode_cursor(c)?;
            if at >= total {
                return Err(ApiError::BadCursor);
            }
            at + 1
        }
    };
    let end = (start + first).min(total);
    Ok(Window { start, end, total })
}

/// `totalCount` on every connection.
#[derive(SimpleObject)]
pub struct Totals {
    /// How many items the whole list has (not just this page).
    pub total_count: usize,
}

macro_rules! connection_name {
    ($conn:ident, $edge:ident, $cname:literal, $ename:literal) => {
        /// Names a connection type.
        pub struct $conn;
        impl async_graphql::connection::ConnectionNameType for $conn {
            fn type_name<T: OutputType>() -> String {
                $cname.to_owned()
            }
        }
        /// Names an edge type.
        pub struct $edge;
        impl async_graphql::connection::EdgeNameType for $edge {
            fn type_name<T: OutputType>() -> String {
                $ename.to_owned()
            }
        }
    };
}

connection_name!(EntityConnectionName, EntityEdgeName, "EntityConnection", "EntityEdge");
connection_name!(RelationConnectionName, RelationEdgeName, "RelationConnection", "RelationEdge");
connection_name!(SearchConnectionName, SearchEdgeName, "SearchConnection", "SearchEdge");
connection_name!(FactConnectionName, FactEdgeName, "FactConnection", "FactEdge");

/// A connection with `totalCount`, named by `N`/`E`, whose edges may carry extra fields `EF`.
pub type Conn<T, N, E, EF = EmptyFields> = Connection<Cursor, T, Totals, EF, N, E>;

/// Builds a connection page from a window and the page's items.
pub fn page<T, N, E, EF>(w: Window, items: Vec<(T, EF)>) -> Conn<T, N, E, EF>
where
    T: OutputType,
    N: async_graphql::connection::ConnectionNameType,
    E: async_graphql::connection::EdgeNameType,
    EF: async_graphql::ObjectType,
{
    let mut conn = Connection::with_additional_fields(
        w.start > 0,
        w.end < w.total,
        Totals {
            total_count: w.total,
        },
    );
    conn.edges.extend(
        items
            .into_iter()
            .enumerate()
            .map(|(i, (node, extra))| Edge::with_additional_fields(Cursor(w.start + i), node, extra)),
    );
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor(41).encode_cursor();
        assert_eq!(Cursor::decode_cursor(&c).unwrap(), Cursor(41));
        assert!(Cursor::decode_cursor("nope!").is_err());
        assert!(Cursor::decode_cursor(&URL_SAFE_NO_PAD.encode("at:x")).is_err());
    }

    #[test]
    fn windows() {
        let w = window(Some(2), Some(&Cursor(1).encode_cursor()), 5).unwrap();
        assert_eq!((w.start, w.end), (2, 4));
        let w = window(None, Some(&Cursor(4).encode_cursor()), 10).unwrap();
        assert_eq!((w.start, w.end), (5, 10));
        assert!(window(None, Some(&Cursor(5).encode_cursor()), 5).is_err());
        assert_eq!(window(Some(100), None, 0).unwrap().end, 0);
    }
}
