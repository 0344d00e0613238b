//! The SQLite journal: the shared suite, and what only SQLite can check
//! (settings, reopening, files that are not journals, gaps made by hand,
//! busy locks).

use std::sync::Mutex;
use std::time::Duration;

use rusqlite::Connection;

use super::db::{db_err, APPLICATION_ID, SCHEMA_VERSION};
use super::SqliteJournal;
use crate::journal::keys::Scope;
use crate::journal::suite::{self, change};
use crate::journal::{BaseInfo, Journal, JournalError};

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.journal");
    (dir, path)
}

fn raw(path: &std::path::Path) -> Connection {
    let c = Connection::open(path).expect("raw connection");
    c.busy_timeout(Duration::from_secs(5)).expect("timeout");
    c
}

#[test]
fn sqlite_passes_the_journal_suite() {
    let dirs = Mutex::new(Vec::new());
    suite::suite(|| {
        let (dir, path) = temp();
        let j = SqliteJournal::open(&path).expect("open");
        dirs.lock().expect("dirs").push(dir);
        Box::new(j)
    });
}

#[test]
fn it_is_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<SqliteJournal>();
}

#[test]
fn the_file_is_wal_synchronous_full_with_foreign_keys() {
    let (_dir, path) = temp();
    let j = SqliteJournal::open(&path).expect("open");
    j.db.write(|c| {
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode");
        let sync: i64 = c
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .expect("sync");
        let fk: i64 = c
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .expect("fk");
        let app: i32 = c
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .expect("app");
        assert_eq!(
            (mode.as_str(), sync, fk, app),
            ("wal", 2, 1, APPLICATION_ID)
        );
        Ok(())
    })
    .expect("pragmas");
    let v: i64 = raw(&path)
        .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(v, SCHEMA_VERSION);
}

#[test]
fn everything_is_there_after_reopening() {
    let (_dir, path) = temp();
    let key = {
        let j = SqliteJournal::open(&path).expect("open");
        j.append(&[change(1, Some("a")), change(2, None)])
            .expect("append");
        j.set_base(&BaseInfo {
            hash: "h".into(),
            description: "d".into(),
        })
        .expect("base");
        j.keys().create("k", Scope::Curate).expect("key").key
    };
    let j = SqliteJournal::open_existing(&path).expect("reopen");
    assert_eq!(j.head().expect("head"), 2);
    assert_eq!(
        j.since(0, 10).expect("since")[0].change,
        change(1, Some("a"))
    );
    assert_eq!(j.base().expect("base").map(|b| b.hash), Some("h".into()));
    assert!(j.keys().verify(&key).expect("verify").is_some());
    assert_eq!(j.append(&[change(3, None)]).expect("append"), vec![3]);
    j.integrity_check().expect("sound");
}

