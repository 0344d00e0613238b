//! Tests of the generator: determinism, the layout, the loader's rules on
//! the output, and the shape of the degree distribution.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::layout::MIN_REGIONS;
use super::relations::TEMPLATES;
use super::*;
use crate::model::{AttributeKey, EntityId, EntityKind, Period, Qualifier, RelationType};

fn run(entities: usize, relations: usize, seed: u64) -> (tempfile::TempDir, Summary) {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(
        &Options {
            entities,
            relations,
            seed,
        },
        dir.path(),
    )
    .unwrap();
    (dir, summary)
}

fn lines(dir: &Path, file: &str) -> Vec<Value> {
    std::fs::read_to_string(dir.join(file))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn str_of<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {v}"))
}

const FILES: [&str; 4] = [
    "sources.jsonl",
    "entities.jsonl",
    "relations.jsonl",
    "facts.jsonl",
];

#[test]
fn same_seed_same_bytes_other_seed_differs() {
    let (a, sa) = run(600, 2_500, 11);
    let (b, sb) = run(600, 2_500, 11);
    let (c, _) = run(600, 2_500, 12);
    assert_eq!(sa, sb);
    for f in FILES {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        let z = std::fs::read(c.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between runs with the same seed");
        assert!(x != z, "{f} is the same for different seeds");
    }
}

#[test]
fn pinned_output() {
    // Guards against accidental changes of the stream for a given seed.
    let (dir, _) = run(100, 100, 0);
    let text = std::fs::read_to_string(dir.path().join("relations.jsonl")).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        r#"{"from":"region/s1","type":"part_of","to":"region/s0","sources":["synthetic-001","synthetic-015"]}"#
    );
}

#[test]
fn layout() {
    for total in [100, 101, 999, 1_000, 12_345, 1_000_000] {
        let mut covered = 0;
        for kind in EntityKind::ALL {
            let r = range_of(kind, total);
            assert!(!r.is_empty(), "{kind} empty at {total}");
            covered += r.len();
            for i in [r.start, r.end - 1] {
                assert_eq!(kind_of(i, total), kind);
                let id: EntityId = id_of(i, total).parse().unwrap();
                assert_eq!(id.kind(), kind);
                assert_eq!(id.slug(), format!("s{i}"));
            }
        }
        assert_eq!(covered, total);
        assert!(range_of(EntityKind::Region, total).len() >= MIN_REGIONS);
    }
    let share = |k| range_of(k, 1_000_000).len();
    assert_eq!(share(EntityKind::Company), 610_000);
    assert_eq!(share(EntityKind::Person), 120_000);
    assert_eq!(share(EntityKind::Region), 10_000);
}

#[test]
fn templates_are_allowed() {
    for t in TEMPLATES {
        for &(f, _) in t.from {
            for &(to, _) in t.to {
                assert!(t.rel.allows(f, to), "{} {f} -> {to}", t.rel);
            }
        }
    }
}

#[test]
fn rejects_bad_options() {
    let dir = tempfile::tempdir().unwrap();
    let small = Options {
        entities: MIN_ENTITIES - 1,
        relations: 10,
        seed: 0,
    };
    assert!(matches!(
        generate(&small, dir.path()),
        Err(GenerateError::TooSmall { .. })
    ));
    let dense = Options {
        entities: 100,
        relations: 100 * MAX_RELATIONS_PER_ENTITY + 1,
        seed: 0,
    };
    assert!(matches!(
        generate(&dense, dir.path()),
        Err(GenerateError::TooDense { .. })
    ));
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let ok = Options {
        entities: 100,
        relations: 100,
        seed: 0,
    };
    assert!(matches!(
        generate(&ok, &file.join("sub")),
        Err(GenerateError::Io { .. })
    ));
}

#[test]
fn few_relations() {
    let (dir, s) = run(150, 20, 3);
    assert_eq!(s.relations, 20);
    assert_eq!(lines(dir.path(), "relations.jsonl").len(), 20);
    let (_, s) = run(100, 0, 3);
    assert_eq!(s.relations, 0);
}

