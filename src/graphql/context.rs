//! What resolvers read from the request context (the store snapshot, the
//! centrality scores, the request's deadline) and how they find an entity
//! by id.

use std::sync::Arc;

use async_graphql::{Context, Result};

use super::error::ApiError;
use super::types::EntityRef;
use crate::algo::centrality::Centrality;
use crate::curation::Snapshot;
use crate::deadline::Deadline;
use crate::model::EntityId;
use crate::store::Store;

/// Who is writing: the name of the key a mutation was sent with (put in
/// the request's data by the executor once access was checked).
#[derive(Debug, Clone)]
pub(crate) struct Writing {
    /// The key's name, recorded with every change.
    pub(crate) key: String,
}

/// The revision a request's mutations made (the highest), for the
/// response's `extensions.revision`.
#[derive(Debug, Default)]
pub(crate) struct Made(pub(crate) std::sync::atomic::AtomicU64);

/// The snapshot this request reads (one for the whole request).
pub(crate) fn snapshot<'a>(ctx: &Context<'a>) -> Result<&'a Arc<Snapshot>> {
    ctx.data::<Arc<Snapshot>>()
}

/// The store of the request's snapshot.
pub(crate) fn store<'a>(ctx: &Context<'a>) -> Result<&'a Arc<Store>> {
    Ok(&snapshot(ctx)?.store)
}

/// The request's deadline ([`Deadline::NONE`] when the caller set none,
/// e.g. a schema executed directly in a test).
pub(crate) fn deadline(ctx: &Context<'_>) -> Deadline {
    ctx.data_opt::<Deadline>().copied().unwrap_or_default()
}

/// The centrality scores of the request's snapshot.
pub(crate) fn centrality<'a>(ctx: &Context<'a>) -> Result<&'a Arc<Centrality>> {
    Ok(&snapshot(ctx)?.centrality)
}

/// Finds an entity by id, or says why not.
pub(crate) fn resolve(store: &Arc<Store>, id: &str) -> std::result::Result<EntityRef, ApiError> {
    let parsed: EntityId = id.parse().map_err(|_| ApiError::BadId(id.to_owned()))?;
    let ix = store
        .lookup(parsed.as_str())
        .ok_or_else(|| ApiError::NotFound(id.to_owned()))?;
    Ok(EntityRef {
        store: store.clone(),
        ix,
    })
}
