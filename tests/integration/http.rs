//! The GraphQL-over-HTTP behaviour of the real server.

use crate::common;

use common::TestServer;
use reqwest::Client;
use serde_json::{json, Value};

fn mini() -> TestServer {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let store = innograph::load::from_dir(&dir).expect("mini fixture loads");
    TestServer::with(store, Default::default())
}

#[tokio::test]
async fn post_answers_with_negotiated_type() {
    let s = mini();
    let c = Client::new();
    let q = json!({ "query": "{ stats { entities } }" });
    for (accept, want) in [
        (
            Some("application/graphql-response+json"),
            "application/graphql-response+json",
        ),
        (Some("application/json"), "application/json"),
        (None, "application/json"),
        (Some("*/*"), "application/json"),
        (
            Some("text/html, application/graphql-response+json;q=0.9"),
            "application/graphql-response+json",
        ),
    ] {
        let mut req = c.post(s.url("/graphql")).json(&q);
        if let Some(a) = accept {
            req = req.header("accept", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200, "accept {accept:?}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with(want), "accept {accept:?} gave {ct}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["data"]["stats"]["entities"], 3);
    }
}

/// The JSON error body every refusal has: one error with its message and
/// code, no `data`.
fn refusal(code: &str, message: &str) -> Value {
    json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
}

#[tokio::test]
async fn no_acceptable_type_is_a_406_with_a_json_body() {
    let s = mini();
    let c = Client::new();
    let q = json!({ "query": "{ stats { entities } }" });
    let message = "cannot answer in any type the Accept header allows: accept application/graphql-response+json or application/json";
    for accept in ["text/html", "application/xml, text/*;q=0.5"] {
        for req in [
            c.post(s.url("/graphql")).json(&q),
            c.get(s.url("/graphql"))
                .query(&[("query", "{ stats { entities } }")]),
        ] {
            let res = req.header("accept", accept).send().await.unwrap();
            assert_eq!(res.status(), 406, "accept {accept}");
            // Nothing the client accepts exists, so the error comes as plain JSON.
            assert_eq!(
                res.headers()["content-type"],
                "application/json; charset=utf-8",
                "accept {accept}"
            );
            let body: Value = res.json().await.unwrap();
            assert_eq!(body, refusal("NOT_ACCEPTABLE", message), "accept {accept}");
        }
    }
    let metrics = c
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("innograph_graphql_errors_total{code=\"NOT_ACCEPTABLE\"} 4"),
        "{metrics}"
    );
}

#[tokio::test]
async fn malformed_requests_get_4xx_with_a_code() {
    let s = mini();
    let c = Client::new();
    let post = |ct: &'static str, body: &'static str| {
        c.post(s.url("/graphql"))
            .header("content-type", ct)
            .header("accept", "application/graphql-response+json")
            .body(body)
            .send()
    };
    let cases = [
        ("application/json", "{not json", 400, "BAD_REQUEST"),
        (
            "application/json",
            "[{\"query\":\"{ stats { entities } }\"}]",
            400,
            "BATCH_NOT_SUPPORTED",
        ),
        ("application/json", "{\"query\": 3}", 400, "BAD_REQUEST"),
        (
            "application/json",
            "{\"variables\": {}}",
            400,
            "BAD_REQUEST",
        ),
        (
            "application/json",
            "{\"query\":\"{ stats { entities } }\", \"variables\": [1]}",
            400,
            "BAD_REQUEST",
        ),
        (
            "text/plain",
            "{\"query\":\"{ stats { entities } }\"}",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "application/x-www-form-urlencoded",
            "query=%7Bstats%7D",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "application/json; charset=latin1",
            "{\"query\":\"{ stats { entities } }\"}",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
    ];
    for (ct, body, status, code) in cases {
        let res = post(ct, body).await.unwrap();
        assert_eq!(res.status(), status, "{ct} {body}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(
            v["errors"][0]["extensions"]["code"], code,
            "{ct} {body}: {v}"
        );
        assert!(v.get("data").is_none());
    }
    // No content type at all is not JSON either.
    let res = c
        .post(s.url("/graphql"))
        .body("{\"query\":\"{ stats { entities } }\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        refusal(
            "UNSUPPORTED_MEDIA_TYPE",
            "POST bodies must be application/json (charset utf-8)"
        )
    );
}

