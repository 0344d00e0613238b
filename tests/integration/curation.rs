//! Curation against the real server over a real journal file: who may
//! write, every mutation, the rules a change must pass (all or none), dry
//! runs, conflicts, idempotency, retraction and revert, history, and the
//! same answers after a restart.

use crate::common;

use common::{create_key, Curated};
use innograph::config::Settings;
use serde_json::{json, Value};

const SOURCE: &str = "yangpu-innovation-growth-2023";

const CREATE: &str = r#"mutation($id: ID!, $name: String!, $src: [ID!]!, $key: String, $dry: Boolean, $expected: Int) {
  createEntity(input: {id: $id, kind: COMPANY, name: $name, description: "A robotics start-up."},
               reason: "new tenant", sources: $src, idempotencyKey: $key, dryRun: $dry, expectedRevision: $expected) {
    revision status dryRun
    entity { id name sources { id } }
    change { revision key reason sources { id } operations { op target before after } }
  }
}"#;

fn create_vars(id: &str) -> Value {
    json!({ "id": id, "name": "New Robotics", "src": [SOURCE] })
}

fn error_of(body: &Value) -> &Value {
    &body["errors"][0]
}

fn code(body: &Value) -> &str {
    error_of(body)["extensions"]["code"].as_str().unwrap_or("")
}

/// The entity is not there (a NOT_FOUND field error) at `revision`.
async fn assert_absent(c: &Curated, id: &str, revision: u64) {
    let body = c
        .server
        .query(
            "query($id: ID!) { revision entity(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        body["data"],
        json!({ "revision": revision, "entity": null }),
        "{body}"
    );
    assert_eq!(code(&body), "NOT_FOUND", "{body}");
}

#[tokio::test]
async fn a_mutation_needs_a_key_with_the_curate_scope() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    // No key: 401 with a Bearer challenge.
    let (status, headers, body) = c.post(None, CREATE, create_vars("company/a")).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(code(&body), "UNAUTHENTICATED");
    assert_eq!(
        headers
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer realm=\"innograph\"")
    );
    // A key with only `read`: 403.
    let reader = create_key(&c.journal, "reader", "read");
    let (status, _, body) = c
        .post(Some(&reader), CREATE, create_vars("company/a"))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(code(&body), "FORBIDDEN");
    // A key that is not ours, or not shaped like one: 401, also for reads.
    let (status, _, body) = c
        .post(
            Some("ig_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            "{ revision }",
            Value::Null,
        )
        .await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"), "{body}");
    let (status, _, _) = c.post(Some("nonsense"), "{ revision }", Value::Null).await;
    assert_eq!(status, 401);
    // Nothing was written by the refused requests.
    assert_eq!(c.read("{ revision }").await["revision"], 0);
    // The curator's key writes; a revoked key is refused at once.
    let body = c.mutate(CREATE, create_vars("company/a")).await;
    assert_eq!(body["data"]["createEntity"]["revision"], 1, "{body}");
    {
        use innograph::journal::Journal as _;
        let j = innograph::journal::sqlite::SqliteJournal::open(&c.journal).unwrap();
        j.keys().revoke("ada").unwrap();
    }
    let (status, _, body) = c.post(Some(&c.key), CREATE, create_vars("company/b")).await;
    assert_eq!(status, 401, "{body}");
    assert!(
        error_of(&body)["message"]
            .as_str()
            .unwrap()
            .contains("revoked"),
        "{body}"
    );
}

