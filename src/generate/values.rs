//! The generator's values (ids, dates, addresses, attributes, relation
//! properties) and the file they are written to. The records themselves are
//! the loader's ([`crate::load::bulk::records`]): one definition for reading
//! and writing.

use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::PathBuf;
use std::sync::LazyLock;

use serde::Serialize;

use super::{GenerateError, SOURCES};
use crate::load::bulk::records::{self, AttributeMap, Noted, SourceList, Str};
use crate::model::{AttributeKey, EntityKind};

/// An entity id, `<kind>/s<i>`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Id(pub(super) EntityKind, pub(super) usize);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/s{}", self.0.as_str(), self.1)
    }
}

/// The source ids `synthetic-001` ... (source `n` is at index `n`, 0-based).
static SOURCE_IDS: LazyLock<Vec<String>> =
    LazyLock::new(|| (1..=SOURCES).map(|n| format!("synthetic-{n:03}")).collect());

/// The id of source `n` (0-based), written 1-based: `synthetic-NNN`.
pub(super) fn source_id(n: usize) -> Str<'static> {
    Str::from(SOURCE_IDS.get(n).map_or("synthetic-000", String::as_str))
}

/// One or two distinct source numbers (0-based), and how many.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cites(pub(super) [u8; 2], pub(super) u8);

impl Cites {
    /// The cited ids (for a record of any lifetime: a `SmallVec` does not
    /// shorten one by itself).
    pub(super) fn list<'a>(self) -> SourceList<'a> {
        self.0[..usize::from(self.1)]
            .iter()
            .map(|&c| -> Str<'a> { source_id(usize::from(c)) })
            .collect()
    }
}

/// A date; month and day 0 mean "not given".
#[derive(Debug, Clone, Copy)]
pub(super) struct Day {
    pub(super) y: u16,
    pub(super) m: u8,
    pub(super) d: u8,
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
pub(super) struct When {
    pub(super) start: Day,
    pub(super) end: Option<Day>,
}

impl When {
    /// A single date.
    pub(super) fn on(start: Day) -> Self {
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

/// A street address: `<number> <place> <street>`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Address {
    pub(super) number: u16,
    pub(super) place: &'static str,
    pub(super) street: &'static str,
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.number, self.place, self.street)
    }
}

/// Writes `value` into `buf` (emptied first) and gives the text, so a
/// record can borrow it.
pub(super) fn show(buf: &mut String, value: impl fmt::Display) -> Str<'_> {
    buf.clear();
    let _ = write!(buf, "{value}");
    Str::from(buf.as_str())
}

/// A name or attribute value without annotations.
pub(super) fn plain(value: String) -> Noted {
    Noted {
        value,
        ..Noted::default()
    }
}

/// An entity's attributes as they are drawn.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    pub(super) address: Option<Address>,
    pub(super) founded: Option<When>,
    pub(super) closed: Option<When>,
    pub(super) date: Option<When>,
    pub(super) sector: Option<&'static str>,
    pub(super) theme: Option<&'static str>,
    pub(super) status: Option<&'static str>,
}

impl Attrs {
    /// The attributes given, in the order of [`AttributeKey::ALL`].
    pub(super) fn into_map(self) -> AttributeMap<'static> {
        use AttributeKey as K;
        let values = [
            (K::Address, self.address.map(|v| v.to_string())),
            (K::Founded, self.founded.map(|v| v.to_string())),
            (K::Closed, self.closed.map(|v| v.to_string())),
            (K::Date, self.date.map(|v| v.to_string())),
            (K::Sector, self.sector.map(str::to_owned)),
            (K::Theme, self.theme.map(str::to_owned)),
            (K::Status, self.status.map(str::to_owned)),
        ];
        AttributeMap(
            values
                .into_iter()
                .filter_map(|(k, v)| Some((Str::from(k.as_str()), plain(v?))))
                .collect(),
        )
    }
}

/// The optional properties of a relation.
#[derive(Default)]
pub(super) struct Props {
    pub(super) role: Option<&'static str>,
    pub(super) title: Option<&'static str>,
    pub(super) date: Option<When>,
    pub(super) amount: Option<u64>,
    pub(super) unit: Option<&'static str>,
    pub(super) note: Option<&'static str>,
    pub(super) inferred: bool,
}

/// A buffered JSON Lines file that remembers its path for errors.
pub(super) struct Out {
    path: PathBuf,
    w: BufWriter<File>,
}

impl Out {
    /// Creates (or replaces) the file.
    pub(super) fn create(path: PathBuf) -> Result<Self, GenerateError> {
        match File::create(&path) {
            Ok(f) => Ok(Out {
                w: BufWriter::with_capacity(1 << 20, f),
                path,
            }),
            Err(source) => Err(GenerateError::Io { path, source }),
        }
    }

    /// Writes one record.
    pub(super) fn line(&mut self, record: &impl Serialize) -> Result<(), GenerateError> {
        records::write_line(&mut self.w, record).map_err(|source| GenerateError::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Flushes what is buffered.
    pub(super) fn finish(mut self) -> Result<(), GenerateError> {
        self.w.flush().map_err(|source| GenerateError::Io {
            path: self.path.clone(),
            source,
        })
    }
}
