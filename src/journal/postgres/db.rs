//! The PostgreSQL database under [`PgJournal`](super::PgJournal): the
//! connection pool, the small runtime its connections run on, the schema
//! (created on first use, under an advisory lock so replicas starting
//! together do not race), and the mapping of PostgreSQL's errors to
//! [`JournalError`].
//!
//! The journal's trait is synchronous (the writer is a thread), while
//! `tokio-postgres` is asynchronous: every call is spawned onto the
//! journal's own runtime and its answer awaited on a channel, which works
//! from any thread, inside another runtime (an HTTP worker checking a key)
//! or not. Every call has a deadline, so a database that stops answering
//! is [`JournalError::Unavailable`] after [`CALL_TIMEOUT`], never a hang.

use std::future::Future;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;

use crate::journal::columns::now_ms;
use crate::journal::JournalError;

/// The schema this build writes and reads.
pub(super) const SCHEMA_VERSION: i32 = 1;
/// The advisory lock key under which the schema is created ("IGJ1").
const SCHEMA_LOCK: i64 = 0x4947_4a31;
/// The channel on which each commit's new head is announced.
pub(super) const CHANNEL: &str = "innograph_changes";
/// The longest any one call may take (connecting, waiting for the head
/// row's lock, the statements and the commit) before it is given up as
/// [`JournalError::Unavailable`].
pub(super) const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a new connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Connections in the pool.
const POOL_SIZE: usize = 8;

/// The tables of schema version 1, in their own PostgreSQL schema. The
/// `head` row is the numbering lock: a writer takes it `FOR UPDATE`, so
/// revisions are assigned in commit order without gaps.
const SCHEMA: &str = "
CREATE SCHEMA IF NOT EXISTS innograph;
CREATE TABLE IF NOT EXISTS innograph.schema_version (
    id integer PRIMARY KEY CHECK (id = 1),
    version integer NOT NULL,
    created_ms bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS innograph.base (
    id integer PRIMARY KEY CHECK (id = 1),
    hash text NOT NULL,
    description text NOT NULL,
    recorded_ms bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS innograph.head (
    id integer PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL CHECK (revision >= 0)
);
CREATE TABLE IF NOT EXISTS innograph.changes (
    revision bigint PRIMARY KEY CHECK (revision > 0),
    time_ms bigint NOT NULL,
    key_name text NOT NULL,
    reason text NOT NULL,
    sources json NOT NULL,
    idempotency_key text UNIQUE,
    operations json NOT NULL,
    response json NOT NULL
);
CREATE TABLE IF NOT EXISTS innograph.keys (
    name text PRIMARY KEY,
    scope text NOT NULL CHECK (scope IN ('read', 'curate', 'admin')),
    prefix text NOT NULL UNIQUE,
    hash bytea NOT NULL,
    created_ms bigint NOT NULL,
    revoked_ms bigint
);
INSERT INTO innograph.head (id, revision) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
";

/// The database: a pool of connections on the journal's runtime.
pub(super) struct PgDb {
    /// Where, for messages (the URL without its password).
    pub(super) target: String,
    /// The settings the pool and the listener connect with.
    pub(super) config: tokio_postgres::Config,
    pub(super) pool: Pool,
    runtime: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which is refused inside another
        // runtime (where a server may drop its journal): let it go instead.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// The connection string with any password replaced by `***` (in a URL's
/// user part, or a `password=` setting).
///
/// ```
/// use innograph::journal::postgres::redact;
/// assert_eq!(redact("postgres://app:pw@db/x"), "postgres://app:***@db/x");
/// assert_eq!(redact("host=db password=pw"), "host=db password=***");
/// ```
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url
            .split(' ')
            .map(|part| match part.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => part.to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ");
    };
    let rest = match rest.split_once('?') {
        Some((head, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_owned(),
                })
                .collect();
            format!("{head}?{}", query.join("&"))
        }
        None => rest.to_owned(),
    };
    let rest = rest.as_str();
    match rest.split_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{user}@{host}"),
        },
        None => format!("{scheme}://{rest}"),
    }
}

