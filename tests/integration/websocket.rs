//! GraphQL over WebSocket (graphql-transport-ws) against the real server:
//! the protocol's handshake, messages and close codes, the `changes`
//! subscription fed by real mutations, and the same guard and access
//! checks as HTTP.

use crate::common;

use std::time::Duration;

use common::{create_key, Curated};
use futures_util::{SinkExt as _, StreamExt as _};
use innograph::config::Settings;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a socket to `/graphql`, offering `protocol` (none when `None`).
async fn open(c: &Curated, protocol: Option<&str>) -> Socket {
    let url = c.server.url("/graphql").replacen("http://", "ws://", 1);
    let mut req = url.into_client_request().expect("a ws request");
    if let Some(p) = protocol {
        req.headers_mut()
            .insert("sec-websocket-protocol", p.parse().expect("header value"));
    }
    let (socket, res) = tokio_tungstenite::connect_async(req)
        .await
        .expect("upgrade");
    if protocol == Some("graphql-transport-ws") {
        assert_eq!(
            res.headers()
                .get("sec-websocket-protocol")
                .and_then(|v| v.to_str().ok()),
            Some("graphql-transport-ws")
        );
    }
    socket
}

async fn send(s: &mut Socket, v: Value) {
    s.send(Message::text(v.to_string())).await.expect("sent");
}

/// The next protocol message (pings and pongs of the socket skipped), or
/// the close frame's code and reason.
async fn next(s: &mut Socket) -> Result<Value, (u16, String)> {
    loop {
        // A bound, so that a broken server fails the test instead of
        // hanging it; the answer itself is awaited as an event.
        let msg = tokio::time::timeout(Duration::from_secs(20), s.next())
            .await
            .expect("an answer within 20 s")
            .expect("the socket is open")
            .expect("a frame");
        match msg {
            Message::Text(t) => return Ok(serde_json::from_str(&t).expect("JSON message")),
            Message::Close(Some(f)) => return Err((u16::from(f.code), f.reason.to_string())),
            Message::Close(None) => return Err((1005, String::new())),
            _ => continue,
        }
    }
}

async fn init(s: &mut Socket, payload: Value) {
    send(s, json!({ "type": "connection_init", "payload": payload })).await;
    assert_eq!(next(s).await, Ok(json!({ "type": "connection_ack" })));
}

async fn start(dir: &std::path::Path) -> Curated {
    Curated::start(dir, Settings::default())
}

const MUTATION: &str = r#"mutation($id: ID!) { createEntity(input: {id: $id, kind: COMPANY, name: "Feed Test"}, reason: "watching the feed", sources: ["yangpu-innovation-growth-2023"]) { revision } }"#;

async fn create(c: &Curated, id: &str) -> u64 {
    let body = c.mutate(MUTATION, json!({ "id": id })).await;
    body["data"]["createEntity"]["revision"]
        .as_u64()
        .unwrap_or_else(|| panic!("no revision in {body}"))
}

#[tokio::test]
async fn a_subscriber_sees_each_change_as_it_is_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let c = start(dir.path()).await;
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    init(&mut s, json!({})).await;
    send(
        &mut s,
        json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { changes { revision key reason operations { op target } } }" } }),
    )
    .await;
    // The subscription is live once the server answers a ping sent after
    // it (messages are handled in order).
    send(&mut s, json!({ "type": "ping", "payload": { "n": 1 } })).await;
    assert_eq!(
        next(&mut s).await,
        Ok(json!({ "type": "pong", "payload": { "n": 1 } }))
    );
    assert_eq!(create(&c, "company/feed-one").await, 1);
    let event = next(&mut s).await.expect("an event");
    assert_eq!(event["id"], "1");
    assert_eq!(event["type"], "next");
    let change = &event["payload"]["data"]["changes"];
    assert_eq!(change["revision"], 1, "{event}");
    assert_eq!(change["key"], "ada");
    assert_eq!(change["reason"], "watching the feed");
    assert_eq!(change["operations"][0]["target"], "company/feed-one");
    assert_eq!(event["payload"]["extensions"]["revision"], 1);
    assert_eq!(create(&c, "company/feed-two").await, 2);
    let event = next(&mut s).await.expect("an event");
    assert_eq!(event["payload"]["data"]["changes"]["revision"], 2);
    // The client stops it; a query on the same socket still runs.
    send(&mut s, json!({ "id": "1", "type": "complete" })).await;
    send(
        &mut s,
        json!({ "id": "2", "type": "subscribe", "payload": { "query": "{ revision }" } }),
    )
    .await;
    let answer = next(&mut s).await.expect("an answer");
    assert_eq!(answer["id"], "2");
    assert_eq!(answer["payload"]["data"]["revision"], 2, "{answer}");
    assert_eq!(
        next(&mut s).await,
        Ok(json!({ "id": "2", "type": "complete" }))
    );
}

#[tokio::test]
async fn since_replays_what_was_missed_then_goes_on_live() {
    let dir = tempfile::tempdir().unwrap();
    let c = start(dir.path()).await;
    for i in 1..=3 {
        create(&c, &format!("company/early-{i}")).await;
    }
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    init(&mut s, json!(null)).await;
    send(
        &mut s,
        json!({ "id": "a", "type": "subscribe", "payload": {
            "query": "subscription($since: Int) { changes(since: $since) { revision } }",
            "variables": { "since": 1 } } }),
    )
    .await;
    let mut seen = Vec::new();
    for _ in 0..2 {
        let e = next(&mut s).await.expect("an event");
        seen.push(
            e["payload"]["data"]["changes"]["revision"]
                .as_u64()
                .unwrap_or(0),
        );
    }
    assert_eq!(seen, [2, 3]);
    create(&c, "company/late").await;
    let e = next(&mut s).await.expect("an event");
    assert_eq!(
        e["payload"]["data"]["changes"]["revision"], 4,
        "none missed, none twice"
    );
}

