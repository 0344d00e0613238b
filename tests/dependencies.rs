//! Checks on the locked dependency versions that the advisory database
//! does not cover: async-graphql must be at least 7.0.10 (CVE-2024-47614,
//! a denial of service through directive floods, is fixed there but not
//! listed in the RustSec database) and on the stable 7.x line.

use std::path::Path;

fn locked_versions(name: &str) -> Vec<(u64, u64, u64)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    let text = std::fs::read_to_string(&path).expect("Cargo.lock is committed");
    let lock: toml::Table = toml::from_str(&text).expect("Cargo.lock is TOML");
    let packages = lock["package"].as_array().expect("packages");
    packages
        .iter()
        .filter(|p| p["name"].as_str() == Some(name))
        .map(|p| {
            let v = p["version"].as_str().expect("version");
            let mut parts = v.split(['.', '-']).map(|x| x.parse::<u64>().unwrap_or(0));
            (
                parts.next().unwrap_or(0),
                parts.next().unwrap_or(0),
                parts.next().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn async_graphql_is_a_patched_stable_7x() {
    for crate_name in [
        "async-graphql",
        "async-graphql-parser",
        "async-graphql-value",
    ] {
        let versions = locked_versions(crate_name);
        assert!(!versions.is_empty(), "{crate_name} is locked");
        for v in versions {
            assert!(
                v >= (7, 0, 10),
                "{crate_name} {v:?} predates the fix for CVE-2024-47614"
            );
            assert_eq!(v.0, 7, "{crate_name} {v:?}: stay on the stable 7.x line");
        }
    }
}
