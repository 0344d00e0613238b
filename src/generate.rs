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
//! relations join kinds that [`RelationType::allows`], there are no self loops
//! and no duplicate `(from, type, to)` triples, `part_of` never forms a cycle,
//! and every record cites one or two existing sources.
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

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{BufWriter, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use serde::ser::{SerializeSeq as _, Serializer};
use serde::Serialize;

use crate::model::{EntityKind, RelationType};

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

// ---------------------------------------------------------------------------
// Id layout

/// The kinds in the order of their id ranges, with their share in per mille
/// (0: the company range takes the rest).
const LAYOUT: [(EntityKind, usize); 8] = [
    (EntityKind::Region, 10),
    (EntityKind::Park, 40),
    (EntityKind::Institution, 60),
    (EntityKind::Company, 0),
    (EntityKind::Person, 120),
    (EntityKind::Policy, 50),
    (EntityKind::Event, 60),
    (EntityKind::Project, 50),
];

/// The fewest regions: the city and a few districts.
const MIN_REGIONS: usize = 5;

#[derive(Debug, Clone, Copy)]
struct Layout {
    /// Slot `s` covers `starts[s]..starts[s + 1]`.
    starts: [usize; 9],
}

impl Layout {
    fn new(total: usize) -> Self {
        let mut lens = [0usize; 8];
        let mut others = 0usize;
        let mut rest_slot = 0;
        for (slot, &(kind, per_mille)) in LAYOUT.iter().enumerate() {
            if per_mille == 0 {
                rest_slot = slot;
                continue;
            }
            let min = if kind == EntityKind::Region {
                MIN_REGIONS
            } else {
                1
            };
            let share = (total as u128 * per_mille as u128 / 1000) as usize;
            lens[slot] = share.max(min);
            others = others.saturating_add(lens[slot]);
        }
        lens[rest_slot] = total.saturating_sub(others);
        let mut starts = [0usize; 9];
        for slot in 0..8 {
            starts[slot + 1] = starts[slot].saturating_add(lens[slot]);
        }
        Layout { starts }
    }

    fn slot(kind: EntityKind) -> usize {
        LAYOUT.iter().position(|&(k, _)| k == kind).unwrap_or(0)
    }

    fn range(&self, kind: EntityKind) -> Range<usize> {
        let s = Self::slot(kind);
        self.starts[s]..self.starts[s + 1]
    }

    fn kind_of(&self, i: usize) -> EntityKind {
        (0..8)
            .find(|&s| i < self.starts[s + 1])
            .map_or(LAYOUT[7].0, |s| LAYOUT[s].0)
    }
}

/// The kind of entity number `i` in a data set of `total` entities.
///
/// Kinds occupy contiguous ranges (see the [module docs](self)); the layout
/// is defined for `total >= MIN_ENTITIES`. For `i >= total` the result is the
/// kind of the last range ([`EntityKind::Project`]).
///
/// ```
/// use innograph::generate::kind_of;
/// use innograph::model::EntityKind;
/// assert_eq!(kind_of(0, 1_000_000), EntityKind::Region);
/// assert_eq!(kind_of(500_000, 1_000_000), EntityKind::Company);
/// assert_eq!(kind_of(999_999, 1_000_000), EntityKind::Project);
/// ```
pub fn kind_of(i: usize, total: usize) -> EntityKind {
    Layout::new(total).kind_of(i)
}

/// The entity numbers of one kind in a data set of `total` entities.
///
/// ```
/// use innograph::generate::{id_of, range_of};
/// use innograph::model::EntityKind;
/// let parks = range_of(EntityKind::Park, 1_000_000);
/// assert_eq!(parks.len(), 40_000);
/// assert_eq!(id_of(parks.start, 1_000_000), format!("park/s{}", parks.start));
/// ```
pub fn range_of(kind: EntityKind, total: usize) -> Range<usize> {
    Layout::new(total).range(kind)
}

/// The id of entity number `i` in a data set of `total` entities:
/// `<kind>/s<i>` with the kind from [`kind_of`].
///
/// ```
/// use innograph::generate::id_of;
/// assert_eq!(id_of(0, 1_000_000), "region/s0");
/// assert_eq!(id_of(123_456, 1_000_000), "company/s123456");
/// let id: innograph::model::EntityId = id_of(42, 1_000).parse().unwrap();
/// assert_eq!(id.slug(), "s42");
/// ```
pub fn id_of(i: usize, total: usize) -> String {
    format!("{}/s{i}", kind_of(i, total))
}

/// The parent of region `j` (counted within the region range): the city has
/// none, districts are part of the city, towns of a district.
fn region_parent(j: usize, regions: usize) -> Option<usize> {
    let districts = DISTRICTS.len().min(regions.saturating_sub(1));
    match j {
        0 => None,
        _ if j <= districts => Some(0),
        _ => Some(1 + (j - districts - 1) % districts.max(1)),
    }
}

// ---------------------------------------------------------------------------
// Randomness: integer-only sampling on top of ChaCha8.

struct Gen(ChaCha8Rng);

impl Gen {
    fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Gen(rng)
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (0 when `n` is 0), by Lemire's method.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        if n <= 1 {
            return 0;
        }
        let mut m = u128::from(self.next()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next()) * u128::from(n);
            }
        }
        (m >> 64) as usize
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Mildly skewed towards the front: the smaller of two uniform draws.
    fn skewed<T: Copy>(&mut self, items: &[T]) -> T {
        let a = self.below(items.len());
        let b = self.below(items.len());
        items[a.min(b)]
    }

    /// Index `0..n` with P(rank) roughly proportional to 1/(rank + 1): an
    /// octave `b` is chosen uniformly, then a rank uniformly within it.
    fn zipf(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let octaves = (usize::BITS - n.leading_zeros()) as usize;
        loop {
            let b = self.below(octaves);
            let rank = (1usize << b) - 1 + self.below(1usize << b);
            if rank < n {
                return rank;
            }
        }
    }

    /// An index into `weights`, with probability proportional to the weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, usize)]) -> T {
        let total: usize = items.iter().map(|&(_, w)| w).sum();
        let mut x = self.below(total);
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }

    /// Two significant digits times a power of ten: `1.0..=9.9 × 10^e` for
    /// `e` in `lo..=hi`, as an integer.
    fn magnitude(&mut self, lo: u32, hi: u32) -> u64 {
        let e = lo + self.below((hi - lo + 1) as usize) as u32;
        let m = 10 + self.below(90) as u64;
        m * 10u64.pow(e) / 10
    }

    /// A date in `from..=to` at year, month or day precision.
    fn day(&mut self, from: u16, to: u16) -> Day {
        let y = from + self.below(usize::from(to - from) + 1) as u16;
        match self.below(20) {
            0..=7 => Day { y, m: 0, d: 0 },
            8..=14 => Day {
                y,
                m: 1 + self.below(12) as u8,
                d: 0,
            },
            _ => Day {
                y,
                m: 1 + self.below(12) as u8,
                d: 1 + self.below(28) as u8,
            },
        }
    }

    /// A date, or with probability `period_per_mille / 1000` a period that
    /// starts at it and does not end before it.
    fn when(&mut self, from: u16, to: u16, period_per_mille: usize) -> When {
        let start = self.day(from, to);
        if !self.chance(period_per_mille) {
            return When { start, end: None };
        }
        let end = if start.m > 0 && self.chance(500) {
            let m = start.m + self.below(usize::from(13 - start.m)) as u8;
            let d = if start.d > 0 {
                if m == start.m {
                    start.d + self.below(usize::from(29 - start.d)) as u8
                } else {
                    1 + self.below(28) as u8
                }
            } else {
                0
            };
            Day { y: start.y, m, d }
        } else {
            Day {
                y: start.y + 1 + self.below(3) as u16,
                m: if start.m > 0 {
                    1 + self.below(12) as u8
                } else {
                    0
                },
                d: if start.d > 0 {
                    1 + self.below(28) as u8
                } else {
                    0
                },
            }
        };
        When {
            start,
            end: Some(end),
        }
    }

    /// One source (85 %) or two distinct ones, skewed towards the first.
    fn cites(&mut self) -> Cites {
        let a = self.zipf(SOURCES) as u8;
        if self.chance(850) {
            return Cites([a, a], 1);
        }
        let mut b = self.below(SOURCES - 1) as u8;
        if b >= a {
            b += 1;
        }
        Cites([a, b], 2)
    }
}

// ---------------------------------------------------------------------------
// Serialised shapes

/// An entity id, written without allocating.
#[derive(Debug, Clone, Copy)]
struct Id(EntityKind, usize);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/s{}", self.0.as_str(), self.1)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A source id `synthetic-NNN` (stored 0-based, written 1-based).
#[derive(Debug, Clone, Copy)]
struct SourceId(u8);

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "synthetic-{:03}", u32::from(self.0) + 1)
    }
}

