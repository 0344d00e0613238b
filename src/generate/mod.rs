//! A deterministic generator of synthetic data sets in the bulk JSON Lines
//! format, so that benchmarks (for example 1,000,000 entities and 5,000,000
//! relations) can be reproduced by anyone from three numbers.
//!
//! [`generate`] writes a directory with four files, one JSON object per line,
//! whose field names are those of the TOML data files (`data/README.md`):
//!
//! | file | holds |
//! |---|---|
//! | `sources.jsonl` | [`SOURCES`] synthetic articles `synthetic-001` ... |
//! | `entities.jsonl` | exactly [`Options::entities`] entities, in id order |
//! | `relations.jsonl` | [`Options::relations`] relations (see [`Summary::relations`]) |
//! | `facts.jsonl` | about 0.3 facts per entity |
//!
//! Everything obeys the loader's rules: ids are `<kind>/s<i>`, attribute keys
//! are allowed on their kind, dates parse as [`Period`](crate::model::Period),
//! relations join kinds that
//! [`RelationType::allows`](crate::model::RelationType::allows), there are no
//! self loops and no duplicate `(from, type, to)` triples, `part_of` never
//! forms a cycle, and every record cites one or two existing sources. The
//! lines are the loader's own record types (`load::bulk::records`), so what
//! is written is what is read.
//!
//! # Ids
//!
//! Entity number `i` (0-based, over all kinds) has the id `<kind>/s<i>`, and
//! its kind is a pure function of `i` and the total: the kinds occupy
//! contiguous ranges in the order region (1 %, at least 5), park (4 %),
//! institution (6 %), company (the rest, about 61 %), person (12 %),
//! policy (5 %), event (6 %), project (5 %). Load scripts can therefore pick
//! random ids without reading the files: see [`kind_of`], [`range_of`] and
//! [`id_of`].
//!
//! # Structure
//!
//! Regions form a tree (`part_of`): region 0 is the city, the next (up to) 16
//! are its districts and the rest are towns and zones spread over the
//! districts. Every entity gets one "backbone" relation (companies in parks or
//! districts, people leading or working for organisations, policies issued by
//! regions ...), so that with `relations >= entities` nothing is isolated. The
//! remaining relations are drawn from a weighted mix of plausible templates
//! whose hub ends (parks, districts, big institutions, policies, popular
//! events, investors) are picked with a Zipf-like law, so degrees are heavy
//! tailed: a few entities have tens of thousands of relations at 1M/5M, most
//! have a handful.
//!
//! # Determinism
//!
//! The same [`Options`] give byte-identical files on every platform: the only
//! source of randomness is `ChaCha8Rng::seed_from_u64(seed)` (one stream per
//! file), and every draw uses integer arithmetic or exactly rounded `f64`
//! operations, never the platform's `exp`/`ln`. A new version of this module
//! may change the output for a given seed.
//!
//! # Code
//!
//! `layout.rs` (the kinds' id ranges, the region tree), `random.rs`
//! (sampling), `relations.rs` (backbone and templates), `entities.rs` (the
//! entity loop) with `text/` (names and descriptions, one function per
//! kind), `facts.rs`, `values.rs` (ids, dates, attributes, the output
//! file), `words.rs` (the word lists) and `tests.rs`. Each draw order is
//! part of the output: a refactoring must keep the files byte-identical.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod entities;
mod facts;
mod layout;
mod random;
mod relations;
mod text;
mod values;
mod words;

#[cfg(test)]
mod tests;

pub use layout::{id_of, kind_of, range_of};

use crate::load::bulk::records::{SourceLine, Str};
use layout::Layout;
use random::Gen;
use values::{show, source_id, Day, Out};
use words::{OUTLETS, PLACES, TECH};

/// The fewest entities [`generate`] accepts (so that every kind is present).
pub const MIN_ENTITIES: usize = 100;

/// The most relations per entity, on average, that [`generate`] accepts.
pub const MAX_RELATIONS_PER_ENTITY: usize = 100;

/// The number of synthetic sources written to `sources.jsonl`.
pub const SOURCES: usize = 50;

/// What to generate.
///
/// ```
/// let options = innograph::generate::Options { entities: 1_000, relations: 5_000, seed: 7 };
/// assert_eq!(options.relations, 5 * options.entities);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Options {
    /// The number of entities (exact; at least [`MIN_ENTITIES`]).
    pub entities: usize,
    /// The number of relations wanted (at most
    /// [`MAX_RELATIONS_PER_ENTITY`] times `entities`).
    pub relations: usize,
    /// The seed of the random number generator.
    pub seed: u64,
}

