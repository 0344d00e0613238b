//! Centrality, relation counts, related entities and rankings: the GraphQL
//! face of [`crate::algo::centrality`] and [`crate::algo::related`].

use std::sync::Arc;

use async_graphql::{Context, Enum, Object, Result, SimpleObject};

use super::entity::{Entity, EntityRef};
use super::enums::{self, Direction, EntityKind, RelationType};
use super::error::{ApiError, OrApiError};
use crate::algo::centrality::{Centrality, Measure};
use crate::algo::related;
use crate::algo::traversal::KindSet;
use crate::store::Store;

/// The most related entities or rankings returned at once.
pub const MAX_LIST: usize = 100;

/// A centrality measure.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "Measure")]
pub enum CentralityMeasure {
    /// Number of relations ending at the entity.
    InDegree,
    /// Number of relations starting at the entity.
    OutDegree,
    /// Number of relations at the entity, either way.
    Degree,
    /// PageRank over relation directions (damping 0.85): high for entities
    /// that many well-connected entities point to, such as districts and
    /// parks that companies are located in.
    PageRank,
}

/// How central an entity is in the graph.
#[derive(SimpleObject)]
pub struct CentralityObj {
    /// Relations ending at the entity.
    pub in_degree: usize,
    /// Relations starting at the entity.
    pub out_degree: usize,
    /// All relations at the entity.
    pub degree: usize,
    /// PageRank (all entities' scores sum to 1), computed once at load.
    pub page_rank: f64,
}

/// How many relations of one type and direction an entity has.
#[derive(SimpleObject)]
pub struct RelationCount {
    /// The relation type.
    #[graphql(name = "type")]
    pub relation_type: RelationType,
    /// OUTGOING for relations starting at the entity, INCOMING for those ending there.
    pub direction: Direction,
    /// How many.
    pub count: usize,
}

/// An entity that shares neighbours with another.
#[derive(SimpleObject)]
pub struct RelatedEntity {
    /// The related entity.
    pub entity: Entity,
    /// Adamic-Adar score: over shared neighbours, the sum of 1 / ln(their
    /// number of relations), so rarer shared neighbours count for more.
    pub score: f64,
    /// How many neighbours the two share.
    pub shared_count: usize,
    /// Up to five shared neighbours that explain the score, most telling first.
    pub shared: Vec<Entity>,
}

/// Entities related to one entity, best first.
#[derive(SimpleObject)]
pub struct RelatedEntities {
    /// The matches, highest score first (ties by id).
    pub items: Vec<RelatedEntity>,
    /// True when the entity's neighbours have so many relations that scoring
    /// stopped early; the items come from the most telling neighbours.
    pub partial: bool,
}

/// An entity's place in a ranking.
#[derive(SimpleObject)]
pub struct Ranked {
    /// Position, from 1.
    pub rank: usize,
    /// The entity.
    pub entity: Entity,
    /// Its score by the measure ranked on.
    pub score: f64,
}

/// The centrality scores computed for the schema's snapshot.
pub fn centrality<'a>(ctx: &Context<'a>) -> Result<&'a Arc<Centrality>> {
    ctx.data::<Arc<Centrality>>()
}

/// Checks a list size argument.
pub fn list_size(first: i32, max: usize) -> Result<usize, ApiError> {
    usize::try_from(first)
        .ok()
        .filter(|f| (1..=max).contains(f))
        .ok_or(ApiError::BadFirst { got: first, max })
}

impl EntityRef {
    /// The entity's centrality scores.
    pub fn centrality(&self, ctx: &Context<'_>) -> Result<CentralityObj> {
        let c = centrality(ctx)?;
        let node = self.ix.index() as u32;
        let (i, o) = (
            self.store.incoming().degree(node),
            self.store.outgoing().degree(node),
        );
        Ok(CentralityObj {
            in_degree: i,
            out_degree: o,
            degree: i + o,
            page_rank: c.page_rank(self.ix),
        })
    }

    /// The entity's relation counts by type and direction.
    pub fn relation_counts(&self, direction: Direction) -> Vec<RelationCount> {
        let want = crate::store::Direction::from(direction);
        self.store
            .relation_counts(self.ix)
            .into_iter()
            .filter(|(_, out, _)| match want {
                crate::store::Direction::Both => true,
                crate::store::Direction::Outgoing => *out,
                crate::store::Direction::Incoming => !*out,
            })
            .map(|(t, out, count)| RelationCount {
                relation_type: t.into(),
                direction: if out {
                    Direction::Outgoing
                } else {
                    Direction::Incoming
                },
                count,
            })
            .collect()
    }

    /// Entities sharing neighbours with this one.
    pub fn related(&self, first: i32, kinds: Option<Vec<EntityKind>>) -> Result<RelatedEntities> {
        let first = list_size(first, MAX_LIST).api()?;
        let kinds = match enums::kinds(kinds) {
            Some(ks) => KindSet::of(Some(&ks)),
            None => KindSet::of(Some(&[self.store.entity(self.ix).kind()])),
        };
        let answer = related::related(&self.store, self.ix, kinds, first);
        let entity = |ix| {
            Entity::from(EntityRef {
                store: self.store.clone(),
                ix,
            })
        };
        Ok(RelatedEntities {
            items: answer
                .items
                .into_iter()
                .map(|r| RelatedEntity {
                    entity: entity(r.node),
                    score: r.score,
                    shared_count: r.shared_count,
                    shared: r.shared.into_iter().map(entity).collect(),
                })
                .collect(),
            partial: answer.partial,
        })
    }
}

/// Rankings by centrality.
#[derive(Default)]
pub struct RankingQuery;

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
        let store: &Arc<Store> = ctx.data::<Arc<Store>>()?;
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
