//! API keys: what a key may do ([`Scope`]), what is stored of it (a name,
//! its scope, a visible prefix and a hash of its secret; never the key),
//! and the store behind the journal ([`KeyStore`]).
//!
//! A key reads `ig_<prefix>_<secret>`: the prefix (8 lowercase hex
//! characters, random) finds the stored record, the secret (at least 128
//! random bits) is checked against the stored hash in constant time.
//!
//! The helpers here ([`generate`], [`parse`], [`hash_secret`],
//! [`hashes_match`], [`check_name`]) are what every backend's store shares,
//! so a key made by one backend verifies in another.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::JournalError;

/// What every key starts with.
pub const KEY_START: &str = "ig_";
/// Length of a key's prefix, in lowercase hex characters.
pub const PREFIX_LEN: usize = 8;
/// Random bytes in a new key's secret (256 bits; 43 base64url characters).
pub const SECRET_BYTES: usize = 32;
/// Fewest characters of a secret [`parse`] accepts (16 bytes, 128 bits).
pub const MIN_SECRET_CHARS: usize = 22;
/// Most characters of a secret [`parse`] accepts (64 bytes).
pub const MAX_SECRET_CHARS: usize = 86;
/// Longest key name.
pub const MAX_NAME_LEN: usize = 64;

/// A SHA-256 hash of a key's secret: what is stored instead of it.
pub type SecretHash = [u8; 32];

/// A key just generated, not yet stored.
#[derive(Clone)]
pub struct Generated {
    /// Its prefix (8 lowercase hex characters).
    pub prefix: String,
    /// The whole key, `ig_<prefix>_<secret>`.
    pub key: String,
    /// The hash of its secret.
    pub hash: SecretHash,
}

/// How many random prefixes a key store tries before giving up (two keys
/// sharing one of 2^32 prefixes is rare; eight in a row, never).
pub const PREFIX_TRIES: usize = 8;

impl Generated {
    /// The key as created: stored under `name` with `scope` at
    /// `created_ms`.
    pub fn created(self, name: String, scope: Scope, created_ms: i64) -> NewKey {
        NewKey {
            record: KeyRecord {
                name,
                scope,
                prefix: self.prefix,
                created_ms,
                revoked_ms: None,
            },
            key: self.key,
        }
    }
}

impl std::fmt::Debug for Generated {
    /// Shows the prefix only: a key must not end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Generated {{ prefix: {:?}, .. }}", self.prefix)
    }
}

/// Makes a new key from the operating system's random number generator: a
/// random prefix and [`SECRET_BYTES`] random bytes of secret.
///
/// ```
/// use innograph::journal::keys::{generate, parse, hash_secret};
/// let g = generate().unwrap();
/// let (prefix, secret) = parse(&g.key).unwrap();
/// assert_eq!(prefix, g.prefix);
/// assert_eq!(hash_secret(secret), g.hash);
/// ```
pub fn generate() -> Result<Generated, JournalError> {
    let mut bytes = [0u8; PREFIX_LEN / 2 + SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| {
        JournalError::Database(format!("the system's random number generator failed: {e}"))
    })?;
    let (p, s) = bytes.split_at(PREFIX_LEN / 2);
    let prefix: String = p.iter().map(|b| format!("{b:02x}")).collect();
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    Ok(Generated {
        key: format!("{KEY_START}{prefix}_{secret}"),
        hash: hash_secret(&secret),
        prefix,
    })
}

/// Splits a presented key into its prefix and secret, or `None` when it is
/// not shaped like a key (wrong start, a prefix that is not 8 lowercase hex
/// characters, a secret too short, too long or outside the base64url
/// alphabet). Never panics, whatever the input.
///
/// ```
/// use innograph::journal::keys::parse;
/// let key = "ig_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
/// assert_eq!(parse(key).map(|(p, _)| p), Some("0123abcd"));
/// assert_eq!(parse("ig_0123ABCD_AAAAAAAAAAAAAAAAAAAAAA"), None);
/// assert_eq!(parse("Bearer ig_"), None);
/// ```
pub fn parse(presented: &str) -> Option<(&str, &str)> {
    let rest = presented.strip_prefix(KEY_START)?;
    let prefix = rest.get(..PREFIX_LEN)?;
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    let secret = rest.get(PREFIX_LEN..)?.strip_prefix('_')?;
    let base64url = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let fits = (MIN_SECRET_CHARS..=MAX_SECRET_CHARS).contains(&secret.len());
    (fits && secret.bytes().all(base64url)).then_some((prefix, secret))
}

