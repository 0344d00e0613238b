//! The explorer end to end in Debian's headless Chromium, driven by
//! `tests/browser/explorer.mjs` (playwright-core) against the real server,
//! curated over a new journal: the script gets a `curate` key and checks
//! that the side panel lists the changes it makes and follows them live,
//! and that around Yangpu District (a hub) no drawn labels overlap, before
//! and after "show more".
//! Where Chromium, a CJK font, Node or the script's packages are missing, the test says
//! so on the terminal and passes, except in CI (`CI=true`), where it fails:
//! `.ci/run` installs them before `cargo test`.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::Curated;
use innograph::config::Settings;

/// Why the browser test cannot run here, if it cannot.
fn missing() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium)"
        ));
    }
    // Chinese names in the screenshots need it (the script checks too).
    let fonts = Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output();
    if !fonts.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("Noto Sans CJK")) {
        return Some("no Noto Sans CJK font (apt-get install fonts-noto-cjk)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on PATH".into());
    }
    let packages =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/playwright-core");
    if !packages.exists() {
        return Some("playwright-core is not installed (cd tests/browser && npm ci)".into());
    }
    None
}

#[tokio::test]
async fn explorer_in_headless_chromium() {
    if let Some(why) = missing() {
        common::skip("explorer_in_headless_chromium", &why);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let curated = Curated::start(dir.path(), Settings::default());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shots = root.join("target/explorer-screenshots");
    let out = Command::new("node")
        .arg(root.join("tests/browser/explorer.mjs"))
        .arg(&curated.server.base)
        .env("INNOGRAPH_KEY", &curated.key)
        .arg(&shots)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "explorer test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("Tongji → hub in"), "{stdout}");
    assert!(stdout.contains("without a reload"), "{stdout}");
    assert!(stdout.contains("no label overlaps"), "{stdout}");
    assert!(shots.join("explorer-hub.png").exists());
    assert!(shots.join("explorer-hub-all.png").exists());
    assert!(shots.join("explorer-path.png").exists());
    assert!(shots.join("explorer-changes.png").exists());
    // The script's changes are the server's: created in a park, a fact, a
    // relation, then retracted.
    let d = curated
        .read("{ revision changes(since: 0) { edges { node { operations { op } } } } }")
        .await;
    assert_eq!(d["revision"], 4, "{d}");
    let ops: Vec<&str> = d["changes"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["node"]["operations"].as_array().unwrap())
        .filter_map(|o| o["op"].as_str())
        .collect();
    assert_eq!(
        ops,
        [
            "CREATE_ENTITY",
            "ADD_RELATION",
            "ADD_FACT",
            "ADD_RELATION",
            // A retraction takes the entity's relations with it.
            "RETRACT_RELATION",
            "RETRACT_RELATION",
            "RETRACT_ENTITY"
        ]
    );
}
