//! Writes under load, against the release binary on the generated graph,
//! the server pinned to one core and the clients on the other:
//!
//! 1. reads alone: `READERS` clients send a mix of reads, together
//!    `READ_RATE` per second, for `SECONDS`;
//! 2. the same reads during a write flood of `WRITE_RATE` durable single
//!    changes per second (creates and updates, from `PACED_WRITERS`
//!    clients, each with at most one change in flight),
//!    while a probe measures how long after its acknowledgement a change is
//!    visible to a read on another connection;
//! 3. the writers unpaced, each sending its next change as soon as the
//!    last is acknowledged: the sustained maximum.
//!
//! It prints the write rates, the visibility delay (p50/p99) and the read
//! latency (p50/p99) alone and during the flood, with their ratio and
//! each of the three reads' p99 (which of them has the tail), and the
//! server's own p99 of queries alone and during the flood and of
//! mutations during it, from its histogram on `/metrics` (time from the
//! request's arrival at the HTTP worker to its response: without the
//! wait in the socket and in the client). A 200
//! whose body has `errors` counts as a failure.
//!
//! The readers run on a thread and a runtime of their own, with their own
//! connections, so that a read's latency is the server's and not the time
//! its response waited in the client behind thousands of write responses
//! (with one client runtime for both, a read measured the client's queue
//! as well as the server).
//!
//! ```sh
//! cargo build --release && taskset -c 1 cargo bench --bench curation   # 1M entities, 5M relations
//! SMOKE=1 cargo bench --bench curation                                  # 20k entities, 3 s phases (CI)
//! ```
//!
//! Settings (environment): `ENTITIES` (1000000), `SECONDS` (20), `WRITERS`
//! (16, unpaced), `PACED_WRITERS` (64), `READERS` (4), `READ_RATE` (1000), `WRITE_RATE` (2000), `BIN`
//! (target/release/innograph), `DATA` (a generated folder, made under
//! target/bench-data if missing).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use innograph::journal::sqlite::SqliteJournal;
use innograph::journal::Journal as _;
use serde_json::{json, Value};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Config {
    entities: usize,
    seconds: u64,
    writers: usize,
    readers: usize,
    read_rate: f64,
    paced_writers: usize,
    write_rate: f64,
    bin: PathBuf,
    data: PathBuf,
}

impl Config {
    fn from_env() -> Config {
        let smoke = std::env::var("SMOKE").is_ok_and(|v| v == "1");
        let entities = env("ENTITIES", if smoke { 20_000 } else { 1_000_000 });
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        Config {
            entities,
            seconds: env("SECONDS", if smoke { 3 } else { 20 }),
            writers: env("WRITERS", 16),
            readers: env("READERS", 4),
            read_rate: env("READ_RATE", 1000.0),
            paced_writers: env("PACED_WRITERS", 64),
            write_rate: env("WRITE_RATE", 2000.0),
            bin: std::env::var_os("BIN")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("target/release/innograph")),
            data: std::env::var_os("DATA")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join(format!("target/bench-data/g{entities}"))),
        }
    }
}

fn ensure_data(c: &Config) {
    if c.data.join("entities.jsonl").is_file() {
        return;
    }
    let status = Command::new(&c.bin)
        .args(["generate", "--seed", "1", "--entities"])
        .arg(c.entities.to_string())
        .arg("--relations")
        .arg((c.entities * 5).to_string())
        .arg("--out")
        .arg(&c.data)
        .status()
        .expect("innograph generate runs");
    assert!(status.success(), "generate failed");
}

/// Starts the server pinned to core 0 (the clients get the other core).
fn start(c: &Config, journal: &Path) -> (Child, String) {
    let mut cmd = Command::new("taskset");
    cmd.args(["-c", "0"]).arg(&c.bin);
    cmd.args([
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--key-rate",
        "0",
        "--workers",
        "1",
    ])
    .arg("--data")
    .arg(&c.data)
    .arg("--journal")
    .arg(journal)
    .env("RUST_LOG", "warn")
    .stdout(Stdio::piped())
    .stderr(Stdio::inherit());
    let mut child = cmd.spawn().expect("taskset and innograph run");
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server's stdout is not piped");
    };
    match ready(BufReader::new(stdout)) {
        Some(addr) => (child, format!("http://{addr}/graphql")),
        None => {
            let status = child.wait();
            panic!("the server exited before it was ready: {status:?}");
        }
    }
}

