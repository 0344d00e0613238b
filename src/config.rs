//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use serde::Deserialize;

use crate::graphql::guard::Limits;

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
    pub serve: ServeArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API and the playground (the default).
    Serve(Box<ServeArgs>),
    /// Check a data folder and report every problem with file:line:column.
    /// Exits non-zero when there is any.
    Validate {
        /// The data folder (default: the data built into the binary).
        dir: Option<PathBuf>,
    },
    /// Print the GraphQL schema (SDL), as checked in at schema/schema.graphql.
    Schema,
    /// Write a synthetic data set in the bulk JSON Lines format (for
    /// benchmarks); the same arguments always give the same files.
    Generate(GenerateArgs),
}

/// Options of `generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// Number of entities.
    #[arg(long, default_value_t = 1_000_000)]
    pub entities: usize,
    /// Number of relations.
    #[arg(long, default_value_t = 5_000_000)]
    pub relations: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output folder (created if missing; serve it with `--data DIR`).
    #[arg(long)]
    pub out: PathBuf,
}

/// Options of `serve`. Every limit can also be set in a TOML file given
/// with `--config` (keys as the long flags, with `_` for `-`); flags and
/// environment variables win over the file, the file over the defaults.
#[derive(Debug, Clone, Default, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "INNOGRAPH_BIND")]
    pub bind: Option<SocketAddr>,
    /// Serve this data folder instead of the built-in data.
    #[arg(long, env = "INNOGRAPH_DATA")]
    pub data: Option<PathBuf>,
    /// A TOML file with any of these settings.
    #[arg(long, env = "INNOGRAPH_CONFIG")]
    pub config: Option<PathBuf>,
    /// Worker threads [default: one per core].
    #[arg(long, env = "INNOGRAPH_WORKERS")]
    pub workers: Option<usize>,
    /// Largest request body accepted, in bytes; larger gets 413 [default: 1048576].
    #[arg(long, env = "INNOGRAPH_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Time limit for executing one request, in milliseconds; over it gets 503 [default: 10000].
    #[arg(long, env = "INNOGRAPH_TIMEOUT_MS")]
    pub timeout_ms: Option<u64>,
    /// Most operations in one batched (JSON array) request; 0 refuses batches [default: 0].
    #[arg(long, env = "INNOGRAPH_MAX_BATCH")]
    pub max_batch: Option<usize>,
    /// Largest GraphQL document, in bytes [default: 32768].
    #[arg(long, env = "INNOGRAPH_MAX_DOCUMENT_BYTES")]
    pub max_document_bytes: Option<usize>,
    /// Most lexical tokens in a document [default: 5000].
    #[arg(long, env = "INNOGRAPH_MAX_TOKENS")]
    pub max_tokens: Option<usize>,
    /// Deepest field nesting [default: 16].
    #[arg(long, env = "INNOGRAPH_MAX_DEPTH")]
    pub max_depth: Option<usize>,
    /// Most aliases, fragments expanded [default: 50].
    #[arg(long, env = "INNOGRAPH_MAX_ALIASES")]
    pub max_aliases: Option<u64>,
    /// Most top-level fields in an operation [default: 20].
    #[arg(long, env = "INNOGRAPH_MAX_ROOT_FIELDS")]
    pub max_root_fields: Option<usize>,
    /// Most directives, fragments expanded [default: 50].
    #[arg(long, env = "INNOGRAPH_MAX_DIRECTIVES")]
    pub max_directives: Option<u64>,
    /// Most field selections once fragments are expanded [default: 2000].
    #[arg(long, env = "INNOGRAPH_MAX_SELECTIONS")]
    pub max_selections: Option<u64>,
    /// Highest complexity: 1 per field, children multiplied by `first`/`limit` [default: 50000].
    #[arg(long, env = "INNOGRAPH_MAX_COMPLEXITY")]
    pub max_complexity: Option<u64>,
    /// Turn off introspection (and with it the playground's docs) and "did
    /// you mean" suggestions in error messages.
    #[arg(long, env = "INNOGRAPH_NO_INTROSPECTION")]
    pub no_introspection: bool,
    /// Log lines as text or as JSON objects (one per line), on stderr.
    #[arg(long, env = "INNOGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// The settings a server runs with, once flags, environment, the config
