//! The subscription root: `changes(since:)`, the feed of changes as they
//! are published, served over WebSocket (graphql-transport-ws).

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions as _, Result, Subscription as GqlSubscription};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::{self, error::RecvError};

use super::code::ErrorCode;
use super::types::ChangeObj;
use crate::curation::{Live, Snapshot};
use crate::journal::Change;

/// The feeds a client can subscribe to.
#[derive(Default)]
pub struct Subscription;

/// Where a feed stands: the changes of the snapshot it started on still
/// to send, then the live feed.
struct Feed {
    live: Arc<Live>,
    start: Arc<Snapshot>,
    feed: broadcast::Receiver<Arc<Change>>,
    /// The last revision sent.
    last: u64,
    done: bool,
}

impl Feed {
    fn event(&self, change: Arc<Change>) -> ChangeObj {
        ChangeObj {
            store: self.live.snapshot().store.clone(),
            change,
        }
    }

    async fn next(&mut self) -> Option<Result<ChangeObj>> {
        if self.done {
            return None;
        }
        // First what happened before the subscription started.
        if let Some(change) = self.start.history.get(self.last + 1).cloned() {
            self.last = change.revision;
            return Some(Ok(self.event(change)));
        }
        loop {
            match self.feed.recv().await {
                // Published before the starting snapshot was read: sent.
                Ok(change) if change.revision <= self.last => continue,
                Ok(change) => {
                    self.last = change.revision;
                    return Some(Ok(self.event(change)));
                }
                Err(RecvError::Lagged(missed)) => {
                    self.done = true;
                    let last = self.last;
                    return Some(Err(async_graphql::Error::new(format!(
                        "this subscription fell {missed} changes behind the feed and was ended: read what you missed with `changes(since: {last})`, then subscribe again with `changes(since: <the last revision read>)`"
                    ))
                    .extend_with(|_, e| {
                        e.set("code", ErrorCode::FellBehind.as_str());
                        e.set("lastRevision", last);
                    })));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

/// Feeds over the WebSocket on `/graphql` (graphql-transport-ws).
#[GqlSubscription]
impl Subscription {
    /// Every change to the graph as it is published (so as soon as it is
    /// acknowledged), oldest first. With `since`, first every change after
    /// that revision, then the live ones, none missed and none twice. A
    /// subscriber that falls more than 4096 changes behind is ended with a
    /// `FELL_BEHIND` error saying where to resume from.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Start after this revision (default: the current one, so only new changes)."
        )]
        since: Option<u64>,
    ) -> Result<impl Stream<Item = Result<ChangeObj>>> {
        let live = ctx.data::<Arc<Live>>()?.clone();
        // Subscribed before the snapshot is read: nothing falls between.
        let feed = live.subscribe();
        let start = live.snapshot();
        let head = start.revision();
        let last = match since {
            None => head,
            Some(s) if s <= head => s,
            Some(s) => {
                return Err(async_graphql::Error::new(format!(
                    "`since` is {s}, after the current revision {head}"
                ))
                .extend_with(|_, e| {
                    e.set("code", ErrorCode::BadUserInput.as_str());
                    e.set("currentRevision", head);
                }))
            }
        };
        let state = Feed {
            live,
            start,
            feed,
            last,
            done: false,
        };
        Ok(stream::unfold(state, |mut state| async move {
            let item = state.next().await?;
            Some((item, state))
        }))
    }
}
