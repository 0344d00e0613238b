//! Every operation in schema/examples/ runs against the real server without
//! errors, and its answer is pinned by a snapshot: the queries against the
//! built-in data, and those in schema/examples/curation/ in file order
//! against a curated server with a key (mutations over HTTP, the
//! subscription over a WebSocket, which must see every change the
//! mutations make).

use crate::common;

use std::time::Duration;

use common::{Curated, TestServer};
use futures_util::{SinkExt as _, StreamExt as _};
use innograph::config::Settings;
use innograph::http::{examples_list, Example, KEY_PLACEHOLDER};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest as _, Message};

#[tokio::test]
async fn every_example_answers_and_matches_its_snapshot() {
    let examples: Vec<Example> = examples_list()
        .into_iter()
        .filter(|e| !e.curation)
        .collect();
    assert!(examples.len() >= 12, "at least 12 example operations");
    let server = TestServer::builtin();
    for ex in examples {
        assert_eq!(
            ex.operation, "query",
            "{}: only queries run on the read-only data",
            ex.name
        );
        assert!(ex.headers.is_none(), "{}", ex.name);
        let vars = ex
            .variables
            .clone()
            .unwrap_or(Value::Object(Default::default()));
        let body = server.query(&ex.query, vars).await;
        assert!(body.get("errors").is_none(), "{}: {body}", ex.name);
        let data = &body["data"];
        assert!(
            data.is_object() && !data.as_object().is_some_and(|m| m.is_empty()),
            "{}",
            ex.name
        );
        insta::assert_json_snapshot!(ex.name.clone(), data);
    }
}

/// A WebSocket client speaking graphql-transport-ws, subscribed to one
/// operation.
struct Subscriber {
    name: String,
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    /// Every `next` payload received so far.
    events: Vec<Value>,
}

/// How long a test waits for an event before it fails (it does not wait
/// otherwise: each step waits for the message it needs).
const PATIENCE: Duration = Duration::from_secs(20);

impl Subscriber {
    async fn start(base: &str, name: &str, query: &str) -> Subscriber {
        let url = base.replacen("http://", "ws://", 1) + "/graphql";
        let mut request = url.into_client_request().expect("a WebSocket request");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        let (socket, response) = tokio_tungstenite::connect_async(request)
            .await
            .expect("the WebSocket opens");
        assert_eq!(
            response.headers()["sec-websocket-protocol"],
            "graphql-transport-ws"
        );
        let mut sub = Subscriber {
            name: name.to_owned(),
            socket,
            events: Vec::new(),
        };
        sub.send(json!({ "type": "connection_init" })).await;
        assert_eq!(sub.receive().await["type"], "connection_ack");
        sub.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": query } }))
            .await;
        sub
    }

    async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .expect("sent");
    }

    /// The next protocol message (answering pings).
    async fn receive(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("{}: no message within {PATIENCE:?}", self.name))
                .expect("the socket stays open")
                .expect("a message");
            match message {
                Message::Text(text) => {
                    let v: Value = serde_json::from_str(&text).expect("JSON");
                    if v["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return v;
                }
                Message::Close(frame) => panic!("{}: closed: {frame:?}", self.name),
                _ => continue,
            }
        }
    }

    /// Waits for the event of `revision`, which must be the next one.
    async fn expect_revision(&mut self, revision: u64) {
        let message = self.receive().await;
        assert_eq!(message["type"], "next", "{}: {message}", self.name);
        assert_eq!(message["id"], "1");
        let payload = &message["payload"];
        assert!(payload.get("errors").is_none(), "{}: {payload}", self.name);
        assert_eq!(
            payload["data"]["changes"]["revision"], revision,
            "{}: the changes arrive in order, none missed: {payload}",
            self.name
        );
        self.events.push(payload["data"].clone());
    }
}

/// `value` with every `time` (the moment a change was made) replaced, so
/// that a snapshot pins the rest.
fn without_times(mut value: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if k == "time" && v.is_string() {
                        *v = Value::String("[time]".into());
                    } else {
                        walk(v);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

#[tokio::test]
async fn the_curation_examples_run_in_order_on_a_curated_server() {
    let examples: Vec<Example> = examples_list().into_iter().filter(|e| e.curation).collect();
    let count = |op: &str| examples.iter().filter(|e| e.operation == op).count();
    assert!(count("mutation") >= 4, "mutation examples");
    assert!(count("subscription") >= 1, "a subscription example");
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    let mut subscribers: Vec<Subscriber> = Vec::new();
    let mut applied = Vec::new();
    for ex in &examples {
        let vars = ex.variables.clone().unwrap_or(json!({}));
        match ex.operation {
            "subscription" => {
                assert!(ex.headers.is_none(), "{}", ex.name);
                subscribers.push(Subscriber::start(&c.server.base, &ex.name, &ex.query).await);
            }
            "mutation" => {
                // The tab opens with the header to fill in.
                assert_eq!(
                    ex.headers,
                    Some(json!({ "Authorization": KEY_PLACEHOLDER })),
                    "{}",
                    ex.name
                );
                assert!(
                    ex.query.contains("Headers tab"),
                    "{}: says where the key goes",
                    ex.name
                );
                let body = c.mutate(&ex.query, vars).await;
                assert!(body.get("errors").is_none(), "{}: {body}", ex.name);
                let data = &body["data"];
                let payload = data.as_object().and_then(|m| m.values().next()).unwrap();
                if payload["status"] == "APPLIED" {
                    let revision = payload["revision"].as_u64().unwrap();
                    applied.push(revision);
                    for s in &mut subscribers {
                        s.expect_revision(revision).await;
                    }
                } else {
                    assert_eq!(payload["status"], "CHECKED", "{}: {body}", ex.name);
                }
                insta::assert_json_snapshot!(
                    ex.name.replace('/', "-"),
                    without_times(data.clone())
                );
            }
            _ => {
                let body = c.server.query(&ex.query, vars).await;
                assert!(body.get("errors").is_none(), "{}: {body}", ex.name);
                insta::assert_json_snapshot!(
                    ex.name.replace('/', "-"),
                    without_times(body["data"].clone())
                );
            }
        }
    }
    assert_eq!(applied, (1..=applied.len() as u64).collect::<Vec<_>>());
    for s in subscribers {
        assert_eq!(s.events.len(), applied.len(), "{}", s.name);
        insta::assert_json_snapshot!(
            s.name.replace('/', "-"),
            without_times(Value::Array(s.events))
        );
    }
}

#[tokio::test]
async fn pagination_yields_every_edge_exactly_once() {
    let server = TestServer::builtin();
    let total = server
        .data("{ entities { totalCount } }", Value::Null)
        .await["entities"]["totalCount"]
        .as_u64()
        .unwrap();
    let mut seen = Vec::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let d = server
            .data(
                "query($after: String) { entities(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }",
                serde_json::json!({ "after": after }),
            )
            .await;
        let conn = &d["entities"];
        assert_eq!(conn["totalCount"].as_u64().unwrap(), total);
        for e in conn["edges"].as_array().unwrap() {
            seen.push(e["node"]["id"].as_str().unwrap().to_owned());
        }
        pages += 1;
        assert!(pages < 1000, "pagination terminates");
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len() as u64, total);
    let mut dedup = seen.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), seen.len(), "no entity twice");
    assert_eq!(dedup, seen, "entities come in id order");
}
