//! The GraphML export: one file, `innograph.graphml`, that Gephi,
//! Cytoscape Desktop, yEd and networkx (`nx.read_graphml`) open.
//!
//! A directed graph (`edgedefault="directed"`): a `<node>` per entity, its
//! id the entity's (`company/apple`), and an `<edge>` per relation
//! (`e0`, `e1` ... in the store's order). Every attribute is declared by a
//! `<key>` with `attr.name` and `attr.type`; a value that is unset is left
//! out. Node attributes: `kind`, `name`, `nameZh`, `subtype`, `aliases`,
//! `description`, `nameIsLabel` (boolean), the kind's attributes
//! (`address`, `founded`, `closed`, `date`, `sector`, `theme`, `status`)
//! and `sources`; edge attributes: `type`, `role`, `title`, `date`,
//! `amount` (double), `unit`, `note`, `inferred` (boolean) and `sources`.
//! GraphML has no list type, so `aliases` and `sources` are JSON arrays of
//! strings (`["s1","s2"]`). Facts are not written (GraphML has no place for
//! a list of records; the Turtle and Neo4j exports carry them).
//!
//! Text is escaped here rather than with an XML crate: the escaping is five
//! entities and three character references, and XML 1.0 cannot carry most
//! control characters at all, which a general escaper would pass through
//! into a file no parser reads; here they are an
//! [`ExportError::Unrepresentable`].

use std::fmt::Write as _;

use super::{each_entity, each_relation, source_id, ExportError, Files, Format, Summary};
use crate::model::{AttributeKey, Entity, EntityId, Relation, SourceRef};
use crate::store::Store;

/// The file written.
pub(super) const FILE: &str = "innograph.graphml";

/// The node attributes other than the kind's attributes, with their types.
const NODE_KEYS: &[(&str, &str)] = &[
    ("kind", "string"),
    ("name", "string"),
    ("nameZh", "string"),
    ("subtype", "string"),
    ("aliases", "string"),
    ("description", "string"),
    ("nameIsLabel", "boolean"),
];

/// The edge attributes, with their types.
const EDGE_KEYS: &[(&str, &str)] = &[
    ("type", "string"),
    ("role", "string"),
    ("title", "string"),
    ("date", "string"),
    ("amount", "double"),
    ("unit", "string"),
    ("note", "string"),
    ("inferred", "boolean"),
    ("sources", "string"),
];

/// Writes `innograph.graphml`: the keys, the nodes in id order, the edges
/// in the store's order.
pub(super) fn write(store: &Store, files: &mut Files) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    files.put(FILE, header, |_| Ok(()))?;
    let mut out = String::with_capacity(4096);
    each_entity(store, |e| {
        out.clear();
        let id = e.id.as_str();
        node(&mut out, store, e)
            .map_err(|(key, code)| unrepresentable(format!("the {} of `{id}`", &key[2..]), code))?;
        put(files, &out)?;
        summary.entities += 1;
        Ok(())
    })?;
    each_relation(store, |from, to, r| {
        out.clear();
        edge(&mut out, store, summary.relations, (from, to, r)).map_err(|(key, code)| {
            let (a, t, b) = (from.as_str(), r.kind.as_str(), to.as_str());
            unrepresentable(format!("the {} of `{a}` {t} `{b}`", &key[2..]), code)
        })?;
        put(files, &out)?;
        summary.relations += 1;
        Ok(())
    })?;
    files.put(FILE, String::new, |w| {
        w.write_all(b"  </graph>\n</graphml>\n")
    })?;
    Ok(summary)
}

/// What could not be written: the key and the character's code point.
type Bad = (String, u32);

/// One `<node>`.
fn node(out: &mut String, store: &Store, e: &Entity) -> Result<(), Bad> {
    out.push_str("    <node id=\"");
    escape(out, e.id.as_str()).map_err(|c| ("n_id".to_owned(), c))?;
    out.push_str("\">\n");
    data(out, "n_kind", e.kind().as_str())?;
    data(out, "n_name", &e.name)?;
    if let Some(v) = &e.name_zh {
        data(out, "n_nameZh", v)?;
    }
    if let Some(v) = &e.subtype {
        data(out, "n_subtype", v)?;
    }
    if !e.aliases.is_empty() {
        data(
            out,
            "n_aliases",
            &json(e.aliases.iter().map(String::as_str)),
        )?;
    }
    if let Some(v) = &e.description {
        data(out, "n_description", v)?;
    }
    if e.name_is_label() {
        data(out, "n_nameIsLabel", "true")?;
    }
    for (k, v) in e.attributes.iter() {
        data(out, &format!("n_{}", k.as_str()), v)?;
    }
    data(out, "n_sources", &sources(store, &e.sources))?;
    out.push_str("    </node>\n");
    Ok(())
}

