//! Starts the real server (the same app factory `innograph serve` uses) on a
//! free port and talks to it over HTTP.
#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::Arc;

use innograph::config::Settings;
use innograph::http::{self, AppState};
use innograph::store::Store;
use serde_json::{json, Value};

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
    pub fn with(store: Store, settings: Settings) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local addr").port();
        let state = AppState::new(Arc::new(store), &settings);
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let system = actix_web::rt::System::new();
            system.block_on(async move {
                let server = http::server(listener, state, Some(1)).expect("server starts");
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