impl Serialize for SourceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One or two distinct source ids.
#[derive(Debug, Clone, Copy)]
struct Cites([u8; 2], u8);

impl Serialize for Cites {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = usize::from(self.1);
        let mut seq = s.serialize_seq(Some(n))?;
        for &c in &self.0[..n] {
            seq.serialize_element(&SourceId(c))?;
        }
        seq.end()
    }
}

/// A date; month and day 0 mean "not given".
#[derive(Debug, Clone, Copy)]
struct Day {
    y: u16,
    m: u8,
    d: u8,
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.y)?;
        if self.m > 0 {
            write!(f, "-{:02}", self.m)?;
            if self.d > 0 {
                write!(f, "-{:02}", self.d)?;
            }
        }
        Ok(())
    }
}

/// A date or a `START..END` period.
#[derive(Debug, Clone, Copy)]
struct When {
    start: Day,
    end: Option<Day>,
}

impl When {
    fn on(start: Day) -> Self {
        When { start, end: None }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.start)?;
        if let Some(end) = self.end {
            write!(f, "..{end}")?;
        }
        Ok(())
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A street address: `<number> <place> <street>`.
#[derive(Debug, Clone, Copy)]
struct Address {
    number: u16,
    place: &'static str,
    street: &'static str,
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.number, self.place, self.street)
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Attributes, in the order of [`crate::model::AttributeKey::ALL`].
#[derive(Debug, Default, Serialize)]
struct Attrs {
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    founded: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closed: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sector: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    theme: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

impl Attrs {
    fn is_empty(&self) -> bool {
        self.address.is_none()
            && self.founded.is_none()
            && self.closed.is_none()
            && self.date.is_none()
            && self.sector.is_none()
            && self.theme.is_none()
            && self.status.is_none()
    }
}

#[derive(Serialize)]
struct SourceLine<'a> {
    id: SourceId,
    title: &'a str,
    outlet: &'static str,
    date: Day,
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Serialize)]
struct EntityLine<'a> {
    id: Id,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtype: Option<&'static str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    aliases: Option<[&'a str; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    sources: Cites,
    #[serde(skip_serializing_if = "Attrs::is_empty")]
    attributes: Attrs,
}

/// The optional properties of a relation.
#[derive(Default)]
struct Props {
    role: Option<&'static str>,
    title: Option<&'static str>,
    date: Option<When>,
    amount: Option<u64>,
    unit: Option<&'static str>,
    note: Option<&'static str>,
    inferred: bool,
}

#[derive(Serialize)]
struct RelationLine {
    from: Id,
    #[serde(rename = "type")]
    kind: &'static str,
    to: Id,
    sources: Cites,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inferred: bool,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
enum Num {
    Int(u64),
    Float(f64),
}

#[derive(Serialize)]
struct FactLine {
    entity: Id,
    metric: &'static str,
    value: Num,
    unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifier: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
    sources: Cites,
}

/// A buffered JSON Lines file that remembers its path for errors.
struct Out {
    path: PathBuf,
    w: BufWriter<File>,
}

impl Out {
    fn create(path: PathBuf) -> Result<Self, GenerateError> {
        match File::create(&path) {
            Ok(f) => Ok(Out {
                w: BufWriter::with_capacity(1 << 20, f),
                path,
            }),
            Err(source) => Err(GenerateError::Io { path, source }),
        }
    }

    fn line<T: Serialize>(&mut self, value: &T) -> Result<(), GenerateError> {
        let written = serde_json::to_writer(&mut self.w, value)
            .map_err(std::io::Error::from)
            .and_then(|()| self.w.write_all(b"\n"));
        written.map_err(|source| GenerateError::Io {
            path: self.path.clone(),
            source,
        })
    }

    fn finish(mut self) -> Result<(), GenerateError> {
        self.w.flush().map_err(|source| GenerateError::Io {
            path: self.path.clone(),
            source,
        })
    }
}

// ---------------------------------------------------------------------------
// The generator

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
        let relations = s.spawn(|| write_relations(options, layout, out));
        let entities = write_entities(options, layout, out);
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
    let mut title = String::new();
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
            id: SourceId(n as u8),
            title: &title,
            outlet: g.pick(OUTLETS),
            date,
        })?;
    }
    out.finish()?;
    Ok(SOURCES)
}

// --- relations --------------------------------------------------------------

/// Packs `(from, type, to)` into one key for the duplicate check.
fn key(from: usize, rel: RelationType, to: usize) -> u128 {
    (from as u128) << 64 | (to as u128) << 8 | rel as u128
}

