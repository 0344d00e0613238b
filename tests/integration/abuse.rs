//! Hostile requests against the real server: each attack class gets a 4xx
//! with a clear `extensions.code`, counted in `/metrics`, and the server
//! keeps answering. (How fast they are refused is measured by
//! `benches/http/attacks.py`, not here.)

use crate::common;

use common::TestServer;
use reqwest::Client;
use serde_json::{json, Value};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// POSTs `body` with a content type; returns status and the JSON body.
async fn post(s: &TestServer, content_type: &str, body: String) -> (u16, Value) {
    let res = Client::new()
        .post(s.url("/graphql"))
        .header("content-type", content_type)
        .header("accept", GRAPHQL_RESPONSE)
        .body(body)
        .send()
        .await
        .expect("request sent");
    let status = res.status().as_u16();
    let text = res.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// POSTs a query as JSON.
async fn query(s: &TestServer, q: &str) -> (u16, Value) {
    post(s, "application/json", json!({ "query": q }).to_string()).await
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("(no code)")
}

/// `levels` fragments, each spreading the next `fan` times.
fn fan_out(levels: usize, fan: usize) -> String {
    let mut doc = String::from("query { ...F0 }\n");
    for l in 0..levels {
        let spreads = format!("...F{} ", l + 1).repeat(fan);
        doc.push_str(&format!("fragment F{l} on Query {{ {spreads}}}\n"));
    }
    doc.push_str(&format!("fragment F{levels} on Query {{ __typename }}\n"));
    doc
}

#[tokio::test]
async fn every_attack_class_gets_a_4xx_with_its_code() {
    let s = TestServer::builtin();
    let nested = |n: usize| format!("{}{}", "{ a ".repeat(n), "}".repeat(n));
    let aliases = format!(
        "{{ stats {{ {} }} }}",
        (0..200)
            .map(|i| format!("a{i}: entities"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let typename_aliases = format!(
        "{{ {} }}",
        (0..30_000)
            .map(|i| format!("t{i}: __typename"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let duplicates = format!("{{ stats {{ {} }} }}", "entities ".repeat(3_000));
    let cycle =
        "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }".to_owned();
    let directives = format!("{{ __typename {} }}", "@include(if: true) ".repeat(200));
    let tokens = format!("{{ {} }}", "a,".repeat(15_000));
    let cases: Vec<(&str, String, &str)> = vec![
        ("deep nesting", nested(40), "MAX_DEPTH"),
        ("alias flood", aliases, "MAX_ALIASES"),
        ("30k __typename aliases", typename_aliases, "MAX_BYTES"),
        ("field duplication", duplicates, "MAX_SELECTIONS"),
        ("fragment fan-out 24x2", fan_out(24, 2), "MAX_SELECTIONS"),
        ("fragment fan-out 8x16", fan_out(8, 16), "MAX_SELECTIONS"),
        ("circular fragments", cycle, "FRAGMENT_CYCLE"),
        ("directive flood", directives, "MAX_DIRECTIVES"),
        ("token flood", tokens, "MAX_TOKENS"),
    ];
    for (name, doc, expected) in cases {
        let (status, body) = query(&s, &doc).await;
        assert_eq!(status, 400, "{name}: {body}");
        assert_eq!(code(&body), expected, "{name}: {body}");
        assert!(
            body.get("data").is_none(),
            "{name}: no data for a refused document"
        );
    }
    // A page size out of range is the field's error, not the document's:
    // that field is null (here `entities`, non-null, nulls `data`), with
    // its path; a huge `first` still costs the guard only the largest page.
    let (status, body) = query(
        &s,
        "{ entities(first: 1000000000) { edges { node { relations(first: 100) { totalCount } } } } }",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["path"], json!(["entities"]), "{body}");

    // Transport-level attacks.
    let batch = json!([{ "query": "{ __typename }" }, { "query": "{ __typename }" }]).to_string();
    let (status, body) = post(&s, "application/json", batch).await;
    assert_eq!(
        (status, code(&body)),
        (400, "BATCH_NOT_SUPPORTED"),
        "{body}"
    );
    let ten_mb = json!({ "query": "{ __typename }", "pad": "x".repeat(10 << 20) }).to_string();
    let (status, body) = post(&s, "application/json", ten_mb).await;
    assert_eq!((status, code(&body)), (413, "PAYLOAD_TOO_LARGE"), "{body}");
    // 100,000 `__typename` aliases (which async-graphql's complexity counts
    // as free) do not even fit in a request body.
    let aliases = (0..100_000)
        .map(|i| format!("t{i}: __typename"))
        .collect::<Vec<_>>()
        .join(" ");
    let (status, body) = post(
        &s,
        "application/json",
        json!({ "query": format!("{{ {aliases} }}") }).to_string(),
    )
    .await;
    assert_eq!((status, code(&body)), (413, "PAYLOAD_TOO_LARGE"), "{body}");
    let million_tokens =
        json!({ "query": format!("{{ {} }}", "a ".repeat(1_000_000)) }).to_string();
    let (status, body) = post(&s, "application/json", million_tokens).await;
    assert_eq!((status, code(&body)), (413, "PAYLOAD_TOO_LARGE"), "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "the request body is larger than 1048576 bytes"
    );
    let (status, body) = post(
        &s,
        "text/plain",
        json!({ "query": "{ __typename }" }).to_string(),
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (415, "UNSUPPORTED_MEDIA_TYPE"),
        "{body}"
    );
    let (status, body) = post(
        &s,
        "application/x-www-form-urlencoded",
        "query=%7B__typename%7D".into(),
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (415, "UNSUPPORTED_MEDIA_TYPE"),
        "{body}"
    );
    let res = Client::new()
        .get(s.url("/graphql?query=mutation%20%7B%20__typename%20%7D"))
        .header("accept", GRAPHQL_RESPONSE)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "POST");
    let body: Value = res.json().await.expect("JSON body");
    assert_eq!(code(&body), "METHOD_NOT_ALLOWED", "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "only queries may be sent with GET; send mutations with POST"
    );

    // Still serving, and every refusal was counted.
    let (status, body) = query(&s, "{ stats { entities } }").await;
    assert_eq!(status, 200, "{body}");
    let metrics = Client::new()
        .get(s.url("/metrics"))
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("text");
    for code in [
        "MAX_DEPTH",
        "MAX_SELECTIONS",
        "FRAGMENT_CYCLE",
        "MAX_TOKENS",
    ] {
        assert!(
            metrics.contains(&format!(
                "innograph_guard_rejections_total{{code=\"{code}\"}}"
            )),
            "{code} missing from metrics:\n{metrics}"
        );
    }
    assert!(metrics.contains("innograph_guard_rejections_total{code=\"MAX_SELECTIONS\"} 3"));
    assert!(metrics.contains("innograph_graphql_errors_total{code=\"PAYLOAD_TOO_LARGE\"} 3"));
    assert!(metrics.contains("innograph_http_requests_total{route=\"/graphql\",status=\"400\"}"));
    assert!(metrics.contains("innograph_http_request_duration_seconds_bucket{"));
}

/// The query GraphiQL sends to draw its docs: it must pass the guard.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
"#;

#[tokio::test]
async fn introspection_and_ordinary_queries_pass_the_guard() {
    let s = TestServer::builtin();
    let (status, body) = query(&s, INTROSPECTION).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["__schema"]["types"]
        .as_array()
        .is_some_and(|t| t.len() > 20));
    let (status, body) = query(
        &s,
        "{ entities(first: 100) { edges { node { id name relations(first: 100) { edges { node { type } } } } } } }",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn parse_and_validation_errors_are_400_with_spec_codes() {
    let s = TestServer::builtin();
    let (status, body) = query(&s, "{ stats { ").await;
    assert_eq!(
        (status, code(&body)),
        (400, "GRAPHQL_PARSE_FAILED"),
        "{body}"
    );
    let (status, body) = query(&s, "{ noSuchField }").await;
    assert_eq!(
        (status, code(&body)),
        (400, "GRAPHQL_VALIDATION_FAILED"),
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["message"], r#"Unknown field "noSuchField" on type "Query"."#,
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["locations"],
        json!([{ "line": 1, "column": 3 }])
    );
}

#[tokio::test]
async fn request_ids_readiness_and_liveness() {
    let s = TestServer::builtin();
    let c = Client::new();
    let res = c
        .get(s.url("/health"))
        .header("x-request-id", "trace-42")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-request-id"], "trace-42");
    // A forged id (spaces could fake log fields) is replaced.
    let res = c
        .get(s.url("/ready"))
        .header("x-request-id", "a b")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    let id = res.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_ne!(id, "a b");
    assert!(!id.is_empty());
}

#[tokio::test]
async fn batches_run_when_enabled() {
    let store = innograph::load::builtin().expect("built-in data");
    let settings = innograph::config::Settings {
        max_batch: 2,
        ..Default::default()
    };
    let s = TestServer::with(store, settings);
    let two = json!([{ "query": "{ stats { entities } }" }, { "query": "{ entity(id: \"region/yangpu\") { name } }" }]);
    let (status, body) = post(&s, "application/json", two.to_string()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[1]["data"]["entity"]["name"], "Yangpu District");
    assert!(body[0]["data"]["stats"]["entities"]
        .as_u64()
        .is_some_and(|n| n > 0));
    let three = json!([{ "query": "{ __typename }" }, { "query": "{ __typename }" }, { "query": "{ __typename }" }]);
    let (status, body) = post(&s, "application/json", three.to_string()).await;
    assert_eq!((status, code(&body)), (400, "BATCH_TOO_LARGE"), "{body}");
}
