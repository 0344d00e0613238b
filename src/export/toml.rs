//! The TOML export: the layout and conventions of the checked-in `data/`
//! folder (`data/README.md`).
//!
//! | file | holds |
//! |---|---|
//! | `sources.toml` | every source, in the store's order |
//! | `entities/<kind>.toml` | the entities of one kind, in id order |
//! | `relations/<source>.toml` | the relations whose first source is that one |
//! | `facts/<source>.toml` | the facts whose first source is that one |
//!
//! Each record is the loader's own (`load::bulk::records`, the same as a
//! JSON line), mapped to the TOML shape here: a `[[kind]]` table whose
//! plain fields are `key = value` lines, a name, alias or attribute with an
//! annotation an inline table (`{ value = "...", label = true }`), `sources`
//! last, as the curators write it, then the attributes as a
//! `[entity.attributes]` table.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::{each_entity, each_relation, source_id, ExportError, Files, Summary};
use crate::load::bulk::convert::{entity_line, fact_line, relation_line, source_line};
use crate::model::SourceRef;
use crate::store::Store;

/// Fields written as a table of their own after the plain ones.
const TABLES: &[&str] = &["attributes"];

/// The field written after the other plain ones.
const LAST: &str = "sources";

/// Writes the TOML layout.
pub(super) fn write(store: &Store, files: &mut Files) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    for s in store.sources() {
        files.put("sources.toml", sources_header, |w| {
            record(w, "source", &source_line(s))
        })?;
        summary.sources += 1;
    }
    let id = |r| source_id(store, r);
    let mut last_file = String::new();
    each_entity(store, |e| {
        let kind = e.kind().as_str();
        files.put(
            &format!("entities/{kind}.toml"),
            || format!("# Entities of kind `{kind}`, in id order (written by `innograph export`). See data/README.md for the format.\n"),
            |w| record(w, "entity", &entity_line(e, &id)),
        )?;
        summary.entities += 1;
        last_file.clear();
        let mut reordered = false;
        for f in &e.facts {
            let stem = first_source(store, &f.sources);
            let name = format!("facts/{stem}.toml");
            reordered |= name < last_file;
            files.put(
                &name,
                || format!("# Figures whose first source is the article `{stem}` (see sources.toml), normalised to base units, in entity order (written by `innograph export`).\n"),
                |w| record(w, "fact", &fact_line(&e.id, f, &id)),
            )?;
            last_file = name;
            summary.facts += 1;
        }
        summary.facts_reordered += usize::from(reordered);
        Ok(())
    })?;
    last_file.clear();
    each_relation(store, |from, to, r| {
        let stem = first_source(store, &r.sources);
        let name = format!("relations/{stem}.toml");
        summary.relations_reordered += usize::from(name < last_file);
        files.put(
            &name,
            || format!("# Relations whose first source is the article `{stem}` (see sources.toml), in the store's order (written by `innograph export`).\n"),
            |w| record(w, "relation", &relation_line(from, to, r, &id)),
        )?;
        last_file = name;
        summary.relations += 1;
        Ok(())
    })?;
    Ok(summary)
}

fn sources_header() -> String {
    "# The source articles (written by `innograph export`). Their text is not part of the data set; see data/README.md for the format.\n".into()
}

/// The file stem for a record's first source: its id (a slug), with any
/// character a file name should not have replaced by `-`.
fn first_source<'s>(store: &'s Store, sources: &[SourceRef]) -> Cow<'s, str> {
    let Some(id) = sources.first().map(|r| source_id(store, *r)) else {
        return Cow::Borrowed("unsourced");
    };
    let safe = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !id.is_empty() && id.chars().all(safe) {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(id.replace(|c| !safe(c), "-"))
    }
}

/// Writes one record as a `[[table]]`, preceded by a blank line.
fn record(w: &mut dyn Write, table: &str, record: &impl Serialize) -> io::Result<()> {
    let text = render(table, record).map_err(io::Error::other)?;
    w.write_all(text.as_bytes())
}

