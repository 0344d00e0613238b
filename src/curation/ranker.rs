//! The background PageRank: once changes have been published and the
//! writes pause (or the scores have fallen too far behind), it recomputes
//! the scores on the newest snapshot and publishes them (with the revision
//! they reflect, `Centrality.revision`). Changes that arrive meanwhile are
//! folded into the next round, never one round per change; reads never
//! wait for it.
//!
//! Why it waits for a pause: even at `SCHED_IDLE` a recomputation is not
//! free for the reads on a server short of CPU. Measured with `perf sched`
//! on one core under a write flood, a PageRank thread was handed the core
//! for a whole scheduler tick (4 ms) while an HTTP worker with reads was
//! runnable: Linux's fair scheduler gives an idle-class thread a turn when
//! the busier threads have run past their share. Run back to back, the
//! rounds kept the core saturated all through the flood.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::broadcast::Receiver;

use super::live::{Live, Snapshot};
use crate::algo::centrality::Centrality;
use crate::journal::Change;

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
            // Everything announced until the writes pause is covered by
            // this round.
            let first = Instant::now();
            loop {
                std::thread::sleep(QUIET);
                match drain(&mut feed) {
                    None => return,
                    Some(true) if first.elapsed() < MAX_STALE => {}
                    Some(_) => break,
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

/// How long the writes must pause before a recomputation starts.
const QUIET: Duration = Duration::from_millis(500);

/// Under writes that never pause, the longest a change waits for a
/// recomputation (give or take [`QUIET`] and the round itself).
const MAX_STALE: Duration = Duration::from_secs(30);

/// Takes every announcement waiting in `feed`: whether there was any
/// (`None` once the feed has closed).
fn drain(feed: &mut Receiver<Arc<Change>>) -> Option<bool> {
    let mut any = false;
    loop {
        match feed.try_recv() {
            Ok(_) | Err(TryRecvError::Lagged(_)) => any = true,
            Err(TryRecvError::Empty) => return Some(any),
            Err(TryRecvError::Closed) => return None,
        }
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
