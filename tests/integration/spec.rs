//! What GraphQL clients rely on, against the real server over HTTP: a
//! failed field is null (the null propagating to the nearest nullable
//! parent), every field error has its path and locations, page sizes out
//! of range are field errors, variables are checked and named, the
//! schema's description, `Node` covers sources, CORS, `Vary`, `HEAD`, long
//! query strings, the time limit, a panicking resolver and introspection
//! switched off.

use crate::common;

use common::TestServer;
use innograph::config::Settings;
use reqwest::Client;
use serde_json::{json, Value};

const GQL: &str = "application/graphql-response+json";

/// POSTs with an Accept header; status and body.
async fn post(s: &TestServer, accept: &str, body: Value) -> (u16, Value) {
    let res = Client::new()
        .post(s.url("/graphql"))
        .header("accept", accept)
        .json(&body)
        .send()
        .await
        .expect("sent");
    let status = res.status().as_u16();
    (status, res.json().await.expect("JSON"))
}

async fn q(s: &TestServer, query: &str) -> Value {
    let (status, body) = post(s, GQL, json!({ "query": query })).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn only_error(body: &Value) -> &Value {
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{body}");
    &errors[0]
}

#[tokio::test]
async fn a_failed_nullable_field_is_null_and_the_rest_is_answered() {
    let s = TestServer::builtin();
    let body = q(
        &s,
        r#"{ stats { entities } entity(id: "company/doesnotexist") { id } }"#,
    )
    .await;
    let entities = innograph::load::builtin().expect("loads").entity_count();
    assert_eq!(
        body["data"],
        json!({ "stats": { "entities": entities }, "entity": null }),
        "{body}"
    );
    let e = only_error(&body);
    assert_eq!(e["path"], json!(["entity"]));
    assert_eq!(e["extensions"]["code"], "NOT_FOUND");
    assert_eq!(e["locations"], json!([{ "line": 1, "column": 22 }]));
    // Fields keep document order around the null.
    let body = q(
        &s,
        r#"{ a: entity(id: "nope/x") { id } b: entity(id: "region/yangpu") { id } }"#,
    )
    .await;
    let keys: Vec<&String> = body["data"].as_object().expect("data").keys().collect();
    assert_eq!(keys, ["a", "b"]);
    assert_eq!(body["data"]["b"]["id"], "region/yangpu");
}

#[tokio::test]
async fn a_failed_non_null_field_nulls_its_nearest_nullable_parent() {
    let s = TestServer::builtin();
    // `path` is non-null: the whole of `data` is null.
    for query in [
        r#"{ stats { entities } path(from: "region/yangpu", to: "nope") { visited } }"#,
        r#"{ stats { entities } neighborhood(id: "region/nowhere") { truncated } }"#,
        r#"{ stats { entities } entities(after: "bad") { totalCount } }"#,
        r#"{ stats { entities } search(query: "park", after: "bad") { totalCount } }"#,
    ] {
        let body = q(&s, query).await;
        assert_eq!(body["data"], Value::Null, "{query}: {body}");
        let e = only_error(&body);
        assert_eq!(e["path"].as_array().map(Vec::len), Some(1), "{body}");
        assert!(e["locations"].is_array(), "{body}");
    }
    // Nested: `relations` is non-null, so `entity` (nullable) is null; the
    // error has its full path, through the `Entity` interface too.
    for query in [
        r#"{ entity(id: "company/apple") { id relations(first: 2, after: "bad") { totalCount } } }"#,
        r#"{ entity(id: "company/apple") { id ... on Company { relations(first: 2, after: "bad") { totalCount } } } }"#,
    ] {
        let body = q(&s, query).await;
        assert_eq!(body["data"], json!({ "entity": null }), "{body}");
        assert_eq!(only_error(&body)["path"], json!(["entity", "relations"]));
    }
    // Inside a list: the nullable list item is null, its siblings stay.
    let body = q(
        &s,
        r#"{ entities(first: 2) { edges { node { id related(first: 500) { items { score } } } } } }"#,
    )
    .await;
    let err = &body["errors"][0];
    assert_eq!(err["path"][0], "entities", "{body}");
    assert_eq!(err["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    // `related` is non-null, `node` non-null, the edge non-null, `edges`
    // non-null: up to `entities`, non-null too, so data is null.
    assert_eq!(body["data"], Value::Null, "{body}");
}

#[tokio::test]
async fn page_sizes_out_of_range_are_field_errors_under_either_type() {
    let s = TestServer::builtin();
    for accept in [GQL, "application/json"] {
        let (status, body) = post(
            &s,
            accept,
            json!({ "query": r#"{ stats { sources } entity(id: "region/yangpu") { relations(first: 101) { totalCount } } }"# }),
        )
        .await;
        assert_eq!(status, 200, "{accept}: {body}");
        assert_eq!(
            body["data"],
            json!({ "stats": { "sources": 5 }, "entity": null })
        );
        let e = only_error(&body);
        assert_eq!(e["path"], json!(["entity", "relations"]));
        assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT");
        assert!(e["locations"].is_array());
    }
    // `paths(first: 11)` is the same kind of answer.
    let body = q(
        &s,
        r#"{ paths(from: "region/yangpu", to: "region/putuo", first: 11) { visited } }"#,
    )
    .await;
    assert_eq!(body["data"], Value::Null);
    assert_eq!(only_error(&body)["path"], json!(["paths"]));
}

#[tokio::test]
async fn bad_variable_values_name_the_variable() {
    let s = TestServer::builtin();
    let query = "query($first: Int, $kinds: [EntityKind!]) { entities(first: $first, kinds: $kinds) { totalCount } }";
    for (accept, status) in [(GQL, 400), ("application/json", 200)] {
        let (got, body) = post(
            &s,
            accept,
            json!({ "query": query, "variables": { "first": "ten" } }),
        )
        .await;
        assert_eq!(got, status, "{accept}: {body}");
        assert!(body.get("data").is_none(), "{body}");
        let e = only_error(&body);
        assert_eq!(
            e["message"],
            r#"Variable "$first" got invalid value "ten"; Int cannot represent non-integer value: "ten""#
        );
        assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT");
        assert_eq!(e["locations"], json!([{ "line": 1, "column": 7 }]));
    }
    let (_, body) = post(
        &s,
        GQL,
        json!({ "query": query, "variables": { "kinds": ["PARK", "PLANET"] } }),
    )
    .await;
    assert_eq!(
        only_error(&body)["message"],
        r#"Variable "$kinds" got invalid value "PLANET" at "kinds[1]"; Value "PLANET" does not exist in "EntityKind" enum."#
    );
    let (_, body) = post(
        &s,
        GQL,
        json!({ "query": "query($id: ID!) { entity(id: $id) { id } }" }),
    )
    .await;
    assert_eq!(
        only_error(&body)["message"],
        r#"Variable "$id" of required type "ID!" was not provided."#
    );
}

#[tokio::test]
async fn the_schema_describes_itself_and_sources_are_nodes() {
    let s = TestServer::builtin();
    let body = q(&s, "{ __schema { description } }").await;
    assert_eq!(
        body["data"]["__schema"]["description"],
        innograph::graphql::DESCRIPTION
    );
    let body = q(
        &s,
        r#"{ node(id: "putuo-hero-returns-2022") { __typename id ... on Source { title } } }"#,
    )
    .await;
    assert_eq!(body["data"]["node"]["__typename"], "Source", "{body}");
    assert_eq!(body["data"]["node"]["id"], "putuo-hero-returns-2022");
    let body = q(&s, r#"{ node(id: "no-such-article") { id } }"#).await;
    assert_eq!(body["data"], json!({ "node": null }));
    assert_eq!(only_error(&body)["extensions"]["code"], "NOT_FOUND");
    let body = q(&s, r#"{ node(id: "Not An Id") { id } }"#).await;
    assert_eq!(only_error(&body)["extensions"]["code"], "BAD_USER_INPUT");
    let body = q(
        &s,
        r#"{ entity(id: "region/yangpu") { centrality { __typename } } }"#,
    )
    .await;
    assert_eq!(
        body["data"]["entity"]["centrality"]["__typename"],
        "Centrality"
    );
}

#[tokio::test]
async fn syntax_errors_are_short_and_placed() {
    let s = TestServer::builtin();
    let junk = format!("{{ stats {}", "x".repeat(20_000));
    let (status, body) = post(&s, GQL, json!({ "query": junk })).await;
    assert_eq!(status, 400);
    let e = only_error(&body);
    assert_eq!(e["extensions"]["code"], "GRAPHQL_PARSE_FAILED");
    let message = e["message"].as_str().expect("message");
    assert!(
        message.starts_with("syntax error at line 1, column "),
        "{message}"
    );
    assert!(
        message.len() < 200,
        "the message does not echo the document"
    );
}

#[tokio::test]
async fn cors_allows_browsers_on_other_origins() {
    let s = TestServer::builtin();
    let c = Client::new();
    let res = c
        .request(reqwest::Method::OPTIONS, s.url("/graphql"))
        .header("origin", "https://app.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, authorization",
        )
        .send()
        .await
        .expect("preflight");
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    let methods = h["access-control-allow-methods"].to_str().expect("ascii");
    assert!(
        methods.contains("POST") && methods.contains("GET"),
        "{methods}"
    );
    let allowed = h["access-control-allow-headers"].to_str().expect("ascii");
    assert!(allowed.contains("content-type") && allowed.contains("authorization"));
    let res = c
        .post(s.url("/graphql"))
        .header("origin", "https://app.example")
        .json(&json!({ "query": "{ stats { sources } }" }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let vary = res.headers()["vary"].to_str().expect("ascii").to_owned();
    assert!(vary.contains("Accept") && vary.contains("Origin"), "{vary}");
    assert!(res.headers()["access-control-expose-headers"]
        .to_str()
        .expect("ascii")
        .contains("x-request-id"));

    // A configured list allows only those origins.
    let settings = Settings {
        cors_origins: vec!["https://ok.example".into()],
        ..Settings::default()
    };
    let store = innograph::load::builtin().expect("loads");
    let s = TestServer::with(store, settings);
    let res = c
        .post(s.url("/graphql"))
        .header("origin", "https://ok.example")
        .json(&json!({ "query": "{ stats { sources } }" }))
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://ok.example"
    );
    let res = c
        .request(reqwest::Method::OPTIONS, s.url("/graphql"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("preflight");
    assert_eq!(
        res.status(),
        400,
        "a preflight from another origin is refused"
    );
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn head_answers_like_get_and_long_query_strings_get_414() {
    let s = TestServer::builtin();
    let c = Client::new();
    for path in [
        "/health",
        "/ready",
        "/",
        "/explore",
        "/metrics",
        "/schema.graphql",
    ] {
        let get = c.get(s.url(path)).send().await.expect("get");
        let head = c.head(s.url(path)).send().await.expect("head");
        assert_eq!(head.status(), 200, "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "{path}"
        );
        assert!(head.bytes().await.expect("body").is_empty(), "{path}");
    }
    let metrics = c.get(s.url("/metrics")).send().await.expect("get");
    assert_eq!(
        metrics.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    assert!(metrics
        .text()
        .await
        .expect("text")
        .trim_end()
        .ends_with("# EOF"));
    let long = format!("{}?query={}", s.url("/graphql"), "x".repeat(50_000));
    let res = c.get(long).header("accept", GQL).send().await.expect("get");
    assert_eq!(res.status(), 414);
    let body: Value = res.json().await.expect("JSON body");
    assert_eq!(body["errors"][0]["extensions"]["code"], "URI_TOO_LONG");
}

#[tokio::test]
async fn introspection_switched_off_is_a_coded_error() {
    let store = innograph::load::builtin().expect("loads");
    let mut settings = Settings::default();
    settings.execute.introspection = false;
    let s = TestServer::with(store, settings);
    for query in [
        "{ __schema { queryType { name } } }",
        r#"{ stats { sources } __type(name: "Park") { name } }"#,
        "{ ...F } fragment F on Query { __schema { types { name } } }",
    ] {
        let (status, body) = post(&s, GQL, json!({ "query": query })).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body.get("data").is_none());
        assert_eq!(
            only_error(&body)["extensions"]["code"],
            "INTROSPECTION_DISABLED"
        );
    }
    // __typename is not introspection.
    let body = q(&s, "{ __typename stats { sources } }").await;
    assert_eq!(body["data"]["__typename"], "Query");
}

#[tokio::test]
async fn the_time_limit_stops_a_long_traversal() {
    // A generated graph big enough that ten shortest paths take a while.
    let store = common::generated(20_000, 3);
    let mut settings = Settings::default();
    settings.execute.timeout = std::time::Duration::from_millis(1);
    let s = TestServer::with(store, settings);
    let query = r#"{ paths(from: "company/s5199", to: "institution/s1499", first: 10, maxHops: 10) { paths { length } } }"#;
    let (status, body) = post(&s, GQL, json!({ "query": query })).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT");
    let metrics = Client::new()
        .get(s.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("innograph_graphql_errors_total{code=\"TIMEOUT\"} 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_hyphen_inside_a_word_joins_it_in_search() {
    let s = TestServer::builtin();
    let count = |query: &'static str| {
        let s = &s;
        async move {
            let body = q(
                s,
                &format!(r#"{{ search(query: "{query}", first: 1) {{ totalCount edges {{ node {{ id }} }} }} }}"#),
            )
            .await;
            (
                body["data"]["search"]["totalCount"]
                    .as_u64()
                    .expect("count"),
                body["data"]["search"]["edges"][0]["node"]["id"].clone(),
            )
        }
    };
    let jingan = count("Jingan").await;
    assert_eq!(jingan.1, "region/jingan");
    assert_eq!(count("Jing-an").await, jingan);
    assert_eq!(count("Jing'an").await, jingan);
    // Two words stay two words.
    assert!(count("jing an").await.0 > jingan.0);
    // A hyphenated name is found by its joined form and by its parts.
    assert_eq!(
        count("China-Israel Innovation Hub").await.1,
        "park/china-israel-innovation-hub"
    );
}

/// An async-graphql extension that panics when a field of the given name
/// is resolved: a resolver that panics, without changing the server.
struct PanicOn(&'static str);

impl async_graphql::extensions::ExtensionFactory for PanicOn {
    fn create(&self) -> std::sync::Arc<dyn async_graphql::extensions::Extension> {
        std::sync::Arc::new(PanicOn(self.0))
    }
}

#[async_graphql::async_trait::async_trait]
impl async_graphql::extensions::Extension for PanicOn {
    async fn resolve(
        &self,
        ctx: &async_graphql::extensions::ExtensionContext<'_>,
        info: async_graphql::extensions::ResolveInfo<'_>,
        next: async_graphql::extensions::NextResolve<'_>,
    ) -> async_graphql::ServerResult<Option<async_graphql::Value>> {
        if info.name == self.0 {
            panic!("secret detail: the resolver of `{}` panicked", self.0);
        }
        next.run(ctx, info).await
    }
}

#[tokio::test]
async fn a_panic_is_a_500_with_no_detail_and_the_server_goes_on() {
    use innograph::graphql::execute::Executor;
    use std::sync::Arc;

    // The real schema, executor and app, with one resolver that panics.
    let store = Arc::new(innograph::load::builtin().expect("loads"));
    let entities = store.entity_count();
    let settings = Settings {
        workers: Some(1),
        ..Settings::default()
    };
    let schema = innograph::graphql::builder()
        .data(store.clone())
        .extension(PanicOn("sources"))
        .finish();
    let mut state = innograph::http::AppState::new(store, &settings);
    state.executor = Executor::new(schema, settings.execute.clone());
    let s = TestServer::serving(state);

    for (accept, content_type) in [
        (GQL, "application/graphql-response+json; charset=utf-8"),
        ("application/json", "application/json; charset=utf-8"),
    ] {
        let res = Client::new()
            .post(s.url("/graphql"))
            .header("accept", accept)
            .json(&json!({ "query": "{ stats { entities sources } }" }))
            .send()
            .await
            .expect("sent");
        assert_eq!(res.status(), 500, "{accept}");
        assert_eq!(res.headers()["content-type"], content_type, "{accept}");
        let text = res.text().await.expect("body");
        assert!(!text.contains("secret detail"), "{text}");
        let body: Value = serde_json::from_str(&text).expect("JSON");
        // No data, no detail: one coded error.
        assert_eq!(
            body,
            json!({ "errors": [{
                "message": "the server failed to answer this request",
                "extensions": { "code": "INTERNAL_SERVER_ERROR" },
            }] }),
            "{accept}"
        );
    }
    // The worker survived: the next request is answered.
    let body = q(&s, "{ stats { entities } }").await;
    assert_eq!(body["data"]["stats"]["entities"], entities, "{body}");
    let metrics = Client::new()
        .get(s.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("innograph_graphql_errors_total{code=\"INTERNAL_SERVER_ERROR\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("innograph_http_requests_total{route=\"/graphql\",status=\"500\"} 2"),
        "{metrics}"
    );
}