/// A cheap hasher for the packed keys (SplitMix64 finaliser).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u128(&mut self, v: u128) {
        let mut z = (v as u64) ^ ((v >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        self.0 = z ^ (z >> 31);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How one end of a template relation is picked within its kind's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Uniform,
    Hub,
}

/// A kind of relation drawn after the backbone: its type, the kinds at each
/// end (weighted), how each end is picked, and its weight in the mix.
struct Template {
    rel: RelationType,
    weight: usize,
    from: &'static [(EntityKind, usize)],
    from_pick: Pick,
    to: &'static [(EntityKind, usize)],
    to_pick: Pick,
}

mod k {
    pub use crate::model::EntityKind::{
        Company as C, Event as E, Institution as I, Park as P, Person as PE, Policy as PO,
        Project as PR, Region as R,
    };
}

#[rustfmt::skip]
const TEMPLATES: &[Template] = {
    use k::*;
    use Pick::{Hub, Uniform};
    use RelationType as T;
    const fn t(
        rel: RelationType,
        weight: usize,
        from_pick: Pick,
        from: &'static [(EntityKind, usize)],
        to_pick: Pick,
        to: &'static [(EntityKind, usize)],
    ) -> Template {
        Template { rel, weight, from, from_pick, to, to_pick }
    }
    &[
        // type, weight, how the from end is picked, its kinds, how the to end is picked, its kinds
        t(T::LocatedIn, 60, Uniform, &[(C, 1)], Hub, &[(P, 2), (R, 1)]),
        t(T::LocatedIn, 15, Uniform, &[(I, 1), (PR, 1), (E, 1)], Hub, &[(R, 2), (P, 1)]),
        t(T::PartnersWith, 110, Uniform, &[(C, 3), (I, 1)], Hub, &[(C, 3), (I, 2), (P, 1)]),
        t(T::InvestsIn, 70, Hub, &[(C, 3), (I, 1)], Uniform, &[(C, 8), (PR, 1), (P, 1)]),
        t(T::AppliesTo, 110, Hub, &[(PO, 1)], Uniform, &[(C, 6), (P, 1), (I, 1), (PE, 1), (PR, 1)]),
        t(T::AffiliatedWith, 70, Uniform, &[(PE, 4), (C, 2), (I, 1), (PR, 1)], Hub, &[(I, 1), (C, 1)]),
        t(T::Leads, 25, Uniform, &[(PE, 1)], Uniform, &[(C, 5), (I, 2), (P, 1), (PR, 1), (E, 1)]),
        t(T::SpokeAt, 50, Hub, &[(PE, 3), (C, 1), (I, 1)], Hub, &[(E, 1)]),
        t(T::ParticipatesIn, 90, Uniform, &[(C, 4), (I, 1), (PE, 1), (P, 1), (PR, 1)], Hub, &[(E, 2), (PR, 1), (PO, 1)]),
        t(T::MemberOf, 60, Uniform, &[(C, 4), (I, 1), (PE, 1), (P, 1)], Hub, &[(I, 2), (PO, 1)]),
        t(T::Funds, 40, Hub, &[(I, 2), (PO, 2), (R, 1)], Uniform, &[(C, 4), (PR, 2), (P, 1), (I, 1)]),
        t(T::Hosts, 40, Hub, &[(P, 3), (R, 1), (I, 1)], Uniform, &[(C, 3), (E, 2), (PR, 1), (I, 1)]),
        t(T::HeldAt, 15, Uniform, &[(E, 1)], Hub, &[(P, 2), (R, 1), (I, 1)]),
        t(T::Organizes, 25, Hub, &[(I, 2), (C, 2), (R, 1), (P, 1)], Uniform, &[(E, 1)]),
        t(T::Issued, 10, Hub, &[(R, 1), (I, 1)], Uniform, &[(PO, 1)]),
        t(T::Signed, 20, Uniform, &[(C, 2), (I, 1), (R, 1)], Hub, &[(PO, 1)]),
        t(T::DesignatedAs, 50, Uniform, &[(C, 6), (P, 1), (I, 1), (R, 1)], Hub, &[(PO, 1)]),
        t(T::RecognizedBy, 30, Uniform, &[(C, 4), (I, 1), (P, 1), (R, 1)], Hub, &[(I, 1)]),
        t(T::OriginatesFrom, 30, Uniform, &[(C, 2), (PE, 2), (I, 1)], Hub, &[(R, 1)]),
        t(T::Operates, 25, Hub, &[(C, 2), (I, 1)], Uniform, &[(P, 1), (PR, 2), (E, 1)]),
        t(T::Developed, 15, Hub, &[(C, 2), (I, 1), (R, 1)], Uniform, &[(P, 1), (PR, 2)]),
        t(T::Near, 15, Uniform, &[(P, 1), (I, 1), (C, 2), (PR, 1)], Hub, &[(P, 2), (R, 1), (I, 1)]),
        t(T::PartOf, 15, Uniform, &[(C, 1)], Hub, &[(C, 1)]),
        t(T::PartOf, 10, Uniform, &[(PR, 1)], Hub, &[(PO, 1)]),
        t(T::Formerly, 3, Uniform, &[(P, 1)], Uniform, &[(C, 2), (P, 1), (I, 1)]),
        t(T::PartnersWith, 2, Hub, &[(R, 1)], Hub, &[(R, 1)]),
    ]
};

/// The relation file being written, with its duplicate check.
struct Relations {
    out: Out,
    g: Gen,
    props: Gen,
    layout: Layout,
    seen: HashSet<u128, BuildHasherDefault<KeyHasher>>,
    written: usize,
}

impl Relations {
    fn uniform(&mut self, kind: EntityKind) -> usize {
        let r = self.layout.range(kind);
        r.start + self.g.below(r.len())
    }

    fn hub(&mut self, kind: EntityKind) -> usize {
        let r = self.layout.range(kind);
        let n = r.len();
        let rank = self.g.zipf(n);
        let offset = if kind == EntityKind::Region {
            // Districts first, then towns; the city comes last.
            (rank + 1) % n.max(1)
        } else {
            scatter(rank, n)
        };
        r.start + offset
    }

    fn pick(&mut self, kind: EntityKind, how: Pick) -> usize {
        match how {
            Pick::Uniform => self.uniform(kind),
            Pick::Hub => self.hub(kind),
        }
    }

    /// Writes the relation unless it is a self loop, a `part_of` that could
    /// close a cycle, or a duplicate. Says whether it was written.
    fn add(&mut self, from: usize, rel: RelationType, to: usize) -> Result<bool, GenerateError> {
        let (fk, tk) = (self.layout.kind_of(from), self.layout.kind_of(to));
        if from == to
            || (rel == RelationType::PartOf && fk == tk && from <= to)
            || !rel.allows(fk, tk)
            || !self.seen.insert(key(from, rel, to))
        {
            return Ok(false);
        }
        let props = relation_props(&mut self.props, rel);
        let sources = self.props.cites();
        self.out.line(&RelationLine {
            from: Id(fk, from),
            kind: rel.as_str(),
            to: Id(tk, to),
            sources,
            role: props.role,
            title: props.title,
            date: props.date,
            amount: props.amount,
            unit: props.unit,
            note: props.note,
            inferred: props.inferred,
        })?;
        self.written += 1;
        Ok(true)
    }

    /// The relation that ties entity `i` into the graph; `None` for the city.
    fn backbone(&mut self, i: usize) -> Option<(usize, RelationType, usize)> {
        use k::*;
        use RelationType as T;
        let kind = self.layout.kind_of(i);
        let g = &mut self.g;
        let roll = g.below(100);
        Some(match kind {
            R => {
                let r = self.layout.range(R);
                let parent = region_parent(i - r.start, r.len())?;
                (i, T::PartOf, r.start + parent)
            }
            P => match self.hub(P) {
                j if roll < 15 && j < i => (i, T::PartOf, j),
                _ => (i, T::LocatedIn, self.hub(R)),
            },
            C if roll < 65 => (i, T::LocatedIn, self.hub(P)),
            C => (i, T::LocatedIn, self.hub(R)),
            I => match self.hub(I) {
                j if roll < 20 && j < i => (i, T::PartOf, j),
                _ => (i, T::LocatedIn, self.hub(R)),
            },
            PE if roll < 40 => {
                let to = self.g.weighted(&[(C, 7), (I, 2), (P, 1)]);
                (i, T::Leads, self.uniform(to))
            }
            PE => {
                let to = self.g.weighted(&[(C, 3), (I, 2)]);
                (i, T::AffiliatedWith, self.hub(to))
            }
            PO if roll < 60 => (self.hub(R), T::Issued, i),
            PO => (self.hub(I), T::Issued, i),
            E => {
                let to = self.g.weighted(&[(P, 2), (R, 1), (I, 1)]);
                (i, T::HeldAt, self.hub(to))
            }
            PR if roll < 40 => {
                let to = self.g.weighted(&[(P, 1), (R, 1)]);
                (i, T::LocatedIn, self.hub(to))
            }
            PR if roll < 80 => (self.uniform(C), T::Operates, i),
            PR => (i, T::PartOf, self.hub(PO)),
        })
    }
}

/// A bijection of `0..n` that scatters low ranks (the hubs) over the range.
fn scatter(rank: usize, n: usize) -> usize {
    const MULT: u128 = 2_654_435_761; // prime
    let n128 = n as u128;
    if n128 == 0 || n128 % MULT == 0 {
        return rank;
    }
    ((rank as u128 * MULT + n128 / 3) % n128) as usize
}

fn relation_props(g: &mut Gen, rel: RelationType) -> Props {
    use RelationType as T;
    let mut p = Props::default();
    match rel {
        T::Leads => {
            p.title = Some(g.skewed(TITLES));
            if g.chance(200) {
                p.date = Some(g.when(2005, 2024, 200));
            }
        }
        T::InvestsIn => {
            if g.chance(450) {
                p.amount = Some(g.magnitude(5, 9));
                p.unit = Some(if g.chance(850) { "CNY" } else { "USD" });
            }
            if g.chance(350) {
                p.date = Some(When::on(g.day(2010, 2024)));
            }
            if g.chance(100) {
                p.role = Some(g.pick(INVESTOR_ROLES));
            }
        }
        T::Funds => {
            if g.chance(600) {
                p.amount = Some(g.magnitude(4, 8));
                p.unit = Some("CNY");
            }
            if g.chance(300) {
                p.date = Some(g.when(2010, 2024, 300));
            }
        }
        T::ParticipatesIn | T::MemberOf => {
            if g.chance(80) {
                p.role = Some(g.pick(MEMBER_ROLES));
            }
            if g.chance(150) {
                p.date = Some(g.when(2010, 2024, 200));
            }
        }
        T::PartnersWith => {
            if g.chance(200) {
                p.date = Some(When::on(g.day(2010, 2024)));
            }
            if g.chance(30) {
                p.note = Some(g.pick(PARTNER_NOTES));
            }
        }
        T::SpokeAt => {
            if g.chance(100) {
                p.role = Some(g.pick(SPEAKER_ROLES));
            }
        }
        T::Signed => {
            if g.chance(500) {
                p.date = Some(When::on(g.day(2010, 2024)));
            }
        }
        _ => {
            if g.chance(100) {
                p.date = Some(g.when(2000, 2024, 150));
            }
        }
    }
    p.inferred = g.chance(20);
    p
}

fn write_relations(options: &Options, layout: Layout, dir: &Path) -> Result<usize, GenerateError> {
    let target = options.relations;
    let mut seen: HashSet<u128, BuildHasherDefault<KeyHasher>> = HashSet::default();
    if seen.try_reserve(target).is_err() {
        return Err(GenerateError::OutOfMemory { relations: target });
    }
    let mut r = Relations {
        out: Out::create(dir.join("relations.jsonl"))?,
        g: Gen::new(options.seed, 3),
        props: Gen::new(options.seed, 4),
        layout,
        seen,
        written: 0,
    };

    // Backbone: one relation per entity, so nothing is left isolated.
    for i in 0..options.entities {
        if r.written >= target {
            break;
        }
        for _ in 0..8 {
            match r.backbone(i) {
                None => break,
                Some((from, rel, to)) => {
                    if r.add(from, rel, to)? {
                        break;
                    }
                }
            }
        }
    }

    // The rest from the template mix; give up only after many misses in a row.
    let weights: Vec<(usize, usize)> = TEMPLATES
        .iter()
        .enumerate()
        .map(|(n, t)| (n, t.weight))
        .collect();
    let mut misses = 0usize;
    while r.written < target && misses < 100_000 {
        let t = &TEMPLATES[r.g.weighted(&weights)];
        let fk = r.g.weighted(t.from);
        let tk = r.g.weighted(t.to);
        let from = r.pick(fk, t.from_pick);
        let to = r.pick(tk, t.to_pick);
        if r.add(from, t.rel, to)? {
            misses = 0;
        } else {
            misses += 1;
        }
    }
    let written = r.written;
    r.out.finish()?;
    Ok(written)
}

// --- entities and facts -----------------------------------------------------

/// Text buffers reused across entities.
#[derive(Default)]
struct Text {
    name: String,
    alias: String,
    description: String,
}

fn write_entities(options: &Options, layout: Layout, dir: &Path) -> Result<usize, GenerateError> {
    let mut out = Out::create(dir.join("entities.jsonl"))?;
    let mut facts_out = Out::create(dir.join("facts.jsonl"))?;
    let mut g = Gen::new(options.seed, 1);
    let mut fg = Gen::new(options.seed, 2);
    let mut text = Text::default();
    let mut facts = 0usize;
    for &(kind, _) in &LAYOUT {
        let range = layout.range(kind);
        let count = range.len();
        for (j, i) in range.enumerate() {
            text.name.clear();
            text.alias.clear();
            text.description.clear();
            let (subtype, attributes) = describe(&mut g, kind, j, count, &mut text);
            let with_description = !text.description.is_empty();
            let with_alias = !text.alias.is_empty();
            out.line(&EntityLine {
                id: Id(kind, i),
                kind: kind.as_str(),
                subtype,
                name: &text.name,
                aliases: with_alias.then_some([text.alias.as_str()]),
                description: with_description.then_some(text.description.as_str()),
                sources: g.cites(),
                attributes,
            })?;
            facts += write_facts(&mut fg, Id(kind, i), &mut facts_out)?;
        }
    }
    out.finish()?;
    facts_out.finish()?;
    Ok(facts)
}

/// The initials of the capitalised words of `name` (e.g. "SIQ"), if at least two.
fn acronym(name: &str, into: &mut String) {
    let start = into.len();
    for word in name.split(' ') {
        if word.ends_with(['.', ',']) {
            continue;
        }
        if let Some(c) = word.chars().next().filter(|c| c.is_ascii_uppercase()) {
            into.push(c);
        }
    }
    if into.len() - start < 2 {
        into.truncate(start);
    }
}

/// `word` as it reads mid-sentence: lowercase unless it is an initialism.
fn push_lower(into: &mut String, word: &str) {
    for w in word.split_inclusive(' ') {
        let keep = w.chars().filter(|c| c.is_ascii_uppercase()).count() > 1
            || w.chars().any(|c| c.is_ascii_digit());
        if keep {
            into.push_str(w);
        } else {
            into.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        }
    }
}

/// Two distinct technology words, the first skewed towards common ones.
fn two_tech(g: &mut Gen) -> (&'static str, &'static str) {
    let a = g.skewed(TECH);
    let mut b = g.pick(TECH);
    if a == b {
        b = TECH[(TECH.iter().position(|&t| t == a).unwrap_or(0) + 1) % TECH.len()];
    }
    (a, b)
}

/// A coined brand name such as "Xinrui".
fn brand(g: &mut Gen, into: &mut String) {
    into.push_str(g.pick(BRAND_HEAD));
    into.push_str(g.pick(BRAND_TAIL));
}

fn address(g: &mut Gen) -> Address {
    Address {
        number: 1 + g.zipf(2000) as u16,
        place: g.skewed(PLACES),
        street: g.pick(STREETS),
    }
}

/// Fills the name, alias and description of entity `j` of a kind (counted
/// within the kind's range of `count`), and returns its subtype and attributes.
fn describe(
    g: &mut Gen,
    kind: EntityKind,
    j: usize,
    count: usize,
    t: &mut Text,
) -> (Option<&'static str>, Attrs) {
    use k::*;
    let mut a = Attrs::default();
    let with_description = g.chance(200);
    let with_alias = g.chance(100);
    let n = &mut t.name;
    let d = &mut t.description;
    let subtype = match kind {
        R => {
            let subtype = match region_parent(j, count) {
                None => {
                    n.push_str("Shanghai");
                    d.push_str("A major city on the Yangtze River Delta and a centre of finance, trade and technology.");
                    "city"
                }
                Some(0) => {
                    let name = DISTRICTS[(j - 1) % DISTRICTS.len()];
                    n.push_str(name);
                    if name != "Pudong" {
                        n.push_str(" District");
                    } else {
                        n.push_str(" New Area");
                    }
                    d.push_str("A district of Shanghai.");
                    "district"
                }
                Some(parent) => {
                    n.push_str(g.skewed(TOWN_HEAD));
                    n.push_str(g.pick(TOWN_TAIL));
                    if g.chance(600) {
                        n.push_str(g.pick(TOWN_TAIL));
                    }
                    let zone = g.chance(150);
                    let district = DISTRICTS[(parent - 1) % DISTRICTS.len()];
                    if zone {
                        n.push_str(" Economic Zone");
                        let _ = write!(d, "An economic development zone in {district}.");
                    } else {
                        let _ = write!(d, "A town in {district}.");
                    }
                    if with_alias && !zone {
                        t.alias.push_str(n.as_str());
                        t.alias.push_str(" Zhen");
                    }
                    n.push_str(if zone { "" } else { " Town" });
                    if zone {
                        "zone"
                    } else {
                        "town"
                    }
                }
            };
            // Regions always have a description: they are few.
            return (Some(subtype), a);
        }
        P => {
            let (suffix, subtype) = g.pick(PARK_SUFFIXES);
            let (tech, _) = two_tech(g);
            match g.below(10) {
                0..=3 => {
                    let _ = write!(n, "{} {tech} {suffix}", g.skewed(PLACES));
                }
                4..=7 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} {suffix}");
                }
                _ => {
                    n.push_str(g.skewed(PLACES));
                    n.push(' ');
                    brand(g, n);
                    let _ = write!(n, " {suffix}");
                }
            }
            if with_description {
                let _ = write!(d, "A {} for ", subtype.replace('-', " "));
                push_lower(d, tech);
                d.push_str(" companies, with shared labs and office space.");
            }
            if g.chance(500) {
                a.sector = Some(tech);
            }
            if g.chance(600) {
                a.founded = Some(When::on(g.day(1992, 2024)));
            }
            if g.chance(200) {
                a.theme = Some(g.pick(THEMES));
            }
            if g.chance(100) {
                a.status = Some(g.pick(PARK_STATUS));
            }
            if g.chance(300) {
                a.address = Some(address(g));
            }
            subtype
        }
        C => {
            let (tech, tech2) = two_tech(g);
            let suffix = g.skewed(COMPANY_SUFFIXES);
            let pattern = g.below(20);
            match pattern {
                0..=7 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} {tech2} {suffix}");
                }
                8..=13 => {
                    n.push_str(g.skewed(PLACES));
                    n.push(' ');
                    brand(g, n);
                    let _ = write!(n, " {tech} {suffix}");
                }
                14..=18 => {
                    let _ = write!(n, "{} {tech} {tech2} {suffix}", g.skewed(PLACES));
                }
                _ => {
                    brand(g, n);
                    let _ = write!(n, " {suffix}");
                }
            }
            if with_alias {
                // The brand alone, or the initials of the name without its suffix.
                let stem = n.strip_suffix(suffix).unwrap_or(n).trim_end();
                if matches!(pattern, 0..=7 | 19) && g.chance(600) {
                    t.alias.push_str(stem.split(' ').next().unwrap_or_default());
                } else {
                    acronym(stem, &mut t.alias);
                }
            }
            if with_description {
                match g.below(3) {
                    0 => d.push_str("A start-up developing "),
                    1 => d.push_str("A company that makes "),
                    _ => d.push_str("A firm offering "),
                }
                push_lower(d, tech);
                d.push_str(" and ");
                push_lower(d, tech2);
                let _ = write!(d, " products for {}.", g.pick(MARKETS));
            }
            if g.chance(800) {
                a.sector = Some(tech);
            }
            let founded = g.day(1990, 2024);
            if g.chance(600) {
                a.founded = Some(When::on(founded));
                if founded.y <= 2020 && g.chance(50) {
                    a.closed = Some(When::on(Day {
                        y: founded.y + 1 + g.below(4) as u16,
                        m: 0,
                        d: 0,
                    }));
                }
            }
            if g.chance(200) {
                a.address = Some(address(g));
            }
            g.weighted(COMPANY_SUBTYPES)
        }
        I => {
            let (tech, tech2) = two_tech(g);
            let place = g.skewed(PLACES);
            let subtype = match g.below(20) {
                0 => {
                    let city = if g.chance(200) { "Shanghai" } else { place };
                    let _ = write!(n, "{city} Institute of {tech}");
                    "research-institute"
                }
                1..=4 => {
                    let _ = write!(n, "{place} Institute of {tech} and {tech2}");
                    "research-institute"
                }
                5..=7 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} Research Institute");
                    "research-institute"
                }
                8 => {
                    if g.chance(100) {
                        let _ = write!(n, "{place} University");
                    } else {
                        let _ = write!(n, "{place} University of {tech}");
                    }
                    "university"
                }
                9..=12 => {
                    let _ = write!(n, "{place} {tech} and {tech2} Industry Association");
                    "association"
                }
                13..=14 => {
                    let _ = write!(n, "{place} {tech} and {tech2} Innovation Alliance");
                    "alliance"
                }
                15 => {
                    let _ = write!(n, "{place} {tech} Development Office");
                    "government"
                }
                16 => {
                    let _ = write!(n, "{place} Academy of {tech} and {tech2}");
                    "academy"
                }
                17..=18 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} Research Centre");
                    "centre"
                }
                _ => {
                    let _ = write!(n, "{place} {tech} Investment Promotion Office");
                    "office"
                }
            };
            if with_description {
                let _ = write!(d, "A {} working on ", subtype.replace('-', " "));
                push_lower(d, tech);
                d.push_str(" and ");
                push_lower(d, tech2);
                d.push('.');
            }
            if g.chance(400) {
                a.sector = Some(tech);
            }
            if g.chance(500) {
                a.founded = Some(When::on(g.day(1950, 2024)));
            }
            if g.chance(300) {
                a.address = Some(address(g));
            }
            subtype
        }
        PE => {
            let family = g.skewed(FAMILY);
            let western = g.chance(80);
            if western {
                n.push_str(g.pick(WESTERN_GIVEN));
            } else {
                n.push_str(g.pick(GIVEN_HEAD));
                if g.chance(700) {
                    n.push_str(g.pick(GIVEN_TAIL));
                }
            }
            let given_len = n.len();
            n.push(' ');
            n.push_str(family);
            if with_alias && !western {
                let _ = write!(t.alias, "{family} {}", &n[..given_len]);
            }
            if with_description {
                let tech = g.skewed(TECH);
                match g.below(3) {
                    0 => d.push_str("An entrepreneur working on "),
                    1 => d.push_str("A researcher in "),
                    _ => d.push_str("An investor focused on "),
                }
                push_lower(d, tech);
                d.push('.');
            }
            return (None, a);
        }
        PO => {
            let (tech, _) = two_tech(g);
            let place = g.skewed(PLACES);
            let y = 2010 + g.below(15) as u16;
            let subtype = match g.below(6) {
                0 => {
                    let _ = write!(n, "{place} {tech} Action Plan ({y}-{})", y + 2);
                    "plan"
                }
                1 => {
                    let _ = write!(n, "{place} Measures to Support {tech} Enterprises ({y})");
                    "policy"
                }
                2 => {
                    let _ = write!(n, "{place} {tech} Talent Programme {y}");
                    "programme"
                }
                3 => {
                    let _ = write!(n, "{place} {tech} Innovation Subsidy Scheme ({y})");
                    "incentive"
                }
                4 => {
                    let other = g.pick(PLACES);
                    let _ = write!(n, "{place}-{other} {tech} Cooperation Agreement");
                    "agreement"
                }
                _ => {
                    let _ = write!(n, "{place} {tech} Pilot Zone Designation ({y})");
                    "designation"
                }
            };
            if with_description {
                d.push_str("Support for ");
                push_lower(d, tech);
                let _ = write!(d, " firms, including {}.", g.pick(BENEFITS));
            }
            if g.chance(800) {
                a.date = Some(When::on(Day {
                    y,
                    m: 1 + g.below(12) as u8,
                    d: if g.chance(500) {
                        1 + g.below(28) as u8
                    } else {
                        0
                    },
                }));
            }
            if g.chance(300) {
                a.status = Some(g.pick(POLICY_STATUS));
            }
            subtype
        }
        E => {
            let (tech, _) = two_tech(g);
            let place = g.skewed(PLACES);
            let y = 2012 + g.below(13) as u16;
            let subtype = match g.below(6) {
                0 => {
                    let _ = write!(n, "{y} {place} {tech} Summit");
                    "summit"
                }
                1 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} Forum {y}");
                    "meeting"
                }
                2 => {
                    let _ = write!(n, "{place} {tech} Innovation Week {y}");
                    "week"
                }
                3 => {
                    brand(g, n);
                    let _ = write!(n, " Cup {tech} Startup Competition");
                    "competition"
                }
                4 => {
                    let _ = write!(n, "{place} {tech} Festival {y}");
                    "festival"
                }
                _ => {
                    brand(g, n);
                    let _ = write!(n, " {tech} Demo Day {y}");
                    "demo-day"
                }
            };
            if with_description {
                d.push_str("A gathering on ");
                push_lower(d, tech);
                d.push_str(" with talks, exhibitions and a start-up pitch session.");
            }
            if g.chance(900) {
                let m = 1 + g.below(12) as u8;
                let day = 1 + g.below(24) as u8;
                let start = Day { y, m, d: day };
                a.date = Some(if g.chance(400) {
                    let end = Day {
                        y,
                        m,
                        d: day + 1 + g.below(4) as u8,
                    };
                    When {
                        start,
                        end: Some(end),
                    }
                } else {
                    When::on(start)
                });
            }
            if g.chance(500) {
                a.theme = Some(g.pick(THEMES));
            }
            subtype
        }
        PR => {
            let (tech, _) = two_tech(g);
            let place = g.skewed(PLACES);
            let subtype = match g.below(5) {
                0 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} Public Service Platform");
                    "platform"
                }
                1 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} App");
                    "app"
                }
                2 => {
                    n.push_str(place);
                    n.push(' ');
                    brand(g, n);
                    let _ = write!(n, " {tech} Demonstration Project");
                    "demonstration-project"
                }
                3 => {
                    brand(g, n);
                    let _ = write!(n, " {tech} Open Innovation Initiative");
                    "initiative"
                }
                _ => {
                    brand(g, n);
                    let _ = write!(n, " {tech} Innovation Centre");
                    "centre"
                }
            };
            if with_description {
                d.push_str("Gives ");
                push_lower(d, tech);
                let _ = write!(d, " start-ups shared {}.", g.pick(RESOURCES));
            }
            if g.chance(300) {
                a.founded = Some(When::on(g.day(2005, 2024)));
            } else if g.chance(400) {
                a.date = Some(g.when(2010, 2024, 250));
            }
            if g.chance(500) {
                a.sector = Some(tech);
            }
            if g.chance(300) {
                a.status = Some(g.pick(PROJECT_STATUS));
            }
            subtype
        }
    };
    if !with_description {
        d.clear();
    }
    if with_alias && t.alias.is_empty() && kind != C {
        acronym(n, &mut t.alias);
    }
    (Some(subtype), a)
}

