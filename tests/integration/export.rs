//! `innograph export`: a store written out as a data folder (TOML in the
//! layout of data/, or bulk JSON Lines) loads back without problems or
//! warnings as a store that holds and answers exactly the same: every
//! field of every source, entity, fact and relation (a canonical dump of
//! both stores) and every example operation of schema/examples.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use innograph::curation::Snapshot;
use innograph::export::{self, ExportError, Format};
use innograph::load;
use innograph::model::{Entity, Op, Relation, RelationProps, RelationType, SourceRef};
use innograph::store::Store;

/// Everything a store holds, one line per record, keyed by ids so node
/// and edge numbers do not matter: the sources in the store's order, the
/// entities by id with every field (facts in their order unless
/// `sort_facts`), the relations sorted, and the counts.
fn dump(s: &Store, sort_facts: bool) -> Vec<String> {
    let mut out: Vec<String> = s
        .sources()
        .iter()
        .enumerate()
        .map(|(i, src)| format!("source #{i} {src:?}"))
        .collect();
    let mut entities: Vec<String> = s
        .nodes()
        .map(|ix| {
            let mut e: Entity = s.entity(ix).clone();
            if sort_facts {
                e.facts.sort_by_key(|f| format!("{f:?}"));
            }
            format!("entity {e:?}")
        })
        .collect();
    entities.sort();
    let mut relations: Vec<String> = s
        .edges()
        .filter_map(|e| s.relation(e))
        .map(|(a, b, r)| {
            format!(
                "relation {} {} {} {r:?}",
                s.entity(a).id,
                r.kind.as_str(),
                s.entity(b).id
            )
        })
        .collect();
    relations.sort();
    out.extend(entities);
    out.extend(relations);
    out.push(format!(
        "counts entities={} relations={} facts={} sources={} kinds={:?} types={:?}",
        s.entity_count(),
        s.relation_count(),
        s.fact_count(),
        s.source_count(),
        s.count_by_kind(),
        s.count_by_relation_type()
    ));
    out
}

/// Asserts two dumps are equal, showing the first line that differs.
fn same(a: &[String], b: &[String], what: &str) {
    let first = a.iter().zip(b).position(|(x, y)| x != y);
    if let Some(i) = first {
        panic!("{what}: line {i} differs:\n  {}\n  {}", a[i], b[i]);
    }
    assert_eq!(a.len(), b.len(), "{what}: dumps of different lengths");
}

/// Warning messages without their places (file names differ).
fn warnings(loaded: &load::Loaded) -> Vec<String> {
    let mut w: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| w.0.message.clone())
        .collect();
    w.sort();
    w
}

