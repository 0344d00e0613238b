//! The mutations' input types, named for what they write, and how each
//! becomes an edit in the data files' vocabulary.

use async_graphql::{InputObject, MaybeUndefined, OneofObject, ID};

use crate::curation::edit::{Edit, EntityPatch, RelationPatch};
use crate::graphql::enums::{EntityKind, Qualifier, RelationType};
use crate::load::bulk::records::{
    AttributeMap, EntityLine, FactLine, Noted, Number, RelationLine, SourceLine, Str,
};
use crate::model;

fn s(v: impl Into<String>) -> Str<'static> {
    Str::from(v.into())
}

fn noted(value: String) -> Noted {
    Noted {
        value,
        ..Noted::default()
    }
}

/// An attribute to set.
#[derive(InputObject, Clone, Debug)]
pub struct AttributeInput {
    /// `address`, `founded`, `closed`, `date`, `sector`, `theme` or `status`
    /// (which keys each kind takes: see `data/README.md`).
    pub key: String,
    /// Its value; dates are `YYYY[-MM[-DD]]` or `START..END`.
    pub value: String,
    /// True when the articles imply the value rather than state it.
    #[graphql(default)]
    pub inferred: bool,
    /// Why, or what the article says exactly.
    pub note: Option<String>,
}

impl AttributeInput {
    fn noted(&self) -> Noted {
        Noted {
            value: self.value.clone(),
            label: false,
            inferred: self.inferred,
            note: self.note.clone(),
        }
    }
}

/// A new entity.
#[derive(InputObject, Clone, Debug)]
pub struct CreateEntityInput {
    /// `<kind>/<slug>`, e.g. `company/new-robotics`.
    pub id: ID,
    /// What it is (must match the id's prefix).
    pub kind: EntityKind,
    /// A finer classification, lowercase words with `-`.
    pub subtype: Option<String>,
    /// The English name.
    pub name: String,
    /// True when `name` is a descriptive label, not an official name.
    #[graphql(default)]
    pub name_is_label: bool,
    /// The Chinese name, only where well established.
    pub name_zh: Option<String>,
    /// Abbreviations and other names.
    #[graphql(default)]
    pub aliases: Vec<String>,
    /// One or two sentences in the curator's words.
    pub description: Option<String>,
    /// Kind-specific attributes.
    #[graphql(default)]
    pub attributes: Vec<AttributeInput>,
}

/// Changes to an entity: fields left out stay as they are; `null` clears an
/// optional one.
#[derive(InputObject, Clone, Debug)]
pub struct UpdateEntityInput {
    /// Which entity.
    pub id: ID,
    /// A finer classification.
    pub subtype: MaybeUndefined<String>,
    /// The English name.
    pub name: Option<String>,
    /// True when `name` is a descriptive label.
    pub name_is_label: Option<bool>,
    /// The Chinese name.
    pub name_zh: MaybeUndefined<String>,
    /// Every alias (replacing the list).
    pub aliases: Option<Vec<String>>,
    /// The description.
    pub description: MaybeUndefined<String>,
    /// Attributes to set.
    #[graphql(default)]
    pub attributes: Vec<AttributeInput>,
    /// Attribute keys to remove.
    #[graphql(default)]
    pub remove_attributes: Vec<String>,
}

/// Which entity.
#[derive(InputObject, Clone, Debug)]
pub struct EntityIdInput {
    /// Its id.
    pub id: ID,
}

/// A new relation.
#[derive(InputObject, Clone, Debug)]
pub struct AddRelationInput {
    /// Where it starts.
    pub from: ID,
    /// Its type (which kinds it may join: see `data/README.md`).
    #[graphql(name = "type")]
    pub relation_type: RelationType,
    /// Where it ends.
    pub to: ID,
    /// The part played, in the curator's words.
    pub role: Option<String>,
    /// For LEADS and HOLDS_OFFICE: the title.
    pub title: Option<String>,
    /// When: `YYYY[-MM[-DD]]` or `START..END`.
    pub date: Option<String>,
    /// An amount in base units (with `unit`).
    pub amount: Option<f64>,
    /// The amount's unit, e.g. `CNY`.
    pub unit: Option<String>,
    /// Further context.
    pub note: Option<String>,
    /// True when the articles imply it rather than state it.
    #[graphql(default)]
    pub inferred: bool,
}

