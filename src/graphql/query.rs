//! The root `Query`, merged from one object per area: lookup, search,
//! traversal, rankings, sources and statistics.

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{
    Context, Enum, ErrorExtensions, InputObject, MergedObject, Object, Result, SimpleObject, ID,
};
use petgraph::graph::NodeIndex;

use super::analytics::RankingQuery;
use super::entity::{Entity, EntityConnection, EntityRef, Node};
use super::enums::{self, EntityKind, RelationType};
use super::error::ApiError;
use super::error::OrApiError;
use super::pagination::{page_info, window, PageInfo};
use super::source::SourceObj;
use super::traversal::TraversalQuery;
use crate::algo::containment;
use crate::model::{self, AttributeKey, EntityId, Period};
use crate::store::Store;

/// The longest search query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

fn store<'a>(ctx: &Context<'a>) -> Result<&'a Arc<Store>> {
    ctx.data::<Arc<Store>>()
}

/// Finds an entity by id, or says why not.
pub fn resolve(store: &Arc<Store>, id: &str) -> Result<EntityRef, ApiError> {
    let parsed: EntityId = id.parse().map_err(|_| ApiError::BadId(id.to_owned()))?;
    let ix = store
        .lookup(parsed.as_str())
        .ok_or_else(|| ApiError::NotFound(id.to_owned()))?;
    Ok(EntityRef {
        store: store.clone(),
        ix,
    })
}

/// What to sort entities by.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum EntityOrderKey {
    /// The id (the default order).
    Id,
    /// The English name.
    Name,
    /// The number of relations of `relationTypes` in `direction`.
    RelationCount,
    /// PageRank.
    PageRank,
}

/// A sort order for entity lists, e.g. parks by number of tenant companies:
/// `{by: RELATION_COUNT, relationTypes: [LOCATED_IN], direction: INCOMING}`.
#[derive(InputObject, Clone, Debug)]
pub struct EntityOrder {
    /// What to sort by.
    pub by: EntityOrderKey,
    /// For RELATION_COUNT: the relation types counted (all when omitted).
    pub relation_types: Option<Vec<RelationType>>,
    /// For RELATION_COUNT: which relations count.
    #[graphql(default_with = "enums::Direction::Both")]
    pub direction: enums::Direction,
    /// Largest first. Default: true for RELATION_COUNT and PAGE_RANK, false
    /// for ID and NAME. Ties are broken by id.
    pub descending: Option<bool>,
}

impl EntityOrder {
    fn sort(
        &self,
        ctx: &Context<'_>,
        store: &Store,
        mut nodes: Vec<NodeIndex>,
    ) -> Result<Vec<NodeIndex>> {
        let descending = self.descending.unwrap_or(matches!(
            self.by,
            EntityOrderKey::RelationCount | EntityOrderKey::PageRank
        ));
        match self.by {
            EntityOrderKey::Id => {}
            EntityOrderKey::Name => nodes.sort_by(|a, b| {
                store
                    .entity(*a)
                    .name
                    .cmp(&store.entity(*b).name)
                    .then(a.cmp(b))
            }),
            EntityOrderKey::RelationCount => {
                let types = enums::relation_types(self.relation_types.clone());
                let mut keyed: Vec<(usize, NodeIndex)> = nodes
                    .iter()
                    .map(|ix| {
                        (
                            store.count_relations(*ix, self.direction.into(), types.as_deref()),
                            *ix,
                        )
                    })
                    .collect();
                if descending {
                    keyed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                } else {
                    keyed.sort();
                }
                return Ok(keyed.into_iter().map(|(_, ix)| ix).collect());
            }
            EntityOrderKey::PageRank => {
                let c = super::analytics::centrality(ctx)?;
                nodes.sort_by(|a, b| {
                    let (x, y) = (c.page_rank(*a), c.page_rank(*b));
                    let by = if descending {
                        y.total_cmp(&x)
                    } else {
                        x.total_cmp(&y)
                    };
                    by.then(a.cmp(b))
                });
                return Ok(nodes);
            }
        }
        if descending {
            nodes.reverse();
        }
        Ok(nodes)
    }
}

/// Looking entities up by id, name, kind, region and year.
#[derive(Default)]
pub struct EntityQuery;

fn dated_in(e: &model::Entity, year: u16) -> bool {
    let attr_years = [AttributeKey::Date, AttributeKey::Founded]
        .into_iter()
        .filter_map(|k| e.attribute(k))
        .filter_map(|v| v.parse::<Period>().ok());
    let fact_years = e.facts.iter().filter_map(|f| f.period);
    attr_years.chain(fact_years).any(|p| p.covers_year(year))
}