#[tokio::test]
async fn the_protocol_close_codes() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        ws_init_timeout: Duration::from_millis(300),
        ..Settings::default()
    };
    let c = Curated::start(dir.path(), settings);
    let sub = json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { changes { revision } }" } });

    // Subscribe before the handshake: 4401.
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    send(&mut s, sub.clone()).await;
    assert_eq!(next(&mut s).await.unwrap_err().0, 4401);
    // A second connection_init: 4429.
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    init(&mut s, json!({})).await;
    send(&mut s, json!({ "type": "connection_init" })).await;
    assert_eq!(next(&mut s).await.unwrap_err().0, 4429);
    // An id already running: 4409.
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    init(&mut s, json!({})).await;
    send(&mut s, sub.clone()).await;
    send(&mut s, sub.clone()).await;
    let (code, reason) = next(&mut s).await.unwrap_err();
    assert_eq!(
        (code, reason.as_str()),
        (4409, "Subscriber for 1 already exists")
    );
    // Not a protocol message: 4400.
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    send(&mut s, json!({ "type": "start", "id": "x" })).await;
    assert_eq!(next(&mut s).await.unwrap_err().0, 4400);
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    s.send(Message::text("{not json")).await.unwrap();
    assert_eq!(next(&mut s).await.unwrap_err().0, 4400);
    // No connection_init in time: 4408.
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    let (code, reason) = next(&mut s).await.unwrap_err();
    assert_eq!(
        (code, reason.as_str()),
        (4408, "Connection initialisation timeout")
    );
    // The subprotocol not offered: 4406.
    let mut s = open(&c, None).await;
    assert_eq!(next(&mut s).await.unwrap_err().0, 4406);
    // CloseCode::from(4406) stays a private code.
    assert_eq!(u16::from(CloseCode::from(4406)), 4406);
}

#[tokio::test]
async fn a_refused_document_is_an_error_message() {
    let dir = tempfile::tempdir().unwrap();
    let c = start(dir.path()).await;
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    init(&mut s, json!({})).await;
    // Does not validate.
    send(
        &mut s,
        json!({ "id": "v", "type": "subscribe", "payload": { "query": "subscription { changes { nope } }" } }),
    )
    .await;
    let m = next(&mut s).await.expect("a message");
    assert_eq!(m["type"], "error", "{m}");
    assert_eq!(m["id"], "v");
    assert_eq!(
        m["payload"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    // Too deep for the guard, like over HTTP.
    let deep = format!(
        "subscription {{ changes {{ sources {}{}}} }}",
        "{ facts ".repeat(40),
        "}".repeat(40)
    );
    send(
        &mut s,
        json!({ "id": "d", "type": "subscribe", "payload": { "query": deep } }),
    )
    .await;
    let m = next(&mut s).await.expect("a message");
    assert_eq!(m["type"], "error", "{m}");
    assert_eq!(m["payload"][0]["extensions"]["code"], "MAX_DEPTH");
    // `since` ahead of the graph: a field error on the event, then done.
    send(
        &mut s,
        json!({ "id": "s", "type": "subscribe", "payload": { "query": "subscription { changes(since: 99) { revision } }" } }),
    )
    .await;
    let m = next(&mut s).await.expect("a message");
    assert_eq!(m["type"], "next", "{m}");
    assert_eq!(
        m["payload"]["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    assert_eq!(
        next(&mut s).await,
        Ok(json!({ "id": "s", "type": "complete" }))
    );
    // A mutation without a key is refused; with the curator's key in
    // connection_init it runs.
    send(
        &mut s,
        json!({ "id": "m", "type": "subscribe", "payload": { "query": MUTATION, "variables": { "id": "company/over-ws" } } }),
    )
    .await;
    let m = next(&mut s).await.expect("a message");
    assert_eq!(m["type"], "error", "{m}");
    assert_eq!(m["payload"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    init(
        &mut s,
        json!({ "Authorization": format!("Bearer {}", c.key) }),
    )
    .await;
    send(
        &mut s,
        json!({ "id": "m", "type": "subscribe", "payload": { "query": MUTATION, "variables": { "id": "company/over-ws" } } }),
    )
    .await;
    let m = next(&mut s).await.expect("a message");
    assert_eq!(m["payload"]["data"]["createEntity"]["revision"], 1, "{m}");
}

#[tokio::test]
async fn a_private_server_wants_a_key_at_the_handshake() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        private: true,
        ..Settings::default()
    };
    let c = Curated::start(dir.path(), settings);
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    send(&mut s, json!({ "type": "connection_init", "payload": {} })).await;
    assert_eq!(next(&mut s).await.unwrap_err().0, 4403);
    let reader = create_key(&c.journal, "reader", "read");
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    init(
        &mut s,
        json!({ "authorization": format!("Bearer {reader}") }),
    )
    .await;
    let mut s = open(&c, Some("graphql-transport-ws")).await;
    send(
        &mut s,
        json!({ "type": "connection_init", "payload": { "Authorization": "Bearer ig_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" } }),
    )
    .await;
    assert_eq!(next(&mut s).await.unwrap_err().0, 4403);
}
