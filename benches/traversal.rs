//! In-process benchmarks on a synthetic graph: `path` against a plain
//! bidirectional BFS over a compact adjacency array (the floor), measured in
//! the same run; `neighborhood` at depth 2 with limit 500. Search has its own benchmark
//! (`benches/search.rs`).
//!
//! The graph comes from `innograph generate` (cached under
//! `target/bench-data/`). Size: `INNOGRAPH_BENCH_ENTITIES` (default
//! 1,000,000) with five relations per entity.
//!
//! ```text
//! cargo bench --bench traversal                 # full run, 1M entities
//! INNOGRAPH_BENCH_ENTITIES=20000 cargo bench --bench traversal -- --quick   # smoke
//! ```
//!
//! Besides criterion's figures, it prints per-query latency percentiles for
//! `path` and the baseline over the same random pairs.

// criterion_main! generates an undocumented `main`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

mod common;
use common::graph;

use criterion::{criterion_group, criterion_main, Criterion};
use innograph::algo::neighborhood::{neighborhood, NeighborhoodQuery};
use innograph::algo::path::{shortest, Outcome, PathQuery};
use innograph::algo::traversal::{Filter, KindSet};
use innograph::deadline::Deadline;
use innograph::store::Store;
use petgraph::graph::NodeIndex;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PAIRS: usize = 1000;

/// A plain bidirectional BFS over an undirected compact adjacency array: the
/// floor `path` is compared with. Visited marks use generation stamps, like
/// `path`, so neither pays for clearing arrays.
struct Baseline {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    seen: [Vec<u32>; 2],
    generation: u32,
}

impl Baseline {
    fn new(store: &Store) -> Baseline {
        let n = store.entity_count();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(store.relation_count() * 2);
        offsets.push(0);
        for v in 0..n as u32 {
            targets.extend(store.outgoing().of(v).iter().map(|h| h.other));
            targets.extend(store.incoming().of(v).iter().map(|h| h.other));
            offsets.push(targets.len() as u32);
        }
        Baseline {
            offsets,
            targets,
            seen: [vec![0; n], vec![0; n]],
            generation: 0,
        }
    }

    /// Hops on a shortest path, if any.
    fn distance(&mut self, s: u32, t: u32) -> Option<u32> {
        if s == t {
            return Some(0);
        }
        self.generation += 1;
        let g = self.generation;
        self.seen[0][s as usize] = g;
        self.seen[1][t as usize] = g;
        let mut fronts = [vec![s], vec![t]];
        let mut depth = [0u32, 0];
        let mut next = Vec::new();
        while !fronts[0].is_empty() && !fronts[1].is_empty() {
            let side = usize::from(fronts[1].len() < fronts[0].len());
            next.clear();
            for &u in &fronts[side] {
                let (a, b) = (self.offsets[u as usize], self.offsets[u as usize + 1]);
                for &w in &self.targets[a as usize..b as usize] {
                    if self.seen[side][w as usize] == g {
                        continue;
                    }
                    if self.seen[1 - side][w as usize] == g {
                        return Some(depth[0] + depth[1] + 1);
                    }
                    self.seen[side][w as usize] = g;
                    next.push(w);
                }
            }
            std::mem::swap(&mut fronts[side], &mut next);
            depth[side] += 1;
        }
        None
    }
}

fn pairs(store: &Store) -> Vec<(NodeIndex, NodeIndex)> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let n = store.entity_count();
    (0..PAIRS)
        .map(|_| {
            (
                NodeIndex::new(rng.random_range(0..n)),
                NodeIndex::new(rng.random_range(0..n)),
            )
        })
        .collect()
}

fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

fn benches(c: &mut Criterion) {
    let store = graph();
    let mut baseline = Baseline::new(&store);
    let pairs = pairs(&store);
    let query = PathQuery {
        max_hops: 10,
        ..PathQuery::default()
    };

    // Side by side, per query, over the same pairs; the two must agree.
    let mut ours = Vec::with_capacity(PAIRS);
    let mut floor = Vec::with_capacity(PAIRS);
    for &(a, b) in &pairs {
        let t = Instant::now();
        let answer = shortest(&store, a, b, &query).expect("within bounds");
        ours.push(t.elapsed());
        let t = Instant::now();
        let d = baseline.distance(a.index() as u32, b.index() as u32);
        floor.push(t.elapsed());
        if let Outcome::Found(hops) = answer.outcome {
            assert_eq!(Some(hops.len() as u32), d, "path and baseline disagree");
        }
    }
    let (p50, p99) = percentiles(ours);
    let (b50, b99) = percentiles(floor);
    eprintln!(
        "path over {PAIRS} random pairs: p50 {p50:.2?}, p99 {p99:.2?}; baseline BFS p50 {b50:.2?}, p99 {b99:.2?}; median ratio {:.2}",
        p50.as_secs_f64() / b50.as_secs_f64()
    );

    let mut group = c.benchmark_group("path");
    let mut i = 0;
    group.bench_function("innograph_shortest", |bench| {
        bench.iter(|| {
            let (a, b) = pairs[i % PAIRS];
            i += 1;
            black_box(shortest(&store, a, b, &query).expect("within bounds"))
        })
    });
    let mut j = 0;
    group.bench_function("baseline_bidirectional_bfs", |bench| {
        bench.iter(|| {
            let (a, b) = pairs[j % PAIRS];
            j += 1;
            black_box(baseline.distance(a.index() as u32, b.index() as u32))
        })
    });
    group.finish();

    let q = NeighborhoodQuery {
        filter: Filter::ANY,
        kinds: KindSet::default(),
        depth: 2,
        max_nodes: 500,
        max_edges: 2000,
        deadline: Deadline::NONE,
    };
    let mut k = 0;
    c.bench_function("neighborhood/depth2_limit500", |bench| {
        bench.iter(|| {
            let (a, _) = pairs[k % PAIRS];
            k += 1;
            black_box(neighborhood(&store, a, &q))
        })
    });
}

criterion_group! {
    name = traversal;
    config = Criterion::default().sample_size(50);
    targets = benches
}
criterion_main!(traversal);
