//! Data loading: TOML files → spanned records → validated domain types →
//! [`Store`], or a bulk JSON Lines folder ([`bulk`]) → the same. Only this
//! module knows the file formats; both share the checks and messages of
//! `rules`.
//!
//! Every problem is collected with `file:line:column` rather than stopping at
//! the first, so `innograph validate` can report them all at once (a bulk
//! report lists the first [`bulk::MAX_LISTED`] and counts the rest).
//!
//! ```
//! let store = innograph::load::builtin().unwrap();
//! assert!(store.entity_count() > 100);
//! ```

pub mod bulk;
pub mod error;
pub(crate) mod files;
pub mod hash;
mod parse;
pub mod position;
pub(crate) mod rules;
mod validate;

use std::path::Path;

use rust_embed::RustEmbed;

pub use error::{and_more, LoadError, Problem, Report, Warning};

use crate::store::Store;

/// Data files larger than this are refused (the curated set is a few hundred KiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One data file's name (as shown in messages) and text.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The name used in problem reports, e.g. `data/entities/park.toml`.
    pub name: String,
    /// The file's contents.
    pub text: String,
}

#[derive(RustEmbed)]
#[folder = "data/"]
#[include = "*.toml"]
struct Builtin;

/// The data set embedded in the binary, in path order.
pub fn builtin_files() -> Vec<DataFile> {
    let mut names: Vec<String> = Builtin::iter().map(|n| n.into_owned()).collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let file = Builtin::get(&name)?;
            Some(DataFile {
                name: format!("data/{name}"),
                text: String::from_utf8_lossy(&file.data).into_owned(),
            })
        })
        .collect()
}

/// A data set that passed every check, with the warnings the checks gave
/// (patterns a curator should look at again; they never stop a load).
pub struct Loaded {
    /// The store built from the data.
    pub store: Store,
    /// Warnings in file and position order (for a bulk data set, the first
    /// [`bulk::MAX_LISTED`]).
    pub warnings: Vec<Warning>,
    /// How many more warnings a bulk data set gave and were not listed
    /// (they come after the listed ones); 0 for TOML files.
    pub omitted_warnings: usize,
}

/// Loads the embedded data set.
pub fn builtin() -> Result<Store, LoadError> {
    from_files(&builtin_files()).map_err(LoadError::Invalid)
}

/// Loads the embedded data set and keeps the warnings.
pub fn check_builtin() -> Result<Loaded, LoadError> {
    check_files(&builtin_files()).map_err(LoadError::Invalid)
}

/// Reads every `*.toml` file under `dir` (recursively, in path order).
pub fn read_dir(dir: &Path) -> Result<Vec<DataFile>, LoadError> {
    let mut paths = Vec::new();
    collect_toml(dir, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let io = |source| LoadError::Io {
            path: path.clone(),
            source,
        };
        let meta = std::fs::metadata(&path).map_err(io)?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(LoadError::Io {
                path: path.clone(),
                source: std::io::Error::other(format!(
                    "file is {} bytes; the limit is {MAX_FILE_BYTES}",
                    meta.len()
                )),
            });
        }
        let bytes = std::fs::read(&path).map_err(io)?;
        let name = path.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => files.push(DataFile { name, text }),
            Err(e) => {
                // Report invalid UTF-8 as a problem with a position, like any other.
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let pos = position::LineIndex::new(&text).position(offset);
                return Err(LoadError::Invalid(Report {
                    problems: vec![Problem {
                        file: name,
                        position: pos,
                        message: "file is not valid UTF-8".into(),
                    }],
                    omitted: 0,
                }));
            }
        }
    }
    Ok(files)
}

fn collect_toml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(io)?;
        if kind.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Loads a data folder: the bulk JSON Lines format when it holds
/// `entities.jsonl` (see [`bulk`]), otherwise every `*.toml` file in it.
pub fn from_dir(dir: &Path) -> Result<Store, LoadError> {
    if bulk::is_bulk(dir) {
        return bulk::load(dir);
    }
    from_files(&read_dir(dir)?).map_err(LoadError::Invalid)
}

/// Like [`from_dir`], and also runs the checks that only warn (for
/// `innograph validate`; on a bulk data set they cost an extra pass over
/// the relations).
pub fn check_dir(dir: &Path) -> Result<Loaded, LoadError> {
    if bulk::is_bulk(dir) {
        return bulk::load_checked(dir);
    }
    check_files(&read_dir(dir)?).map_err(LoadError::Invalid)
}

/// Parses and validates files into a store, or reports every problem.
pub fn from_files(files: &[DataFile]) -> Result<Store, Report> {
    check_files(files).map(|loaded| loaded.store)
}

/// Like [`from_files`], and keeps the warnings.
pub fn check_files(files: &[DataFile]) -> Result<Loaded, Report> {
    let places = parse::Places::new(files);
    let parsed = parse::parse(files, &places);
    let report = |mut problems: Vec<Problem>| {
        problems.sort();
        problems.dedup();
        Report {
            problems,
            omitted: 0,
        }
    };
    let checked = validate::check(parsed, &places).map_err(report)?;
    let warnings = checked.warnings;
    let store = Store::new(checked.sources, checked.entities, checked.relations).map_err(|e| {
        report(vec![Problem {
            file: "(data set)".into(),
            position: position::Position { line: 1, column: 1 },
            message: e.to_string(),
        }])
    })?;
    Ok(Loaded {
        store,
        warnings,
        omitted_warnings: 0,
    })
}
