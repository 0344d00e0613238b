//! Property tests: no input makes the loader panic or hang.

use innograph::load::{from_files, DataFile};
use proptest::prelude::*;

const VALID: &str = include_str!("../fixtures/mini/data.toml");

fn load(text: String) {
    let files = vec![DataFile {
        name: "fuzz.toml".into(),
        text,
    }];
    // Either outcome is fine; a panic fails the test.
    if let Err(report) = from_files(&files) {
        for p in &report.problems {
            assert!(p.position.line >= 1 && p.position.column >= 1);
            assert!(!p.message.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        load(text);
    }

    #[test]
    fn toml_like_text(text in "(\\[\\[(entity|relation|fact|source)\\]\\]\n|[a-z_]{1,8} = (\"[^\"\n]{0,12}\"|[0-9.e+-]{1,6}|\\[\"[a-z/-]{0,12}\"\\]|true|nan|inf)\n|\\[entity.attributes\\]\n){0,40}") {
        load(text);
    }

    #[test]
    fn mutated_valid_file(cut in 0usize..VALID.len(), len in 0usize..40, insert in "\\PC{0,20}") {
        let mut bytes = VALID.as_bytes().to_vec();
        let end = (cut + len).min(bytes.len());
        bytes.splice(cut..end, insert.bytes());
        load(String::from_utf8_lossy(&bytes).into_owned());
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    for depth in [100, 10_000, 200_000] {
        load(format!("x = {}{}", "[".repeat(depth), "]".repeat(depth)));
        load(format!("x = {}{}", "{a=".repeat(depth), "}".repeat(depth)));
    }
}

/// Writes a bulk data folder with the given files and loads it: any
/// outcome but a panic is fine.
fn load_bulk(files: &[(&str, String)]) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let _ = innograph::load::from_dir(dir.path());
}

/// A JSON Lines line: often valid JSON with the right keys, often not.
fn bulk_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,60}",
        "\\{(\"(id|kind|name|from|to|type|sources|entity|metric|value|title|date)\":(\"[a-z/0-9-]{0,14}\"|[0-9.e-]{1,5}|\\[\"[a-z0-9-]{0,10}\"\\]|null|true),?){0,6}\\}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bulk_files(
        sources in prop::collection::vec(bulk_line(), 0..4),
        entities in prop::collection::vec(bulk_line(), 0..8),
        relations in prop::collection::vec(bulk_line(), 0..8),
        facts in prop::collection::vec(bulk_line(), 0..4),
    ) {
        let mut sources = sources.join("\n");
        sources.push_str("\n{\"id\":\"s\",\"title\":\"S\"}");
        let mut entities = entities.join("\n");
        entities.push_str("\n{\"id\":\"region/x\",\"kind\":\"region\",\"name\":\"X\",\"sources\":[\"s\"]}");
        load_bulk(&[
            ("sources.jsonl", sources),
            ("entities.jsonl", entities),
            ("relations.jsonl", relations.join("\n")),
            ("facts.jsonl", facts.join("\n")),
        ]);
    }
}
