//! The explorer end to end in Debian's headless Chromium, driven by
//! `tests/browser/explorer.mjs` (playwright-core) against the real server.
//! Where Chromium, Node or the script's packages are missing, the test says
//! so on the terminal and passes: `.ci/run` installs them and runs it.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use common::TestServer;

/// Why the browser test cannot run here, if it cannot.
fn missing() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium)"
        ));
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

#[test]
fn explorer_in_headless_chromium() {
    if let Some(why) = missing() {
        // Written past the test harness' capture, so it shows in `cargo test`.
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED explorer_in_headless_chromium: {why}\n"
        );
        return;
    }
    let server = TestServer::builtin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shots = root.join("target/explorer-screenshots");
    let out = Command::new("node")
        .arg(root.join("tests/browser/explorer.mjs"))
        .arg(&server.base)
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
    assert!(shots.join("explorer-path.png").exists());
}