#[tokio::test]
async fn parse_and_validation_errors_are_400_for_graphql_response_json_and_200_for_json() {
    let s = mini();
    let c = Client::new();
    for (query, needle, code) in [
        ("{ stats { entities }", "expected", "GRAPHQL_PARSE_FAILED"),
        (
            "{ nosuchfield }",
            "nosuchfield",
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ] {
        let res = c
            .post(s.url("/graphql"))
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{query}");
        let v: Value = res.json().await.unwrap();
        assert!(v.get("data").is_none(), "{v}");
        assert!(
            v["errors"][0]["message"].as_str().unwrap().contains(needle),
            "{v}"
        );
        assert_eq!(v["errors"][0]["extensions"]["code"], code, "{v}");
        assert_eq!(v["errors"].as_array().map(Vec::len), Some(1), "{v}");

        // Under application/json the same body comes with a 200.
        let res = c
            .post(s.url("/graphql"))
            .header("accept", "application/json")
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{query}");
        assert_eq!(res.json::<Value>().await.unwrap(), v, "{query}");
    }
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations() {
    let s = mini();
    let c = Client::new();
    let res = c
        .get(s.url("/graphql"))
        .query(&[
            ("query", "query Q($id: ID!) { entity(id: $id) { name } }"),
            ("variables", "{\"id\":\"park/p2\"}"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["data"]["entity"]["name"], "P2");

    let res = c
        .get(s.url("/graphql"))
        .query(&[("query", "mutation { anything }")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "POST");
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        refusal(
            "METHOD_NOT_ALLOWED",
            "only queries may be sent with GET; send mutations with POST"
        )
    );

    let res = c.get(s.url("/graphql")).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        refusal("BAD_REQUEST", "the request has no `query`")
    );
    let res = c.put(s.url("/graphql")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "GET, POST, OPTIONS");
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        refusal("METHOD_NOT_ALLOWED", "use GET or POST")
    );
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let store = innograph::load::from_dir(&dir).unwrap();
    let settings = innograph::config::Settings {
        max_body_bytes: 1000,
        ..Default::default()
    };
    let s = TestServer::with(store, settings);
    let big = format!(
        "{{\"query\":\"{{ stats {{ entities }} }}\",\"x\":\"{}\"}}",
        "a".repeat(5000)
    );
    let res = Client::new()
        .post(s.url("/graphql"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        refusal(
            "PAYLOAD_TOO_LARGE",
            "the request body is larger than 1000 bytes"
        )
    );
}

#[tokio::test]
async fn bad_ids_give_null_and_a_coded_error() {
    let s = mini();
    let v = s
        .query("{ entity(id: \"park/nowhere\") { name } }", json!({}))
        .await;
    assert_eq!(v["data"]["entity"], Value::Null);
    assert_eq!(v["errors"][0]["extensions"]["code"], "NOT_FOUND");
    assert_eq!(v["errors"][0]["path"][0], "entity");
    let v = s
        .query("{ node(id: \"not an id\") { id } }", json!({}))
        .await;
    assert_eq!(v["data"]["node"], Value::Null);
    assert_eq!(v["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let v = s
        .query("{ entities(after: \"garbage\") { totalCount } }", json!({}))
        .await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn health_schema_and_playground() {
    let s = mini();
    let c = Client::new();
    let h: Value = c
        .get(s.url("/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["entities"], 3);
    let sdl = c
        .get(s.url("/schema.graphql"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sdl.contains("interface Entity"), "{sdl}");
    let page = c.get(s.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("/assets/playground/"),
        "playground page links its vendored assets"
    );
    assert!(!html.contains("unpkg") && !html.contains("cdn"), "no CDN");
    let examples: Value = c
        .get(s.url("/examples.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(examples.as_array().unwrap().len() >= 12);
}
