//! The shared journal: a PostgreSQL database (through `tokio-postgres`
//! with a `deadpool` pool) that several servers write and follow, for
//! replicas behind a load balancer. It keeps what the SQLite journal keeps
//! (the changes, the base they apply to, the API keys), in tables of an
//! `innograph` schema that the first server to connect creates.
//!
//! Revisions are gapless and in commit order across every writer: a batch
//! is appended in one transaction that first takes the one-row `head`
//! table `FOR UPDATE` (so writers take turns, and a revision is assigned
//! only while its writer holds the turn), checks that the head is the
//! revision the batch was planned on ([`JournalError::Behind`] when
//! another server wrote first), inserts the changes, moves the head and
//! announces it with `pg_notify` on the `innograph_changes` channel. The
//! notification is delivered at commit, carrying only the new head: a
//! doorbell, after which followers read what they miss with
//! [`Journal::since`]. A write is durable (PostgreSQL's commit) when
//! [`Journal::append_after`] returns.
//!
//! | table | columns |
//! |---|---|
//! | `innograph.schema_version` | one row: `version`, `created_ms` |
//! | `innograph.base` | at most one row: `hash`, `description`, `recorded_ms` |
//! | `innograph.head` | one row: `revision`, the last one committed |
//! | `innograph.changes` | `revision bigint PRIMARY KEY`, `time_ms`, `key_name`, `reason`, `sources` (json), `idempotency_key` (unique), `operations` (json), `response` (json) |
//! | `innograph.keys` | as in SQLite: `name`, `scope`, `prefix` (unique), `hash` (SHA-256 of the secret), `created_ms`, `revoked_ms` |

mod db;
mod key_store;
mod listen;

use std::sync::{mpsc, Arc, Mutex};

use tokio_postgres::Row;

pub use self::db::redact;
use self::db::{pg_err, pool_err, PgDb};
use self::key_store::PgKeys;
use super::columns::{gap, now_ms, revision, sql_revision, to_json};
use super::{BaseInfo, Change, Journal, JournalError, NewChange};

/// Rows per batch when `integrity_check` reads the whole journal.
const CHECK_BATCH: i32 = 1000;

/// The columns of a change, in the order [`decode`] reads them.
const COLUMNS: &str = "revision, time_ms, key_name, reason, sources::text, idempotency_key, \
                       operations::text, response::text";

/// A journal in a PostgreSQL database (see the module documentation).
///
/// ```no_run
/// use innograph::journal::{Journal, postgres::PgJournal};
/// let journal = PgJournal::connect("postgres://innograph@127.0.0.1:5432/innograph").unwrap();
/// println!("at revision {}", journal.head().unwrap());
/// ```
pub struct PgJournal {
    db: Arc<PgDb>,
    keys: PgKeys,
    /// The doorbell, until a follower takes it.
    doorbell: Mutex<Option<mpsc::Receiver<u64>>>,
}

impl std::fmt::Debug for PgJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgJournal")
            .field("database", &self.db.target)
            .finish_non_exhaustive()
    }
}

impl PgJournal {
    /// Connects to the database at `url` and creates the journal's tables
    /// if they are missing. A URL that does not parse is
    /// [`JournalError::Invalid`]; a database that cannot be reached is
    /// [`JournalError::Unavailable`]. Messages name the database, never
    /// its password.
    pub fn connect(url: &str) -> Result<PgJournal, JournalError> {
        let db = Arc::new(PgDb::connect(url)?);
        let (ring, doorbell) = mpsc::channel();
        db.spawn(listen::listen(db.config.clone(), ring));
        Ok(PgJournal {
            keys: PgKeys::new(db.clone()),
            db,
            doorbell: Mutex::new(Some(doorbell)),
        })
    }

    /// The database, for messages (its password hidden).
    pub fn target(&self) -> &str {
        &self.db.target
    }
}

/// A row of `changes` (columns as [`COLUMNS`]) as a change; JSON that does
/// not parse is [`JournalError::Corrupt`].
fn decode(row: &Row) -> Result<Change, JournalError> {
    let get = |e: tokio_postgres::Error| JournalError::Corrupt(format!("a stored change: {e}"));
    let rev: i64 = row.try_get(0).map_err(get)?;
    let bad = |what: &str, e: serde_json::Error| {
        JournalError::Corrupt(format!(
            "revision {rev}: {what} is not the JSON expected: {e}"
        ))
    };
    let sources: &str = row.try_get(4).map_err(get)?;
    let operations: &str = row.try_get(6).map_err(get)?;
    let response: &str = row.try_get(7).map_err(get)?;
    Ok(Change {
        revision: revision(rev)?,
        change: NewChange {
            time_ms: row.try_get(1).map_err(get)?,
            key: row.try_get(2).map_err(get)?,
            reason: row.try_get(3).map_err(get)?,
            sources: serde_json::from_str(sources).map_err(|e| bad("sources", e))?,
            idempotency_key: row.try_get(5).map_err(get)?,
            operations: serde_json::from_str(operations).map_err(|e| bad("operations", e))?,
            response: serde_json::from_str(response).map_err(|e| bad("response", e))?,
        },
    })
}

