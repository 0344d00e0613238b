//! The test suite every [`Journal`] backend must pass: one set of cases,
//! run by SQLite's tests now and by any later backend's (PostgreSQL) the
//! same way. Each case gets a fresh, empty journal from the backend's
//! factory; a case fails by panicking. [`suite`] runs them all and reports
//! every failing case, not only the first.
//!
//! ```no_run
//! # fn make() -> Box<dyn innograph::journal::Journal> { unimplemented!() }
//! #[test]
//! fn my_backend_passes_the_journal_suite() {
//!     innograph::journal::suite::suite(make);
//! }
//! ```
//!
//! Compiled into the library (hidden from its documentation) so that
//! integration tests and other crates can run it; it needs no dev
//! dependency. The checks a backend can only make on itself (a journal
//! with a gap made by hand, reopening a file) stay with that backend.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::keys::{self, Scope};
use super::{BaseInfo, Journal, JournalError, NewChange};

/// A factory of fresh, empty journals.
pub type Make<'a> = &'a dyn Fn() -> Box<dyn Journal>;

/// One case: it panics when the backend fails it.
pub type Case = fn(Make<'_>);

/// Every case, by name.
pub const CASES: &[(&str, Case)] = &[
    ("empty_head_is_zero", empty_head_is_zero),
    (
        "append_assigns_gapless_revisions",
        append_assigns_gapless_revisions,
    ),
    ("changes_read_back_as_written", changes_read_back_as_written),
    (
        "a_duplicate_in_a_batch_writes_nothing",
        a_duplicate_in_a_batch_writes_nothing,
    ),
    (
        "duplicate_names_the_first_revision",
        duplicate_names_the_first_revision,
    ),
    ("since_pages", since_pages),
    ("base_is_recorded_once", base_is_recorded_once),
    (
        "integrity_check_passes_on_a_good_journal",
        integrity_check_passes_on_a_good_journal,
    ),
    (
        "keys_create_verify_revoke_list",
        keys_create_verify_revoke_list,
    ),
    (
        "wrong_and_malformed_keys_verify_to_none",
        wrong_and_malformed_keys_verify_to_none,
    ),
    (
        "key_names_are_unique_and_checked",
        key_names_are_unique_and_checked,
    ),
    (
        "concurrent_readers_while_a_writer_appends",
        concurrent_readers_while_a_writer_appends,
    ),
];

/// Runs every case on fresh journals from `make`; panics listing each case
/// that failed (each failure's own message is printed as it happens).
pub fn suite(make: impl Fn() -> Box<dyn Journal>) {
    let mut failed = Vec::new();
    for (name, case) in CASES {
        eprintln!("journal suite: {name}");
        if catch_unwind(AssertUnwindSafe(|| case(&make))).is_err() {
            failed.push(*name);
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} journal cases failed: {}",
        failed.len(),
        CASES.len(),
        failed.join(", ")
    );
}

/// A change with recognisable contents.
pub fn change(n: u64, idempotency_key: Option<&str>) -> NewChange {
    NewChange {
        time_ms: 1_700_000_000_000 + i64::try_from(n).unwrap_or(0),
        key: format!("key-{n}"),
        reason: format!("reason {n}: 改正"),
        sources: vec![format!("source/{n}"), "source/common".into()],
        idempotency_key: idempotency_key.map(str::to_owned),
        operations: serde_json::json!([{"op": "updateEntity", "n": n, "after": {"name": "X"}}]),
        response: serde_json::json!({"data": {"updateEntity": {"revision": n}}}),
    }
}

fn revisions(j: &dyn Journal, after: u64, limit: usize) -> Vec<u64> {
    j.since(after, limit)
        .expect("since")
        .iter()
        .map(|c| c.revision)
        .collect()
}

/// A new journal is empty: head 0, no changes, no base, no keys.
pub fn empty_head_is_zero(make: Make<'_>) {
    let j = make();
    assert_eq!(j.head().expect("head"), 0);
    assert!(j.since(0, 100).expect("since").is_empty());
    assert_eq!(j.base().expect("base"), None);
    assert!(j.by_idempotency_key("k").expect("lookup").is_none());
    assert!(j.keys().list().expect("list").is_empty());
    j.integrity_check().expect("an empty journal is sound");
}

/// Revisions follow the head, in order, batch after batch; an empty batch
/// writes nothing.
pub fn append_assigns_gapless_revisions(make: Make<'_>) {
    let j = make();
    assert_eq!(j.append(&[change(1, None)]).expect("append"), vec![1]);
    let batch: Vec<_> = (2..=4).map(|n| change(n, None)).collect();
    assert_eq!(j.append(&batch).expect("append"), vec![2, 3, 4]);
    assert_eq!(j.append(&[]).expect("empty batch"), Vec::<u64>::new());
    assert_eq!(j.append(&[change(5, Some("k5"))]).expect("append"), vec![5]);
    assert_eq!(j.head().expect("head"), 5);
    assert_eq!(revisions(&*j, 0, 100), vec![1, 2, 3, 4, 5]);
}

/// Every field comes back as appended, through `since` and
/// `by_idempotency_key` alike.
pub fn changes_read_back_as_written(make: Make<'_>) {
    let j = make();
    let mut odd = change(2, Some("odd"));
    odd.sources.clear();
    odd.reason = String::new();
    odd.operations = serde_json::json!({"nested": [1, 2.5, null, "\u{0}"], "b": true});
    let written = vec![change(1, Some("first")), odd, change(3, None)];
    j.append(&written).expect("append");
    let read = j.since(0, 10).expect("since");
    assert_eq!(read.len(), 3);
    for (rev, (c, w)) in (1..).zip(read.iter().zip(&written)) {
        assert_eq!(c.revision, rev);
        assert_eq!(&c.change, w);
    }
    assert_eq!(
        j.by_idempotency_key("odd").expect("lookup").as_ref(),
        Some(&read[1])
    );
    assert_eq!(j.by_idempotency_key("nope").expect("lookup"), None);
}

/// A batch with a key used before, or twice within it, writes nothing; a
/// clash inside the batch names the revision its first use would have had.
pub fn a_duplicate_in_a_batch_writes_nothing(make: Make<'_>) {
    let j = make();
    j.append(&[change(1, Some("a"))]).expect("append");
    let used_before = [change(2, Some("b")), change(3, Some("a"))];
    assert!(matches!(
        j.append(&used_before),
        Err(JournalError::Duplicate { revision: 1 })
    ));
    let twice = [change(2, None), change(3, Some("c")), change(4, Some("c"))];
    match j.append(&twice) {
        Err(JournalError::Duplicate { revision }) => assert_eq!(revision, 3),
        other => panic!("a key twice in a batch: {other:?}"),
    }
    assert_eq!(j.head().expect("head"), 1);
    assert_eq!(revisions(&*j, 0, 10), vec![1]);
    assert!(j.by_idempotency_key("b").expect("lookup").is_none());
    assert!(j.by_idempotency_key("c").expect("lookup").is_none());
    // Nothing half-written blocks the keys afterwards.
    let ok = [change(2, Some("b")), change(3, Some("c"))];
    assert_eq!(j.append(&ok).expect("append"), vec![2, 3]);
    j.integrity_check().expect("sound");
}

/// The error names the change that used the key first, and that change
/// (with its response) is found by the key.
pub fn duplicate_names_the_first_revision(make: Make<'_>) {
    let j = make();
    j.append(&[change(1, None), change(2, Some("k"))])
        .expect("append");
    j.append(&[change(3, None)]).expect("append");
    match j.append(&[change(4, Some("k"))]) {
        Err(JournalError::Duplicate { revision }) => assert_eq!(revision, 2),
        other => panic!("a key used before: {other:?}"),
    }
    let first = j.by_idempotency_key("k").expect("lookup").expect("found");
    assert_eq!(first.revision, 2);
    assert_eq!(first.change.response, change(2, None).response);
    assert_eq!(j.head().expect("head"), 3);
}

/// `since` pages through the journal in revision order.
pub fn since_pages(make: Make<'_>) {
    let j = make();
    for start in [1u64, 8, 15, 22] {
        let batch: Vec<_> = (start..start + 7).map(|n| change(n, None)).collect();
        j.append(&batch).expect("append");
    }
    assert_eq!(j.head().expect("head"), 28);
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = revisions(&*j, after, 10);
        assert!(page.len() <= 10);
        let Some(&last) = page.last() else { break };
        seen.extend(page);
        after = last;
    }
    assert_eq!(seen, (1..=28).collect::<Vec<_>>());
    assert_eq!(revisions(&*j, 20, 10), (21..=28).collect::<Vec<_>>());
    assert!(revisions(&*j, 0, 0).is_empty());
    assert!(revisions(&*j, 28, 10).is_empty());
    assert!(revisions(&*j, u64::MAX, 10).is_empty());
    assert_eq!(revisions(&*j, 27, usize::MAX), vec![28]);
}

