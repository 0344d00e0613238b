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

use super::{each_entity, each_relation, source_id, ExportError, Files, Format, Summary};
use crate::model::{AttributeKey, EntityKind, RelationType, SourceRef};
use crate::store::Store;

mod layout;

use layout::{
    entity_columns, header, Column, Ty, Written, DELIMITERS, FACT_COLUMNS, HAS_FACT_COLUMNS,
    RELATION_COLUMNS, SOURCE_COLUMNS,
};

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
    let script = layout::cypher(&written);
    files.put("import.cypher", String::new, |w| {
        w.write_all(script.as_bytes())
    })?;
    let readme = layout::readme(&written, &summary);
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
}