/// A change's row, serialised before the call.
struct Encoded {
    time_ms: i64,
    key: String,
    reason: String,
    idempotency_key: Option<String>,
    sources: String,
    operations: String,
    response: String,
}

fn encode(c: &NewChange) -> Result<Encoded, JournalError> {
    Ok(Encoded {
        time_ms: c.time_ms,
        key: c.key.clone(),
        reason: c.reason.clone(),
        idempotency_key: c.idempotency_key.clone(),
        sources: to_json(&c.sources)?,
        operations: to_json(&c.operations)?,
        response: to_json(&c.response)?,
    })
}

impl Journal for PgJournal {
    fn base(&self) -> Result<Option<BaseInfo>, JournalError> {
        self.db.run(|pool| async move {
            let client = pool.get().await.map_err(pool_err)?;
            let row = client
                .query_opt(
                    "SELECT hash, description FROM innograph.base WHERE id = 1",
                    &[],
                )
                .await
                .map_err(pg_err)?;
            Ok(row.map(|r| BaseInfo {
                hash: r.get(0),
                description: r.get(1),
            }))
        })
    }

    /// Records the base, as the SQLite journal does: the same hash again is
    /// accepted (the first description kept), a different one refused.
    fn set_base(&self, base: &BaseInfo) -> Result<(), JournalError> {
        let base = base.clone();
        self.db.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_err)?;
            let tx = client.transaction().await.map_err(pg_err)?;
            tx.execute(
                "INSERT INTO innograph.base (id, hash, description, recorded_ms) \
                 VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING",
                &[&base.hash, &base.description, &now_ms()],
            )
            .await
            .map_err(pg_err)?;
            let row = tx
                .query_one(
                    "SELECT hash, description FROM innograph.base WHERE id = 1",
                    &[],
                )
                .await
                .map_err(pg_err)?;
            let (hash, description): (String, String) = (row.get(0), row.get(1));
            if hash != base.hash {
                return Err(JournalError::Invalid(format!(
                    "the journal's changes were made on base {hash} ({description}), \
                     not on this base {} ({}); refusing to mix them",
                    base.hash, base.description
                )));
            }
            tx.commit().await.map_err(pg_err)
        })
    }

    fn head(&self) -> Result<u64, JournalError> {
        self.db.run(|pool| async move {
            let client = pool.get().await.map_err(pool_err)?;
            let row = client
                .query_one("SELECT revision FROM innograph.head WHERE id = 1", &[])
                .await
                .map_err(pg_err)?;
            revision(row.get(0))
        })
    }

    /// Appends in one transaction holding the head row (see the module
    /// documentation). The idempotency keys are checked as SQLite's
    /// journal checks them, with the same answers.
    fn append_after(&self, after: u64, batch: &[NewChange]) -> Result<Vec<u64>, JournalError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let rows = batch.iter().map(encode).collect::<Result<Vec<_>, _>>()?;
        self.db.run(move |pool| async move {
            let mut client = pool.get().await.map_err(pool_err)?;
            let tx = client.transaction().await.map_err(pg_err)?;
            let row = tx
                .query_one(
                    "SELECT revision FROM innograph.head WHERE id = 1 FOR UPDATE",
                    &[],
                )
                .await
                .map_err(pg_err)?;
            let head = revision(row.get(0))?;
            if head != after {
                return Err(JournalError::Behind { head });
            }
            let keys: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.idempotency_key.as_deref())
                .collect();
            if !keys.is_empty() {
                let used = tx
                    .query(
                        "SELECT idempotency_key, revision FROM innograph.changes \
                         WHERE idempotency_key = ANY($1)",
                        &[&keys],
                    )
                    .await
                    .map_err(pg_err)?;
                // The first key of the batch (in batch order) used before.
                for key in &keys {
                    if let Some(r) = used.iter().find(|r| r.get::<_, &str>(0) == *key) {
                        return Err(JournalError::Duplicate {
                            revision: revision(r.get(1))?,
                        });
                    }
                }
                for (i, key) in keys.iter().enumerate() {
                    if keys[..i].contains(key) {
                        let first = rows
                            .iter()
                            .position(|r| r.idempotency_key.as_deref() == Some(*key))
                            .unwrap_or(0) as u64;
                        return Err(JournalError::Duplicate {
                            revision: head + 1 + first,
                        });
                    }
                }
            }
            let insert = tx
                .prepare(
                    "INSERT INTO innograph.changes (revision, time_ms, key_name, reason, \
                     sources, idempotency_key, operations, response) \
                     VALUES ($1, $2, $3, $4, $5::text::json, $6, $7::text::json, $8::text::json)",
                )
                .await
                .map_err(pg_err)?;
            let mut revisions = Vec::with_capacity(rows.len());
            for (rev, r) in (head + 1..).zip(&rows) {
                let sql_rev = sql_revision(rev)?;
                tx.execute(
                    &insert,
                    &[
                        &sql_rev,
                        &r.time_ms,
                        &r.key,
                        &r.reason,
                        &r.sources,
                        &r.idempotency_key,
                        &r.operations,
                        &r.response,
                    ],
                )
                .await
                .map_err(pg_err)?;
                revisions.push(rev);
            }
            let last = head + rows.len() as u64;
            let sql_last = sql_revision(last)?;
            tx.execute(
                "UPDATE innograph.head SET revision = $1 WHERE id = 1",
                &[&sql_last],
            )
            .await
            .map_err(pg_err)?;
            tx.execute(
                "SELECT pg_notify($1, $2)",
                &[&db::CHANNEL, &last.to_string()],
            )
            .await
            .map_err(pg_err)?;
            tx.commit().await.map_err(pg_err)?;
            Ok(revisions)
        })
    }

    fn since(&self, after: u64, limit: usize) -> Result<Vec<Change>, JournalError> {
        let Ok(after) = i64::try_from(after) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.db.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_err)?;
            let rows = client
                .query(
                    &format!(
                        "SELECT {COLUMNS} FROM innograph.changes WHERE revision > $1 \
                         ORDER BY revision LIMIT $2"
                    ),
                    &[&after, &limit],
                )
                .await
                .map_err(pg_err)?;
            rows.iter().map(decode).collect()
        })
    }

    fn by_idempotency_key(&self, key: &str) -> Result<Option<Change>, JournalError> {
        let key = key.to_owned();
        self.db.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_err)?;
            let row = client
                .query_opt(
                    &format!("SELECT {COLUMNS} FROM innograph.changes WHERE idempotency_key = $1"),
                    &[&key],
                )
                .await
                .map_err(pg_err)?;
            row.as_ref().map(decode).transpose()
        })
    }

    /// The revisions must be exactly 1..=head and the head row must name
    /// the last; every stored JSON value must parse (PostgreSQL checked
    /// its syntax on insert, and its own storage is checked by its
    /// checksums, where the cluster has them on).
    fn integrity_check(&self) -> Result<(), JournalError> {
        self.db.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_err)?;
            let tx = client
                .build_transaction()
                .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
                .map_err(pg_err)?;
            let mut problems = Vec::new();
            let row = tx
                .query_one(
                    "SELECT count(*), min(revision), max(revision), \
                     (SELECT revision FROM innograph.head WHERE id = 1) \
                     FROM innograph.changes",
                    &[],
                )
                .await
                .map_err(pg_err)?;
            let (count, min, max, head): (i64, Option<i64>, Option<i64>, Option<i64>) =
                (row.get(0), row.get(1), row.get(2), row.get(3));
            problems.extend(gap(count, min, max));
            if head != Some(max.unwrap_or(0)) {
                problems.push(format!(
                    "the head row says {head:?} but the last change is {}",
                    max.unwrap_or(0)
                ));
            }
            // Every row decodes, read through a portal a batch at a time,
            // so that checking a long journal holds one batch in memory,
            // not the whole table.
            let portal = tx
                .bind(&format!("SELECT {COLUMNS} FROM innograph.changes"), &[])
                .await
                .map_err(pg_err)?;
            loop {
                let rows = tx
                    .query_portal(&portal, CHECK_BATCH)
                    .await
                    .map_err(pg_err)?;
                for row in &rows {
                    if let Err(e) = decode(row) {
                        problems.push(e.to_string());
                    }
                }
                if rows.len() < CHECK_BATCH as usize {
                    break;
                }
            }
            tx.commit().await.map_err(pg_err)?;
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

    fn doorbell(&self) -> Option<mpsc::Receiver<u64>> {
        self.doorbell
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    fn shared(&self) -> bool {
        true
    }
}
