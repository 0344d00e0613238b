//! The bulk JSON Lines format: generated graphs load whole; broken files are
//! reported line by line with file:line:column.

use innograph::generate::{generate, Options};
use innograph::load::{from_dir, LoadError};

#[test]
fn a_generated_graph_loads_with_every_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = Options {
        entities: 2_000,
        relations: 9_000,
        seed: 11,
    };
    let summary = generate(&options, dir.path()).expect("generated");
    let store = from_dir(dir.path()).expect("a generated graph is valid");
    assert_eq!(store.entity_count(), 2_000);
    assert_eq!(store.relation_count(), summary.relations);
    assert_eq!(store.fact_count(), summary.facts);
    assert_eq!(store.sources().len(), summary.sources);
    // Ids are predictable, so load scripts can pick them without reading files.
    let id = innograph::generate::id_of(1_234, 2_000);
    assert!(store.lookup(&id).is_some(), "{id}");
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write fixture");
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "sources.jsonl", "{\"id\":\"s1\",\"title\":\"One\"}\n");
    write(
        d,
        "entities.jsonl",
        concat!(
            "{\"id\":\"park/a\",\"kind\":\"park\",\"name\":\"A\",\"sources\":[\"s1\"]}\n",
            "{\"id\":\"company/b\",\"kind\":\"company\",\"name\":\"B\",\"sources\":[\"s1\"],\"attributes\":{\"theme\":\"x\"}}\n",
            "\n",
            "{\"id\":\"Park/C\",\"kind\":\"park\",\"name\":\"C\",\"sources\":[\"s1\"]}\n",
            "{\"id\":\"park/d\",\"kind\":\"park\",\"name\":\"D\",\"sources\":[\"s9\"]}\n",
            "{\"id\":\"park/a\",\"kind\":\"park\",\"name\":\"A again\",\"sources\":[\"s1\"]}\n",
        ),
    );
    write(
        d,
        "relations.jsonl",
        concat!(
            "{\"from\":\"company/b\",\"type\":\"located_in\",\"to\":\"park/a\",\"sources\":[\"s1\"]}\n",
            "{\"from\":\"company/b\",\"type\":\"located_in\",\"to\":\"park/zz\",\"sources\":[\"s1\"]}\n",
            "{\"from\":\"park/a\",\"type\":\"leads\",\"to\":\"company/b\",\"sources\":[\"s1\"]}\n",
            "{\"from\":\"company/b\",\"type\":\"located_in\",\"to\":\"park/a\",\"sources\":[\"s1\"],\"colour\":\"red\"}\n",
            "{\"from\":\"company/b\",\"type\":\"lives_in\",\"to\":\"park/a\",\"sources\":[\"s1\"]}\n",
            "{\"from\": \"company/b\", \"type\": \n",
        ),
    );
    let Err(LoadError::Invalid(report)) = from_dir(d) else {
        panic!("broken data must be refused")
    };
    let lines: Vec<String> = report
        .problems
        .iter()
        .map(|p| {
            let file = std::path::Path::new(&p.file)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!(
                "{file}:{}:{}: {}",
                p.position.line, p.position.column, p.message
            )
        })
        .collect();
    let has = |want: &str| {
        assert!(
            lines.iter().any(|l| l.starts_with(want)),
            "missing `{want}` in:\n{}",
            lines.join("\n")
        )
    };
    has("entities.jsonl:2:78: attribute `theme` is not allowed on a company");
    has("entities.jsonl:4:2: id `Park/C`");
    has("entities.jsonl:5:41: unknown source `s9`");
    has("entities.jsonl:6:1: duplicate entity id `park/a`");
    has("relations.jsonl:2:41: unknown entity `park/zz`");
    has("relations.jsonl:3:18: relation `leads` cannot start at a park");
    has("relations.jsonl:4:79: unknown field `colour`");
    has("relations.jsonl:5:21: unknown relation type `lives_in`");
    has("relations.jsonl:6:30: EOF while parsing a value");
    // Positions are given once, as file:line:column, not again in the message.
    assert!(lines.iter().all(|l| !l.contains(" at line ")), "{lines:?}");
}
