//! The `innograph` command: serve (default), validate, schema, generate.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser;
use innograph::config::{Cli, Command, GenerateArgs, LogFormat, ServeArgs};
use innograph::load::{self, LoadError};
use innograph::store::Store;

/// mimalloc: loading a million entities allocates and frees tens of millions
/// of small strings, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Validate { dir }) => validate(dir),
        Some(Command::Schema) => {
            print!("{}", innograph::graphql::sdl());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Generate(args)) => generate(args),
        Some(Command::Serve(args)) => serve(*args),
        None => serve(cli.serve),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn load_store(dir: Option<&std::path::Path>) -> Result<Store, LoadError> {
    match dir {
        Some(d) => load::from_dir(d),
        None => load::builtin(),
    }
}

fn validate(dir: Option<std::path::PathBuf>) -> anyhow::Result<ExitCode> {
    let what = dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "built-in data".into());
    match load_store(dir.as_deref()) {
        Ok(store) => {
            println!("{what}: ok, {}", innograph::http::summary(&store));
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

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter);
    match args.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    let settings = args.settings()?;
    let store = match load_store(args.data.as_deref()) {
        Ok(s) => Arc::new(s),
        Err(LoadError::Invalid(report)) => {
            eprintln!("{report}");
            anyhow::bail!("refusing to start: the data is invalid (see above)");
        }
        Err(e) => return Err(e).context("cannot load data"),
    };
    let listener = std::net::TcpListener::bind(settings.bind)
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let addr = listener.local_addr()?;
    let source = args
        .data
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "built-in data".into());
    let summary = innograph::http::summary(&store);
    let state = innograph::http::AppState::new(store, &settings);
    println!(
        "innograph: {summary} from {source}, ready in {:.2} s\ninnograph: playground at http://{addr}/  (GraphQL endpoint http://{addr}/graphql)",
        started.elapsed().as_secs_f64()
    );
    actix_web::rt::System::new().block_on(async move {
        let server = innograph::http::server(listener, state.clone(), settings.workers)?;
        actix_web::rt::spawn(innograph::http::shutdown_on_signal(server.handle(), state));
        server.await
    })?;
    println!("innograph: stopped");
    Ok(ExitCode::SUCCESS)
}