/// A metric a fact may report, with its unit and the shape of its values.
struct Metric {
    name: &'static str,
    unit: &'static str,
    value: Shape,
}

#[derive(Clone, Copy)]
enum Shape {
    /// `1.0..=9.9 × 10^e` for `e` in the range, as an integer.
    Magnitude(u32, u32),
    /// 0.1 to 99.9.
    Percent,
    /// 0.1 to 200.0.
    Area,
}

const fn m(name: &'static str, unit: &'static str, value: Shape) -> Metric {
    Metric { name, unit, value }
}

const COMPANY_METRICS: &[Metric] = &[
    m("employees", "people", Shape::Magnitude(1, 4)),
    m("revenue", "CNY", Shape::Magnitude(6, 10)),
    m("patents", "patents", Shape::Magnitude(0, 3)),
    m("funding_raised", "CNY", Shape::Magnitude(6, 9)),
    m("valuation", "USD", Shape::Magnitude(7, 10)),
];
const PARK_METRICS: &[Metric] = &[
    m("companies_hosted", "companies", Shape::Magnitude(1, 3)),
    m("startups_incubated", "firms", Shape::Magnitude(1, 3)),
    m("area", "km2", Shape::Area),
    m("floor_area", "m2", Shape::Magnitude(3, 5)),
    m("output_value", "CNY", Shape::Magnitude(8, 11)),
    m("occupancy_rate", "%", Shape::Percent),
];
const INSTITUTION_METRICS: &[Metric] = &[
    m("researchers", "people", Shape::Magnitude(1, 4)),
    m("annual_budget", "CNY", Shape::Magnitude(6, 10)),
    m("patents_filed", "patents", Shape::Magnitude(1, 3)),
    m("students", "people", Shape::Magnitude(2, 4)),
];
const POLICY_METRICS: &[Metric] = &[
    m("total_funding", "CNY", Shape::Magnitude(6, 10)),
    m("beneficiaries", "firms", Shape::Magnitude(1, 4)),
    m("max_subsidy", "CNY", Shape::Magnitude(5, 7)),
];
const REGION_METRICS: &[Metric] = &[
    m("population", "people", Shape::Magnitude(4, 6)),
    m("gdp", "CNY", Shape::Magnitude(9, 12)),
    m("area", "km2", Shape::Area),
    m("high_tech_enterprises", "firms", Shape::Magnitude(1, 4)),
];
const PERSON_METRICS: &[Metric] = &[
    m("publications", "papers", Shape::Magnitude(0, 2)),
    m("patents", "patents", Shape::Magnitude(0, 2)),
];
const EVENT_METRICS: &[Metric] = &[
    m("attendees", "people", Shape::Magnitude(2, 5)),
    m("exhibitors", "firms", Shape::Magnitude(1, 3)),
    m("deals_signed", "CNY", Shape::Magnitude(6, 10)),
];
const PROJECT_METRICS: &[Metric] = &[
    m("investment", "CNY", Shape::Magnitude(6, 10)),
    m("users", "people", Shape::Magnitude(2, 6)),
    m("partners", "firms", Shape::Magnitude(0, 2)),
];