/// Checks everything the loader checks, on the JSON values.
fn check_all(dir: &Path, options: &Options, summary: &Summary) {
    let sources = lines(dir, "sources.jsonl");
    assert_eq!(sources.len(), summary.sources);
    let source_ids: HashSet<&str> = sources.iter().map(|s| str_of(s, "id")).collect();
    assert_eq!(source_ids.len(), SOURCES);
    for s in &sources {
        assert!(!str_of(s, "title").is_empty());
        str_of(s, "date")
            .parse::<crate::model::PartialDate>()
            .unwrap();
    }
    let cites = |v: &Value| {
        let list: Vec<&str> = v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert!(!list.is_empty());
        let unique: HashSet<&&str> = list.iter().collect();
        assert_eq!(unique.len(), list.len(), "duplicate source in {v}");
        assert!(list.iter().all(|s| source_ids.contains(s)), "{v}");
    };
    let slug = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    };

    let entities = lines(dir, "entities.jsonl");
    assert_eq!(entities.len(), options.entities);
    assert_eq!(summary.entities, options.entities);
    let mut kinds: HashMap<String, EntityKind> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        let id: EntityId = str_of(e, "id").parse().unwrap();
        assert_eq!(id.as_str(), id_of(i, options.entities));
        assert_eq!(str_of(e, "kind"), id.kind().as_str());
        assert!(!str_of(e, "name").trim().is_empty());
        assert!(e.get("name_zh").is_none());
        if let Some(sub) = e.get("subtype") {
            assert!(slug(sub.as_str().unwrap()), "{e}");
        }
        for a in e
            .get("aliases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(!a.as_str().unwrap().trim().is_empty());
        }
        if let Some(attrs) = e.get("attributes") {
            let attrs = attrs.as_object().unwrap();
            assert!(!attrs.is_empty());
            for (k, v) in attrs {
                let key: AttributeKey = k.parse().unwrap();
                assert!(key.allowed_on().contains(&id.kind()), "{k} on {e}");
                let v = v.as_str().unwrap();
                assert!(!v.trim().is_empty());
                if key.is_date() {
                    v.parse::<Period>().unwrap_or_else(|e| panic!("{v}: {e}"));
                }
            }
        }
        cites(e);
        assert!(kinds.insert(id.to_string(), id.kind()).is_none());
    }

    let relations = lines(dir, "relations.jsonl");
    assert_eq!(relations.len(), summary.relations);
    assert_eq!(summary.relations, options.relations);
    let mut triples = HashSet::new();
    let mut degree: HashMap<&str, usize> = HashMap::new();
    for r in &relations {
        let (from, to) = (str_of(r, "from"), str_of(r, "to"));
        let rel: RelationType = str_of(r, "type").parse().unwrap();
        assert_ne!(from, to, "self loop {r}");
        let (fk, tk) = (kinds[from], kinds[to]);
        assert!(rel.allows(fk, tk), "{r}");
        assert!(triples.insert((from, rel, to)), "duplicate {r}");
        if rel == RelationType::PartOf && fk == tk {
            let n = |id: &str| id.split("/s").nth(1).unwrap().parse::<usize>().unwrap();
            assert!(n(from) > n(to), "part_of must point backwards: {r}");
        }
        if let Some(d) = r.get("date") {
            d.as_str().unwrap().parse::<Period>().unwrap();
        }
        if let Some(a) = r.get("amount") {
            assert!(a.as_f64().unwrap().is_finite());
            assert!(r.get("unit").is_some(), "{r}");
        }
        if rel == RelationType::Leads {
            assert!(r.get("title").is_some());
        }
        cites(r);
        *degree.entry(from).or_default() += 1;
        *degree.entry(to).or_default() += 1;
    }
    if options.relations >= options.entities {
        for id in kinds.keys() {
            assert!(degree.contains_key(id.as_str()), "{id} has no relation");
        }
    }

    let facts = lines(dir, "facts.jsonl");
    assert_eq!(facts.len(), summary.facts);
    for f in &facts {
        assert!(kinds.contains_key(str_of(f, "entity")));
        let metric = str_of(f, "metric");
        assert!(metric
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        let q = f.get("qualifier").map_or(Qualifier::Exact, |q| {
            q.as_str().unwrap().parse::<Qualifier>().unwrap()
        });
        if q.has_value() {
            assert!(f["value"].as_f64().unwrap().is_finite(), "{f}");
            assert!(f.get("min").is_none() && f.get("max").is_none(), "{f}");
        } else {
            assert!(f.get("value").is_none(), "{f}");
        }
        if q == Qualifier::Range {
            assert!(
                f["min"].as_f64().unwrap() < f["max"].as_f64().unwrap(),
                "{f}"
            );
        }
        if q == Qualifier::Indefinite {
            assert!(!str_of(f, "wording").is_empty());
        }
        if let Some(p) = f.get("period") {
            p.as_str().unwrap().parse::<Period>().unwrap();
        }
        if let Some(p) = f.get("as_of") {
            assert!(f.get("period").is_none(), "{f}");
            let p = p.as_str().unwrap().parse::<Period>().unwrap();
            assert!(p.end.is_none(), "{f}");
        }
        cites(f);
    }
}

#[test]
fn counts_and_rules() {
    for (entities, relations, seed) in [(100, 100, 0), (1_000, 5_000, 1), (3_000, 9_000, 2)] {
        let options = Options {
            entities,
            relations,
            seed,
        };
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(&options, dir.path()).unwrap();
        check_all(dir.path(), &options, &summary);
        let expected = entities as f64 * 0.31;
        assert!((summary.facts as f64) > expected * 0.7, "{summary:?}");
        assert!((summary.facts as f64) < expected * 1.3, "{summary:?}");
    }
}