/// Changes to a relation's properties (its ends and type stay; retract and
/// add to change those).
#[derive(InputObject, Clone, Debug)]
pub struct UpdateRelationInput {
    /// Where it starts.
    pub from: ID,
    /// Its type.
    #[graphql(name = "type")]
    pub relation_type: RelationType,
    /// Where it ends.
    pub to: ID,
    /// The part played.
    pub role: MaybeUndefined<String>,
    /// The title.
    pub title: MaybeUndefined<String>,
    /// When.
    pub date: MaybeUndefined<String>,
    /// An amount.
    pub amount: MaybeUndefined<f64>,
    /// The amount's unit.
    pub unit: MaybeUndefined<String>,
    /// Further context.
    pub note: MaybeUndefined<String>,
    /// Whether the articles imply it.
    pub inferred: Option<bool>,
}

/// Which relation.
#[derive(InputObject, Clone, Debug)]
pub struct RelationKeyInput {
    /// Where it starts.
    pub from: ID,
    /// Its type.
    #[graphql(name = "type")]
    pub relation_type: RelationType,
    /// Where it ends.
    pub to: ID,
}

/// A new fact.
#[derive(InputObject, Clone, Debug)]
pub struct AddFactInput {
    /// The entity it is about.
    pub entity: ID,
    /// What is measured, snake_case.
    pub metric: String,
    /// The value in base units (not for RANGE or INDEFINITE).
    pub value: Option<f64>,
    /// The unit: `CNY`, `USD`, `%`, `km2`, `m2`, or a plural noun.
    pub unit: Option<String>,
    /// The span it covers: `YYYY[-MM[-DD]]` or `START..END`.
    pub period: Option<String>,
    /// The date it stands at (instead of `period`).
    pub as_of: Option<String>,
    /// How it relates to the truth (default EXACT).
    pub qualifier: Option<Qualifier>,
    /// The least it can be (a range, or bounds the words imply).
    pub min: Option<f64>,
    /// The most it can be.
    pub max: Option<f64>,
    /// The article's own few words for it.
    pub wording: Option<String>,
    /// True when the articles imply it.
    #[graphql(default)]
    pub inferred: bool,
    /// Further context.
    pub note: Option<String>,
}

/// Which fact.
#[derive(InputObject, Clone, Debug)]
pub struct FactIdInput {
    /// Its id (`Fact.id`).
    pub id: ID,
}

/// A new source article.
#[derive(InputObject, Clone, Debug)]
pub struct AddSourceInput {
    /// A slug, e.g. `yangpu-report-2024`.
    pub id: ID,
    /// The article's title.
    pub title: String,
    /// Who published it.
    pub outlet: Option<String>,
    /// When: `YYYY[-MM[-DD]]`.
    pub date: Option<String>,
    /// Where it can be read.
    pub url: Option<String>,
}

/// One edit of `applyChanges`: exactly one of its fields.
#[derive(OneofObject, Clone, Debug)]
pub enum ChangeInput {
    /// Create an entity.
    CreateEntity(CreateEntityInput),
    /// Change an entity.
    UpdateEntity(UpdateEntityInput),
    /// Retract an entity.
    RetractEntity(EntityIdInput),
    /// Add a relation.
    AddRelation(AddRelationInput),
    /// Change a relation.
    UpdateRelation(UpdateRelationInput),
    /// Retract a relation.
    RetractRelation(RelationKeyInput),
    /// Add a fact.
    AddFact(AddFactInput),
    /// Retract a fact.
    RetractFact(FactIdInput),
    /// Register a source.
    AddSource(AddSourceInput),
}

fn maybe<T: Clone>(m: &MaybeUndefined<T>) -> Option<Option<T>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v.clone())),
    }
}

