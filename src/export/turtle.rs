//! The Turtle export: the graph as RDF in one file, `innograph.ttl`.
//!
//! Everything is named under the base IRI (`--base-iri`, by default
//! [`super::DEFAULT_BASE_IRI`]); each id's parts are percent-encoded
//! beyond the IRI's unreserved characters:
//!
//! | thing | IRI |
//! |---|---|
//! | entity `company/apple` | `<base>company/apple`, `a ig:Company` |
//! | its n-th fact (from 1) | `<base>fact/company/apple/n`, `a ig:Fact` |
//! | source `s` | `<base>source/s`, `a prov:Entity, ig:Source` |
//! | the vocabulary (`ig:`) | `<base>vocab/`: a class per kind (`ig:Company`, a subclass of `ig:Entity`), a property per relation type (`ig:located_in`), and the fields (`ig:role`, `ig:metric` ...) |
//!
//! The vocabulary's classes and relation properties are declared at the
//! top of the file, with the descriptions of `data/README.md`. The English
//! name is `rdfs:label "…"@en`, the Chinese name `rdfs:label "…"@zh`; the
//! aliases are `skos:altLabel` without a language tag, since the store does
//! not record their language. An entity's and a fact's sources are
//! `prov:wasDerivedFrom` on it; a fact is a node of its own
//! (`<entity> ig:fact <fact>`).
//!
//! A relation is one triple (`<from> ig:located_in <to>`), so that queries
//! read naturally, and its properties and sources are on its **RDF
//! reification**: a blank node `a rdf:Statement` with `rdf:subject`,
//! `rdf:predicate`, `rdf:object`, `prov:wasDerivedFrom` each source and
//! `ig:role`, `ig:title`, `ig:date`, `ig:amount` ... as the store holds
//! them. Reification rather than RDF-star (`<< s p o >>`) because it is
//! plain RDF 1.1, which every parser reads (rdflib's RDF-star support is
//! partial) and SPARQL 1.1 queries.

use std::fmt::Write as _;

use super::{each_entity, each_relation, ExportError, Files, Summary};
use crate::model::{AttributeKey, EntityId, EntityKind, PartialDate, RelationType, SourceRef};
use crate::store::Store;

/// The file written.
pub(super) const FILE: &str = "innograph.ttl";

