//! The `innograph` binary as a user runs it: startup line, health, clean
//! shutdown on SIGTERM and SIGINT, `--help`, `schema`, `export` then
//! `validate`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_innograph"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    // These tests are about serving and its settings: no journal file in
    // the source tree (tests/integration/curation.rs and tests/integration/crash.rs use journals).
    c.env("INNOGRAPH_READ_ONLY", "true");
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
    start_with(&["--drain-ms", "0"])
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

fn stop(child: Child, sig: &str) -> std::process::ExitStatus {
    signal(&child, sig);
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
        "export",
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
        "--drain-ms",
        "[default: 2000]",
        "--cors-origins",
        "INNOGRAPH_CORS_ORIGINS",
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

/// Sends a signal to the server.
fn signal(child: &Child, signal: &str) {
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
}

/// The status line and headers of a GET, over a fresh connection.
fn head_of(addr: &str, path: &str) -> String {
    let answer = get(addr, path);
    answer
        .split("\r\n\r\n")
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Polls `/ready` until it answers 503 (the server is draining).
fn wait_not_ready(addr: &str) {
    let start = Instant::now();
    while !get(addr, "/ready").starts_with("HTTP/1.1 503") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "/ready never turned 503"
        );
        std::thread::yield_now();
    }
}

#[test]
fn a_request_in_flight_finishes_after_sigterm() {
    let (child, addr, _, _out) = start_with(&["--drain-ms", "200"]);
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
    // Connections are accepted in order: once a later one is answered,
    // this one is accepted and its headers are being read.
    assert!(get(&addr, "/health").starts_with("HTTP/1.1 200"));
    signal(&child, "-TERM");
    wait_not_ready(&addr);
    s.write_all(&body.as_bytes()[body.len() / 2..]).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("Yangpu District"), "{answer}");
    let status = stop_wait(child);
    assert!(status.success(), "exit {status:?}");
}

#[test]
fn sigterm_drains_visibly_before_the_listener_closes() {
    let (child, addr, _, mut out) = start_with(&["--drain-ms", "60000"]);
    assert!(head_of(&addr, "/ready").starts_with("http/1.1 200"));
    signal(&child, "-TERM");
    wait_not_ready(&addr);
    // Not ready, yet still serving, and telling clients to reconnect
    // elsewhere.
    let health = head_of(&addr, "/health");
    assert!(health.starts_with("http/1.1 200"), "{health}");
    assert!(health.contains("connection: close"), "{health}");
    let answer = post(&addr, "{ stats { sources } }");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // A second signal ends the window at once (the window is a minute).
    let asked = Instant::now();
    signal(&child, "-TERM");
    let status = stop_wait(child);
    assert!(status.success(), "exit {status:?}");
    assert!(asked.elapsed() < Duration::from_secs(30));
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("innograph: stopped"), "{rest}");
}

#[test]
fn sigterm_closes_websockets_with_going_away() {
    use futures_util::{SinkExt as _, StreamExt as _};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
    use tokio_tungstenite::tungstenite::Message;

    let (child, addr, _, _out) = start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let close = rt.block_on(async {
        let mut req = format!("ws://{addr}/graphql")
            .into_client_request()
            .expect("a ws request");
        req.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("header value"),
        );
        let (mut ws, _) = tokio_tungstenite::connect_async(req)
            .await
            .expect("upgrade");
        ws.send(Message::text(r#"{"type":"connection_init"}"#))
            .await
            .expect("sent");
        let ack = ws.next().await.expect("open").expect("a frame");
        assert_eq!(ack, Message::text(r#"{"type":"connection_ack"}"#));
        signal(&child, "-TERM");
        // Awaited as an event; the bound only keeps a broken server from
        // hanging the test (without the close, the connection would be cut
        // when the 10 s shutdown timeout ran out).
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(30), ws.next())
                .await
                .expect("a frame within 30 s")
                .expect("a close frame before the end")
                .expect("a frame");
            if let Message::Close(close) = frame {
                break close;
            }
        }
    });
    let close = close.expect("a close code");
    assert_eq!(u16::from(close.code), 1001, "{close:?}");
    assert!(close.reason.contains("shutting down"), "{close:?}");
    assert!(stop_wait(child).success());
}

/// Starts the server with extra arguments and environment, stderr kept.
fn start_logged(
    args: &[&str],
    env: &[(&str, &str)],
) -> (Child, String, BufReader<std::process::ChildStdout>) {
    let mut cmd = bin();
    cmd.args(["serve", "--drain-ms", "0"]);
    if !args.contains(&"--bind") {
        cmd.args(["--bind", "127.0.0.1:0"]);
    }
    cmd.args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("innograph starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let addr = loop {
        let mut line = String::new();
        assert!(out.read_line(&mut line).expect("read") > 0, "exited early");
        if let Some(rest) = line.split("playground at http://").nth(1) {
            break rest.split('/').next().expect("address").to_owned();
        }
    };
    (child, addr, out)
}

/// Stops the server and returns what it logged; `_out` keeps its stdout
/// open until it has printed its last line.
fn stop_and_read_stderr(
    (mut child, _, _out): (Child, String, BufReader<std::process::ChildStdout>),
) -> String {
    signal(&child, "-TERM");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    assert!(stop_wait(child).success());
    err
}

#[test]
fn json_logs_are_json_and_text_logs_have_no_colour_off_a_terminal() {
    let server = start_logged(&["--log-format", "json", "--access-log"], &[]);
    post(&server.1, "{ entity(id: \"park/nowhere\") { name } }");
    post(&server.1, "{ stats { sources } }");
    let err = stop_and_read_stderr(server);
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let answered: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["message"] == "answered" && l["path"] == "/graphql")
        .collect();
    assert_eq!(answered.len(), 2, "{err}");
    assert_eq!(answered[0]["errors"], serde_json::json!(["NOT_FOUND"]));
    assert_eq!(answered[1]["errors"], serde_json::json!([]));
    assert_eq!(answered[0]["status"], 200);
    assert!(answered[0]["request_id"].is_string(), "{}", answered[0]);

    let server = start_logged(&[], &[("INNOGRAPH_ACCESS_LOG", "yes")]);
    post(&server.1, "{ stats { sources } }");
    let err = stop_and_read_stderr(server);
    assert!(err.contains("answered"), "{err}");
    assert!(!err.contains('\u{1b}'), "colour codes in a pipe: {err:?}");

    // Off by default.
    let server = start_logged(&[], &[]);
    post(&server.1, "{ stats { sources } }");
    let err = stop_and_read_stderr(server);
    assert!(err.contains("shutting down"), "{err}");
    assert!(!err.contains("answered"), "{err}");
}

