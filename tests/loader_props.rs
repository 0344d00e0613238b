//! Property tests: no input makes the loader panic or hang.

use innograph::load::{from_files, DataFile};
use proptest::prelude::*;

const VALID: &str = include_str!("fixtures/mini/data.toml");

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
