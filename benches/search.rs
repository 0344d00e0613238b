//! Search at scale: per-query latency percentiles over a fixed set of
//! queries drawn from the graph's own names (whole names, first words,
//! four-letter type-ahead prefixes and typos), then criterion's figure for
//! a first page.
//!
//! The graph comes from `innograph generate` (cached under
//! `target/bench-data/`). Size: `INNOGRAPH_BENCH_ENTITIES` (default
//! 1,000,000) with five relations per entity.
//!
//! ```text
//! cargo bench --bench search                    # full run, 1M entities
//! INNOGRAPH_BENCH_ENTITIES=20000 cargo bench --bench search -- --quick   # smoke
//! INNOGRAPH_BENCH_ALL=1 cargo bench --bench search      # every query's time
//! INNOGRAPH_BENCH_REPEAT="some query" cargo bench --bench search   # to profile
//! INNOGRAPH_BENCH_QUERIES=words.txt cargo bench --bench search   # other queries
//! ```

// criterion_main! generates an undocumented `main`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

mod common;
use common::graph;

use criterion::{criterion_group, criterion_main, Criterion};
use innograph::deadline::Deadline;
use innograph::store::Store;
use petgraph::graph::NodeIndex;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Queries built from names in the graph: whole names, first words,
/// type-ahead prefixes and a typo (two neighbouring letters swapped).
fn queries(store: &Store) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut queries: Vec<String> = Vec::new();
    for _ in 0..50 {
        let name = &store
            .entity(NodeIndex::new(rng.random_range(0..store.entity_count())))
            .name;
        let words: Vec<&str> = name.split_whitespace().collect();
        queries.push(name.clone());
        if let Some(w) = words.first() {
            queries.push((*w).to_owned());
            queries.push(w.chars().take(4).collect());
        }
        if let Some(w) = words.iter().find(|w| w.len() >= 6) {
            let mut typo: Vec<char> = w.chars().collect();
            typo.swap(1, 2);
            queries.push(typo.into_iter().collect());
        }
    }
    queries
}

fn at(times: &[Duration], q: f64) -> Duration {
    times[((times.len() - 1) as f64 * q).round() as usize]
}

fn benches(c: &mut Criterion) {
    let store = graph();
    // `INNOGRAPH_BENCH_QUERIES=file`: that file's lines instead (e.g. the
    // words the HTTP load script samples).
    let queries = match std::env::var_os("INNOGRAPH_BENCH_QUERIES") {
        Some(path) => std::fs::read_to_string(path)
            .expect("the queries file")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        None => queries(&store),
    };
    // For a profiler: `INNOGRAPH_BENCH_REPEAT=query` runs that one query
    // for ten seconds and stops.
    if let Some(q) = std::env::var_os("INNOGRAPH_BENCH_REPEAT") {
        let q = q.to_string_lossy();
        let (started, mut runs) = (Instant::now(), 0u32);
        while started.elapsed() < Duration::from_secs(10) {
            let _ = black_box(store.search(&q, None, 20, Deadline::NONE));
            runs += 1;
        }
        eprintln!("{q:?}: {:.2?} per search", started.elapsed() / runs.max(1));
        return;
    }
    // Warm up once, then time each query on its own (best of three, so one
    // scheduler hiccup does not make a query look slow).
    for q in &queries {
        let _ = black_box(store.search(q, None, 20, Deadline::NONE));
    }
    let mut timed: Vec<(Duration, &str, usize)> = queries
        .iter()
        .map(|q| {
            let mut best = Duration::MAX;
            let mut total = 0;
            for _ in 0..3 {
                let t = Instant::now();
                let answer = black_box(store.search(q, None, 20, Deadline::NONE));
                best = best.min(t.elapsed());
                total = answer.map(|a| a.total).unwrap_or(0);
            }
            (best, q.as_str(), total)
        })
        .collect();
    timed.sort();
    let times: Vec<Duration> = timed.iter().map(|t| t.0).collect();
    eprintln!(
        "search over {} queries, first 20: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        times.len(),
        at(&times, 0.5),
        at(&times, 0.99),
        at(&times, 1.0)
    );
    let shown = if std::env::var_os("INNOGRAPH_BENCH_ALL").is_some() {
        timed.len()
    } else {
        8
    };
    for (time, q, total) in timed.iter().rev().take(shown) {
        eprintln!("  slowest: {time:>10.2?}  {q:?} ({total} matches)");
    }
    let mut m = 0;
    c.bench_function("search/first_page", |bench| {
        bench.iter(|| {
            let q = &queries[m % queries.len()];
            m += 1;
            black_box(store.search(q, None, 20, Deadline::NONE))
        })
    });
}

criterion_group! {
    name = search;
    config = Criterion::default().sample_size(50);
    targets = benches
}
criterion_main!(search);