#[test]
fn settings_agree_across_flags_environment_and_file() {
    // A boolean in the environment as operators write it.
    let server = start_logged(&[], &[("INNOGRAPH_NO_INTROSPECTION", "1")]);
    let answer = post(&server.1, "{ __schema { queryType { name } } }");
    assert!(answer.contains("INTROSPECTION_DISABLED"), "{answer}");
    stop_and_read_stderr(server);
    // A host name.
    let server = start_logged(&["--bind", "localhost:0"], &[]);
    assert!(get(&server.1, "/health").starts_with("HTTP/1.1 200"));
    stop_and_read_stderr(server);
    // A zero is refused by name, like every other zero.
    let out = bin().args(["--workers", "0"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("setting `workers` must be at least 1"),
        "{err}"
    );
    // A missing config file is reported once.
    let out = bin()
        .args(["--config", "/no/such/innograph.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    assert!(
        err.contains("cannot read config file /no/such/innograph.toml"),
        "{err}"
    );
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
    std::fs::write(&good, "max_depth = 3\nno_introspection = true\n").unwrap();
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
    assert!(answer.contains("INTROSPECTION_DISABLED"), "{answer}");
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

#[test]
fn export_writes_a_folder_that_validates_like_the_builtin_data() {
    let builtin = bin().arg("validate").output().unwrap();
    assert!(builtin.status.success());
    let builtin = String::from_utf8_lossy(&builtin.stdout).into_owned();
    let counts = builtin
        .strip_prefix("built-in data: ok, ")
        .expect("summary");
    let tmp = tempfile::tempdir().unwrap();
    for format in ["toml", "jsonl"] {
        let out = tmp.path().join(format);
        let dir = out.to_str().unwrap();
        let run = bin()
            .args(["export", "--format", format, "--out", dir])
            .output()
            .unwrap();
        assert!(run.status.success(), "{run:?}");
        let said = String::from_utf8_lossy(&run.stdout);
        assert!(
            said.starts_with(
                "innograph: exported 155 entities, 227 relations, 74 facts, 5 sources as "
            ) && said.contains(&format!(" to {dir} in ")),
            "{said}"
        );
        assert!(run.stderr.is_empty(), "{run:?}");
        let check = bin().args(["validate", dir]).output().unwrap();
        assert!(check.status.success(), "{check:?}");
        assert_eq!(
            String::from_utf8_lossy(&check.stdout),
            format!("{dir}: ok, {counts}")
        );
        assert!(check.stderr.is_empty(), "no problem, no warning: {check:?}");
        // Once written, the folder is not written over without --force.
        let again = bin()
            .args(["export", "--format", format, "--out", dir])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(1));
        let err = String::from_utf8_lossy(&again.stderr);
        assert!(
            err.contains("is not empty") && err.contains("--force"),
            "{err}"
        );
        let forced = bin()
            .args([
                "export", "--format", format, "--out", dir, "--force", "--data", dir,
            ])
            .output()
            .unwrap();
        assert!(forced.status.success(), "{forced:?}");
    }
    let bad = bin()
        .args([
            "export",
            "--format",
            "yaml",
            "--out",
            tmp.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("toml"));
}