/// Every file under `dir` by its relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                out.insert(
                    rel.display().to_string(),
                    std::fs::read(&path).expect("read"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The answer of every example operation (schema/examples) on a store.
async fn answers(store: Store) -> Vec<(String, serde_json::Value)> {
    let schema = innograph::graphql::build(Default::default());
    let snapshot = Arc::new(Snapshot::of(Arc::new(store)));
    let mut out = Vec::new();
    // The curation examples change the graph: they need a curated server.
    for ex in innograph::http::examples_list()
        .into_iter()
        .filter(|e| !e.curation)
    {
        let mut req = async_graphql::Request::new(ex.query.clone()).data(snapshot.clone());
        if let Some(v) = ex.variables.clone() {
            req = req.variables(async_graphql::Variables::from_json(v));
        }
        let res = schema.execute(req).await;
        assert!(res.errors.is_empty(), "{}: {:?}", ex.name, res.errors);
        out.push((ex.name, res.data.into_json().expect("JSON")));
    }
    assert!(out.len() >= 12, "the examples are there");
    out
}

/// Exports the built-in data in `format`, checks the folder as
/// `innograph validate` does, and compares the stores and their answers.
async fn builtin_round_trip(format: Format) {
    let builtin = load::check_builtin().expect("built-in data");
    let out = tempfile::tempdir().expect("temp dir");
    let summary = export::write(&builtin.store, format, out.path(), false).expect("exports");
    let s = &builtin.store;
    assert_eq!(
        (
            summary.entities,
            summary.relations,
            summary.facts,
            summary.sources
        ),
        (
            s.entity_count(),
            s.relation_count(),
            s.fact_count(),
            s.source_count()
        )
    );
    // data/ keeps relations and facts in the file of their first source.
    assert_eq!(
        (summary.facts_reordered, summary.relations_reordered),
        (0, 0)
    );
    let back = load::check_dir(out.path()).expect("the export validates with no problem");
    assert_eq!(
        warnings(&back),
        warnings(&builtin),
        "no warning more than data/ gives"
    );
    assert_eq!(back.omitted_warnings, 0);
    same(&dump(s, false), &dump(&back.store, false), format.as_str());
    let (want, got) = (answers(builtin.store).await, answers(back.store).await);
    for ((name, a), (_, b)) in want.iter().zip(&got) {
        assert_eq!(a, b, "{format}: example {name} answers differently");
    }
}

#[tokio::test]
async fn builtin_data_as_toml_validates_and_answers_the_same() {
    builtin_round_trip(Format::Toml).await;
}

#[tokio::test]
async fn builtin_data_as_jsonl_validates_and_answers_the_same() {
    builtin_round_trip(Format::Jsonl).await;
}

#[test]
fn the_toml_layout_is_that_of_data_and_stable_byte_for_byte() {
    let store = load::builtin().expect("built-in data");
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    export::write(&store, Format::Toml, a.path(), false).expect("exports");
    export::write(&store, Format::Toml, b.path(), false).expect("exports again");
    let first = files(a.path());
    assert_eq!(first, files(b.path()), "two exports differ");
    // The same files as data/ (one per kind and per source), and each
    // starts with a comment saying what it holds.
    let data = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    let toml_names = |m: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        m.keys().filter(|k| k.ends_with(".toml")).cloned().collect()
    };
    assert_eq!(toml_names(&first), toml_names(&data));
    // The records of data/, field for field: sources and relations in the
    // same order, entities in id order and facts by entity (data/ keeps
    // them in the order of the article).
    for name in toml_names(&data) {
        let records = |m: &BTreeMap<String, Vec<u8>>| -> Vec<::toml::Value> {
            let text = String::from_utf8(m[&name].clone()).expect("UTF-8");
            let table: ::toml::Table = ::toml::from_str(&text).expect("TOML");
            assert_eq!(table.len(), 1, "{name} holds one kind of record");
            let (_, list) = table.into_iter().next().expect("one");
            list.as_array().expect("an array of tables").clone()
        };
        let (mut ours, mut theirs) = (records(&first), records(&data));
        if !(name.starts_with("relations/") || name == "sources.toml") {
            ours.sort_by_key(|v| v.to_string());
            theirs.sort_by_key(|v| v.to_string());
        }
        assert!(ours == theirs, "{name} holds other records than data/");
    }
    for (name, bytes) in &first {
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(text.starts_with("# "), "{name} has no header comment");
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{name}");
    }
    // Loading the export and exporting that gives the same bytes again.
    let back = load::from_dir(a.path()).expect("loads");
    export::write(&back, Format::Toml, c.path(), false).expect("exports the reload");
    assert_eq!(first, files(c.path()), "export of the reload differs");
}