#[tokio::test]
async fn a_created_company_in_a_park_is_visible_at_once_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    let body = c.mutate(CREATE, create_vars("company/new-robotics")).await;
    let made = &body["data"]["createEntity"];
    assert_eq!(made["revision"], 1, "{body}");
    assert_eq!(made["status"], "APPLIED");
    assert_eq!(made["entity"]["name"], "New Robotics");
    assert_eq!(made["entity"]["sources"][0]["id"], SOURCE);
    assert_eq!(made["change"]["key"], "ada");
    assert_eq!(made["change"]["operations"][0]["op"], "CREATE_ENTITY");
    assert_eq!(made["change"]["operations"][0]["before"], Value::Null);
    assert_eq!(body["extensions"]["revision"], 1);

    let body = c
        .mutate(
            r#"mutation { addRelation(input: {from: "company/new-robotics", type: LOCATED_IN, to: "park/changyang-campus"},
                 reason: "it moved in", sources: ["yangpu-innovation-growth-2023"]) {
                 revision relation { type from { id } to { id } sources { id } } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(body["data"]["addRelation"]["revision"], 2, "{body}");
    assert_eq!(
        body["data"]["addRelation"]["relation"]["to"]["id"],
        "park/changyang-campus"
    );
    let body = c
        .mutate(
            r#"mutation { addFact(input: {entity: "company/new-robotics", metric: "employees", value: 40, unit: "people", asOf: "2023"},
                 reason: "stated", sources: ["yangpu-innovation-growth-2023"]) { revision fact { id metric value } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(body["data"]["addFact"]["revision"], 3, "{body}");
    assert_eq!(body["data"]["addFact"]["fact"]["value"], 40.0);

    // Every read path sees it: lookup, search, the park's relations and
    // counts, the history, the revision.
    let d = c
        .read(
            r#"{ revision
                 entity(id: "company/new-robotics") { name facts { metric value } history { totalCount edges { node { revision reason } } } }
                 search(query: "new robotics", first: 3) { edges { node { id } } }
                 park: entity(id: "park/changyang-campus") {
                   relations(types: [LOCATED_IN], direction: INCOMING, first: 100) { edges { node { from { id } } } }
                 }
                 changes(since: 1) { totalCount edges { node { revision } } } }"#,
        )
        .await;
    assert_eq!(d["revision"], 3);
    assert_eq!(d["entity"]["facts"][0]["metric"], "employees");
    assert_eq!(d["entity"]["history"]["totalCount"], 3);
    assert_eq!(
        d["entity"]["history"]["edges"][0]["node"]["revision"], 3,
        "newest first"
    );
    assert_eq!(
        d["search"]["edges"][0]["node"]["id"],
        "company/new-robotics"
    );
    let tenants: Vec<&str> = d["park"]["relations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["node"]["from"]["id"].as_str())
        .collect();
    assert!(tenants.contains(&"company/new-robotics"), "{tenants:?}");
    assert_eq!(d["changes"]["totalCount"], 2);
}

#[tokio::test]
async fn a_bad_change_names_its_input_field_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    // The id's prefix and the kind disagree.
    let body = c
        .mutate(
            r#"mutation { createEntity(input: {id: "park/x", kind: COMPANY, name: "X"}, reason: "r", sources: ["yangpu-innovation-growth-2023"]) { revision } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        error_of(&body)["extensions"]["field"],
        "input.kind",
        "{body}"
    );
    assert_eq!(body["data"], Value::Null);
    // A source that does not exist.
    let body = c
        .mutate(
            CREATE,
            json!({ "id": "company/x", "name": "X", "src": ["no-such-article"] }),
        )
        .await;
    assert_eq!(code(&body), "NOT_FOUND", "{body}");
    assert_eq!(
        error_of(&body)["extensions"]["field"],
        "sources[0]",
        "{body}"
    );
    // A relation type that may not join these kinds.
    let body = c
        .mutate(
            r#"mutation { addRelation(input: {from: "region/yangpu", type: ISSUED, to: "park/changyang-campus"}, reason: "r", sources: ["yangpu-innovation-growth-2023"]) { revision } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        error_of(&body)["extensions"]["field"],
        "input.type",
        "{body}"
    );
    // A batch with one bad edit applies none of them.
    let body = c
        .mutate(
            r#"mutation { applyChanges(changes: [
                  {createEntity: {id: "company/first", kind: COMPANY, name: "First"}},
                  {addRelation: {from: "company/first", type: LOCATED_IN, to: "park/no-such-park"}}
               ], reason: "r", sources: ["yangpu-innovation-growth-2023"]) { revision } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(code(&body), "NOT_FOUND", "{body}");
    assert_eq!(
        error_of(&body)["extensions"]["field"],
        "changes[1].addRelation.to",
        "{body}"
    );
    // A part_of cycle.
    let body = c
        .mutate(
            r#"mutation { addRelation(input: {from: "region/shanghai", type: PART_OF, to: "region/yangpu"}, reason: "r", sources: ["yangpu-innovation-growth-2023"]) { revision } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert_absent(&c, "company/first", 0).await;
}

