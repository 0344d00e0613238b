//! The root fields `revision` and `changes`: where the graph stands and
//! how it got there.

use async_graphql::{Context, Object, Result};

use crate::graphql::change;
use crate::graphql::context::snapshot;
use crate::graphql::types::ChangeConnection;

/// The revision and the changes.
#[derive(Default)]
pub(super) struct HistoryQuery;

#[Object]
impl HistoryQuery {
    /// The revision this answer reads: how many changes have been applied
    /// to the base data (0 for the data as loaded). Every response also
    /// carries it in `extensions.revision`.
    async fn revision(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(snapshot(ctx)?.revision())
    }

    /// The changes after revision `since` (all when omitted), oldest first:
    /// revision, time, key, reason, sources and each operation's before and
    /// after.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes after this revision.")] since: Option<u64>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<ChangeConnection> {
        let snapshot = snapshot(ctx)?;
        let head = snapshot.history.len() as u64;
        let since = since.unwrap_or(0).min(head);
        let total = usize::try_from(head - since).unwrap_or(usize::MAX);
        change::page(snapshot, total, |i| since + 1 + i as u64, first, after)
    }
}
