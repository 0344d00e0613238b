//! The `innograph` binary as a user runs it: startup line, health, clean
//! shutdown on SIGTERM and SIGINT, `--help`, `schema`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_innograph"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Starts `innograph serve` on a free port and returns the child, its
/// address and the startup lines.
fn start() -> (
    Child,
    String,
    Vec<String>,
    BufReader<std::process::ChildStdout>,
) {
    start_with(&[])
}

/// Like [`start`], with extra arguments.
fn start_with(
    extra: &[&str],
) -> (
    Child,
    String,
    Vec<String>,
    BufReader<std::process::ChildStdout>,
) {
    let mut child = bin()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("innograph starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut lines = Vec::new();
    let addr = loop {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).expect("read") > 0,
            "server exited early: {lines:?}"
        );
        if let Some(rest) = line.split("playground at http://").nth(1) {
            lines.push(line.clone());
            break rest.split('/').next().expect("address").to_owned();
        }
        lines.push(line);
    };
    (child, addr, lines, out)
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body
}

fn stop(child: Child, signal: &str) -> std::process::ExitStatus {
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
    stop_wait(child)
}

#[test]
fn serves_then_stops_cleanly_on_sigterm_and_sigint() {
    for signal in ["-TERM", "-INT"] {
        let (child, addr, lines, mut out) = start();
        assert!(lines[0].contains(" entities ("), "{lines:?}");
        assert!(
            lines[0].contains("region"),
            "startup line lists counts by kind: {lines:?}"
        );
        let health = get(&addr, "/health");
        assert!(health.starts_with("HTTP/1.1 200"), "{health}");
        assert!(health.contains("\"status\":\"ok\""), "{health}");
        let status = stop(child, signal);
        assert!(status.success(), "{signal}: exit {status:?}");
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        assert!(rest.contains("innograph: stopped"), "{signal}: {rest}");
    }
}

#[test]
fn help_documents_flags_defaults_and_environment() {
    let out = bin().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--bind",
        "INNOGRAPH_BIND",
        "127.0.0.1:8080",
        "--data",
        "INNOGRAPH_DATA",
        "validate",
        "schema",
        "--config",
        "INNOGRAPH_CONFIG",
        "--max-depth",
        "INNOGRAPH_MAX_DEPTH",
        "[default: 16]",
        "--max-selections",
        "[default: 2000]",
        "--max-body-bytes",
        "[default: 1048576]",
        "--max-batch",
        "--log-format",
        "--no-introspection",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

#[test]
fn schema_command_prints_the_sdl() {
    let out = bin().arg("schema").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        innograph::graphql::sdl()
    );
}

#[test]
fn port_in_use_is_a_clear_error() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let out = bin().args(["serve", "--bind", &addr]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
}

/// POSTs a GraphQL query over a fresh connection; returns the raw answer.
fn post(addr: &str, query: &str) -> String {
    let body = serde_json::json!({ "query": query }).to_string();
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn a_request_in_flight_finishes_after_sigterm() {
    let (child, addr, _, _out) = start();
    let body =
        serde_json::json!({ "query": "{ entity(id: \"region/yangpu\") { name } }" }).to_string();
    let mut s = TcpStream::connect(&addr).expect("connect");
    // Send the headers and half the body, then ask the server to stop.
    write!(
        s,
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        &body[..body.len() / 2]
    )
    .unwrap();
    s.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
    std::thread::sleep(Duration::from_millis(300));
    s.write_all(&body.as_bytes()[body.len() / 2..]).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("Yangpu District"), "{answer}");
    let status = stop_wait(child);
    assert!(status.success(), "exit {status:?}");
}

/// Waits for a child that was already told to stop.
fn stop_wait(mut child: Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "server did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_config_file_sets_limits_and_a_bad_one_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("innograph.toml");
    std::fs::write(&good, "max_depth = 2\nno_introspection = true\n").unwrap();
    let (child, addr, _, _out) = start_with(&["--config", good.to_str().expect("utf-8 path")]);
    let answer = post(&addr, "{ entity(id: \"region/yangpu\") { name } }");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let answer = post(
        &addr,
        "{ entity(id: \"region/yangpu\") { relations { edges { node { type } } } } }",
    );
    assert!(answer.contains("MAX_DEPTH"), "{answer}");
    // Introspection and suggestions are off.
    let answer = post(&addr, "{ __schema { queryType { name } } }");
    assert!(!answer.contains("\"Query\""), "{answer}");
    let answer = post(&addr, "{ entiti(id: \"region/yangpu\") { name } }");
    assert!(!answer.contains("Did you mean"), "{answer}");
    stop(child, "-TERM");

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "max_depth = 2\nmax_dpeth = 3\n").unwrap();
    let out = bin()
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--config",
            bad.to_str().expect("utf-8 path"),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:2:1"), "{err}");
    assert!(err.contains("max_dpeth"), "{err}");
}
