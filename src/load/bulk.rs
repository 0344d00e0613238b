//! The bulk format: a folder of JSON Lines files, one record per line, for
//! data sets of millions of entities (the TOML files are for curation).
//!
//! - `sources.jsonl`, `entities.jsonl`, `relations.jsonl`, `facts.jsonl`;
//! - each line one JSON object with the same fields as the TOML records
//!   (see `data/README.md`); blank lines are skipped.
//!
//! Files are streamed line by line, and relations are resolved straight to
//! node numbers, so loading needs little memory beyond the store itself.
//! Problems are reported as `file:line:column`, like the TOML loader's; after
//! [`MAX_PROBLEMS`] the reader stops collecting and says so.

use std::borrow::Cow;
use std::collections::BTreeMap;

use smallvec::SmallVec;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::error::{LoadError, Problem, Report};
use super::position::Position;
use super::rules;
use crate::model::{
    Attributes, Entity, EntityId, Fact, PartialDate, Period, Qualifier, Relation, RelationProps,
    Source, SourceRef, SourceRefs,
};

/// Source ids to references (a fast hash: ids come from the data files).
type SourceIds = hashbrown::HashMap<String, SourceRef>;
use crate::store::{IdIndex, Store};

/// Problems collected before the reader gives up on a broken data set.
pub const MAX_PROBLEMS: usize = 100;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceLine<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    title: Cow<'a, str>,
    file: Option<String>,
    outlet: Option<String>,
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
    date_note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityLine<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    kind: Cow<'a, str>,
    subtype: Option<String>,
    name: String,
    name_zh: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    description: Option<String>,
    #[serde(borrow)]
    sources: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    attributes: BTreeMap<Cow<'a, str>, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationLine<'a> {
    #[serde(borrow)]
    from: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    to: Cow<'a, str>,
    #[serde(borrow)]
    sources: SmallVec<[Cow<'a, str>; 2]>,
    role: Option<String>,
    title: Option<String>,
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
    amount: Option<f64>,
    unit: Option<String>,
    note: Option<String>,
    #[serde(default)]
    inferred: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactLine<'a> {
    #[serde(borrow)]
    entity: Cow<'a, str>,
    metric: String,
    value: f64,
    unit: Option<String>,
    #[serde(borrow)]
    period: Option<Cow<'a, str>>,
    #[serde(borrow)]
    qualifier: Option<Cow<'a, str>>,
    note: Option<String>,
    #[serde(borrow)]
    sources: Vec<Cow<'a, str>>,
}

/// Collects problems, up to [`MAX_PROBLEMS`].
struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    fn add(&mut self, file: &str, line: usize, text: &str, field: &str, message: String) {
        if self.list.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        self.list.push(Problem {
            file: file.to_owned(),
            position: Position {
                line,
                column: column_of(text, field),
            },
            message,
        });
    }

    fn full(&self) -> bool {
        self.list.len() >= MAX_PROBLEMS
    }
}

/// The column of `"field"` in a line (1 when absent), in characters.
fn column_of(text: &str, field: &str) -> usize {
    if field.is_empty() {
        return 1;
    }
    let key = format!("\"{field}\"");
    text.find(&key)
        .map_or(1, |at| text[..at].chars().count() + 1)
}

/// Calls `f(line_number, text)` for each non-blank line of a file.
fn each_line(
    path: &Path,
    mut f: impl FnMut(usize, &str) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(io)? == 0 {
            return Ok(());
        }
        number += 1;
        let text = std::str::from_utf8(&buf).map_err(|e| LoadError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!("line {number} is not valid UTF-8: {e}")),
        })?;
        let text = text.trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() {
            f(number, text)?;
        }
    }
}

/// Calls `f(line_number, text)` for each non-blank line that starts in the
/// byte range `start..end` of a file; line numbers count from 1 at `start`.
/// Returns how many lines started in the range.
fn scan_range(
    path: &Path,
    start: u64,
    end: u64,
    mut f: impl FnMut(usize, &str),
) -> Result<usize, LoadError> {
    use std::io::{Seek, SeekFrom};
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut pos = start;
    if start > 0 {
        // Skip the end of the line that started in the previous range.
        file.seek(SeekFrom::Start(start - 1)).map_err(io)?;
    }
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    if start > 0 {
        let skipped = reader.read_until(b'\n', &mut buf).map_err(io)?;
        pos = start - 1 + skipped as u64;
    }
    let mut number = 0;
    while pos < end {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf).map_err(io)?;
        if read == 0 {
            break;
        }
        pos += read as u64;
        number += 1;
        let text = std::str::from_utf8(&buf).map_err(|e| LoadError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!("a line is not valid UTF-8: {e}")),
        })?;
        let text = text.trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() {
            f(number, text);
        }
    }
    Ok(number)
}

