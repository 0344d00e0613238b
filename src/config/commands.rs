//! The arguments of the subcommands other than `serve` (whose options,
//! shared with the config file, live in the parent module).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::journal::{self, keys::Scope};

/// Options of `keys`.
#[derive(Debug, Clone, Args)]
pub struct KeysArgs {
    /// The journal the keys live in (the one `serve` uses): a file, or a
    /// `postgres://` URL.
    #[arg(long, global = true, env = journal::PATH_ENV, default_value = journal::DEFAULT_PATH)]
    pub journal: String,
    /// What to do with keys.
    #[command(subcommand)]
    pub command: KeysCommand,
}

/// The `keys` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum KeysCommand {
    /// Create a key and print it (only the key, on stdout): it is shown
    /// this once and stored only as a hash. Creates the journal if missing.
    Create {
        /// Who or what uses the key: 1 to 64 letters, digits, `-`, `_`, `.`.
        #[arg(long)]
        name: String,
        /// What it may do: read, curate (read and change the graph) or
        /// admin (and manage keys).
        #[arg(long)]
        scope: Scope,
    },
    /// List the keys: name, scope, prefix, when created and revoked (never
    /// a secret).
    List,
    /// Revoke a key by name: it stops working at once.
    Revoke {
        /// The key's name.
        name: String,
    },
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

/// Options of `export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// What to write: `toml` and `jsonl` load back with `--data`; `graphml`,
    /// `neo4j` and `turtle` are for other tools.
    #[arg(long, value_enum)]
    pub format: crate::export::Format,
    /// Output folder (created if missing; it must be empty unless --force),
    /// also for the one-file formats: `graphml` writes
    /// `OUT/innograph.graphml`, `turtle` `OUT/innograph.ttl`.
    #[arg(long)]
    pub out: PathBuf,
    /// For `--format turtle`: the IRI everything is named under
    /// (`<BASE>company/apple`, the vocabulary at `<BASE>vocab/`); an
    /// absolute IRI ending in `/` or `#`.
    #[arg(long, default_value = crate::export::DEFAULT_BASE_IRI)]
    pub base_iri: String,
    /// The data folder to export (default: the data built into the binary).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Export the graph as curated: the journal's changes replayed over the
    /// data. Without it, the data alone.
    #[arg(long)]
    pub journal: Option<String>,
    /// Write into a folder that is not empty: its data files (every `*.toml`
    /// under it, the `*.jsonl` of the bulk format) and the other formats'
    /// files (`innograph.graphml`, `innograph.ttl`, `*.csv`, `import.cypher`)
    /// are removed first, other files are kept.
    #[arg(long)]
    pub force: bool,
}

/// Options of `schema`.
#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// Print the Apollo Federation v2 subgraph SDL instead: what
    /// `serve --federation` answers to `_service { sdl }`.
    #[arg(long)]
    pub federation: bool,
}
