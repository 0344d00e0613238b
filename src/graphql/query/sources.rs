//! The root fields `sources` and `source`: the articles behind the graph.

use async_graphql::{Context, Object, Result, ID};

use crate::graphql::context::store;
use crate::graphql::error::{ApiError, OrApiError};
use crate::graphql::types::SourceObj;

/// The source articles.
#[derive(Default)]
pub(super) struct SourceQuery;

#[Object]
impl SourceQuery {
    /// Every source article, with what each contributed.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<SourceObj>> {
        Ok(SourceObj::all(store(ctx)?))
    }

    /// One source article by id. Null, with a NOT_FOUND error, when unknown.
    async fn source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A source id, e.g. `putuo-hero-returns-2022`.")] id: ID,
    ) -> Result<Option<SourceObj>> {
        let store = store(ctx)?;
        let r = store
            .source_by_id(&id)
            .ok_or_else(|| ApiError::UnknownSource(id.to_string()))
            .api()?;
        Ok(SourceObj::list(store, &[r]).pop())
    }
}
