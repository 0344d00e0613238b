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
    let mut child = bin()
        .args(["serve", "--bind", "127.0.0.1:0"])
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

fn stop(mut child: Child, signal: &str) -> std::process::ExitStatus {
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
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
