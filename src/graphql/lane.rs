//! A thread of its own, at below-normal priority, on which mutation
//! requests execute, so that on a server short of CPU the reads queued on
//! the HTTP workers are not held up behind the GraphQL execution of every
//! mutation ahead of them (issue 14: read p99 during a write flood). The
//! workers still decode the HTTP request; the lane runs the executor's
//! steps 5 to 7 (execution, completion, the JSON body) and hands the
//! outcome back. Measured with `benches/curation.rs` (BENCHMARKS.md,
//! "Curation: writes under load").

use std::future::Future;

use tokio::runtime::{Builder, Handle};
use tokio::sync::oneshot;
use tracing::Instrument as _;

/// A single-threaded runtime on its own thread, for work that should give
/// way to the HTTP workers.
#[derive(Clone, Debug)]
pub struct Lane {
    handle: Handle,
    /// Dropped with the last clone of the lane, which ends its thread.
    _stop: std::sync::Arc<oneshot::Sender<()>>,
}

impl Lane {
    /// Starts the lane's thread (named `name`). Its priority is lowered
    /// where the platform allows; where it does not, it runs at normal
    /// priority and says so in the log.
    pub fn start(name: &str) -> std::io::Result<Lane> {
        let runtime = Builder::new_current_thread().enable_all().build()?;
        let handle = runtime.handle().clone();
        let (started, ready) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                if let Err(e) = crate::curation::priority::below_normal() {
                    tracing::warn!("the mutation lane runs at normal priority: {e}");
                }
                let _ = started.send(());
                // Runs spawned tasks until the last clone of the lane is
                // dropped (the sender then closes without sending).
                let _ = runtime.block_on(stopped);
            })?;
        // The thread has set its priority before the first task arrives.
        let _ = ready.recv();
        Ok(Lane {
            handle,
            _stop: std::sync::Arc::new(stop),
        })
    }

    /// Runs `work` on the lane and waits for its output; `None` if the
    /// task was lost (it panicked or the lane stopped).
    pub async fn run<T, F>(&self, work: F) -> Option<T>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        // The request's span (telemetry) follows the work onto the lane.
        let work = work.in_current_span();
        self.handle.spawn(async move {
            let _ = tx.send(work.await);
        });
        rx.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_the_lane_thread_and_answers() {
        let lane = Lane::start("test-lane").expect("a lane starts");
        let name = lane
            .run(async { std::thread::current().name().map(str::to_owned) })
            .await;
        assert_eq!(name, Some(Some("test-lane".to_owned())));
    }

    #[tokio::test]
    async fn a_panicking_task_is_reported_as_lost() {
        let lane = Lane::start("test-lane-panic").expect("a lane starts");
        let lost: Option<u32> = lane.run(async { panic!("boom") }).await;
        assert_eq!(lost, None);
        // The lane still runs work after a task panicked.
        assert_eq!(lane.run(async { 7 }).await, Some(7));
    }
}
