//! `innograph validate` on the curated data and on broken fixtures.

use std::process::Command;

fn validate(dir: &str) -> (bool, String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_innograph"))
        .current_dir(root)
        .args(["validate", dir])
        .output()
        .expect("innograph runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn curated_data_is_valid() {
    let (ok, stdout, stderr) = validate("data");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("data: ok"), "{stdout}");
}

#[test]
fn builtin_data_equals_the_data_folder() {
    let builtin = innograph::load::builtin().expect("built-in data loads");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let folder = innograph::load::from_dir(&dir).expect("data/ loads");
    assert_eq!(builtin.entity_count(), folder.entity_count());
    assert_eq!(builtin.relation_count(), folder.relation_count());
    assert_eq!(builtin.fact_count(), folder.fact_count());
}

#[test]
fn broken_fixtures_report_every_problem_with_its_position() {
    let (ok, _, stderr) = validate("tests/fixtures/broken");
    assert!(!ok);
    insta::assert_snapshot!("broken", stderr);
    for needle in [
        "tests/fixtures/broken/errors.toml:2:6: duplicate entity id `park/p2` (first defined at tests/fixtures/broken/base.toml:24:6)",
        "errors.toml:17:12: unknown source `nowhere-2020`",
        "errors.toml:35:8: relation `located_in` cannot start at a person",
        "errors.toml:42:6: unknown entity `region/atlantis`",
        "errors.toml:48:9: in [[fact]]: invalid type: string \"twelve\", expected f64",
        "errors.toml:56:10: `2021-13` is not a real calendar date",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in\n{stderr}");
    }
}

#[test]
fn syntax_and_shape_errors_have_positions() {
    let (ok, _, stderr) = validate("tests/fixtures/syntax");
    assert!(!ok);
    insta::assert_snapshot!("syntax", stderr);
    assert!(
        stderr.contains("tests/fixtures/syntax/bad.toml:4:10: TOML syntax: invalid basic string"),
        "{stderr}"
    );
    assert!(
        stderr.contains("shape.toml:5:1: in [[entity]]: unknown field `nmae_zh`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("shape.toml:8:2: unknown table `things`"),
        "{stderr}"
    );
}

#[test]
fn missing_folder_is_a_clear_error() {
    let (ok, _, stderr) = validate("no/such/folder");
    assert!(!ok);
    assert!(stderr.contains("cannot read no/such/folder"), "{stderr}");
}

#[test]
fn server_refuses_to_start_on_invalid_data() {
    let out = Command::new(env!("CARGO_BIN_EXE_innograph"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data",
            "tests/fixtures/broken",
        ])
        .output()
        .expect("innograph runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refusing to start"), "{stderr}");
    assert!(
        stderr.contains("errors.toml:42:6: unknown entity `region/atlantis`"),
        "{stderr}"
    );
}

#[test]
fn jingan_spellings_find_the_same_district() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let store = innograph::load::from_dir(&dir).unwrap();
    let want = store.lookup("region/jingan").unwrap();
    for v in ["Jing'an", "Jing’an", "Jingan", "jing an", "JING-AN"] {
        assert_eq!(store.by_name(v), &[want], "{v}");
    }
}