#[test]
fn dense_graph_still_exact() {
    let options = Options {
        entities: 100,
        relations: 3_000,
        seed: 5,
    };
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(&options, dir.path()).unwrap();
    check_all(dir.path(), &options, &summary);
}

#[test]
fn loads_back() {
    let (dir, summary) = run(2_000, 8_000, 4);
    let store = crate::load::from_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.entity_count(), summary.entities);
    assert_eq!(store.relation_count(), summary.relations);
    assert_eq!(store.fact_count(), summary.facts);
}

#[test]
fn degrees_are_skewed() {
    let (dir, _) = run(20_000, 100_000, 9);
    let mut degree: HashMap<String, usize> = HashMap::new();
    for r in lines(dir.path(), "relations.jsonl") {
        *degree.entry(str_of(&r, "from").to_owned()).or_default() += 1;
        *degree.entry(str_of(&r, "to").to_owned()).or_default() += 1;
    }
    let mut d: Vec<usize> = degree.into_values().collect();
    d.sort_unstable();
    let median = d[d.len() / 2];
    let max = d[d.len() - 1];
    assert!(median <= 10, "median {median}");
    assert!(max >= 500, "max {max}");
}

/// `cargo test --release --lib generate::tests::million -- --ignored --nocapture`
/// generates 1M entities and 5M relations and prints timings and statistics.
/// Set `INNOGRAPH_GENERATE_OUT` to keep the files in that directory.
#[test]
#[ignore = "writes about a gigabyte; run by hand in --release"]
fn million() {
    let keep = std::env::var_os("INNOGRAPH_GENERATE_OUT").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let options = Options {
        entities: 1_000_000,
        relations: 5_000_000,
        seed: 1,
    };
    let start = std::time::Instant::now();
    let summary = generate(&options, &dir).unwrap();
    let elapsed = start.elapsed();
    println!("{summary:?} in {elapsed:.2?}");
    for f in FILES {
        let len = std::fs::metadata(dir.join(f)).unwrap().len();
        println!("{f:>16}: {:>8.1} MiB", len as f64 / (1 << 20) as f64);
    }
    println!("kinds:");
    for kind in EntityKind::ALL {
        let n = range_of(kind, options.entities).len();
        println!("  {:<12} {n:>8} {:>5.1} %", kind.as_str(), n as f64 / 1e4);
    }

    #[derive(serde::Deserialize)]
    struct Edge<'a> {
        from: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
        to: &'a str,
    }
    let text = std::fs::read_to_string(dir.join("relations.jsonl")).unwrap();
    let mut degree = vec![0u32; options.entities];
    let mut types: HashMap<String, usize> = HashMap::new();
    let number = |id: &str| id.split("/s").nth(1).unwrap().parse::<usize>().unwrap();
    for line in text.lines() {
        let e: Edge<'_> = serde_json::from_str(line).unwrap();
        degree[number(e.from)] += 1;
        degree[number(e.to)] += 1;
        *types.entry(e.kind.to_owned()).or_default() += 1;
    }
    drop(text);
    let mut types: Vec<_> = types.into_iter().collect();
    types.sort_by_key(|t| std::cmp::Reverse(t.1));
    println!("relation types:");
    for (t, n) in &types {
        println!("  {t:<16} {n:>8} {:>5.1} %", *n as f64 / 5e4);
    }
    let mut order: Vec<usize> = (0..options.entities).collect();
    order.sort_by(|&a, &b| degree[b].cmp(&degree[a]).then(a.cmp(&b)));
    let top: HashSet<usize> = order[..10].iter().copied().collect();
    let mut names = HashMap::new();
    let entities = std::fs::read_to_string(dir.join("entities.jsonl")).unwrap();
    for (i, line) in entities.lines().enumerate() {
        if top.contains(&i) {
            let v: Value = serde_json::from_str(line).unwrap();
            names.insert(i, str_of(&v, "name").to_owned());
        }
    }
    println!("top 10 by degree:");
    for &i in &order[..10] {
        println!(
            "  {:<20} {:>7}  {}",
            id_of(i, options.entities),
            degree[i],
            names[&i]
        );
    }
    let mut sorted: Vec<u32> = degree.clone();
    sorted.sort_unstable();
    let q = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
    println!(
        "degree: min {} median {} p90 {} p99 {} p99.9 {} max {}; isolated {}",
        q(0.0),
        q(0.5),
        q(0.9),
        q(0.99),
        q(0.999),
        q(1.0),
        sorted.iter().filter(|&&d| d == 0).count()
    );
}
