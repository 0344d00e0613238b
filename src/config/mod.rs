//! Command-line, environment and config-file settings.
//!
//! Each setting of `serve` is defined once, as a field of [`ServeOptions`]:
//! its flag, its environment variable and its default are clap attributes,
//! and the same struct is what a `--config` TOML file deserialises into
//! (keys as the long flags with `_`). Flags and environment win over the
//! file, the file over the defaults. [`Settings`] is what a server runs
//! with once the options are checked.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use serde::{Deserialize, Serialize};

use crate::graphql::execute;
use crate::graphql::guard::Limits;
use crate::journal;

mod commands;
pub use commands::{ExportArgs, GenerateArgs, KeysArgs, KeysCommand, SchemaArgs};

/// innograph: a knowledge graph of Shanghai's innovation ecosystem, served as
/// a GraphQL API. With no subcommand, `serve` runs.
#[derive(Debug, Parser)]
#[command(name = "innograph", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Server options, when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeOptions,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API and the playground (the default).
    Serve(Box<ServeOptions>),
    /// Check a data folder and report every problem with file:line:column.
    /// Exits non-zero when there is any.
    Validate {
        /// The data folder (default: the data built into the binary).
        dir: Option<PathBuf>,
    },
    /// Print the GraphQL schema (SDL), as checked in at schema/schema.graphql.
    Schema(SchemaArgs),
    /// Write a synthetic data set in the bulk JSON Lines format (for
    /// benchmarks); the same arguments always give the same files.
    Generate(GenerateArgs),
    /// Create, list and revoke the API keys that may change the graph
    /// (kept, hashed, in the journal).
    Keys(KeysArgs),
    /// Write the data (built-in, or `--data DIR`) out as a data folder: TOML
    /// in the layout of data/ or the bulk JSON Lines format (both load back),
    /// or GraphML, Neo4j CSV or RDF Turtle for other tools.
    Export(ExportArgs),
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines (coloured on a terminal only).
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// The options of `serve`: each is a flag, an environment variable and a
/// key of the `--config` file.
#[derive(Debug, Clone, PartialEq, Args, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServeOptions {
    /// Address to listen on: host:port (a host name such as localhost is
    /// resolved; port 0 picks a free one).
    #[arg(long, env = "INNOGRAPH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Serve this data folder instead of the built-in data.
    #[arg(long, env = "INNOGRAPH_DATA")]
    pub data: Option<PathBuf>,
    /// A TOML file with any of these settings (keys as the flags, with `_`).
    #[arg(long, env = "INNOGRAPH_CONFIG")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, env = "INNOGRAPH_WORKERS")]
    pub workers: Option<usize>,
    /// Largest request body accepted, in bytes; larger gets 413.
    #[arg(long, env = "INNOGRAPH_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Time limit for executing one request, in milliseconds; over it the
    /// work stops and the answer is 503 TIMEOUT.
    #[arg(long, env = "INNOGRAPH_TIMEOUT_MS", default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// Most operations in one batched (JSON array) request; 0 refuses batches.
    #[arg(long, env = "INNOGRAPH_MAX_BATCH", default_value_t = 0)]
    pub max_batch: usize,
    /// Largest GraphQL document, in bytes.
    #[arg(long, env = "INNOGRAPH_MAX_DOCUMENT_BYTES", default_value_t = Limits::default().max_bytes)]
    pub max_document_bytes: usize,
    /// Most lexical tokens in a document.
    #[arg(long, env = "INNOGRAPH_MAX_TOKENS", default_value_t = Limits::default().max_tokens)]
    pub max_tokens: usize,
    /// Deepest field nesting (brackets may nest 2x+8).
    #[arg(long, env = "INNOGRAPH_MAX_DEPTH", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Most aliases, fragments expanded.
    #[arg(long, env = "INNOGRAPH_MAX_ALIASES", default_value_t = Limits::default().max_aliases)]
    pub max_aliases: u64,
    /// Most top-level fields in an operation.
    #[arg(long, env = "INNOGRAPH_MAX_ROOT_FIELDS", default_value_t = Limits::default().max_root_fields)]
    pub max_root_fields: usize,
    /// Most directives, fragments expanded.
    #[arg(long, env = "INNOGRAPH_MAX_DIRECTIVES", default_value_t = Limits::default().max_directives)]
    pub max_directives: u64,
    /// Most field selections once fragments are expanded.
    #[arg(long, env = "INNOGRAPH_MAX_SELECTIONS", default_value_t = Limits::default().max_selections)]
    pub max_selections: u64,
    /// Highest complexity: 1 per field, children multiplied by `first`/`limit`.
    #[arg(long, env = "INNOGRAPH_MAX_COMPLEXITY", default_value_t = Limits::default().max_complexity)]
    pub max_complexity: u64,
    /// Bound of the cache of parsed and checked documents, in estimated
    /// bytes (0 turns it off).
    #[arg(long, env = "INNOGRAPH_DOCUMENT_CACHE_BYTES", default_value_t = execute::DOCUMENT_CACHE_BYTES)]
    pub document_cache_bytes: u64,
    /// Turn off introspection (and with it the playground's docs) and "did
    /// you mean" suggestions in error messages (true/false, 1/0, yes/no).
    #[arg(
        long,
        env = "INNOGRAPH_NO_INTROSPECTION",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new()
    )]
    pub no_introspection: bool,
    /// Serve as an Apollo Federation v2 subgraph: `_service`, `_entities`
    /// and every entity type keyed by `id` (true/false, 1/0, yes/no).
    #[arg(
        long,
        env = "INNOGRAPH_FEDERATION",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new()
    )]
    pub federation: bool,
    /// On SIGTERM, how long /ready answers 503 while requests are still
    /// served (so a load balancer can take the server out), in
    /// milliseconds; then the listener closes and requests in flight
    /// finish. SIGINT (Ctrl-C) skips the window.
    #[arg(long, env = "INNOGRAPH_DRAIN_MS", default_value_t = 2_000)]
    pub drain_ms: u64,
    /// Origins allowed to call the API from a browser (CORS), comma
    /// separated; `*` allows any origin (the API is public and takes no
    /// cookies).
    #[arg(
        long,
        env = "INNOGRAPH_CORS_ORIGINS",
        value_delimiter = ',',
        default_value = "*"
    )]
    pub cors_origins: Vec<String>,
    /// The journal that keeps every change and the API keys: an SQLite
    /// file (created if missing), or a `postgres://` URL of a database
    /// that several replicas share.
    #[arg(long, env = journal::PATH_ENV, default_value = journal::DEFAULT_PATH)]
    pub journal: String,
    /// Serve the data without a journal: no changes are replayed and every
    /// mutation is refused (READ_ONLY).
    #[arg(
        long,
        env = "INNOGRAPH_READ_ONLY",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new()
    )]
    pub read_only: bool,
    /// Reads need an API key too (any scope); by default they are public.
    #[arg(
        long,
        env = "INNOGRAPH_PRIVATE",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new()
    )]
    pub private: bool,
    /// Mutations each key may send per second, on average (0: no limit);
    /// over it the answer is 429 RATE_LIMITED with Retry-After.
    #[arg(long, env = "INNOGRAPH_KEY_RATE", default_value_t = 100)]
    pub key_rate: u32,
    /// How many mutations a key may send at once above its rate.
    #[arg(long, env = "INNOGRAPH_KEY_BURST", default_value_t = 200)]
    pub key_burst: u32,
    /// How long a WebSocket client has to send `connection_init`, in
    /// milliseconds (then the socket is closed with 4408).
    #[arg(long, env = "INNOGRAPH_WS_INIT_TIMEOUT_MS", default_value_t = 10_000)]
    pub ws_init_timeout_ms: u64,
    /// Log lines as text or as JSON objects (one per line), on stderr.
    #[arg(long, env = "INNOGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Write one log line per answered request (its status, time and error
    /// codes), at level info under the target `innograph::access`; off by
    /// default, since writing it was a system call per request
    /// (true/false, 1/0, yes/no). `RUST_LOG=innograph::access=info` does
    /// the same.
    #[arg(
        long,
        env = "INNOGRAPH_ACCESS_LOG",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new()
    )]
    pub access_log: bool,
    /// How long a request with `X-Min-Revision` may wait for this server
    /// to reach that revision, in milliseconds (then 503
    /// REVISION_NOT_REACHED).
    #[arg(long, env = "INNOGRAPH_MIN_REVISION_WAIT_MS", default_value_t = 2_000)]
    pub min_revision_wait_ms: u64,
    /// How many revisions a replica may trail a shared journal and still
    /// be ready (`/ready` answers 503 past it).
    #[arg(long, env = "INNOGRAPH_MAX_LAG", default_value_t = 1_000)]
    pub max_lag: u64,
}