/// Echoes the server's stdout up to the line that says it is ready; its
/// address, or `None` if it closed first. The rest is drained on a thread.
fn ready(mut out: BufReader<std::process::ChildStdout>) -> Option<String> {
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        eprint!("{line}");
        if let Some(rest) = line.split("playground at http://").nth(1) {
            let addr = rest.split('/').next().unwrap_or_default().to_owned();
            std::thread::spawn(move || {
                let mut s = String::new();
                while out.read_line(&mut s).map(|n| n > 0).unwrap_or(false) {
                    s.clear();
                }
            });
            return Some(addr);
        }
    }
}

#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    url: String,
    key: String,
}

impl Client {
    /// Sends an operation; the body when it is a 200 without errors.
    async fn send(&self, query: &str, variables: Value, auth: bool) -> Option<Value> {
        let mut req = self
            .http
            .post(&self.url)
            .json(&json!({ "query": query, "variables": variables }));
        if auth {
            req = req.header("authorization", format!("Bearer {}", self.key));
        }
        let res = req.send().await.ok()?;
        if res.status() != 200 {
            return None;
        }
        let body: Value = res.json().await.ok()?;
        body.get("errors").is_none().then_some(body)
    }
}

/// The server's own latency histogram of GraphQL requests that ran an
/// `operation` (`query`, `mutation`) as cumulative (bound in seconds,
/// count) pairs, from its `/metrics`.
async fn server_histogram(client: &Client, operation: &str) -> Vec<(f64, u64)> {
    let url = client.url.replace("/graphql", "/metrics");
    let text = client
        .http
        .get(url)
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    let tail = format!(",operation=\"{operation}\"}} ");
    text.lines()
        .filter_map(|l| l.strip_prefix("innograph_graphql_operation_duration_seconds_bucket{le=\""))
        .filter_map(|l| {
            let (bound, rest) = l.split_once('"')?;
            let count = rest.strip_prefix(tail.as_str())?.trim().parse().ok()?;
            Some((
                if bound == "+Inf" {
                    f64::INFINITY
                } else {
                    bound.parse().ok()?
                },
                count,
            ))
        })
        .collect()
}

/// The bucket bound (ms) under which a fraction `q` of the observations
/// made between the `before` and `after` scrapes fall.
fn server_quantile(before: &[(f64, u64)], after: &[(f64, u64)], q: f64) -> f64 {
    let of =
        |h: &[(f64, u64)], bound: f64| h.iter().find(|(b, _)| *b == bound).map_or(0, |(_, c)| *c);
    let total = after.last().map_or(0, |(b, c)| c - of(before, *b));
    after
        .iter()
        .find(|(b, c)| (c - of(before, *b)) as f64 >= q * total as f64)
        .map_or(f64::NAN, |(b, _)| b * 1000.0)
}

/// Latencies in microseconds.
#[derive(Default)]
struct Samples(Vec<u64>);

impl Samples {
    fn quantile(&mut self, q: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        self.0.sort_unstable();
        let i = ((self.0.len() - 1) as f64 * q).round() as usize;
        self.0[i] as f64 / 1000.0
    }
}

const READS: [&str; 3] = [
    "query($id: ID!) { entity(id: $id) { id name kind relations(first: 10) { totalCount edges { node { type other { id name } } } } } }",
    "query($id: ID!) { entity(id: $id) { name facts { metric value } relationCounts { type count } } }",
    "{ search(query: \"robot\", first: 10) { totalCount edges { node { id name } } } }",
];

/// The latencies of each of the `READS` in turn.
type ByRead = [Samples; READS.len()];

