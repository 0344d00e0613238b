//! The `innograph` command: serve (default), validate, schema, generate,
//! keys, export.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use innograph::config::{
    Command, ExportArgs, GenerateArgs, KeysArgs, KeysCommand, ServeOptions, Settings,
};
use innograph::journal::keys::KeyRecord;
use innograph::journal::location::Location;
use innograph::journal::{BaseInfo, Journal, JournalKeys};
use innograph::load::{self, LoadError};
use innograph::store::Store;

/// mimalloc: loading a million entities allocates and frees tens of millions
/// of small strings, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let result = match innograph::config::parse() {
        Err(e) => Err(anyhow::Error::new(e)),
        Ok((command, options)) => match command {
            Some(Command::Validate { dir }) => validate(dir),
            Some(Command::Schema(args)) => {
                if args.federation {
                    print!("{}", innograph::graphql::federation_sdl());
                } else {
                    print!("{}", innograph::graphql::sdl());
                }
                Ok(ExitCode::SUCCESS)
            }
            Some(Command::Generate(args)) => generate(args),
            Some(Command::Keys(args)) => keys(args),
            Some(Command::Export(args)) => export(args),
            Some(Command::Serve(_)) | None => serve(options),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Turns transparent huge pages off for this process (Linux). mimalloc
/// asks for them on its memory, and the first touch of each 2 MiB page
/// then zeroes it, or waits for the kernel to compact memory, inside
/// whichever thread touched it. Measured on the 1M graph under a flood of
/// 2,000 writes/s (benches/curation.rs), the HTTP worker stalled for
/// 10-16 ms at a time, several times a second. Its event loop's 99.9th
/// percentile lag was 11-15 ms with huge pages and 3-4 ms without. The
/// read p99 during the flood was 2.5-6 ms with them and 1.4 ms without.
/// CPU per request was the same either way, on search at 100k and on the
/// entity query. A failure (an old kernel, a sandbox) leaves them on.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    if let Err(e) = nix::sys::prctl::set_thp_disable(true) {
        eprintln!("innograph: transparent huge pages stay on ({e})");
    }
}

fn load_store(dir: Option<&std::path::Path>) -> Result<Store, LoadError> {
    match dir {
        Some(d) => load::from_dir(d),
        None => load::builtin(),
    }
}

