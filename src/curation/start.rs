//! Starting a curated graph: the journal replayed onto the base data, the
//! snapshot served from it, the writer that takes changes, the ranker
//! that keeps PageRank current and, on a shared journal, the follower that
//! has the writer apply what other servers write.

use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::Duration;

use super::live::Live;
use super::replay::{replay, ReplayError};
use super::writer::Writer;
use crate::journal::{BaseInfo, Journal};
use crate::store::Store;

/// A graph that takes changes: what a server serves and writes through.
pub struct Curated {
    /// The snapshot being served.
    pub live: Arc<Live>,
    /// Where changes go.
    pub writer: Writer,
}

/// Replays `journal` onto `base` (refusing a journal made on other data),
/// then starts the writer and the ranker.
///
/// ```
/// use std::sync::Arc;
/// use innograph::journal::{sqlite::SqliteJournal, BaseInfo, Journal};
/// let dir = tempfile::tempdir().unwrap();
/// let journal: Arc<dyn Journal> = Arc::new(SqliteJournal::open(dir.path().join("j")).unwrap());
/// let info = BaseInfo { hash: innograph::load::hash::builtin(), description: "built-in data".into() };
/// let curated = innograph::curation::start::open(innograph::load::builtin().unwrap(), &info, journal).unwrap();
/// assert_eq!(curated.live.snapshot().revision(), 0);
/// ```
pub fn open(
    base: Store,
    info: &BaseInfo,
    journal: Arc<dyn Journal>,
) -> Result<Curated, ReplayError> {
    let snapshot = replay(base, info, journal.as_ref())?;
    let live = Arc::new(Live::new(snapshot));
    let bell = journal.doorbell();
    let shared = journal.shared();
    let writer = Writer::start(live.clone(), journal);
    super::ranker::start(&live);
    if shared {
        follow(live.clone(), writer.clone(), bell);
    }
    Ok(Curated { live, writer })
}

/// How often a follower looks at a shared journal when its doorbell is
/// silent (announcements can be lost while a connection is down).
pub const POLL: Duration = Duration::from_secs(1);

/// Starts the follower: on every ring of the doorbell, and every [`POLL`]
/// without one, it asks the writer to catch up (the writer applies changes
/// in order, between its own batches).
fn follow(live: Arc<Live>, writer: Writer, mut bell: Option<std::sync::mpsc::Receiver<u64>>) {
    let spawned = std::thread::Builder::new()
        .name("innograph-follower".into())
        .spawn(move || loop {
            let heard = match &bell {
                Some(bell) => bell.recv_timeout(POLL),
                None => {
                    std::thread::sleep(POLL);
                    Err(RecvTimeoutError::Timeout)
                }
            };
            match heard {
                Ok(head) => live.note_head(head),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    tracing::warn!("the journal's doorbell stopped; polling instead");
                    bell = None;
                }
            }
            if !writer.catch_up() {
                break;
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the follower thread");
    }
}
