//! Who may do what: the caller a request comes from (found from its
//! bearer key), the server's policy (public or private reads, writable or
//! read-only, the per-key rate of mutations), and the check of an
//! operation against both, made before anything runs.
//!
//! | operation | needs |
//! |---|---|
//! | query, subscription | nothing; a key with `read` on a private server |
//! | mutation | a key with `curate`, within the key's rate; a server with a journal |
//!
//! A key that is presented but unknown or revoked is refused whatever the
//! operation (a client with a bad key should hear so, not be served as
//! anonymous).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::code::ErrorCode;
use crate::curation::writer::Writer;
use crate::journal::keys::{hash_secret, KeyRecord, KeyStore, Scope, SecretHash};

/// Who sent a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// No key was sent.
    Anonymous,
    /// A valid key: its name and scope.
    Key {
        /// The key's name (recorded with every change it makes).
        name: String,
        /// What it may do.
        scope: Scope,
    },
    /// A key was sent and cannot be used (why, for the client).
    Rejected(String),
    /// A key was sent and could not be checked: the key store (the
    /// journal) is unreachable and the key was not seen before.
    Unchecked(String),
}

/// A refusal by the access check: its code, message, and for
/// `RATE_LIMITED` how long to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    /// `UNAUTHENTICATED`, `FORBIDDEN`, `READ_ONLY` or `RATE_LIMITED`.
    pub code: ErrorCode,
    /// What the client is told.
    pub message: String,
    /// When to retry (`RATE_LIMITED`).
    pub retry_after: Option<Duration>,
}

impl Denied {
    fn new(code: ErrorCode, message: impl Into<String>) -> Denied {
        Denied {
            code,
            message: message.into(),
            retry_after: None,
        }
    }
}

/// What an operation is, as far as access goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wants {
    /// Reading (a query or a subscription).
    Read,
    /// Changing the graph (a mutation).
    Write,
    /// An operator's look inside (`/admin/...`): a key with `admin`.
    Admin,
}

/// The server's access policy and what it needs to apply it.
#[derive(Clone, Default)]
pub struct Access {
    /// Where keys are checked (none on a server without a journal: no key
    /// can be checked and none is needed to read).
    pub keys: Option<Arc<dyn KeyStore>>,
    /// Whether reads need a key with the `read` scope.
    pub private: bool,
    /// The writer mutations go to (none on a read-only server).
    pub writer: Option<Writer>,
    limiter: Option<Arc<DefaultKeyedRateLimiter<String>>>,
    /// Keys verified before, by the hash of the whole presented key: used
    /// only while the key store cannot be reached, so that a curator's
    /// write during a database outage hears JOURNAL_UNAVAILABLE (retry)
    /// rather than that its key is unknown. A reachable store is always
    /// asked, so a revocation counts at once.
    known: Arc<Mutex<HashMap<SecretHash, KeyRecord>>>,
}

/// Most keys remembered for outages (the memory is cleared when full).
const MAX_KNOWN_KEYS: usize = 4096;

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Access")
            .field("keys", &self.keys.is_some())
            .field("private", &self.private)
            .field("writable", &self.writer.is_some())
            .field("rate_limited", &self.limiter.is_some())
            .finish()
    }
}

impl Access {
    /// A policy: `keys` to check bearer keys against, reads `private` or
    /// not, mutations to `writer` (none: read-only).
    pub fn new(keys: Option<Arc<dyn KeyStore>>, private: bool, writer: Option<Writer>) -> Access {
        Access {
            keys,
            private,
            writer,
            limiter: None,
            known: Arc::default(),
        }
    }

    /// Limits each key to `per_second` mutations a second on average, with
    /// bursts of up to `burst` (no limit when `per_second` is 0).
    pub fn rate(mut self, per_second: u32, burst: u32) -> Access {
        self.limiter = NonZeroU32::new(per_second).map(|rate| {
            let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
            Arc::new(RateLimiter::keyed(
                Quota::per_second(rate).allow_burst(burst),
            ))
        });
        self
    }

