//! The API keys in the journal's `innograph.keys` table, kept as the
//! SQLite journal keeps them: name, scope, visible prefix, the SHA-256
//! hash of the secret and its times. Every replica reads the same table,
//! so a key created or revoked through any of them (or with
//! `innograph keys`) counts everywhere at once.

use std::sync::Arc;

use super::db::{pg_err, pool_err, PgDb};
use crate::journal::columns::now_ms;
use crate::journal::keys::{self, KeyRecord, KeyStore, NewKey, Scope};
use crate::journal::JournalError;

/// The key store of a PostgreSQL journal.
pub(super) struct PgKeys {
    db: Arc<PgDb>,
}

impl PgKeys {
    pub(super) fn new(db: Arc<PgDb>) -> PgKeys {
        PgKeys { db }
    }
}

fn scope_of(text: &str) -> Result<Scope, JournalError> {
    text.parse()
        .map_err(|e: String| JournalError::Corrupt(format!("a stored key: {e}")))
}

impl KeyStore for PgKeys {
    fn create(&self, name: &str, scope: Scope) -> Result<NewKey, JournalError> {
        keys::check_name(name)?;
        let name = name.to_owned();
        self.db.run(move |pool| async move {
            let mut client = pool.get().await.map_err(pool_err)?;
            let tx = client.transaction().await.map_err(pg_err)?;
            // Key changes take turns, as in SQLite's one writer.
            tx.execute("LOCK TABLE innograph.keys IN EXCLUSIVE MODE", &[])
                .await
                .map_err(pg_err)?;
            let taken = tx
                .query_opt("SELECT 1 FROM innograph.keys WHERE name = $1", &[&name])
                .await
                .map_err(pg_err)?;
            if taken.is_some() {
                return Err(JournalError::Invalid(format!(
                    "a key named `{name}` already exists"
                )));
            }
            for _ in 0..keys::PREFIX_TRIES {
                let generated = keys::generate()?;
                let clash = tx
                    .query_opt(
                        "SELECT 1 FROM innograph.keys WHERE prefix = $1",
                        &[&generated.prefix],
                    )
                    .await
                    .map_err(pg_err)?;
                if clash.is_some() {
                    continue;
                }
                let created_ms = now_ms();
                tx.execute(
                    "INSERT INTO innograph.keys (name, scope, prefix, hash, created_ms) \
                     VALUES ($1, $2, $3, $4, $5)",
                    &[
                        &name,
                        &scope.as_str(),
                        &generated.prefix,
                        &&generated.hash[..],
                        &created_ms,
                    ],
                )
                .await
                .map_err(pg_err)?;
                tx.commit().await.map_err(pg_err)?;
                return Ok(generated.created(name, scope, created_ms));
            }
            Err(JournalError::Database(
                "no free key prefix found; try again".into(),
            ))
        })
    }

    fn list(&self) -> Result<Vec<KeyRecord>, JournalError> {
        self.db.run(|pool| async move {
            let client = pool.get().await.map_err(pool_err)?;
            let rows = client
                .query(
                    "SELECT name, scope, prefix, created_ms, revoked_ms FROM innograph.keys \
                     ORDER BY name COLLATE \"C\"",
                    &[],
                )
                .await
                .map_err(pg_err)?;
            rows.iter()
                .map(|r| {
                    Ok(KeyRecord {
                        name: r.get(0),
                        scope: scope_of(r.get(1))?,
                        prefix: r.get(2),
                        created_ms: r.get(3),
                        revoked_ms: r.get(4),
                    })
                })
                .collect()
        })
    }

    /// Revokes the key; revoking a revoked key again keeps the first
    /// revocation's time and succeeds.
    fn revoke(&self, name: &str) -> Result<(), JournalError> {
        let name = name.to_owned();
        self.db.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_err)?;
            let found = client
                .query_opt(
                    "UPDATE innograph.keys SET revoked_ms = COALESCE(revoked_ms, $1) \
                     WHERE name = $2 RETURNING 1",
                    &[&now_ms(), &name],
                )
                .await
                .map_err(pg_err)?;
            match found {
                Some(_) => Ok(()),
                None => Err(JournalError::NotFound(format!("no key named `{name}`"))),
            }
        })
    }

    /// Finds the record by the key's prefix, then compares the hashes in
    /// constant time; a string not shaped like a key is `None` without a
    /// query.
    fn verify(&self, presented: &str) -> Result<Option<KeyRecord>, JournalError> {
        let Some((prefix, secret)) = keys::parse(presented) else {
            return Ok(None);
        };
        let hash = keys::hash_secret(secret);
        let prefix = prefix.to_owned();
        self.db.run(move |pool| async move {
            let client = pool.get().await.map_err(pool_err)?;
            let row = client
                .query_opt(
                    "SELECT name, scope, hash, created_ms, revoked_ms FROM innograph.keys \
                     WHERE prefix = $1",
                    &[&prefix],
                )
                .await
                .map_err(pg_err)?;
            let Some(row) = row else {
                return Ok(None);
            };
            let stored: &[u8] = row.get(2);
            if !keys::hashes_match(stored, &hash) {
                return Ok(None);
            }
            Ok(Some(KeyRecord {
                name: row.get(0),
                scope: scope_of(row.get(1))?,
                prefix,
                created_ms: row.get(3),
                revoked_ms: row.get(4),
            }))
        })
    }
}
