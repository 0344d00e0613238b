//! `innograph export` to the formats of other tools, each checked by a
//! parser of its own ecosystem: GraphML by networkx, Turtle by rdflib (and
//! SPARQL over it against GraphQL on the real server), the Neo4j CSV files
//! by a checker written from the import tool's documentation
//! (`tests/export/neo4j.py`, Python's csv module). The Python packages are
//! pinned in `tests/export/requirements.txt`; without them a test skips
//! with the reason, except in CI (`CI=true`), where it fails.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use innograph::export::{self, ExportError, Format};
use innograph::load;
use innograph::model::{Op, Relation, RelationProps, RelationType, SourceRef};
use innograph::store::Store;
use serde_json::{json, Value};

/// python3 with the modules a test needs, or why not.
struct Python;

impl Python {
    /// `Some` when python3 imports `modules`; else `None` after printing
    /// why the test skips (outside CI), or a panic (in CI).
    fn require(test: &str, modules: &[&str]) -> Option<Python> {
        let import = format!("import {}", modules.join(", "));
        let why = match Command::new("python3").args(["-c", &import]).output() {
            Err(e) => format!("python3 does not run ({e})"),
            Ok(o) if !o.status.success() => format!(
                "python3 cannot `{import}` (python3 -m pip install -r tests/export/requirements.txt): {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ),
            Ok(_) => return Some(Python),
        };
        common::skip(test, &why);
        None
    }

    /// Runs `tests/export/<script>` with `args`; its stdout as JSON.
    fn run(&self, script: &str, args: &[&str]) -> Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/export")
            .join(script);
        let out = Command::new("python3")
            .arg(&path)
            .args(args)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("the script prints JSON")
    }
}

fn export_to(store: &Store, format: Format, dir: &Path) -> PathBuf {
    export::write(store, format, dir, false).expect("exports");
    dir.to_path_buf()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// The sample node's fields as GraphQL gives them, as the GraphML export's
/// attributes are named (unset ones left out, lists as JSON text).
fn graphql_attributes(entity: &Value) -> serde_json::Map<String, Value> {
    let mut want = serde_json::Map::new();
    for (k, v) in entity.as_object().expect("an entity") {
        let v = match (k.as_str(), v) {
            (_, Value::Null) => continue,
            ("kind", Value::String(s)) => Value::String(s.to_lowercase()),
            ("nameIsLabel", Value::Bool(false)) => continue,
            ("aliases", Value::Array(a)) if a.is_empty() => continue,
            ("aliases", a) => Value::String(a.to_string()),
            ("sources", Value::Array(list)) => {
                let ids: Vec<&Value> = list.iter().map(|s| &s["id"]).collect();
                Value::String(json!(ids).to_string())
            }
            (_, v) => v.clone(),
        };
        want.insert(k.clone(), v);
    }
    want
}

const SAMPLE: &str = "park/changyang-campus";

#[tokio::test]
async fn graphml_opens_in_networkx_as_the_store_and_graphql_hold_it() {
    let Some(py) = Python::require("graphml_opens_in_networkx", &["networkx"]) else {
        return;
    };
    let store = load::builtin().expect("built-in data");
    let dir = tempfile::tempdir().unwrap();
    export_to(&store, Format::Graphml, dir.path());
    let file = dir.path().join("innograph.graphml");
    let got = py.run("graphml.py", &[path_str(&file), SAMPLE]);
    assert_eq!(got["directed"], true);
    assert_eq!(got["nodes"], store.entity_count());
    assert_eq!(got["edges"], store.relation_count());
    let types = store.count_by_relation_type();
    for (t, n) in types.iter().filter(|(_, n)| *n > 0) {
        assert_eq!(got["types"][t.as_str()], *n, "{t}");
    }
    let server = common::TestServer::builtin();
    let q = r#"query($id: ID!) { entity(id: $id) { kind name nameZh subtype aliases description nameIsLabel
                 sources { id } ... on Park { address founded sector } } }"#;
    let data = server.data(q, json!({ "id": SAMPLE })).await;
    let want = graphql_attributes(&data["entity"]);
    let attributes = &got["samples"][SAMPLE]["attributes"];
    assert_eq!(attributes, &Value::Object(want), "{SAMPLE}");
}

