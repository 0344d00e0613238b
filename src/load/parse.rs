//! TOML text to spanned records, collecting every syntax and shape problem.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use super::error::Problem;
use super::files::{EntityRecord, FactRecord, RelationRecord, SourceRecord};
use super::position::LineIndex;
use super::DataFile;

/// A record with the file it came from and its span there.
pub(super) struct Located<T> {
    pub file: usize,
    pub span: Range<usize>,
    pub record: T,
}

/// Every record of every file, plus the problems met while reading them.
#[derive(Default)]
pub(super) struct Parsed {
    pub sources: Vec<Located<SourceRecord>>,
    pub entities: Vec<Located<EntityRecord>>,
    pub relations: Vec<Located<RelationRecord>>,
    pub facts: Vec<Located<FactRecord>>,
    pub problems: Vec<Problem>,
    /// Whether some file was skipped for TOML syntax errors (then references
    /// into it cannot be checked).
    pub skipped_files: bool,
}

/// Turns `(file, byte offset)` into problems with line and column.
pub(super) struct Places<'a> {
    files: &'a [DataFile],
    lines: Vec<LineIndex<'a>>,
}

impl<'a> Places<'a> {
    pub(super) fn new(files: &'a [DataFile]) -> Self {
        let lines = files.iter().map(|f| LineIndex::new(&f.text)).collect();
        Places { files, lines }
    }

    pub(super) fn problem(
        &self,
        file: usize,
        offset: usize,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: self.files[file].name.clone(),
            position: self.lines[file].position(offset),
            message: message.into(),
        }
    }
}

const TABLES: &str = "[[source]], [[entity]], [[relation]] or [[fact]]";

fn records<T: DeserializeOwned>(
    file: usize,
    value: Spanned<DeValue<'_>>,
    key: &str,
    places: &Places<'_>,
    out: &mut Vec<Located<T>>,
    problems: &mut Vec<Problem>,
) {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        problems.push(places.problem(
            file,
            span.start,
            format!("`{key}` must be an array of tables, written [[{key}]]"),
        ));
        return;
    };
    for item in items {
        let item_span = item.span();
        if !matches!(item.get_ref(), DeValue::Table(_)) {
            problems.push(places.problem(
                file,
                item_span.start,
                format!("each `{key}` entry must be a table, written [[{key}]]"),
            ));
            continue;
        }
        match T::deserialize(ValueDeserializer::from(item)) {
            Ok(record) => out.push(Located {
                file,
                span: item_span,
                record,
            }),
            Err(e) => {
                let at = e.span().map(|s| s.start).unwrap_or(item_span.start);
                problems.push(places.problem(file, at, format!("in [[{key}]]: {}", e.message())));
            }
        }
    }
}

/// Reads every file into records; problems are collected, never fatal.
pub(super) fn parse(files: &[DataFile], places: &Places<'_>) -> Parsed {
    let mut parsed = Parsed::default();
    for (file, data) in files.iter().enumerate() {
        let (table, errors) = DeTable::parse_recoverable(&data.text);
        for e in &errors {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            parsed.problems.push(places.problem(
                file,
                at,
                format!("TOML syntax: {}", e.message().trim_end()),
            ));
        }
        if !errors.is_empty() {
            // Recovered records of a broken file would only add noise.
            parsed.skipped_files = true;
            continue;
        }
        for (key, value) in table.into_inner() {
            let key_span = key.span();
            match key.get_ref().as_ref() {
                "source" => records(
                    file,
                    value,
                    "source",
                    places,
                    &mut parsed.sources,
                    &mut parsed.problems,
                ),
                "entity" => records(
                    file,
                    value,
                    "entity",
                    places,
                    &mut parsed.entities,
                    &mut parsed.problems,
                ),
                "relation" => records(
                    file,
                    value,
                    "relation",
                    places,
                    &mut parsed.relations,
                    &mut parsed.problems,
                ),
                "fact" => records(
                    file,
                    value,
                    "fact",
                    places,
                    &mut parsed.facts,
                    &mut parsed.problems,
                ),
                other => parsed.problems.push(places.problem(
                    file,
                    key_span.start,
                    format!("unknown table `{other}`: a data file holds only {TABLES}"),
                )),
            }
        }
    }
    // Records are kept in file order, then position order, whatever the map order was.
    parsed.sources.sort_by_key(|l| (l.file, l.span.start));
    parsed.entities.sort_by_key(|l| (l.file, l.span.start));
    parsed.relations.sort_by_key(|l| (l.file, l.span.start));
    parsed.facts.sort_by_key(|l| (l.file, l.span.start));
    parsed
}
