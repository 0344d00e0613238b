//! The background PageRank: after changes are published, it recomputes
//! the scores on the newest snapshot and publishes them (with the revision
//! they reflect, `Centrality.revision`). Changes that arrive while it
//! computes are folded into the next round, so under a flood of writes it
//! runs back to back, never once per change; reads never wait for it.

use std::sync::Arc;

use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use super::live::{Live, Snapshot};
use crate::algo::centrality::Centrality;

/// Starts the ranker thread over `live`; it stops when `live` is dropped.
pub fn start(live: &Arc<Live>) {
    let mut feed = live.subscribe();
    let live = Arc::downgrade(live);
    let spawned = std::thread::Builder::new()
        .name("innograph-ranker".into())
        .spawn(move || loop {
            match feed.blocking_recv() {
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
            // Everything announced meanwhile is covered by this round.
            loop {
                match feed.try_recv() {
                    Ok(_) | Err(TryRecvError::Lagged(_)) => {}
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Closed) => return,
                }
            }
            let Some(live) = live.upgrade() else { return };
            let ranked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rank(&live)));
            if ranked.is_err() {
                tracing::error!(
                    "recomputing PageRank panicked; the scores stay at revision {}",
                    live.snapshot().centrality_revision
                );
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the ranker thread; PageRank stays at the revision it was loaded at");
    }
}

/// Recomputes PageRank for the current snapshot and publishes it, unless
/// newer scores were published meanwhile.
pub fn rank(live: &Live) {
    let snapshot = live.snapshot();
    let revision = snapshot.revision();
    if snapshot.centrality_revision >= revision {
        return;
    }
    let started = std::time::Instant::now();
    let Some(centrality) = idle(|| Centrality::compute(&snapshot.store)) else {
        return;
    };
    let centrality = Arc::new(centrality);
    drop(snapshot);
    live.publish(|now| {
        if now.centrality_revision >= revision {
            return now.clone();
        }
        Snapshot {
            centrality: centrality.clone(),
            centrality_revision: revision,
            ..now.clone()
        }
    });
    tracing::debug!(revision, elapsed = ?started.elapsed(), "PageRank recomputed");
}

/// Runs `work` on a thread of the lowest scheduling class (`SCHED_IDLE` on
/// Linux; the lowest priority elsewhere), so that a recomputation gets only
/// CPU time no request wants: measured on one core under a write flood,
/// PageRank at normal priority took 43% of the samples and multiplied the
/// read p99 (see BENCHMARKS.md). Publishing happens back on the caller's
/// thread, at normal priority, so that no lock is ever held at idle
/// priority. If the priority cannot be lowered, the work runs anyway.
/// `None` when no thread could be started (the scores then stay as they
/// were until the next round).
fn idle<T: Send>(work: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        let body = || {
            if let Err(e) = super::priority::idle() {
                tracing::debug!(error = ?e, "cannot lower the ranker's priority");
            }
            work()
        };
        let handle = match std::thread::Builder::new()
            .name("innograph-rank-idle".into())
            .spawn_scoped(scope, body)
        {
            Ok(handle) => handle,
            Err(e) => {
                tracing::error!(error = %e, "cannot start a thread to recompute PageRank");
                return None;
            }
        };
        match handle.join() {
            Ok(done) => Some(done),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