#[tokio::test]
async fn a_dry_run_answers_what_would_happen_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    let mut vars = create_vars("company/maybe");
    vars["dry"] = json!(true);
    let body = c.mutate(CREATE, vars).await;
    let p = &body["data"]["createEntity"];
    assert_eq!(p["status"], "CHECKED", "{body}");
    assert_eq!(p["dryRun"], true);
    assert_eq!(p["revision"], 1, "the revision it would make");
    assert_eq!(p["entity"]["id"], "company/maybe", "the would-be entity");
    assert_eq!(
        p["change"]["operations"][0]["after"]["name"],
        "New Robotics"
    );
    assert_absent(&c, "company/maybe", 0).await;
    // The same errors as the real thing.
    let body = c
        .mutate(
            CREATE,
            json!({ "id": "company/x", "name": "X", "src": [], "dry": true }),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
}

#[tokio::test]
async fn a_stale_expected_revision_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    let update = r#"mutation($d: String!, $expected: Int) {
        updateEntity(input: {id: "region/yangpu", description: $d}, reason: "r", sources: ["yangpu-innovation-growth-2023"], expectedRevision: $expected) { revision } }"#;
    let body = c
        .mutate(update, json!({ "d": "first", "expected": 0 }))
        .await;
    assert_eq!(body["data"]["updateEntity"]["revision"], 1, "{body}");
    // Someone who read at revision 0 tries again: refused, told where we are.
    let body = c
        .mutate(update, json!({ "d": "second", "expected": 0 }))
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body}");
    assert_eq!(error_of(&body)["extensions"]["currentRevision"], 1);
    // A change to something else at revision 0 is no conflict.
    let mut vars = create_vars("company/elsewhere");
    vars["expected"] = json!(0);
    let body = c.mutate(CREATE, vars).await;
    assert_eq!(body["data"]["createEntity"]["revision"], 2, "{body}");
    let d = c
        .read(r#"{ entity(id: "region/yangpu") { description } }"#)
        .await;
    assert_eq!(d["entity"]["description"], "first");
}

#[tokio::test]
async fn the_same_idempotency_key_applies_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    let mut vars = create_vars("company/once");
    vars["key"] = json!("req-1");
    let first = c.mutate(CREATE, vars.clone()).await;
    let again = c.mutate(CREATE, vars.clone()).await;
    assert_eq!(
        first["data"]["createEntity"]["status"], "APPLIED",
        "{first}"
    );
    assert_eq!(
        again["data"]["createEntity"]["status"], "REPLAYED",
        "{again}"
    );
    assert_eq!(
        first["data"]["createEntity"]["revision"],
        again["data"]["createEntity"]["revision"]
    );
    assert_eq!(c.read("{ revision }").await["revision"], 1);
    // The key reused for a different request is refused.
    let mut other = create_vars("company/other");
    other["key"] = json!("req-1");
    let body = c.mutate(CREATE, other).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(error_of(&body)["extensions"]["field"], "idempotencyKey");
}