/// Validates a data folder (or the built-in data): every problem fails it;
/// warnings (`file:line:column: warning: ...`, on stderr) do not.
fn validate(dir: Option<std::path::PathBuf>) -> anyhow::Result<ExitCode> {
    let what = dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "built-in data".into());
    let checked = match dir.as_deref() {
        Some(d) => load::check_dir(d),
        None => load::check_builtin(),
    };
    match checked {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            if loaded.omitted_warnings > 0 {
                eprintln!("{}", load::and_more(loaded.omitted_warnings, "warning"));
            }
            let n = loaded.warnings.len() + loaded.omitted_warnings;
            let warned = match n {
                0 => String::new(),
                1 => ", 1 warning".to_owned(),
                n => format!(", {n} warnings"),
            };
            println!(
                "{what}: ok, {}{warned}",
                innograph::http::summary(&loaded.store)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(LoadError::Invalid(report)) => {
            eprintln!("{report}");
            eprintln!("{what}: invalid");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e).with_context(|| format!("cannot validate {what}")),
    }
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let options = innograph::generate::Options {
        entities: args.entities,
        relations: args.relations,
        seed: args.seed,
    };
    let summary = innograph::generate::generate(&options, &args.out)
        .with_context(|| format!("cannot generate into {}", args.out.display()))?;
    println!(
        "innograph: wrote {} entities, {} relations, {} facts, {} sources to {} in {:.1} s",
        summary.entities,
        summary.relations,
        summary.facts,
        summary.sources,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `keys create | list | revoke`. `create` prints only the key on stdout
/// (a note on stderr); `list` prints a table without secrets or hashes.
fn keys(args: KeysArgs) -> anyhow::Result<ExitCode> {
    let location = Location::from(args.journal.as_str());
    let shown = location.to_string();
    let journal = match &args.command {
        KeysCommand::Create { .. } => location.open(),
        KeysCommand::List | KeysCommand::Revoke { .. } => location.open_existing(),
    }
    .context("cannot open the journal")?;
    let store = journal.keys();
    match &args.command {
        KeysCommand::Create { name, scope } => {
            let made = store
                .create(name, *scope)
                .with_context(|| format!("cannot create key `{name}` in {shown}"))?;
            println!("{}", made.key);
            eprintln!(
                "innograph: created key `{name}` (scope {}, prefix ig_{}) in {shown}; \
                 it is shown only this once",
                scope.as_str(),
                made.record.prefix
            );
        }
        KeysCommand::List => {
            let records = store
                .list()
                .with_context(|| format!("cannot list the keys in {shown}"))?;
            print!("{}", key_table(&records));
            if records.is_empty() {
                eprintln!("innograph: no keys in {shown}");
            }
        }
        KeysCommand::Revoke { name } => {
            store
                .revoke(name)
                .with_context(|| format!("cannot revoke key `{name}` in {shown}"))?;
            eprintln!("innograph: revoked key `{name}` in {shown}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the data (refusing invalid data, as `serve` does) and writes it out.
fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let store = match load_store(args.data.as_deref()) {
        Ok(s) => s,
        Err(LoadError::Invalid(report)) => {
            eprintln!("{report}");
            anyhow::bail!("refusing to export: the data is invalid (see above)");
        }
        Err(e) => return Err(e).context("cannot load data"),
    };
    let store = match &args.journal {
        None => Arc::new(store),
        Some(location) => {
            let location = Location::from(location.as_str());
            let journal = location
                .open_existing()
                .with_context(|| format!("cannot open the journal {location}"))?;
            let info = base_info(args.data.as_deref())?;
            let snapshot = innograph::curation::replay::replay(store, &info, journal.as_ref())
                .with_context(|| format!("cannot replay the journal {location}"))?;
            println!(
                "innograph: the journal {location} replayed to revision {}",
                snapshot.revision()
            );
            snapshot.store
        }
    };
    let options = innograph::export::Options {
        force: args.force,
        base_iri: args.base_iri.clone(),
    };
    let summary = innograph::export::write_with(&store, args.format, &args.out, &options)
        .with_context(|| format!("cannot export to {}", args.out.display()))?;
    println!(
        "innograph: exported {} entities, {} relations, {} facts, {} sources as {} ({} files) to {} in {:.1} s",
        summary.entities,
        summary.relations,
        summary.facts,
        summary.sources,
        args.format,
        summary.files,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    if summary.facts_reordered + summary.relations_reordered > 0 {
        eprintln!(
            "innograph: note: {} entities' facts and {} relations go to the files of their first sources out of file order; they will read back in file order",
            summary.facts_reordered, summary.relations_reordered
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The keys as an aligned table (times in UTC).
fn key_table(records: &[KeyRecord]) -> String {
    let mut rows = vec![["name", "scope", "prefix", "created", "revoked"].map(String::from)];
    for r in records {
        rows.push([
            r.name.clone(),
            r.scope.as_str().to_owned(),
            format!("ig_{}", r.prefix),
            innograph::curation::time_text(r.created_ms),
            r.revoked_ms
                .map_or_else(|| "-".to_owned(), innograph::curation::time_text),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|row| row[i].len()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// What a journal's changes were made over: the data's content hash and
/// where it came from.
fn base_info(data: Option<&std::path::Path>) -> anyhow::Result<BaseInfo> {
    Ok(match data {
        Some(d) => BaseInfo {
            hash: load::hash::of_dir(d).context("cannot hash the data")?,
            description: d.display().to_string(),
        },
        None => BaseInfo {
            hash: load::hash::builtin(),
            description: "built-in data".into(),
        },
    })
}

fn serve(args: ServeOptions) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let settings = Settings::from_options(&args)?;
    innograph::logs::init(settings.log_format, settings.access_log);
    let store = match load_store(args.data.as_deref()) {
        Ok(s) => s,
        Err(LoadError::Invalid(report)) => {
            eprintln!("{report}");
            anyhow::bail!("refusing to start: the data is invalid (see above)");
        }
        Err(e) => return Err(e).context("cannot load data"),
    };
    let loaded_in = started.elapsed().as_secs_f64();
    let source = args
        .data
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "built-in data".into());
    let listener = std::net::TcpListener::bind(settings.bind.as_str())
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let addr = listener.local_addr()?;
    let (state, journal_note) = match &settings.journal {
        None => (
            innograph::http::AppState::new(Arc::new(store), &settings),
            "read-only, no journal".to_owned(),
        ),
        Some(location) => {
            let info = base_info(args.data.as_deref())?;
            let journal: Arc<dyn Journal> = location
                .open()
                .with_context(|| format!("cannot open the journal {location}"))?;
            let replay_started = std::time::Instant::now();
            let curated = innograph::curation::start::open(store, &info, journal.clone())
                .with_context(|| format!("cannot serve the journal {location}"))?;
            let revision = curated.live.snapshot().revision();
            let replayed_in = replay_started.elapsed().as_secs_f64();
            let keys = Arc::new(JournalKeys(journal));
            (
                innograph::http::AppState::curated(curated, keys, &settings),
                format!(
                    "journal {location} at revision {revision}, replayed in {replayed_in:.2} s"
                ),
            )
        }
    };
    let summary = innograph::http::summary(&state.live.snapshot().store);
    println!(
        "innograph: {summary} from {source} ({journal_note}), data loaded in {loaded_in:.2} s, ready in {:.2} s\ninnograph: playground at http://{addr}/  (GraphQL endpoint http://{addr}/graphql)",
        started.elapsed().as_secs_f64()
    );
    actix_web::rt::System::new().block_on(async move {
        let server = innograph::http::server(listener, state.clone())?;
        actix_web::rt::spawn(innograph::http::shutdown_on_signal(server.handle(), state));
        server.await
    })?;
    println!("innograph: stopped");
    Ok(ExitCode::SUCCESS)
}
