//! The root field `search`: entities ranked by relevance, with the score
//! of each.

use async_graphql::{Context, ErrorExtensions, Object, Result, SimpleObject};

use crate::graphql::context::{deadline, store};
use crate::graphql::enums::{self, EntityKind};
use crate::graphql::error::{ApiError, OrApiError};
use crate::graphql::limits::MAX_QUERY_CHARS;
use crate::graphql::pagination::{page_info, reach, window, Cursor, PageInfo};
use crate::graphql::types::{Entity, EntityRef};

/// A search result with its relevance.
#[derive(SimpleObject)]
pub(super) struct SearchEdge {
    /// Opaque position of the result; pass it as `after` to continue from here.
    pub cursor: String,
    /// The entity found.
    pub node: Entity,
    /// Relevance; higher is better. Exact name or alias matches score above 10.
    pub score: f64,
}

/// A page of search results, best first.
#[derive(SimpleObject)]
pub(super) struct SearchConnection {
    /// The results of this page.
    pub edges: Vec<SearchEdge>,
    /// Where this page sits in the results.
    pub page_info: PageInfo,
    /// How many entities match in all: exact up to 1,000; past that, a
    /// lower bound (see `totalCountIsExact`), as search engines count.
    pub total_count: usize,
    /// Whether `totalCount` is exact. False only when more than 1,000
    /// entities match: the count then stops, and `totalCount` says at
    /// least how many do. `pageInfo.hasNextPage` is right either way.
    pub total_count_is_exact: bool,
}

/// Full-text search.
#[derive(Default)]
pub(super) struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Entities ranked by relevance over names, Chinese names, aliases and
    /// descriptions. Typo-tolerant (one typo in words of 5+ letters, two in
    /// 9+), the last word matches as a prefix, and Chinese text works.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for, 1 to 200 characters.")] query: String,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<SearchConnection> {
        let store = store(ctx)?;
        let chars = query.chars().count();
        if chars == 0 || chars > MAX_QUERY_CHARS {
            return Err(ApiError::BadQuery {
                max: MAX_QUERY_CHARS,
            }
            .extend());
        }
        let kinds = enums::kinds(kinds);
        // Rank only as far as this page reaches, and one more, which says
        // whether a next page exists even when the count is a lower bound.
        let reach = reach(first, after.as_deref()).api()?;
        let found = store
            .search(
                &query,
                kinds.as_deref(),
                reach.saturating_add(1),
                deadline(ctx),
            )
            .map_err(|_| ApiError::Timeout)
            .api()?;
        let hits = found.hits;
        let total = if found.exact {
            found.total
        } else {
            found.total.max(hits.len())
        };
        let w = window(first, after.as_deref(), total).api()?;
        let edges = hits[w.start.min(hits.len())..w.end.min(hits.len())]
            .iter()
            .enumerate()
            .map(|(i, (ix, score))| SearchEdge {
                cursor: Cursor(w.start + i).encode(),
                node: Entity::from(EntityRef {
                    store: store.clone(),
                    ix: *ix,
                }),
                // Three decimals: enough to order by, short to read.
                score: (*score * 1000.0).round() / 1000.0,
            })
            .collect();
        Ok(SearchConnection {
            edges,
            page_info: page_info(w),
            total_count: w.total,
            total_count_is_exact: found.exact,
        })
    }
}
