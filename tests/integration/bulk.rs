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

#[test]
fn the_new_optional_fields_load_and_the_same_warnings_are_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "sources.jsonl", "{\"id\":\"s1\",\"title\":\"One\"}\n");
    write(
        d,
        "entities.jsonl",
        concat!(
            "{\"id\":\"region/r\",\"kind\":\"region\",\"name\":\"R\",\"sources\":[\"s1\"]}\n",
            "{\"id\":\"park/a\",\"kind\":\"park\",\"name\":{\"value\":\"A's valley\",\"label\":true,\"note\":\"unnamed\"},\"aliases\":[\"AV\",{\"value\":\"Avalley\",\"inferred\":true}],\"sources\":[\"s1\"],\"attributes\":{\"founded\":{\"value\":\"2019\",\"inferred\":true,\"note\":\"two years ago\"},\"sector\":\"AI\"}}\n",
            "{\"id\":\"person/p\",\"kind\":\"person\",\"name\":\"P\",\"sources\":[\"s1\"]}\n",
            "{\"id\":\"institution/i\",\"kind\":\"institution\",\"name\":\"I\",\"sources\":[\"s1\"]}\n",
        ),
    );
    write(
        d,
        "facts.jsonl",
        concat!(
            "{\"entity\":\"park/a\",\"metric\":\"offices\",\"unit\":\"offices\",\"qualifier\":\"indefinite\",\"wording\":\"dozens\",\"min\":24,\"as_of\":\"2022-11\",\"sources\":[\"s1\"]}\n",
            "{\"entity\":\"park/a\",\"metric\":\"rate\",\"unit\":\"%\",\"qualifier\":\"range\",\"min\":60,\"max\":70,\"sources\":[\"s1\"]}\n",
            "{\"entity\":\"park/a\",\"metric\":\"team\",\"value\":100,\"qualifier\":\"over\",\"note\":\"several hundred people\",\"sources\":[\"s1\"]}\n",
            "{\"entity\":\"park/a\",\"metric\":\"old\",\"value\":3,\"period\":\"2017\",\"sources\":[\"s1\"]}\n",
        ),
    );
    write(
        d,
        "relations.jsonl",
        concat!(
            "{\"from\":\"park/a\",\"type\":\"near\",\"to\":\"region/r\",\"sources\":[\"s1\"]}\n",
            "{\"from\":\"person/p\",\"type\":\"leads\",\"to\":\"institution/i\",\"title\":\"Vice President\",\"sources\":[\"s1\"]}\n",
            "{\"from\":\"park/a\",\"type\":\"located_in\",\"to\":\"region/r\",\"sources\":[\"s1\"]}\n",
            "{\"from\":\"person/p\",\"type\":\"holds_office\",\"to\":\"region/r\",\"title\":\"Deputy Mayor\",\"sources\":[\"s1\"]}\n",
        ),
    );
    // Loading for serving ignores warnings; checking gives them.
    assert!(from_dir(d).is_ok());
    let loaded = innograph::load::check_dir(d).expect("valid");
    let warnings: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| {
            let p = &w.0;
            let file = std::path::Path::new(&p.file)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("{file}:{}: {}", p.position.line, p.message)
        })
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("facts.jsonl:3: fact `team` has a value"),
        "{warnings:#?}"
    );
    assert!(
        warnings[1]
            .starts_with("relations.jsonl:2: `leads` with the deputy title \"Vice President\""),
        "{warnings:#?}"
    );
    assert!(
        warnings[2].starts_with("relations.jsonl:3: `located_in` here and `near` at "),
        "{warnings:#?}"
    );
    assert!(loaded.warnings[1].to_string().contains(": warning: "));
    // The new fields reach the model.
    let store = loaded.store;
    let a = store.entity(store.lookup("park/a").expect("park/a"));
    assert!(a.name_is_label());
    use innograph::model::{Annotated, AttributeKey, Qualifier};
    assert!(a.annotations.get(Annotated::Alias(1)).inferred);
    assert!(!a.annotations.get(Annotated::Alias(0)).inferred);
    let founded = a
        .annotations
        .get(Annotated::Attribute(AttributeKey::Founded));
    assert_eq!(
        (founded.inferred, founded.note.as_deref()),
        (true, Some("two years ago"))
    );
    let offices = &a.facts[0];
    assert_eq!(offices.qualifier, Qualifier::Indefinite);
    assert_eq!(
        (offices.value, offices.min, offices.as_of),
        (None, Some(24.0), true)
    );
    assert_eq!(a.facts[1].qualifier, Qualifier::Range);
    assert!(
        !a.facts[3].as_of,
        "an old-style period still loads, as a span"
    );
}

