//! Relay cursor pagination, whatever is listed: opaque offset cursors,
//! the window a `first`/`after` pair selects, and `PageInfo`. The
//! connection types themselves are generic ([`super::types::Connection`]).

use async_graphql::SimpleObject;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::error::ApiError;
pub(crate) use super::limits::{DEFAULT_FIRST, MAX_FIRST};

/// An opaque cursor: a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cursor(pub usize);

impl Cursor {
    /// Decodes a cursor this server issued.
    pub(crate) fn decode(s: &str) -> Result<Self, ApiError> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| ApiError::BadCursor)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| ApiError::BadCursor)?;
        let n = text
            .strip_prefix("at:")
            .and_then(|n| n.parse().ok())
            .ok_or(ApiError::BadCursor)?;
        Ok(Cursor(n))
    }

    /// The opaque text form.
    pub(crate) fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("at:{}", self.0))
    }
}

/// The slice of a list that a `first`/`after` pair selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    /// Index of the first item of the page.
    pub start: usize,
    /// Index one past the last item of the page.
    pub end: usize,
    /// Length of the whole list.
    pub total: usize,
}

/// Works out the page for `first`/`after` over a list of `total` items.
pub(crate) fn window(
    first: Option<i32>,
    after: Option<&str>,
    total: usize,
) -> Result<Window, ApiError> {
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

/// Where a page starts and how long it is at most, from its arguments
/// alone (before the list's length is known), so that a list need only be
/// walked, or ranked, that far. [`window`] then checks the cursor against
/// the length.
pub(crate) fn bounds(first: Option<i32>, after: Option<&str>) -> Result<(usize, usize), ApiError> {
    let len = window(first, None, usize::MAX)?.end;
    let start = match after {
        None => 0,
        Some(c) => Cursor::decode(c)?.0.saturating_add(1),
    };
    Ok((start, len))
}

/// How far into a list a page reaches (its end position): see [`bounds`].
pub(crate) fn reach(first: Option<i32>, after: Option<&str>) -> Result<usize, ApiError> {
    let (start, len) = bounds(first, after)?;
    Ok(start.saturating_add(len))
}

/// Where a page sits in its list (Relay `PageInfo`).
#[derive(SimpleObject, Debug, Clone)]
pub(crate) struct PageInfo {
    /// Whether items come after this page.
    pub has_next_page: bool,
    /// Whether items come before this page.
    pub has_previous_page: bool,
    /// The first edge's cursor.
    pub start_cursor: Option<String>,
    /// The last edge's cursor: pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// Where the page of a window sits in its list.
pub(crate) fn page_info(w: Window) -> PageInfo {
    PageInfo {
        has_next_page: w.end < w.total,
        has_previous_page: w.start > 0,
        start_cursor: (w.end > w.start).then(|| Cursor(w.start).encode()),
        end_cursor: (w.end > w.start).then(|| Cursor(w.end - 1).encode()),
    }
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
    fn bounds_come_from_the_arguments_alone() {
        assert_eq!(bounds(Some(5), Some(&Cursor(9).encode())).unwrap(), (10, 5));
        assert_eq!(bounds(None, None).unwrap(), (0, DEFAULT_FIRST));
        assert!(bounds(Some(0), None).is_err());
        assert!(bounds(Some(101), None).is_err());
        assert!(bounds(None, Some("nope")).is_err());
        assert_eq!(reach(Some(5), Some(&Cursor(9).encode())).unwrap(), 15);
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
