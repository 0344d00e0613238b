//! Writing a store back out as a data folder: `innograph export`.
//!
//! [`write()`] takes any [`Store`] (the built-in data, a folder given with
//! `--data`, or a snapshot with curated changes applied) and writes its
//! current contents in one of two formats the loader reads back:
//!
//! - [`Format::Toml`]: the layout of the checked-in `data/` folder
//!   (`data/README.md`): `sources.toml`, `entities/<kind>.toml`,
//!   `relations/<source>.toml` and `facts/<source>.toml`, a relation or
//!   fact going to the file of its first source (`toml.rs`);
//! - [`Format::Jsonl`]: the bulk JSON Lines format (`sources.jsonl`,
//!   `entities.jsonl`, `facts.jsonl`, `relations.jsonl`), the one
//!   `innograph generate` writes (`jsonl.rs`).
//!
//! or in a format of another ecosystem, for looking at the graph in other
//! tools (these do not read back; they write what the store holds and
//! nothing else):
//!
//! - [`Format::Graphml`]: `innograph.graphml`, one GraphML file for Gephi,
//!   Cytoscape or networkx (`graphml.rs`);
//! - [`Format::Neo4j`]: CSV files for `neo4j-admin database import full`,
//!   an `import.cypher` script of `LOAD CSV` statements and a `README.md`
//!   with the import command (`neo4j.rs`);
//! - [`Format::Turtle`]: `innograph.ttl`, RDF in Turtle under a base IRI
//!   ([`Options::base_iri`]), with provenance by PROV-O and RDF
//!   reification (`turtle.rs`).
//!
//! `out_dir` is always a folder, also for the single-file formats.
//!
//! The loader's formats write the loader's own records (`load::bulk::records`, made by the
//! converters of `load::bulk::convert`), so an export reads back as the same
//! store. The output is deterministic, so exports diff well: entities in id
//! order (the order the loader keeps), each entity's facts in its order,
//! and relations and sources in the store's order (the order they were
//! loaded or added, which the API's lists follow), so that exporting a
//! folder loaded from TOML files writes its records back in their order.
//! Records are written one at a time through buffered files, never
//! gathered: the extra memory is a few buffers and the list of entities
//! created since the base was loaded (they are merged into the id order).
//!
//! ```
//! let store = innograph::load::builtin()?;
//! let out = tempfile::tempdir()?;
//! let summary = innograph::export::write(&store, innograph::export::Format::Toml, out.path(), false)?;
//! assert_eq!(summary.entities, store.entity_count());
//! let back = innograph::load::from_dir(out.path())?;
//! assert_eq!(back.relation_count(), store.relation_count());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod digest;
mod graphml;
mod jsonl;
mod neo4j;
mod toml;
mod turtle;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use petgraph::graph::NodeIndex;

use crate::load::bulk;
use crate::model::{Entity, EntityId, Relation};
use crate::store::Store;

/// The format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// TOML files laid out as the checked-in `data/` is: `sources.toml`,
    /// `entities/<kind>.toml`, and relations and facts in
    /// `relations/<source>.toml` and `facts/<source>.toml` by first source.
    Toml,
    /// The bulk JSON Lines format (`entities.jsonl` and the rest).
    Jsonl,
    /// GraphML for Gephi, Cytoscape or networkx: `innograph.graphml`, the
    /// entities as nodes and the relations as edges, with their attributes
    /// declared as `<key>`s (lists as JSON arrays).
    Graphml,
    /// CSV files for `neo4j-admin database import full` (a node file per
    /// kind, facts and sources; a relationship file per type), an
    /// `import.cypher` script (`LOAD CSV`) and a `README.md` with the command.
    Neo4j,
    /// RDF in Turtle: `innograph.ttl`, entities under `--base-iri`, labels
    /// tagged `@en`/`@zh`, facts as nodes, each relation's sources by
    /// PROV-O on its RDF reification.
    Turtle,
}

