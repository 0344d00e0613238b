//! The root field `stats`: counts over the whole graph.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::context::store;
use crate::graphql::enums::{EntityKind, RelationType};

/// How many entities of one kind.
#[derive(SimpleObject)]
pub(super) struct KindCount {
    /// The kind.
    pub kind: EntityKind,
    /// How many entities have it.
    pub count: usize,
}

/// How many relations of one type.
#[derive(SimpleObject)]
pub(super) struct RelationTypeCount {
    /// The relation type.
    #[graphql(name = "type")]
    pub relation_type: RelationType,
    /// How many relations have it.
    pub count: usize,
}

/// Counts over the whole graph.
#[derive(SimpleObject)]
pub(super) struct Stats {
    /// Number of entities.
    pub entities: usize,
    /// Number of relations.
    pub relations: usize,
    /// Number of facts.
    pub facts: usize,
    /// Number of source articles.
    pub sources: usize,
    /// Entities per kind (every kind listed, zeros included).
    pub by_kind: Vec<KindCount>,
    /// Relations per type (every type listed, zeros included).
    pub by_relation_type: Vec<RelationTypeCount>,
}

/// Graph statistics.
#[derive(Default)]
pub(super) struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Counts by kind and by relation type.
    async fn stats(&self, ctx: &Context<'_>) -> Result<Stats> {
        let store = store(ctx)?;
        Ok(Stats {
            entities: store.entity_count(),
            relations: store.relation_count(),
            facts: store.fact_count(),
            sources: store.sources().len(),
            by_kind: store
                .count_by_kind()
                .into_iter()
                .map(|(k, count)| KindCount {
                    kind: k.into(),
                    count,
                })
                .collect(),
            by_relation_type: store
                .count_by_relation_type()
                .into_iter()
                .map(|(t, count)| RelationTypeCount {
                    relation_type: t.into(),
                    count,
                })
                .collect(),
        })
    }
}