/// The base is recorded once; the same hash again is accepted (the first
/// description kept), a different one refused, naming both hashes.
pub fn base_is_recorded_once(make: Make<'_>) {
    let j = make();
    let a = BaseInfo {
        hash: "aaaa".into(),
        description: "built-in data".into(),
    };
    j.set_base(&a).expect("set");
    assert_eq!(j.base().expect("base"), Some(a.clone()));
    let moved = BaseInfo {
        description: "/elsewhere".into(),
        ..a.clone()
    };
    j.set_base(&moved).expect("the same data again");
    assert_eq!(j.base().expect("base"), Some(a.clone()));
    let b = BaseInfo {
        hash: "bbbb".into(),
        description: "data/".into(),
    };
    match j.set_base(&b) {
        Err(JournalError::Invalid(m)) => {
            assert!(m.contains("aaaa") && m.contains("bbbb"), "{m}");
        }
        other => panic!("a different base: {other:?}"),
    }
    assert_eq!(j.base().expect("base"), Some(a));
}

/// A journal written through the trait passes its integrity check.
pub fn integrity_check_passes_on_a_good_journal(make: Make<'_>) {
    let j = make();
    j.integrity_check().expect("empty");
    for n in 1..=5 {
        j.append(&[change(n, Some(&format!("k{n}")))])
            .expect("append");
    }
    let _ = j.append(&[change(6, Some("k1"))]);
    j.integrity_check()
        .expect("sound after appends and a refused one");
    // Longer than one read batch of a backend that checks in batches.
    let batch: Vec<_> = (6..=2_505).map(|n| change(n, None)).collect();
    j.append(&batch).expect("append a long batch");
    assert_eq!(j.head().expect("head"), 2_505);
    j.integrity_check().expect("sound across many batches");
}