/// The SHA-256 hash of a secret's text. The secret is 128 bits or more of
/// randomness, so a plain hash (no salt, no slow hash) cannot be reversed.
pub fn hash_secret(secret: &str) -> SecretHash {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether two hashes are equal, in time that does not depend on where they
/// differ: every byte is compared, the differences are folded together
/// with `|`, and the result passes through [`std::hint::black_box`] so the
/// compiler cannot turn the fold into an early exit. Slices of different
/// lengths are unequal (lengths are not secret).
///
/// ```
/// use innograph::journal::keys::hashes_match;
/// assert!(hashes_match(&[1, 2, 3], &[1, 2, 3]));
/// assert!(!hashes_match(&[1, 2, 3], &[1, 2, 4]));
/// assert!(!hashes_match(&[1, 2], &[1, 2, 3]));
/// ```
pub fn hashes_match(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= std::hint::black_box(x ^ y);
    }
    std::hint::black_box(diff) == 0
}

/// Checks a key name: 1 to 64 characters, each an ASCII letter or digit,
/// `-`, `_` or `.`.
///
/// ```
/// use innograph::journal::keys::check_name;
/// assert!(check_name("ci-bot.2").is_ok());
/// assert!(check_name("").is_err());
/// assert!(check_name("two words").is_err());
/// ```
pub fn check_name(name: &str) -> Result<(), JournalError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.len() > MAX_NAME_LEN || !name.chars().all(allowed) {
        return Err(JournalError::Invalid(format!(
            "bad key name {name:?}: use 1 to {MAX_NAME_LEN} letters, digits, `-`, `_` or `.`"
        )));
    }
    Ok(())
}

/// What a key may do; each scope includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Read (needed only on a server started private).
    Read,
    /// Read and change the graph.
    Curate,
    /// All of that, and manage keys.
    Admin,
}

impl Scope {
    /// Whether a key of this scope may act with `needed`.
    pub fn allows(self, needed: Scope) -> bool {
        self >= needed
    }

    /// The scope's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Curate => "curate",
            Scope::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Scope, String> {
        match s {
            "read" => Ok(Scope::Read),
            "curate" => Ok(Scope::Curate),
            "admin" => Ok(Scope::Admin),
            other => Err(format!("unknown scope `{other}` (read, curate or admin)")),
        }
    }
}

/// What is stored of a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    /// Its unique name (who or what uses it).
    pub name: String,
    /// What it may do.
    pub scope: Scope,
    /// The visible prefix (`ig_<prefix>_...`).
    pub prefix: String,
    /// When it was created, Unix milliseconds.
    pub created_ms: i64,
    /// When it was revoked, if it was.
    pub revoked_ms: Option<i64>,
}

/// A key just created: its record and the key itself, shown once.
#[derive(Clone)]
pub struct NewKey {
    /// What is stored.
    pub record: KeyRecord,
    /// The key to give to its user (not stored anywhere).
    pub key: String,
}

impl std::fmt::Debug for NewKey {
    /// Shows the record only: a key must not end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewKey")
            .field("record", &self.record)
            .finish_non_exhaustive()
    }
}

/// Where keys are kept.
pub trait KeyStore: Send + Sync {
    /// Creates a key; a name in use is refused.
    fn create(&self, name: &str, scope: Scope) -> Result<NewKey, JournalError>;
    /// Every key, revoked ones included, by name.
    fn list(&self) -> Result<Vec<KeyRecord>, JournalError>;
    /// Revokes the key with this name.
    fn revoke(&self, name: &str) -> Result<(), JournalError>;
    /// The record of a presented key if it is one of ours (revoked or not:
    /// the caller decides), `None` when it is unknown or its secret does
    /// not match.
    fn verify(&self, presented: &str) -> Result<Option<KeyRecord>, JournalError>;
}
