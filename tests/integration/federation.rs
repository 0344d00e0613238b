//! innograph as an Apollo Federation v2 subgraph (`serve --federation`):
//! the default schema has none of it; the federation schema answers
//! `_service { sdl }` and resolves `_entities` by the README's error
//! table and the guard's limits; and, end to end, `@apollo/gateway`
//! composes the real binary with a demo second subgraph
//! (`tests/federation/gateway.mjs`) and answers queries that cross the
//! two. Where Node or the script's packages are missing, the gateway test
//! says so on the terminal and passes, except in CI (`CI=true`), where it
//! fails: `.ci/run` installs them before `cargo test`.

use crate::common::TestServer;

use std::io::BufReader;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use innograph::config::Settings;
use serde_json::{json, Value};

fn federated() -> TestServer {
    let store = innograph::load::builtin().expect("built-in data loads");
    let settings = Settings {
        federation: true,
        ..Settings::default()
    };
    TestServer::with(store, settings)
}

const ENTITIES: &str =
    "query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Company { id name } ... on Park { id name } ... on Source { id title } } }";

fn rep(typename: &str, id: &str) -> Value {
    json!({ "__typename": typename, "id": id })
}

fn codes(body: &Value) -> Vec<(String, Value)> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    let code = e["extensions"]["code"].as_str().unwrap_or("").to_owned();
                    (code, e["path"].clone())
                })
                .collect::<Vec<_>>()
        })
        .map(|mut c| {
            c.sort_by_key(|(_, path)| path.to_string());
            c
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_default_schema_is_no_subgraph() {
    let server = TestServer::builtin();
    for q in [
        "{ _service { sdl } }",
        "{ _entities(representations: []) { __typename } }",
    ] {
        let (status, body) = server.query_any(q, json!({})).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            codes(&body)[0].0,
            "GRAPHQL_VALIDATION_FAILED",
            "{q}: {body}"
        );
    }
    let sdl = innograph::graphql::sdl();
    assert!(!sdl.contains("_service") && !sdl.contains("@key"), "{sdl}");
}

#[tokio::test]
async fn service_answers_the_subgraph_sdl_with_every_entity_keyed_by_id() {
    let server = federated();
    let d = server.data("{ _service { sdl } }", json!({})).await;
    let sdl = d["_service"]["sdl"].as_str().expect("sdl");
    assert_eq!(sdl, innograph::graphql::federation_sdl());
    assert!(sdl.contains("extend schema @link(\n\turl: \"https://specs.apollo.dev/federation/v2."));
    for ty in innograph::graphql::federation::entity_types() {
        let decl = if ty == "Source" {
            format!("type {ty} implements Node @key(fields: \"id\")")
        } else {
            format!("type {ty} implements Entity & Node @key(fields: \"id\")")
        };
        assert!(sdl.contains(&decl), "no `{decl}`");
    }
    // No subscriptions in a subgraph; the rest of the API is all there.
    assert!(!sdl.contains("type Subscription"), "{sdl}");
    assert!(sdl.contains("type Mutation"));
    // `innograph schema --federation` prints the same.
    let out = Command::new(env!("CARGO_BIN_EXE_innograph"))
        .args(["schema", "--federation"])
        .output()
        .expect("innograph runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), sdl);
}

#[tokio::test]
async fn entities_resolve_in_order_and_fail_by_the_error_table() {
    let server = federated();
    let reps = json!([
        rep("Company", "company/gravibit"),
        rep("Company", "company/not-there"),
        rep("Company", "park/hongqiao-smart-valley"),
        rep("Robot", "robot/x"),
        { "id": "company/gravibit" },
        rep("Source", "putuo-hero-returns-2022"),
        rep("Park", "park/hongqiao-smart-valley"),
        rep("Company", "not an id"),
    ]);
    let body = server.query(ENTITIES, json!({ "r": reps })).await;
    let got = &body["data"]["_entities"];
    assert_eq!(
        got[0],
        json!({"__typename": "Company", "id": "company/gravibit", "name": "GraviBit"})
    );
    for i in [1, 2, 3, 4, 7] {
        assert_eq!(got[i], Value::Null, "{i}: {body}");
    }
    assert_eq!(got[5]["id"], "putuo-hero-returns-2022");
    assert_eq!(got[6]["name"], "Hongqiao Smart Valley");
    assert_eq!(
        codes(&body),
        [
            ("NOT_FOUND".to_owned(), json!(["_entities", 1])),
            ("BAD_USER_INPUT".to_owned(), json!(["_entities", 2])),
            ("BAD_USER_INPUT".to_owned(), json!(["_entities", 3])),
            ("BAD_USER_INPUT".to_owned(), json!(["_entities", 4])),
            ("BAD_USER_INPUT".to_owned(), json!(["_entities", 7])),
        ],
        "{body}"
    );
    let message = |i: usize| {
        let errors = body["errors"].as_array().expect("errors");
        let e = errors.iter().find(|e| e["path"] == json!(["_entities", i]));
        e.and_then(|e| e["message"].as_str())
            .unwrap_or("")
            .to_owned()
    };
    assert!(message(2).contains("not the id of a Company"), "{body}");
    assert!(
        message(3).contains("`Robot` is not an entity type"),
        "{body}"
    );
    // A field that fails inside an entity nulls that entity only, with
    // the path through its position.
    let body = server
        .query(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { name relations(first: 500) { totalCount } } } }",
            json!({ "r": [rep("Company", "company/gravibit"), rep("Company", "company/creater")] }),
        )
        .await;
    assert_eq!(body["data"]["_entities"], json!([null, null]), "{body}");
    assert_eq!(
        codes(&body)[1],
        (
            "BAD_USER_INPUT".to_owned(),
            json!(["_entities", 1, "relations"])
        )
    );
}

