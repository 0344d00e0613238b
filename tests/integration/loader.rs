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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    // The same files, byte for byte.
    let embedded: Vec<(String, String)> = innograph::load::builtin_files()
        .into_iter()
        .map(|f| {
            let name = f
                .name
                .strip_prefix("data/")
                .expect("under data/")
                .to_owned();
            (name, f.text)
        })
        .collect();
    let on_disk: Vec<(String, String)> = innograph::load::read_dir(&dir)
        .expect("data/ reads")
        .into_iter()
        .map(|f| {
            let path = std::path::Path::new(&f.name);
            let name = path.strip_prefix(&dir).expect("under data/");
            (name.to_string_lossy().into_owned(), f.text)
        })
        .collect();
    let names = |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&embedded), names(&on_disk));
    for ((name, a), (_, b)) in embedded.iter().zip(&on_disk) {
        assert!(a == b, "{name} differs from the embedded copy");
    }
    // The same graph, item by item: every source, entity (with its names,
    // attributes and facts) and relation, in the same order.
    let builtin = innograph::load::builtin().expect("built-in data loads");
    let folder = innograph::load::from_dir(&dir).expect("data/ loads");
    assert_eq!(builtin.sources(), folder.sources());
    assert_eq!(builtin.entity_count(), folder.entity_count());
    for ix in builtin.nodes() {
        assert_eq!(builtin.entity(ix), folder.entity(ix));
    }
    assert_eq!(builtin.relation_count(), folder.relation_count());
    for edge in builtin.edges() {
        let ends = |store: &innograph::store::Store| {
            let (a, b, r) = store.relation(edge).expect("edge exists");
            (
                store.entity(a).id.to_string(),
                store.entity(b).id.to_string(),
                r.clone(),
            )
        };
        assert_eq!(ends(&builtin), ends(&folder));
    }
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
fn figures_and_annotations_that_break_the_rules_are_refused() {
    let (ok, _, stderr) = validate("tests/fixtures/broken");
    assert!(!ok);
    for needle in [
        "figures.toml:6:8: in [[entity]]: unknown field `colour`",
        "figures.toml:15:11: `label` marks names only",
        "figures.toml:20:13: a `range` needs both `min` and `max`",
        "figures.toml:28:9: a `range` figure has no single value",
        "figures.toml:38:7: `min` must be below `max`",
        "figures.toml:45:13: an `indefinite` figure needs `wording`",
        "figures.toml:53:7: `min` is only for `range` and `indefinite` figures",
        "figures.toml:56:1: `value` is missing",
        "figures.toml:66:9: give either `period`",
        "figures.toml:73:9: `as_of` is one date, not a period",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in\n{stderr}");
    }
}

#[test]
fn patterns_that_were_wrong_warn_but_do_not_fail() {
    let (ok, stdout, stderr) = validate("tests/fixtures/warnings");
    assert!(ok, "warnings must not fail validation: {stderr}");
    assert!(stdout.contains("tests/fixtures/warnings: ok,"), "{stdout}");
    assert!(stdout.contains(", 8 warnings"), "{stdout}");
    insta::assert_snapshot!("warnings", stderr);
    for needle in [
        "tests/fixtures/warnings/data.toml:71:9: warning: `leads` with the deputy title \"Vice Mayor\"",
        "data.toml:70:6: warning: `leads` ends at a place",
        "data.toml:78:9: warning: `leads` with the deputy title \"Deputy Head\"",
        "data.toml:105:8: warning: `located_in` here and `near` at tests/fixtures/warnings/data.toml:98:8",
        "data.toml:118:8: warning: `hosts` here and `located_in`",
        "data.toml:131:8: warning: `affiliated_with` here and `developed`",
        "data.toml:152:9: warning: fact `security_team_size` has a value",
        "data.toml:171:9: warning: two facts `incubation_success_rate` bound the same figure",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in\n{stderr}");
    }
    // What is written the right way beside them gives no warning.
    assert_eq!(stderr.matches(": warning: ").count(), 8, "{stderr}");
    for quiet in [
        "Deputy Director",
        "CEO",
        "small_offices",
        "rooms_per_tenant",
        "`governs`",
        "`worked_with`",
    ] {
        assert!(!stderr.contains(quiet), "{quiet} warned:\n{stderr}");
    }
}

#[test]
fn the_curated_data_validates_without_warnings() {
    let (ok, stdout, stderr) = validate("data");
    assert!(ok, "{stderr}");
    // Nothing on stderr, and a summary line that counts no warnings (with
    // any, it ends ", N warnings").
    assert_eq!(stderr, "");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].starts_with("data: ok, "), "{stdout}");
    assert!(lines[0].ends_with(", 5 sources"), "{stdout}");
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