/// Create, verify, list and revoke keys.
pub fn keys_create_verify_revoke_list(make: Make<'_>) {
    let j = make();
    let ks = j.keys();
    let alice = ks.create("alice", Scope::Curate).expect("create");
    assert_eq!(alice.record.name, "alice");
    assert_eq!(alice.record.scope, Scope::Curate);
    assert_eq!(alice.record.revoked_ms, None);
    let (prefix, secret) = keys::parse(&alice.key).expect("the key parses");
    assert_eq!(prefix, alice.record.prefix);
    assert!(secret.len() >= keys::MIN_SECRET_CHARS);
    assert_eq!(
        ks.verify(&alice.key).expect("verify"),
        Some(alice.record.clone())
    );
    let bob = ks.create("bob", Scope::Admin).expect("create");
    assert_ne!(bob.key, alice.key);
    assert_ne!(bob.record.prefix, alice.record.prefix);
    assert_eq!(
        ks.list().expect("list"),
        vec![alice.record.clone(), bob.record.clone()]
    );
    ks.revoke("alice").expect("revoke");
    let revoked = ks.verify(&alice.key).expect("verify").expect("still known");
    let when = revoked.revoked_ms.expect("revoked");
    assert!(when >= alice.record.created_ms);
    ks.revoke("alice").expect("revoking again is fine");
    let listed = ks.list().expect("list");
    assert_eq!(
        listed[0].revoked_ms,
        Some(when),
        "the first revocation stays"
    );
    assert_eq!(listed[1], bob.record);
    assert_eq!(ks.verify(&bob.key).expect("verify"), Some(bob.record));
    assert!(matches!(
        ks.revoke("nobody"),
        Err(JournalError::NotFound(_))
    ));
}

