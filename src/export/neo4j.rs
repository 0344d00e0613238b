//! The Neo4j export: CSV files in the header format of
//! `neo4j-admin database import full`, a Cypher script that loads the same
//! files into a running database, and a `README.md` with both commands.
//!
//! The header format is the import tool's (Neo4j Operations Manual, "Import"
//! → "CSV header format":
//! <https://neo4j.com/docs/operations-manual/current/import/csv-header-format/>,
//! options in "Full import":
//! <https://neo4j.com/docs/operations-manual/current/import/full-import/>):
//! a node file has one `:ID` column (here `id:ID`, so the id is also kept
//! as the property `id`) and a `:LABEL` column; a relationship file has
//! `:START_ID`, `:END_ID` and `:TYPE`; every other column is
//! `name:type`, with `string`, `double`, `boolean` or an array `string[]`,
//! whose elements are split on the array delimiter (`;` by default,
//! `--array-delimiter`). Fields are separated by `,` and quoted with `"`
//! when they hold `,`, `"` or a line break, a `"` inside doubled (the
//! tool's default, `--legacy-style-quoting=false`); a quoted line break
//! needs `--multiline-fields=true`, which the README's command then has. An
//! unset value is an empty field, which the tool skips (no property).
//!
//! | file | holds |
//! |---|---|
//! | `nodes-<kind>.csv` | the entities of one kind, labels `Entity` and the kind (`Company`) |
//! | `nodes-fact.csv` | the facts, label `Fact`, id `<entity id>#<n>` (n from 1) |
//! | `nodes-source.csv` | the source articles, label `Source`, id the source's |
//! | `relationships-<TYPE>.csv` | the relations of one type (`LOCATED_IN`) |
//! | `relationships-HAS_FACT.csv` | entity → fact |
//! | `import.cypher` | the same files by `LOAD CSV` (`cypher-shell -f import.cypher`) |
//! | `README.md` | the `neo4j-admin database import full` command |
//!
//! The array delimiter is `;` unless an alias holds one (then `|`, then
//! U+001F): a first pass over the aliases picks it, so an array always
//! splits back into the store's elements.
//!
//! CSV is quoted here rather than with the `csv` crate: the rule is the
//! few lines of [`field`], and the tool's own parts (array delimiter,
//! multiline fields) are on top of it anyway.

use std::fmt::Write as _;

use super::{each_entity, each_relation, source_id, ExportError, Files, Format, Summary};
use crate::model::{AttributeKey, EntityKind, RelationType, SourceRef};
use crate::store::Store;

/// A column's type in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
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
type Column = (&'static str, Ty);

const SOURCE_COLUMNS: &[Column] = &[
    ("id", Ty::Id),
    ("title", Ty::Str),
    ("file", Ty::Str),
    ("outlet", Ty::Str),
    ("date", Ty::Str),
    ("dateNote", Ty::Str),
    ("url", Ty::Str),
    ("", Ty::Label),
];

const FACT_COLUMNS: &[Column] = &[
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

const RELATION_COLUMNS: &[Column] = &[
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

const HAS_FACT_COLUMNS: &[Column] = &[("", Ty::Start), ("", Ty::End), ("", Ty::Type)];

/// The columns of the node file of `kind`: the names, the kind's
/// attributes, the sources.
fn entity_columns(kind: EntityKind) -> Vec<Column> {
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
fn heading(&(name, ty): &Column) -> String {
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
fn header(columns: &[Column]) -> String {
    let names: Vec<String> = columns.iter().map(heading).collect();
    names.join(",") + "\n"
}

/// The array delimiters tried, in order.
const DELIMITERS: [char; 3] = [';', '|', '\u{1f}'];

/// The relationship type of a relation type: `LOCATED_IN`.
fn rel_type(t: RelationType) -> String {
    t.as_str().to_ascii_uppercase()
}

/// One CSV row being written.
struct Row<'a> {
    out: &'a mut String,
    delimiter: char,
    multiline: &'a mut bool,
    first: bool,
}

impl Row<'_> {
    fn sep(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(',');
        }
    }

    fn text(&mut self, value: Option<&str>) {
        self.sep();
        if let Some(v) = value {
            *self.multiline |= v.contains(['\n', '\r']);
            field(self.out, v);
        }
    }

    fn list<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) {
        let mut joined = String::new();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                joined.push(self.delimiter);
            }
            joined.push_str(item);
        }
        self.text((!joined.is_empty()).then_some(joined.as_str()));
    }

    fn number(&mut self, value: Option<f64>) {
        self.text(value.map(|v| v.to_string()).as_deref());
    }

    fn flag(&mut self, value: bool) {
        self.text(Some(if value { "true" } else { "false" }));
    }

    fn end(self) {
        self.out.push('\n');
    }
}