/// Checks that `base` can stand before the names: an absolute IRI (a
/// scheme, `:`, more) ending in `/` or `#`, with no character an `IRIREF`
/// may not hold.
pub(super) fn check_base(base: &str) -> Result<(), ExportError> {
    let bad = || ExportError::BadBaseIri(base.to_owned());
    let (scheme, rest) = base.split_once(':').ok_or_else(bad)?;
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let chars_ok = !base.chars().any(|c| c <= ' ' || "<>\"{}|^`\\".contains(c));
    let end_ok = rest.len() > 1 && (base.ends_with('/') || base.ends_with('#'));
    if scheme_ok && chars_ok && end_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// Writes `innograph.ttl`: the prefixes and vocabulary, the sources, the
/// entities with their facts, then the relations.
pub(super) fn write(store: &Store, files: &mut Files, base: &str) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    files.put(FILE, || header(base), |_| Ok(()))?;
    let mut out = String::with_capacity(4096);
    for (i, s) in store.sources().iter().enumerate() {
        out.clear();
        source_iri(&mut out, base, &s.id);
        out.push_str(" a prov:Entity, ig:Source ;\n    dcterms:title ");
        literal(&mut out, &s.title);
        let fields = [("ig:file", &s.file), ("ig:outlet", &s.outlet)];
        for (p, v) in fields {
            if let Some(v) = v {
                property(&mut out, p, v);
            }
        }
        if let Some(d) = s.date {
            let _ = write!(out, " ;\n    dcterms:date \"{d}\"^^xsd:{}", date_type(d));
        }
        if let Some(v) = &s.date_note {
            property(&mut out, "ig:dateNote", v);
        }
        if let Some(url) = &s.url {
            property(&mut out, "ig:url", url);
            out.push_str("^^xsd:anyURI");
        }
        out.push_str(" .\n\n");
        put(files, &out)?;
        summary.sources = i + 1;
    }
    each_entity(store, |e| {
        out.clear();
        entity_iri(&mut out, base, &e.id);
        let _ = write!(out, " a ig:{} ;\n    rdfs:label ", class(e.kind()));
        literal(&mut out, &e.name);
        out.push_str("@en");
        if let Some(zh) = &e.name_zh {
            out.push_str(" ;\n    rdfs:label ");
            literal(&mut out, zh);
            out.push_str("@zh");
        }
        for a in &e.aliases {
            property(&mut out, "skos:altLabel", a);
        }
        if e.name_is_label() {
            out.push_str(" ;\n    ig:nameIsLabel true");
        }
        if let Some(v) = &e.subtype {
            property(&mut out, "ig:subtype", v);
        }
        if let Some(v) = &e.description {
            property(&mut out, "ig:description", v);
        }
        for (k, v) in e.attributes.iter() {
            property(&mut out, &attribute(*k), v);
        }
        for i in 1..=e.facts.len() {
            out.push_str(" ;\n    ig:fact ");
            fact_iri(&mut out, base, &e.id, i);
        }
        sources(&mut out, store, base, &e.sources);
        out.push_str(" .\n\n");
        for (i, f) in e.facts.iter().enumerate() {
            fact_iri(&mut out, base, &e.id, i + 1);
            out.push_str(" a ig:Fact ;\n    ig:metric ");
            literal(&mut out, &f.metric);
            let numbers = [("ig:value", f.value), ("ig:min", f.min), ("ig:max", f.max)];
            for (p, v) in numbers {
                if let Some(v) = v {
                    double(&mut out, p, v);
                }
            }
            if let Some(v) = &f.unit {
                property(&mut out, "ig:unit", v);
            }
            property(&mut out, "ig:qualifier", f.qualifier.as_str());
            if let Some(p) = f.period {
                property(&mut out, "ig:period", &p.to_string());
            }
            if f.as_of {
                out.push_str(" ;\n    ig:asOf true");
            }
            if let Some(v) = &f.wording {
                property(&mut out, "ig:wording", v);
            }
            if f.inferred {
                out.push_str(" ;\n    ig:inferred true");
            }
            if let Some(v) = &f.note {
                property(&mut out, "ig:note", v);
            }
            sources(&mut out, store, base, &f.sources);
            out.push_str(" .\n\n");
        }
        put(files, &out)?;
        summary.entities += 1;
        summary.facts += e.facts.len();
        Ok(())
    })?;
    each_relation(store, |from, to, r| {
        out.clear();
        let p = r.kind.as_str();
        entity_iri(&mut out, base, from);
        let _ = write!(out, " ig:{p} ");
        entity_iri(&mut out, base, to);
        out.push_str(" .\n[] a rdf:Statement ;\n    rdf:subject ");
        entity_iri(&mut out, base, from);
        let _ = write!(out, " ;\n    rdf:predicate ig:{p} ;\n    rdf:object ");
        entity_iri(&mut out, base, to);
        let props = r.props();
        let texts = [
            ("ig:role", &props.role),
            ("ig:title", &props.title),
            ("ig:unit", &props.unit),
            ("ig:note", &props.note),
        ];
        for (p, v) in texts {
            if let Some(v) = v {
                property(&mut out, p, v);
            }
        }
        if let Some(d) = props.date {
            property(&mut out, "ig:date", &d.to_string());
        }
        if let Some(v) = props.amount {
            double(&mut out, "ig:amount", v);
        }
        if props.inferred {
            out.push_str(" ;\n    ig:inferred true");
        }
        sources(&mut out, store, base, &r.sources);
        out.push_str(" .\n\n");
        put(files, &out)?;
        summary.relations += 1;
        Ok(())
    })?;
    Ok(summary)
}

fn put(files: &mut Files, text: &str) -> Result<(), ExportError> {
    files.put(FILE, String::new, |w| w.write_all(text.as_bytes()))
}

/// The prefixes, then the vocabulary: a class per kind, a property per
/// relation type.
fn header(base: &str) -> String {
    let mut out = format!(
        "# The innograph knowledge graph as RDF (written by `innograph export --format turtle`).\n\
         # Relations are triples; their properties and sources are on their RDF reification.\n\
         @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
         @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
         @prefix prov: <http://www.w3.org/ns/prov#> .\n\
         @prefix dcterms: <http://purl.org/dc/terms/> .\n\
         @prefix ig: <{base}vocab/> .\n\n\
         ig:Entity a rdfs:Class ;\n    rdfs:label \"entity\"@en .\n\
         ig:Fact a rdfs:Class ;\n    rdfs:label \"fact\"@en .\n\
         ig:Source a rdfs:Class ;\n    rdfs:subClassOf prov:Entity ;\n    rdfs:label \"source article\"@en .\n"
    );
    for k in EntityKind::ALL {
        let _ = writeln!(
            out,
            "ig:{} a rdfs:Class ;\n    rdfs:subClassOf ig:Entity ;\n    rdfs:label \"{}\"@en .",
            class(k),
            k.as_str()
        );
    }
    for t in RelationType::ALL {
        let _ = write!(out, "ig:{} a rdf:Property ;\n    rdfs:comment ", t.as_str());
        literal(&mut out, t.description());
        out.push_str("@en .\n");
    }
    out.push('\n');
    out
}