fn metrics(kind: EntityKind) -> &'static [Metric] {
    match kind {
        EntityKind::Company => COMPANY_METRICS,
        EntityKind::Park => PARK_METRICS,
        EntityKind::Institution => INSTITUTION_METRICS,
        EntityKind::Policy => POLICY_METRICS,
        EntityKind::Region => REGION_METRICS,
        EntityKind::Person => PERSON_METRICS,
        EntityKind::Event => EVENT_METRICS,
        EntityKind::Project => PROJECT_METRICS,
    }
}

/// Writes 0 to 3 facts (0.31 on average) about one entity.
fn write_facts(g: &mut Gen, entity: Id, out: &mut Out) -> Result<usize, GenerateError> {
    let count = match g.below(100) {
        0..=19 => 1,
        20..=23 => 2,
        24 => 3,
        _ => return Ok(0),
    };
    let list = metrics(entity.0);
    let count = count.min(list.len());
    let first = g.below(list.len());
    for n in 0..count {
        let metric = &list[(first + n) % list.len()];
        let value = match metric.value {
            Shape::Magnitude(lo, hi) => Num::Int(g.magnitude(lo, hi)),
            Shape::Percent => Num::Float((1 + g.below(999)) as f64 / 10.0),
            Shape::Area => Num::Float((1 + g.below(2000)) as f64 / 10.0),
        };
        let period = g.chance(650).then(|| g.when(2012, 2024, 150));
        let qualifier = match g.below(100) {
            0..=74 => None,
            75..=79 => Some("exact"),
            _ => Some(g.pick(&["about", "over", "at_least", "up_to", "under"])),
        };
        let note = g.chance(30).then(|| g.pick(FACT_NOTES));
        out.line(&FactLine {
            entity,
            metric: metric.name,
            value,
            unit: metric.unit,
            period,
            qualifier,
            note,
            sources: g.cites(),
        })?;
    }
    Ok(count)
}

