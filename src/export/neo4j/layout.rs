//! The layout of the Neo4j export's files: each file's columns and their
//! headers, and what goes beside the CSV files, made from the files
//! written and their columns: the `neo4j-admin database import full`
//! command (in `README.md`) and `import.cypher`.

use std::fmt::Write as _;

use crate::export::Summary;
use crate::model::{AttributeKey, EntityKind};

/// A column's type in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Id,
    Label,
    Start,
    End,
    Type,
    Str,
    Strs,
    Double,
    Bool,
}

/// A column: the property's name and its type.
pub(super) type Column = (&'static str, Ty);

pub(super) const SOURCE_COLUMNS: &[Column] = &[
    ("id", Ty::Id),
    ("title", Ty::Str),
    ("file", Ty::Str),
    ("outlet", Ty::Str),
    ("date", Ty::Str),
    ("dateNote", Ty::Str),
    ("url", Ty::Str),
    ("", Ty::Label),
];

pub(super) const FACT_COLUMNS: &[Column] = &[
    ("id", Ty::Id),
    ("entity", Ty::Str),
    ("metric", Ty::Str),
    ("value", Ty::Double),
    ("unit", Ty::Str),
    ("qualifier", Ty::Str),
    ("min", Ty::Double),
    ("max", Ty::Double),
    ("period", Ty::Str),
    ("asOf", Ty::Bool),
    ("wording", Ty::Str),
    ("inferred", Ty::Bool),
    ("note", Ty::Str),
    ("sources", Ty::Strs),
    ("", Ty::Label),
];

pub(super) const RELATION_COLUMNS: &[Column] = &[
    ("", Ty::Start),
    ("", Ty::End),
    ("", Ty::Type),
    ("role", Ty::Str),
    ("title", Ty::Str),
    ("date", Ty::Str),
    ("amount", Ty::Double),
    ("unit", Ty::Str),
    ("note", Ty::Str),
    ("inferred", Ty::Bool),
    ("sources", Ty::Strs),
];

pub(super) const HAS_FACT_COLUMNS: &[Column] = &[("", Ty::Start), ("", Ty::End), ("", Ty::Type)];

/// The columns of the node file of `kind`: the names, the kind's
/// attributes, the sources.
pub(super) fn entity_columns(kind: EntityKind) -> Vec<Column> {
    let mut cols = vec![
        ("id", Ty::Id),
        ("name", Ty::Str),
        ("nameZh", Ty::Str),
        ("subtype", Ty::Str),
        ("aliases", Ty::Strs),
        ("description", Ty::Str),
        ("nameIsLabel", Ty::Bool),
    ];
    let attributes = AttributeKey::ALL
        .into_iter()
        .filter(|k| k.allowed_on().contains(&kind));
    cols.extend(attributes.map(|k| (k.as_str(), Ty::Str)));
    cols.extend([("sources", Ty::Strs), ("", Ty::Label)]);
    cols
}

/// A column's header: `name:string`, `id:ID`, `:LABEL`.
pub(super) fn heading(&(name, ty): &Column) -> String {
    let ty = match ty {
        Ty::Id => "ID",
        Ty::Label => "LABEL",
        Ty::Start => "START_ID",
        Ty::End => "END_ID",
        Ty::Type => "TYPE",
        Ty::Str => "string",
        Ty::Strs => "string[]",
        Ty::Double => "double",
        Ty::Bool => "boolean",
    };
    format!("{name}:{ty}")
}

/// The header line of a file with `columns`.
pub(super) fn header(columns: &[Column]) -> String {
    let names: Vec<String> = columns.iter().map(heading).collect();
    names.join(",") + "\n"
}

/// The array delimiters tried, in order.
pub(super) const DELIMITERS: [char; 3] = [';', '|', '\u{1f}'];

/// What was written, for the README and the script.
pub(super) struct Written {
    pub(super) delimiter: char,
    pub(super) multiline: bool,
    /// Node files and their labels and columns, in the order made.
    pub(super) nodes: Vec<(String, String, Vec<Column>)>,
    /// Relationship files and their types, in the order made.
    pub(super) relationships: Vec<(String, String)>,
}

/// The delimiter as `--array-delimiter` takes it.
fn delimiter_option(d: char) -> String {
    if d.is_ascii_graphic() {
        format!("'{d}'")
    } else {
        format!("U+{:04X}", u32::from(d))
    }
}

/// The delimiter as a Cypher string.
fn delimiter_cypher(d: char) -> String {
    if d.is_ascii_graphic() {
        format!("'{d}'")
    } else {
        format!("'\\u{:04X}'", u32::from(d))
    }
}

/// The `neo4j-admin database import full` command for these files.
fn command(written: &Written) -> String {
    let mut cmd = String::from("neo4j-admin database import full \\\n");
    for (file, _, _) in &written.nodes {
        let _ = writeln!(cmd, "  --nodes={file} \\");
    }
    for (file, _) in &written.relationships {
        let _ = writeln!(cmd, "  --relationships={file} \\");
    }
    if written.delimiter != DELIMITERS[0] {
        let d = delimiter_option(written.delimiter);
        let _ = writeln!(cmd, "  --array-delimiter={d} \\");
    }
    if written.multiline {
        cmd.push_str("  --multiline-fields=true \\\n");
    }
    cmd.push_str("  neo4j\n");
    cmd
}

/// `import.cypher`: constraints, then a `LOAD CSV` per file, in batches.
pub(super) fn cypher(written: &Written) -> String {
    let mut out = String::from(
        "// The innograph graph by LOAD CSV (written by `innograph export --format neo4j`).\n\
         // Copy the CSV files into Neo4j's import folder, then: cypher-shell -f import.cypher\n\
         CREATE CONSTRAINT innograph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n\
         CREATE CONSTRAINT innograph_fact_id IF NOT EXISTS FOR (n:Fact) REQUIRE n.id IS UNIQUE;\n\
         CREATE CONSTRAINT innograph_source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;\n",
    );
    let d = delimiter_cypher(written.delimiter);
    let value = |(name, ty): &Column| -> Option<String> {
        let cell = format!("row.`{}`", heading(&(name, *ty)));
        let v = match ty {
            Ty::Id | Ty::Str => cell,
            Ty::Strs => format!("split({cell}, {d})"),
            Ty::Double => format!("toFloat({cell})"),
            Ty::Bool => format!("toBoolean({cell})"),
            Ty::Label | Ty::Start | Ty::End | Ty::Type => return None,
        };
        Some(format!("{name}: {v}"))
    };
    let props = |columns: &[Column]| -> String {
        let list: Vec<String> = columns.iter().filter_map(value).collect();
        list.join(", ")
    };
    for (file, label, columns) in &written.nodes {
        let labels = if matches!(label.as_str(), "Fact" | "Source") {
            label.clone()
        } else {
            format!("Entity:{label}")
        };
        let _ = writeln!(
            out,
            "\nLOAD CSV WITH HEADERS FROM 'file:///{file}' AS row\n\
             CALL {{ WITH row\n  CREATE (:{labels} {{{}}})\n}} IN TRANSACTIONS OF 10000 ROWS;",
            props(columns)
        );
    }
    for (file, name) in &written.relationships {
        let (to, columns) = if name == "HAS_FACT" {
            ("Fact", HAS_FACT_COLUMNS)
        } else {
            ("Entity", RELATION_COLUMNS)
        };
        let _ = writeln!(
            out,
            "\nLOAD CSV WITH HEADERS FROM 'file:///{file}' AS row\n\
             CALL {{ WITH row\n  MATCH (a:Entity {{id: row.`:START_ID`}})\n  MATCH (b:{to} {{id: row.`:END_ID`}})\n  \
             CREATE (a)-[:{name} {{{}}}]->(b)\n}} IN TRANSACTIONS OF 10000 ROWS;",
            props(columns)
        );
    }
    out
}

/// `README.md`: what the folder holds and the commands.
pub(super) fn readme(written: &Written, s: &Summary) -> String {
    let delimiter = delimiter_option(written.delimiter);
    format!(
        "# innograph for Neo4j\n\n\
         Written by `innograph export --format neo4j`: {} entities, {} relations, {} facts and {} sources, \
         as CSV files in the header format of `neo4j-admin database import` \
         (<https://neo4j.com/docs/operations-manual/current/import/csv-header-format/>). \
         Arrays (`aliases`, `sources`) are split on {delimiter}.\n\n\
         ## Into a new database: neo4j-admin\n\n\
         With the DBMS stopped, run in this folder (the database `neo4j` must not hold data; \
         add `--overwrite-destination` to replace it), then start Neo4j:\n\n\
         ```sh\n{}```\n\n\
         ## Into a running database: Cypher\n\n\
         Copy the `*.csv` files into Neo4j's `import` folder, then run `import.cypher`:\n\n\
         ```sh\ncypher-shell -u neo4j -f import.cypher\n```\n",
        s.entities,
        s.relations,
        s.facts,
        s.sources,
        command(written)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_names_every_file_and_the_options_needed() {
        let mut w = Written {
            delimiter: ';',
            multiline: false,
            nodes: vec![("nodes-park.csv".into(), "Park".into(), vec![])],
            relationships: vec![("relationships-NEAR.csv".into(), "NEAR".into())],
        };
        let plain = command(&w);
        assert_eq!(
            plain,
            "neo4j-admin database import full \\\n  --nodes=nodes-park.csv \\\n  --relationships=relationships-NEAR.csv \\\n  neo4j\n"
        );
        w.delimiter = '\u{1f}';
        w.multiline = true;
        let more = command(&w);
        assert!(more.contains("--array-delimiter=U+001F \\\n"), "{more}");
        assert!(more.contains("--multiline-fields=true \\\n"), "{more}");
    }
}