/// The class of a kind: `Company` for `company`.
pub(super) fn class(kind: EntityKind) -> String {
    let name = kind.as_str();
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// `ig:dateNote` style property of an attribute (`ig:founded`).
fn attribute(key: AttributeKey) -> String {
    format!("ig:{}", key.as_str())
}

/// The XML Schema type of a date of this precision.
fn date_type(d: PartialDate) -> &'static str {
    match (d.month, d.day) {
        (None, _) => "gYear",
        (Some(_), None) => "gYearMonth",
        (Some(_), Some(_)) => "date",
    }
}

/// ` ;\n    p "value"`.
fn property(out: &mut String, p: &str, value: &str) {
    let _ = write!(out, " ;\n    {p} ");
    literal(out, value);
}

/// ` ;\n    p "value"^^xsd:double`.
fn double(out: &mut String, p: &str, v: f64) {
    let text = if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "INF" } else { "-INF" }.to_owned()
    } else {
        v.to_string()
    };
    let _ = write!(out, " ;\n    {p} \"{text}\"^^xsd:double");
}

/// ` ;\n    prov:wasDerivedFrom <source>, <source>`.
fn sources(out: &mut String, store: &Store, base: &str, refs: &[SourceRef]) {
    for (i, r) in refs.iter().enumerate() {
        out.push_str(if i == 0 {
            " ;\n    prov:wasDerivedFrom "
        } else {
            ", "
        });
        source_iri(out, base, super::source_id(store, *r));
    }
}

fn entity_iri(out: &mut String, base: &str, id: &EntityId) {
    let _ = write!(out, "<{base}{}/", id.kind().as_str());
    segment(out, id.slug());
    out.push('>');
}

fn fact_iri(out: &mut String, base: &str, id: &EntityId, n: usize) {
    let _ = write!(out, "<{base}fact/{}/", id.kind().as_str());
    segment(out, id.slug());
    let _ = write!(out, "/{n}>");
}

fn source_iri(out: &mut String, base: &str, id: &str) {
    let _ = write!(out, "<{base}source/");
    segment(out, id);
    out.push('>');
}

/// One path segment of an IRI: the unreserved characters of RFC 3986
/// (`A-Z a-z 0-9 - . _ ~`) as they are, every other byte of the UTF-8
/// percent-encoded, so that nothing in an id can end the IRI or the
/// segment.
pub(super) fn segment(out: &mut String, text: &str) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// A Turtle string literal (`STRING_LITERAL_QUOTE`): quotes, backslashes
/// and line breaks escaped, other control characters as `\uXXXX`, the rest
/// (all of Unicode) as it is, in UTF-8.
pub(super) fn literal(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> String {
        let mut out = String::new();
        literal(&mut out, s);
        out
    }

    #[test]
    fn literals_escape_what_turtle_needs() {
        assert_eq!(lit("plain"), "\"plain\"");
        assert_eq!(lit("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(lit("a\\b"), "\"a\\\\b\"");
        assert_eq!(lit("two\nlines\r\n\tend"), "\"two\\nlines\\r\\n\\tend\"");
        assert_eq!(lit("bell\u{7}del\u{7f}"), "\"bell\\u0007del\\u007F\"");
        assert_eq!(lit("虹桥 🚀 é"), "\"虹桥 🚀 é\"");
        assert_eq!(lit("'''"), "\"'''\"");
    }

    #[test]
    fn segments_percent_encode_all_but_unreserved() {
        let mut out = String::new();
        segment(&mut out, "a-b_c.d~e");
        assert_eq!(out, "a-b_c.d~e");
        out.clear();
        segment(&mut out, "a b/c>d#e%f\"g智");
        assert_eq!(out, "a%20b%2Fc%3Ed%23e%25f%22g%E6%99%BA");
    }

    #[test]
    fn base_iris_are_checked() {
        for ok in [
            "https://innograph.example.org/",
            "http://example.org/kg#",
            "urn:x-innograph:",
        ] {
            let ok = if ok.ends_with(':') {
                format!("{ok}/")
            } else {
                ok.into()
            };
            assert!(check_base(&ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "innograph",
            "https://example.org",
            "https://exa mple.org/",
            "https://example.org/<x>/",
            "1http://example.org/",
            "https:/",
            "https://example.org/\"/",
        ] {
            assert!(
                matches!(check_base(bad), Err(ExportError::BadBaseIri(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn classes_are_capitalised_kinds() {
        assert_eq!(class(EntityKind::Company), "Company");
        assert_eq!(class(EntityKind::Institution), "Institution");
    }
}