impl Default for ServeOptions {
    /// The defaults, read from the flags' own definitions (environment
    /// ignored), so they are written in one place.
    fn default() -> Self {
        let cmd = ServeOptions::augment_args(clap::Command::new("defaults"))
            .mut_args(|a| a.env(None::<&str>));
        let matches = cmd.get_matches_from(["defaults"]);
        // Every field has a default or is optional, so this cannot fail.
        ServeOptions::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// The settings a server runs with.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Address to listen on, as given (resolved when the server binds).
    pub bind: String,
    /// Worker threads (`None`: one per core).
    pub workers: Option<usize>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Most operations in a batch (0: batches refused).
    pub max_batch: usize,
    /// Document limits, time limit and introspection.
    pub execute: execute::Settings,
    /// How long readiness turns 503 before the listener closes on SIGTERM.
    pub drain: Duration,
    /// Origins allowed by CORS (`*`: any).
    pub cors_origins: Vec<String>,
    /// How log lines are written.
    pub log_format: LogFormat,
    /// Whether each answered request gets a log line.
    pub access_log: bool,
    /// The journal (`None`: read-only, no journal).
    pub journal: Option<journal::location::Location>,
    /// Whether reads need a key.
    pub private: bool,
    /// Mutations per second per key (0: no limit).
    pub key_rate: u32,
    /// Burst above the rate.
    pub key_burst: u32,
    /// How long a WebSocket client has to initialise.
    pub ws_init_timeout: Duration,
    /// How long a request may wait for the revision it asks for.
    pub min_revision_wait: Duration,
    /// How far behind a shared journal a replica may be and stay ready.
    pub max_lag: u64,
    /// Whether the schema is an Apollo Federation v2 subgraph's.
    pub federation: bool,
}

impl Default for Settings {
    fn default() -> Self {
        // The default options are valid by construction (a test checks it).
        Settings::from_options(&ServeOptions::default()).unwrap_or_else(|e| {
            panic!("the built-in defaults are invalid: {e}");
        })
    }
}

/// Settings that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file cannot be read.
    #[error("cannot read config file {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys or wrong types.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Line of the problem (1-based).
        line: usize,
        /// Column of the problem (1-based).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A setting is zero where it must be positive.
    #[error("setting `{0}` must be at least 1")]
    Zero(&'static str),
    /// A setting has a value that cannot be used.
    #[error("setting `{name}`: {message}")]
    Bad {
        /// The setting.
        name: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl ServeOptions {
    /// Folds in the config file named by `--config` (if any): each key of
    /// the file applies where neither a flag nor the environment set that
    /// option. `matches` are the parsed arguments these options came from.
    pub fn with_file(self, matches: &ArgMatches) -> Result<ServeOptions, ConfigError> {
        let Some(path) = self.config.clone() else {
            return Ok(self);
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
            path: path.clone(),
            source,
        })?;
        let invalid = |e: toml::de::Error| {
            let at = e.span().map_or(0, |s| s.start);
            let crate::load::position::Position { line, column } =
                crate::load::position::LineIndex::new(&text).position(at);
            ConfigError::Invalid {
                path: path.clone(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        };
        // Checks types and unknown keys, with positions.
        let file: ServeOptions = toml::from_str(&text).map_err(invalid)?;
        let present: toml::Table = toml::from_str(&text).map_err(invalid)?;
        let from_file = toml::Table::try_from(&file).map_err(|e| ConfigError::Bad {
            name: "config",
            message: e.to_string(),
        })?;
        let mut merged = toml::Table::try_from(&self).map_err(|e| ConfigError::Bad {
            name: "config",
            message: e.to_string(),
        })?;
        for key in present.keys() {
            let set_here = matches!(
                matches.try_get_raw(key).ok().and(matches.value_source(key)),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            );
            if set_here {
                continue;
            }
            match from_file.get(key) {
                Some(v) => {
                    merged.insert(key.clone(), v.clone());
                }
                // A key serialised as nothing (an unset optional).
                None => {
                    merged.remove(key);
                }
            }
        }
        let mut out: ServeOptions =
            merged
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError::Bad {
                    name: "config",
                    message: e.message().to_owned(),
                })?;
        out.config = Some(path);
        Ok(out)
    }
}

impl Settings {
    /// Checks options and turns them into settings.
    ///
    /// ```
    /// use innograph::config::{ServeOptions, Settings};
    /// let opts = ServeOptions { max_depth: 8, ..Default::default() };
    /// let s = Settings::from_options(&opts).unwrap();
    /// assert_eq!(s.execute.limits.max_depth, 8);
    /// assert_eq!(s.max_body_bytes, 1 << 20);
    /// let zero = ServeOptions { workers: Some(0), ..Default::default() };
    /// assert!(Settings::from_options(&zero).is_err());
    /// ```
    pub fn from_options(o: &ServeOptions) -> Result<Settings, ConfigError> {
        for (name, value) in [
            ("max_body_bytes", o.max_body_bytes as u64),
            ("timeout_ms", o.timeout_ms),
            ("max_document_bytes", o.max_document_bytes as u64),
            ("max_tokens", o.max_tokens as u64),
            ("max_depth", o.max_depth as u64),
            ("max_root_fields", o.max_root_fields as u64),
            ("max_selections", o.max_selections),
            ("max_complexity", o.max_complexity),
            ("workers", o.workers.map_or(1, |w| w as u64)),
            ("ws_init_timeout_ms", o.ws_init_timeout_ms),
        ] {
            if value == 0 {
                return Err(ConfigError::Zero(name));
            }
        }
        if o.bind.trim().is_empty() || !o.bind.contains(':') {
            return Err(ConfigError::Bad {
                name: "bind",
                message: format!("`{}` is not host:port", o.bind),
            });
        }
        if o.cors_origins.is_empty() || o.cors_origins.iter().any(|c| c.trim().is_empty()) {
            return Err(ConfigError::Bad {
                name: "cors_origins",
                message: "list origins such as https://app.example, or `*`".into(),
            });
        }
        if o.private && o.read_only {
            return Err(ConfigError::Bad {
                name: "private",
                message: "a private server checks keys, which live in the journal; a --read-only server has none".into(),
            });
        }
        Ok(Settings {
            journal: (!o.read_only).then(|| journal::location::Location::from(o.journal.as_str())),
            min_revision_wait: Duration::from_millis(o.min_revision_wait_ms),
            max_lag: o.max_lag,
            federation: o.federation,
            private: o.private,
            key_rate: o.key_rate,
            key_burst: o.key_burst,
            ws_init_timeout: Duration::from_millis(o.ws_init_timeout_ms),
            bind: o.bind.clone(),
            workers: o.workers,
            max_body_bytes: o.max_body_bytes,
            max_batch: o.max_batch,
            execute: execute::Settings {
                limits: Limits {
                    max_bytes: o.max_document_bytes,
                    max_tokens: o.max_tokens,
                    max_depth: o.max_depth,
                    max_aliases: o.max_aliases,
                    max_root_fields: o.max_root_fields,
                    max_directives: o.max_directives,
                    max_selections: o.max_selections,
                    max_complexity: o.max_complexity,
                },
                timeout: Duration::from_millis(o.timeout_ms),
                introspection: !o.no_introspection,
                document_cache_bytes: o.document_cache_bytes,
                plans: true,
            },
            drain: Duration::from_millis(o.drain_ms),
            cors_origins: o.cors_origins.iter().map(|c| c.trim().to_owned()).collect(),
            log_format: o.log_format,
            access_log: o.access_log,
        })
    }
}

/// Parses the command line (and environment); the serve options come with
/// the config file folded in.
pub fn parse() -> Result<(Option<Command>, ServeOptions), ConfigError> {
    parse_from(std::env::args_os())
}

/// [`parse`] over given arguments (the first is the program name).
pub fn parse_from<I, T>(args: I) -> Result<(Option<Command>, ServeOptions), ConfigError>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = Cli::command().get_matches_from(args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match cli.command {
        Some(Command::Serve(opts)) => {
            let sub = matches
                .subcommand_matches("serve")
                .cloned()
                .unwrap_or_default();
            let opts = opts.with_file(&sub)?;
            Ok((Some(Command::Serve(Box::new(opts.clone()))), opts))
        }
        None => {
            let opts = cli.serve.with_file(&matches)?;
            Ok((None, opts))
        }
        other => Ok((other, cli.serve)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_guards_and_valid() {
        let s = Settings::default();
        assert_eq!(s.execute.limits, Limits::default());
        assert_eq!(s.execute.timeout, execute::Settings::default().timeout);
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.cors_origins, vec!["*".to_owned()]);
        assert!(s.execute.introspection);
    }

    #[test]
    fn zeros_are_refused_by_name() {
        for (opts, name) in [
            (
                ServeOptions {
                    workers: Some(0),
                    ..Default::default()
                },
                "workers",
            ),
            (
                ServeOptions {
                    max_depth: 0,
                    ..Default::default()
                },
                "max_depth",
            ),
        ] {
            match Settings::from_options(&opts) {
                Err(ConfigError::Zero(n)) => assert_eq!(n, name),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        use std::io::Write as _;
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        f
    }

    #[test]
    fn the_file_fills_what_flags_leave_at_their_defaults() {
        let f = file("max_depth = 9\ntimeout_ms = 5\nlog_format = \"json\"\ndata = \"some/dir\"\nbind = \"localhost:0\"\n");
        let path = f.path().to_string_lossy().to_string();
        let (_, opts) =
            parse_from(["innograph", "--config", &path, "--timeout-ms", "7"]).expect("parses");
        assert_eq!(opts.max_depth, 9);
        assert_eq!(opts.timeout_ms, 7, "the flag wins");
        assert_eq!(opts.log_format, LogFormat::Json);
        assert_eq!(opts.data, Some(PathBuf::from("some/dir")));
        assert_eq!(opts.bind, "localhost:0");
        let (_, sub) = parse_from(["innograph", "serve", "--config", &path]).expect("parses");
        assert_eq!(sub.max_depth, 9);
    }

    #[test]
    fn a_bad_file_names_file_line_and_column() {
        let f = file("max_depth = 9\nmax_dpeth = 3\n");
        let path = f.path().to_string_lossy().to_string();
        let err = parse_from(["innograph", "--config", &path]).expect_err("unknown key");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("{path}:2:1: unknown field `max_dpeth`")),
            "{text}"
        );
        let f = file("max_depth = \"deep\"\n");
        let path = f.path().to_string_lossy().to_string();
        let err = parse_from(["innograph", "--config", &path]).expect_err("wrong type");
        assert!(
            err.to_string().starts_with(&format!("{path}:1:13:")),
            "{err}"
        );
    }
}