/// A wrong secret, an unknown prefix and anything not shaped like a key
/// verify to `None`, never to an error.
pub fn wrong_and_malformed_keys_verify_to_none(make: Make<'_>) {
    let j = make();
    let ks = j.keys();
    let made = ks.create("ci", Scope::Read).expect("create");
    let (prefix, secret) = keys::parse(&made.key).expect("parses");
    let flipped: String = secret
        .chars()
        .map(|c| if c == 'A' { 'B' } else { 'A' })
        .collect();
    let other_prefix = if prefix == "00000000" {
        "00000001"
    } else {
        "00000000"
    };
    let wrong = [
        format!("ig_{prefix}_{flipped}"),
        format!("ig_{other_prefix}_{secret}"),
        format!("ig_{prefix}_{}", &secret[..secret.len() - 1]),
        format!("ig_{prefix}_{secret}A"),
        format!("{}\n", made.key),
        format!(" {}", made.key),
        format!("Bearer {}", made.key),
        format!("ig_{}_{secret}", prefix.to_uppercase()),
        format!("ig_{prefix}{secret}"),
        format!("ig_{prefix}_{}", &secret[..10]),
        format!("ig_{prefix}_{}", "A".repeat(200)),
        format!("ig_{prefix}_{}€", &secret[..30]),
        "ig_€€€€€€€€_AAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
        "ig_é".into(),
        "ig_".into(),
        "ig".into(),
        String::new(),
        "\u{0}".into(),
        "ig_zzzzzzzz_AAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
    ];
    // A prefix of digits only has no upper case: that variant is then the
    // key itself, not a wrong one.
    for w in wrong.iter().filter(|w| **w != made.key) {
        assert_eq!(ks.verify(w).expect("never an error"), None, "{w:?}");
    }
    assert!(ks.verify(&made.key).expect("verify").is_some());
}

/// Names are unique and checked.
pub fn key_names_are_unique_and_checked(make: Make<'_>) {
    let j = make();
    let ks = j.keys();
    ks.create("a-b_c.d", Scope::Read)
        .expect("allowed characters");
    let longest = "n".repeat(keys::MAX_NAME_LEN);
    ks.create(&longest, Scope::Read).expect("64 characters");
    match ks.create("a-b_c.d", Scope::Admin) {
        Err(JournalError::Invalid(m)) => assert!(m.contains("already exists"), "{m}"),
        other => panic!("a duplicate name: {other:?}"),
    }
    for bad in ["", "two words", "é", "a/b", "a\nb", &"n".repeat(65)] {
        assert!(
            matches!(ks.create(bad, Scope::Read), Err(JournalError::Invalid(_))),
            "{bad:?}"
        );
    }
    assert_eq!(ks.list().expect("list").len(), 2);
}

/// Readers on other threads see a gapless prefix of the journal that only
/// grows, while one writer appends.
pub fn concurrent_readers_while_a_writer_appends(make: Make<'_>) {
    let j = make();
    let key = j.keys().create("reader", Scope::Read).expect("create");
    let done = AtomicBool::new(false);
    let total = 120u64;
    std::thread::scope(|s| {
        let j = &*j;
        let done = &done;
        let key = &key;
        let readers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(move || {
                    let mut last = 0;
                    let mut reads = 0u32;
                    loop {
                        let finished = done.load(Ordering::Acquire);
                        let head = j.head().expect("head");
                        assert!(head >= last, "head went back from {last} to {head}");
                        let all = revisions(j, 0, usize::MAX);
                        assert!(all.len() as u64 >= head);
                        assert_eq!(all, (1..=all.len() as u64).collect::<Vec<_>>());
                        assert!(j.keys().verify(&key.key).expect("verify").is_some());
                        last = head;
                        reads += 1;
                        if finished {
                            break (last, reads);
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                })
            })
            .collect();
        let mut n = 1;
        while n <= total {
            let size = n % 4 + 1;
            let batch: Vec<_> = (n..(n + size).min(total + 1))
                .map(|i| change(i, Some(&format!("c{i}"))))
                .collect();
            let revs = j.append(&batch).expect("append");
            assert_eq!(revs, (n..n + batch.len() as u64).collect::<Vec<_>>());
            n += batch.len() as u64;
        }
        done.store(true, Ordering::Release);
        for r in readers {
            let (last, reads) = r.join().expect("a reader failed");
            assert_eq!(last, total, "the last read after the writer finished");
            assert!(reads >= 1);
        }
    });
    j.integrity_check().expect("sound");
}
