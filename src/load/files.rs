//! The serde shapes of the TOML data files. These are not the domain types:
//! they keep every value's span so problems can be reported with positions.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap as _, Serializer};
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A name or attribute value: either a plain string or a table
/// `{ value = "...", label = true, inferred = true, note = "..." }` saying
/// how far the article supports it. Shared by the TOML and JSON Lines readers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Noted {
    /// The text itself.
    pub value: String,
    /// A descriptive label, not a name the article gives (names only).
    pub label: bool,
    /// The article implies it rather than stating it.
    pub inferred: bool,
    /// Why, in the curators' words.
    pub note: Option<String>,
}

impl Noted {
    /// The annotation part, for the model.
    pub(crate) fn annotation(&self) -> crate::model::Annotation {
        crate::model::Annotation {
            label: self.label,
            inferred: self.inferred,
            note: self
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        }
    }
}

/// Written as a plain string when it carries no annotation, else as a table.
impl Serialize for Noted {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.label && !self.inferred && self.note.is_none() {
            return s.serialize_str(&self.value);
        }
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("value", &self.value)?;
        if self.label {
            map.serialize_entry("label", &true)?;
        }
        if self.inferred {
            map.serialize_entry("inferred", &true)?;
        }
        if let Some(note) = &self.note {
            map.serialize_entry("note", note)?;
        }
        map.end()
    }
}

const NOTED_FIELDS: &[&str] = &["value", "label", "inferred", "note"];

impl<'de> Deserialize<'de> for Noted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Noted;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a string, or a table with `value` and optional `label`, `inferred`, `note`",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Noted, E> {
                Ok(Noted {
                    value: v.to_owned(),
                    ..Noted::default()
                })
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Noted, E> {
                Ok(Noted {
                    value: v,
                    ..Noted::default()
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Noted, A::Error> {
                let mut out = Noted::default();
                let mut value = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" => value = Some(map.next_value::<String>()?),
                        "label" => out.label = map.next_value()?,
                        "inferred" => out.inferred = map.next_value()?,
                        "note" => out.note = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, NOTED_FIELDS)),
                    }
                }
                out.value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}

/// `[[source]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceRecord {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub file: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<Spanned<String>>,
    pub date_note: Option<String>,
    /// Where the article can be read.
    #[serde(default)]
    pub url: Option<String>,
}

/// `[[entity]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntityRecord {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub subtype: Option<Spanned<String>>,
    pub name: Spanned<Noted>,
    pub name_zh: Option<Spanned<Noted>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<Noted>>,
    pub description: Option<Spanned<String>>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub attributes: BTreeMap<Spanned<String>, Spanned<Noted>>,
}

/// `[[relation]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RelationRecord {
    pub from: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub to: Spanned<String>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    pub role: Option<String>,
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub amount: Option<Spanned<f64>>,
    pub unit: Option<Spanned<String>>,
    pub note: Option<String>,
    #[serde(default)]
    pub inferred: bool,
}

/// `[[fact]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FactRecord {
    pub entity: Spanned<String>,
    pub metric: Spanned<String>,
    pub value: Option<Spanned<f64>>,
    pub unit: Option<Spanned<String>>,
    pub period: Option<Spanned<String>>,
    pub as_of: Option<Spanned<String>>,
    pub qualifier: Option<Spanned<String>>,
    pub min: Option<Spanned<f64>>,
    pub max: Option<Spanned<f64>>,
    pub wording: Option<Spanned<String>>,
    #[serde(default)]
    pub inferred: bool,
    pub note: Option<String>,
    pub sources: Spanned<Vec<Spanned<String>>>,
}

/// The text of an optional TOML string field.
pub(super) fn text(v: &Option<Spanned<String>>) -> Option<&str> {
    v.as_ref().map(|p| p.get_ref().as_str())
}

/// An optional TOML string field, trimmed; `None` when blank.
pub(super) fn opt_text(v: &Option<Spanned<String>>) -> Option<String> {
    v.as_ref()
        .map(|s| s.get_ref().trim().to_owned())
        .filter(|s| !s.is_empty())
}
