//! `innograph keys` as a curator runs it: `create` prints one line that is
//! a working key, `list` shows it without its secret, `revoke` makes it
//! verify as revoked, and mistakes give clear errors and a failing exit.

use std::path::Path;
use std::process::{Command, Output};

use innograph::journal::keys;
use innograph::journal::sqlite::SqliteJournal;
use innograph::journal::Journal as _;

/// Runs `innograph keys ARGS` in `dir`, with no journal in the environment.
fn keys_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_innograph"))
        .arg("keys")
        .args(args)
        .current_dir(dir)
        .env_remove("INNOGRAPH_JOURNAL")
        .output()
        .expect("innograph runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

/// Runs a command that must succeed.
fn ok(dir: &Path, args: &[&str]) -> Output {
    let o = keys_in(dir, args);
    assert!(o.status.success(), "{args:?} failed: {}", stderr(&o));
    o
}

/// Runs a command that must fail, and returns its error output.
fn fails(dir: &Path, args: &[&str]) -> String {
    let o = keys_in(dir, args);
    assert!(!o.status.success(), "{args:?} should fail");
    assert!(stdout(&o).is_empty(), "nothing on stdout: {}", stdout(&o));
    stderr(&o)
}

#[test]
fn create_list_revoke_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("j.journal");
    let j = journal.to_str().expect("UTF-8 path");
    let created = ok(
        dir.path(),
        &[
            "create",
            "--name",
            "alice",
            "--scope",
            "curate",
            "--journal",
            j,
        ],
    );
    let out = stdout(&created);
    assert_eq!(out.lines().count(), 1, "one line: {out:?}");
    assert!(out.ends_with('\n'));
    let key = out.trim_end();
    let (prefix, secret) = keys::parse(key).expect("the line is a key");
    assert!(stderr(&created).contains("alice"), "a note on stderr");

    {
        let opened = SqliteJournal::open_existing(&journal).expect("the journal exists");
        let record = opened
            .keys()
            .verify(key)
            .expect("verify")
            .expect("the printed key verifies");
        assert_eq!(record.name, "alice");
        assert_eq!(record.scope, keys::Scope::Curate);
        assert_eq!(record.revoked_ms, None);
    }

    ok(
        dir.path(),
        &[
            "create",
            "--name",
            "bob",
            "--scope",
            "admin",
            "--journal",
            j,
        ],
    );
    let list = stdout(&ok(dir.path(), &["list", "--journal", j]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    for column in ["name", "scope", "prefix", "created", "revoked"] {
        assert!(lines[0].contains(column), "{list}");
    }
    assert!(lines[1].starts_with("alice") && lines[1].contains("curate"));
    assert!(lines[1].contains(&format!("ig_{prefix}")));
    assert!(lines[1].trim_end().ends_with('-'), "not revoked: {list}");
    assert!(lines[2].starts_with("bob") && lines[2].contains("admin"));
    assert!(!list.contains(secret), "no secret in the list");
    assert!(!list.contains(key));

    let revoked = ok(dir.path(), &["revoke", "alice", "--journal", j]);
    assert!(stdout(&revoked).is_empty());
    let record = SqliteJournal::open_existing(&journal)
        .expect("open")
        .keys()
        .verify(key)
        .expect("verify")
        .expect("still known");
    assert!(record.revoked_ms.is_some(), "revoked");
    let list = stdout(&ok(dir.path(), &["list", "--journal", j]));
    let alice = list.lines().nth(1).expect("alice's line");
    assert!(
        alice.trim_end().ends_with('Z'),
        "a revocation time: {alice}"
    );
}

#[test]
fn the_journal_comes_from_the_environment_or_the_working_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    ok(
        dir.path(),
        &["create", "--name", "local", "--scope", "read"],
    );
    assert!(dir.path().join(innograph::journal::DEFAULT_PATH).exists());

    let env = dir.path().join("env.journal");
    let o = Command::new(env!("CARGO_BIN_EXE_innograph"))
        .args(["keys", "create", "--name", "fromenv", "--scope", "read"])
        .current_dir(dir.path())
        .env("INNOGRAPH_JOURNAL", &env)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let listed = stdout(&ok(
        dir.path(),
        &["list", "--journal", env.to_str().expect("UTF-8")],
    ));
    assert!(
        listed.contains("fromenv") && !listed.contains("local"),
        "{listed}"
    );
    let default = stdout(&ok(dir.path(), &["list"]));
    assert!(
        default.contains("local") && !default.contains("fromenv"),
        "{default}"
    );
}

#[test]
fn mistakes_are_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    ok(d, &["create", "--name", "ci", "--scope", "read"]);

    let e = fails(d, &["create", "--name", "ci", "--scope", "admin"]);
    assert!(e.contains("a key named `ci` already exists"), "{e}");

    let e = fails(d, &["create", "--name", "x", "--scope", "owner"]);
    assert!(
        e.contains("unknown scope `owner`") && e.contains("curate"),
        "{e}"
    );

    let e = fails(d, &["create", "--name", "two words", "--scope", "read"]);
    assert!(e.contains("bad key name"), "{e}");

    let e = fails(d, &["revoke", "nobody"]);
    assert!(e.contains("no key named `nobody`"), "{e}");

    let e = fails(d, &["list", "--journal", "missing.journal"]);
    assert!(e.contains("no journal at missing.journal"), "{e}");
    assert!(!d.join("missing.journal").exists(), "list creates nothing");

    std::fs::write(d.join("notes.txt"), "not a journal\n".repeat(100)).expect("write");
    let e = fails(d, &["list", "--journal", "notes.txt"]);
    assert!(
        e.contains("notes.txt") && e.contains("not an innograph journal"),
        "{e}"
    );

    let e = fails(
        d,
        &["create", "--name", "x", "--scope", "read", "--journal", "."],
    );
    assert!(e.contains("cannot open the journal"), "{e}");
}
