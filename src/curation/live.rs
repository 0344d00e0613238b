//! The snapshot being served and how it is replaced: readers take the
//! current [`Snapshot`] (one atomic load, never a lock) and keep it for
//! their whole request; the writer (and the background PageRank) publish
//! the next one whole, so no reader ever sees half a change. Every change
//! published is also announced to subscribers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwap;
use tokio::sync::{broadcast, watch};

use super::history::History;
use crate::algo::centrality::Centrality;
use crate::journal::Change;
use crate::store::Store;

/// How many changes a subscriber may fall behind before it is told to
/// resume from `changes(since:)`.
pub const FEED_CAPACITY: usize = 4096;

/// Everything one revision of the graph answers with.
#[derive(Clone)]
pub struct Snapshot {
    /// The graph.
    pub store: Arc<Store>,
    /// PageRank, as computed for `centrality_revision`.
    pub centrality: Arc<Centrality>,
    /// The revision the PageRank figures reflect (recomputed in the
    /// background, so it may trail `revision()`).
    pub centrality_revision: u64,
    /// Every change up to this revision.
    pub history: History,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("revision", &self.revision())
            .field("centrality_revision", &self.centrality_revision)
            .field("changes", &self.history.len())
            .finish()
    }
}

impl Snapshot {
    /// A snapshot of a freshly loaded store (its PageRank computed now).
    pub fn of(store: Arc<Store>) -> Snapshot {
        let centrality = Arc::new(Centrality::compute(&store));
        Snapshot {
            centrality_revision: store.revision(),
            store,
            centrality,
            history: History::default(),
        }
    }

    /// The revision this snapshot is at.
    pub fn revision(&self) -> u64 {
        self.store.revision()
    }
}

/// The snapshot being served (see the module documentation).
pub struct Live {
    current: ArcSwap<Snapshot>,
    publishing: Mutex<()>,
    feed: broadcast::Sender<Arc<Change>>,
    /// The revision served, for those waiting to read at least a revision.
    served: watch::Sender<u64>,
    /// The highest revision the journal is known to hold (this server's
    /// own writes, and what a shared journal announced).
    journal_head: AtomicU64,
}

impl Live {
    /// Serves `snapshot`.
    pub fn new(snapshot: Snapshot) -> Live {
        let (feed, _) = broadcast::channel(FEED_CAPACITY);
        let revision = snapshot.revision();
        Live {
            current: ArcSwap::from_pointee(snapshot),
            publishing: Mutex::new(()),
            feed,
            served: watch::Sender::new(revision),
            journal_head: AtomicU64::new(revision),
        }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Replaces the current snapshot with `next(current)`; publishers take
    /// turns, readers never wait. Returns the snapshot published.
    pub fn publish(&self, next: impl FnOnce(&Snapshot) -> Snapshot) -> Arc<Snapshot> {
        let _turn = self
            .publishing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = self.current.load();
        let published = Arc::new(next(&now));
        self.current.store(published.clone());
        let revision = published.revision();
        self.served.send_if_modified(|r| {
            let moved = *r != revision;
            *r = revision;
            moved
        });
        self.note_head(revision);
        published
    }

    /// Records that the journal holds at least `head`.
    pub fn note_head(&self, head: u64) {
        self.journal_head.fetch_max(head, Ordering::Relaxed);
    }

    /// How many revisions the served snapshot is behind the journal, as
    /// far as this server knows.
    pub fn lag(&self) -> u64 {
        let head = self.journal_head.load(Ordering::Relaxed);
        head.saturating_sub(self.current.load().revision())
    }

    /// The current snapshot once it has reached `revision`, waiting up to
    /// `bound` for it; `None` if it has not by then. Never waits when it
    /// already has.
    pub async fn at_least(&self, revision: u64, bound: Duration) -> Option<Arc<Snapshot>> {
        let now = self.snapshot();
        if now.revision() >= revision {
            return Some(now);
        }
        let mut served = self.served.subscribe();
        let reached = tokio::time::timeout(bound, served.wait_for(|r| *r >= revision)).await;
        match reached {
            Ok(Ok(_)) => Some(self.snapshot()),
            _ => None,
        }
    }

    /// Tells subscribers about a published change.
    pub fn announce(&self, change: Arc<Change>) {
        // No subscriber is not an error.
        let _ = self.feed.send(change);
    }

    /// A feed of the changes published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.feed.subscribe()
    }
}