impl Format {
    /// The format's name on the command line (`toml`, `jsonl`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Jsonl => "jsonl",
            Format::Graphml => "graphml",
            Format::Neo4j => "neo4j",
            Format::Turtle => "turtle",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What [`write()`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Summary {
    /// Entities written.
    pub entities: usize,
    /// Relations written.
    pub relations: usize,
    /// Facts written.
    pub facts: usize,
    /// Sources written.
    pub sources: usize,
    /// Files written.
    pub files: usize,
    /// TOML only: entities whose facts will read back in another order,
    /// because their facts cite different first sources and so sit in
    /// different `facts/<source>.toml` files, read in file order (0 for
    /// JSON Lines, which keeps every order).
    pub facts_reordered: usize,
    /// TOML only: relations written to a file that sorts before the
    /// previous relation's, so that the relations will read back in another
    /// order (0: they read back in the store's order, as JSON Lines always
    /// do).
    pub relations_reordered: usize,
}

/// Why [`write()`] failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output folder holds files and `force` was not given.
    #[error("`{}` is not empty (with --force, the data files in it are replaced)", .0.display())]
    NotEmpty(PathBuf),
    /// The output path exists and is not a folder.
    #[error("`{}` is not a directory", .0.display())]
    NotADirectory(PathBuf),
    /// The base IRI of a Turtle export is not an absolute IRI ending in
    /// `/` or `#`, or holds a character an IRI may not.
    #[error("the base IRI `{0}` must be an absolute IRI ending in `/` or `#` (e.g. `{default}`), with no space, control character, quote, backslash or any of <>{{}}|^`", default = DEFAULT_BASE_IRI)]
    BadBaseIri(String),
    /// A value holds a character the format cannot carry at all (XML 1.0
    /// has no way to write most control characters, not even escaped).
    #[error("{format}: {what} holds the character U+{code:04X}, which {format} cannot represent")]
    Unrepresentable {
        /// The format.
        format: Format,
        /// Which value, e.g. ``the name of `park/a` ``.
        what: String,
        /// The character's code point.
        code: u32,
    },
    /// Creating, writing or removing a file or folder failed.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

/// The base IRI of a Turtle export when none is given: under the
/// `example.org` domain, which is reserved for examples (RFC 2606), so
/// that no published IRI is claimed by accident.
pub const DEFAULT_BASE_IRI: &str = "https://innograph.example.org/";

/// How [`write_with`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Write into a folder that is not empty (see [`write()`]).
    pub force: bool,
    /// Turtle only: the IRI the entities, sources, facts and the vocabulary
    /// are named under (`<base>company/apple`, `<base>source/<id>`,
    /// `<base>fact/company/apple/1`, `<base>vocab/Company`). An absolute
    /// IRI ending in `/` or `#`.
    pub base_iri: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            force: false,
            base_iri: DEFAULT_BASE_IRI.into(),
        }
    }
}

/// Writes the contents of `store` into the folder `out_dir` in `format`,
/// and says what it wrote (with the default [`Options`], `force` aside).
///
/// The folder is created if missing. A folder that holds anything is
/// refused unless `force` is set; then the data files the loader would read
/// there (every `*.toml` file under it, and the bulk `*.jsonl` files at its
/// top) and the files of the other formats at its top (`innograph.graphml`,
/// `innograph.ttl`, `*.csv`, `import.cypher`) are removed first, so the
/// folder holds exactly this export, and other files (a `README.md`,
/// `.git`) are kept (a Neo4j export writes its own `README.md`).
pub fn write(
    store: &Store,
    format: Format,
    out_dir: &Path,
    force: bool,
) -> Result<Summary, ExportError> {
    let options = Options {
        force,
        ..Options::default()
    };
    write_with(store, format, out_dir, &options)
}

/// [`write()`] with every option.
pub fn write_with(
    store: &Store,
    format: Format,
    out_dir: &Path,
    options: &Options,
) -> Result<Summary, ExportError> {
    if format == Format::Turtle {
        turtle::check_base(&options.base_iri)?;
    }
    prepare(out_dir, options.force)?;
    let mut files = Files::new(out_dir);
    let mut summary = match format {
        Format::Toml => toml::write(store, &mut files)?,
        Format::Jsonl => jsonl::write(store, &mut files)?,
        Format::Graphml => graphml::write(store, &mut files)?,
        Format::Neo4j => neo4j::write(store, &mut files)?,
        Format::Turtle => turtle::write(store, &mut files, &options.base_iri)?,
    };
    summary.files = files.finish()?;
    Ok(summary)
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates `dir`, or checks that it is empty, or (with `force`) clears the
/// data files out of it.
fn prepare(dir: &Path, force: bool) -> Result<(), ExportError> {
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return std::fs::create_dir_all(dir).map_err(io_at(dir));
        }
        Err(e) => return Err(io_at(dir)(e)),
        Ok(meta) if !meta.is_dir() => return Err(ExportError::NotADirectory(dir.into())),
        Ok(_) => {}
    }
    let empty = std::fs::read_dir(dir).map_err(io_at(dir))?.next().is_none();
    if empty {
        return Ok(());
    }
    if !force {
        return Err(ExportError::NotEmpty(dir.into()));
    }
    for name in bulk::FILES.iter().chain(OTHER_FILES) {
        let path = dir.join(name);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(io_at(&path))?;
        }
    }
    for entry in std::fs::read_dir(dir).map_err(io_at(dir))? {
        let path = entry.map_err(io_at(dir))?.path();
        if path.extension().is_some_and(|e| e == "csv") && path.is_file() {
            std::fs::remove_file(&path).map_err(io_at(&path))?;
        }
    }
    remove_toml(dir)
}

/// The files of the other formats removed by `force` (besides `*.csv`).
const OTHER_FILES: &[&str] = &["innograph.graphml", "innograph.ttl", "import.cypher"];