    /// The caller behind an `Authorization` header value (`None`: no
    /// header). Only the `Bearer` scheme is understood.
    pub fn identify(&self, authorization: Option<&str>) -> Caller {
        let Some(header) = authorization else {
            return Caller::Anonymous;
        };
        let Some(keys) = &self.keys else {
            // Nothing to check it against: served as anonymous (reads are
            // public on such a server, and mutations are refused anyway).
            return Caller::Anonymous;
        };
        let mut parts = header.trim().splitn(2, ' ');
        let scheme = parts.next().unwrap_or_default();
        let token = parts.next().unwrap_or_default().trim();
        if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
            return Caller::Rejected("the Authorization header must be `Bearer <key>`".to_owned());
        }
        let verified = match keys.verify(token) {
            Ok(found) => {
                let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
                match &found {
                    Some(record) if record.revoked_ms.is_none() => {
                        if known.len() >= MAX_KNOWN_KEYS {
                            known.clear();
                        }
                        known.insert(hash_secret(token), record.clone());
                    }
                    _ => {
                        known.remove(&hash_secret(token));
                    }
                }
                found
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot check an API key");
                let known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
                match known.get(&hash_secret(token)) {
                    Some(record) => Some(record.clone()),
                    None => {
                        return Caller::Unchecked(
                            "the API key could not be checked: the journal, where keys live, is unreachable; retry".to_owned(),
                        )
                    }
                }
            }
        };
        match verified {
            Some(record) if record.revoked_ms.is_some() => {
                Caller::Rejected(format!("the key `{}` has been revoked", record.name))
            }
            Some(record) => Caller::Key {
                name: record.name,
                scope: record.scope,
            },
            None => Caller::Rejected("the key is not one of this server's keys".to_owned()),
        }
    }

    /// Whether `caller` may run an operation that `wants` this.
    pub fn check(&self, caller: &Caller, wants: Wants) -> Result<(), Denied> {
        if let Caller::Rejected(why) = caller {
            return Err(Denied::new(ErrorCode::Unauthenticated, why.clone()));
        }
        if let Caller::Unchecked(why) = caller {
            return Err(Denied {
                retry_after: Some(Duration::from_secs(1)),
                ..Denied::new(ErrorCode::KeysUnavailable, why.clone())
            });
        }
        match wants {
            Wants::Read => {
                if self.private && *caller == Caller::Anonymous {
                    return Err(Denied::new(
                        ErrorCode::Unauthenticated,
                        "this server is private: send `Authorization: Bearer <key>` with a key that has the `read` scope",
                    ));
                }
                Ok(())
            }
            Wants::Admin => match caller {
                Caller::Key { scope, .. } if scope.allows(Scope::Admin) => Ok(()),
                Caller::Key { name, scope } => Err(Denied::new(
                    ErrorCode::Forbidden,
                    format!(
                        "the key `{name}` has the `{}` scope; this needs `admin`",
                        scope.as_str()
                    ),
                )),
                _ => Err(Denied::new(
                    ErrorCode::Unauthenticated,
                    "this needs an API key with the `admin` scope: send `Authorization: Bearer <key>`",
                )),
            },
            Wants::Write => {
                if self.writer.is_none() {
                    return Err(Denied::new(
                        ErrorCode::ReadOnly,
                        "this server is read-only (--read-only): it takes no mutations",
                    ));
                }
                let Caller::Key { name, scope } = caller else {
                    return Err(Denied::new(
                        ErrorCode::Unauthenticated,
                        "mutations need an API key: send `Authorization: Bearer <key>` with a key that has the `curate` scope (`innograph keys create`)",
                    ));
                };
                if !scope.allows(Scope::Curate) {
                    return Err(Denied::new(
                        ErrorCode::Forbidden,
                        format!(
                            "the key `{name}` has the `{}` scope; mutations need `curate`",
                            scope.as_str()
                        ),
                    ));
                }
                if let Some(limiter) = &self.limiter {
                    if let Err(not_until) = limiter.check_key(name) {
                        let wait = not_until.wait_time_from(DefaultClock::default().now());
                        return Err(Denied {
                            code: ErrorCode::RateLimited,
                            message: format!(
                                "the key `{name}` is sending mutations faster than this server allows (--key-rate); retry after the time in Retry-After"
                            ),
                            retry_after: Some(wait),
                        });
                    }
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curator() -> Caller {
        Caller::Key {
            name: "ada".into(),
            scope: Scope::Curate,
        }
    }

    #[test]
    fn reads_are_public_unless_private() {
        let open = Access::new(None, false, None);
        assert_eq!(open.check(&Caller::Anonymous, Wants::Read), Ok(()));
        let private = Access::new(None, true, None);
        let denied = private.check(&Caller::Anonymous, Wants::Read).unwrap_err();
        assert_eq!(denied.code, ErrorCode::Unauthenticated);
        let reader = Caller::Key {
            name: "r".into(),
            scope: Scope::Read,
        };
        assert_eq!(private.check(&reader, Wants::Read), Ok(()));
    }

    #[test]
    fn a_rejected_key_is_refused_for_anything() {
        let open = Access::new(None, false, None);
        let bad = Caller::Rejected("revoked".into());
        assert_eq!(
            open.check(&bad, Wants::Read).unwrap_err().code,
            ErrorCode::Unauthenticated
        );
    }

    #[test]
    fn without_a_writer_mutations_are_read_only() {
        let ro = Access::new(None, false, None);
        assert_eq!(
            ro.check(&curator(), Wants::Write).unwrap_err().code,
            ErrorCode::ReadOnly
        );
    }

    #[test]
    fn a_header_is_ignored_where_no_key_can_be_checked() {
        let ro = Access::new(None, false, None);
        assert_eq!(ro.identify(Some("Bearer whatever")), Caller::Anonymous);
        assert_eq!(ro.identify(None), Caller::Anonymous);
    }
}