// ---------------------------------------------------------------------------
// Word lists (Latin script only; no invented Chinese names)

#[rustfmt::skip]
const DISTRICTS: &[&str] = &[
    "Pudong", "Huangpu", "Xuhui", "Changning", "Jing'an", "Putuo", "Hongkou", "Yangpu", "Minhang",
    "Baoshan", "Jiading", "Jinshan", "Songjiang", "Qingpu", "Fengxian", "Chongming",
];

#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Zhangjiang", "Lingang", "Caohejing", "Hongqiao", "Jinqiao", "Waigaoqiao", "Songjiang",
    "Jiading", "Minhang", "Yangpu", "Xuhui", "Wujiaochang", "Qiantan", "Xinzhuang", "Anting",
    "Nanxiang", "Malu", "Zhoupu", "Huinan", "Sheshan", "Zizhu", "Pujiang", "Tangzhen", "Zhangmiao",
    "Dachang", "Gaoqiao", "Baoshan", "Qingpu", "Fengxian", "Jinshan", "Chongming", "Zhujiajiao",
    "Xujing", "Jiuting", "Sijing", "Chedun", "Luojing", "Wusong", "Beicai", "Kangqiao", "Chuansha",
    "Tangqiao", "Lujiazui", "Suhe", "Xintiandi", "Hengshan", "Dishui Lake", "Shibei", "Hongkou",
    "Putuo", "Changning", "Huangpu", "Fengjing", "Zhuqiao", "Nicheng", "Shanghai",
];

#[rustfmt::skip]
const TECH: &[&str] = &[
    "Artificial Intelligence", "Robotics", "Biomedicine", "Semiconductor", "Quantum",
    "Integrated Circuit", "New Energy", "Fintech", "Big Data", "Smart Manufacturing",
    "Autonomous Driving", "Blockchain", "Cloud Computing", "Internet of Things", "Medical Device",
    "Hydrogen", "Battery", "Photonics", "Aerospace", "Drone", "Genomics", "Advanced Materials",
    "Nanotechnology", "Clean Tech", "Education Technology", "Digital Health", "Virtual Reality",
    "Augmented Reality", "5G", "Cybersecurity", "Software", "E-commerce", "Logistics", "Agritech",
    "Marine Engineering", "Satellite", "Lidar", "Sensor", "Chip Design", "Optics", "Display",
    "Precision Instrument", "Brain Science", "Synthetic Biology", "Cell Therapy", "Pharmaceutical",
    "Green Building", "Carbon Neutral", "Energy Storage", "Smart City", "Creative Design",
    "Gaming", "Animation", "Food Tech", "Industrial Internet", "Machine Vision",
    "Speech Recognition", "Computing Power", "Edge Computing", "Digital Twin", "Metaverse",
    "Biochip", "Vaccine", "Diagnostics", "Wearable", "Smart Home", "New Retail",
    "Cultural Creative", "Fashion Tech", "Legal Tech", "Insurtech", "Supply Chain", "Ocean Tech",
    "Rare Disease", "Electric Vehicle", "3D Printing",
];

#[rustfmt::skip]
const COMPANY_SUFFIXES: &[&str] = &[
    "Technology Co.", "Co., Ltd.", "Technology Co., Ltd.", "Information Technology Co.",
    "Intelligent Technology Co.", "Science and Technology Co.", "Holdings", "Labs", "Group",
    "Systems", "Network Technology Co.", "Innovation Co.", "Industrial Co.", "Biotech Co.",
];

const COMPANY_SUBTYPES: &[(&str, usize)] = &[
    ("startup", 60),
    ("private", 25),
    ("state-owned", 6),
    ("joint-venture", 4),
    ("foreign-invested", 4),
    ("factory", 1),
];

const PARK_SUFFIXES: &[(&str, &str)] = &[
    ("Innovation Park", "science-park"),
    ("Science Park", "science-park"),
    ("Hi-Tech Park", "science-park"),
    ("Industrial Park", "science-park"),
    ("Incubator", "incubator"),
    ("Accelerator", "incubator"),
    ("Maker Space", "maker-space"),
    ("Innovation Block", "innovation-block"),
    ("Innovation Space", "innovation-space"),
    ("Innovation Hub", "innovation-space"),
    ("Innovation Zone", "innovation-area"),
    ("Valley", "innovation-area"),
];

#[rustfmt::skip]
const BRAND_HEAD: &[&str] = &[
    "Xin", "Hua", "Bo", "Rui", "Tian", "Zhi", "Yun", "Jing", "Hai", "Ke", "Chuang", "Long", "Feng",
    "Da", "Heng", "Sheng", "Yi", "Mei", "Wei", "Teng", "Ming", "Guang", "Tong", "Jia", "Kai",
    "Xing", "Yu", "Zhong", "An", "Cheng", "Lan", "Hong", "Qi", "Ling", "Shu", "Ze",
];

#[rustfmt::skip]
const BRAND_TAIL: &[&str] = &[
    "rui", "yuan", "xin", "hua", "tong", "da", "ke", "lian", "sheng", "chuang", "jing", "feng",
    "wei", "yun", "kang", "tai", "neng", "zhi", "an", "xun", "chen", "yang", "fei", "lan", "ming",
    "bo", "hong", "mai", "tu", "qi", "sen", "hao", "jie", "tian", "rong", "pu",
];

#[rustfmt::skip]
const TOWN_HEAD: &[&str] = &[
    "Zhu", "Jin", "Xin", "Hua", "Feng", "Ma", "Tang", "Zhang", "Nan", "Bei", "Dong", "Xi", "Qing",
    "Song", "Luo", "Gao", "Hong", "Chang", "Wu", "Jiang", "Lu", "Shen", "Pu", "Qi", "Zhou", "Yang",
    "He", "Shi", "Bai", "Lin",
];

#[rustfmt::skip]
const TOWN_TAIL: &[&str] = &[
    "jia", "qiao", "zhuang", "ting", "xiang", "lu", "pu", "hui", "shan", "zhu", "tang", "miao",
    "chang", "gang", "jing", "dian", "wan", "zhen", "yuan", "cun", "tan", "ling", "he", "feng",
    "hu", "an", "sha", "du", "kou", "jiao",
];

#[rustfmt::skip]
const FAMILY: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang",
    "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Qian", "Fang",
    "Jin", "Tan", "Shi", "Lei", "Gu", "Hou", "Meng", "Bai", "Kong", "Smith", "Mueller", "Tanaka",
    "Kim", "Nguyen", "Garcia", "Rossi", "Dubois", "Brown", "Schmidt",
];

