//! A throwaway PostgreSQL cluster for a test, made the way an operator
//! makes one: `initdb` into a temporary folder and `pg_ctl` on a free
//! loopback port (as the `postgres` user when the tests run as root, since
//! PostgreSQL refuses to run as root). Stopped and removed on drop.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A running cluster.
pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// Its port on 127.0.0.1.
    pub port: u16,
    as_postgres: bool,
}

/// The folder of PostgreSQL's server programs, if they are installed.
fn bin_dir() -> Option<PathBuf> {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").is_file() {
            return Some(dir);
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("its address").port()
}

/// `sh -c script`, as the postgres user when running as root.
fn shell(as_postgres: bool, script: &str) -> std::process::Output {
    let mut cmd = if as_postgres {
        let mut c = Command::new("su");
        c.args(["postgres", "-s", "/bin/sh", "-c", script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    };
    cmd.output().expect("sh runs")
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

impl PgCluster {
    /// Starts a new cluster; `None` (saying why) when PostgreSQL is not
    /// installed here, except in CI (`CI=true`), where that fails the test.
    pub fn start() -> Option<PgCluster> {
        let Some(bin) = bin_dir() else {
            let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(
                !in_ci,
                "PostgreSQL's server programs (initdb, pg_ctl) are missing: apt-get install postgresql"
            );
            eprintln!("SKIPPED: PostgreSQL's server programs (initdb, pg_ctl) are not installed");
            return None;
        };
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("innograph-pg.")
            .tempdir()
            .expect("a temporary folder");
        if as_postgres {
            let st = Command::new("chown")
                .args(["postgres:", &dir.path().display().to_string()])
                .status()
                .expect("chown runs");
            assert!(st.success(), "cannot give the cluster's folder to postgres");
        }
        let data = dir.path().join("data");
        let out = shell(
            as_postgres,
            &format!(
                "{} -D {} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 -N",
                quote(&bin.join("initdb")),
                quote(&data)
            ),
        );
        assert!(
            out.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let cluster = PgCluster {
            dir,
            bin,
            port: free_port(),
            as_postgres,
        };
        cluster.resume();
        Some(cluster)
    }

    /// Starts the (stopped) cluster again on its port; returns once it
    /// accepts connections (`pg_ctl -w`).
    pub fn resume(&self) {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("server.log");
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {}",
            self.port,
            self.dir.path().display()
        );
        let out = shell(
            self.as_postgres,
            &format!(
                "{} -D {} -l {} -w -t 60 -o {} start",
                quote(&self.bin.join("pg_ctl")),
                quote(&data),
                quote(&log),
                quote(Path::new(&opts))
            ),
        );
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stops the cluster (`-m fast`: connections are cut, as in a
    /// restart); returns once it is down.
    pub fn stop(&self) {
        self.pg_ctl_stop("fast");
    }

    fn pg_ctl_stop(&self, mode: &str) {
        let data = self.dir.path().join("data");
        let _ = shell(
            self.as_postgres,
            &format!(
                "{} -D {} -w -m {mode} stop",
                quote(&self.bin.join("pg_ctl")),
                quote(&data)
            ),
        );
    }

    /// The URL of database `db` (which must exist; `postgres` does).
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates database `name` and returns its URL.
    pub fn create_db(&self, name: &str) -> String {
        self.psql("postgres", &format!("CREATE DATABASE \"{name}\""));
        self.url(name)
    }

    /// Runs SQL in database `db` with psql; its standard output.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let out = Command::new("psql")
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(self.url(db))
            .arg("-c")
            .arg(sql)
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.pg_ctl_stop("immediate");
    }
}