/// One CSV field: as it is, or quoted with `"` (and each `"` doubled)
/// when it holds the field delimiter, a quote or a line break.
pub(super) fn field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// The first delimiter no alias holds.
fn pick_delimiter(store: &Store) -> Result<char, ExportError> {
    let mut free = DELIMITERS.map(|_| true);
    for ix in store.nodes() {
        for a in &store.entity(ix).aliases {
            for (d, f) in DELIMITERS.iter().zip(free.iter_mut()) {
                *f &= !a.contains(*d);
            }
        }
    }
    let at = free.iter().position(|f| *f);
    at.map(|i| DELIMITERS[i])
        .ok_or_else(|| ExportError::Unrepresentable {
            format: Format::Neo4j,
            what: "the aliases (each array delimiter tried occurs in one)".into(),
            code: u32::from(DELIMITERS[0]),
        })
}

/// What was written, for the README and the script.
struct Written {
    delimiter: char,
    multiline: bool,
    /// Node files and their labels and columns, in the order made.
    nodes: Vec<(String, String, Vec<Column>)>,
    /// Relationship files and their types, in the order made.
    relationships: Vec<(String, String)>,
}

/// Writes the CSV files, then `import.cypher` and `README.md`.
pub(super) fn write(store: &Store, files: &mut Files) -> Result<Summary, ExportError> {
    let delimiter = pick_delimiter(store)?;
    let mut summary = Summary::default();
    let mut multiline = false;
    let mut out = String::with_capacity(4096);
    let mut nodes: Vec<(String, String, Vec<Column>)> = Vec::new();
    let mut relationships: Vec<(String, String)> = Vec::new();
    let d = delimiter;

    let source_file = "nodes-source.csv";
    for s in store.sources() {
        out.clear();
        let mut row = Row::new(&mut out, d, &mut multiline);
        row.text(Some(&s.id));
        row.text(Some(&s.title));
        row.text(s.file.as_deref());
        row.text(s.outlet.as_deref());
        row.text(s.date.map(|x| x.to_string()).as_deref());
        row.text(s.date_note.as_deref());
        row.text(s.url.as_deref());
        row.text(Some("Source"));
        row.end();
        put(files, source_file, SOURCE_COLUMNS, &out)?;
        summary.sources += 1;
    }
    if summary.sources > 0 {
        nodes.push((source_file.into(), "Source".into(), SOURCE_COLUMNS.to_vec()));
    }

    let kinds: Vec<(String, String, Vec<Column>)> = EntityKind::ALL
        .iter()
        .map(|k| {
            let label = super::turtle::class(*k);
            (format!("nodes-{k}.csv"), label, entity_columns(*k))
        })
        .collect();
    let mut seen = [false; EntityKind::ALL.len()];
    let (fact_file, has_fact) = ("nodes-fact.csv", "relationships-HAS_FACT.csv");
    let id = |r: &SourceRef| source_id(store, *r);
    each_entity(store, |e| {
        let k = EntityKind::ALL
            .iter()
            .position(|k| *k == e.kind())
            .unwrap_or_default();
        let (file, label, columns) = &kinds[k];
        if !std::mem::replace(&mut seen[k], true) {
            nodes.push(kinds[k].clone());
        }
        out.clear();
        let mut row = Row::new(&mut out, d, &mut multiline);
        row.text(Some(e.id.as_str()));
        row.text(Some(&e.name));
        row.text(e.name_zh.as_deref());
        row.text(e.subtype.as_deref());
        row.list(e.aliases.iter().map(String::as_str));
        row.text(e.description.as_deref());
        row.flag(e.name_is_label());
        for (name, ty) in columns {
            if let (Ty::Str, Ok(key)) = (ty, name.parse::<AttributeKey>()) {
                row.text(e.attribute(key));
            }
        }
        row.list(e.sources.iter().map(id));
        row.text(Some(&format!("Entity{d}{label}")));
        row.end();
        put(files, file, columns, &out)?;
        summary.entities += 1;
        for (i, f) in e.facts.iter().enumerate() {
            let fact_id = format!("{}#{}", e.id, i + 1);
            out.clear();
            let mut row = Row::new(&mut out, d, &mut multiline);
            row.text(Some(&fact_id));
            row.text(Some(e.id.as_str()));
            row.text(Some(&f.metric));
            row.number(f.value);
            row.text(f.unit.as_deref());
            row.text(Some(f.qualifier.as_str()));
            row.number(f.min);
            row.number(f.max);
            row.text(f.period.map(|p| p.to_string()).as_deref());
            row.flag(f.as_of);
            row.text(f.wording.as_deref());
            row.flag(f.inferred);
            row.text(f.note.as_deref());
            row.list(f.sources.iter().map(id));
            row.text(Some("Fact"));
            row.end();
            put(files, fact_file, FACT_COLUMNS, &out)?;
            out.clear();
            let mut row = Row::new(&mut out, d, &mut multiline);
            row.text(Some(e.id.as_str()));
            row.text(Some(&fact_id));
            row.text(Some("HAS_FACT"));
            row.end();
            put(files, has_fact, HAS_FACT_COLUMNS, &out)?;
            summary.facts += 1;
        }
        Ok(())
    })?;
    if summary.facts > 0 {
        nodes.push((fact_file.into(), "Fact".into(), FACT_COLUMNS.to_vec()));
    }

    let types: Vec<(String, String)> = RelationType::ALL
        .iter()
        .map(|t| (format!("relationships-{}.csv", rel_type(*t)), rel_type(*t)))
        .collect();
    let mut seen = vec![false; types.len()];
    each_relation(store, |from, to, r| {
        let t = RelationType::ALL
            .iter()
            .position(|t| *t == r.kind)
            .unwrap_or_default();
        let (file, name) = &types[t];
        if !std::mem::replace(&mut seen[t], true) {
            relationships.push(types[t].clone());
        }
        let p = r.props();
        out.clear();
        let mut row = Row::new(&mut out, d, &mut multiline);
        row.text(Some(from.as_str()));
        row.text(Some(to.as_str()));
        row.text(Some(name));
        row.text(p.role.as_deref());
        row.text(p.title.as_deref());
        row.text(p.date.map(|x| x.to_string()).as_deref());
        row.number(p.amount);
        row.text(p.unit.as_deref());
        row.text(p.note.as_deref());
        row.flag(p.inferred);
        row.list(r.sources.iter().map(id));
        row.end();
        put(files, file, RELATION_COLUMNS, &out)?;
        summary.relations += 1;
        Ok(())
    })?;
    relationships.sort();
    if summary.facts > 0 {
        relationships.push((has_fact.into(), "HAS_FACT".into()));
    }

    let written = Written {
        delimiter,
        multiline,
        nodes,
        relationships,
    };
    let script = cypher(&written);
    files.put("import.cypher", String::new, |w| {
        w.write_all(script.as_bytes())
    })?;
    let readme = readme(&written, &summary);
    files.put("README.md", String::new, |w| w.write_all(readme.as_bytes()))?;
    Ok(summary)
}

