//! The records of the bulk format, one serde definition of each line: the
//! reader ([`super`]) deserialises them and the generator
//! ([`crate::generate`]) serialises them, so the two cannot drift apart.
//!
//! Strings are [`Str`]: borrowed from the line when it holds no escapes, so
//! reading a line allocates only for what the model keeps. Optional fields
//! are left out when writing, as a curator would leave them out.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::ops::Deref;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap as _, Serializer};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

pub use crate::load::files::Noted;

/// A string field, borrowed from the line when it has no escapes.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str<'a>(pub Cow<'a, str>);

impl<'a> Str<'a> {
    /// The text, owned.
    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        Str(Cow::Owned(s))
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Self {
        Str(Cow::Borrowed(s))
    }
}

impl Deref for Str<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The source ids a record cites: one or two in almost every record, kept
/// inline.
pub type SourceList<'a> = SmallVec<[Str<'a>; 2]>;

/// A JSON number as written: an integer stays an integer when written back
/// (`5000000000`, not `5000000000.0`). The model reads it as an `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A whole number.
    Int(i64),
    /// Any other number.
    Float(f64),
}

impl Number {
    /// The value as the model keeps it.
    pub(crate) fn get(self) -> f64 {
        match self {
            Number::Int(v) => v as f64,
            Number::Float(v) => v,
        }
    }
}

impl From<u64> for Number {
    fn from(v: u64) -> Self {
        i64::try_from(v).map_or(Number::Float(v as f64), Number::Int)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Int(v) => s.serialize_i64(v),
            Number::Float(v) => s.serialize_f64(v),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;

            // As for a plain `f64` field, so messages do not change.
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("f64")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Int(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::from(v))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number::Float(v))
            }
        }
        d.deserialize_f64(V)
    }
}

/// An entity's `attributes` object, keys in the order written. A key given
/// twice keeps its last value, in the place of its first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttributeMap<'a>(pub Vec<(Str<'a>, Noted)>);

impl AttributeMap<'_> {
    /// Whether there are no attributes.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for AttributeMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for AttributeMap<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttributeMap<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(Str<'de>, Noted)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<Str<'de>, Noted>()? {
                    match out.iter_mut().find(|(seen, _)| *seen == k) {
                        Some(entry) => entry.1 = v,
                        None => out.push((k, v)),
                    }
                }
                Ok(AttributeMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Whether a flag is unset (so it is left out when writing).
fn is_false(b: &bool) -> bool {
    !*b
}

/// One line of `sources.jsonl` (a `[[source]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLine<'a> {
    /// The source's id, a slug.
    #[serde(borrow)]
    pub id: Str<'a>,
    /// The article's title.
    #[serde(borrow)]
    pub title: Str<'a>,
    /// Where the article is kept.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Str<'a>>,
    /// Who published it.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<Str<'a>>,
    /// When, as a partial date.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Str<'a>>,
    /// A remark on the date.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub date_note: Option<Str<'a>>,
    /// Where the article can be read.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Str<'a>>,
}

/// One line of `entities.jsonl` (an `[[entity]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityLine<'a> {
    /// `<kind>/<slug>`.
    #[serde(borrow)]
    pub id: Str<'a>,
    /// The kind, which must match the id's prefix.
    #[serde(borrow)]
    pub kind: Str<'a>,
    /// A finer kind, a slug.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<Str<'a>>,
    /// The name.
    pub name: Noted,
    /// The Chinese name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<Noted>,
    /// Other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Noted>,
    /// One or two sentences.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Str<'a>>,
    /// The source ids cited.
    #[serde(borrow)]
    pub sources: SourceList<'a>,
    /// Attributes by key.
    #[serde(borrow, default, skip_serializing_if = "AttributeMap::is_empty")]
    pub attributes: AttributeMap<'a>,
}

/// One line of `relations.jsonl` (a `[[relation]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationLine<'a> {
    /// The entity it starts at.
    #[serde(borrow)]
    pub from: Str<'a>,
    /// The relation type.
    #[serde(rename = "type", borrow)]
    pub kind: Str<'a>,
    /// The entity it ends at.
    #[serde(borrow)]
    pub to: Str<'a>,
    /// The source ids cited.
    #[serde(borrow)]
    pub sources: SourceList<'a>,
    /// The role of the `from` end.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Str<'a>>,
    /// A title (for `leads`, `holds_office`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Str<'a>>,
    /// A date or period.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Str<'a>>,
    /// An amount of money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Number>,
    /// The amount's unit.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Str<'a>>,
    /// A remark.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Str<'a>>,
    /// The article implies it rather than stating it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inferred: bool,
}

