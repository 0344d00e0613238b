//! The SQLite file under [`SqliteJournal`](super::SqliteJournal): opening
//! it (creating the schema, recognising a file that is not a journal or is
//! newer than this build), its connections (one writer behind a mutex, a
//! small pool of read-only readers), and the mapping of SQLite's errors to
//! [`JournalError`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension as _, TransactionBehavior};

use crate::journal::columns::now_ms;
use crate::journal::JournalError;

/// The schema this build writes and reads.
pub(super) const SCHEMA_VERSION: i64 = 1;
/// The `application_id` in the file's header that marks an innograph
/// journal ("IGJ1").
pub(super) const APPLICATION_ID: i32 = 0x4947_4a31;
/// How long a connection waits for a lock held by another connection (or
/// process) before giving up with [`JournalError::Unavailable`].
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Most read connections kept open between reads.
const MAX_IDLE_READERS: usize = 8;

/// The tables of schema version 1.
const SCHEMA: &str = "
CREATE TABLE schema_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE base (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL,
    description TEXT NOT NULL,
    recorded_ms INTEGER NOT NULL
);
CREATE TABLE changes (
    revision INTEGER PRIMARY KEY CHECK (revision > 0),
    time_ms INTEGER NOT NULL,
    key_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    sources TEXT NOT NULL CHECK (json_valid(sources)),
    idempotency_key TEXT UNIQUE,
    operations TEXT NOT NULL CHECK (json_valid(operations)),
    response TEXT NOT NULL CHECK (json_valid(response))
);
CREATE TABLE keys (
    name TEXT PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'curate', 'admin')),
    prefix TEXT NOT NULL UNIQUE,
    hash BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    revoked_ms INTEGER
);
";

/// `rusqlite` results as journal results.
pub(super) trait Sql<T> {
    /// The result with SQLite's error mapped by [`db_err`].
    fn sql(self) -> Result<T, JournalError>;
}

impl<T> Sql<T> for rusqlite::Result<T> {
    fn sql(self) -> Result<T, JournalError> {
        self.map_err(db_err)
    }
}

/// SQLite's "busy" and "locked" (another connection holds the lock past
/// the busy timeout) are [`JournalError::Unavailable`]: retrying may
/// succeed. Everything else is [`JournalError::Database`].
pub(super) fn db_err(e: rusqlite::Error) -> JournalError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            JournalError::Unavailable(e.to_string())
        }
        _ => JournalError::Database(e.to_string()),
    }
}

/// The open journal file.
pub(super) struct Db {
    path: PathBuf,
    /// Read-only connections not in use. Declared before the writer so they
    /// close first: the last connection to close checkpoints the log and
    /// removes it, which only a read-write one can do.
    idle: Mutex<Vec<Connection>>,
    /// The one connection that writes.
    writer: Mutex<Connection>,
}

impl Db {
    /// Opens (with `create`, creates) the journal at `path`.
    pub(super) fn open(path: &Path, create: bool) -> Result<Db, JournalError> {
        let at = |e: JournalError| in_file(path, e);
        if !create && !path.exists() {
            return Err(JournalError::NotFound(format!(
                "no journal at {}",
                path.display()
            )));
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(path, flags).sql().map_err(at)?;
        conn.busy_timeout(BUSY_TIMEOUT).sql().map_err(at)?;
        prepare(&mut conn).map_err(at)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .sql()
            .map_err(at)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .sql()
            .map_err(at)?;
        Ok(Db {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
            writer: Mutex::new(conn),
        })
    }

    /// The file.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the writer connection (one caller at a time).
    pub(super) fn write<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, JournalError>,
    ) -> Result<T, JournalError> {
        // A panic inside `f` dropped its transaction, which rolled back: the
        // connection is sound, so a poisoned lock is taken as it is.
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut conn)
    }

    /// Runs `f` on a read-only connection from the pool (opened when none
    /// is idle). Reads never wait for the writer (WAL).
    pub(super) fn read<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, JournalError>,
    ) -> Result<T, JournalError> {
        let pooled = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut conn = match pooled {
            Some(c) => c,
            None => self.reader().map_err(|e| in_file(&self.path, e))?,
        };
        let out = f(&mut conn);
        // A connection left inside a transaction (by a failed read) is not
        // reused.
        if conn.is_autocommit() {
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            if idle.len() < MAX_IDLE_READERS {
                idle.push(conn);
            }
        }
        out
    }

    fn reader(&self) -> Result<Connection, JournalError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).sql()?;
        conn.busy_timeout(BUSY_TIMEOUT).sql()?;
        Ok(conn)
    }
}

/// The error with the file's name in front of its message (unless the
/// message names it already).
fn in_file(path: &Path, e: JournalError) -> JournalError {
    let p = path.display().to_string();
    let named = |m: String| {
        if m.contains(&p) {
            m
        } else {
            format!("{p}: {m}")
        }
    };
    match e {
        JournalError::Database(m) => JournalError::Database(named(m)),
        JournalError::Unavailable(m) => JournalError::Unavailable(named(m)),
        JournalError::Corrupt(m) => JournalError::Corrupt(named(m)),
        JournalError::Invalid(m) => JournalError::Invalid(named(m)),
        other => other,
    }
}

/// Makes sure the open file is a journal of this schema version: an empty
/// file becomes one; a file that is not an SQLite database, an SQLite
/// database of something else, or a journal of a newer version is refused.
fn prepare(conn: &mut Connection) -> Result<(), JournalError> {
    let not_journal =
        |why: &str| JournalError::Invalid(format!("not an innograph journal ({why})"));
    let app: i32 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(app) => app,
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            return Err(not_journal("not an SQLite database"));
        }
        Err(e) => return Err(db_err(e)),
    };
    let tables = || -> Result<i64, JournalError> {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .sql()
    };
    let empty = app == 0 && tables()? == 0;
    if !empty && app != APPLICATION_ID {
        return Err(not_journal("an SQLite database of another application"));
    }
    // WAL is a property of the file: set once, kept. Set before anything
    // is written, and only on a file known to be (or become) a journal.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .sql()?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(JournalError::Database(format!(
            "cannot use write-ahead logging (journal mode stays `{mode}`)"
        )));
    }
    if empty {
        create_schema(conn)?;
    }
    let version: Option<i64> = conn
        .query_row("SELECT version FROM schema_version WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|_| not_journal("no schema version"))?;
    match version {
        Some(SCHEMA_VERSION) => Ok(()),
        Some(v) if v > SCHEMA_VERSION => Err(JournalError::Invalid(format!(
            "journal schema version {v} is newer than this innograph's ({SCHEMA_VERSION}); \
             use a newer innograph"
        ))),
        // Migrations from older versions go here once there are any.
        Some(v) => Err(JournalError::Invalid(format!(
            "unknown journal schema version {v}"
        ))),
        None => Err(not_journal("no schema version")),
    }
}

/// Creates the tables in one transaction (a second process opening the
/// same new file at once waits, then finds them made).
fn create_schema(conn: &mut Connection) -> Result<(), JournalError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .sql()?;
    let tables: i64 = tx
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .sql()?;
    if tables == 0 {
        tx.execute_batch(SCHEMA).sql()?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .sql()?;
        tx.execute(
            "INSERT INTO schema_version (id, version, created_ms) VALUES (1, ?1, ?2)",
            (SCHEMA_VERSION, now_ms()),
        )
        .sql()?;
    }
    tx.commit().sql()
}
