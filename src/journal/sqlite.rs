//! The embedded journal: one SQLite file (through `rusqlite`, SQLite
//! compiled in) in write-ahead-log mode with `synchronous=FULL`, so a
//! commit is on disk (the log fsynced) when it returns. It holds the
//! changes, the base they apply to, and the API keys.
//!
//! One connection writes, behind a mutex (the journal has one writer
//! thread; key management shares the connection for its rare writes); a
//! small pool of read-only connections serves reads from any thread, and
//! in WAL mode readers neither wait for the writer nor block it. Another
//! process (say `innograph keys create` while a server runs) may write the
//! same file: SQLite's locks serialise the writers, waiting up to
//! five seconds (the busy timeout) before a write fails as
//! [`JournalError::Unavailable`].
//!
//! The tables (schema version 1):
//!
//! | table | columns |
//! |---|---|
//! | `schema_version` | one row: `version`, `created_ms` |
//! | `base` | at most one row: `hash`, `description`, `recorded_ms` |
//! | `changes` | `revision INTEGER PRIMARY KEY`, `time_ms`, `key_name`, `reason`, `sources` (JSON array), `idempotency_key` (unique, null when none), `operations` (JSON), `response` (JSON) |
//! | `keys` | `name PRIMARY KEY`, `scope`, `prefix UNIQUE`, `hash` (SHA-256 of the secret), `created_ms`, `revoked_ms` (null until revoked) |
//!
//! The file's header carries `application_id` 0x49474A31 ("IGJ1"), which
//! tells a journal from any other SQLite database.

mod db;
mod key_store;

use std::collections::hash_map::{Entry, HashMap};
use std::path::Path;
use std::sync::Arc;

use rusqlite::{params, Connection, OptionalExtension as _, TransactionBehavior};

use self::db::{Db, Sql as _};
use self::key_store::SqliteKeys;
use super::columns::{gap, now_ms, revision, sql_revision, to_json};
use super::{BaseInfo, Change, Journal, JournalError, NewChange};

/// The columns of a change, in the order [`decode`] reads them.
const COLUMNS: &str =
    "revision, time_ms, key_name, reason, sources, idempotency_key, operations, response";

/// A journal in an SQLite file (see the module documentation).
///
/// ```
/// use innograph::journal::{Journal, NewChange};
/// use innograph::journal::sqlite::SqliteJournal;
///
/// let dir = tempfile::tempdir().unwrap();
/// let journal = SqliteJournal::open(dir.path().join("innograph.journal")).unwrap();
/// let change = NewChange {
///     time_ms: 1_700_000_000_000,
///     key: "alice".into(),
///     reason: "typo in the name".into(),
///     sources: vec!["src/1".into()],
///     idempotency_key: Some("req-1".into()),
///     operations: serde_json::json!([{"op": "updateEntity"}]),
///     response: serde_json::json!({"revision": 1}),
/// };
/// assert_eq!(journal.append(&[change]).unwrap(), vec![1]);
/// assert_eq!(journal.head().unwrap(), 1);
/// assert_eq!(journal.since(0, 10).unwrap()[0].change.reason, "typo in the name");
/// ```
pub struct SqliteJournal {
    db: Arc<Db>,
    keys: SqliteKeys,
}

impl std::fmt::Debug for SqliteJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteJournal")
            .field("path", &self.db.path())
            .finish_non_exhaustive()
    }
}

impl SqliteJournal {
    /// Opens the journal at `path`, creating the file and its tables when
    /// missing. A file that is not a journal (not SQLite, or another
    /// application's database) or a journal of a newer schema version is
    /// refused with [`JournalError::Invalid`]; a file that cannot be
    /// opened is [`JournalError::Database`]. Every message names the file.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteJournal, JournalError> {
        SqliteJournal::with_db(Db::open(path.as_ref(), true)?)
    }

    /// Like [`open`](SqliteJournal::open), but a missing file is
    /// [`JournalError::NotFound`] and is not created (for commands that
    /// only look, such as `innograph keys list`).
    pub fn open_existing(path: impl AsRef<Path>) -> Result<SqliteJournal, JournalError> {
        SqliteJournal::with_db(Db::open(path.as_ref(), false)?)
    }

    fn with_db(db: Db) -> Result<SqliteJournal, JournalError> {
        let db = Arc::new(db);
        Ok(SqliteJournal {
            keys: SqliteKeys::new(db.clone()),
            db,
        })
    }

    /// The journal's file.
    pub fn path(&self) -> &Path {
        self.db.path()
    }
}

