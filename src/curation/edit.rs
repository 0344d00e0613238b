//! What a curator asks for: edits in the vocabulary of the data files (the
//! records of the bulk format, [`crate::load::bulk::records`]), and the
//! request around them (reason, sources, expected revision, idempotency
//! key, dry run). And what can go wrong, naming the field at fault.

use crate::load::bulk::records::Noted;
use crate::load::bulk::records::{EntityLine, FactLine, RelationLine, SourceLine};

/// Changes to some fields of an entity; `None` leaves a field as it is,
/// `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct EntityPatch {
    /// A finer classification.
    pub subtype: Option<Option<String>>,
    /// The English name.
    pub name: Option<Noted>,
    /// The Chinese name.
    pub name_zh: Option<Option<Noted>>,
    /// Every alias (replacing the list).
    pub aliases: Option<Vec<Noted>>,
    /// The description.
    pub description: Option<Option<String>>,
    /// Attributes to set (`Some`) or remove (`None`), by key.
    pub attributes: Vec<(String, Option<Noted>)>,
}

/// Changes to the properties of a relation (its ends and type stay).
#[derive(Debug, Clone, Default)]
pub struct RelationPatch {
    /// The role of the `from` end.
    pub role: Option<Option<String>>,
    /// A title.
    pub title: Option<Option<String>>,
    /// A date or period.
    pub date: Option<Option<String>>,
    /// An amount.
    pub amount: Option<Option<f64>>,
    /// The amount's unit.
    pub unit: Option<Option<String>>,
    /// A remark.
    pub note: Option<Option<String>>,
    /// Whether the articles imply it rather than state it.
    pub inferred: Option<bool>,
}

/// One edit.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Create an entity (its `sources` default to the request's).
    CreateEntity(EntityLine<'static>),
    /// Change an entity's fields.
    UpdateEntity {
        /// Which.
        id: String,
        /// What to change.
        patch: EntityPatch,
    },
    /// Retract an entity and its relations.
    RetractEntity {
        /// Which.
        id: String,
    },
    /// Add a relation (its `sources` default to the request's).
    AddRelation(RelationLine<'static>),
    /// Change a relation's properties.
    UpdateRelation {
        /// Where it starts.
        from: String,
        /// Its type, as in the data files (`located_in`).
        kind: String,
        /// Where it ends.
        to: String,
        /// What to change.
        patch: RelationPatch,
    },
    /// Retract a relation.
    RetractRelation {
        /// Where it starts.
        from: String,
        /// Its type.
        kind: String,
        /// Where it ends.
        to: String,
    },
    /// Add a fact (its `sources` default to the request's).
    AddFact(FactLine<'static>),
    /// Retract a fact.
    RetractFact {
        /// Its id (`Fact.id`).
        id: String,
    },
    /// Register a source article.
    AddSource(SourceLine<'static>),
    /// Apply the inverse of an earlier change, as a new change.
    Revert {
        /// The change to undo.
        revision: u64,
    },
}

impl Edit {
    /// Whether the edit adds or changes content (and so must cite sources).
    pub fn needs_sources(&self) -> bool {
        matches!(
            self,
            Edit::CreateEntity(_)
                | Edit::UpdateEntity { .. }
                | Edit::AddRelation(_)
                | Edit::UpdateRelation { .. }
                | Edit::AddFact(_)
        )
    }
}

/// A request to change the graph.
#[derive(Debug, Clone)]
pub struct Request {
    /// The edits, applied in order, all or none.
    pub edits: Vec<Edit>,
    /// Why, in the curator's words.
    pub reason: String,
    /// The source ids the change cites.
    pub sources: Vec<String>,
    /// The revision the curator's view is at: the change is refused with a
    /// conflict if anything it touches changed after it.
    pub expected_revision: Option<u64>,
    /// A client-chosen key: a request sent twice with it applies once.
    pub idempotency_key: Option<String>,
    /// Check and describe the change without making it.
    pub dry_run: bool,
    /// The name of the key making it.
    pub key: String,
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// An input value breaks a rule.
    BadInput,
    /// Something named does not exist.
    NotFound,
    /// Something the change touches changed after `expectedRevision`.
    Conflict {
        /// The revision that last changed it.
        current: u64,
    },
    /// The idempotency key was used before with a different request.
    KeyReused,
    /// The journal cannot take the change now; retrying may succeed.
    Unavailable,
    /// The journal failed.
    Internal,
}

/// A refused request: why, where (the edit and its field), what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EditError {
    /// What kind of refusal.
    pub kind: ErrorKind,
    /// The edit at fault (its position in the request).
    pub edit: Option<usize>,
    /// The field at fault, as the data files name it (`kind`, `sources`,
    /// `attributes.founded`), or a request-level argument
    /// (`expectedRevision`, `sources`, `idempotencyKey`).
    pub field: Option<String>,
    /// What is wrong, for the curator.
    pub message: String,
}

impl EditError {
    /// A bad value in field `field` of edit `edit`.
    pub fn bad(edit: usize, field: impl Into<String>, message: impl Into<String>) -> EditError {
        EditError {
            kind: ErrorKind::BadInput,
            edit: Some(edit),
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// Something named in field `field` of edit `edit` does not exist.
    pub fn missing(edit: usize, field: impl Into<String>, message: impl Into<String>) -> EditError {
        EditError {
            kind: ErrorKind::NotFound,
            edit: Some(edit),
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A bad request-level argument.
    pub fn argument(field: &str, message: impl Into<String>) -> EditError {
        EditError {
            kind: ErrorKind::BadInput,
            edit: None,
            field: Some(field.into()),
            message: message.into(),
        }
    }
}

/// A warning about an accepted edit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// The edit.
    pub edit: usize,
    /// The field, as the data files name it.
    pub field: String,
    /// What looks wrong.
    pub message: String,
}
