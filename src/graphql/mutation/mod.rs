//! The mutations: curators' edits, each with a reason and sources, applied
//! through the writer ([`crate::curation::writer`]) and answered once they
//! are durable. Inputs use the field names of what they write; a bad
//! input is a `BAD_USER_INPUT` (or `NOT_FOUND`) error naming the input
//! field in `extensions.field`; a stale `expectedRevision` is a `CONFLICT`
//! with `extensions.currentRevision`. Who may write is checked before
//! anything runs (`graphql::execute`).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, Object, Result, ID};

mod inputs;
mod payload;

pub use inputs::{
    AddFactInput, AddRelationInput, AddSourceInput, AttributeInput, ChangeInput, CreateEntityInput,
    EntityIdInput, FactIdInput, RelationKeyInput, UpdateEntityInput, UpdateRelationInput,
};
pub use payload::{ChangePayload, ChangeStatus, ChangeWarning};

use super::context::{Made, Writing};
use crate::curation::edit::{Edit, EditError, ErrorKind, Request};
use crate::curation::writer::Writer;
use inputs::input_field;

/// An edit error as a GraphQL error: its code, the input field, and for a
/// conflict the current revision.
fn error(e: EditError, prefixes: &[String], args: &str) -> async_graphql::Error {
    let code = match e.kind {
        ErrorKind::BadInput | ErrorKind::KeyReused => "BAD_USER_INPUT",
        ErrorKind::NotFound => "NOT_FOUND",
        ErrorKind::Conflict { .. } => "CONFLICT",
        ErrorKind::Unavailable => "JOURNAL_UNAVAILABLE",
        ErrorKind::Internal => "INTERNAL_SERVER_ERROR",
    };
    let field = match (e.edit, &e.field) {
        (Some(i), Some(f)) => Some(format!(
            "{}{}",
            prefixes.get(i).map_or("input.", String::as_str),
            input_field(f)
        )),
        (None, Some(f)) => Some(format!("{args}{f}")),
        _ => None,
    };
    let message = match e.kind {
        ErrorKind::Internal => {
            "the change could not be made (the server's journal failed)".to_owned()
        }
        _ => e.message.clone(),
    };
    async_graphql::Error::new(message).extend_with(|_, ext| {
        ext.set("code", code);
        if let Some(f) = &field {
            ext.set("field", f.as_str());
        }
        if let ErrorKind::Conflict { current } = e.kind {
            ext.set("currentRevision", current);
        }
    })
}

/// The options every mutation takes.
struct Options {
    reason: String,
    sources: Vec<ID>,
    expected_revision: Option<u64>,
    idempotency_key: Option<String>,
    dry_run: bool,
}

async fn submit(
    ctx: &Context<'_>,
    edits: Vec<(String, Edit)>,
    o: Options,
) -> Result<ChangePayload> {
    let (Ok(writer), Ok(writing)) = (ctx.data::<Writer>(), ctx.data::<Writing>()) else {
        // The executor's access check lets no mutation through without both.
        return Err(
            async_graphql::Error::new("this request cannot change the graph")
                .extend_with(|_, e| e.set("code", "FORBIDDEN")),
        );
    };
    let prefixes: Vec<String> = edits.iter().map(|(p, _)| p.clone()).collect();
    let request = Request {
        edits: edits.into_iter().map(|(_, e)| e).collect(),
        reason: o.reason,
        sources: o.sources.into_iter().map(|s| s.0).collect(),
        expected_revision: o.expected_revision,
        idempotency_key: o.idempotency_key,
        dry_run: o.dry_run,
        key: writing.key.clone(),
    };
    match writer.submit(request).await {
        Ok(applied) => {
            if !applied.dry_run {
                if let Ok(made) = ctx.data::<Arc<Made>>() {
                    made.0.fetch_max(applied.revision, Ordering::AcqRel);
                }
            }
            Ok(ChangePayload { applied, prefixes })
        }
        Err(e) => Err(error(e, &prefixes, "")),
    }
}

fn one(input: ChangeInput) -> Vec<(String, Edit)> {
    vec![("input.".to_owned(), input.edit())]
}

/// Sources given to a mutation: a list, or (for retractions) an optional
/// one.
trait IntoSources {
    fn into_sources(self) -> Vec<ID>;
}

impl IntoSources for Vec<ID> {
    fn into_sources(self) -> Vec<ID> {
        self
    }
}

impl IntoSources for Option<Vec<ID>> {
    fn into_sources(self) -> Vec<ID> {
        self.unwrap_or_default()
    }
}