/// A change's row, serialised before the writer lock is taken.
struct Encoded<'a> {
    change: &'a NewChange,
    sources: String,
    operations: String,
    response: String,
}

fn encode(change: &NewChange) -> Result<Encoded<'_>, JournalError> {
    Ok(Encoded {
        change,
        sources: to_json(&change.sources)?,
        operations: to_json(&change.operations)?,
        response: to_json(&change.response)?,
    })
}

/// A row of `changes` (columns as [`COLUMNS`]) as a change; JSON that does
/// not parse is [`JournalError::Corrupt`].
fn decode(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Change, JournalError>> {
    let rev: i64 = row.get(0)?;
    let sources: String = row.get(4)?;
    let operations: String = row.get(6)?;
    let response: String = row.get(7)?;
    let partial = NewChange {
        time_ms: row.get(1)?,
        key: row.get(2)?,
        reason: row.get(3)?,
        sources: Vec::new(),
        idempotency_key: row.get(5)?,
        operations: serde_json::Value::Null,
        response: serde_json::Value::Null,
    };
    let bad = |what: &str, e: serde_json::Error| {
        JournalError::Corrupt(format!(
            "revision {rev}: {what} is not the JSON expected: {e}"
        ))
    };
    Ok((|| {
        Ok(Change {
            revision: revision(rev)?,
            change: NewChange {
                sources: serde_json::from_str(&sources).map_err(|e| bad("sources", e))?,
                operations: serde_json::from_str(&operations).map_err(|e| bad("operations", e))?,
                response: serde_json::from_str(&response).map_err(|e| bad("response", e))?,
                ..partial
            },
        })
    })())
}

/// Changes a query selects (it selects [`COLUMNS`]).
fn changes(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Change>, JournalError> {
    let mut stmt = conn.prepare_cached(sql).sql()?;
    let rows = stmt.query_map(params, decode).sql()?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row.sql()??);
    }
    Ok(out)
}

fn head_of(conn: &Connection) -> Result<u64, JournalError> {
    let max: i64 = conn
        .query_row("SELECT COALESCE(MAX(revision), 0) FROM changes", [], |r| {
            r.get(0)
        })
        .sql()?;
    revision(max)
}

impl Journal for SqliteJournal {
    fn base(&self) -> Result<Option<BaseInfo>, JournalError> {
        self.db.read(|conn| {
            conn.query_row("SELECT hash, description FROM base WHERE id = 1", [], |r| {
                Ok(BaseInfo {
                    hash: r.get(0)?,
                    description: r.get(1)?,
                })
            })
            .optional()
            .sql()
        })
    }

    /// Records the base. Recording the same hash again is accepted (the
    /// description first recorded is kept: the same data may be found at
    /// another path); a different hash is [`JournalError::Invalid`], naming
    /// both.
    fn set_base(&self, base: &BaseInfo) -> Result<(), JournalError> {
        self.db.write(|conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .sql()?;
            let recorded: Option<(String, String)> = tx
                .query_row("SELECT hash, description FROM base WHERE id = 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .sql()?;
            match recorded {
                Some((hash, _)) if hash == base.hash => Ok(()),
                Some((hash, description)) => Err(JournalError::Invalid(format!(
                    "the journal's changes were made on base {hash} ({description}), \
                     not on this base {} ({}); refusing to mix them",
                    base.hash, base.description
                ))),
                None => {
                    tx.execute(
                        "INSERT INTO base (id, hash, description, recorded_ms) \
                         VALUES (1, ?1, ?2, ?3)",
                        params![base.hash, base.description, now_ms()],
                    )
                    .sql()?;
                    tx.commit().sql()
                }
            }
        })
    }

    fn head(&self) -> Result<u64, JournalError> {
        self.db.read(|conn| head_of(conn))
    }