#[tokio::test]
async fn turtle_parses_in_rdflib_and_sparql_answers_as_graphql() {
    let Some(py) = Python::require("turtle_parses_in_rdflib", &["rdflib"]) else {
        return;
    };
    // Through the command line, with a base IRI of its own.
    let dir = tempfile::tempdir().unwrap();
    let base = "http://example.com/kg#";
    let run = Command::new(env!("CARGO_BIN_EXE_innograph"))
        .args(["export", "--format", "turtle", "--base-iri", base, "--out"])
        .arg(dir.path())
        .output()
        .expect("innograph runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let file = dir.path().join("innograph.ttl");
    let company = "company/sensetime";
    let prefixes = format!(
        "PREFIX ig: <{base}vocab/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> "
    );
    let queries = [
        format!("{prefixes} SELECT ?p WHERE {{ ?p a ig:Park ; ig:located_in <{base}region/yangpu> }}"),
        format!(
            "{prefixes} SELECT ?p ?o ?s WHERE {{ ?st a rdf:Statement ; rdf:subject <{base}{company}> ; \
             rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?s }}"
        ),
        format!("{prefixes} SELECT ?l WHERE {{ <{base}{SAMPLE}> rdfs:label ?l }}"),
        format!("{prefixes} SELECT (COUNT(?st) AS ?n) WHERE {{ ?st a rdf:Statement }}"),
        format!("{prefixes} SELECT (COUNT(?f) AS ?n) WHERE {{ ?f a ig:Fact }}"),
        format!("{prefixes} SELECT (COUNT(?e) AS ?n) WHERE {{ ?c rdfs:subClassOf ig:Entity . ?e a ?c }}"),
    ];
    let got = py.run("turtle.py", &[path_str(&file), &json!(queries).to_string()]);
    let answers = got["answers"].as_array().expect("answers");
    let server = common::TestServer::builtin();

    // The parks in Yangpu.
    let q = r#"{ entity(id: "region/yangpu") { relations(types: [LOCATED_IN], direction: INCOMING, first: 100) {
                 edges { node { from { id kind } } } pageInfo { hasNextPage } } } }"#;
    let data = server.data(q, Value::Null).await;
    let relations = &data["entity"]["relations"];
    assert_eq!(relations["pageInfo"]["hasNextPage"], false);
    let mut want: Vec<String> = relations["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["from"])
        .filter(|f| f["kind"] == "PARK")
        .map(|f| format!("{base}{}", f["id"].as_str().unwrap()))
        .collect();
    let mut parks: Vec<String> = answers[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[0][0].as_str().unwrap().to_owned())
        .collect();
    want.sort();
    parks.sort();
    assert!(!want.is_empty());
    assert_eq!(parks, want, "the parks in Yangpu");

    // A company's relations, with each one's sources, from the reification.
    let q = r#"query($id: ID!) { entity(id: $id) { relations(direction: OUTGOING, first: 100) {
                 edges { node { type to { id } sources { id } } } } } }"#;
    let data = server.data(q, json!({ "id": company })).await;
    let mut want: Vec<String> = Vec::new();
    for e in data["entity"]["relations"]["edges"].as_array().unwrap() {
        let n = &e["node"];
        for s in n["sources"].as_array().unwrap() {
            want.push(format!(
                "{base}vocab/{} {base}{} {base}source/{}",
                n["type"].as_str().unwrap().to_lowercase(),
                n["to"]["id"].as_str().unwrap(),
                s["id"].as_str().unwrap()
            ));
        }
    }
    let mut rows: Vec<String> = answers[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r[0][0].as_str().unwrap(),
                r[1][0].as_str().unwrap(),
                r[2][0].as_str().unwrap()
            )
        })
        .collect();
    want.sort();
    rows.sort();
    assert!(want.len() >= 4, "{want:?}");
    assert_eq!(rows, want, "{company}'s relations and their sources");

    // The names, tagged by language.
    let data = server
        .data(
            r#"query($id: ID!) { entity(id: $id) { name nameZh } }"#,
            json!({ "id": SAMPLE }),
        )
        .await;
    assert_eq!(
        sorted_labels(&answers[2]),
        sorted(vec![
            json!([data["entity"]["name"], "en"]),
            json!([data["entity"]["nameZh"], "zh"]),
        ])
    );

    // Every relation reified, every fact and entity typed.
    let count = |i: usize| {
        answers[i][0][0][0]
            .as_str()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    let store = load::builtin().unwrap();
    assert_eq!(count(3), store.relation_count());
    assert_eq!(count(4), store.fact_count());
    assert_eq!(count(5), store.entity_count());
}