/// One record's TOML text (see the module documentation).
fn render(table: &str, record: &impl Serialize) -> Result<String, String> {
    let Value::Object(fields) = serde_json::to_value(record).map_err(|e| e.to_string())? else {
        return Err(format!("a `{table}` record is not a table"));
    };
    let mut out = format!("\n[[{table}]]\n");
    let plain = fields
        .iter()
        .filter(|(k, v)| !(TABLES.contains(&k.as_str()) && v.is_object()));
    let (last, rest): (Vec<_>, Vec<_>) = plain.partition(|(k, _)| k.as_str() == LAST);
    for (k, v) in rest.into_iter().chain(last) {
        line(&mut out, k, v)?;
    }
    for (k, v) in &fields {
        if let (true, Value::Object(sub)) = (TABLES.contains(&k.as_str()), v) {
            out.push_str(&format!("[{table}.{k}]\n"));
            for (k, v) in sub {
                line(&mut out, k, v)?;
            }
        }
    }
    Ok(out)
}

/// `key = value`, the value inline; an unset (null) field is left out.
fn line(out: &mut String, key: &str, value: &Value) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !bare {
        return Err(format!("the key `{key}` is not a bare TOML key"));
    }
    out.push_str(key);
    out.push_str(" = ");
    value
        .serialize(::toml::ser::ValueSerializer::new(out))
        .map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::bulk::records::{EntityLine, FactLine, Noted, RelationLine};

    #[test]
    fn records_take_the_shape_of_the_data_files() {
        let e: EntityLine<'_> = serde_json::from_str(
            r#"{"id":"park/a","kind":"park","name":{"value":"A's valley","label":true,"note":"unnamed"},"aliases":["AV",{"value":"Av","inferred":true}],"sources":["s1","s2"],"attributes":{"founded":{"value":"2019","inferred":true},"sector":"AI"}}"#,
        )
        .expect("parses");
        let text = render("entity", &e).expect("renders");
        let want = r#"
[[entity]]
id = "park/a"
kind = "park"
name = { value = "A's valley", label = true, note = "unnamed" }
aliases = ["AV", { value = "Av", inferred = true }]
sources = ["s1", "s2"]
[entity.attributes]
founded = { value = "2019", inferred = true }
sector = "AI"
"#;
        assert_eq!(text, want);
        let r: RelationLine<'_> = serde_json::from_str(
            r#"{"from":"company/b","type":"invests_in","to":"company/c","sources":["s1"],"amount":5000000000,"unit":"CNY","inferred":true}"#,
        )
        .expect("parses");
        assert_eq!(
            render("relation", &r).expect("renders"),
            "\n[[relation]]\nfrom = \"company/b\"\ntype = \"invests_in\"\nto = \"company/c\"\namount = 5000000000\nunit = \"CNY\"\ninferred = true\nsources = [\"s1\"]\n"
        );
        let f: FactLine<'_> = serde_json::from_str(
            r#"{"entity":"park/a","metric":"rate","unit":"%","qualifier":"range","min":60.5,"max":70,"sources":["s1"]}"#,
        )
        .expect("parses");
        assert!(render("fact", &f)
            .expect("renders")
            .contains("min = 60.5\nmax = 70\n"));
    }

    #[test]
    fn what_is_rendered_loads_back_as_the_same_text() {
        let source = "[[source]]\nid = \"s\"\ntitle = \"S\"\n";
        for text in [
            "plain",
            "ends with a quote\"",
            "\"starts with one",
            "two at the end\"\"",
            "'''three singles''' and \"\"\"three doubles\"\"\"",
            "back\\slash \\n not a newline",
            "tab\tand\r\nwindows line",
            "control \u{1} char \u{7f}",
            "虹桥智谷 and emoji 🚀",
            "two\nlines",
        ] {
            let e = EntityLine {
                name: Noted {
                    value: text.into(),
                    label: true,
                    inferred: false,
                    note: Some(text.into()),
                },
                description: Some(text.into()),
                ..serde_json::from_str(
                    r#"{"id":"park/a","kind":"park","name":"A","sources":["s"]}"#,
                )
                .expect("parses")
            };
            let rendered = format!("{source}{}", render("entity", &e).expect("renders"));
            let files = [crate::load::DataFile {
                name: "t.toml".into(),
                text: rendered.clone(),
            }];
            let store =
                crate::load::from_files(&files).unwrap_or_else(|r| panic!("{r}\n{rendered}"));
            let got = store.entity(store.lookup("park/a").expect("loaded"));
            assert_eq!(got.description.as_deref(), Some(text), "{rendered}");
            assert_eq!(got.name, text);
            let note = &got.annotations.get(crate::model::Annotated::Name).note;
            assert_eq!(note.as_deref(), Some(text), "{rendered}");
        }
    }
}
