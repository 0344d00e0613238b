//! The API keys in the journal's `keys` table: what
//! [`SqliteJournal::keys`](crate::journal::Journal::keys) returns. Only a
//! key's name, scope, prefix, the SHA-256 hash of its secret and its times
//! are stored; creating and revoking use the journal's writer connection,
//! listing and verifying its readers (so a key created by another process,
//! such as `innograph keys create` beside a running server, verifies at
//! once).

use std::sync::Arc;

use rusqlite::{params, OptionalExtension as _, TransactionBehavior};

use super::db::{Db, Sql as _};
use crate::journal::columns::now_ms;
use crate::journal::keys::{self, KeyRecord, KeyStore, NewKey, Scope};
use crate::journal::JournalError;

/// The key store of an SQLite journal.
pub(super) struct SqliteKeys {
    db: Arc<Db>,
}

impl SqliteKeys {
    pub(super) fn new(db: Arc<Db>) -> SqliteKeys {
        SqliteKeys { db }
    }
}

fn scope_of(text: &str) -> Result<Scope, JournalError> {
    text.parse()
        .map_err(|e: String| JournalError::Corrupt(format!("a stored key: {e}")))
}

impl KeyStore for SqliteKeys {
    fn create(&self, name: &str, scope: Scope) -> Result<NewKey, JournalError> {
        keys::check_name(name)?;
        self.db.write(|conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .sql()?;
            let taken = |sql: &str, value: &str| -> Result<bool, JournalError> {
                tx.query_row(sql, [value], |_| Ok(()))
                    .optional()
                    .sql()
                    .map(|found| found.is_some())
            };
            if taken("SELECT 1 FROM keys WHERE name = ?1", name)? {
                return Err(JournalError::Invalid(format!(
                    "a key named `{name}` already exists"
                )));
            }
            for _ in 0..keys::PREFIX_TRIES {
                let generated = keys::generate()?;
                if taken("SELECT 1 FROM keys WHERE prefix = ?1", &generated.prefix)? {
                    continue;
                }
                let created_ms = now_ms();
                tx.execute(
                    "INSERT INTO keys (name, scope, prefix, hash, created_ms) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        name,
                        scope.as_str(),
                        generated.prefix,
                        &generated.hash[..],
                        created_ms
                    ],
                )
                .sql()?;
                tx.commit().sql()?;
                return Ok(generated.created(name.to_owned(), scope, created_ms));
            }
            Err(JournalError::Database(
                "no free key prefix found; try again".into(),
            ))
        })
    }

    fn list(&self) -> Result<Vec<KeyRecord>, JournalError> {
        self.db.read(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT name, scope, prefix, created_ms, revoked_ms FROM keys ORDER BY name",
                )
                .sql()?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                    ))
                })
                .sql()?;
            let mut out = Vec::new();
            for row in rows {
                let (name, scope, prefix, created_ms, revoked_ms) = row.sql()?;
                out.push(KeyRecord {
                    name,
                    scope: scope_of(&scope)?,
                    prefix,
                    created_ms,
                    revoked_ms,
                });
            }
            Ok(out)
        })
    }

    /// Revokes the key; revoking a revoked key again keeps the first
    /// revocation's time and succeeds.
    fn revoke(&self, name: &str) -> Result<(), JournalError> {
        self.db.write(|conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .sql()?;
            let revoked: Option<Option<i64>> = tx
                .query_row("SELECT revoked_ms FROM keys WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .optional()
                .sql()?;
            match revoked {
                None => Err(JournalError::NotFound(format!("no key named `{name}`"))),
                Some(Some(_)) => Ok(()),
                Some(None) => {
                    tx.execute(
                        "UPDATE keys SET revoked_ms = ?1 WHERE name = ?2",
                        params![now_ms(), name],
                    )
                    .sql()?;
                    tx.commit().sql()
                }
            }
        })
    }

    /// Finds the record by the key's prefix, then compares the hash of the
    /// presented secret with the stored one with
    /// [`hashes_match`](keys::hashes_match) (constant time). A string that
    /// is not shaped like a key is `None` without touching the database.
    fn verify(&self, presented: &str) -> Result<Option<KeyRecord>, JournalError> {
        let Some((prefix, secret)) = keys::parse(presented) else {
            return Ok(None);
        };
        let hash = keys::hash_secret(secret);
        self.db.read(|conn| {
            let found = conn
                .prepare_cached(
                    "SELECT name, scope, hash, created_ms, revoked_ms FROM keys WHERE prefix = ?1",
                )
                .sql()?
                .query_row([prefix], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                    ))
                })
                .optional()
                .sql()?;
            let Some((name, scope, stored, created_ms, revoked_ms)) = found else {
                return Ok(None);
            };
            if !keys::hashes_match(&stored, &hash) {
                return Ok(None);
            }
            Ok(Some(KeyRecord {
                name,
                scope: scope_of(&scope)?,
                prefix: prefix.to_owned(),
                created_ms,
                revoked_ms,
            }))
        })
    }
}