/// One part's output: the items and the (file-wide) line of each.
type Part<T> = (Vec<T>, Vec<u32>);

/// What a reader thread returns: items, their lines (counted from the start
/// of its range), its problems and how many lines started in its range.
type PartRead<T> = (Vec<T>, Vec<u32>, Reader, usize);

/// Reads `file` in as many parts as there are cores, each on its own thread,
/// with `handle(reader, line, text, out)` per line. Returns each part's
/// items with their line numbers, in file order, and the problems found.
fn parallel<T: Send>(
    dir: &Path,
    file: &str,
    parent: &Reader,
    handle: impl Fn(&mut Reader, usize, &str, &mut Vec<T>) + Sync,
) -> Result<(Vec<Part<T>>, Problems), LoadError> {
    let path = dir.join(file);
    let len = std::fs::metadata(&path)
        .map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?
        .len();
    let parts = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8) as u64;
    let parts = if len < (1 << 20) { 1 } else { parts };
    let bounds: Vec<(u64, u64)> = (0..parts)
        .map(|i| (len * i / parts, len * (i + 1) / parts))
        .collect();
    let results: Vec<Result<PartRead<T>, LoadError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .iter()
            .map(|&(start, end)| {
                let (path, handle) = (&path, &handle);
                let mut r = parent.fresh();
                scope.spawn(move || {
                    // Lines run to about a hundred bytes; guess low, grow once at most.
                    let guess = ((end - start) / 96) as usize;
                    let mut items = Vec::with_capacity(guess);
                    let mut lines = Vec::with_capacity(guess);
                    let count = scan_range(path, start, end, |n, text| {
                        let before = items.len();
                        handle(&mut r, n, text, &mut items);
                        lines.resize(items.len().max(before), n as u32);
                    })?;
                    Ok((items, lines, r, count))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(LoadError::Io {
                        path: path.clone(),
                        source: std::io::Error::other("a reader thread panicked"),
                    })
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(results.len());
    let mut problems = Problems {
        list: Vec::new(),
        more: 0,
    };
    let mut offset = 0usize;
    for result in results {
        let (items, mut lines, r, count) = result?;
        for l in &mut lines {
            *l += offset as u32;
        }
        for mut p in r.problems.list {
            p.position.line += offset;
            if problems.full() {
                problems.more += 1;
            } else {
                problems.list.push(p);
            }
        }
        problems.more += r.problems.more;
        offset += count;
        out.push((items, lines));
    }
    Ok((out, problems))
}

struct Reader {
    dir: PathBuf,
    problems: Problems,
}

impl Reader {
    /// A reader for the same folder with no problems yet.
    fn fresh(&self) -> Reader {
        Reader {
            dir: self.dir.clone(),
            problems: Problems {
                list: Vec::new(),
                more: 0,
            },
        }
    }

    /// Takes over problems found by another reader.
    fn absorb(&mut self, other: Problems) {
        for p in other.list {
            if self.problems.full() {
                self.problems.more += 1;
            } else {
                self.problems.list.push(p);
            }
        }
        self.problems.more += other.more;
    }

    fn name(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }

    fn parse<'a, T: Deserialize<'a>>(
        &mut self,
        file: &str,
        line: usize,
        text: &'a str,
    ) -> Option<T> {
        match serde_json::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                if !self.problems.full() {
                    self.problems.list.push(Problem {
                        file: self.name(file),
                        position: Position {
                            line,
                            column: e.column().max(1),
                        },
                        // The position is given as file:line:column already.
                        message: e
                            .to_string()
                            .rsplit_once(" at line ")
                            .map_or_else(|| e.to_string(), |(m, _)| m.to_owned()),
                    });
                } else {
                    self.problems.more += 1;
                }
                None
            }
        }
    }

    fn report(&mut self, file: &str, line: usize, text: &str, field: &str, message: String) {
        let name = self.name(file);
        self.problems.add(&name, line, text, field, message);
    }

    fn sources(
        &mut self,
        file: &str,
        line: usize,
        text: &str,
        list: &[Cow<'_, str>],
        known: &SourceIds,
    ) -> SourceRefs {
        if list.is_empty() {
            self.report(
                file,
                line,
                text,
                "sources",
                "`sources` must cite at least one source id".into(),
            );
        }
        let mut out = SourceRefs::new();
        for s in list {
            match known.get(s.as_ref()) {
                Some(r) if out.contains(r) => self.report(
                    file,
                    line,
                    text,
                    "sources",
                    format!("source `{s}` is cited twice"),
                ),
                Some(r) => out.push(*r),
                None => self.report(file, line, text, "sources", format!("unknown source `{s}`")),
            }
        }
        out
    }

    fn period(
        &mut self,
        file: &str,
        line: usize,
        text: &str,
        field: &str,
        v: Option<&str>,
    ) -> Option<Period> {
        match v?.parse::<Period>() {
            Ok(p) => Some(p),
            Err(e) => {
                self.report(file, line, text, field, e.to_string());
                None
            }
        }
    }
}

/// Reads one line of `entities.jsonl`.
fn entity_line(
    r: &mut Reader,
    n: usize,
    text: &str,
    source_ids: &SourceIds,
    out: &mut Vec<Arc<Entity>>,
) {
    let file = "entities.jsonl";
    let Some(e) = r.parse::<EntityLine>(file, n, text) else {
        return;
    };
    let id = match e.id.parse::<EntityId>() {
        Ok(id) => id,
        Err(err) => {
            r.report(file, n, text, "id", err.to_string());
            return;
        }
    };
    if let Err(m) = rules::kind(&e.kind, &id) {
        r.report(file, n, text, "kind", m);
    }
    if e.name.trim().is_empty() {
        r.report(file, n, text, "name", "`name` must not be empty".into());
    }
    if e.name_zh.as_deref().is_some_and(|z| z.trim().is_empty()) {
        r.report(
            file,
            n,
            text,
            "name_zh",
            "`name_zh` must not be empty".into(),
        );
    }
    if let Some(Err(m)) = e.subtype.as_deref().map(rules::subtype) {
        r.report(file, n, text, "subtype", m);
    }
    if e.aliases.iter().any(|a| a.trim().is_empty()) {
        r.report(
            file,
            n,
            text,
            "aliases",
            "an alias must not be empty".into(),
        );
    }
    let srcs = r.sources(file, n, text, &e.sources, source_ids);
    let mut attributes = Attributes::new();
    for (k, v) in &e.attributes {
        match rules::attribute_key(k, id.kind()) {
            Err(m) => r.report(file, n, text, k, m),
            Ok(key) => {
                if let Err(m) = rules::attribute_value(key, v) {
                    r.report(file, n, text, k, m);
                }
                attributes.insert(key, v.trim().to_owned());
            }
        }
    }
    let text_or_none = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    out.push(Arc::new(Entity {
        id,
        subtype: e.subtype,
        name: e.name.trim().to_owned(),
        name_zh: text_or_none(e.name_zh),
        aliases: e.aliases.into_iter().map(|a| a.trim().to_owned()).collect(),
        description: text_or_none(e.description),
        attributes,
        sources: srcs,
        facts: Vec::new(),
    }));
}

/// Reads one line of `facts.jsonl`, resolving its entity.
fn fact_line(
    r: &mut Reader,
    n: usize,
    text: &str,
    ids: &IdIndex,
    source_ids: &SourceIds,
    out: &mut Vec<(u32, Fact)>,
) {
    let file = "facts.jsonl";
    let Some(f) = r.parse::<FactLine>(file, n, text) else {
        return;
    };
    let at = ids.get(&f.entity);
    if at.is_none() {
        r.report(
            file,
            n,
            text,
            "entity",
            format!("unknown entity `{}`", f.entity),
        );
    }
    if let Err(m) = rules::metric(&f.metric) {
        r.report(file, n, text, "metric", m);
    }
    if !f.value.is_finite() {
        r.report(
            file,
            n,
            text,
            "value",
            "`value` must be a finite number".into(),
        );
    }
    let qualifier = match f.qualifier.as_deref().map(rules::qualifier) {
        None => Qualifier::Exact,
        Some(Ok(q)) => q,
        Some(Err(m)) => {
            r.report(file, n, text, "qualifier", m);
            Qualifier::Exact
        }
    };
    let period = r.period(file, n, text, "period", f.period.as_deref());
    let srcs = r.sources(file, n, text, &f.sources, source_ids);
    if let Some(at) = at {
        out.push((
            at,
            Fact {
                metric: f.metric,
                value: f.value,
                unit: f
                    .unit
                    .map(|u| u.trim().to_owned())
                    .filter(|u| !u.is_empty()),
                period,
                qualifier,
                note: f.note,
                sources: srcs.into_vec(),
            },
        ));
    }
}

/// Reads one line of `relations.jsonl`, resolving its ends.
fn relation_line(
    r: &mut Reader,
    n: usize,
    text: &str,
    ids: &IdIndex,
    source_ids: &SourceIds,
    out: &mut Vec<(u32, u32, Relation)>,
) {
    let file = "relations.jsonl";
    let Some(rel) = r.parse::<RelationLine>(file, n, text) else {
        return;
    };
    let (a, b) = ids.get_pair(&rel.from, &rel.to);
    let mut end = |field: &str, id: &str, at: Option<u32>| {
        if at.is_none() {
            let msg = match id.parse::<EntityId>() {
                Err(e) => e.to_string(),
                Ok(_) => format!("unknown entity `{id}`"),
            };
            r.report(file, n, text, field, msg);
        }
        at
    };
    let (a, b) = (end("from", &rel.from, a), end("to", &rel.to, b));
    let kind = match rules::relation_type(&rel.kind) {
        Ok(t) => Some(t),
        Err(m) => {
            r.report(file, n, text, "type", m);
            None
        }
    };
    let srcs = r.sources(file, n, text, &rel.sources, source_ids);
    let date = r.period(file, n, text, "date", rel.date.as_deref());
    if let Some(amount) = rel.amount {
        if !amount.is_finite() {
            r.report(
                file,
                n,
                text,
                "amount",
                "`amount` must be a finite number".into(),
            );
        }
        if rel.unit.is_none() {
            r.report(file, n, text, "amount", "`amount` needs a `unit`".into());
        }
    }
    let (Some(a), Some(b), Some(kind)) = (a, b, kind) else {
        return;
    };
    // The id's prefix is the entity's kind (ids are validated), which
    // saves reading the entity itself.
    let kind_of = |id: &str| id.split('/').next().and_then(|k| k.parse().ok());
    let (Some(fk), Some(tk)) = (kind_of(&rel.from), kind_of(&rel.to)) else {
        return;
    };
    if let Err(m) = rules::relation_allowed(kind, fk, tk) {
        r.report(file, n, text, "type", m);
        return;
    }
    let props = RelationProps {
        role: rel.role,
        title: rel.title,
        date,
        amount: rel.amount,
        unit: rel.unit,
        note: rel.note,
        inferred: rel.inferred,
    };
    out.push((a, b, Relation::new(kind, props, srcs)));
}

/// Loads a bulk data folder into a store, or reports every problem (up to
/// [`MAX_PROBLEMS`]) with its place.
pub fn load(dir: &Path) -> Result<Store, LoadError> {
    let mut r = Reader {
        dir: dir.to_path_buf(),
        problems: Problems {
            list: Vec::new(),
            more: 0,
        },
    };

    // Sources.
    let mut sources: Vec<Source> = Vec::new();
    let mut source_ids = SourceIds::new();
    let file = "sources.jsonl";
    each_line(&dir.join(file), |n, text| {
        let Some(s) = r.parse::<SourceLine>(file, n, text) else {
            return Ok(());
        };
        if !rules::is_slug(&s.id) {
            r.report(
                file,
                n,
                text,
                "id",
                format!(
                    "source id `{}` must be lowercase ASCII letters, digits and '-'",
                    s.id
                ),
            );
        }
        if s.title.trim().is_empty() {
            r.report(file, n, text, "title", "`title` must not be empty".into());
        }
        let date = match s.date.as_deref().map(str::parse::<PartialDate>) {
            Some(Err(e)) => {
                r.report(file, n, text, "date", e.to_string());
                None
            }
            Some(Ok(d)) => Some(d),
            None => None,
        };
        if source_ids.contains_key(s.id.as_ref()) {
            r.report(
                file,
                n,
                text,
                "id",
                format!("duplicate source id `{}`", s.id),
            );
            return Ok(());
        }
        source_ids.insert(s.id.to_string(), SourceRef(sources.len() as u32));
        sources.push(Source {
            id: s.id.as_ref().into(),
            title: s.title.trim().to_owned(),
            file: s.file,
            outlet: s.outlet,
            date,
            date_note: s.date_note,
        });
        Ok(())
    })?;

    let t0 = std::time::Instant::now();
    // Entities, read in parallel, then sorted by id (node order is id order).
    let file = "entities.jsonl";
    let (parts, problems) = parallel(dir, file, &r, |r, n, text, out| {
        entity_line(r, n, text, &source_ids, out)
    })?;
    r.absorb(problems);
    let mut entities: Vec<(Arc<Entity>, u32)> = Vec::new();
    for (items, lines) in parts {
        entities.extend(items.into_iter().zip(lines));
    }
    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: entities parsed");
    entities.sort_unstable_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut duplicate = false;
    for pair in entities.windows(2) {
        if pair[0].0.id == pair[1].0.id {
            duplicate = true;
            let (first, again) = (pair[0].1.min(pair[1].1), pair[0].1.max(pair[1].1));
            let name = r.name(file);
            r.problems.add(
                &name,
                again as usize,
                "",
                "",
                format!(
                    "duplicate entity id `{}` (first defined at {name}:{first})",
                    pair[0].0.id
                ),
            );
        }
    }
    if duplicate {
        entities.dedup_by(|a, b| a.0.id == b.0.id);
    }
    let (mut entities, _lines): (Vec<Arc<Entity>>, Vec<u32>) = entities.into_iter().unzip();
    let ids = IdIndex::new(&entities).map_err(|e| invalid(&r.name(file), e.to_string()))?;

    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: sorted+ids");
    // Facts, attached to their entities.
    let file = "facts.jsonl";
    if dir.join(file).is_file() {
        let (parts, problems) = parallel(dir, file, &r, |r, n, text, out| {
            fact_line(r, n, text, &ids, &source_ids, out)
        })?;
        r.absorb(problems);
        for (at, fact) in parts.into_iter().flat_map(|(items, _)| items) {
            // Not shared yet, so this never copies.
            Arc::make_mut(&mut entities[at as usize]).facts.push(fact);
        }
    }

    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: facts");
    // Relations, read in parallel and resolved to node numbers as they stream in.
    let file = "relations.jsonl";
    let (parts, problems) = parallel(dir, file, &r, |r, n, text, out| {
        relation_line(r, n, text, &ids, &source_ids, out)
    })?;
    r.absorb(problems);
    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: relations parsed");
    let total: usize = parts.iter().map(|(items, _)| items.len()).sum();
    let mut lines: Vec<u32> = Vec::with_capacity(total);
    let mut edge_parts = Vec::with_capacity(parts.len());
    for (items, part_lines) in parts {
        edge_parts.push(items);
        lines.extend(part_lines);
    }
    let edges = Counted {
        inner: edge_parts.into_iter().flatten(),
        left: total,
    };

    if !r.problems.list.is_empty() {
        return Err(LoadError::Invalid(finish(r.problems)));
    }
    let store = Store::from_sorted(sources, entities, ids, edges)
        .map_err(|e| invalid(&r.name("relations.jsonl"), e.to_string()))?;

    tracing::debug!(elapsed = ?t0.elapsed(), "bulk load: store");
    // Duplicate relations sit next to each other in the sorted adjacency.
    let out = store.outgoing();
    let name = r.name(file);
    for node in 0..out.nodes() as u32 {
        for pair in out.of(node).windows(2) {
            if pair[0].kind == pair[1].kind && pair[0].other == pair[1].other {
                let (x, y) = (lines[pair[0].edge as usize], lines[pair[1].edge as usize]);
                r.problems.add(
                    &name,
                    x.max(y) as usize,
                    "",
                    "",
                    format!(
                        "duplicate relation {} -{}-> {} (first at {name}:{}); merge their sources",
                        store
                            .entity(petgraph::graph::NodeIndex::new(node as usize))
                            .id,
                        pair[0].kind,
                        store
                            .entity(petgraph::graph::NodeIndex::new(pair[0].other as usize))
                            .id,
                        x.min(y)
                    ),
                );
            }
        }
    }
    if r.problems.list.is_empty() {
        Ok(store)
    } else {
        Err(LoadError::Invalid(finish(r.problems)))
    }
}

/// An iterator that knows its length (for the graph's capacity).
struct Counted<I> {
    inner: I,
    left: usize,
}

impl<I: Iterator> Iterator for Counted<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.inner.next()?;
        self.left = self.left.saturating_sub(1);
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

fn invalid(file: &str, message: String) -> LoadError {
    LoadError::Invalid(Report {
        problems: vec![Problem {
            file: file.to_owned(),
            position: Position { line: 1, column: 1 },
            message,
        }],
    })
}

fn finish(mut problems: Problems) -> Report {
    problems.list.sort();
    if problems.more > 0 {
        problems.list.push(Problem {
            file: "(data set)".into(),
            position: Position { line: 1, column: 1 },
            message: format!(
                "{} more problems not shown (the report stops after {MAX_PROBLEMS})",
                problems.more
            ),
        });
    }
    Report {
        problems: problems.list,
    }
}
