//! Traversals on the curated data, through the real server: paths between
//! entities from different articles (each hop checked by hand against the
//! articles), neighbourhoods, rankings and the error codes of every bound,
//! the visit bound of path searches included (on a graph built to reach it).

use crate::common;

use std::collections::HashSet;

use common::TestServer;
use serde_json::{json, Value};

const PATH: &str = r#"query($from: ID!, $to: ID!, $maxHops: Int! = 6) {
  path(from: $from, to: $to, maxHops: $maxHops) {
    path {
      length
      nodes { id }
      hops { from { id } to { id } forward relation { type from { id } to { id } sources { id } } }
      sources { id }
    }
    reason
    message
  }
}"#;

/// (from, to, forward, type, sources) for each hop.
type Step = (
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static [&'static str],
);

fn hops(answer: &Value) -> Vec<(String, String, bool, String, Vec<String>)> {
    answer["path"]["path"]["hops"]
        .as_array()
        .expect("hops")
        .iter()
        .map(|h| {
            let s = |v: &Value| v.as_str().expect("string").to_owned();
            (
                s(&h["from"]["id"]),
                s(&h["to"]["id"]),
                h["forward"].as_bool().expect("bool"),
                s(&h["relation"]["type"]),
                h["relation"]["sources"]
                    .as_array()
                    .expect("sources")
                    .iter()
                    .map(|x| s(&x["id"]))
                    .collect(),
            )
        })
        .collect()
}

fn expect_path(answer: &Value, steps: &[Step]) {
    let got = hops(answer);
    let want: Vec<(String, String, bool, String, Vec<String>)> = steps
        .iter()
        .map(|(a, b, f, t, s)| {
            (
                a.to_string(),
                b.to_string(),
                *f,
                t.to_string(),
                s.iter().map(|x| x.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(got, want, "in {answer}");
    // A forward hop walks the relation from its start; a backward one from its end.
    for h in answer["path"]["path"]["hops"].as_array().expect("hops") {
        let (from, to) = if h["forward"] == json!(true) {
            (&h["from"], &h["to"])
        } else {
            (&h["to"], &h["from"])
        };
        assert_eq!(h["relation"]["from"]["id"], from["id"]);
        assert_eq!(h["relation"]["to"]["id"], to["id"]);
    }
}

#[actix_web::test]
async fn a_yangpu_university_reaches_a_changning_park_through_cited_relations() {
    let server = TestServer::builtin();
    let answer = server
        .data(
            PATH,
            json!({"from": "institution/tongji-university", "to": "park/hongqiao-smart-valley"}),
        )
        .await;
    // Checked by hand: the 2023 Yangpu article has Tongji among the key
    // national universities near Yangpu (no article places it inside the
    // district); both Yangpu articles make Yangpu a district of Shanghai; the
    // 2021 article places Hongqiao Smart Valley in Shanghai (Changning).
    expect_path(
        &answer,
        &[
            (
                "institution/tongji-university",
                "region/yangpu",
                true,
                "NEAR",
                &["yangpu-innovation-growth-2023"],
            ),
            (
                "region/yangpu",
                "region/shanghai",
                true,
                "PART_OF",
                &[
                    "yangpu-mass-innovation-2017",
                    "yangpu-innovation-growth-2023",
                ],
            ),
            (
                "region/shanghai",
                "park/hongqiao-smart-valley",
                false,
                "LOCATED_IN",
                &["hongqiao-smart-valley-2021"],
            ),
        ],
    );
    assert_eq!(answer["path"]["path"]["length"], 3);
    assert_eq!(
        answer["path"]["path"]["sources"].as_array().map(Vec::len),
        Some(3)
    );
}

#[actix_web::test]
async fn an_israeli_company_in_putuo_reaches_an_ai_company_from_another_article() {
    let server = TestServer::builtin();
    let answer = server
        .data(
            PATH,
            json!({"from": "company/mantis-vision", "to": "company/sensetime"}),
        )
        .await;
    // Checked by hand: the Putuo article presents Mantis Vision as an Israeli
    // company and Shanghai as Israel's partner; the 2018 article has
    // SenseTime investing in Shanghai (the path walks that relation backwards).
    expect_path(
        &answer,
        &[
            (
                "company/mantis-vision",
                "region/israel",
                true,
                "ORIGINATES_FROM",
                &["putuo-hero-returns-2022"],
            ),
            (
                "region/israel",
                "region/shanghai",
                false,
                "PARTNERS_WITH",
                &["putuo-hero-returns-2022"],
            ),
            (
                "region/shanghai",
                "company/sensetime",
                false,
                "INVESTS_IN",
                &["innovation-spaces-2018"],
            ),
        ],
    );
}

#[actix_web::test]
async fn no_path_comes_with_a_reason() {
    let server = TestServer::builtin();
    let answer = server
        .data(
            PATH,
            json!({"from": "company/mantis-vision", "to": "company/sensetime", "maxHops": 2}),
        )
        .await;
    assert_eq!(answer["path"]["path"], Value::Null);
    assert_eq!(answer["path"]["reason"], "BEYOND_MAX_HOPS");
    assert!(answer["path"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("2 hops")));

    let q = r#"{ path(from: "company/mantis-vision", to: "company/sensetime", relationTypes: [SPOKE_AT]) { path { length } reason } }"#;
    let answer = server.data(q, json!({})).await;
    assert_eq!(answer["path"]["reason"], "NOT_CONNECTED");
}

#[actix_web::test]
async fn several_paths_are_distinct_simple_and_ordered() {
    let server = TestServer::builtin();
    let q = r#"{ paths(from: "institution/tongji-university", to: "park/hongqiao-smart-valley", first: 6) {
        paths { length evidence nodes { id } hops { relation { type from { id } to { id } } } } } }"#;
    let data = server.data(q, json!({})).await;
    let paths = data["paths"]["paths"].as_array().expect("paths");
    assert_eq!(paths.len(), 6);
    let mut seen = HashSet::new();
    let mut last = (0, u64::MAX);
    for p in paths {
        let nodes: Vec<&str> = p["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter_map(|n| n["id"].as_str())
            .collect();
        assert_eq!(nodes.first(), Some(&"institution/tongji-university"));
        assert_eq!(nodes.last(), Some(&"park/hongqiao-smart-valley"));
        assert_eq!(
            nodes.iter().collect::<HashSet<_>>().len(),
            nodes.len(),
            "simple"
        );
        assert!(seen.insert(p["hops"].to_string()), "distinct relations");
        let key = (
            p["length"].as_u64().expect("length"),
            p["evidence"].as_u64().expect("evidence"),
        );
        assert!(
            key.0 > last.0 || (key.0 == last.0 && key.1 <= last.1),
            "ordered"
        );
        last = key;
    }
    assert_eq!(paths[0]["length"], 3);
}

#[actix_web::test]
async fn a_neighborhood_is_flat_deduplicated_and_honest_about_truncation() {
    let server = TestServer::builtin();
    let q = r#"query($limit: Int!) { neighborhood(id: "region/yangpu", depth: 2, limit: $limit) {
        center { id } nodes { depth entity { id } } edges { from { id } to { id } } truncated } }"#;
    let full = server.data(q, json!({"limit": 1000})).await;
    let n = &full["neighborhood"];
    assert_eq!(n["truncated"], false);
    let ids: Vec<&str> = n["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|x| x["entity"]["id"].as_str())
        .collect();
    assert_eq!(ids[0], "region/yangpu");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    assert!(
        ids.len() > 40,
        "Yangpu's two-hop neighbourhood is large: {}",
        ids.len()
    );
    for e in n["edges"].as_array().expect("edges") {
        assert!(ids.contains(&e["from"]["id"].as_str().expect("id")));
        assert!(ids.contains(&e["to"]["id"].as_str().expect("id")));
    }
    let cut = server.data(q, json!({"limit": 5})).await;
    assert_eq!(cut["neighborhood"]["truncated"], true);
    assert_eq!(
        cut["neighborhood"]["nodes"].as_array().map(Vec::len),
        Some(5)
    );
}

#[actix_web::test]
async fn rankings_and_relation_counts_agree() {
    let server = TestServer::builtin();
    let q = r#"{ rankings(kind: PARK, by: DEGREE, first: 3) { rank score entity { id
        ... on Park { centrality { degree } relationCounts { count } } } } }"#;
    let data = server.data(q, json!({})).await;
    for r in data["rankings"].as_array().expect("rankings") {
        let degree = r["entity"]["centrality"]["degree"]
            .as_f64()
            .expect("degree");
        assert_eq!(r["score"].as_f64(), Some(degree));
        let counted: u64 = r["entity"]["relationCounts"]
            .as_array()
            .expect("counts")
            .iter()
            .filter_map(|c| c["count"].as_u64())
            .sum();
        assert_eq!(counted as f64, degree);
    }
}