#[tokio::test]
async fn representations_are_bounded_and_costed_by_the_guard() {
    let server = federated();
    let many = |n: usize| Value::Array(vec![rep("Company", "company/gravibit"); n]);
    let body = server.query(ENTITIES, json!({ "r": many(100) })).await;
    assert_eq!(
        body["data"]["_entities"].as_array().map(Vec::len),
        Some(100)
    );
    assert!(body.get("errors").is_none(), "{body}");
    // Over the cap: the field's own error, as `first: 101` is.
    let body = server.query(ENTITIES, json!({ "r": many(101) })).await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(
        codes(&body),
        [("BAD_USER_INPUT".to_owned(), json!(["_entities"]))]
    );
    assert!(body["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("`representations` may list at most 100")));
    // Each representation costs its selection: 1 + 100 × (1 + 100 × 6)
    // is over the default complexity limit (50,000).
    let heavy = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { relations(first: 100) { edges { node { type other { id name } } } } } } }";
    let (status, body) = server.query_any(heavy, json!({ "r": many(100) })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(codes(&body)[0].0, "MAX_COMPLEXITY", "{body}");
    // The same document with few representations passes: the verdict is
    // taken again for each request's variables.
    let body = server.query(heavy, json!({ "r": many(2) })).await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// Why the gateway test cannot run here, if it cannot.
fn missing() -> Option<String> {
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on PATH".into());
    }
    let packages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/federation/node_modules");
    for package in ["@apollo/gateway", "@apollo/server", "@apollo/subgraph"] {
        if !packages.join(package).exists() {
            return Some(format!(
                "{package} is not installed (cd tests/federation && npm ci)"
            ));
        }
    }
    None
}

/// The `innograph` binary, killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `innograph serve --federation` on a free port; its GraphQL URL
/// once it says it is ready.
fn start_federated() -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_innograph"))
        .args([
            "serve",
            "--federation",
            "--read-only",
            "--bind",
            "127.0.0.1:0",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("innograph starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let server = Server(child);
    let addr = crate::common::ready(BufReader::new(stdout))
        .expect("the server exited before it was ready");
    (server, format!("http://{addr}/graphql"))
}

#[test]
fn apollo_gateway_composes_innograph_with_a_second_subgraph() {
    if let Some(why) = missing() {
        crate::common::skip(
            "apollo_gateway_composes_innograph_with_a_second_subgraph",
            &why,
        );
        return;
    }
    let (_server, url) = start_federated();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/federation/gateway.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(&url)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "gateway.mjs failed:\n{stdout}\n{stderr}"
    );
    let result = |label: &str| -> Value {
        let prefix = format!("RESULT {label} ");
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("no {label} answer in:\n{stdout}\n{stderr}"));
        serde_json::from_str(line).expect("JSON answer")
    };
    // From innograph's `entity`: its name and sector from innograph, the
    // reviews from the demo subgraph, in one query.
    let entity = result("entity");
    assert_eq!(entity.get("errors"), None, "{entity}");
    let company = &entity["data"]["entity"];
    assert_eq!(company["__typename"], "Company");
    assert_eq!(company["name"], "GraviBit");
    assert_eq!(
        company["reviews"],
        json!([
            {"id": "r1", "stars": 5, "body": "demo review r1 (federation test data)"},
            {"id": "r2", "stars": 3, "body": "demo review r2 (federation test data)"}
        ])
    );
    // From innograph's `search`.
    let search = result("search");
    assert_eq!(search.get("errors"), None, "{search}");
    let first = &search["data"]["search"]["edges"][0]["node"];
    assert_eq!(first["id"], "company/gravibit", "{search}");
    assert_eq!(first["name"], "GraviBit");
    assert_eq!(
        first["reviews"],
        json!([{"id": "r1", "stars": 5}, {"id": "r2", "stars": 3}])
    );
    // From the demo subgraph: innograph's `_entities` resolves each
    // company reference.
    let reviews = result("reviews");
    assert_eq!(reviews.get("errors"), None, "{reviews}");
    assert_eq!(
        reviews["data"]["latestReviews"],
        json!([
            {"id": "r1", "stars": 5, "company": {"id": "company/gravibit", "name": "GraviBit", "kind": "COMPANY"}},
            {"id": "r2", "stars": 3, "company": {"id": "company/gravibit", "name": "GraviBit", "kind": "COMPANY"}},
            {"id": "r3", "stars": 4, "company": {"id": "company/creater", "name": "Creater", "kind": "COMPANY"}}
        ])
    );
    // A reference innograph does not have: null, and innograph's
    // NOT_FOUND reaches the client at the client's path.
    let orphan = result("orphan");
    assert_eq!(
        orphan["data"],
        json!({"orphanReview": {"id": "r4", "company": null}})
    );
    let error = &orphan["errors"][0];
    assert_eq!(error["extensions"]["code"], "NOT_FOUND", "{orphan}");
    assert_eq!(error["extensions"]["serviceName"], "innograph");
    assert_eq!(error["path"], json!(["orphanReview", "company"]));
}