#[test]
fn neo4j_files_follow_the_import_tools_header_format() {
    let Some(py) = Python::require("neo4j_files_follow_the_header_format", &["csv"]) else {
        return;
    };
    let store = load::builtin().expect("built-in data");
    let dir = tempfile::tempdir().unwrap();
    export_to(&store, Format::Neo4j, dir.path());
    let with_aliases = store
        .nodes()
        .map(|ix| store.entity(ix))
        .find(|e| e.aliases.len() >= 2)
        .expect("an entity with two aliases");
    let id = with_aliases.id.as_str();
    let got = py.run("neo4j.py", &[path_str(dir.path()), id]);
    assert_eq!(got["errors"], json!([]), "{got}");
    assert_eq!(got["delimiter"], ";");
    assert_eq!(got["labels"]["Entity"], store.entity_count());
    assert_eq!(got["labels"]["Fact"], store.fact_count());
    assert_eq!(got["labels"]["Source"], store.source_count());
    for (kind, n) in store.count_by_kind() {
        let label = format!(
            "{}{}",
            kind.as_str()[..1].to_uppercase(),
            &kind.as_str()[1..]
        );
        assert_eq!(got["labels"][&label], n, "{kind}");
    }
    let types = store.count_by_relation_type();
    let present = types.iter().filter(|(_, n)| *n > 0);
    for (t, n) in present.clone() {
        assert_eq!(got["types"][t.as_str().to_uppercase()], *n, "{t}");
    }
    assert_eq!(got["types"]["HAS_FACT"], store.fact_count());
    let sample = &got["samples"][id];
    assert_eq!(sample["aliases"], json!(with_aliases.aliases), "{sample}");
    assert_eq!(sample["name"], with_aliases.name);
    let script = std::fs::read_to_string(dir.path().join("import.cypher")).unwrap();
    let files = 10 + present.count() + 1;
    assert_eq!(
        script.matches("LOAD CSV WITH HEADERS").count(),
        files,
        "one per file"
    );
}

