//! Search over HTTP on a generated graph big enough that common words
//! match more than the count's cap: `totalCount` becomes a lower bound,
//! `totalCountIsExact` says so, and paging stays consistent past the cap;
//! and each edge's `match` explains an entity created through curation.

use crate::common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::TestServer;
use innograph::config::Settings;
use serde_json::{json, Value};

/// The answer's `data`, asserting a 200 without errors.
async fn q(s: &TestServer, query: &str) -> Value {
    s.data(query, json!({})).await
}

fn ids(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["id"].as_str().expect("id").to_owned())
        .collect()
}

fn search(query: &str, args: &str) -> String {
    format!(
        r#"{{ search(query: "{query}"{args}) {{ totalCount totalCountIsExact
            pageInfo {{ hasNextPage endCursor }} edges {{ score node {{ id }} }} }} }}"#
    )
}

#[tokio::test]
async fn counts_past_the_cap_are_lower_bounds_and_paging_stays_consistent() {
    let s = TestServer::with(common::generated(20_000, 3), Settings::default());

    let first = q(&s, &search("technology", ", first: 20")).await;
    let page = &first["search"];
    assert_eq!(page["totalCountIsExact"], false, "{page}");
    assert_eq!(page["totalCount"], 1000, "{page}");
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let scores: Vec<f64> = page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // Two pages of ten are the page of twenty.
    let a = q(&s, &search("technology", ", first: 10")).await;
    let cursor = a["search"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("cursor")
        .to_owned();
    let b = q(
        &s,
        &search("technology", &format!(r#", first: 10, after: "{cursor}""#)),
    )
    .await;
    let mut both = ids(&a["search"]);
    both.extend(ids(&b["search"]));
    assert_eq!(both, ids(page));

    // Past the cap: the page is there, and the count covers it.
    let at = URL_SAFE_NO_PAD.encode("at:1004");
    let far = q(
        &s,
        &search("technology", &format!(r#", first: 5, after: "{at}""#)),
    )
    .await;
    let far = &far["search"];
    assert_eq!(ids(far).len(), 5, "{far}");
    assert!(far["totalCount"].as_u64().expect("count") >= 1010, "{far}");
    assert_eq!(far["pageInfo"]["hasNextPage"], true);

    // A rare word is counted exactly, and its last page says so.
    let rare = q(&s, &search("Zhujiajiao", ", first: 100")).await;
    let rare = &rare["search"];
    let total = rare["totalCount"].as_u64().expect("count");
    assert_eq!(rare["totalCountIsExact"], total < 1000, "{rare}");
    if total <= 100 {
        assert_eq!(ids(rare).len() as u64, total);
        assert_eq!(rare["pageInfo"]["hasNextPage"], false);
    }
}

/// The segments of a name as `[matched]` and plain text.
fn marked(segments: &Value) -> String {
    segments
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            let text = s["text"].as_str().expect("text");
            if s["matched"] == true {
                format!("[{text}]")
            } else {
                text.to_owned()
            }
        })
        .collect()
}

const EXPLAINED: &str = r#"query($q: String!) { search(query: $q, first: 3) { edges {
    node { id name nameZh }
    match { fields exact name { text matched } nameZh { text matched }
            terms { term matched field typos prefix } } } } }"#;

/// An entity created through curation (scored from the small index of
/// changed entities) is explained like any other: accents, a prefix, a
/// typo, Chinese characters, an alias, and the segments read back as the
/// names.
#[tokio::test]
async fn matches_of_a_created_entity_are_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let c = common::Curated::start(dir.path(), Settings::default());
    let body = c
        .mutate(
            r#"mutation { createEntity(input: {id: "company/jingxin-robotics", kind: COMPANY,
                name: "Jìngxīn Robotics", nameZh: "静心机器人", aliases: ["JXR"]},
                reason: "a test company", sources: ["yangpu-innovation-growth-2023"]) { revision } }"#,
            Value::Null,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let first = |data: &Value| data["search"]["edges"][0].clone();

    let edge = first(
        &c.server
            .data(EXPLAINED, json!({ "q": "jingxin robo" }))
            .await,
    );
    assert_eq!(edge["node"]["id"], "company/jingxin-robotics", "{edge}");
    let m = &edge["match"];
    assert_eq!(marked(&m["name"]), "[Jìngxīn] [Robo]tics", "{m}");
    assert_eq!(marked(&m["nameZh"]), "静心机器人", "{m}");
    assert_eq!(m["fields"], json!(["NAME"]), "{m}");
    assert_eq!(m["exact"], false);
    assert_eq!(
        m["terms"],
        json!([
            { "term": "jingxin", "matched": "Jìngxīn", "field": "NAME", "typos": 0, "prefix": false },
            { "term": "robo", "matched": "Robotics", "field": "NAME", "typos": 0, "prefix": true }
        ])
    );

    let edge = first(&c.server.data(EXPLAINED, json!({ "q": "Jingxni" })).await);
    assert_eq!(edge["node"]["id"], "company/jingxin-robotics", "{edge}");
    assert_eq!(edge["match"]["terms"][0]["typos"], 1, "{edge}");
    assert_eq!(marked(&edge["match"]["name"]), "[Jìngxīn] Robotics");

    let edge = first(&c.server.data(EXPLAINED, json!({ "q": "机器" })).await);
    assert_eq!(edge["node"]["id"], "company/jingxin-robotics", "{edge}");
    assert_eq!(marked(&edge["match"]["nameZh"]), "静心[机器]人", "{edge}");
    assert_eq!(edge["match"]["fields"], json!(["NAME_ZH"]));

    let edge = first(&c.server.data(EXPLAINED, json!({ "q": "jxr" })).await);
    assert_eq!(edge["node"]["id"], "company/jingxin-robotics", "{edge}");
    assert_eq!(edge["match"]["fields"], json!(["ALIAS"]), "{edge}");
    assert_eq!(edge["match"]["exact"], true);
    assert_eq!(marked(&edge["match"]["name"]), "Jìngxīn Robotics");
}
