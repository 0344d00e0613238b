//! Data loading: TOML files → spanned records → validated domain types →
//! [`Store`]. Only this module knows the file format.
//!
//! Every problem is collected with `file:line:column` rather than stopping at
//! the first, so `innograph validate` can report them all at once.
//!
//! ```
//! let store = innograph::load::builtin().unwrap();
//! assert!(store.entity_count() > 100);
//! ```

pub mod bulk;
pub mod error;
mod files;
mod parse;
pub mod position;
mod rules;
mod validate;

use std::path::Path;

use rust_embed::RustEmbed;

pub use error::{LoadError, Problem, Report};

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

/// Loads the embedded data set.
pub fn builtin() -> Result<Store, LoadError> {
    from_files(&builtin_files()).map_err(LoadError::Invalid)
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

/// Parses and validates files into a store, or reports every problem.
pub fn from_files(files: &[DataFile]) -> Result<Store, Report> {
    let places = parse::Places::new(files);
    let parsed = parse::parse(files, &places);
    let report = |mut problems: Vec<Problem>| {
        problems.sort();
        problems.dedup();
        Report { problems }
    };
    let checked = validate::check(parsed, &places).map_err(report)?;
    Store::new(checked.sources, checked.entities, checked.relations).map_err(|e| {
        report(vec![Problem {
            file: "(data set)".into(),
            position: position::Position { line: 1, column: 1 },
            message: e.to_string(),
        }])
    })
}
