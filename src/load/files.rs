//! The serde shapes of the TOML data files. These are not the domain types:
//! they keep every value's span so problems can be reported with positions.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// `[[source]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub file: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<Spanned<String>>,
    pub date_note: Option<String>,
}

/// `[[entity]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub subtype: Option<Spanned<String>>,
    pub name: Spanned<String>,
    pub name_zh: Option<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub attributes: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// `[[relation]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationRecord {
    pub from: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub to: Spanned<String>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    pub role: Option<String>,
    pub title: Option<String>,
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
pub struct FactRecord {
    pub entity: Spanned<String>,
    pub metric: Spanned<String>,
    pub value: Spanned<f64>,
    pub unit: Option<Spanned<String>>,
    pub period: Option<Spanned<String>>,
    pub qualifier: Option<Spanned<String>>,
    pub note: Option<String>,
    pub sources: Spanned<Vec<Spanned<String>>>,
}
