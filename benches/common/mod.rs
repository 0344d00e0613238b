//! The synthetic graph the in-process benchmarks share.

use std::path::PathBuf;
use std::time::Instant;

use innograph::store::Store;

/// Entities in the benchmark graph: `INNOGRAPH_BENCH_ENTITIES`, default
/// 1,000,000 (with five relations per entity).
pub fn entities() -> usize {
    std::env::var("INNOGRAPH_BENCH_ENTITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// Loads the benchmark graph, generating it first (under
/// `target/bench-data/`) if it is missing.
pub fn graph() -> Store {
    let n = entities();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("{n}-{}-1", n * 5));
    if !dir.join("relations.jsonl").is_file() {
        let options = innograph::generate::Options {
            entities: n,
            relations: n * 5,
            seed: 1,
        };
        innograph::generate::generate(&options, &dir).expect("generate the benchmark graph");
    }
    let started = Instant::now();
    let store = innograph::load::from_dir(&dir).expect("load the benchmark graph");
    eprintln!(
        "loaded {} entities, {} relations in {:.2?}",
        store.entity_count(),
        store.relation_count(),
        started.elapsed()
    );
    store
}