    /// Appends in one `BEGIN IMMEDIATE` transaction. The idempotency keys
    /// are checked in batch order, and the first one that was used before
    /// fails the batch: a key already in the journal gives
    /// `Duplicate { revision }` of the change that has it; a key used
    /// twice within the batch gives the revision its first use would have
    /// had (`head + 1 + index`), which, being above [`Journal::head`],
    /// tells the caller that the clash is inside its own batch and where.
    fn append_after(&self, after: u64, batch: &[NewChange]) -> Result<Vec<u64>, JournalError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let rows = batch.iter().map(encode).collect::<Result<Vec<_>, _>>()?;
        self.db.write(|conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .sql()?;
            let head = head_of(&tx)?;
            if head != after {
                return Err(JournalError::Behind { head });
            }
            {
                let mut used = tx
                    .prepare_cached("SELECT revision FROM changes WHERE idempotency_key = ?1")
                    .sql()?;
                let mut seen: HashMap<&str, u64> = HashMap::new();
                for (i, c) in (0u64..).zip(batch) {
                    let Some(key) = c.idempotency_key.as_deref() else {
                        continue;
                    };
                    let earlier: Option<i64> =
                        used.query_row([key], |r| r.get(0)).optional().sql()?;
                    if let Some(rev) = earlier {
                        return Err(JournalError::Duplicate {
                            revision: revision(rev)?,
                        });
                    }
                    match seen.entry(key) {
                        Entry::Occupied(first) => {
                            return Err(JournalError::Duplicate {
                                revision: head + 1 + first.get(),
                            });
                        }
                        Entry::Vacant(v) => {
                            v.insert(i);
                        }
                    }
                }
            }
            let mut revisions = Vec::with_capacity(rows.len());
            {
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO changes (revision, time_ms, key_name, reason, sources, \
                         idempotency_key, operations, response) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )
                    .sql()?;
                for (rev, row) in (head + 1..).zip(&rows) {
                    let c = row.change;
                    insert
                        .execute(params![
                            sql_revision(rev)?,
                            c.time_ms,
                            c.key,
                            c.reason,
                            row.sources,
                            c.idempotency_key,
                            row.operations,
                            row.response,
                        ])
                        .sql()?;
                    revisions.push(rev);
                }
            }
            tx.commit().sql()?;
            Ok(revisions)
        })
    }

    fn since(&self, after: u64, limit: usize) -> Result<Vec<Change>, JournalError> {
        let Ok(after) = i64::try_from(after) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.db.read(|conn| {
            changes(
                conn,
                &format!(
                    "SELECT {COLUMNS} FROM changes WHERE revision > ?1 ORDER BY revision LIMIT ?2"
                ),
                (after, limit),
            )
        })
    }

    fn by_idempotency_key(&self, key: &str) -> Result<Option<Change>, JournalError> {
        self.db.read(|conn| {
            let found = changes(
                conn,
                &format!("SELECT {COLUMNS} FROM changes WHERE idempotency_key = ?1"),
                [key],
            )?;
            Ok(found.into_iter().next())
        })
    }

    /// `PRAGMA integrity_check` must answer `ok`, and the revisions must be
    /// exactly 1..=head: as many changes as the highest revision, the
    /// lowest 1 (revisions are unique, so nothing else fits).
    fn integrity_check(&self) -> Result<(), JournalError> {
        self.db.read(|conn| {
            let tx = conn.transaction().sql()?;
            let mut problems = Vec::new();
            {
                let mut stmt = tx.prepare("PRAGMA integrity_check").sql()?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0)).sql()?;
                for row in rows {
                    let line = row.sql()?;
                    if line != "ok" {
                        problems.push(line);
                    }
                }
            }
            let (count, min, max): (i64, Option<i64>, Option<i64>) = tx
                .query_row(
                    "SELECT count(*), min(revision), max(revision) FROM changes",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .sql()?;
            problems.extend(gap(count, min, max));
            tx.finish().sql()?;
            if problems.is_empty() {
                Ok(())
            } else {
                Err(JournalError::Corrupt(problems.join("; ")))
            }
        })
    }

    fn keys(&self) -> &dyn super::keys::KeyStore {
        &self.keys
    }
}

#[cfg(test)]
mod tests;
