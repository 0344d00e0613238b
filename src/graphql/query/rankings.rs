//! The root field `rankings`: the most central entities by a measure.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::analytics::CentralityMeasure;
use crate::graphql::context::{centrality, store};
use crate::graphql::enums::EntityKind;
use crate::graphql::error::OrApiError;
use crate::graphql::limits::{list_size, MAX_LIST};
use crate::graphql::types::{Entity, EntityRef};

/// An entity's place in a ranking.
#[derive(SimpleObject)]
pub(super) struct Ranked {
    /// Position, from 1.
    pub rank: usize,
    /// The entity.
    pub entity: Entity,
    /// Its score by the measure ranked on.
    pub score: f64,
}

/// Rankings by centrality.
#[derive(Default)]
pub(super) struct RankingQuery;

#[Object]
impl RankingQuery {
    /// The most central entities, optionally of one kind: e.g. the parks with
    /// the most relations, or the districts with the highest PageRank.
    async fn rankings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only entities of this kind.")] kind: Option<EntityKind>,
        #[graphql(
            desc = "The measure to rank by.",
            default_with = "CentralityMeasure::PageRank"
        )]
        by: CentralityMeasure,
        #[graphql(desc = "How many, 1 to 100.", default = 10)] first: i32,
    ) -> Result<Vec<Ranked>> {
        let store = store(ctx)?;
        let first = list_size(first, MAX_LIST).api()?;
        let top = centrality(ctx)?.top(store, kind.map(Into::into), by.into(), first);
        Ok(top
            .into_iter()
            .enumerate()
            .map(|(i, (ix, score))| Ranked {
                rank: i + 1,
                entity: Entity::from(EntityRef {
                    store: store.clone(),
                    ix,
                }),
                score,
            })
            .collect())
    }
}