/// Names, notes and aliases with every character that needs care, in each
/// format, read back by each parser as the store holds them.
#[test]
fn nasty_strings_survive_every_format() {
    let Some(py) = Python::require(
        "nasty_strings_survive_every_format",
        &["networkx", "rdflib"],
    ) else {
        return;
    };
    let nasty = "Quote \" and 'single', back\\slash \\n, two\nlines\r\nand\ttab; <tag> & \"\"\" 虹桥智谷 🚀 é";
    let alias = "semi;colon, comma \"q\"";
    let base = load::builtin().expect("built-in data");
    let mut e = base.entity(base.lookup("company/apple").unwrap()).clone();
    e.id = "company/nasty-test".parse().unwrap();
    e.name = nasty.into();
    e.name_zh = Some("引号\"与\\反斜杠".into());
    e.description = Some(nasty.into());
    e.aliases = vec![alias.into(), "plain".into()];
    e.annotations = Default::default();
    e.facts.clear();
    let relation = Relation::new(
        RelationType::LocatedIn,
        RelationProps {
            note: Some(nasty.into()),
            ..Default::default()
        },
        [SourceRef(0)],
    );
    let ops = [
        Op::PutEntity(e),
        Op::PutRelation {
            from: "company/nasty-test".parse().unwrap(),
            to: "region/yangpu".parse().unwrap(),
            relation,
        },
    ];
    let store = base.apply(&ops).expect("applies");
    let id = "company/nasty-test";

    let dir = tempfile::tempdir().unwrap();
    let graphml = export_to(&store, Format::Graphml, &dir.path().join("graphml"));
    let got = py.run(
        "graphml.py",
        &[path_str(&graphml.join("innograph.graphml")), id],
    );
    let sample = &got["samples"][id];
    assert_eq!(sample["attributes"]["name"], nasty);
    assert_eq!(sample["attributes"]["description"], nasty);
    let aliases: Value =
        serde_json::from_str(sample["attributes"]["aliases"].as_str().unwrap()).unwrap();
    assert_eq!(aliases, json!([alias, "plain"]));
    assert_eq!(sample["out"][0]["note"], nasty, "{sample}");

    let turtle = export_to(&store, Format::Turtle, &dir.path().join("turtle"));
    let b = export::DEFAULT_BASE_IRI;
    let queries = [
        format!("SELECT ?l WHERE {{ <{b}{id}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"),
        format!("SELECT ?a WHERE {{ <{b}{id}> <http://www.w3.org/2004/02/skos/core#altLabel> ?a }}"),
        format!(
            "SELECT ?n WHERE {{ ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{b}{id}> ; <{b}vocab/note> ?n }}"
        ),
    ];
    let got = py.run(
        "turtle.py",
        &[
            path_str(&turtle.join("innograph.ttl")),
            &json!(queries).to_string(),
        ],
    );
    let a = &got["answers"];
    assert_eq!(
        sorted_labels(&a[0]),
        sorted(vec![
            json!([nasty, "en"]),
            json!(["引号\"与\\反斜杠", "zh"])
        ])
    );
    let mut aliases: Vec<&str> = a[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[0][0].as_str().unwrap())
        .collect();
    aliases.sort_unstable();
    assert_eq!(aliases, ["plain", alias]);
    assert_eq!(a[2][0][0][0], nasty);

    let neo4j = export_to(&store, Format::Neo4j, &dir.path().join("neo4j"));
    let got = py.run("neo4j.py", &[path_str(&neo4j), id]);
    assert_eq!(got["errors"], json!([]), "{got}");
    // An alias holds `;`, so the arrays are split on `|`; a name holds a
    // line break, so the command reads multiline fields.
    assert_eq!(got["delimiter"], "|");
    assert_eq!(got["multiline"], true);
    assert_eq!(got["samples"][id]["name"], nasty);
    assert_eq!(got["samples"][id]["aliases"], json!([alias, "plain"]));

    // A control character: Turtle escapes it, XML 1.0 cannot hold it.
    let bell = "bell \u{7} here";
    let mut e = store.entity(store.lookup(id).unwrap()).clone();
    e.name = bell.into();
    let store = store.apply(&[Op::PutEntity(e)]).expect("applies");
    match export::write(
        &store,
        Format::Graphml,
        &dir.path().join("bell-graphml"),
        false,
    ) {
        Err(ExportError::Unrepresentable { code: 7, what, .. }) => {
            assert!(what.contains("name") && what.contains(id), "{what}")
        }
        other => panic!("{other:?}"),
    }
    let turtle = export_to(&store, Format::Turtle, &dir.path().join("bell-turtle"));
    let got = py.run(
        "turtle.py",
        &[
            path_str(&turtle.join("innograph.ttl")),
            &json!([&queries[0]]).to_string(),
        ],
    );
    let names: Vec<&Value> = got["answers"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r[0][0])
        .collect();
    assert!(names.contains(&&json!(bell)), "{names:?}");
}

#[test]
fn a_bad_base_iri_is_refused_before_anything_is_written() {
    let store = load::builtin().expect("built-in data");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let options = export::Options {
        base_iri: "not an iri".into(),
        ..Default::default()
    };
    match export::write_with(&store, Format::Turtle, &out, &options) {
        Err(ExportError::BadBaseIri(b)) => assert_eq!(b, "not an iri"),
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());
}

/// `--force` replaces an earlier export of another format: no stale CSV
/// file is left for a `--nodes=*.csv` to pick up.
#[test]
fn forcing_removes_the_other_formats_files() {
    let store = load::builtin().expect("built-in data");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    export::write(&store, Format::Neo4j, d, false).unwrap();
    export::write(&store, Format::Graphml, d, true).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The Neo4j README stays, as any README does.
    assert_eq!(names, ["README.md", "innograph.graphml"]);
    export::write(&store, Format::Turtle, d, true).unwrap();
    assert!(!d.join("innograph.graphml").exists());
}

/// The first column of each row of a SPARQL answer, sorted.
fn sorted_labels(rows: &Value) -> Vec<Value> {
    let rows = rows.as_array().expect("SPARQL rows");
    sorted(rows.iter().map(|r| r[0].clone()).collect())
}

/// JSON values in the order of their text.
fn sorted(mut values: Vec<Value>) -> Vec<Value> {
    values.sort_by_key(|v| v.to_string());
    values
}