/// How many records [`generate`] wrote.
///
/// ```
/// let out = std::env::temp_dir().join(format!("innograph-summary-doc-{}", std::process::id()));
/// let options = innograph::generate::Options { entities: 100, relations: 300, seed: 1 };
/// let summary = innograph::generate::generate(&options, &out)?;
/// assert_eq!((summary.entities, summary.relations, summary.sources), (100, 300, 50));
/// assert!(summary.facts > 0);
/// std::fs::remove_dir_all(&out)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Summary {
    /// Lines in `entities.jsonl` (always [`Options::entities`]).
    pub entities: usize,
    /// Lines in `relations.jsonl`: [`Options::relations`] unless the
    /// no-duplicate rule made that many impossible to find.
    pub relations: usize,
    /// Lines in `facts.jsonl`.
    pub facts: usize,
    /// Lines in `sources.jsonl` (always [`SOURCES`]).
    pub sources: usize,
}

/// Why [`generate`] failed.
///
/// ```
/// use innograph::generate::{generate, GenerateError, Options};
/// let out = std::env::temp_dir().join("innograph-never-written");
/// let err = generate(&Options { entities: 3, relations: 3, seed: 0 }, &out).unwrap_err();
/// assert!(matches!(err, GenerateError::TooSmall { entities: 3, .. }));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// Creating the output directory or writing a file failed.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Fewer entities than [`MIN_ENTITIES`] were asked for.
    #[error("at least {min} entities are needed, {entities} were asked for")]
    TooSmall {
        /// The number asked for.
        entities: usize,
        /// [`MIN_ENTITIES`].
        min: usize,
    },
    /// More than [`MAX_RELATIONS_PER_ENTITY`] relations per entity were asked for.
    #[error("{relations} relations is more than {max} ({MAX_RELATIONS_PER_ENTITY} per entity)")]
    TooDense {
        /// The number asked for.
        relations: usize,
        /// The most allowed for the number of entities.
        max: usize,
    },
    /// The duplicate check for that many relations does not fit in memory.
    #[error("cannot allocate the duplicate check for {relations} relations")]
    OutOfMemory {
        /// The number asked for.
        relations: usize,
    },
}

/// Writes a synthetic data set for `options` into the directory `out`
/// (created if missing; existing files of the same names are replaced) and
/// says how many records it wrote.
///
/// Entities and facts are written on one thread and relations on another;
/// the output does not depend on scheduling.
///
/// ```
/// use innograph::generate::{generate, Options};
/// let out = std::env::temp_dir().join(format!("innograph-generate-doc-{}", std::process::id()));
/// let summary = generate(&Options { entities: 200, relations: 800, seed: 42 }, &out)?;
/// assert_eq!(summary.entities, 200);
/// assert_eq!(summary.relations, 800);
/// let first = std::fs::read_to_string(out.join("entities.jsonl"))?;
/// assert!(first.starts_with(r#"{"id":"region/s0","kind":"region""#));
/// std::fs::remove_dir_all(&out)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate(options: &Options, out: &Path) -> Result<Summary, GenerateError> {
    if options.entities < MIN_ENTITIES {
        return Err(GenerateError::TooSmall {
            entities: options.entities,
            min: MIN_ENTITIES,
        });
    }
    let max = options.entities.saturating_mul(MAX_RELATIONS_PER_ENTITY);
    if options.relations > max {
        return Err(GenerateError::TooDense {
            relations: options.relations,
            max,
        });
    }
    std::fs::create_dir_all(out).map_err(|source| GenerateError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let layout = Layout::new(options.entities);
    let sources = write_sources(options.seed, out)?;
    let (entities, relations) = std::thread::scope(|s| {
        let relations = s.spawn(|| relations::write_relations(options, layout, out));
        let entities = entities::write_entities(options, layout, out);
        let relations = relations
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (entities, relations)
    });
    let facts = entities?;
    let relations = relations?;
    Ok(Summary {
        entities: options.entities,
        relations,
        facts,
        sources,
    })
}

fn write_sources(seed: u64, dir: &Path) -> Result<usize, GenerateError> {
    let mut g = Gen::new(seed, 0);
    let mut out = Out::create(dir.join("sources.jsonl"))?;
    let (mut title, mut date_text) = (String::new(), String::new());
    for n in 0..SOURCES {
        title.clear();
        let place = g.skewed(PLACES);
        let tech = g.skewed(TECH);
        let _ = match g.below(4) {
            0 => write!(title, "{place} bets on {tech}"),
            1 => write!(title, "{tech} start-ups find a home in {place}"),
            2 => write!(title, "How {place} grew its {tech} cluster"),
            _ => write!(title, "New support for {tech} firms in {place}"),
        };
        let date = Day {
            y: 2015 + g.below(10) as u16,
            m: 1 + g.below(12) as u8,
            d: if g.chance(700) {
                1 + g.below(28) as u8
            } else {
                0
            },
        };
        out.line(&SourceLine {
            id: source_id(n),
            title: Str::from(title.as_str()),
            file: None,
            outlet: Some(Str::from(g.pick(OUTLETS))),
            date: Some(show(&mut date_text, date)),
            date_note: None,
            url: None,
        })?;
    }
    out.finish()?;
    Ok(SOURCES)
}
