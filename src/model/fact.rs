//! Quantitative statements about an entity.

use super::{Period, SourceRef};

/// How a figure relates to the truth, as its source words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// The figure as given.
    Exact,
    /// "about", "roughly", "approximately".
    About,
    /// "over", "more than": the value is a lower bound, not reached.
    Over,
    /// "at least": the value is a lower bound.
    AtLeast,
    /// "up to", "as much as": the value is an upper bound.
    UpTo,
    /// "under", "less than", "nearly": the value is an upper bound, not reached.
    Under,
    /// "60 to 70", "one or two": no single value, the figure lies between
    /// [`Fact::min`] and [`Fact::max`].
    Range,
    /// "several hundred", "dozens": words without a number. There is no
    /// value; [`Fact::wording`] keeps the words and [`Fact::min`] /
    /// [`Fact::max`] hold only the bounds the words imply.
    Indefinite,
}

impl Qualifier {
    /// Every qualifier.
    pub const ALL: [Qualifier; 8] = [
        Qualifier::Exact,
        Qualifier::About,
        Qualifier::Over,
        Qualifier::AtLeast,
        Qualifier::UpTo,
        Qualifier::Under,
        Qualifier::Range,
        Qualifier::Indefinite,
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
            Qualifier::Range => "range",
            Qualifier::Indefinite => "indefinite",
        }
    }

    /// Whether a figure with this qualifier has one stated value (all but
    /// [`Qualifier::Range`] and [`Qualifier::Indefinite`]).
    pub fn has_value(self) -> bool {
        !matches!(self, Qualifier::Range | Qualifier::Indefinite)
    }
}

impl std::str::FromStr for Qualifier {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|q| q.as_str() == s).ok_or(())
    }
}

/// A number stated about an entity, normalised to base units.
///
/// ```
/// use innograph::model::{Fact, Qualifier};
/// let team = Fact {
///     metric: "security_team_size".into(),
///     value: None,
///     unit: Some("people".into()),
///     period: None,
///     as_of: false,
///     qualifier: Qualifier::Indefinite,
///     min: Some(200.0),
///     max: None,
///     wording: Some("several hundred".into()),
///     inferred: false,
///     note: None,
///     sources: vec![],
/// };
/// assert!(!team.is_exact());
/// assert_eq!((team.lower_bound(), team.upper_bound()), (Some(200.0), None));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// What is measured, snake_case (e.g. `startups_incubated`).
    pub metric: String,
    /// The stated value in base units (1 billion yuan is `1e9` with unit
    /// `CNY`); `None` for a range or for words without a number.
    pub value: Option<f64>,
    /// The unit (`CNY`, `USD`, `%`, `km2`, `firms`, ...).
    pub unit: Option<String>,
    /// The date the figure stands at (when [`Fact::as_of`]) or the period it
    /// covers.
    pub period: Option<Period>,
    /// Whether `period` is a point in time ("by the first half of 2017":
    /// as of 2017-06) rather than a span the figure covers ("in 2017").
    pub as_of: bool,
    /// How the figure relates to the truth.
    pub qualifier: Qualifier,
    /// The least the figure can be, for a range or words that imply a bound.
    pub min: Option<f64>,
    /// The most the figure can be, for a range or words that imply a bound.
    pub max: Option<f64>,
    /// How the article words the figure, in its own few words ("several
    /// hundred", "nearly three years").
    pub wording: Option<String>,
    /// The article implies the figure (or what it is about) rather than
    /// stating it.
    pub inferred: bool,
    /// Further context, in the curators' words.
    pub note: Option<String>,
    /// The articles that give the figure.
    pub sources: Vec<SourceRef>,
}

impl Fact {
    /// Whether the article gives the figure as one exact number.
    pub fn is_exact(&self) -> bool {
        self.qualifier == Qualifier::Exact && self.value.is_some()
    }

    /// The least the figure can be: the value itself when exact, the value
    /// for `over` / `at least` (for `over` the bound is not reached), the
    /// explicit minimum for a range or words; `None` when unknown.
    pub fn lower_bound(&self) -> Option<f64> {
        match self.qualifier {
            Qualifier::Exact | Qualifier::Over | Qualifier::AtLeast => self.value,
            Qualifier::Range | Qualifier::Indefinite => self.min,
            Qualifier::About | Qualifier::UpTo | Qualifier::Under => None,
        }
    }

    /// The most the figure can be (see [`Fact::lower_bound`]).
    pub fn upper_bound(&self) -> Option<f64> {
        match self.qualifier {
            Qualifier::Exact | Qualifier::UpTo | Qualifier::Under => self.value,
            Qualifier::Range | Qualifier::Indefinite => self.max,
            Qualifier::About | Qualifier::Over | Qualifier::AtLeast => None,
        }
    }
}
