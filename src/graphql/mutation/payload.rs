//! The answer to a mutation: the revision, the change as recorded,
//! warnings, and what it made, read from the snapshot it is visible in.

use async_graphql::{Enum, Object, SimpleObject};

use super::inputs::input_field;
use crate::curation::plan::Produced;
use crate::curation::writer::Applied;
use crate::graphql::types::{ChangeObj, Entity, EntityRef, FactObj, RelationObj, SourceObj};
use crate::store::FactRef;

/// A warning about an accepted edit.
#[derive(SimpleObject)]
pub struct ChangeWarning {
    /// The input field it is about (e.g. `input.title`).
    pub field: String,
    /// What looks wrong.
    pub message: String,
}

/// Whether a change was made.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ChangeStatus {
    /// Made now, durable, visible to every reader.
    Applied,
    /// Only checked (`dryRun`): nothing was written.
    Checked,
    /// Made by an earlier request with the same idempotency key; this is
    /// its answer again.
    Replayed,
}

/// The answer to a mutation.
pub struct ChangePayload {
    pub(super) applied: Applied,
    pub(super) prefixes: Vec<String>,
}

/// The answer to a mutation: the revision it made (or would make), the
/// change as recorded, warnings, and what it made or changed, read from
/// the snapshot it is visible in.
#[Object]
impl ChangePayload {
    /// The revision the change made, or (for a dry run) would make.
    async fn revision(&self) -> u64 {
        self.applied.revision
    }

    /// Applied, only checked, or the answer to a retry.
    async fn status(&self) -> ChangeStatus {
        if self.applied.dry_run {
            ChangeStatus::Checked
        } else if self.applied.replayed {
            ChangeStatus::Replayed
        } else {
            ChangeStatus::Applied
        }
    }

    /// True for a dry run (nothing was written).
    async fn dry_run(&self) -> bool {
        self.applied.dry_run
    }

    /// The change as recorded (for a dry run, as it would be): who, when,
    /// why, sources, and each operation's before and after.
    async fn change(&self) -> ChangeObj {
        ChangeObj {
            store: self.applied.snapshot.store.clone(),
            change: self.applied.change.clone(),
        }
    }

    /// Warnings about accepted edits (patterns that were wrong before).
    async fn warnings(&self) -> Vec<ChangeWarning> {
        self.applied
            .warnings
            .iter()
            .map(|w| ChangeWarning {
                field: format!(
                    "{}{}",
                    self.prefixes.get(w.edit).map_or("input.", String::as_str),
                    input_field(&w.field)
                ),
                message: w.message.clone(),
            })
            .collect()
    }

    /// The entity the change created or changed (the first, for several).
    async fn entity(&self) -> Option<Entity> {
        self.produced_entities().into_iter().next()
    }

    /// Every entity the change created or changed, in edit order.
    async fn entities(&self) -> Vec<Entity> {
        self.produced_entities()
    }

    /// The relation the change added or changed (the first, for several).
    async fn relation(&self) -> Option<RelationObj> {
        let store = &self.applied.snapshot.store;
        self.applied.produced.iter().find_map(|p| match p {
            Produced::Relation(id) => {
                let mut parts = id.split('|');
                let (a, t, b) = (parts.next()?, parts.next()?, parts.next()?);
                let kind = crate::load::rules::relation_type(t).ok()?;
                let edge = store.find_relation(store.lookup(a)?, kind, store.lookup(b)?)?;
                RelationObj::forward(store, edge)
            }
            _ => None,
        })
    }

    /// The fact the change added (the first, for several).
    async fn fact(&self) -> Option<FactObj> {
        let store = &self.applied.snapshot.store;
        self.applied.produced.iter().find_map(|p| match p {
            Produced::Fact(id) => {
                let ix = store.lookup(id.split('#').next()?)?;
                let e = store.entity(ix);
                let index = (0..e.facts.len()).find(|i| crate::curation::fact_id(e, *i) == *id)?;
                Some(FactObj {
                    store: store.clone(),
                    at: FactRef {
                        node: ix,
                        index: index as u32,
                    },
                })
            }
            _ => None,
        })
    }

    /// The source the change registered.
    async fn source(&self) -> Option<SourceObj> {
        let store = &self.applied.snapshot.store;
        self.applied.produced.iter().find_map(|p| match p {
            Produced::Source(id) => store.source_by_id(id).map(|r| SourceObj {
                store: store.clone(),
                r,
            }),
            _ => None,
        })
    }
}

impl ChangePayload {
    fn produced_entities(&self) -> Vec<Entity> {
        let store = &self.applied.snapshot.store;
        self.applied
            .produced
            .iter()
            .filter_map(|p| match p {
                Produced::Entity(id) => store.lookup(id).map(|ix| {
                    Entity::from(EntityRef {
                        store: store.clone(),
                        ix,
                    })
                }),
                _ => None,
            })
            .collect()
    }
}
