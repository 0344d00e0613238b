//! The bulk format: a folder of JSON Lines files, one record per line, for
//! data sets of millions of entities (the TOML files are for curation).
//!
//! - `sources.jsonl`, `entities.jsonl`, `relations.jsonl`, `facts.jsonl`;
//! - each line one JSON object with the same fields as the TOML records
//!   (see `data/README.md`; the serde types are in `records.rs`); blank lines
//!   are skipped.
//!
//! `sources.jsonl` is read first, on one thread (it is small, and every
//! other record cites it). The other files are each read in parts on
//! threads (`parts.rs`: one part per core, at most 8, one for a file under
//! 1 MiB), and relations are resolved straight to node numbers, so loading
//! needs little memory beyond the store itself.
//!
//! Every line goes through every check of `load/rules`, the
//! same as the TOML loader's, and so do the checks across lines (ids
//! defined twice, relations given twice), also when other problems were
//! met. Problems are reported as `file:line:column`; a report lists the
//! first [`MAX_LISTED`] in file and position order and counts the rest
//! ("... and 301 more problems"), so a broken file of millions of lines is
//! reported on in bounded memory.

mod checks;
pub(crate) mod convert;
mod lines;
mod parts;
mod reader;
pub mod records;

use std::path::Path;
use std::sync::Arc;

use super::error::{LoadError, Problem, Report, Warning};
use super::position::Position;
use super::Loaded;
use crate::model::{Entity, Fact, Relation, Source};
use crate::store::{IdIndex, Store};
use parts::Part;
pub use reader::MAX_LISTED;
use reader::{Reader, SourceIds};

/// The files of a bulk data set, in load order.
pub const FILES: [&str; 4] = [
    "sources.jsonl",
    "entities.jsonl",
    "facts.jsonl",
    "relations.jsonl",
];

/// Whether `dir` holds a bulk data set (it has `entities.jsonl`).
pub fn is_bulk(dir: &Path) -> bool {
    dir.join("entities.jsonl").is_file()
}

/// Loads a bulk data folder into a store, or reports every problem with
/// its place (the first [`MAX_LISTED`] listed, the rest counted).
pub fn load(dir: &Path) -> Result<Store, LoadError> {
    load_inner(dir, false).map(|loaded| loaded.store)
}

/// Like [`load`], and also gives the warnings (the first [`MAX_LISTED`]
/// listed, the rest counted), including relations between the same two
/// entities that clash (one more pass over the relations; only for a data
/// set without problems).
pub fn load_checked(dir: &Path) -> Result<Loaded, LoadError> {
    load_inner(dir, true)
}

fn load_inner(dir: &Path, lint: bool) -> Result<Loaded, LoadError> {
    let mut r = Reader::new(dir.to_path_buf());
    let (sources, source_ids) = read_sources(&mut r)?;
    let t0 = std::time::Instant::now();
    let (mut entities, ids) = read_entities(&mut r, &source_ids)?;
    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: sorted+ids");
    read_facts(&mut r, &ids, &source_ids, &mut entities)?;
    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: facts");
    let (edges, lines) = read_relations(&mut r, &ids, &source_ids)?;
    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: relations parsed");
    let file = "relations.jsonl";
    let name = r.name(file);
    if !r.problems.is_empty() {
        // No store to find repeated relations in: sort what resolved.
        checks::duplicate_relations_unloaded(&entities, &edges, &lines, &name, &mut r.problems);
        return Err(LoadError::Invalid(r.problems.finish()));
    }
    let store = Store::from_sorted(sources, entities, ids, Edges::new(edges))
        .map_err(|e| invalid(&name, e.to_string()))?;
    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: store");
    checks::duplicate_relations(&store, &lines, &name, &mut r.problems);
    if !r.problems.is_empty() {
        return Err(LoadError::Invalid(r.problems.finish()));
    }
    if lint {
        checks::clashes(&store, &lines, &name, &mut r.warnings);
    }
    let warnings = r.warnings.finish();
    Ok(Loaded {
        store,
        warnings: warnings.problems.into_iter().map(Warning).collect(),
        omitted_warnings: warnings.omitted,
    })
}

/// Reads `sources.jsonl`, on this thread.
fn read_sources(r: &mut Reader) -> Result<(Vec<Source>, SourceIds), LoadError> {
    let mut sources: Vec<Source> = Vec::new();
    let mut source_ids = SourceIds::new();
    parts::each_line(&r.dir.join("sources.jsonl"), |n, text| {
        lines::source_line(r, n, text, &mut sources, &mut source_ids);
        Ok(())
    })?;
    Ok((sources, source_ids))
}

/// Items read from one part of a file, and the file-wide line of each.
type Lined<T> = (Vec<T>, Vec<u32>);