#[actix_web::test]
async fn every_bound_is_checked_with_a_code() {
    let server = TestServer::builtin();
    let cases = [
        (
            r#"{ path(from: "region/yangpu", to: "region/putuo", maxHops: 11) { reason } }"#,
            "BAD_USER_INPUT",
        ),
        (
            r#"{ path(from: "region/yangpu", to: "region/putuo", maxHops: 0) { reason } }"#,
            "BAD_USER_INPUT",
        ),
        (
            r#"{ path(from: "region/yangpu", to: "region/nowhere") { reason } }"#,
            "NOT_FOUND",
        ),
        (
            r#"{ path(from: "region/yangpu", to: "region/putuo", avoid: ["region/putuo"]) { reason } }"#,
            "BAD_USER_INPUT",
        ),
        (
            r#"{ paths(from: "region/yangpu", to: "region/putuo", first: 11) { visited } }"#,
            "BAD_USER_INPUT",
        ),
        (
            r#"{ neighborhood(id: "region/yangpu", depth: 4) { truncated } }"#,
            "BAD_USER_INPUT",
        ),
        (
            r#"{ neighborhood(id: "region/yangpu", limit: 1001) { truncated } }"#,
            "BAD_USER_INPUT",
        ),
        (r#"{ rankings(first: 0) { rank } }"#, "BAD_USER_INPUT"),
        (
            r#"{ entity(id: "region/yangpu") { related(first: 101) { partial } } }"#,
            "BAD_USER_INPUT",
        ),
    ];
    for (q, code) in cases {
        // Every bound is the field's own error: 200, the field null (its
        // null reaching `data` where the field is non-null, or `entity`
        // for `related`), one error with the field's path.
        let (status, body) = server.query_any(q, json!({})).await;
        assert_eq!(status, 200, "{q}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], code, "{q}: {body}");
        assert_eq!(
            body["errors"].as_array().map(Vec::len),
            Some(1),
            "{q}: {body}"
        );
        let root = q.split(['(', ' ']).nth(1).expect("a root field");
        assert_eq!(body["errors"][0]["path"][0], root, "{q}: {body}");
        if root == "entity" {
            assert_eq!(body["data"], json!({ "entity": null }), "{q}: {body}");
        } else {
            assert_eq!(body["data"], Value::Null, "{q}: {body}");
        }
    }
}

/// Writes a bulk data folder holding one graph built to make path searches
/// costly: `start`, nine layers of `width` companies, `end`; `start` is
/// joined to the whole first layer, the whole last layer to `end`, and each
/// company to `fan` companies of the next layer. Every shortest path has 10
/// hops, and a search reaches nearly every company before its two sides
/// meet.
fn layered_graph(dir: &std::path::Path, width: usize, fan: usize) -> usize {
    use std::fmt::Write as _;
    let mut entities = String::new();
    let mut relations = String::new();
    let mut entity = |id: &str| {
        writeln!(
            entities,
            r#"{{"id":"company/{id}","kind":"company","name":"{id}","sources":["layers"]}}"#
        )
        .expect("written")
    };
    entity("start");
    entity("end");
    for layer in 1..=9 {
        for j in 0..width {
            entity(&format!("l{layer}-{j}"));
        }
    }
    let mut relation = |a: &str, b: &str| {
        writeln!(
            relations,
            r#"{{"from":"company/{a}","type":"partners_with","to":"company/{b}","sources":["layers"]}}"#
        )
        .expect("written")
    };
    for j in 0..width {
        relation("start", &format!("l1-{j}"));
        relation(&format!("l9-{j}"), "end");
    }
    for layer in 1..9 {
        for j in 0..width {
            for k in 0..fan {
                relation(
                    &format!("l{layer}-{j}"),
                    &format!("l{}-{}", layer + 1, (j + k) % width),
                );
            }
        }
    }
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("written");
    write(
        "sources.jsonl",
        "{\"id\":\"layers\",\"title\":\"Layers\"}\n",
    );
    write("entities.jsonl", &entities);
    write("relations.jsonl", &relations);
    9 * width + 2
}

#[actix_web::test]
async fn a_search_that_reaches_too_many_entities_is_a_traversal_limit() {
    use innograph::algo::path::{k_shortest, shortest, Outcome, PathQuery};
    use innograph::algo::traversal::TraversalError;
    use innograph::graphql::limits::{PATHS_VISIT_LIMIT, PATH_VISIT_LIMIT};

    let dir = tempfile::tempdir().expect("temp dir");
    let entities = layered_graph(dir.path(), 4000, 2);
    let store = innograph::load::from_dir(dir.path()).expect("loads");
    assert_eq!(store.entity_count(), entities);
    let (start, end) = (
        store.lookup("company/start").expect("start"),
        store.lookup("company/end").expect("end"),
    );

    // The algorithm: one search reaches every entity but one (the meeting
    // point is reached from both sides) and stops at its bound, which is
    // the most entities it may reach.
    let unbounded = PathQuery {
        max_hops: 10,
        max_visited: usize::MAX,
        ..PathQuery::default()
    };
    let answer = shortest(&store, start, end, &unbounded).expect("unbounded");
    let Outcome::Found(hops) = &answer.outcome else {
        panic!("no path: {:?}", answer.outcome)
    };
    assert_eq!(hops.len(), 10);
    assert_eq!(answer.visited, entities + 1);
    let bounded = |max_visited| PathQuery {
        max_visited,
        ..unbounded.clone()
    };
    assert!(shortest(&store, start, end, &bounded(answer.visited)).is_ok());
    assert_eq!(
        shortest(&store, start, end, &bounded(answer.visited - 1)),
        Err(TraversalError::VisitLimit {
            limit: answer.visited - 1
        })
    );
    // Ten paths cost more than `paths` allows, though each search alone
    // is far below what `path` allows (a single search cannot pass
    // PATH_VISIT_LIMIT on fewer entities than that).
    assert!(answer.visited < PATH_VISIT_LIMIT);
    let ten = k_shortest(&store, start, end, &unbounded, 10)
        .expect("unbounded")
        .visited;
    assert!(ten > PATHS_VISIT_LIMIT, "ten paths visit {ten}");
    let three = k_shortest(&store, start, end, &unbounded, 3).expect("unbounded");
    let visited = three.visited;
    assert!(visited < PATHS_VISIT_LIMIT, "three paths visit {visited}");
    assert_eq!(three.paths.len(), 3);

    // Over HTTP: `path` answers, with what it cost; ten `paths` are the
    // field's TRAVERSAL_LIMIT error, and fewer are answered.
    let server = TestServer::with(store, Default::default());
    let d = server
        .data(
            r#"{ path(from: "company/start", to: "company/end", maxHops: 10) { path { length } visited } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        d["path"],
        json!({ "path": { "length": 10 }, "visited": entities + 1 })
    );
    let query = |first: u32| {
        format!(
            r#"{{ paths(from: "company/start", to: "company/end", maxHops: 10, first: {first}) {{ paths {{ length }} visited }} }}"#
        )
    };
    let (status, body) = server.query_any(&query(10), json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"], Value::Null, "`paths` is non-null: {body}");
    assert_eq!(
        body["errors"],
        json!([{
            "message": format!("the traversal visited more than {PATHS_VISIT_LIMIT} entities without finishing; narrow it with relationTypes, direction or a smaller bound"),
            "locations": [{ "line": 1, "column": 3 }],
            "path": ["paths"],
            "extensions": { "code": "TRAVERSAL_LIMIT" },
        }]),
        "{body}"
    );
    let d = server.data(&query(3), json!({})).await;
    assert_eq!(
        d["paths"]["paths"],
        json!([{ "length": 10 }, { "length": 10 }, { "length": 10 }])
    );
    // What the searches reached, all of them counted under one budget:
    // exactly what `k_shortest` reports for three paths.
    assert_eq!(
        d["paths"]["visited"].as_u64().map(|v| v as usize),
        Some(visited)
    );
}