#[tokio::test]
async fn retraction_hides_and_revert_restores_and_restart_keeps_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    c.mutate(CREATE, create_vars("company/short-lived")).await;
    let body = c
        .mutate(
            r#"mutation { retractEntity(input: {id: "company/short-lived"}, reason: "a duplicate") { revision change { operations { op before } } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(body["data"]["retractEntity"]["revision"], 2, "{body}");
    assert_absent(&c, "company/short-lived", 2).await;
    let d = c
        .read(r#"{ search(query: "New Robotics", first: 100) { edges { node { id } } } }"#)
        .await;
    assert!(!d.to_string().contains("company/short-lived"), "{d}");
    // The history keeps it, with the reason.
    let d = c
        .read("{ changes { edges { node { revision reason operations { op target } } } } }")
        .await;
    assert_eq!(d["changes"]["edges"][1]["node"]["reason"], "a duplicate");
    assert_eq!(
        d["changes"]["edges"][1]["node"]["operations"][0]["op"],
        "RETRACT_ENTITY"
    );
    // Revert the retraction: back again.
    let body = c
        .mutate(
            r#"mutation { revert(revision: 2, reason: "not a duplicate after all") { revision change { revertOf } entity { id } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(body["data"]["revert"]["revision"], 3, "{body}");
    assert_eq!(body["data"]["revert"]["change"]["revertOf"], 2);
    let before = c
        .read(r#"{ revision entity(id: "company/short-lived") { id name history { totalCount } } stats { entities relations } }"#)
        .await;
    assert_eq!(before["entity"]["name"], "New Robotics");
    // After a restart, the same answers.
    let c = c.restart(Settings::default());
    let after = c
        .read(r#"{ revision entity(id: "company/short-lived") { id name history { totalCount } } stats { entities relations } }"#)
        .await;
    assert_eq!(before, after);
    assert_eq!(after["revision"], 3);
}

#[tokio::test]
async fn mutations_are_refused_over_get_and_subscriptions_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    let res = reqwest::Client::new()
        .get(c.server.url("/graphql"))
        .query(&[(
            "query",
            "mutation { revert(revision: 1, reason: \"r\") { revision } }",
        )])
        .header("accept", "application/graphql-response+json")
        .header("authorization", format!("Bearer {}", c.key))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    let (status, _, body) = c
        .post(None, "subscription { changes { revision } }", Value::Null)
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "WEBSOCKET_REQUIRED");
}

#[tokio::test]
async fn a_read_only_server_refuses_mutations_and_a_private_one_reads() {
    let server = common::TestServer::builtin();
    let res = reqwest::Client::new()
        .post(server.url("/graphql"))
        .header("content-type", "application/json")
        .json(&json!({ "query": "mutation { revert(revision: 1, reason: \"r\") { revision } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(code(&body), "READ_ONLY");

    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        private: true,
        ..Settings::default()
    };
    let c = Curated::start(dir.path(), settings);
    let (status, _, body) = c.post(None, "{ revision }", Value::Null).await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"), "{body}");
    let reader = create_key(&c.journal, "reader", "read");
    let (status, _, body) = c.post(Some(&reader), "{ revision }", Value::Null).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["revision"], 0);
}

#[tokio::test]
async fn each_key_is_held_to_its_rate() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        key_rate: 1,
        key_burst: 2,
        ..Settings::default()
    };
    let c = Curated::start(dir.path(), settings);
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for i in 0..3 {
        let (status, headers, body) = c
            .post(Some(&c.key), CREATE, create_vars(&format!("company/r{i}")))
            .await;
        if status == 429 {
            assert_eq!(code(&body), "RATE_LIMITED", "{body}");
            retry_after = headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [200, 200, 429]);
    assert_eq!(retry_after, Some(1));
    // Another key has its own allowance.
    let other = create_key(&c.journal, "grace", "curate");
    let (status, _, body) = c.post(Some(&other), CREATE, create_vars("company/g")).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_journal_made_on_other_data_is_refused() {
    use innograph::journal::{sqlite::SqliteJournal, BaseInfo, Journal};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("innograph.journal");
    let journal = SqliteJournal::open(&path).unwrap();
    journal
        .set_base(&BaseInfo {
            hash: "sha256:0000".into(),
            description: "some other folder".into(),
        })
        .unwrap();
    let journal: std::sync::Arc<dyn Journal> = std::sync::Arc::new(journal);
    let info = BaseInfo {
        hash: innograph::load::hash::builtin(),
        description: "built-in data".into(),
    };
    let refused =
        innograph::curation::start::open(innograph::load::builtin().unwrap(), &info, journal);
    let message = match refused {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a journal of other data was served"),
    };
    assert!(
        message.contains("some other folder") && message.contains("built-in data"),
        "{message}"
    );
}

/// The latency histogram of GraphQL requests tells queries, mutations and
/// refused requests apart.
#[tokio::test]
async fn metrics_time_queries_and_mutations_apart() {
    let dir = tempfile::tempdir().unwrap();
    let c = Curated::start(dir.path(), Settings::default());
    let body = c.mutate(CREATE, create_vars("company/timed")).await;
    assert_eq!(body["data"]["createEntity"]["revision"], 1, "{body}");
    for _ in 0..2 {
        let body = c.server.query("{ revision }", Value::Null).await;
        assert_eq!(body["data"]["revision"], 1, "{body}");
    }
    let (status, _, _) = c.post(None, CREATE, create_vars("company/refused")).await;
    assert_eq!(status, 401);
    let metrics = reqwest::get(c.server.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let count = |op: &str| {
        let line =
            format!("innograph_graphql_operation_duration_seconds_count{{operation=\"{op}\"}} ");
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(line.as_str()))
            .and_then(|n| n.trim().parse::<u64>().ok())
    };
    assert_eq!(count("mutation"), Some(1), "{metrics}");
    assert_eq!(count("query"), Some(2), "{metrics}");
    assert_eq!(count("none"), Some(1), "{metrics}");
    assert_eq!(count("batch"), None, "{metrics}");
}