/// Reads each part of `file` with `handle`, taking over the problems it met.
fn read_parts<T: Send>(
    r: &mut Reader,
    file: &str,
    handle: impl Fn(&mut Reader, usize, &str, &mut Vec<T>) + Sync,
) -> Result<Vec<Lined<T>>, LoadError> {
    let parent = r.fresh();
    let parts = parts::parallel(&r.dir.join(file), || parent.fresh(), handle)?;
    let mut out = Vec::with_capacity(parts.len());
    for Part {
        items,
        lines,
        state,
        offset,
    } in parts
    {
        r.absorb(state, offset);
        out.push((items, lines));
    }
    Ok(out)
}

/// Reads `entities.jsonl` in parallel, then sorts the entities by id (node
/// order is id order) and indexes them.
fn read_entities(
    r: &mut Reader,
    source_ids: &SourceIds,
) -> Result<(Vec<Arc<Entity>>, IdIndex), LoadError> {
    let t0 = std::time::Instant::now();
    let file = "entities.jsonl";
    let parts = read_parts(r, file, |r, n, text, out| {
        lines::entity_line(r, n, text, source_ids, out)
    })?;
    let mut entities: Vec<(Arc<Entity>, u32)> = Vec::new();
    for (items, lines) in parts {
        entities.extend(items.into_iter().zip(lines));
    }
    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: entities parsed");
    // By id, then line: the first definition of an id comes first.
    entities.sort_unstable_by(|a, b| a.0.id.cmp(&b.0.id).then(a.1.cmp(&b.1)));
    let name = r.name(file);
    checks::duplicate_entities(&mut entities, &name, &mut r.problems);
    let entities: Vec<Arc<Entity>> = entities.into_iter().map(|(e, _)| e).collect();
    let ids = IdIndex::new(&entities).map_err(|e| invalid(&name, e.to_string()))?;
    Ok((entities, ids))
}

/// Reads `facts.jsonl` (if there is one) in parallel and attaches each fact
/// to its entity.
fn read_facts(
    r: &mut Reader,
    ids: &IdIndex,
    source_ids: &SourceIds,
    entities: &mut [Arc<Entity>],
) -> Result<(), LoadError> {
    let file = "facts.jsonl";
    if !r.dir.join(file).is_file() {
        return Ok(());
    }
    let parts = read_parts(r, file, |r, n, text, out: &mut Vec<(u32, Fact)>| {
        lines::fact_line(r, n, text, ids, source_ids, out)
    })?;
    let name = r.name(file);
    for (items, lines) in parts {
        for ((at, fact), line) in items.into_iter().zip(lines) {
            // Not shared yet, so this never copies.
            let facts = &mut Arc::make_mut(&mut entities[at as usize]).facts;
            if let Some(m) = facts
                .iter()
                .find_map(|o| super::rules::warn_split_range(o, &fact))
            {
                r.warnings.add(&name, line as usize, "", "", m);
            }
            facts.push(fact);
        }
    }
    Ok(())
}

/// A relation resolved to node numbers: from, to, the relation.
type Edge = (u32, u32, Relation);

/// Reads `relations.jsonl` in parallel, resolving each relation's ends to
/// node numbers as it streams in. Gives each part's relations and the line
/// of every relation, in file order.
fn read_relations(
    r: &mut Reader,
    ids: &IdIndex,
    source_ids: &SourceIds,
) -> Result<(Vec<Vec<Edge>>, Vec<u32>), LoadError> {
    let parts = read_parts(r, "relations.jsonl", |r, n, text, out| {
        lines::relation_line(r, n, text, ids, source_ids, out)
    })?;
    let total: usize = parts.iter().map(|(items, _)| items.len()).sum();
    let mut lines: Vec<u32> = Vec::with_capacity(total);
    let mut edges = Vec::with_capacity(parts.len());
    for (items, part_lines) in parts {
        edges.push(items);
        lines.extend(part_lines);
    }
    Ok((edges, lines))
}

/// The relations of every part, in file order, as an iterator that knows
/// its length (for the graph's capacity).
struct Edges {
    inner: std::iter::Flatten<std::vec::IntoIter<Vec<Edge>>>,
    left: usize,
}

impl Edges {
    fn new(parts: Vec<Vec<Edge>>) -> Edges {
        let left = parts.iter().map(Vec::len).sum();
        Edges {
            inner: parts.into_iter().flatten(),
            left,
        }
    }
}

impl Iterator for Edges {
    type Item = Edge;

    fn next(&mut self) -> Option<Edge> {
        let item = self.inner.next()?;
        self.left = self.left.saturating_sub(1);
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// A problem with the data set as a whole (too large for the store).
fn invalid(file: &str, message: String) -> LoadError {
    LoadError::Invalid(Report {
        problems: vec![Problem {
            file: file.to_owned(),
            position: Position { line: 1, column: 1 },
            message,
        }],
        omitted: 0,
    })
}