#[test]
fn a_generated_graph_round_trips_in_both_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gen = dir.path().join("gen");
    let options = innograph::generate::Options {
        entities: 2_000,
        relations: 8_000,
        seed: 11,
    };
    innograph::generate::generate(&options, &gen).expect("generates");
    let store = load::from_dir(&gen).expect("the generated graph loads");
    assert_eq!(store.entity_count(), 2_000);
    let want = dump(&store, false);

    let jsonl = dir.path().join("jsonl");
    let summary = export::write(&store, Format::Jsonl, &jsonl, false).expect("exports");
    assert_eq!(summary.files, 4);
    assert_eq!(
        (summary.facts_reordered, summary.relations_reordered),
        (0, 0)
    );
    let back = load::check_dir(&jsonl).expect("validates");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    same(&want, &dump(&back.store, false), "jsonl");
    // The relations read back in the generator's order.
    let ends = |s: &Store| -> Vec<(String, String)> {
        s.edges()
            .filter_map(|e| s.relation(e))
            .map(|(a, b, _)| (s.entity(a).id.to_string(), s.entity(b).id.to_string()))
            .collect()
    };
    assert!(
        ends(&store) == ends(&back.store),
        "relations in another order"
    );

    let toml = dir.path().join("toml");
    let summary = export::write(&store, Format::Toml, &toml, false).expect("exports");
    assert_eq!(summary.relations, store.relation_count());
    let back = load::check_dir(&toml).expect("validates");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    // A fact goes to the file of its first source, so an entity whose facts
    // cite first sources out of file order reads them back in file order:
    // the summary counts exactly those entities, and nothing else differs.
    // Relations likewise (the generator's cite their sources at random).
    let got = dump(&back.store, false);
    let differ = want.iter().zip(&got).filter(|(a, b)| a != b).count();
    assert_eq!(differ, summary.facts_reordered);
    assert!(summary.facts_reordered > 0, "the seed gives some to check");
    assert!(summary.relations_reordered > 0);
    assert!(ends(&store) != ends(&back.store));
    same(&dump(&store, true), &dump(&back.store, true), "toml");
}

#[test]
fn curated_changes_are_exported_in_id_order() {
    let base = load::builtin().expect("built-in data");
    let template = base
        .entity(base.lookup("company/apple").expect("apple"))
        .clone();
    let new = |id: &str, name: &str| {
        let mut e = template.clone();
        e.id = id.parse().expect("id");
        e.name = name.into();
        e.aliases.clear();
        e.attributes = Default::default();
        e.annotations = Default::default();
        e.facts.clear();
        Op::PutEntity(e)
    };
    let relation = Relation::new(
        RelationType::LocatedIn,
        RelationProps {
            note: Some("added by a curator".into()),
            ..Default::default()
        },
        [SourceRef(1)],
    );
    let ops = [
        // Ids before, between and after the base's, created out of order.
        new("region/zz-new", "Last"),
        new("company/aaa-new", "First"),
        new("park/m-new", "Middle"),
        Op::PutRelation {
            from: "company/aaa-new".parse().unwrap(),
            to: "region/zz-new".parse().unwrap(),
            relation,
        },
        Op::RetractEntity("company/google".parse().unwrap()),
    ];
    let store = base.apply(&ops).expect("applies");
    for format in [Format::Toml, Format::Jsonl] {
        let out = tempfile::tempdir().unwrap();
        let summary = export::write(&store, format, out.path(), false).expect("exports");
        assert_eq!(summary.entities, store.entity_count());
        assert_eq!(summary.relations, store.relation_count());
        let back = load::check_dir(out.path()).expect("validates");
        same(
            &dump(&store, false),
            &dump(&back.store, false),
            format.as_str(),
        );
        let ids: Vec<String> = back
            .store
            .nodes()
            .map(|ix| back.store.entity(ix).id.to_string())
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }
    let out = tempfile::tempdir().unwrap();
    export::write(&store, Format::Toml, out.path(), false).unwrap();
    let companies = std::fs::read_to_string(out.path().join("entities/company.toml")).unwrap();
    let first = companies.find("id = \"company/aaa-new\"").expect("written");
    assert!(first < companies.find("id = \"company/apple\"").unwrap());
    assert!(!companies.contains("company/google"), "retracted");
}

