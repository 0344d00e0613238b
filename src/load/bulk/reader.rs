//! The reader's state for one part of a file: the problems and warnings met
//! so far, and the helpers that report them at a line and field.

use std::collections::BinaryHeap;
use std::path::PathBuf;

use serde::Deserialize;

use super::super::error::{Problem, Report};
use super::super::position::{column, Position};
use crate::model::SourceRef;

/// Source ids to references and the line each is defined at (a fast hash:
/// ids come from the data files).
pub(super) type SourceIds = hashbrown::HashMap<String, (SourceRef, usize)>;

/// Problems (and warnings) listed in full; the report counts the rest.
pub const MAX_LISTED: usize = 100;

/// The column of the key `"field"` in a line (1 when absent or not given).
fn field_column(text: &str, field: &str) -> usize {
    if field.is_empty() {
        return 1;
    }
    text.find(&format!("\"{field}\""))
        .map_or(1, |at| column(text, at))
}

/// Problems (or warnings) met so far: the first [`MAX_LISTED`] in report
/// order (file, line, column, message) in full, and how many more. Memory
/// stays bounded however broken the files are, and which problems are
/// listed does not depend on how the files were split among threads.
pub(super) struct Problems {
    /// The first ones, as a max-heap so the last of them is at hand.
    kept: BinaryHeap<Problem>,
    /// How many more were met.
    omitted: usize,
}

impl Problems {
    /// None yet.
    pub(super) fn new() -> Problems {
        Problems {
            kept: BinaryHeap::new(),
            omitted: 0,
        }
    }

    /// Whether none were met.
    pub(super) fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Keeps a problem if it is among the first [`MAX_LISTED`], counts it
    /// otherwise.
    pub(super) fn push(&mut self, problem: Problem) {
        if self.kept.len() < MAX_LISTED {
            self.kept.push(problem);
            return;
        }
        self.omitted += 1;
        if let Some(mut last) = self.kept.peek_mut() {
            if problem < *last {
                *last = problem;
            }
        }
    }

    /// A problem at `field` of the line `line` (text `text`) of `file`.
    pub(super) fn add(
        &mut self,
        file: &str,
        line: usize,
        text: &str,
        field: &str,
        message: String,
    ) {
        self.push(Problem {
            file: file.to_owned(),
            position: Position {
                line,
                column: field_column(text, field),
            },
            message,
        });
    }

    /// Takes over another list, shifting its lines by `offset`.
    pub(super) fn absorb(&mut self, other: Problems, offset: usize) {
        self.omitted += other.omitted;
        for mut p in other.kept {
            p.position.line += offset;
            self.push(p);
        }
    }

    /// The report: the listed problems in order, and the count of the rest.
    pub(super) fn finish(self) -> Report {
        Report {
            problems: self.kept.into_sorted_vec(),
            omitted: self.omitted,
        }
    }
}

/// What a reader has met so far in one folder.
pub(super) struct Reader {
    /// The folder, for the file names in problems.
    pub dir: PathBuf,
    /// What stops the load.
    pub problems: Problems,
    /// Patterns to look at again; they do not stop the load.
    pub warnings: Problems,
}

impl Reader {
    /// A reader for `dir` with nothing met yet.
    pub(super) fn new(dir: PathBuf) -> Reader {
        Reader {
            dir,
            problems: Problems::new(),
            warnings: Problems::new(),
        }
    }

    /// A reader for the same folder with no problems yet.
    pub(super) fn fresh(&self) -> Reader {
        Reader::new(self.dir.clone())
    }

    /// Takes over problems and warnings found by another reader, whose
    /// lines are shifted by `offset`.
    pub(super) fn absorb(&mut self, other: Reader, offset: usize) {
        self.problems.absorb(other.problems, offset);
        self.warnings.absorb(other.warnings, offset);
    }

    /// The name of a file as problems give it.
    pub(super) fn name(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }

    /// A warning at `field` of line `line` (text `text`) of `file`.
    pub(super) fn warn(
        &mut self,
        file: &str,
        line: usize,
        text: &str,
        field: &str,
        message: String,
    ) {
        let name = self.name(file);
        self.warnings.add(&name, line, text, field, message);
    }

    /// A problem at `field` of line `line` (text `text`) of `file`.
    pub(super) fn report(
        &mut self,
        file: &str,
        line: usize,
        text: &str,
        field: &str,
        message: String,
    ) {
        let name = self.name(file);
        self.problems.add(&name, line, text, field, message);
    }

    /// Parses one line, or reports why it does not parse.
    pub(super) fn parse<'a, T: Deserialize<'a>>(
        &mut self,
        file: &str,
        line: usize,
        text: &'a str,
    ) -> Option<T> {
        match serde_json::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let problem = Problem {
                    file: self.name(file),
                    position: Position {
                        line,
                        // serde_json counts bytes, up to the one it stopped at.
                        column: column(text, e.column().saturating_sub(1)),
                    },
                    // The position is given as file:line:column already.
                    message: e
                        .to_string()
                        .rsplit_once(" at line ")
                        .map_or_else(|| e.to_string(), |(m, _)| m.to_owned()),
                };
                self.problems.push(problem);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize) -> Problem {
        Problem {
            file: "f".into(),
            position: Position { line, column: 1 },
            message: "m".into(),
        }
    }

    #[test]
    fn the_first_problems_are_kept_whatever_the_order_they_come_in() {
        let (mut forward, mut backward) = (Problems::new(), Problems::new());
        for line in 1..=250 {
            forward.push(at(line));
            backward.push(at(251 - line));
        }
        let mut split = Problems::new();
        let (mut a, mut b) = (Problems::new(), Problems::new());
        for line in 1..=125 {
            a.push(at(line));
            b.push(at(line));
        }
        split.absorb(b, 125);
        split.absorb(a, 0);
        for p in [forward, backward, split] {
            let report = p.finish();
            assert_eq!(report.omitted, 150);
            let lines: Vec<usize> = report.problems.iter().map(|p| p.position.line).collect();
            assert_eq!(lines, (1..=MAX_LISTED).collect::<Vec<_>>());
        }
    }
}
