//! Entities: the nodes of the graph.

use super::{EntityId, EntityKind};

/// A kind-specific attribute key. Which kinds may carry which key is fixed by
/// [`AttributeKey::allowed_on`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttributeKey {
    /// Street or area as given.
    Address,
    /// Date founded or opened.
    Founded,
    /// Date closed.
    Closed,
    /// Date issued, held or launched (date or period).
    Date,
    /// Main field of activity.
    Sector,
    /// The stated theme.
    Theme,
    /// Stage, e.g. "planned".
    Status,
}

impl AttributeKey {
    /// Every key.
    pub const ALL: [AttributeKey; 7] = [
        AttributeKey::Address,
        AttributeKey::Founded,
        AttributeKey::Closed,
        AttributeKey::Date,
        AttributeKey::Sector,
        AttributeKey::Theme,
        AttributeKey::Status,
    ];

    /// The key's name in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeKey::Address => "address",
            AttributeKey::Founded => "founded",
            AttributeKey::Closed => "closed",
            AttributeKey::Date => "date",
            AttributeKey::Sector => "sector",
            AttributeKey::Theme => "theme",
            AttributeKey::Status => "status",
        }
    }

    /// Whether the value must be a date or period.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            AttributeKey::Founded | AttributeKey::Closed | AttributeKey::Date
        )
    }

    /// The kinds that may carry this key.
    pub fn allowed_on(self) -> &'static [EntityKind] {
        use EntityKind::*;
        match self {
            AttributeKey::Address => &[Institution, Park, Company],
            AttributeKey::Founded => &[Institution, Park, Company, Project],
            AttributeKey::Closed => &[Institution, Park, Company],
            AttributeKey::Date => &[Policy, Event, Project],
            AttributeKey::Sector => &[Company, Park, Project, Institution],
            AttributeKey::Theme => &[Event, Park],
            AttributeKey::Status => &[Policy, Project, Park],
        }
    }
}

impl std::str::FromStr for AttributeKey {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// Kind-specific attributes of an entity: a few keys at most, so a sorted
/// vector (a map would cost hundreds of bytes per entity on a large graph).
///
/// ```
/// use innograph::model::{AttributeKey, Attributes};
/// let mut a = Attributes::new();
/// a.insert(AttributeKey::Sector, "fintech".into());
/// a.insert(AttributeKey::Address, "Dingxi Road".into());
/// assert_eq!(a.get(&AttributeKey::Sector).map(String::as_str), Some("fintech"));
/// assert_eq!(a.iter().next().map(|(k, _)| *k), Some(AttributeKey::Address));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes(Vec<(AttributeKey, String)>);

impl Attributes {
    /// No attributes.
    pub fn new() -> Attributes {
        Attributes(Vec::new())
    }

    /// Sets `key` to `value`, replacing any earlier value.
    pub fn insert(&mut self, key: AttributeKey, value: String) {
        match self.0.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => {
                self.0.reserve_exact(1);
                self.0.insert(at, (key, value));
            }
        }
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &AttributeKey) -> Option<&String> {
        self.0
            .binary_search_by_key(key, |(k, _)| *k)
            .ok()
            .map(|at| &self.0[at].1)
    }

    /// The attributes in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&AttributeKey, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Number of attributes set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A node of the knowledge graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable id, `<kind>/<slug>`.
    pub id: EntityId,
    /// A finer classification within the kind, e.g. `university`.
    pub subtype: Option<String>,
    /// English name.
    pub name: String,
    /// Chinese name, only where well established.
    pub name_zh: Option<String>,
    /// Abbreviations and other names.
    pub aliases: Vec<String>,
    /// A short description in the curators' words.
    pub description: Option<String>,
    /// Kind-specific attributes.
    pub attributes: Attributes,
    /// The articles that mention the entity.
    pub sources: super::SourceRefs,
    /// Quantitative facts about the entity.
    pub facts: Vec<super::Fact>,
}

impl Entity {
    /// The entity's kind (from its id).
    pub fn kind(&self) -> EntityKind {
        self.id.kind()
    }

    /// An attribute's value, if set.
    pub fn attribute(&self, key: AttributeKey) -> Option<&str> {
        self.attributes.get(&key).map(String::as_str)
    }
}
