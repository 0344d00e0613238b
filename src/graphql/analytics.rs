//! An entity's centrality, relation counts and related entities: the
//! GraphQL face of [`crate::algo::centrality`] and [`crate::algo::related`]
//! on `EntityRef` (rankings, the root field, are in `query/rankings.rs`).

use async_graphql::{Context, Enum, Result};

use super::context::centrality;
use super::enums::{self, Direction, EntityKind};
use super::error::OrApiError;
use super::limits::{list_size, MAX_LIST};
use super::types::{
    CentralityObj, Entity, EntityRef, RelatedEntities, RelatedEntity, RelationCount,
};
use crate::algo::centrality::Measure;
use crate::algo::related;
use crate::algo::traversal::KindSet;

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

impl EntityRef {
    /// The entity's centrality scores.
    pub(crate) fn centrality(&self, ctx: &Context<'_>) -> Result<CentralityObj> {
        let c = centrality(ctx)?;
        let node = self.ix.index() as u32;
        let (i, o) = (
            self.store.degree(node, false),
            self.store.degree(node, true),
        );
        Ok(CentralityObj {
            in_degree: i,
            out_degree: o,
            degree: i + o,
            page_rank: c.page_rank(self.ix),
            revision: super::context::snapshot(ctx)?.centrality_revision,
        })
    }

    /// The entity's relation counts by type and direction.
    pub(crate) fn relation_counts(&self, direction: Direction) -> Vec<RelationCount> {
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
    pub(crate) fn related(
        &self,
        _ctx: &Context<'_>,
        first: i32,
        kinds: Option<Vec<EntityKind>>,
    ) -> Result<RelatedEntities> {
        let first = list_size(first, MAX_LIST).api()?;
        let kinds = match enums::kinds(kinds) {
            Some(ks) => KindSet::of(Some(&ks)),
            None => KindSet::of(Some(&[self.store.kind_of(self.ix)])),
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