#[test]
fn figures_that_break_the_rules_are_refused_in_bulk_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "sources.jsonl", "{\"id\":\"s1\",\"title\":\"One\"}\n");
    write(
        d,
        "entities.jsonl",
        "{\"id\":\"park/a\",\"kind\":\"park\",\"name\":\"A\",\"sources\":[\"s1\"],\"attributes\":{\"founded\":{\"value\":\"2019\",\"label\":true}}}\n",
    );
    write(
        d,
        "facts.jsonl",
        concat!(
            "{\"entity\":\"park/a\",\"metric\":\"rate\",\"qualifier\":\"range\",\"min\":60,\"sources\":[\"s1\"]}\n",
            "{\"entity\":\"park/a\",\"metric\":\"none\",\"sources\":[\"s1\"]}\n",
            "{\"entity\":\"park/a\",\"metric\":\"both\",\"value\":1,\"period\":\"2017\",\"as_of\":\"2017\",\"sources\":[\"s1\"]}\n",
        ),
    );
    write(d, "relations.jsonl", "");
    let Err(LoadError::Invalid(report)) = from_dir(d) else {
        panic!("broken figures must be refused")
    };
    let text = report.to_string();
    for want in [
        "entities.jsonl:1:",
        "`label` marks names only",
        "facts.jsonl:1:",
        "a `range` needs both `min` and `max`",
        "facts.jsonl:2:",
        "`value` is missing",
        "facts.jsonl:3:",
        "give either `period`",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

/// The messages of a report, without their places (the position, and the
/// place of an earlier record a message points at), sorted.
fn messages(report: &innograph::load::Report) -> Vec<String> {
    let mut out: Vec<String> = report
        .problems
        .iter()
        .map(|p| {
            // "(first defined at some/file:12:3)" -> "(first defined at <place>)"
            let words: Vec<String> = p
                .message
                .split(' ')
                .map(|w| {
                    let trimmed = w.trim_end_matches([')', ';']);
                    let parts: Vec<&str> = trimmed.rsplitn(3, ':').collect();
                    let is_place = parts.len() == 3
                        && parts[..2]
                            .iter()
                            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                    if is_place {
                        format!("<place>{}", &w[trimmed.len()..])
                    } else {
                        w.to_owned()
                    }
                })
                .collect();
            words.join(" ")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_same_problem_reads_the_same_in_both_formats() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/same");
    let report = |dir: &str| match from_dir(&root.join(dir)) {
        Err(LoadError::Invalid(report)) => report,
        other => panic!("{dir} must be refused, got {:?}", other.map(|_| ())),
    };
    let (toml, jsonl) = (report("toml"), report("jsonl"));
    let (a, b) = (messages(&toml), messages(&jsonl));
    assert_eq!(a, b, "TOML:\n{toml}\n\nJSON Lines:\n{jsonl}");
    // One of each kind of problem the fixtures hold, none lost on the way.
    assert_eq!(a.len(), 33, "{a:#?}");
    for want in [
        "duplicate source id `s1` (first defined at <place>)",
        "duplicate entity id `park/a` (first defined at <place>)",
        "duplicate relation company/b -located_in-> park/a (first at <place>); merge their sources",
        "unknown source `s9` (no source has this id)",
        "`unit` must not be empty",
    ] {
        assert!(a.iter().any(|m| m == want), "missing {want:?} in {a:#?}");
    }
}

#[test]
fn a_long_report_lists_the_first_problems_and_counts_every_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "sources.jsonl", "{\"id\":\"s1\",\"title\":\"One\"}\n");
    // Over 1 MiB, so it is read in parts on threads; every 50th line has a
    // kind that does not match its id.
    let mut entities = String::new();
    for i in 0..20_000 {
        let kind = if i % 50 == 49 { "company" } else { "park" };
        entities.push_str(&format!(
            "{{\"id\":\"park/p{i}\",\"kind\":\"{kind}\",\"name\":\"Park number {i} with a name long enough\",\"sources\":[\"s1\"]}}\n"
        ));
    }
    assert!(entities.len() > 1 << 20);
    write(d, "entities.jsonl", &entities);
    // A repeated relation is found although other problems were met.
    let relation =
        "{\"from\":\"park/p1\",\"type\":\"near\",\"to\":\"park/p2\",\"sources\":[\"s1\"]}\n";
    write(d, "relations.jsonl", &relation.repeat(2));
    let Err(LoadError::Invalid(report)) = from_dir(d) else {
        panic!("broken data must be refused")
    };
    assert_eq!(report.total(), 400 + 1);
    assert_eq!(report.problems.len(), innograph::load::bulk::MAX_LISTED);
    assert_eq!(report.omitted, 301);
    // The listed ones are the first in report order: file, then line.
    let lines: Vec<usize> = report.problems.iter().map(|p| p.position.line).collect();
    let expected: Vec<usize> = (1..=100).map(|k| 50 * k).collect();
    assert_eq!(lines, expected);
    let text = report.to_string();
    assert!(
        text.ends_with("... and 301 more problems\n401 problems"),
        "{}",
        &text[text.len().saturating_sub(200)..]
    );

    // Only relations broken: the repeat is listed with the first's place.
    let fixed = entities.replace("\"kind\":\"company\"", "\"kind\":\"park\"");
    write(d, "entities.jsonl", &fixed);
    let Err(LoadError::Invalid(report)) = from_dir(d) else {
        panic!("a repeated relation must be refused")
    };
    assert_eq!(report.total(), 1, "{report}");
    let p = &report.problems[0];
    let first = d.join("relations.jsonl").display().to_string();
    assert_eq!(
        (p.position.line, p.message.clone()),
        (
            2,
            format!("duplicate relation park/p1 -near-> park/p2 (first at {first}:1:1); merge their sources")
        )
    );
}