#[Object]
impl EntityQuery {
    /// Any object by its global id (the Relay `node` field). Null, with a
    /// NOT_FOUND error, when no entity has the id.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, e.g. `region/yangpu`.")] id: ID,
    ) -> Result<Option<Node>> {
        Ok(Some(Node::from(resolve(store(ctx)?, &id).api()?)))
    }

    /// One entity by id. Null, with a NOT_FOUND error, when no entity has the id.
    async fn entity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An entity id, e.g. `park/hongqiao-smart-valley`.")] id: ID,
    ) -> Result<Option<Entity>> {
        Ok(Some(Entity::from(resolve(store(ctx)?, &id).api()?)))
    }

    /// Entities, optionally filtered, in id order unless `orderBy` says otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn entities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(desc = "Only entities located in this region or any place inside it.")]
        region: Option<ID>,
        #[graphql(
            desc = "Only entities whose date, founding date or a fact's period touches this year."
        )]
        year: Option<i32>,
        #[graphql(desc = "Sort order (default: by id).")] order_by: Option<EntityOrder>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<EntityConnection> {
        let store = store(ctx)?;
        let kinds = enums::kinds(kinds);
        let within: Option<HashSet<NodeIndex>> = match region {
            None => None,
            Some(id) => {
                let r = resolve(store, &id).api()?;
                Some(
                    containment::located_within(store, r.ix, None)
                        .into_iter()
                        .collect(),
                )
            }
        };
        // A year outside u16 matches nothing rather than being ignored.
        let year_filter: Option<Option<u16>> = year.map(|y| u16::try_from(y).ok());
        let nodes: Vec<NodeIndex> = store
            .graph()
            .node_indices()
            .filter(|ix| {
                let e = store.entity(*ix);
                kinds.as_ref().is_none_or(|ks| ks.contains(&e.kind()))
                    && within.as_ref().is_none_or(|w| w.contains(ix))
                    && year_filter.is_none_or(|y| y.is_some_and(|y| dated_in(e, y)))
            })
            .collect();
        let nodes = match order_by {
            None => nodes,
            Some(order) => order.sort(ctx, store, nodes)?,
        };
        EntityRef::connection(store, &nodes, first, after)
    }

    /// Entities whose name, Chinese name or alias equals `name`, ignoring case,
    /// accents, apostrophes, hyphens and spaces ("Jing'an", "Jingan" and
    /// "jing an" all find the same district).
    async fn lookup(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A name, Chinese name or alias.")] name: String,
    ) -> Result<Vec<Entity>> {
        let store = store(ctx)?;
        Ok(store
            .by_name(&name)
            .iter()
            .take(super::pagination::MAX_FIRST)
            .map(|ix| {
                Entity::from(EntityRef {
                    store: store.clone(),
                    ix: *ix,
                })
            })
            .collect())
    }
}

/// A search result with its relevance.
#[derive(SimpleObject)]
pub struct SearchEdge {
    /// Opaque position of the result; pass it as `after` to continue from here.
    pub cursor: String,
    /// The entity found.
    pub node: Entity,
    /// Relevance; higher is better. Exact name or alias matches score above 10.
    pub score: f64,
}

/// A page of search results, best first.
#[derive(SimpleObject)]
pub struct SearchConnection {
    /// The results of this page.
    pub edges: Vec<SearchEdge>,
    /// Where this page sits in the results.
    pub page_info: PageInfo,
    /// How many entities match in all.
    pub total_count: usize,
}

/// Full-text search.
#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Entities ranked by relevance over names, Chinese names, aliases and
    /// descriptions. Typo-tolerant (one typo in words of 5+ letters, two in
    /// 9+), the last word matches as a prefix, and Chinese text works.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for, 1 to 200 characters.")] query: String,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<SearchConnection> {
        let store = store(ctx)?;
        let chars = query.chars().count();
        if chars == 0 || chars > MAX_QUERY_CHARS {
            return Err(ApiError::BadQuery {
                max: MAX_QUERY_CHARS,
            }
            .extend());
        }
        let kinds = enums::kinds(kinds);
        // Rank only as far as this page reaches.
        let reach = super::pagination::reach(first, after.as_deref()).api()?;
        let (hits, total) = store.search(&query, kinds.as_deref(), reach);
        let w = window(first, after.as_deref(), total).api()?;
        let edges = hits[w.start.min(hits.len())..w.end.min(hits.len())]
            .iter()
            .enumerate()
            .map(|(i, (ix, score))| SearchEdge {
                cursor: super::pagination::Cursor(w.start + i).encode(),
                node: Entity::from(EntityRef {
                    store: store.clone(),
                    ix: *ix,
                }),
                score: *score,
            })
            .collect();
        Ok(SearchConnection {
            edges,
            page_info: page_info(w),
            total_count: w.total,
        })
    }
}

/// The source articles.
#[derive(Default)]
pub struct SourceQuery;

#[Object]
impl SourceQuery {
    /// Every source article, with what each contributed.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<SourceObj>> {
        Ok(SourceObj::all(store(ctx)?))
    }

    /// One source article by id. Null, with a NOT_FOUND error, when unknown.
    async fn source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A source id, e.g. `putuo-hero-returns-2022`.")] id: ID,
    ) -> Result<Option<SourceObj>> {
        let store = store(ctx)?;
        let r = store
            .source_by_id(&id)
            .ok_or_else(|| ApiError::UnknownSource(id.to_string()))
            .api()?;
        Ok(SourceObj::list(store, &[r]).pop())
    }
}

/// How many entities of one kind.
#[derive(SimpleObject)]
pub struct KindCount {
    /// The kind.
    pub kind: EntityKind,
    /// How many entities have it.
    pub count: usize,
}

/// How many relations of one type.
#[derive(SimpleObject)]
pub struct RelationTypeCount {
    /// The relation type.
    #[graphql(name = "type")]
    pub relation_type: RelationType,
    /// How many relations have it.
    pub count: usize,
}

/// Counts over the whole graph.
#[derive(SimpleObject)]
pub struct Stats {
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
pub struct StatsQuery;

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

/// The root of every query.
#[derive(MergedObject, Default)]
pub struct Query(
    EntityQuery,
    SearchQuery,
    TraversalQuery,
    RankingQuery,
    SourceQuery,
    StatsQuery,
);
