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

/// A `major.minor[.patch]` version as numbers.
fn version(v: &str) -> Vec<u64> {
    v.split('.').map(|x| x.parse().unwrap_or(0)).collect()
}

/// The minimum Rust version the README and Cargo.toml state is the highest
/// `rust-version` among the locked packages: no lower (it would not build),
/// no higher (it would turn away toolchains that can).
#[test]
fn the_stated_rust_version_is_what_the_lock_file_needs() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Only the packages this platform builds: those are what `cargo test`
    // has already downloaded, so this works offline on a fresh machine
    // (all platforms' packages would need a `cargo fetch` first).
    let host = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host");
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let (needed, by) = packages
        .iter()
        .filter(|p| p["name"] != "innograph")
        .filter_map(|p| {
            p["rust_version"]
                .as_str()
                .map(|v| (version(v), p["name"].as_str().unwrap_or("?").to_owned()))
        })
        .max()
        .expect("some package states a rust-version");
    let ours = packages
        .iter()
        .find(|p| p["name"] == "innograph")
        .and_then(|p| p["rust_version"].as_str())
        .map(version)
        .expect("Cargo.toml states rust-version");
    let trim = |v: &[u64]| v.iter().take(2).copied().collect::<Vec<_>>();
    assert_eq!(
        trim(&ours),
        trim(&needed),
        "Cargo.toml's rust-version must be what {by} needs"
    );
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let stated = format!("{}.{} or newer", needed[0], needed[1]);
    assert!(
        readme.contains(&stated),
        "README.md should say \"{stated}\""
    );
}
