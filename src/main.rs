//! The `innograph` command: serve (default), validate, schema.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser;
use innograph::config::{Cli, Command, ServeArgs};
use innograph::load::{self, LoadError};
use innograph::store::Store;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Validate { dir }) => validate(dir),
        Some(Command::Schema) => {
            print!("{}", innograph::graphql::sdl());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Serve(args)) => serve(args),
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

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let store = match load_store(args.data.as_deref()) {
        Ok(s) => Arc::new(s),
        Err(LoadError::Invalid(report)) => {
            eprintln!("{report}");
            anyhow::bail!("refusing to start: the data is invalid (see above)");
        }
        Err(e) => return Err(e).context("cannot load data"),
    };
    let listener = std::net::TcpListener::bind(args.bind)
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    let source = args
        .data
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "built-in data".into());
    println!(
        "innograph: {} from {source}\ninnograph: playground at http://{addr}/  (GraphQL endpoint http://{addr}/graphql)",
        innograph::http::summary(&store)
    );
    let state = innograph::http::AppState::new(store, &args);
    let server = innograph::http::server(listener, state, args.workers)?;
    actix_web::rt::System::new().block_on(server)?;
    println!("innograph: stopped");
    Ok(ExitCode::SUCCESS)
}
