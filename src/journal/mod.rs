//! The journal: the durable log of changes to the graph, behind one trait
//! ([`Journal`]) with an embedded SQLite backend ([`sqlite`], the default)
//! and a shared PostgreSQL one ([`postgres`], for several replicas). It stores
//! each change's metadata (revision, time, key name, reason, sources,
//! idempotency key) and its operations as opaque JSON that the curation
//! layer writes and reads; it knows nothing of GraphQL, HTTP or the graph's
//! model. API keys (hashed) live in the same database.
//!
//! Revisions are gapless and in commit order: the first change is
//! revision 1 (the base data is revision 0). A batch is appended in one
//! transaction and is durable when [`Journal::append_after`] returns; it is
//! appended only if the journal's head is still the revision the batch
//! was planned on, so a writer never records a change planned on a state
//! another writer has moved past ([`JournalError::Behind`]).

mod columns;
pub mod keys;
pub mod location;
pub mod postgres;
pub mod sqlite;
#[doc(hidden)]
pub mod suite;

/// The journal file used when none is named (`--journal`, or the
/// environment's `INNOGRAPH_JOURNAL`): `innograph.journal` in the working
/// directory, for `serve` and `keys` alike.
pub const DEFAULT_PATH: &str = "innograph.journal";

/// The environment variable that names the journal file.
pub const PATH_ENV: &str = "INNOGRAPH_JOURNAL";

use serde::{Deserialize, Serialize};

/// A change to append (its revision is assigned by the journal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewChange {
    /// When the change was made, as Unix milliseconds.
    pub time_ms: i64,
    /// The name of the API key that made it.
    pub key: String,
    /// Why, in the curator's words.
    pub reason: String,
    /// The ids of the sources the change cites.
    pub sources: Vec<String>,
    /// The client's idempotency key, if it sent one: a second append with
    /// the same key is refused with [`JournalError::Duplicate`].
    pub idempotency_key: Option<String>,
    /// The operations and their before/after states (the curation layer's
    /// JSON).
    pub operations: serde_json::Value,
    /// The answer given to the client, kept to answer a retry with the
    /// same idempotency key again.
    pub response: serde_json::Value,
}

/// A change as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Its revision (1, 2, ...).
    pub revision: u64,
    /// Everything else, as appended.
    #[serde(flatten)]
    pub change: NewChange,
}

/// What the journal records about the base data its changes apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseInfo {
    /// A content hash of the base data (see `load::hash`).
    pub hash: String,
    /// A human-readable description (e.g. "built-in data", a folder path).
    pub description: String,
}

/// Why the journal could not do something.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The database failed (I/O, corruption, a full disk...).
    #[error("journal database error: {0}")]
    Database(String),
    /// An idempotency key was used before, by the change at `revision`.
    #[error("idempotency key already used by revision {revision}")]
    Duplicate {
        /// The revision of the first change with this key.
        revision: u64,
    },
    /// The database is not reachable right now; retrying may succeed.
    #[error("journal unavailable: {0}")]
    Unavailable(String),
    /// The journal's contents are inconsistent (an integrity check failed).
    #[error("journal integrity check failed: {0}")]
    Corrupt(String),
    /// Something named does not exist (a key name).
    #[error("{0}")]
    NotFound(String),
    /// A request that cannot be carried out as asked.
    #[error("{0}")]
    Invalid(String),
    /// Another writer appended first: the journal's head is `head`, past
    /// the revision the batch was planned on. Nothing was written.
    #[error("the journal is at revision {head}, past the one this batch was planned on")]
    Behind {
        /// The journal's head.
        head: u64,
    },
}

/// The durable change log (see the module documentation). Implementations
/// are used from one writer thread for appends and from any thread for
/// reads.
pub trait Journal: Send + Sync {
    /// The base the journal's changes apply to, once recorded.
    fn base(&self) -> Result<Option<BaseInfo>, JournalError>;

    /// Records the base (only when none is recorded yet).
    fn set_base(&self, base: &BaseInfo) -> Result<(), JournalError>;

    /// The last revision (0 when empty).
    fn head(&self) -> Result<u64, JournalError>;

    /// Appends changes in one transaction, if the head is still `after`
    /// ([`JournalError::Behind`] otherwise); durable on return. Their
    /// revisions follow the head in order. If an idempotency key was used
    /// before (by an earlier change or earlier in the batch), nothing of
    /// the batch is written and the error names the first revision.
    fn append_after(&self, after: u64, changes: &[NewChange]) -> Result<Vec<u64>, JournalError>;

    /// Appends changes after whatever the head is (for tools and tests
    /// that plan nothing on the journal's state).
    fn append(&self, changes: &[NewChange]) -> Result<Vec<u64>, JournalError> {
        loop {
            match self.append_after(self.head()?, changes) {
                Err(JournalError::Behind { .. }) => continue,
                done => return done,
            }
        }
    }

    /// Up to `limit` changes after revision `after`, in revision order.
    fn since(&self, after: u64, limit: usize) -> Result<Vec<Change>, JournalError>;

    /// The change that used an idempotency key, if any.
    fn by_idempotency_key(&self, key: &str) -> Result<Option<Change>, JournalError>;

    /// Checks the database's own integrity and that revisions run 1..=head
    /// without gaps.
    fn integrity_check(&self) -> Result<(), JournalError>;

    /// The API keys store.
    fn keys(&self) -> &dyn keys::KeyStore;

    /// A doorbell that rings with the new head whenever another writer
    /// commits (and once after each reconnection, when announcements may
    /// have been missed), for a follower to catch up with
    /// [`since`](Journal::since). Handed out once; `None` for a journal
    /// that announces nothing (SQLite's).
    fn doorbell(&self) -> Option<std::sync::mpsc::Receiver<u64>> {
        None
    }

    /// Whether other servers may write this journal at the same time (so a
    /// server must follow it).
    fn shared(&self) -> bool {
        false
    }
}

/// A shared journal's keys as a key store of their own (for a server that
/// holds the journal behind an `Arc`).
pub struct JournalKeys(pub std::sync::Arc<dyn Journal>);

impl keys::KeyStore for JournalKeys {
    fn create(&self, name: &str, scope: keys::Scope) -> Result<keys::NewKey, JournalError> {
        self.0.keys().create(name, scope)
    }

    fn list(&self) -> Result<Vec<keys::KeyRecord>, JournalError> {
        self.0.keys().list()
    }

    fn revoke(&self, name: &str) -> Result<(), JournalError> {
        self.0.keys().revoke(name)
    }

    fn verify(&self, presented: &str) -> Result<Option<keys::KeyRecord>, JournalError> {
        self.0.keys().verify(presented)
    }
}
