//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    Serve(ServeArgs),
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

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "INNOGRAPH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Serve this data folder instead of the built-in data.
    #[arg(long, env = "INNOGRAPH_DATA")]
    pub data: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, env = "INNOGRAPH_WORKERS")]
    pub workers: Option<usize>,
    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, env = "INNOGRAPH_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Time limit for executing one request, in milliseconds (over: 503).
    #[arg(long, env = "INNOGRAPH_TIMEOUT_MS", default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// Turn off introspection (and with it the playground's docs).
    #[arg(long, env = "INNOGRAPH_NO_INTROSPECTION")]
    pub no_introspection: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data: None,
            workers: None,
            max_body_bytes: 1 << 20,
            timeout_ms: 10_000,
            no_introspection: false,
        }
    }
}