impl PgDb {
    /// Connects to `url` (a `postgres://` URL or a `key=value` string) and
    /// creates the schema if it is missing.
    pub(super) fn connect(url: &str) -> Result<PgDb, JournalError> {
        let target = redact(url);
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            JournalError::Invalid(format!("`{target}` is not a PostgreSQL URL: {e}"))
        })?;
        config.connect_timeout(CONNECT_TIMEOUT);
        if config.get_application_name().is_none() {
            config.application_name("innograph");
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("innograph-postgres")
            .enable_all()
            .build()
            .map_err(|e| {
                JournalError::Database(format!("cannot start the journal's runtime: {e}"))
            })?;
        let handle = runtime.handle().clone();
        let manager = Manager::from_config(
            config.clone(),
            tokio_postgres::NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = {
            // The pool's timeouts need its runtime in scope.
            let _in = handle.enter();
            Pool::builder(manager)
                .max_size(POOL_SIZE)
                .runtime(deadpool_postgres::Runtime::Tokio1)
                .wait_timeout(Some(CALL_TIMEOUT))
                .create_timeout(Some(CONNECT_TIMEOUT))
                .recycle_timeout(Some(CONNECT_TIMEOUT))
                .build()
                .map_err(|e| JournalError::Database(format!("{target}: {e}")))?
        };
        let db = PgDb {
            target,
            config,
            pool,
            runtime: Some(runtime),
            handle,
        };
        db.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_err)?;
            let tx = client.transaction().await.map_err(pg_err)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
                .await
                .map_err(pg_err)?;
            tx.batch_execute(SCHEMA).await.map_err(pg_err)?;
            let version: Option<i32> = tx
                .query_opt(
                    "SELECT version FROM innograph.schema_version WHERE id = 1",
                    &[],
                )
                .await
                .map_err(pg_err)?
                .map(|r| r.get(0));
            match version {
                None => {
                    tx.execute(
                        "INSERT INTO innograph.schema_version (id, version, created_ms) \
                         VALUES (1, $1, $2)",
                        &[&SCHEMA_VERSION, &now_ms()],
                    )
                    .await
                    .map_err(pg_err)?;
                }
                Some(v) if v > SCHEMA_VERSION => {
                    return Err(JournalError::Invalid(format!(
                        "the journal has schema version {v}, newer than this build's \
                         {SCHEMA_VERSION}: use a newer innograph"
                    )));
                }
                Some(_) => {}
            }
            tx.commit().await.map_err(pg_err)
        })
        .map_err(|e| in_db(&db.target, e))?;
        Ok(db)
    }

    /// Runs `f` (given the pool) on the journal's runtime and waits for its
    /// answer, at most [`CALL_TIMEOUT`].
    pub(super) fn run<T, F, Fut>(&self, f: F) -> Result<T, JournalError>
    where
        F: FnOnce(Pool) -> Fut,
        Fut: Future<Output = Result<T, JournalError>> + Send + 'static,
        T: Send + 'static,
    {
        let call = f(self.pool.clone());
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.handle.spawn(async move {
            let answer = match tokio::time::timeout(CALL_TIMEOUT, call).await {
                Ok(answer) => answer,
                Err(_) => Err(JournalError::Unavailable(format!(
                    "the database did not answer within {} s",
                    CALL_TIMEOUT.as_secs()
                ))),
            };
            let _ = tx.send(answer);
        });
        rx.recv().unwrap_or_else(|_| {
            Err(JournalError::Unavailable(
                "the journal's runtime stopped".into(),
            ))
        })
    }

    /// Spawns a task that runs as long as the journal is open.
    pub(super) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        self.handle.spawn(task);
    }
}

/// The error with the database named.
fn in_db(target: &str, e: JournalError) -> JournalError {
    match e {
        JournalError::Database(m) => JournalError::Database(format!("{target}: {m}")),
        JournalError::Unavailable(m) => JournalError::Unavailable(format!("{target}: {m}")),
        JournalError::Invalid(m) => JournalError::Invalid(format!("{target}: {m}")),
        other => other,
    }
}

/// PostgreSQL's errors as journal errors: a lost or refused connection, a
/// server shutting down or starting, a lock or statement timeout, a
/// serialisation failure or deadlock are [`JournalError::Unavailable`]
/// (retrying may succeed); anything else is [`JournalError::Database`].
pub(super) fn pg_err(e: tokio_postgres::Error) -> JournalError {
    let transient = match e.code() {
        None => true,
        Some(code) => {
            let c = code.code();
            c.starts_with("08")
                || c.starts_with("57P")
                || c.starts_with("53")
                || *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
                || *code == SqlState::LOCK_NOT_AVAILABLE
                || *code == SqlState::QUERY_CANCELED
        }
    };
    let message = match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    };
    if transient {
        JournalError::Unavailable(message)
    } else {
        JournalError::Database(message)
    }
}

/// A pool that cannot hand out a connection: the database is unreachable
/// (or every connection is busy past the wait timeout).
pub(super) fn pool_err(e: deadpool_postgres::PoolError) -> JournalError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => pg_err(e),
        other => JournalError::Unavailable(format!("no connection to the database: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://app:secret@db:5432/innograph"),
            "postgres://app:***@db:5432/innograph"
        );
        assert_eq!(redact("postgres://db/innograph"), "postgres://db/innograph");
        assert_eq!(redact("postgres://app@db/x"), "postgres://app@db/x");
        assert_eq!(redact("host=db user=app"), "host=db user=app");
        assert_eq!(
            redact("postgres://db/x?user=a&password=pw"),
            "postgres://db/x?user=a&password=***"
        );
    }
}
