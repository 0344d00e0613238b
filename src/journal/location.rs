//! Where a journal lives, as `--journal` names it: a file path (the
//! embedded SQLite journal) or a `postgres://` / `postgresql://` URL (the
//! shared PostgreSQL journal).

use std::path::PathBuf;
use std::sync::Arc;

use super::postgres::PgJournal;
use super::sqlite::SqliteJournal;
use super::{Journal, JournalError};

/// A journal's location (see the module documentation).
///
/// ```
/// use innograph::journal::location::Location;
/// let file: Location = "innograph.journal".parse().unwrap();
/// assert!(matches!(file, Location::File(_)));
/// let shared: Location = "postgres://app:secret@db/innograph".parse().unwrap();
/// assert_eq!(shared.to_string(), "postgres://app:***@db/innograph");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A PostgreSQL database, by URL.
    Postgres(String),
}

impl From<&str> for Location {
    fn from(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_owned())
        } else {
            Location::File(PathBuf::from(s))
        }
    }
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Location, Self::Err> {
        Ok(Location::from(s))
    }
}

/// Shown with any password hidden.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Postgres(url) => f.write_str(&super::postgres::redact(url)),
        }
    }
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Location({self})")
    }
}

impl Location {
    /// Opens the journal, creating it when missing.
    pub fn open(&self) -> Result<Arc<dyn Journal>, JournalError> {
        Ok(match self {
            Location::File(p) => Arc::new(SqliteJournal::open(p)?),
            Location::Postgres(url) => Arc::new(PgJournal::connect(url)?),
        })
    }

    /// Opens a journal that must exist already (a file is not created; a
    /// database's tables are, since an empty journal is what a new
    /// database holds).
    pub fn open_existing(&self) -> Result<Arc<dyn Journal>, JournalError> {
        Ok(match self {
            Location::File(p) => Arc::new(SqliteJournal::open_existing(p)?),
            Location::Postgres(url) => Arc::new(PgJournal::connect(url)?),
        })
    }
}
