//! Several servers on one shared PostgreSQL journal, against a throwaway
//! cluster (`initdb` and `pg_ctl` on a free loopback port): the journal
//! suite every backend passes, writes through any server visible on every
//! other (read-your-writes with `X-Min-Revision`), concurrent writers on
//! two servers that never lose an update, keys shared by all, and a
//! server that follows a database restart. Skipped with a message where
//! PostgreSQL is not installed, except in CI.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::postgres::PgCluster;
use common::{curated_on, TestServer};
use innograph::config::Settings;
use innograph::journal::keys::Scope;
use innograph::journal::postgres::PgJournal;
use innograph::journal::Journal;
use serde_json::{json, Value};

const SOURCE: &str = "yangpu-innovation-growth-2023";

const CREATE: &str = r#"mutation($id: ID!, $key: String) {
  createEntity(input: {id: $id, kind: COMPANY, name: "Shared Robotics"},
               reason: "a new tenant", sources: ["yangpu-innovation-growth-2023"], idempotencyKey: $key) {
    revision
  }
}"#;

#[test]
fn the_journal_suite_passes_on_postgres() {
    let Some(pg) = PgCluster::start() else { return };
    let n = AtomicUsize::new(0);
    innograph::journal::suite::suite(|| {
        let db = format!("suite{}", n.fetch_add(1, Ordering::Relaxed));
        let url = pg.create_db(&db);
        Box::new(PgJournal::connect(&url).expect("the journal connects"))
    });
}

#[test]
fn a_bad_url_and_a_missing_server_are_clear_errors() {
    match PgJournal::connect("postgres://nobody:secret@127.0.0.1:1/x") {
        Err(e) => {
            let m = e.to_string();
            assert!(
                matches!(e, innograph::journal::JournalError::Unavailable(_)),
                "{m}"
            );
            assert!(m.contains("127.0.0.1:1") && !m.contains("secret"), "{m}");
        }
        Ok(_) => panic!("connected to nothing"),
    }
    assert!(matches!(
        PgJournal::connect("postgres://a:b@[::1"),
        Err(innograph::journal::JournalError::Invalid(_))
    ));
}

/// A server over the built-in data and the shared journal at `url`.
fn replica(url: &str) -> TestServer {
    let journal: Arc<dyn Journal> = Arc::new(PgJournal::connect(url).expect("connects"));
    let settings = Settings {
        workers: Some(1),
        key_rate: 0,
        ..Settings::default()
    };
    TestServer::serving(curated_on(journal, &settings))
}

/// Two servers on the new database `db` of `pg`, its URL, and a key with
/// the `curate` scope made through a third journal handle (so it verifies
/// on both servers only through the shared database).
fn two_replicas(pg: &PgCluster, db: &str) -> (TestServer, TestServer, String, String) {
    let url = pg.create_db(db);
    let a = replica(&url);
    let b = replica(&url);
    let key = PgJournal::connect(&url)
        .expect("connects")
        .keys()
        .create("ada", Scope::Curate)
        .expect("key")
        .key;
    (a, b, url, key)
}