#[test]
fn a_missing_file_is_not_found_when_it_must_exist() {
    let (_dir, path) = temp();
    match SqliteJournal::open_existing(&path) {
        Err(JournalError::NotFound(m)) => assert!(m.contains("test.journal"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(!path.exists(), "not created");
}

fn refused(path: &std::path::Path, expect: &str) {
    match SqliteJournal::open(path) {
        Err(JournalError::Invalid(m)) => {
            assert!(m.contains(expect), "{m}");
            assert!(
                m.contains(&path.display().to_string()),
                "names the file: {m}"
            );
        }
        other => panic!("{expect}: {other:?}"),
    }
}

#[test]
fn files_that_are_not_journals_are_refused_untouched() {
    let (dir, text) = temp();
    std::fs::write(&text, "name = \"not a database\"\n".repeat(200)).expect("write");
    refused(&text, "not an SQLite database");
    assert!(std::fs::read_to_string(&text)
        .expect("read")
        .starts_with("name"));

    let other = dir.path().join("other.db");
    raw(&other)
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .expect("another database");
    refused(&other, "another application");
    let mode: String = raw(&other)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "delete", "its journal mode is left alone");

    let newer = dir.path().join("newer.journal");
    drop(SqliteJournal::open(&newer).expect("create"));
    raw(&newer)
        .execute(
            "UPDATE schema_version SET version = ?1",
            [SCHEMA_VERSION + 1],
        )
        .expect("bump");
    refused(&newer, "newer than this innograph");

    match SqliteJournal::open(dir.path()) {
        Err(JournalError::Database(m)) => assert!(m.contains(&dir.path().display().to_string())),
        other => panic!("a directory: {other:?}"),
    }
}

#[test]
fn an_empty_file_becomes_a_journal() {
    let (_dir, path) = temp();
    std::fs::write(&path, b"").expect("empty file");
    let j = SqliteJournal::open(&path).expect("open");
    assert_eq!(j.head().expect("head"), 0);
}

#[test]
fn the_integrity_check_finds_gaps() {
    for (delete, shown) in [
        (2, "3 changes, revisions 1 to 4"),
        (1, "revisions 2 to 4"),
        (4, ""),
    ] {
        let (_dir, path) = temp();
        let j = SqliteJournal::open(&path).expect("open");
        let batch: Vec<_> = (1..=4).map(|n| change(n, None)).collect();
        j.append(&batch).expect("append");
        j.integrity_check().expect("sound before");
        raw(&path)
            .execute("DELETE FROM changes WHERE revision = ?1", [delete])
            .expect("delete");
        let checked = j.integrity_check();
        if delete == 4 {
            // The last change removed: 1..=3 is still gapless.
            checked.expect("no gap");
            continue;
        }
        match checked {
            Err(JournalError::Corrupt(m)) => assert!(m.contains(shown), "{m}"),
            other => panic!("a gap at {delete}: {other:?}"),
        }
    }
}

#[test]
fn bad_json_in_a_row_is_corrupt_not_a_panic() {
    let (_dir, path) = temp();
    let j = SqliteJournal::open(&path).expect("open");
    j.append(&[change(1, Some("k"))]).expect("append");
    raw(&path)
        .execute_batch("UPDATE changes SET sources = '{\"not\": \"a list\"}'")
        .expect("update");
    assert!(matches!(j.since(0, 10), Err(JournalError::Corrupt(m)) if m.contains("revision 1")));
    assert!(matches!(
        j.by_idempotency_key("k"),
        Err(JournalError::Corrupt(_))
    ));
}

#[test]
fn a_held_lock_is_unavailable_then_clears() {
    let (_dir, path) = temp();
    let j = SqliteJournal::open(&path).expect("open");
    j.db.write(|c| c.busy_timeout(Duration::from_millis(50)).map_err(db_err))
        .expect("short timeout");
    let other = raw(&path);
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("hold the write lock");
    match j.append(&[change(1, None)]) {
        Err(JournalError::Unavailable(_)) => {}
        other => panic!("while another writer holds the lock: {other:?}"),
    }
    assert!(matches!(
        j.keys().create("k", Scope::Read),
        Err(JournalError::Unavailable(_))
    ));
    // Reads do not wait for a writer.
    assert_eq!(j.head().expect("head"), 0);
    other.execute_batch("ROLLBACK").expect("release");
    assert_eq!(j.append(&[change(1, None)]).expect("append"), vec![1]);
}

#[test]
fn sqlite_errors_map_to_retryable_or_not() {
    let busy = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(5), None);
    assert!(matches!(db_err(busy), JournalError::Unavailable(_)));
    let locked = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(6), None);
    assert!(matches!(db_err(locked), JournalError::Unavailable(_)));
    let full = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(13), None);
    assert!(matches!(db_err(full), JournalError::Database(_)));
}

#[test]
fn only_hashes_are_stored() {
    let (_dir, path) = temp();
    let j = SqliteJournal::open(&path).expect("open");
    let made = j.keys().create("k", Scope::Admin).expect("create");
    drop(j);
    let bytes = std::fs::read(&path).expect("read");
    let wal = std::fs::read(path.with_extension("journal-wal")).unwrap_or_default();
    let (_, secret) = crate::journal::keys::parse(&made.key).expect("parses");
    for hay in [&bytes, &wal] {
        assert!(
            !hay.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the secret is not in the file"
        );
    }
}

#[test]
fn two_handles_on_one_file_see_each_others_writes() {
    let (_dir, path) = temp();
    let a = SqliteJournal::open(&path).expect("open");
    let b = SqliteJournal::open(&path).expect("open again");
    a.append(&[change(1, Some("x"))]).expect("append");
    assert_eq!(b.head().expect("head"), 1);
    assert!(matches!(
        b.append(&[change(2, Some("x"))]),
        Err(JournalError::Duplicate { revision: 1 })
    ));
    let key = b.keys().create("cli", Scope::Curate).expect("create").key;
    assert!(a.keys().verify(&key).expect("verify").is_some());
}
