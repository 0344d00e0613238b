//! The `Change` object (a change to the graph as the journal recorded it:
//! who, when, why, on what evidence, and each operation's before and
//! after) and the pages of them: `Query.changes` and `Entity.history`.

use std::sync::Arc;

use async_graphql::{Context, Enum, Json, Object, Result, SimpleObject, ID};

use super::context::snapshot;
use super::error::OrApiError;
use super::pagination::window;
use super::types::{ChangeConnection, ChangeObj, EntityRef, SourceObj};
use crate::curation::Snapshot;

/// What an operation did.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub(crate) enum ChangeOp {
    /// An entity was created.
    CreateEntity,
    /// An entity's data was changed.
    UpdateEntity,
    /// An entity was retracted (with its relations).
    RetractEntity,
    /// A relation was added.
    AddRelation,
    /// A relation's properties or sources were changed.
    UpdateRelation,
    /// A relation was retracted.
    RetractRelation,
    /// A fact was added.
    AddFact,
    /// A fact was retracted.
    RetractFact,
    /// A source article was registered.
    AddSource,
}

impl ChangeOp {
    fn parse(s: &str) -> Option<ChangeOp> {
        Some(match s {
            "create_entity" => ChangeOp::CreateEntity,
            "update_entity" => ChangeOp::UpdateEntity,
            "retract_entity" => ChangeOp::RetractEntity,
            "add_relation" => ChangeOp::AddRelation,
            "update_relation" => ChangeOp::UpdateRelation,
            "retract_relation" => ChangeOp::RetractRelation,
            "add_fact" => ChangeOp::AddFact,
            "retract_fact" => ChangeOp::RetractFact,
            "add_source" => ChangeOp::AddSource,
            _ => return None,
        })
    }
}

/// One operation of a change.
#[derive(SimpleObject)]
pub(crate) struct ChangeOperation {
    /// What it did.
    op: ChangeOp,
    /// What it changed: an entity id, a relation id (`from|type|to`), a fact
    /// id (`entity#metric...`) or a source id.
    target: ID,
    /// The target before (null for what it created), in the bulk data
    /// format's JSON (see data/README.md).
    before: Option<Json<serde_json::Value>>,
    /// The target after (null for what it retracted).
    after: Option<Json<serde_json::Value>>,
}

/// A change to the graph, as the journal recorded it.
#[Object(name = "Change")]
impl ChangeObj {
    /// The revision it made (1 for the first change; the base data is 0).
    async fn revision(&self) -> u64 {
        self.change.revision
    }

    /// When it was made (RFC 3339, UTC).
    async fn time(&self) -> String {
        crate::curation::time_text(self.change.change.time_ms)
    }

    /// The name of the API key that made it.
    async fn key(&self) -> &str {
        &self.change.change.key
    }

    /// Why, in the curator's words.
    async fn reason(&self) -> &str {
        &self.change.change.reason
    }

    /// The articles it cites.
    async fn sources(&self) -> Vec<SourceObj> {
        let refs: Vec<_> = self
            .change
            .change
            .sources
            .iter()
            .filter_map(|id| self.store.source_by_id(id))
            .collect();
        SourceObj::list(&self.store, &refs)
    }

    /// What it did, operation by operation.
    async fn operations(&self) -> Vec<ChangeOperation> {
        let ops = self.change.change.operations["ops"].as_array();
        ops.into_iter()
            .flatten()
            .filter_map(|op| {
                let json = |k: &str| {
                    Some(op.get(k)?)
                        .filter(|v| !v.is_null())
                        .map(|v| Json(v.clone()))
                };
                Some(ChangeOperation {
                    op: ChangeOp::parse(op.get("op")?.as_str()?)?,
                    target: ID(op.get("target")?.as_str()?.to_owned()),
                    before: json("before"),
                    after: json("after"),
                })
            })
            .collect()
    }

    /// The revision this change reverted, when it is a revert.
    async fn revert_of(&self) -> Option<u64> {
        self.change.change.operations["revert_of"].as_u64()
    }
}

/// A page of a list of `total` changes whose `i`th is at revision
/// `nth(i)` (the list is never built: a page costs its size).
pub(crate) fn page(
    snapshot: &Arc<Snapshot>,
    total: usize,
    nth: impl Fn(usize) -> u64,
    first: Option<i32>,
    after: Option<String>,
) -> Result<ChangeConnection> {
    let w = window(first, after.as_deref(), total).api()?;
    let items = (w.start..w.end).filter_map(|i| {
        Some(ChangeObj {
            store: snapshot.store.clone(),
            change: snapshot.history.get(nth(i))?.clone(),
        })
    });
    Ok(ChangeConnection::page(w, items))
}

impl EntityRef {
    /// The entity's changes, newest first.
    pub(crate) fn history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<ChangeConnection> {
        let snapshot = snapshot(ctx)?;
        let revisions = snapshot.history.of_target(self.entity().id.as_str());
        let n = revisions.len();
        page(snapshot, n, |i| revisions[n - 1 - i], first, after)
    }
}