async fn post(
    server: &TestServer,
    key: &str,
    min: Option<u64>,
    query: &str,
    vars: Value,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(server.url("/graphql"))
        .header("authorization", format!("Bearer {key}"))
        .json(&json!({ "query": query, "variables": vars }));
    if let Some(m) = min {
        req = req.header("x-min-revision", m.to_string());
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    (status, res.json().await.expect("JSON"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_through_one_server_are_read_on_another() {
    let Some(pg) = PgCluster::start() else { return };
    let (a, b, url, key) = two_replicas(&pg, "shared");
    let (status, body) = post(
        &a,
        &key,
        None,
        CREATE,
        json!({ "id": "company/shared-one" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let revision = body["data"]["createEntity"]["revision"]
        .as_u64()
        .expect("a revision");
    assert_eq!(revision, 1);
    // Read your write on the other server.
    let read = "query($id: ID!) { revision entity(id: $id) { name } }";
    let (status, body) = post(
        &b,
        &key,
        Some(revision),
        read,
        json!({ "id": "company/shared-one" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["entity"]["name"], "Shared Robotics", "{body}");
    assert!(body["data"]["revision"].as_u64() >= Some(1), "{body}");
    // A revision nobody wrote: a coded 503 after the bound, never stale data.
    let (status, body) = post(
        &b,
        &key,
        Some(1_000),
        read,
        json!({ "id": "company/shared-one" }),
    )
    .await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "REVISION_NOT_REACHED",
        "{body}"
    );
    assert!(body.get("data").is_none(), "{body}");
    let (status, body) = post(&b, &key, None, read, json!({ "id": "company/shared-one" })).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["entity"]["name"], "Shared Robotics", "{body}");
    // A malformed header is a 400 that names it.
    let res = reqwest::Client::new()
        .post(b.url("/graphql"))
        .header("x-min-revision", "soon")
        .json(&json!({ "query": "{ revision }" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status().as_u16(), 400);
    let body: Value = res.json().await.expect("JSON");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("X-Min-Revision"),
        "{body}"
    );

    // Writers on both servers at once: every write lands once, in one
    // gapless order that both servers end up serving.
    let per_server = 40u64;
    let mut tasks = Vec::new();
    for (name, server) in [("a", &a), ("b", &b)] {
        for w in 0..4u64 {
            let base = server.base.clone();
            let key = key.clone();
            tasks.push(tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut revisions = Vec::new();
                for i in 0..per_server / 4 {
                    let id = format!("company/shared-{name}-{w}-{i}");
                    // A retryable refusal is retried with the same
                    // idempotency key, as a client would.
                    let mut tries = 0;
                    let rev = loop {
                        tries += 1;
                        let res = client
                            .post(format!("{base}/graphql"))
                            .header("authorization", format!("Bearer {key}"))
                            .json(&json!({ "query": CREATE, "variables": { "id": id, "key": id } }))
                            .send()
                            .await
                            .expect("sent");
                        let body: Value = res.json().await.expect("JSON");
                        if let Some(rev) = body["data"]["createEntity"]["revision"].as_u64() {
                            break rev;
                        }
                        let code = &body["errors"][0]["extensions"]["code"];
                        assert!(
                            code == "JOURNAL_UNAVAILABLE" && tries < 20,
                            "a write failed: {body}"
                        );
                    };
                    revisions.push(rev);
                }
                revisions
            }));
        }
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("a writer"));
    }
    all.sort_unstable();
    assert_eq!(
        all,
        (2..=1 + 2 * per_server).collect::<Vec<_>>(),
        "each write once, no gaps"
    );
    let head = 1 + 2 * per_server;
    let count = "{ revision stats { entities } changes(first: 1) { totalCount } }";
    let (_, on_a) = post(&a, &key, Some(head), count, Value::Null).await;
    let (_, on_b) = post(&b, &key, Some(head), count, Value::Null).await;
    assert_eq!(on_a["data"], on_b["data"], "{on_a} {on_b}");
    assert_eq!(on_a["data"]["revision"], head);
    assert_eq!(
        pg.psql("shared", "SELECT count(*) FROM innograph.changes"),
        head.to_string()
    );
    PgJournal::connect(&url)
        .expect("connects")
        .integrity_check()
        .expect("sound");
    let _ = SOURCE;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_rides_out_a_database_restart() {
    let Some(pg) = PgCluster::start() else { return };
    let (a, b, _, key) = two_replicas(&pg, "restart");
    let (status, body) = post(&a, &key, None, CREATE, json!({ "id": "company/before" })).await;
    assert_eq!(status, 200, "{body}");
    // Stop the database only once `b` has the change (asked without the
    // key, which `b` must not have checked before the stop).
    let revision = body["data"]["createEntity"]["revision"]
        .as_u64()
        .expect("a revision");
    let res = reqwest::Client::new()
        .post(b.url("/graphql"))
        .header("x-min-revision", revision.to_string())
        .json(&json!({ "query": "{ revision }" }))
        .send()
        .await
        .expect("request sent");
    assert_eq!(res.status().as_u16(), 200);
    pg.stop();
    // While the database is down, a write fails with a coded, retryable
    // error (a key cannot be checked either: 401 with a retry message), and
    // reads go on from memory.
    let (status, body) = post(&a, &key, None, CREATE, json!({ "id": "company/during" })).await;
    let code = body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(
        (status == 200 && code == "JOURNAL_UNAVAILABLE")
            || (status == 401 && body.to_string().contains("retry")),
        "{status} {body}"
    );
    // Reads go on from memory; a key the other server never checked
    // cannot be checked now: a coded 503 to retry, not "unknown key".
    let (status, body) = post(
        &b,
        &key,
        None,
        "{ entity(id: \"company/before\") { id } }",
        Value::Null,
    )
    .await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "KEYS_UNAVAILABLE",
        "{body}"
    );
    let body = b
        .query("{ entity(id: \"company/before\") { id } }", Value::Null)
        .await;
    assert_eq!(body["data"]["entity"]["id"], "company/before", "{body}");
    pg.resume();
    // Then writes go through again (the pool reconnects), and the other
    // server hears of them (its listener reconnects too).
    let mut written = None;
    for _ in 0..100 {
        let (status, body) = post(
            &a,
            &key,
            None,
            CREATE,
            json!({ "id": "company/after", "key": "after" }),
        )
        .await;
        if status == 200 && body["data"]["createEntity"]["revision"].is_u64() {
            written = body["data"]["createEntity"]["revision"].as_u64();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let revision = written.expect("writes resume after the restart");
    let (status, body) = post(
        &b,
        &key,
        Some(revision),
        "{ entity(id: \"company/after\") { id } }",
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["entity"]["id"], "company/after", "{body}");
}

/// `deploy/replicas.sh` with its state in `dir`, the debug binary, and
/// the arguments; its standard output (panics, with its output, if it
/// fails).
fn deploy(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/replicas.sh"))
        .args(args)
        .env("INNOGRAPH_DEPLOY_DIR", dir)
        .env("BIN", env!("CARGO_BIN_EXE_innograph"))
        .env("EXTRA", "--key-rate 0 --workers 1")
        .env("RUST_LOG", "warn")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "replicas.sh {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .trim()
        .to_owned()
}

/// Whether an answer is one a client should retry (with the same
/// idempotency key): the load balancer's 502/503 while a replica is down,
/// or a coded refusal that says so.
fn retryable(status: u16, body: &Value) -> bool {
    let code = body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("");
    matches!(status, 502..=504)
        || matches!(
            code,
            "JOURNAL_UNAVAILABLE" | "KEYS_UNAVAILABLE" | "REVISION_NOT_REACHED"
        )
}

/// The digest a replica serves once it has reached `head`.
async fn digest_at(client: &reqwest::Client, base: &str, admin: &str, head: u64) -> Value {
    let res = client
        .post(format!("{base}/graphql"))
        .header("x-min-revision", head.to_string())
        .json(&json!({ "query": "{ revision }" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        res.status().as_u16(),
        200,
        "{base} did not reach revision {head}"
    );
    let res = client
        .get(format!("{base}/admin/digest"))
        .header("authorization", format!("Bearer {admin}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.expect("JSON")
}

/// The fault run, in its short form (`INNOGRAPH_FAULT_WRITES`, 400 by
/// default): 3 replicas behind haproxy on one PostgreSQL, 8 clients
/// writing with idempotency keys (retrying until acknowledged) while 2
/// read; one replica killed with -9 and started again, PostgreSQL
/// restarted once. Then every acknowledged write is in the journal exactly
/// once, the journal is sound, every replica (and one started afterwards,
/// empty) serves the same digest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_survive_a_crash_and_a_database_restart() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if PgCluster::start().is_none() {
        return;
    }
    if std::process::Command::new("haproxy")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(!in_ci, "haproxy is missing: apt-get install haproxy");
        eprintln!("SKIPPED: haproxy is not installed");
        return;
    }
    let writes: usize = std::env::var("INNOGRAPH_FAULT_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let state = tempfile::tempdir().expect("a temporary folder");
    let dir = state.path().to_owned();
    struct Stop(std::path::PathBuf);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = std::process::Command::new("bash")
                .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/replicas.sh"))
                .arg("stop")
                .env("INNOGRAPH_DEPLOY_DIR", &self.0)
                .status();
        }
    }
    deploy(&dir, &["start", "3"]);
    let _stop = Stop(dir.clone());
    let lb = read(&dir, "lb.url");
    let url = read(&dir, "journal.url");
    let admin = read(&dir, "admin.key");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_innograph"))
        .args([
            "keys",
            "create",
            "--journal",
            &url,
            "--name",
            "writer",
            "--scope",
            "curate",
        ])
        .output()
        .expect("innograph keys runs");
    assert!(out.status.success());
    let key = String::from_utf8_lossy(&out.stdout).trim().to_owned();

    let acked = Arc::new(AtomicUsize::new(0));
    let stop_reading = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    let mut writers = Vec::new();
    for w in 0..8 {
        let (client, lb, key, acked) = (client.clone(), lb.clone(), key.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            let mut refusals: Vec<String> = Vec::new();
            for i in (w..writes).step_by(8) {
                let id = format!("company/fault-{i}");
                let rev = loop {
                    let sent = client
                        .post(format!("{lb}/graphql"))
                        .header("authorization", format!("Bearer {key}"))
                        .json(&json!({ "query": CREATE, "variables": { "id": id, "key": id } }))
                        .send()
                        .await;
                    let Ok(res) = sent else { continue };
                    let status = res.status().as_u16();
                    let body: Value = res.json().await.unwrap_or(Value::Null);
                    if let Some(rev) = body["data"]["createEntity"]["revision"].as_u64() {
                        break rev;
                    }
                    assert!(
                        retryable(status, &body),
                        "a write failed for good: {status} {body}"
                    );
                    refusals.push(format!(
                        "{status} {}",
                        body["errors"][0]["extensions"]["code"]
                    ));
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                };
                mine.push((id, rev));
                acked.fetch_add(1, Ordering::Relaxed);
            }
            (mine, refusals)
        }));
    }
    let mut readers = Vec::new();
    for _ in 0..2 {
        let (client, lb, stop) = (client.clone(), lb.clone(), stop_reading.clone());
        readers.push(tokio::spawn(async move {
            let (mut ok, mut retried) = (0u64, 0u64);
            while !stop.load(Ordering::Relaxed) {
                let sent = client
                    .post(format!("{lb}/graphql"))
                    .json(&json!({ "query": "{ revision stats { entities } entity(id: \"company/apple\") { name } }" }))
                    .send()
                    .await;
                let Ok(res) = sent else {
                    retried += 1;
                    continue;
                };
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                if status == 200 && body.get("errors").is_none() {
                    assert_eq!(body["data"]["entity"]["name"], "Apple", "{body}");
                    ok += 1;
                } else {
                    assert!(retryable(status, &body), "a read failed: {status} {body}");
                    retried += 1;
                }
            }
            (ok, retried)
        }));
    }
    // The faults, each once the writes have got so far.
    let wait_for = |n: usize| {
        let acked = acked.clone();
        async move {
            while acked.load(Ordering::Relaxed) < n {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
    };
    wait_for(writes / 3).await;
    let d = dir.clone();
    tokio::task::spawn_blocking(move || {
        deploy(&d, &["kill-replica", "2"]);
        deploy(&d, &["start-replica", "2"]);
    })
    .await
    .expect("replica 2 restarted");
    wait_for(2 * writes / 3).await;
    let d = dir.clone();
    tokio::task::spawn_blocking(move || deploy(&d, &["restart-postgres"]))
        .await
        .expect("PostgreSQL restarted");
    let mut acknowledged = Vec::new();
    let mut refusals = Vec::new();
    for w in writers {
        let (mine, refused) = w.await.expect("a writer");
        acknowledged.extend(mine);
        refusals.extend(refused);
    }
    stop_reading.store(true, Ordering::Relaxed);
    let mut reads = 0;
    for r in readers {
        reads += r.await.expect("a reader").0;
    }
    assert!(reads > 0);
    let mut retried: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in &refusals {
        *retried.entry(r.as_str()).or_default() += 1;
    }
    eprintln!(
        "fault run: {} writes acknowledged, {reads} reads; writes retried after: {retried:?}",
        acknowledged.len()
    );

    // Every acknowledged write is in the journal exactly once.
    assert_eq!(acknowledged.len(), writes);
    let journal = PgJournal::connect(&url).expect("connects");
    journal.integrity_check().expect("the journal is sound");
    let head = journal.head().expect("head");
    assert_eq!(head as usize, writes, "one change per write, none twice");
    for (id, rev) in &acknowledged {
        let change = journal
            .by_idempotency_key(id)
            .expect("lookup")
            .unwrap_or_else(|| panic!("{id} was acknowledged but is not in the journal"));
        assert_eq!(change.revision, *rev, "{id}");
    }

    // Every replica serves the same graph, and so does a late one.
    let first = digest_at(&client, &lb, &admin, head).await;
    assert_eq!(first["revision"], head);
    for i in 1..=3 {
        let port = read(&dir, &format!("replica-{i}.port"));
        let d = digest_at(&client, &format!("http://127.0.0.1:{port}"), &admin, head).await;
        assert_eq!(d, first, "replica {i}");
    }
    let d = dir.clone();
    let late = tokio::task::spawn_blocking(move || deploy(&d, &["add-replica"]))
        .await
        .expect("a late replica");
    let port = read(&dir, &format!("replica-{}.port", late.trim()));
    let d = digest_at(&client, &format!("http://127.0.0.1:{port}"), &admin, head).await;
    assert_eq!(d, first, "the late replica");
}

/// The next text message of a WebSocket, as JSON (bounded, so that a
/// broken server fails the test instead of hanging it).
async fn text<S>(socket: &mut S) -> Value
where
    S: futures_util::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    use futures_util::StreamExt as _;
    loop {
        let msg = tokio::time::timeout(std::time::Duration::from_secs(20), socket.next())
            .await
            .expect("a message within 20 s")
            .expect("the socket is open")
            .expect("a frame");
        if let tokio_tungstenite::tungstenite::Message::Text(t) = msg {
            return serde_json::from_str(&t).expect("JSON");
        }
    }
}

/// A `changes` subscription on one server hears a change written through
/// another (each server feeds its subscribers from what it applies).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_on_one_server_hears_writes_through_another() {
    use futures_util::SinkExt as _;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
    use tokio_tungstenite::tungstenite::Message;

    let Some(pg) = PgCluster::start() else { return };
    let (a, b, _, key) = two_replicas(&pg, "feed");
    let mut req = b
        .url("/graphql")
        .replacen("http://", "ws://", 1)
        .into_client_request()
        .expect("a ws request");
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("a header value"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("upgrade");
    for m in [
        json!({ "type": "connection_init", "payload": {} }),
        json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { changes { revision key operations { target } } }" } }),
        json!({ "type": "ping" }),
    ] {
        socket
            .send(Message::text(m.to_string()))
            .await
            .expect("sent");
    }
    let seen = [text(&mut socket).await, text(&mut socket).await];
    assert_eq!(seen[0]["type"], "connection_ack", "{seen:?}");
    // The pong, sent after the subscription: it is live.
    assert_eq!(seen[1]["type"], "pong", "{seen:?}");
    let (status, body) = post(
        &a,
        &key,
        None,
        CREATE,
        json!({ "id": "company/heard-on-b" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let event = text(&mut socket).await;
    assert_eq!(event["type"], "next", "{event}");
    let change = &event["payload"]["data"]["changes"];
    assert_eq!(change["revision"], 1, "{event}");
    assert_eq!(change["key"], "ada");
    assert_eq!(change["operations"][0]["target"], "company/heard-on-b");
}