/// One line of `facts.jsonl` (a `[[fact]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactLine<'a> {
    /// The entity the figure is about.
    #[serde(borrow)]
    pub entity: Str<'a>,
    /// What is measured, snake_case.
    #[serde(borrow)]
    pub metric: Str<'a>,
    /// The figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Number>,
    /// Its unit.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Str<'a>>,
    /// The span the figure covers.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Str<'a>>,
    /// The date the figure stands at.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Str<'a>>,
    /// How the figure is stated (`about`, `range`, ...).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Str<'a>>,
    /// The lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Number>,
    /// The upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Number>,
    /// The article's words for a figure without a number.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<Str<'a>>,
    /// The article implies it rather than stating it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inferred: bool,
    /// A remark.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Str<'a>>,
    /// The source ids cited.
    #[serde(borrow)]
    pub sources: SourceList<'a>,
}

/// Writes one record as a line of JSON.
pub(crate) fn write_line<W: Write>(w: &mut W, record: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *w, record).map_err(io::Error::from)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<'a, T: Serialize + Deserialize<'a> + PartialEq + fmt::Debug>(line: &'a str) {
        let parsed: T = serde_json::from_str(line).expect("parses");
        let mut out = Vec::new();
        write_line(&mut out, &parsed).expect("writes");
        assert_eq!(String::from_utf8_lossy(&out), format!("{line}\n"));
    }

    #[test]
    fn lines_read_and_write_the_same() {
        round_trip::<SourceLine<'_>>(
            r#"{"id":"s1","title":"One","outlet":"Daily","date":"2019-05","date_note":"print"}"#,
        );
        round_trip::<EntityLine<'_>>(
            r#"{"id":"park/a","kind":"park","subtype":"science-park","name":{"value":"A's valley","label":true,"note":"unnamed"},"aliases":["AV",{"value":"Av","inferred":true}],"sources":["s1","s2"],"attributes":{"sector":"AI","founded":{"value":"2019","inferred":true}}}"#,
        );
        round_trip::<RelationLine<'_>>(
            r#"{"from":"company/b","type":"invests_in","to":"company/c","sources":["s1"],"date":"2020","amount":5000000000,"unit":"CNY","inferred":true}"#,
        );
        round_trip::<FactLine<'_>>(
            r#"{"entity":"park/a","metric":"rate","unit":"%","qualifier":"range","min":60.5,"max":70,"sources":["s1"]}"#,
        );
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let line = r#"{"id":"s1","title":"a \"quoted\" title"}"#;
        let s: SourceLine<'_> = serde_json::from_str(line).expect("parses");
        assert!(matches!(s.id.0, Cow::Borrowed("s1")));
        assert!(matches!(s.title.0, Cow::Owned(_)));
        assert_eq!(&*s.title, "a \"quoted\" title");
    }

    #[test]
    fn numbers_and_attributes() {
        let f: FactLine<'_> = serde_json::from_str(
            r#"{"entity":"p/a","metric":"m","value":-3,"min":1e3,"sources":[]}"#,
        )
        .expect("parses");
        assert_eq!(f.value.map(Number::get), Some(-3.0));
        assert_eq!(f.min.map(Number::get), Some(1000.0));
        let bad =
            serde_json::from_str::<FactLine<'_>>(r#"{"entity":"p/a","metric":"m","value":"x"}"#)
                .expect_err("a string is no number");
        assert!(bad.to_string().contains("expected f64"), "{bad}");
        let e: EntityLine<'_> = serde_json::from_str(
            r#"{"id":"p/a","kind":"park","name":"A","sources":[],"attributes":{"theme":"x","sector":"y","theme":"z"}}"#,
        )
        .expect("parses");
        let attrs: Vec<(&str, &str)> = e
            .attributes
            .0
            .iter()
            .map(|(k, v)| (&**k, v.value.as_str()))
            .collect();
        assert_eq!(attrs, [("theme", "z"), ("sector", "y")]);
    }
}
