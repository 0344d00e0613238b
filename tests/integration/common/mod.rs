//! Starts the real server (the same app factory `innograph serve` uses) on a
//! free port and talks to it over HTTP.
#![allow(dead_code)]

pub mod postgres;

use std::net::TcpListener;
use std::sync::Arc;

use innograph::config::Settings;
use innograph::http::{self, AppState};
use innograph::store::Store;
use serde_json::{json, Value};

/// A generated graph of `entities` entities and five times as many
/// relations (see `innograph generate`), loaded as a store.
pub fn generated(entities: usize, seed: u64) -> Store {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = innograph::generate::Options {
        entities,
        relations: entities * 5,
        seed,
    };
    innograph::generate::generate(&options, dir.path()).expect("generated");
    innograph::load::from_dir(dir.path()).expect("generated data loads")
}

/// A server running on its own thread; stopped on drop.
pub struct TestServer {
    pub base: String,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    /// Serves the built-in data.
    pub fn builtin() -> TestServer {
        let store = innograph::load::builtin().expect("built-in data loads");
        Self::with(store, Settings::default())
    }

    /// Serves a store with the given options (`bind` is ignored: a free port is used).
    pub fn with(store: Store, mut settings: Settings) -> TestServer {
        settings.workers = Some(1);
        Self::serving(AppState::new(Arc::new(store), &settings))
    }

    /// Serves an app state built by the test (its `bind` is ignored: a
    /// free port is used).
    pub fn serving(state: AppState) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local addr").port();
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let system = actix_web::rt::System::new();
            system.block_on(async move {
                let server = http::server(listener, state).expect("server starts");
                tx.send(server.handle()).expect("handle sent");
                let _ = server.await;
            });
        });
        let handle = rx.recv().expect("server handle");
        TestServer {
            base: format!("http://127.0.0.1:{port}"),
            handle,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// POSTs a GraphQL request as application/json and returns the JSON body,
    /// asserting a 200.
    pub async fn query(&self, query: &str, variables: Value) -> Value {
        let (status, body) = self.query_any(query, variables).await;
        assert_eq!(status, 200, "unexpected status, body: {body}");
        body
    }

    /// POSTs a GraphQL request; returns the status and JSON body, whatever
    /// the status.
    pub async fn query_any(&self, query: &str, variables: Value) -> (u16, Value) {
        let res = reqwest::Client::new()
            .post(self.url("/graphql"))
            .header("content-type", "application/json")
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.expect("JSON body"))
    }

    /// Like [`query`], and asserts the answer has no errors; returns `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.query(query, variables).await;
        assert!(body.get("errors").is_none(), "errors in {body}");
        body["data"].clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        // Stopping needs a runtime, and a test may already be inside one:
        // stop from a thread of its own.
        let stopper = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(handle.stop(false));
            }
        });
        let _ = stopper.join();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A server over a real journal file, with keys made in it.
pub struct Curated {
    pub server: TestServer,
    /// The journal file.
    pub journal: std::path::PathBuf,
    /// A key with the `curate` scope (named `ada`).
    pub key: String,
}

/// Creates a key in a journal file (as `innograph keys create` does).
pub fn create_key(journal: &std::path::Path, name: &str, scope: &str) -> String {
    use innograph::journal::Journal as _;
    let j = innograph::journal::sqlite::SqliteJournal::open(journal).expect("journal opens");
    j.keys()
        .create(name, scope.parse().expect("a scope"))
        .expect("key created")
        .key
}

/// The state of a server over the built-in data and the journal at `path`
/// (replayed), as `innograph serve --journal PATH` builds it.
pub fn curated_state(path: &std::path::Path, settings: &Settings) -> AppState {
    let journal: Arc<dyn innograph::journal::Journal> =
        Arc::new(innograph::journal::sqlite::SqliteJournal::open(path).expect("journal opens"));
    curated_on(journal, settings)
}

/// The state of a server over the built-in data and `journal` (replayed).
pub fn curated_on(journal: Arc<dyn innograph::journal::Journal>, settings: &Settings) -> AppState {
    use innograph::journal::{BaseInfo, JournalKeys};
    let info = BaseInfo {
        hash: innograph::load::hash::builtin(),
        description: "built-in data".into(),
    };
    let store = innograph::load::builtin().expect("built-in data loads");
    let curated =
        innograph::curation::start::open(store, &info, journal.clone()).expect("journal replays");
    AppState::curated(curated, Arc::new(JournalKeys(journal)), settings)
}

impl Curated {
    /// A curated server on a new journal in `dir`, with no rate limit
    /// unless `settings` sets one.
    pub fn start(dir: &std::path::Path, mut settings: Settings) -> Curated {
        let journal = dir.join("innograph.journal");
        let key = create_key(&journal, "ada", "curate");
        settings.workers = Some(1);
        Curated {
            server: TestServer::serving(curated_state(&journal, &settings)),
            journal,
            key,
        }
    }

    /// Stops the server and starts another on the same journal.
    pub fn restart(self, settings: Settings) -> Curated {
        let Curated {
            server,
            journal,
            key,
        } = self;
        drop(server);
        let mut settings = settings;
        settings.workers = Some(1);
        Curated {
            server: TestServer::serving(curated_state(&journal, &settings)),
            journal,
            key,
        }
    }

    /// POSTs a request with `Authorization: Bearer key` (none when `key` is
    /// `None`); the status, the headers and the JSON body.
    pub async fn post(
        &self,
        key: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut req = reqwest::Client::new()
            .post(self.server.url("/graphql"))
            .header("content-type", "application/json")
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(k) = key {
            req = req.header("authorization", format!("Bearer {k}"));
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        (status, headers, res.json().await.expect("JSON body"))
    }

    /// A mutation with the curator's key: the body, asserting a 200.
    pub async fn mutate(&self, query: &str, variables: Value) -> Value {
        let (status, _, body) = self.post(Some(&self.key), query, variables).await;
        assert_eq!(status, 200, "unexpected status, body: {body}");
        body
    }

    /// A read without a key: `data`, asserting no errors.
    pub async fn read(&self, query: &str) -> Value {
        self.server.data(query, Value::Null).await
    }
}

/// Skips a test that needs a tool this machine lacks: outside CI it says
/// why on the terminal (past the harness' capture, so it shows in `cargo
/// test`) and the test returns; in CI (`CI=true`), where `.ci/run` installs
/// every tool first, it fails.
pub fn skip(test: &str, why: &str) {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!in_ci, "{test} cannot run in CI: {why}");
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "\nSKIPPED {test}: {why}\n");
}

/// Reads the server's stdout up to the line that says it is ready; its
/// address, or `None` if it closed first. The rest of its output is drained
/// on a thread so that the server never blocks on a full pipe.
pub fn ready(mut out: std::io::BufReader<std::process::ChildStdout>) -> Option<String> {
    use std::io::BufRead as _;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        if let Some(rest) = line.split("playground at http://").nth(1) {
            let addr = rest.split('/').next().unwrap_or_default().to_owned();
            std::thread::spawn(move || {
                let mut sink = String::new();
                while out.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                    sink.clear();
                }
            });
            return Some(addr);
        }
    }
}