/// The `Mutation` root: one method per edit (they differ only in their
/// input), then `revert` and `applyChanges`. A macro around the whole
/// `#[Object]` block, since the derive reads methods, not macro calls.
macro_rules! mutations {
    ($($(#[$doc:meta])* fn $name:ident($input:ty) => $variant:ident, sources: $sources:ty;)* then { $($rest:tt)* }) => {
        /// Changing the graph (POST with a key that has the `curate`
        /// scope; see the README's curator's guide).
        #[derive(Default)]
        pub struct Mutation;

        /// Changing the graph: each mutation is one change (or, with
        /// `applyChanges`, several edits as one), with a reason and the
        /// sources it rests on, durable in the journal before it is
        /// answered. POST only, with `Authorization: Bearer KEY` for a key
        /// of the `curate` scope.
        #[Object]
        impl Mutation {
            $(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            async fn $name(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "What to write.")] input: $input,
                #[graphql(desc = "Why, in the curator's words (recorded with the change).")] reason: String,
                #[graphql(desc = "The ids of the source articles the change rests on (they must exist; `addSource` registers a new one).")] sources: $sources,
                #[graphql(desc = "The revision your view is at: refused with CONFLICT if anything the change touches changed after it.")]
                expected_revision: Option<u64>,
                #[graphql(desc = "A key of your choosing: the same request sent again with it applies once and gets the first answer again.")]
                idempotency_key: Option<String>,
                #[graphql(desc = "Check the change and answer what it would do (the same errors, warnings and diff), writing nothing.")]
                dry_run: Option<bool>,
            ) -> Result<ChangePayload> {
                submit(
                    ctx,
                    one(ChangeInput::$variant(input)),
                    Options {
                        reason,
                        sources: sources.into_sources(),
                        expected_revision,
                        idempotency_key,
                        dry_run: dry_run.unwrap_or(false),
                    },
                )
                .await
            }
            )*
            $($rest)*
        }
    };
}

mutations! {
    /// Creates an entity, citing `sources`.
    fn create_entity(CreateEntityInput) => CreateEntity, sources: Vec<ID>;
    /// Changes an entity's fields, citing `sources` (added to the
    /// entity's own).
    fn update_entity(UpdateEntityInput) => UpdateEntity, sources: Vec<ID>;
    /// Retracts an entity and its relations: they leave every read and
    /// search; the history keeps them (and `revert` brings them back).
    fn retract_entity(EntityIdInput) => RetractEntity, sources: Option<Vec<ID>>;
    /// Adds a relation, citing `sources`.
    fn add_relation(AddRelationInput) => AddRelation, sources: Vec<ID>;
    /// Changes a relation's properties, citing `sources`.
    fn update_relation(UpdateRelationInput) => UpdateRelation, sources: Vec<ID>;
    /// Retracts a relation (the history keeps it).
    fn retract_relation(RelationKeyInput) => RetractRelation, sources: Option<Vec<ID>>;
    /// Adds a fact to an entity, citing `sources`.
    fn add_fact(AddFactInput) => AddFact, sources: Vec<ID>;
    /// Retracts a fact (the history keeps it).
    fn retract_fact(FactIdInput) => RetractFact, sources: Option<Vec<ID>>;
    /// Registers a source article (title, outlet, date, URL), so that
    /// changes can cite it.
    fn add_source(AddSourceInput) => AddSource, sources: Option<Vec<ID>>;
    then {
    /// Applies the inverse of an earlier change as a new change: what it
    /// created is retracted, what it changed or retracted is put back.
    async fn revert(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change to undo.")] revision: u64,
        #[graphql(desc = "Why, in the curator's words.")] reason: String,
        #[graphql(desc = "The revision your view is at (see the other mutations).")]
        expected_revision: Option<u64>,
        #[graphql(desc = "A key of your choosing (see the other mutations).")]
        idempotency_key: Option<String>,
        #[graphql(desc = "Check only (see the other mutations).")] dry_run: Option<bool>,
    ) -> Result<ChangePayload> {
        submit(
            ctx,
            vec![(String::new(), Edit::Revert { revision })],
            Options {
                reason,
                sources: Vec::new(),
                expected_revision,
                idempotency_key,
                dry_run: dry_run.unwrap_or(false),
            },
        )
        .await
    }

    /// Applies several edits as one change: all of them, or (if any is
    /// refused) none.
    // Each parameter is one GraphQL argument of the mutation; grouping them in
    // a struct would change the public schema.
    #[allow(clippy::too_many_arguments)]
    async fn apply_changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The edits, applied in order.")] changes: Vec<ChangeInput>,
        #[graphql(desc = "Why, in the curator's words.")] reason: String,
        #[graphql(desc = "The ids of the source articles the change rests on.")] sources: Vec<ID>,
        #[graphql(desc = "The revision your view is at (see the other mutations).")]
        expected_revision: Option<u64>,
        #[graphql(desc = "A key of your choosing (see the other mutations).")]
        idempotency_key: Option<String>,
        #[graphql(desc = "Check only (see the other mutations).")] dry_run: Option<bool>,
    ) -> Result<ChangePayload> {
        let edits = changes
            .into_iter()
            .enumerate()
            .map(|(i, c)| (format!("changes[{i}].{}.", c.name()), c.edit()))
            .collect();
        submit(
            ctx,
            edits,
            Options {
                reason,
                sources,
                expected_revision,
                idempotency_key,
                dry_run: dry_run.unwrap_or(false),
            },
        )
        .await
    }
    }
}
