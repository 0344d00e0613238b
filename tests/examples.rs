//! Every operation in schema/examples/ runs against the real server without
//! errors, and its answer is pinned by a snapshot.

mod common;

use common::TestServer;
use innograph::http::assets::examples_list;
use serde_json::Value;

#[tokio::test]
async fn every_example_answers_and_matches_its_snapshot() {
    let examples = examples_list();
    assert!(examples.len() >= 12, "at least 12 example operations");
    let server = TestServer::builtin();
    for ex in examples {
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
