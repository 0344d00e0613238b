//! Load errors: every problem found in a data folder, each with its place.

use std::fmt;
use std::path::PathBuf;

use super::position::Position;

/// One problem in one data file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, as given to the loader (e.g. `data/entities/park.toml`).
    pub file: String,
    /// Where in the file.
    pub position: Position,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Problem {
    /// Where it is, as `file:line:column` (the form messages use to point
    /// at another record).
    pub fn place(&self) -> String {
        format!(
            "{}:{}:{}",
            self.file, self.position.line, self.position.column
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.position.line, self.position.column, self.message
        )
    }
}

/// Every problem found while loading, in file and position order.
///
/// The TOML loader lists every problem. The bulk loader finds every problem
/// too, but lists only the first [`MAX_LISTED`](super::bulk::MAX_LISTED) in
/// this order and counts the rest in [`Report::omitted`], so that a broken
/// file of millions of lines needs little memory to report on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The problems listed.
    pub problems: Vec<Problem>,
    /// How many more problems were found and not listed (they come after
    /// the listed ones in file and position order).
    pub omitted: usize,
}

impl Report {
    /// Every problem found, listed or not.
    pub fn total(&self) -> usize {
        self.problems.len() + self.omitted
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        if self.omitted > 0 {
            writeln!(f, "{}", and_more(self.omitted, "problem"))?;
        }
        let n = self.total();
        write!(f, "{n} problem{}", if n == 1 { "" } else { "s" })
    }
}

/// The line that closes a list cut short: `... and 3 more problems`.
pub fn and_more(omitted: usize, what: &str) -> String {
    format!(
        "... and {omitted} more {what}{}",
        if omitted == 1 { "" } else { "s" }
    )
}

/// Something in a data file that is allowed but was wrong before: a
/// pattern the curator should look at again (see `data/README.md`).
/// Warnings never stop a data set from loading.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning(pub Problem);

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.0;
        write!(
            f,
            "{}:{}:{}: warning: {}",
            p.file, p.position.line, p.position.column, p.message
        )
    }
}

/// Why a data set could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or folder could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder holds no data files.
    #[error("{0} holds no .toml data files")]
    Empty(PathBuf),
    /// The data is invalid; the report lists every problem.
    #[error("invalid data:\n{0}")]
    Invalid(Report),
}