/// Readers until `stop`, on a thread and a current-thread runtime of their
/// own with their own connections: their latencies (all, and by read) and
/// failures when the thread is joined.
fn read_load(
    client: &Client,
    ids: &Arc<Vec<String>>,
    stop: &Arc<AtomicBool>,
    n: usize,
    rate: f64,
) -> std::thread::JoinHandle<(Samples, ByRead, u64)> {
    let client = Client {
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(n)
            .build()
            .expect("client"),
        ..client.clone()
    };
    let (ids, stop) = (ids.clone(), stop.clone());
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the readers' runtime")
            .block_on(readers(client, ids, stop, n, rate))
    })
}

/// `n` readers, together `rate` per second, until `stop`.
async fn readers(
    client: Client,
    ids: Arc<Vec<String>>,
    stop: Arc<AtomicBool>,
    n: usize,
    rate: f64,
) -> (Samples, ByRead, u64) {
    let mut tasks = Vec::new();
    for r in 0..n {
        let (client, ids, stop) = (client.clone(), ids.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut samples = ByRead::default();
            let mut failed = 0;
            let mut i = r;
            stagger(r, rate).await;
            let mut pace = pacer(rate / n as f64);
            while !stop.load(Ordering::Relaxed) {
                pace.tick().await;
                i += 1;
                let id = &ids[i % ids.len()];
                let t = Instant::now();
                match client
                    .send(READS[i % READS.len()], json!({ "id": id }), false)
                    .await
                {
                    Some(_) => samples[i % READS.len()]
                        .0
                        .push(t.elapsed().as_micros() as u64),
                    None => failed += 1,
                }
            }
            (samples, failed)
        }));
    }
    let mut all = Samples::default();
    let mut by_read = ByRead::default();
    let mut failed = 0;
    for t in tasks {
        let (s, f) = t.await.expect("a reader");
        for (mine, theirs) in by_read.iter_mut().zip(s) {
            all.0.extend(&theirs.0);
            mine.0.extend(theirs.0);
        }
        failed += f;
    }
    (all, by_read, failed)
}

/// Delays the start of client `i` of a group sending `rate` requests per
/// second together by `i / rate`, so that their requests arrive evenly
/// spread rather than all at once on every tick (64 writers started
/// together sent bursts of 64 changes every 32 ms).
async fn stagger(i: usize, rate: f64) {
    if rate > 0.0 {
        tokio::time::sleep(Duration::from_secs_f64(i as f64 / rate)).await;
    }
}

/// A ticker at `per_second` (as fast as possible when not positive); a
/// late tick is not made up for, so a slow server sees no burst.
fn pacer(per_second: f64) -> tokio::time::Interval {
    let period = if per_second > 0.0 {
        Duration::from_secs_f64(1.0 / per_second)
    } else {
        Duration::from_nanos(1)
    };
    let mut i = tokio::time::interval(period);
    i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    i
}

/// How a flood of writes runs: its writers, their rate together (unpaced
/// when not positive), a name for its ids, and where its latencies go.
struct Flood<'a> {
    writers: usize,
    rate: f64,
    phase: &'static str,
    latencies: &'a Arc<Mutex<Samples>>,
}

/// Writers until `stop`, together `rate` changes per second (unpaced when
/// not positive): how many were acknowledged and how many failed.
fn write_load(
    client: &Client,
    ids: &Arc<Vec<String>>,
    src: &Value,
    stop: &Arc<AtomicBool>,
    load: Flood<'_>,
) -> (
    Vec<tokio::task::JoinHandle<()>>,
    Arc<AtomicU64>,
    Arc<AtomicU64>,
) {
    let Flood {
        writers,
        rate,
        phase,
        latencies,
    } = load;
    let written = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for w in 0..writers {
        let (client, ids, stop, src) = (client.clone(), ids.clone(), stop.clone(), src.clone());
        let (written, failed, latencies) = (written.clone(), failed.clone(), latencies.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            stagger(w, rate).await;
            let mut pace = pacer(rate / writers as f64);
            let mut mine = Samples::default();
            while !stop.load(Ordering::Relaxed) {
                pace.tick().await;
                n += 1;
                let sent = Instant::now();
                let ok = if n.is_multiple_of(2) {
                    let id = format!("company/bench-{phase}-{w}-{n}");
                    client
                        .send(CREATE, json!({ "id": id, "src": src }), true)
                        .await
                } else {
                    let id = &ids[(w * 7 + n as usize) % ids.len()];
                    client
                        .send(
                            UPDATE,
                            json!({ "id": id, "d": format!("{phase} w{w} n{n}"), "src": src }),
                            true,
                        )
                        .await
                };
                if ok.is_some() {
                    written.fetch_add(1, Ordering::Relaxed);
                    mine.0.push(sent.elapsed().as_micros() as u64);
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies.lock().expect("samples").0.extend(mine.0);
        }));
    }
    (tasks, written, failed)
}