impl ChangeInput {
    /// The input's name in `applyChanges` (`createEntity`).
    pub(super) fn name(&self) -> &'static str {
        match self {
            ChangeInput::CreateEntity(_) => "createEntity",
            ChangeInput::UpdateEntity(_) => "updateEntity",
            ChangeInput::RetractEntity(_) => "retractEntity",
            ChangeInput::AddRelation(_) => "addRelation",
            ChangeInput::UpdateRelation(_) => "updateRelation",
            ChangeInput::RetractRelation(_) => "retractRelation",
            ChangeInput::AddFact(_) => "addFact",
            ChangeInput::RetractFact(_) => "retractFact",
            ChangeInput::AddSource(_) => "addSource",
        }
    }

    pub(super) fn edit(self) -> Edit {
        match self {
            ChangeInput::CreateEntity(i) => Edit::CreateEntity(EntityLine {
                id: s(i.id.0),
                kind: s(model::EntityKind::from(i.kind).as_str()),
                subtype: i.subtype.map(s),
                name: Noted {
                    value: i.name,
                    label: i.name_is_label,
                    ..Noted::default()
                },
                name_zh: i.name_zh.map(noted),
                aliases: i.aliases.into_iter().map(noted).collect(),
                description: i.description.map(s),
                sources: Default::default(),
                attributes: AttributeMap(
                    i.attributes
                        .iter()
                        .map(|a| (s(a.key.clone()), a.noted()))
                        .collect(),
                ),
            }),
            ChangeInput::UpdateEntity(i) => {
                let mut attributes: Vec<(String, Option<Noted>)> = i
                    .attributes
                    .iter()
                    .map(|a| (a.key.clone(), Some(a.noted())))
                    .collect();
                attributes.extend(i.remove_attributes.iter().map(|k| (k.clone(), None)));
                let name = match (i.name, i.name_is_label) {
                    (Some(value), label) => Some(Noted {
                        value,
                        label: label.unwrap_or(false),
                        ..Noted::default()
                    }),
                    (None, _) => None,
                };
                Edit::UpdateEntity {
                    id: i.id.0,
                    patch: EntityPatch {
                        subtype: maybe(&i.subtype),
                        name,
                        name_zh: maybe(&i.name_zh).map(|v| v.map(noted)),
                        aliases: i.aliases.map(|a| a.into_iter().map(noted).collect()),
                        description: maybe(&i.description),
                        attributes,
                    },
                }
            }
            ChangeInput::RetractEntity(i) => Edit::RetractEntity { id: i.id.0 },
            ChangeInput::AddRelation(i) => Edit::AddRelation(RelationLine {
                from: s(i.from.0),
                kind: s(model::RelationType::from(i.relation_type).as_str()),
                to: s(i.to.0),
                sources: Default::default(),
                role: i.role.map(s),
                title: i.title.map(s),
                date: i.date.map(s),
                amount: i.amount.map(Number::Float),
                unit: i.unit.map(s),
                note: i.note.map(s),
                inferred: i.inferred,
            }),
            ChangeInput::UpdateRelation(i) => Edit::UpdateRelation {
                from: i.from.0,
                kind: model::RelationType::from(i.relation_type)
                    .as_str()
                    .to_owned(),
                to: i.to.0,
                patch: RelationPatch {
                    role: maybe(&i.role),
                    title: maybe(&i.title),
                    date: maybe(&i.date),
                    amount: maybe(&i.amount),
                    unit: maybe(&i.unit),
                    note: maybe(&i.note),
                    inferred: i.inferred,
                },
            },
            ChangeInput::RetractRelation(i) => Edit::RetractRelation {
                from: i.from.0,
                kind: model::RelationType::from(i.relation_type)
                    .as_str()
                    .to_owned(),
                to: i.to.0,
            },
            ChangeInput::AddFact(i) => Edit::AddFact(FactLine {
                entity: s(i.entity.0),
                metric: s(i.metric),
                value: i.value.map(Number::Float),
                unit: i.unit.map(s),
                period: i.period.map(s),
                as_of: i.as_of.map(s),
                qualifier: i.qualifier.map(|q| s(model::Qualifier::from(q).as_str())),
                min: i.min.map(Number::Float),
                max: i.max.map(Number::Float),
                wording: i.wording.map(s),
                inferred: i.inferred,
                note: i.note.map(s),
                sources: Default::default(),
            }),
            ChangeInput::RetractFact(i) => Edit::RetractFact { id: i.id.0 },
            ChangeInput::AddSource(i) => Edit::AddSource(SourceLine {
                id: s(i.id.0),
                title: s(i.title),
                file: None,
                outlet: i.outlet.map(s),
                date: i.date.map(s),
                date_note: None,
                url: i.url.map(s),
            }),
        }
    }
}

/// The input field (camelCase) a record field names.
pub(super) fn input_field(field: &str) -> String {
    let camel = match field {
        "name_zh" => "nameZh",
        "as_of" => "asOf",
        "id" | "kind" | "subtype" | "name" | "aliases" | "description" | "sources" | "from"
        | "to" | "type" | "role" | "title" | "date" | "amount" | "unit" | "note" | "entity"
        | "metric" | "value" | "period" | "qualifier" | "min" | "max" | "wording" | "url"
        | "inferred" | "revision" => field,
        // An attribute's key.
        _ => "attributes",
    };
    camel.to_owned()
}
