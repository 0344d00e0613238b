//! Quantitative statements about an entity.

use super::{Period, SourceRef};

/// How exact a figure is, as the source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// The figure as given.
    Exact,
    /// "about", "roughly", "approximately".
    About,
    /// "over", "more than".
    Over,
    /// "at least".
    AtLeast,
    /// "up to", "as much as".
    UpTo,
    /// "under", "less than".
    Under,
}

impl Qualifier {
    /// Every qualifier.
    pub const ALL: [Qualifier; 6] = [
        Qualifier::Exact,
        Qualifier::About,
        Qualifier::Over,
        Qualifier::AtLeast,
        Qualifier::UpTo,
        Qualifier::Under,
    ];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::Over => "over",
            Qualifier::AtLeast => "at_least",
            Qualifier::UpTo => "up_to",
            Qualifier::Under => "under",
        }
    }
}

impl std::str::FromStr for Qualifier {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|q| q.as_str() == s).ok_or(())
    }
}

/// A number stated about an entity, normalised to base units.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// What is measured, snake_case (e.g. `startups_incubated`).
    pub metric: String,
    /// The value in base units (1 billion yuan is `1e9` with unit `CNY`).
    pub value: f64,
    /// The unit (`CNY`, `USD`, `%`, `km2`, `firms`, ...).
    pub unit: Option<String>,
    /// The as-of date or the period the figure covers.
    pub period: Option<Period>,
    /// How exact the figure is.
    pub qualifier: Qualifier,
    /// Further context, in the curators' words.
    pub note: Option<String>,
    /// The articles that give the figure.
    pub sources: Vec<SourceRef>,
}
