//! What one page costs: the first page of a hub's relations and of
//! `entities(kinds: [COMPANY])` against the first page of a small entity's
//! relations, each a whole GraphQL request executed by the schema over the
//! same store. A page should cost what the page needs (plus a bounded
//! count), not what the list holds: the hub has tens of thousands of
//! relations at 1M entities and there are over half a million companies.
//!
//! ```text
//! cargo bench --bench pages                     # full run, 1M entities
//! INNOGRAPH_BENCH_ENTITIES=20000 cargo bench --bench pages -- --quick   # smoke
//! ```
//!
//! Before criterion's figures it prints the medians of the three requests
//! timed in turn (interleaved, so the machine's noise falls on all three
//! alike) and their ratios to the small entity's.

// criterion_main! generates an undocumented `main`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::graph;

use async_graphql::{Request, Variables};
use criterion::{criterion_group, criterion_main, Criterion};
use futures_util::FutureExt;
use innograph::curation::Snapshot;
use innograph::graphql::InnographSchema;
use innograph::store::{Direction, Store};
use petgraph::graph::NodeIndex;
use serde_json::json;

const RELATIONS: &str = "query($id: ID!) { entity(id: $id) { relations(first: 10) {
    totalCount edges { node { type direction other { id name kind } } } } } }";

const COMPANIES: &str = "{ entities(kinds: [COMPANY], first: 10) {
    totalCount edges { node { id name kind } } } }";

/// The entity with the most relations and one with the fewest (at least one).
fn hub_and_small(store: &Store) -> (String, String, usize, usize) {
    let degree = |ix: NodeIndex| store.count_relations(ix, Direction::Both, None);
    let (mut hub, mut small) = (NodeIndex::new(0), NodeIndex::new(0));
    for ix in store.nodes() {
        let d = degree(ix);
        if d > degree(hub) {
            hub = ix;
        }
        if d > 0 && (degree(small) == 0 || d < degree(small)) {
            small = ix;
        }
    }
    let id = |ix: NodeIndex| store.entity(ix).id.as_str().to_owned();
    (id(hub), id(small), degree(hub), degree(small))
}

/// Runs one request to completion; panics on errors, so a broken query
/// cannot pass for a fast one.
fn run(schema: &InnographSchema, snapshot: &Arc<Snapshot>, query: &str, id: &str) {
    let request = Request::new(query)
        .variables(Variables::from_json(json!({ "id": id })))
        .data(snapshot.clone());
    let response = schema
        .execute(request)
        .now_or_never()
        .expect("the schema does not wait");
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    black_box(response);
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn benches(c: &mut Criterion) {
    let store = Arc::new(graph());
    let (hub, small, hub_degree, small_degree) = hub_and_small(&store);
    let snapshot = Arc::new(Snapshot::of(store));
    let schema = innograph::graphql::build(Default::default());
    let cases = [
        (
            format!("{small} relations, first 10 ({small_degree} in all)"),
            RELATIONS,
            small.as_str(),
        ),
        (
            format!("{hub} relations, first 10 ({hub_degree} in all)"),
            RELATIONS,
            hub.as_str(),
        ),
        (
            "entities(kinds: [COMPANY]), first 10".to_owned(),
            COMPANIES,
            "",
        ),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    for round in 0..600 {
        for (case, (_, query, id)) in cases.iter().enumerate() {
            let t = Instant::now();
            run(&schema, &snapshot, query, id);
            // The first rounds warm caches up.
            if round >= 100 {
                times[case].push(t.elapsed());
            }
        }
    }
    let medians: Vec<Duration> = times.into_iter().map(median).collect();
    for ((name, _, _), m) in cases.iter().zip(&medians) {
        eprintln!(
            "page: {name}: median {m:.2?}, {:.2}x the small entity's",
            m.as_secs_f64() / medians[0].as_secs_f64()
        );
    }
    let mut group = c.benchmark_group("page");
    for (name, query, id) in &cases {
        let label = name.split(" (").next().unwrap_or(name);
        group.bench_function(label, |bench| {
            bench.iter(|| run(&schema, &snapshot, query, id))
        });
    }
    group.finish();
}

criterion_group! {
    name = pages;
    config = Criterion::default().sample_size(50);
    targets = benches
}
criterion_main!(pages);
