//! kill -9 under load: 8 clients send writes (each with its own
//! idempotency key, retried until acknowledged) to the real `innograph`
//! binary over a real journal file; the server is killed with SIGKILL in
//! the middle and started again on the same journal. Afterwards every
//! acknowledged write is there, none twice, each at the revision it was
//! acknowledged with, and the journal passes its integrity check.
//!
//! `INNOGRAPH_CRASH_WRITES` sets the number of writes (default 400; the
//! full run of 10,000 is `benches/crash.sh`).

use crate::common;

use std::collections::BTreeMap;
use std::io::BufReader;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use innograph::journal::sqlite::SqliteJournal;
use innograph::journal::Journal as _;
use serde_json::{json, Value};
use tokio::sync::watch;

const CLIENTS: usize = 8;

/// Starts the server on a free port over `journal`; its address once it
/// says it is ready.
fn start(journal: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_innograph"))
        .args(["serve", "--bind", "127.0.0.1:0", "--key-rate", "0"])
        .arg("--journal")
        .arg(journal)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("innograph starts");
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server's stdout is not piped");
    };
    match common::ready(BufReader::new(stdout)) {
        Some(addr) => (child, format!("http://{addr}/graphql")),
        None => {
            let status = child.wait();
            panic!("the server exited before it was ready: {status:?}");
        }
    }
}

const WRITE: &str = r#"mutation($id: ID!, $key: String!) {
  createEntity(input: {id: $id, kind: COMPANY, name: "Crash Test"}, reason: "load under kill -9",
               sources: ["yangpu-innovation-growth-2023"], idempotencyKey: $key) { revision status } }"#;

/// Sends write `i` until it is acknowledged; its revision.
async fn write(
    http: &reqwest::Client,
    url: &mut watch::Receiver<String>,
    key: &str,
    i: usize,
) -> u64 {
    loop {
        let target = url.borrow_and_update().clone();
        let sent = http
            .post(&target)
            .header("authorization", format!("Bearer {key}"))
            .json(&json!({ "query": WRITE, "variables": { "id": format!("company/crash-{i}"), "key": format!("w-{i}") } }))
            .send()
            .await;
        if let Ok(res) = sent {
            if let Ok(body) = res.json::<Value>().await {
                let made = &body["data"]["createEntity"];
                if let Some(rev) = made["revision"].as_u64() {
                    return rev;
                }
                // A refusal other than the server going away is a failure
                // (a duplicate id would mean a retry applied twice).
                panic!("write {i} refused: {body}");
            }
        }
        // The server is down: wait for the next one to come up (or, if it
        // is already up and this was an in-flight request cut by the
        // kill, retry at once).
        if *url.borrow() == target {
            let _ = url.changed().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_survives_a_kill_and_none_applies_twice() {
    let writes: usize = std::env::var("INNOGRAPH_CRASH_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("innograph.journal");
    let key = common::create_key(&journal, "loader", "curate");
    let (child, url) = start(&journal);
    let child = Arc::new(Mutex::new(child));
    let (set_url, urls) = watch::channel(url);
    let acked: Arc<Mutex<BTreeMap<usize, u64>>> = Arc::default();
    let (kill_at, mut kill_now) = watch::channel(false);
    let started = std::time::Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (key, acked, kill_at) = (key.clone(), acked.clone(), kill_at.clone());
            let mut urls = urls.clone();
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                for i in (c..writes).step_by(CLIENTS) {
                    let rev = write(&http, &mut urls, &key, i).await;
                    let n = {
                        let mut a = acked.lock().unwrap();
                        assert!(a.insert(i, rev).is_none());
                        a.len()
                    };
                    if n == writes / 3 {
                        let _ = kill_at.send(true);
                    }
                }
            })
        })
        .collect();
    // Kill the server with SIGKILL a third of the way in, while the
    // clients keep sending; start it again on the same journal.
    kill_now
        .wait_for(|k| *k)
        .await
        .expect("the clients got a third in");
    {
        let mut c = child.lock().unwrap();
        c.kill().expect("SIGKILL");
        c.wait().expect("reaped");
    }
    let (second, url) = start(&journal);
    *child.lock().unwrap() = second;
    set_url.send(url.clone()).expect("clients listening");
    for c in clients {
        c.await.expect("a client");
    }
    let elapsed = started.elapsed();
    let acked = acked.lock().unwrap().clone();
    assert_eq!(acked.len(), writes);

    // Every acknowledged write is there once, at its revision.
    let http = reqwest::Client::new();
    let body: Value = http
        .post(&url)
        .json(&json!({ "query": "{ revision stats { entities } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["revision"], writes as u64, "{body}");
    {
        let mut c = child.lock().unwrap();
        c.kill().expect("SIGKILL");
        c.wait().expect("reaped");
    }
    let j = SqliteJournal::open(&journal).expect("journal opens");
    j.integrity_check()
        .expect("the journal passes its integrity check");
    let changes = j.since(0, writes + 10).expect("reads");
    assert_eq!(changes.len(), writes, "one change per write, none twice");
    let mut by_target = BTreeMap::new();
    for ch in &changes {
        let target = ch.change.operations["ops"][0]["target"]
            .as_str()
            .expect("a target")
            .to_owned();
        assert!(
            by_target.insert(target, ch.revision).is_none(),
            "a write applied twice"
        );
    }
    for (i, rev) in &acked {
        assert_eq!(
            by_target.get(&format!("company/crash-{i}")),
            Some(rev),
            "write {i}"
        );
    }
    eprintln!(
        "crash test: {writes} acknowledged writes from {CLIENTS} clients with a kill -9 in {:.2} s ({:.0} writes/s overall)",
        elapsed.as_secs_f64(),
        writes as f64 / elapsed.as_secs_f64()
    );
}