const CREATE: &str = r#"mutation($id: ID!, $src: [ID!]!) { createEntity(input: {id: $id, kind: COMPANY, name: "Bench Co"}, reason: "bench", sources: $src) { revision } }"#;
const UPDATE: &str = r#"mutation($id: ID!, $d: String!, $src: [ID!]!) { updateEntity(input: {id: $id, description: $d}, reason: "bench", sources: $src) { revision } }"#;

fn main() {
    let cfg = Config::from_env();
    ensure_data(&cfg);
    let dir = tempfile::tempdir().expect("a temp dir");
    let journal = dir.path().join("bench.journal");
    let key = SqliteJournal::open(&journal)
        .expect("journal")
        .keys()
        .create("bench", "curate".parse().expect("scope"))
        .expect("key")
        .key;
    let (mut child, url) = start(&cfg, &journal);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let client = Client {
            http: reqwest::Client::builder().pool_max_idle_per_host(64).build().expect("client"),
            url,
            key,
        };
        let body = client
            .send("{ entities(first: 100) { edges { node { id } } } sources { id } }", Value::Null, false)
            .await
            .expect("ids");
        let ids: Arc<Vec<String>> = Arc::new(
            body["data"]["entities"]["edges"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["node"]["id"].as_str().map(str::to_owned))
                .collect(),
        );
        let src = json!([body["data"]["sources"][0]["id"].clone()]);
        let secs = Duration::from_secs(cfg.seconds);

        // 1. Reads alone.
        let scraped = server_histogram(&client, "query").await;
        let stop = Arc::new(AtomicBool::new(false));
        let reads = read_load(&client, &ids, &stop, cfg.readers, cfg.read_rate);
        tokio::time::sleep(secs).await;
        stop.store(true, Ordering::Relaxed);
        let (mut alone, mut alone_by, alone_failed) = reads.join().expect("readers");
        let (before, scraped) = (scraped, server_histogram(&client, "query").await);
        let server_alone = server_quantile(&before, &scraped, 0.99);
        let mutations = server_histogram(&client, "mutation").await;

        // 2. The same reads during a paced flood, with the visibility probe.
        let stop = Arc::new(AtomicBool::new(false));
        let reads = read_load(&client, &ids, &stop, cfg.readers, cfg.read_rate);
        let paced_latency = Arc::new(Mutex::new(Samples::default()));
        let (writers, written, write_failed) = write_load(&client, &ids, &src, &stop, Flood { writers: cfg.paced_writers, rate: cfg.write_rate, phase: "paced", latencies: &paced_latency });
        let visibility = Arc::new(Mutex::new(Samples::default()));
        let probe = {
            let (client, stop, src, visibility) = (client.clone(), stop.clone(), src.clone(), visibility.clone());
            let reader = Client { http: reqwest::Client::new(), ..client.clone() };
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let id = format!("company/probe-{n}");
                    let Some(body) = client.send(CREATE, json!({ "id": id, "src": src }), true).await else { continue };
                    let acked = Instant::now();
                    let rev = body["data"]["createEntity"]["revision"].as_u64().unwrap_or(u64::MAX);
                    // Read on another connection until the change is seen.
                    loop {
                        let seen = reader
                            .send("query($id: ID!) { revision entity(id: $id) { id } }", json!({ "id": id }), false)
                            .await
                            .and_then(|b| b["data"]["revision"].as_u64());
                        if seen.is_some_and(|r| r >= rev) || acked.elapsed() > Duration::from_secs(5) { break; }
                    }
                    visibility.lock().expect("samples").0.push(acked.elapsed().as_micros() as u64);
                }
            })
        };
        let flood_started = Instant::now();
        tokio::time::sleep(secs).await;
        stop.store(true, Ordering::Relaxed);
        let flood_secs = flood_started.elapsed().as_secs_f64();
        for w in writers { w.await.expect("a writer"); }
        probe.await.expect("the probe");
        let (mut during, mut during_by, during_failed) = reads.join().expect("readers");
        let server_during = server_quantile(&scraped, &server_histogram(&client, "query").await, 0.99);
        let server_writes = server_quantile(&mutations, &server_histogram(&client, "mutation").await, 0.99);
        let mut vis = std::mem::take(&mut *visibility.lock().expect("samples"));

        let writes = written.load(Ordering::Relaxed);

        // 3. Unpaced writers: the sustained maximum.
        let stop = Arc::new(AtomicBool::new(false));
        let max_latency = Arc::new(Mutex::new(Samples::default()));
        let (writers, max_written, max_failed) = write_load(&client, &ids, &src, &stop, Flood { writers: cfg.writers, rate: 0.0, phase: "max", latencies: &max_latency });
        let max_started = Instant::now();
        tokio::time::sleep(secs).await;
        stop.store(true, Ordering::Relaxed);
        let max_secs = max_started.elapsed().as_secs_f64();
        for w in writers { w.await.expect("a writer"); }
        let max_writes = max_written.load(Ordering::Relaxed);

        let (a50, a99, d50, d99) = (alone.quantile(0.5), alone.quantile(0.99), during.quantile(0.5), during.quantile(0.99));
        println!("curation bench: {} entities, {} readers at {} reads/s, {} paced and {} unpaced writers, {} s per phase", cfg.entities, cfg.readers, cfg.read_rate, cfg.paced_writers, cfg.writers, cfg.seconds);
        println!("  paced flood (target {} /s): {writes} durable single changes in {flood_secs:.1} s = {:.0} /s ({} failed)", cfg.write_rate, writes as f64 / flood_secs, write_failed.load(Ordering::Relaxed));
        let mut pl = std::mem::take(&mut *paced_latency.lock().expect("samples"));
        println!("  paced write latency: p50 {:.2} ms, p99 {:.2} ms", pl.quantile(0.5), pl.quantile(0.99));
        println!("  visible to a read after its acknowledgement: p50 {:.2} ms, p99 {:.2} ms ({} probes)", vis.quantile(0.5), vis.quantile(0.99), vis.0.len());
        println!("  reads alone:        p50 {a50:.2} ms, p99 {a99:.2} ms ({} reads, {alone_failed} failed)", alone.0.len());
        println!("  reads during flood: p50 {d50:.2} ms, p99 {d99:.2} ms ({} reads, {during_failed} failed)", during.0.len());
        println!("  read p99 during / alone: {:.2}x", d99 / a99);
        println!("  in the server (its histogram, to the bucket bound): query p99 alone <= {server_alone:.2} ms, during the flood <= {server_during:.2} ms; mutation p99 during the flood <= {server_writes:.2} ms");
        for (k, (a, d)) in alone_by.iter_mut().zip(during_by.iter_mut()).enumerate() {
            println!("    read {}: p99 alone {:.2} ms, during {:.2} ms", k + 1, a.quantile(0.99), d.quantile(0.99));
        }
        println!("  unpaced writers: {max_writes} durable single changes in {max_secs:.1} s = {:.0} /s ({} failed)", max_writes as f64 / max_secs, max_failed.load(Ordering::Relaxed));
        let mut ml = std::mem::take(&mut *max_latency.lock().expect("samples"));
        println!("  unpaced write latency: p50 {:.2} ms, p99 {:.2} ms", ml.quantile(0.5), ml.quantile(0.99));
        let failures = alone_failed + during_failed + write_failed.load(Ordering::Relaxed) + max_failed.load(Ordering::Relaxed);
        assert_eq!(failures, 0, "requests failed (a 200 with errors counts)");
    });
    let _ = child.kill();
    let _ = child.wait();
}