impl<'a> Row<'a> {
    fn new(out: &'a mut String, delimiter: char, multiline: &'a mut bool) -> Row<'a> {
        Row {
            out,
            delimiter,
            multiline,
            first: true,
        }
    }
}

fn put(files: &mut Files, name: &str, columns: &[Column], row: &str) -> Result<(), ExportError> {
    files.put(name, || header(columns), |w| w.write_all(row.as_bytes()))
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
fn cypher(written: &Written) -> String {
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
fn readme(written: &Written, s: &Summary) -> String {
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

    fn f(s: &str) -> String {
        let mut out = String::new();
        field(&mut out, s);
        out
    }

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(f("plain text; 虹桥"), "plain text; 虹桥");
        assert_eq!(f("a,b"), "\"a,b\"");
        assert_eq!(f("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(f("two\nlines"), "\"two\nlines\"");
        assert_eq!(f("cr\r"), "\"cr\r\"");
        assert_eq!(f("back\\slash"), "back\\slash");
    }

    #[test]
    fn headers_are_typed_as_the_import_tool_reads_them() {
        assert_eq!(
            header(HAS_FACT_COLUMNS),
            ":START_ID,:END_ID,:TYPE\n",
            "relationship files"
        );
        let park = header(&entity_columns(EntityKind::Park));
        assert!(
            park.starts_with("id:ID,name:string,nameZh:string,"),
            "{park}"
        );
        assert!(park.contains(",aliases:string[],"), "{park}");
        assert!(park.contains(",nameIsLabel:boolean,"), "{park}");
        assert!(park.ends_with(",sources:string[],:LABEL\n"), "{park}");
        assert!(header(FACT_COLUMNS).contains(",value:double,"));
    }

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