/// Removes every `*.toml` file under `dir` (the files the TOML loader reads).
fn remove_toml(dir: &Path) -> Result<(), ExportError> {
    for entry in std::fs::read_dir(dir).map_err(io_at(dir))? {
        let path = entry.map_err(io_at(dir))?.path();
        let kind = std::fs::symlink_metadata(&path).map_err(io_at(&path))?;
        if kind.is_dir() {
            remove_toml(&path)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            std::fs::remove_file(&path).map_err(io_at(&path))?;
        }
    }
    Ok(())
}

/// The most output files kept open at once; past it, all are closed and
/// reopened for appending when written to again.
const MAX_OPEN: usize = 64;

/// The output files of one export, by their path under the folder. A file
/// is created, with its header, on its first write; later writes append.
pub(super) struct Files {
    dir: PathBuf,
    open: HashMap<String, BufWriter<File>>,
    made: HashSet<String>,
}

impl Files {
    fn new(dir: &Path) -> Files {
        Files {
            dir: dir.to_path_buf(),
            open: HashMap::new(),
            made: HashSet::new(),
        }
    }

    /// Writes to the file `name` (e.g. `relations/x.toml`): `header` first
    /// if the file is new, then what `body` writes.
    pub(super) fn put(
        &mut self,
        name: &str,
        header: impl FnOnce() -> String,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), ExportError> {
        let dir = &self.dir;
        if let Some(w) = self.open.get_mut(name) {
            return body(w).map_err(io_at(&dir.join(name)));
        }
        let mut w = self.open_file(name, header)?;
        let written = body(&mut w);
        self.open.insert(name.to_owned(), w);
        written.map_err(io_at(&self.dir.join(name)))
    }

    /// Opens `name`: created with its header the first time, else
    /// reopened for appending (after [`Files::close_all`]).
    fn open_file(
        &mut self,
        name: &str,
        header: impl FnOnce() -> String,
    ) -> Result<BufWriter<File>, ExportError> {
        if self.open.len() >= MAX_OPEN {
            self.close_all()?;
        }
        let path = self.dir.join(name);
        if !self.made.insert(name.to_owned()) {
            let f = File::options()
                .append(true)
                .open(&path)
                .map_err(io_at(&path))?;
            return Ok(BufWriter::with_capacity(1 << 16, f));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        let f = File::create(&path).map_err(io_at(&path))?;
        let mut w = BufWriter::with_capacity(1 << 16, f);
        w.write_all(header().as_bytes()).map_err(io_at(&path))?;
        Ok(w)
    }

    fn close_all(&mut self) -> Result<(), ExportError> {
        let mut open: Vec<_> = self.open.drain().collect();
        // Flushed in name order, so a failure names the same file each time.
        open.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, mut w) in open {
            w.flush().map_err(io_at(&self.dir.join(&name)))?;
        }
        Ok(())
    }

    /// Flushes every file; returns how many were written.
    fn finish(mut self) -> Result<usize, ExportError> {
        self.close_all()?;
        Ok(self.made.len())
    }
}

/// The live entities in id order. The base's are in id order already;
/// entities created since come after them in creation order, and only those
/// past the first one out of order are sorted and merged in.
pub(super) fn nodes_by_id(store: &Store) -> impl Iterator<Item = NodeIndex> + '_ {
    let id = move |ix: NodeIndex| -> &EntityId { &store.entity(ix).id };
    let mut sorted = 0;
    let mut last: Option<NodeIndex> = None;
    let mut rest = Vec::new();
    for ix in store.nodes() {
        if rest.is_empty() && last.is_none_or(|l| id(l) < id(ix)) {
            sorted += 1;
            last = Some(ix);
        } else {
            rest.push(ix);
        }
    }
    rest.sort_by(|a, b| id(*a).cmp(id(*b)));
    let mut head = store.nodes().take(sorted).peekable();
    let mut tail = rest.into_iter().peekable();
    std::iter::from_fn(move || match (head.peek(), tail.peek()) {
        (Some(a), Some(b)) if id(*b) < id(*a) => tail.next(),
        (Some(_), _) => head.next(),
        (None, _) => tail.next(),
    })
}

/// Calls `f` with every live entity, in id order.
pub(super) fn each_entity<'s>(
    store: &'s Store,
    mut f: impl FnMut(&'s Entity) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    nodes_by_id(store).try_for_each(|ix| f(store.entity(ix)))
}

/// Calls `f` with every live relation as `(from, to, relation)`, in the
/// store's order: the order they were loaded or added, which the API's list
/// of a source's relations follows.
pub(super) fn each_relation<'s>(
    store: &'s Store,
    mut f: impl FnMut(&'s EntityId, &'s EntityId, &'s Relation) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    for edge in store.edges() {
        if let Some((from, to, r)) = store.relation(edge) {
            f(&store.entity(from).id, &store.entity(to).id, r)?;
        }
    }
    Ok(())
}

/// The id of a source, as records cite it.
pub(super) fn source_id(store: &Store, r: crate::model::SourceRef) -> &str {
    store.source(r).map_or("", |s| &*s.id)
}
