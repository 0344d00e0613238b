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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The problems.
    pub problems: Vec<Problem>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        let n = self.problems.len();
        write!(f, "{n} problem{}", if n == 1 { "" } else { "s" })
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