#[rustfmt::skip]
const GIVEN_HEAD: &[&str] = &[
    "Wei", "Jian", "Xiao", "Hai", "Li", "Min", "Jing", "Yan", "Hong", "Lei", "Jun", "Ping", "Hui",
    "Ying", "Tao", "Bin", "Qiang", "Yu", "Fang", "Lin", "Chen", "Hao", "Zhi", "Xin", "Rui", "Yi",
    "Ming", "Kai", "Dong", "Ning", "Guo", "Shu", "Xue", "Zhen", "Jia", "Wen", "Hua", "Qing",
    "Song", "Yue",
];

#[rustfmt::skip]
const GIVEN_TAIL: &[&str] = &[
    "ming", "hua", "jun", "ling", "feng", "yu", "qing", "wen", "jie", "yang", "ping", "hong",
    "fei", "lan", "hao", "xin", "yi", "bo", "tao", "rong", "jia", "chen", "an", "long", "wei",
    "qiang", "jing", "mei", "zhe", "kun", "sheng", "xuan", "ting", "yao", "han", "lei",
];

#[rustfmt::skip]
const WESTERN_GIVEN: &[&str] = &[
    "Anna", "David", "Michael", "Sarah", "Thomas", "Maria", "James", "Laura", "Peter", "Julia",
    "Daniel", "Emma", "Kenji", "Min-jun", "Lucas", "Sophie",
];

#[rustfmt::skip]
const TITLES: &[&str] = &[
    "CEO", "Founder", "Chairman", "General Manager", "President", "Director", "CTO", "Dean",
    "Chief Scientist", "Secretary-General", "Partner", "Head",
];

const INVESTOR_ROLES: &[&str] = &["lead investor", "angel investor", "strategic investor"];

#[rustfmt::skip]
const MEMBER_ROLES: &[&str] = &[
    "founding member", "exhibitor", "sponsor", "co-organiser", "council member",
    "pilot participant",
];

const SPEAKER_ROLES: &[&str] = &["keynote speaker", "panellist", "moderator"];

#[rustfmt::skip]
const PARTNER_NOTES: &[&str] = &[
    "Joint laboratory.", "Strategic cooperation agreement.", "Co-developed products.",
    "Shared pilot line.",
];

#[rustfmt::skip]
const FACT_NOTES: &[&str] = &[
    "As reported at the launch.", "Includes branch sites.", "Estimate.",
    "Cumulative since founding.",
];

#[rustfmt::skip]
const MARKETS: &[&str] = &[
    "hospitals", "carmakers", "retailers", "banks", "factories", "city governments",
    "logistics firms", "schools", "chip makers", "farms", "energy utilities", "consumers",
];

#[rustfmt::skip]
const BENEFITS: &[&str] = &[
    "rent subsidies", "tax breaks", "talent housing", "R&D grants", "loan guarantees",
    "fast-track approvals",
];

#[rustfmt::skip]
const RESOURCES: &[&str] = &[
    "laboratories", "computing power", "test sites", "data sets", "equipment", "pilot lines",
];

#[rustfmt::skip]
const THEMES: &[&str] = &[
    "Smart city", "Green development", "Digital economy", "Open innovation", "AI for good",
    "Future industries", "Talent and entrepreneurship", "Carbon neutrality", "Life sciences",
    "Cross-border cooperation",
];

const STREETS: &[&str] = &["Road", "Street", "Avenue", "Lane"];

const PARK_STATUS: &[&str] = &["in operation", "planned", "under construction", "expanding"];

const POLICY_STATUS: &[&str] = &["in force", "expired", "draft", "revised"];

const PROJECT_STATUS: &[&str] = &["planned", "in progress", "completed", "suspended"];