/// file and defaults are combined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Worker threads (`None`: one per core).
    pub workers: Option<usize>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Time limit for one request.
    pub timeout: Duration,
    /// Most operations in a batch (0: batches refused).
    pub max_batch: usize,
    /// Limits on GraphQL documents.
    pub document: Limits,
    /// Introspection and suggestions on.
    pub introspection: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: None,
            max_body_bytes: 1 << 20,
            timeout: Duration::from_secs(10),
            max_batch: 0,
            document: Limits::default(),
            introspection: true,
        }
    }
}

/// The config file's shape: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<SocketAddr>,
    workers: Option<usize>,
    max_body_bytes: Option<usize>,
    timeout_ms: Option<u64>,
    max_batch: Option<usize>,
    max_document_bytes: Option<usize>,
    max_tokens: Option<usize>,
    max_depth: Option<usize>,
    max_aliases: Option<u64>,
    max_root_fields: Option<usize>,
    max_directives: Option<u64>,
    max_selections: Option<u64>,
    max_complexity: Option<u64>,
    no_introspection: Option<bool>,
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read config file {path}: {source}")]
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
    /// A setting is out of range.
    #[error("setting `{0}` must be at least 1")]
    Zero(&'static str),
}

impl ServeArgs {
    /// Combines flags and environment (already in `self`), the config file
    /// and the defaults.
    ///
    /// ```
    /// use innograph::config::ServeArgs;
    /// let args = ServeArgs { max_depth: Some(8), ..Default::default() };
    /// let s = args.settings().unwrap();
    /// assert_eq!(s.document.max_depth, 8);
    /// assert_eq!(s.max_body_bytes, 1 << 20);
    /// ```
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let file = match &self.config {
            None => FileSettings::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
                    path: path.clone(),
                    source,
                })?;
                toml::from_str(&text).map_err(|e| {
                    let (line, column) = e
                        .span()
                        .map(|s| line_column(&text, s.start))
                        .unwrap_or((1, 1));
                    ConfigError::Invalid {
                        path: path.clone(),
                        line,
                        column,
                        message: e.message().to_owned(),
                    }
                })?
            }
        };
        let d = Settings::default();
        let l = Limits::default();
        let s = Settings {
            bind: self.bind.or(file.bind).unwrap_or(d.bind),
            workers: self.workers.or(file.workers),
            max_body_bytes: self
                .max_body_bytes
                .or(file.max_body_bytes)
                .unwrap_or(d.max_body_bytes),
            timeout: self
                .timeout_ms
                .or(file.timeout_ms)
                .map_or(d.timeout, Duration::from_millis),
            max_batch: self.max_batch.or(file.max_batch).unwrap_or(d.max_batch),
            document: Limits {
                max_bytes: self
                    .max_document_bytes
                    .or(file.max_document_bytes)
                    .unwrap_or(l.max_bytes),
                max_tokens: self.max_tokens.or(file.max_tokens).unwrap_or(l.max_tokens),
                max_depth: self.max_depth.or(file.max_depth).unwrap_or(l.max_depth),
                max_aliases: self
                    .max_aliases
                    .or(file.max_aliases)
                    .unwrap_or(l.max_aliases),
                max_root_fields: self
                    .max_root_fields
                    .or(file.max_root_fields)
                    .unwrap_or(l.max_root_fields),
                max_directives: self
                    .max_directives
                    .or(file.max_directives)
                    .unwrap_or(l.max_directives),
                max_selections: self
                    .max_selections
                    .or(file.max_selections)
                    .unwrap_or(l.max_selections),
                max_complexity: self
                    .max_complexity
                    .or(file.max_complexity)
                    .unwrap_or(l.max_complexity),
            },
            introspection: !(self.no_introspection || file.no_introspection.unwrap_or(false)),
        };
        for (name, value) in [
            ("max_body_bytes", s.max_body_bytes),
            ("timeout_ms", s.timeout.as_millis() as usize),
            ("max_document_bytes", s.document.max_bytes),
            ("max_tokens", s.document.max_tokens),
            ("max_depth", s.document.max_depth),
            ("max_root_fields", s.document.max_root_fields),
            ("max_selections", s.document.max_selections as usize),
            ("max_complexity", s.document.max_complexity as usize),
        ] {
            if value == 0 {
                return Err(ConfigError::Zero(name));
            }
        }
        Ok(s)
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