#[test]
fn a_folder_that_is_not_empty_is_refused_unless_forced() {
    let store = load::builtin().expect("built-in data");
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    std::fs::write(dir.join("README.md"), "kept\n").unwrap();
    match export::write(&store, Format::Toml, dir, false) {
        Err(ExportError::NotEmpty(p)) => assert_eq!(p, dir),
        other => panic!("{other:?}"),
    }
    // Stale data files (an old relations file, a bulk set) would change what
    // the folder loads as: forcing removes them, and keeps the rest.
    std::fs::create_dir_all(dir.join("relations")).unwrap();
    std::fs::write(dir.join("relations/old-article.toml"), "[[relation]]\n").unwrap();
    std::fs::write(dir.join("entities.jsonl"), "{}\n").unwrap();
    export::write(&store, Format::Toml, dir, true).expect("forced");
    assert!(!dir.join("relations/old-article.toml").exists());
    assert!(!dir.join("entities.jsonl").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "kept\n"
    );
    let back = load::from_dir(dir).expect("loads");
    same(&dump(&store, false), &dump(&back, false), "forced toml");
    // And the other way: a bulk export over a TOML one.
    export::write(&store, Format::Jsonl, dir, true).expect("forced");
    assert!(!dir.join("sources.toml").exists());
    same(
        &dump(&store, false),
        &dump(&load::from_dir(dir).unwrap(), false),
        "forced jsonl",
    );
    let file = dir.join("README.md");
    match export::write(&store, Format::Jsonl, &file, true) {
        Err(ExportError::NotADirectory(p)) => assert_eq!(p, file),
        other => panic!("{other:?}"),
    }
}

/// `innograph export --journal`: the graph as curated (a created company
/// in a park, a retracted one) is written out, validates, and answers as
/// the curated server did.
#[tokio::test]
async fn export_with_a_journal_writes_the_curated_graph() {
    let dir = tempfile::tempdir().expect("temp dir");
    let curated = common::Curated::start(dir.path(), Default::default());
    let body = curated
        .mutate(
            r#"mutation { applyChanges(changes: [
                 { createEntity: { id: "company/export-test", kind: COMPANY, name: "Export Test" } }
                 { addRelation: { from: "company/export-test", type: LOCATED_IN, to: "park/changyang-campus" } }
                 { retractEntity: { id: "company/google" } } ]
               reason: "export test" sources: ["yangpu-innovation-growth-2023"]) { revision } }"#,
            serde_json::Value::Null,
        )
        .await;
    assert_eq!(body["data"]["applyChanges"]["revision"], 1, "{body}");
    let question = r#"{ entity(id: "company/export-test") { name ... on Company { parks { edges { node { id } } } } }
                        stats { entities relations } }"#;
    let retracted = r#"{ entities(kinds: [COMPANY], first: 100) { edges { node { id } } } }"#;
    let live = curated.read(question).await;
    let live_companies = curated.read(retracted).await;
    assert!(!live_companies.to_string().contains("company/google"));
    let journal = curated.journal.clone();
    drop(curated);

    for format in ["toml", "jsonl"] {
        let out = dir.path().join(format!("out-{format}"));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_innograph"))
            .args(["export", "--format", format, "--out"])
            .arg(&out)
            .arg("--journal")
            .arg(&journal)
            .output()
            .expect("innograph runs");
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "{format}: {stdout} {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(stdout.contains("replayed to revision 1"), "{stdout}");
        let back = load::check_dir(&out).expect("the export validates");
        let server = common::TestServer::with(back.store, Default::default());
        let answer = server.data(question, serde_json::Value::Null).await;
        assert_eq!(
            answer, live,
            "{format}: the export answers as the curated server"
        );
        assert_eq!(
            answer["entity"]["parks"]["edges"][0]["node"]["id"],
            "park/changyang-campus"
        );
        let companies = server.data(retracted, serde_json::Value::Null).await;
        assert_eq!(companies, live_companies, "{format}: retracted");
    }
}

/// A journal that does not exist is an error, not a new empty journal.
#[test]
fn export_with_a_missing_journal_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope.journal");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_innograph"))
        .args(["export", "--format", "toml", "--out"])
        .arg(dir.path().join("out"))
        .arg("--journal")
        .arg(&missing)
        .output()
        .expect("innograph runs");
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("cannot open the journal"), "{stderr}");
    assert!(!missing.exists(), "no journal created");
}
