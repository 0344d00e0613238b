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
    /// Date closed (for an event: the day it closed).
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
            AttributeKey::Closed => &[Institution, Park, Company, Event],
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

/// How far the articles support one of an entity's names or attribute
/// values. The default (all unset) means the article gives it as it stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    /// For names: a descriptive label the curators wrote for something the
    /// article describes but does not name (e.g. "Yangpu's digital ecosystem
    /// plan"), not an official name.
    pub label: bool,
    /// The article implies the value rather than stating it.
    pub inferred: bool,
    /// Why, or what the article says instead, in the curators' words.
    pub note: Option<String>,
}

impl Annotation {
    /// Whether nothing is set (the value stands as the article gives it).
    pub fn is_plain(&self) -> bool {
        *self == Annotation::default()
    }
}

/// What an [`Annotation`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Annotated {
    /// The English name.
    Name,
    /// The Chinese name.
    NameZh,
    /// The alias at this index of [`Entity::aliases`].
    Alias(u32),
    /// The value of this attribute.
    Attribute(AttributeKey),
}

/// The annotations of an entity. Most entities have none, so this is one
/// pointer until the first is added.
///
/// ```
/// use innograph::model::{Annotated, Annotation, Annotations};
/// let mut a = Annotations::default();
/// assert!(!a.get(Annotated::Name).label);
/// a.insert(Annotated::Name, Annotation { label: true, ..Default::default() });
/// assert!(a.get(Annotated::Name).label);
/// assert!(a.get(Annotated::Alias(0)).is_plain());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
// A boxed vector keeps the common case (no annotations) at one word per entity.
#[allow(clippy::box_collection)]
pub struct Annotations(Option<Box<Vec<(Annotated, Annotation)>>>);

impl Annotations {
    /// Sets the annotation of `target`; a plain one is not stored.
    pub fn insert(&mut self, target: Annotated, annotation: Annotation) {
        if annotation.is_plain() {
            return;
        }
        let list = self.0.get_or_insert_with(Default::default);
        match list.binary_search_by_key(&target, |(t, _)| *t) {
            Ok(at) => list[at].1 = annotation,
            Err(at) => list.insert(at, (target, annotation)),
        }
    }

    /// The annotation of `target` (plain when none was set).
    pub fn get(&self, target: Annotated) -> &Annotation {
        static PLAIN: Annotation = Annotation {
            label: false,
            inferred: false,
            note: None,
        };
        self.0
            .as_deref()
            .and_then(|list| {
                list.binary_search_by_key(&target, |(t, _)| *t)
                    .ok()
                    .map(|at| &list[at].1)
            })
            .unwrap_or(&PLAIN)
    }

    /// Every annotation set, in target order.
    pub fn iter(&self) -> impl Iterator<Item = &(Annotated, Annotation)> {
        self.0.as_deref().into_iter().flatten()
    }

    /// Whether none is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
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
    /// Which names and attribute values are labels, inferred or noted.
    pub annotations: Annotations,
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

    /// Whether the English name is a descriptive label, not a name the
    /// articles give.
    pub fn name_is_label(&self) -> bool {
        self.annotations.get(Annotated::Name).label
    }
}