/// One `<edge>`, the `n`-th.
fn edge(
    out: &mut String,
    store: &Store,
    n: usize,
    (from, to, r): (&EntityId, &EntityId, &Relation),
) -> Result<(), Bad> {
    let _ = write!(out, "    <edge id=\"e{n}\" source=\"");
    escape(out, from.as_str()).map_err(|c| ("e_from".to_owned(), c))?;
    out.push_str("\" target=\"");
    escape(out, to.as_str()).map_err(|c| ("e_to".to_owned(), c))?;
    out.push_str("\">\n");
    data(out, "e_type", r.kind.as_str())?;
    let p = r.props();
    let texts = [
        ("e_role", &p.role),
        ("e_title", &p.title),
        ("e_unit", &p.unit),
        ("e_note", &p.note),
    ];
    for (k, v) in texts {
        if let Some(v) = v {
            data(out, k, v)?;
        }
    }
    if let Some(d) = p.date {
        data(out, "e_date", &d.to_string())?;
    }
    if let Some(v) = p.amount {
        data(out, "e_amount", &v.to_string())?;
    }
    if p.inferred {
        data(out, "e_inferred", "true")?;
    }
    data(out, "e_sources", &sources(store, &r.sources))?;
    out.push_str("    </edge>\n");
    Ok(())
}

fn put(files: &mut Files, text: &str) -> Result<(), ExportError> {
    files.put(FILE, String::new, |w| w.write_all(text.as_bytes()))
}

fn unrepresentable(what: String, code: u32) -> ExportError {
    ExportError::Unrepresentable {
        format: Format::Graphml,
        what,
        code,
    }
}

/// The XML declaration, the `<graphml>` element, every `<key>` and the
/// opening `<graph>`.
fn header() -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!-- The innograph knowledge graph (written by `innograph export`, format graphml). -->\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    let attributes = AttributeKey::ALL.map(|k| (k.as_str(), "string"));
    let node = NODE_KEYS
        .iter()
        .copied()
        .chain(attributes)
        .chain([("sources", "string")]);
    for (name, ty) in node {
        let _ = writeln!(
            out,
            "  <key id=\"n_{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    for (name, ty) in EDGE_KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"e_{name}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"innograph\" edgedefault=\"directed\">\n");
    out
}

/// `<data key="key">value</data>`, the value escaped.
fn data(out: &mut String, key: &str, value: &str) -> Result<(), Bad> {
    let _ = write!(out, "      <data key=\"{key}\">");
    escape(out, value).map_err(|c| (key.to_owned(), c))?;
    out.push_str("</data>\n");
    Ok(())
}

/// The sources' ids as a JSON array.
fn sources(store: &Store, refs: &[SourceRef]) -> String {
    json(refs.iter().map(|r| source_id(store, *r)))
}

/// Strings as a JSON array.
fn json<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = items.collect();
    serde_json::to_string(&list).unwrap_or_default()
}

/// XML text, safe in element content and in attribute values: `&`, `<`,
/// `>`, `"` and `'` as entities, tab, line feed and carriage return as
/// character references (so that attribute-value and line-end
/// normalisation keep them). A character XML 1.0 does not allow (the C0
/// controls other than those three, U+FFFE, U+FFFF) is refused with its
/// code point.
pub(super) fn escape(out: &mut String, text: &str) -> Result<(), u32> {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => return Err(u32::from(c)),
            c => out.push(c),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> Result<String, u32> {
        let mut out = String::new();
        escape(&mut out, s).map(|()| out)
    }

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(esc("plain 虹桥 🚀").unwrap(), "plain 虹桥 🚀");
        assert_eq!(
            esc("a<b>&\"c\"'d'").unwrap(),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(esc("t\tn\nr\r").unwrap(), "t&#9;n&#10;r&#13;");
        assert_eq!(esc("]]>").unwrap(), "]]&gt;");
        assert_eq!(esc("del \u{7f} ok").unwrap(), "del \u{7f} ok");
    }

    #[test]
    fn characters_xml_cannot_hold_are_refused() {
        assert_eq!(esc("bell\u{7}"), Err(7));
        assert_eq!(esc("nul\u{0}"), Err(0));
        assert_eq!(esc("\u{ffff}"), Err(0xffff));
    }

    #[test]
    fn every_key_is_declared_once() {
        let h = header();
        let mut ids: Vec<&str> = h
            .match_indices("<key id=\"")
            .map(|(i, _)| &h[i + 9..i + 9 + h[i + 9..].find('"').unwrap()])
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(ids.contains(&"n_founded") && ids.contains(&"e_sources"));
    }
}
