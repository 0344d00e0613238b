//! The cache of parsed and checked documents, on the real server: a text
//! sent again is a hit in `/metrics`, and nothing about its answer changes:
//! the guard still judges every request's variables, a document that failed
//! validation fails it again, and every example operation answers the same
//! with the cache as without it.

use crate::common;

use common::TestServer;
use innograph::config::Settings;
use serde_json::{json, Value};

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("(no code)")
}

/// The value of one metric in `/metrics`.
async fn metric(s: &TestServer, name: &str) -> i64 {
    let text = reqwest::get(s.url("/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {text}"))
}

/// POSTs `query` with an operation name; the status and the JSON body.
async fn named(s: &TestServer, query: &str, name: &str) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(s.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query, "operationName": name }))
        .send()
        .await
        .expect("sent");
    let status = res.status().as_u16();
    (status, res.json().await.expect("JSON"))
}

#[tokio::test]
async fn a_text_sent_again_is_a_hit() {
    let s = TestServer::builtin();
    let q = "query($id: ID!) { entity(id: $id) { name } }";
    let hits = metric(&s, "innograph_document_cache_lookups_total{result=\"hit\"}").await;
    let misses = metric(
        &s,
        "innograph_document_cache_lookups_total{result=\"miss\"}",
    )
    .await;
    let a = s.data(q, json!({ "id": "region/yangpu" })).await;
    let b = s
        .data(q, json!({ "id": "institution/fudan-university" }))
        .await;
    assert_eq!(a["entity"]["name"], "Yangpu District");
    assert_eq!(b["entity"]["name"], "Fudan University");
    assert_eq!(
        metric(&s, "innograph_document_cache_lookups_total{result=\"hit\"}").await,
        hits + 1
    );
    assert_eq!(
        metric(
            &s,
            "innograph_document_cache_lookups_total{result=\"miss\"}"
        )
        .await,
        misses + 1
    );
    assert!(metric(&s, "innograph_document_cache_entries").await >= 1);
    assert_eq!(
        metric(&s, "innograph_document_cache_capacity_bytes").await,
        32 << 20
    );
}

#[tokio::test]
async fn the_guard_judges_each_requests_variables() {
    let s = TestServer::builtin();
    // The complexity depends on $n: 1 passes, 100 passes the limit.
    let q = "query($n: Int) { search(query: \"park\", first: $n) { edges { node {
        relations(first: $n) { edges { node { other { relations(first: $n) { totalCount } } } } }
    } } } }";
    for n in [1, 100, 1] {
        let (status, body) = s.query_any(q, json!({ "n": n })).await;
        if n == 1 {
            assert_eq!(status, 200, "{body}");
            assert!(body.get("errors").is_none(), "{body}");
        } else {
            assert_eq!(status, 400, "{body}");
            assert_eq!(code(&body), "MAX_COMPLEXITY", "{body}");
        }
    }
    // Variables are checked on every request, cached document or not.
    let q = "query($id: ID!) { entity(id: $id) { name } }";
    s.data(q, json!({ "id": "region/yangpu" })).await;
    for bad in [json!({}), json!({ "id": [1, 2] })] {
        let (status, body) = s.query_any(q, bad.clone()).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(code(&body), "BAD_USER_INPUT", "{bad}: {body}");
    }
}

#[tokio::test]
async fn a_document_that_failed_validation_fails_it_again() {
    let s = TestServer::builtin();
    let q = "{ entity(id: \"region/yangpu\") { name nope } }";
    for _ in 0..3 {
        let (status, body) = s.query_any(q, json!({})).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
    }
    // A document is valid as a whole or not at all, whichever operation
    // is chosen, the first time and every time after.
    let q = "query A { stats { sources } } query B { stats { nope } }";
    for name in ["A", "B", "A", "B"] {
        let (status, body) = named(&s, q, name).await;
        assert_eq!(status, 400, "{name}: {body}");
        assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED", "{name}: {body}");
    }
    // And a valid one runs whichever operation is named.
    let q = "query A { stats { sources } } query B { stats { entities } }";
    for name in ["A", "B", "A", "B"] {
        let (status, body) = named(&s, q, name).await;
        assert_eq!(status, 200, "{name}: {body}");
        let field = if name == "A" { "sources" } else { "entities" };
        assert!(body["data"]["stats"][field].is_number(), "{name}: {body}");
        assert!(body.get("errors").is_none(), "{name}: {body}");
    }
}

#[tokio::test]
async fn every_example_answers_the_same_with_and_without_the_cache() {
    let cached = TestServer::builtin();
    let mut settings = Settings::default();
    settings.execute.document_cache_bytes = 0;
    let store = innograph::load::builtin().expect("loads");
    let uncached = TestServer::with(store, settings);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/examples");
    let mut seen = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "graphql"))
        .collect();
    paths.sort();
    for path in paths {
        let q = std::fs::read_to_string(&path).expect("readable");
        let want = uncached.query_any(&q, json!({})).await;
        // The first request fills the cache, the second is a hit that
        // runs in the fast validation mode.
        for round in 0..2 {
            let got = cached.query_any(&q, json!({})).await;
            assert_eq!(got, want, "{} (round {round})", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} examples");
    assert_eq!(
        metric(&uncached, "innograph_document_cache_entries").await,
        0
    );
    assert!(
        metric(
            &cached,
            "innograph_document_cache_lookups_total{result=\"hit\"}"
        )
        .await
            >= seen
    );
}

/// Over HTTP, a query whose document compiled to a plan is answered by it
/// from its second request on (`innograph_plan_answers_total`), with the
/// same answer; a request its plan cannot answer without an error (an
/// unknown id) gets async-graphql's error, with its path.
#[tokio::test]
async fn a_planned_query_answers_the_same_and_gives_way_on_errors() {
    let s = TestServer::builtin();
    let q = "query($id: ID!) { entity(id: $id) { id name relations(first: 2) { totalCount edges { node { type other { name } } } } } }";
    let planned = || metric(&s, "innograph_plan_answers_total");
    let vars = json!({ "id": "park/hongqiao-smart-valley" });
    let (before, first) = (planned().await, s.query(q, vars.clone()).await);
    assert_eq!(
        planned().await,
        before,
        "the first request validates the text"
    );
    let second = s.query(q, vars).await;
    assert_eq!(planned().await, before + 1);
    assert_eq!(first, second);
    assert_eq!(second["data"]["entity"]["name"], "Hongqiao Smart Valley");
    assert!(second["extensions"]["revision"].is_u64(), "{second}");
    let missing = s.query(q, json!({ "id": "park/no-such-park" })).await;
    assert_eq!(planned().await, before + 1);
    assert_eq!(code(&missing), "NOT_FOUND", "{missing}");
    assert_eq!(missing["errors"][0]["path"], json!(["entity"]));
    assert_eq!(missing["data"]["entity"], Value::Null);
}