#[rustfmt::skip]
const OUTLETS: &[&str] = &[
    "Synthetic Daily", "Example Tech Review", "Sample Business Weekly", "Demo News Network",
];

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use serde_json::Value;

    use super::*;
    use crate::model::{AttributeKey, EntityId, Period, Qualifier};

    fn run(entities: usize, relations: usize, seed: u64) -> (tempfile::TempDir, Summary) {
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(
            &Options {
                entities,
                relations,
                seed,
            },
            dir.path(),
        )
        .unwrap();
        (dir, summary)
    }

    fn lines(dir: &Path, file: &str) -> Vec<Value> {
        std::fs::read_to_string(dir.join(file))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn str_of<'a>(v: &'a Value, field: &str) -> &'a str {
        v[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} in {v}"))
    }

    const FILES: [&str; 4] = [
        "sources.jsonl",
        "entities.jsonl",
        "relations.jsonl",
        "facts.jsonl",
    ];

    #[test]
    fn same_seed_same_bytes_other_seed_differs() {
        let (a, sa) = run(600, 2_500, 11);
        let (b, sb) = run(600, 2_500, 11);
        let (c, _) = run(600, 2_500, 12);
        assert_eq!(sa, sb);
        for f in FILES {
            let x = std::fs::read(a.path().join(f)).unwrap();
            let y = std::fs::read(b.path().join(f)).unwrap();
            let z = std::fs::read(c.path().join(f)).unwrap();
            assert!(x == y, "{f} differs between runs with the same seed");
            assert!(x != z, "{f} is the same for different seeds");
        }
    }

    #[test]
    fn pinned_output() {
        // Guards against accidental changes of the stream for a given seed.
        let (dir, _) = run(100, 100, 0);
        let text = std::fs::read_to_string(dir.path().join("relations.jsonl")).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            r#"{"from":"region/s1","type":"part_of","to":"region/s0","sources":["synthetic-001","synthetic-015"]}"#
        );
    }

    #[test]
    fn layout() {
        for total in [100, 101, 999, 1_000, 12_345, 1_000_000] {
            let mut covered = 0;
            for kind in EntityKind::ALL {
                let r = range_of(kind, total);
                assert!(!r.is_empty(), "{kind} empty at {total}");
                covered += r.len();
                for i in [r.start, r.end - 1] {
                    assert_eq!(kind_of(i, total), kind);
                    let id: EntityId = id_of(i, total).parse().unwrap();
                    assert_eq!(id.kind(), kind);
                    assert_eq!(id.slug(), format!("s{i}"));
                }
            }
            assert_eq!(covered, total);
            assert!(range_of(EntityKind::Region, total).len() >= MIN_REGIONS);
        }
        let share = |k| range_of(k, 1_000_000).len();
        assert_eq!(share(EntityKind::Company), 610_000);
        assert_eq!(share(EntityKind::Person), 120_000);
        assert_eq!(share(EntityKind::Region), 10_000);
    }

    #[test]
    fn templates_are_allowed() {
        for t in TEMPLATES {
            for &(f, _) in t.from {
                for &(to, _) in t.to {
                    assert!(t.rel.allows(f, to), "{} {f} -> {to}", t.rel);
                }
            }
        }
    }

    #[test]
    fn rejects_bad_options() {
        let dir = tempfile::tempdir().unwrap();
        let small = Options {
            entities: MIN_ENTITIES - 1,
            relations: 10,
            seed: 0,
        };
        assert!(matches!(
            generate(&small, dir.path()),
            Err(GenerateError::TooSmall { .. })
        ));
        let dense = Options {
            entities: 100,
            relations: 100 * MAX_RELATIONS_PER_ENTITY + 1,
            seed: 0,
        };
        assert!(matches!(
            generate(&dense, dir.path()),
            Err(GenerateError::TooDense { .. })
        ));
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        let ok = Options {
            entities: 100,
            relations: 100,
            seed: 0,
        };
        assert!(matches!(
            generate(&ok, &file.join("sub")),
            Err(GenerateError::Io { .. })
        ));
    }

    #[test]
    fn few_relations() {
        let (dir, s) = run(150, 20, 3);
        assert_eq!(s.relations, 20);
        assert_eq!(lines(dir.path(), "relations.jsonl").len(), 20);
        let (_, s) = run(100, 0, 3);
        assert_eq!(s.relations, 0);
    }

    /// Checks everything the loader checks, on the JSON values.
    fn check_all(dir: &Path, options: &Options, summary: &Summary) {
        let sources = lines(dir, "sources.jsonl");
        assert_eq!(sources.len(), summary.sources);
        let source_ids: HashSet<&str> = sources.iter().map(|s| str_of(s, "id")).collect();
        assert_eq!(source_ids.len(), SOURCES);
        for s in &sources {
            assert!(!str_of(s, "title").is_empty());
            str_of(s, "date")
                .parse::<crate::model::PartialDate>()
                .unwrap();
        }
        let cites = |v: &Value| {
            let list: Vec<&str> = v["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            assert!(!list.is_empty());
            let unique: HashSet<&&str> = list.iter().collect();
            assert_eq!(unique.len(), list.len(), "duplicate source in {v}");
            assert!(list.iter().all(|s| source_ids.contains(s)), "{v}");
        };
        let slug = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !s.starts_with('-')
                && !s.ends_with('-')
        };

        let entities = lines(dir, "entities.jsonl");
        assert_eq!(entities.len(), options.entities);
        assert_eq!(summary.entities, options.entities);
        let mut kinds: HashMap<String, EntityKind> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            let id: EntityId = str_of(e, "id").parse().unwrap();
            assert_eq!(id.as_str(), id_of(i, options.entities));
            assert_eq!(str_of(e, "kind"), id.kind().as_str());
            assert!(!str_of(e, "name").trim().is_empty());
            assert!(e.get("name_zh").is_none());
            if let Some(sub) = e.get("subtype") {
                assert!(slug(sub.as_str().unwrap()), "{e}");
            }
            for a in e
                .get("aliases")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                assert!(!a.as_str().unwrap().trim().is_empty());
            }
            if let Some(attrs) = e.get("attributes") {
                let attrs = attrs.as_object().unwrap();
                assert!(!attrs.is_empty());
                for (k, v) in attrs {
                    let key: AttributeKey = k.parse().unwrap();
                    assert!(key.allowed_on().contains(&id.kind()), "{k} on {e}");
                    let v = v.as_str().unwrap();
                    assert!(!v.trim().is_empty());
                    if key.is_date() {
                        v.parse::<Period>().unwrap_or_else(|e| panic!("{v}: {e}"));
                    }
                }
            }
            cites(e);
            assert!(kinds.insert(id.to_string(), id.kind()).is_none());
        }

        let relations = lines(dir, "relations.jsonl");
        assert_eq!(relations.len(), summary.relations);
        assert_eq!(summary.relations, options.relations);
        let mut triples = HashSet::new();
        let mut degree: HashMap<&str, usize> = HashMap::new();
        for r in &relations {
            let (from, to) = (str_of(r, "from"), str_of(r, "to"));
            let rel: RelationType = str_of(r, "type").parse().unwrap();
            assert_ne!(from, to, "self loop {r}");
            let (fk, tk) = (kinds[from], kinds[to]);
            assert!(rel.allows(fk, tk), "{r}");
            assert!(triples.insert((from, rel, to)), "duplicate {r}");
            if rel == RelationType::PartOf && fk == tk {
                let n = |id: &str| id.split("/s").nth(1).unwrap().parse::<usize>().unwrap();
                assert!(n(from) > n(to), "part_of must point backwards: {r}");
            }
            if let Some(d) = r.get("date") {
                d.as_str().unwrap().parse::<Period>().unwrap();
            }
            if let Some(a) = r.get("amount") {
                assert!(a.as_f64().unwrap().is_finite());
                assert!(r.get("unit").is_some(), "{r}");
            }
            if rel == RelationType::Leads {
                assert!(r.get("title").is_some());
            }
            cites(r);
            *degree.entry(from).or_default() += 1;
            *degree.entry(to).or_default() += 1;
        }
        if options.relations >= options.entities {
            for id in kinds.keys() {
                assert!(degree.contains_key(id.as_str()), "{id} has no relation");
            }
        }

        let facts = lines(dir, "facts.jsonl");
        assert_eq!(facts.len(), summary.facts);
        for f in &facts {
            assert!(kinds.contains_key(str_of(f, "entity")));
            let metric = str_of(f, "metric");
            assert!(metric
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
            assert!(f["value"].as_f64().unwrap().is_finite());
            if let Some(p) = f.get("period") {
                p.as_str().unwrap().parse::<Period>().unwrap();
            }
            if let Some(q) = f.get("qualifier") {
                q.as_str().unwrap().parse::<Qualifier>().unwrap();
            }
            cites(f);
        }
    }

    #[test]
    fn counts_and_rules() {
        for (entities, relations, seed) in [(100, 100, 0), (1_000, 5_000, 1), (3_000, 9_000, 2)] {
            let options = Options {
                entities,
                relations,
                seed,
            };
            let dir = tempfile::tempdir().unwrap();
            let summary = generate(&options, dir.path()).unwrap();
            check_all(dir.path(), &options, &summary);
            let expected = entities as f64 * 0.31;
            assert!((summary.facts as f64) > expected * 0.7, "{summary:?}");
            assert!((summary.facts as f64) < expected * 1.3, "{summary:?}");
        }
    }

    #[test]
    fn dense_graph_still_exact() {
        let options = Options {
            entities: 100,
            relations: 3_000,
            seed: 5,
        };
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(&options, dir.path()).unwrap();
        check_all(dir.path(), &options, &summary);
    }

    #[test]
    fn loads_back() {
        let (dir, summary) = run(2_000, 8_000, 4);
        let store = crate::load::from_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(store.entity_count(), summary.entities);
        assert_eq!(store.relation_count(), summary.relations);
        assert_eq!(store.fact_count(), summary.facts);
    }

    #[test]
    fn degrees_are_skewed() {
        let (dir, _) = run(20_000, 100_000, 9);
        let mut degree: HashMap<String, usize> = HashMap::new();
        for r in lines(dir.path(), "relations.jsonl") {
            *degree.entry(str_of(&r, "from").to_owned()).or_default() += 1;
            *degree.entry(str_of(&r, "to").to_owned()).or_default() += 1;
        }
        let mut d: Vec<usize> = degree.into_values().collect();
        d.sort_unstable();
        let median = d[d.len() / 2];
        let max = d[d.len() - 1];
        assert!(median <= 10, "median {median}");
        assert!(max >= 500, "max {max}");
    }

    /// `cargo test --release --lib generate::tests::million -- --ignored --nocapture`
    /// generates 1M entities and 5M relations and prints timings and statistics.
    /// Set `INNOGRAPH_GENERATE_OUT` to keep the files in that directory.
    #[test]
    #[ignore = "writes about a gigabyte; run by hand in --release"]
    fn million() {
        let keep = std::env::var_os("INNOGRAPH_GENERATE_OUT").map(PathBuf::from);
        let tmp = tempfile::tempdir().unwrap();
        let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
        let options = Options {
            entities: 1_000_000,
            relations: 5_000_000,
            seed: 1,
        };
        let start = std::time::Instant::now();
        let summary = generate(&options, &dir).unwrap();
        let elapsed = start.elapsed();
        println!("{summary:?} in {elapsed:.2?}");
        for f in FILES {
            let len = std::fs::metadata(dir.join(f)).unwrap().len();
            println!("{f:>16}: {:>8.1} MiB", len as f64 / (1 << 20) as f64);
        }
        println!("kinds:");
        for kind in EntityKind::ALL {
            let n = range_of(kind, options.entities).len();
            println!("  {:<12} {n:>8} {:>5.1} %", kind.as_str(), n as f64 / 1e4);
        }

        #[derive(serde::Deserialize)]
        struct Edge<'a> {
            from: &'a str,
            #[serde(rename = "type")]
            kind: &'a str,
            to: &'a str,
        }
        let text = std::fs::read_to_string(dir.join("relations.jsonl")).unwrap();
        let mut degree = vec![0u32; options.entities];
        let mut types: HashMap<String, usize> = HashMap::new();
        let number = |id: &str| id.split("/s").nth(1).unwrap().parse::<usize>().unwrap();
        for line in text.lines() {
            let e: Edge = serde_json::from_str(line).unwrap();
            degree[number(e.from)] += 1;
            degree[number(e.to)] += 1;
            *types.entry(e.kind.to_owned()).or_default() += 1;
        }
        drop(text);
        let mut types: Vec<_> = types.into_iter().collect();
        types.sort_by_key(|t| std::cmp::Reverse(t.1));
        println!("relation types:");
        for (t, n) in &types {
            println!("  {t:<16} {n:>8} {:>5.1} %", *n as f64 / 5e4);
        }
        let mut order: Vec<usize> = (0..options.entities).collect();
        order.sort_by(|&a, &b| degree[b].cmp(&degree[a]).then(a.cmp(&b)));
        let top: HashSet<usize> = order[..10].iter().copied().collect();
        let mut names = HashMap::new();
        let entities = std::fs::read_to_string(dir.join("entities.jsonl")).unwrap();
        for (i, line) in entities.lines().enumerate() {
            if top.contains(&i) {
                let v: Value = serde_json::from_str(line).unwrap();
                names.insert(i, str_of(&v, "name").to_owned());
            }
        }
        println!("top 10 by degree:");
        for &i in &order[..10] {
            println!(
                "  {:<20} {:>7}  {}",
                id_of(i, options.entities),
                degree[i],
                names[&i]
            );
        }
        let mut sorted: Vec<u32> = degree.clone();
        sorted.sort_unstable();
        let q = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
        println!(
            "degree: min {} median {} p90 {} p99 {} p99.9 {} max {}; isolated {}",
            q(0.0),
            q(0.5),
            q(0.9),
            q(0.99),
            q(0.999),
            q(1.0),
            sorted.iter().filter(|&&d| d == 0).count()
        );
    }
}
