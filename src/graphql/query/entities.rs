//! Root fields that find entities: `node`, `entity`, `entities` (filtered
//! and sorted, paged without sorting or collecting the whole graph) and
//! `lookup`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use async_graphql::{Context, Enum, InputObject, Object, Result, ID};
use petgraph::graph::NodeIndex;

use crate::algo::containment::{self, Inside};
use crate::deadline::Ticker;
use crate::graphql::context::{centrality, deadline, resolve, store};
use crate::graphql::enums::{self, EntityKind, RelationType};
use crate::graphql::error::{ApiError, OrApiError};
use crate::graphql::limits::{list_size, MAX_LIST};
use crate::graphql::pagination::{bounds, window};
use crate::graphql::types::{Entity, EntityConnection, EntityRef, Node, SourceObj};
use crate::model::{self, AttributeKey, Period};
use crate::store::Store;

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
pub(super) struct EntityOrder {
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

/// A sort key, compared so that the wanted first item is the smallest.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    /// By name (ascending or descending), then id.
    Name(Option<Reverse<String>>, Option<String>, Tie),
    /// A number (negated when descending), then id.
    Number(f64, Tie),
}

/// What breaks ties: the id. While node order is id order (no entity
/// created since the data was loaded) the node alone says it, and no id is
/// copied; one store never mixes the two forms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Tie(Option<String>, NodeIndex);

impl Tie {
    fn of(store: &Store, ix: NodeIndex) -> Tie {
        if store.node_order_is_id_order() {
            Tie(None, ix)
        } else {
            Tie(Some(store.entity(ix).id.to_string()), ix)
        }
    }

    fn node(&self) -> NodeIndex {
        self.1
    }
}

impl Eq for Key {}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Key::Number(a, x), Key::Number(b, y)) => a.total_cmp(b).then_with(|| x.cmp(y)),
            (Key::Name(a, b, x), Key::Name(c, d, y)) => (a, b, x).cmp(&(c, d, y)),
            // One list never mixes the two.
            (Key::Name(..), Key::Number(..)) => Ordering::Less,
            (Key::Number(..), Key::Name(..)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl EntityOrder {
    fn descending(&self) -> bool {
        self.descending.unwrap_or(matches!(
            self.by,
            EntityOrderKey::RelationCount | EntityOrderKey::PageRank
        ))
    }

    /// The key of one entity (None: id order, nothing to rank).
    fn key(&self, ctx: &Context<'_>, store: &Store, ix: NodeIndex) -> Result<Option<Key>> {
        let down = self.descending();
        let signed = |v: f64| if down { -v } else { v };
        let tie = || Tie::of(store, ix);
        Ok(match self.by {
            EntityOrderKey::Id if !down => None,
            EntityOrderKey::Id if store.node_order_is_id_order() => {
                Some(Key::Number(-(ix.index() as f64), tie()))
            }
            EntityOrderKey::Id => {
                let id = store.entity(ix).id.to_string();
                Some(Key::Name(Some(Reverse(id)), None, tie()))
            }
            EntityOrderKey::Name => {
                let name = store.entity(ix).name.clone();
                Some(if down {
                    Key::Name(Some(Reverse(name)), None, tie())
                } else {
                    Key::Name(None, Some(name), tie())
                })
            }
            EntityOrderKey::RelationCount => {
                let types = enums::relation_types(self.relation_types.clone());
                let n = store.count_relations(ix, self.direction.into(), types.as_deref());
                Some(Key::Number(signed(n as f64), tie()))
            }
            EntityOrderKey::PageRank => {
                Some(Key::Number(signed(centrality(ctx)?.page_rank(ix)), tie()))
            }
        })
    }
}

/// Whether an entity's date, founding date or a fact's period touches `year`.
fn dated_in(e: &model::Entity, year: u16) -> bool {
    let attr_years = [AttributeKey::Date, AttributeKey::Founded]
        .into_iter()
        .filter_map(|k| e.attribute(k))
        .filter_map(|v| v.parse::<Period>().ok());
    let fact_years = e.facts.iter().filter_map(|f| f.period);
    attr_years.chain(fact_years).any(|p| p.covers_year(year))
}

/// The filters of `entities`, applied to one candidate.
struct Filters<'a> {
    inside: Option<&'a Inside<'a>>,
    year: Option<Option<u16>>,
}

impl Filters<'_> {
    fn keep(&self, store: &Store, ix: NodeIndex) -> bool {
        self.inside.is_none_or(|w| w.has(ix.index() as u32))
            && self
                .year
                .is_none_or(|y| y.is_some_and(|y| dated_in(store.entity(ix), y)))
    }
}

/// One page of the candidates that pass the filters, sorted by `order`,
/// and how many pass: a walk in id order (stopping at the page when
/// nothing else is needed), or a bounded heap of the best `start + len`.
#[allow(clippy::too_many_arguments)]
fn page(
    ctx: &Context<'_>,
    store: &Store,
    candidates: impl Iterator<Item = NodeIndex>,
    filters: &Filters<'_>,
    order: Option<&EntityOrder>,
    start: usize,
    len: usize,
    clock: &mut Ticker,
) -> Result<(Vec<NodeIndex>, usize)> {
    let ranked = order.filter(|o| o.by != EntityOrderKey::Id || o.descending());
    let reach = start.saturating_add(len);
    let mut total = 0usize;
    let mut in_order = Vec::new();
    let mut heap: BinaryHeap<Key> = BinaryHeap::new();
    for ix in candidates {
        if clock.tick() {
            return Err(ApiError::Timeout).api();
        }
        if !filters.keep(store, ix) {
            continue;
        }
        total += 1;
        match ranked {
            None => {
                if total > start && in_order.len() < len {
                    in_order.push(ix);
                }
            }
            Some(o) => {
                if let Some(key) = o.key(ctx, store, ix)? {
                    heap.push(key);
                    if heap.len() > reach {
                        heap.pop();
                    }
                }
            }
        }
    }
    if ranked.is_none() {
        return Ok((in_order, total));
    }
    let sorted = heap.into_sorted_vec();
    let nodes = sorted
        .into_iter()
        .skip(start)
        .take(len)
        .map(|k| match k {
            Key::Name(_, _, tie) | Key::Number(_, tie) => tie.node(),
        })
        .collect();
    Ok((nodes, total))
}

/// Looking entities up by id, name, kind, region and year.
#[derive(Default)]
pub(super) struct EntityQuery;

#[Object]
impl EntityQuery {
    /// Any object by its global id (the Relay `node` field): an entity
    /// (`region/yangpu`) or a source article (`putuo-hero-returns-2022`).
    /// Null, with a NOT_FOUND error, when nothing has the id.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, e.g. `region/yangpu` or `putuo-hero-returns-2022`.")] id: ID,
    ) -> Result<Option<Node>> {
        let store = store(ctx)?;
        if id.contains('/') {
            return Ok(Some(Node::from(resolve(store, &id).api()?)));
        }
        let slug = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !slug {
            return Err(ApiError::BadId(id.to_string())).api();
        }
        let r = store
            .source_by_id(&id)
            .ok_or_else(|| ApiError::UnknownSource(id.to_string()))
            .api()?;
        Ok(SourceObj::list(store, &[r]).pop().map(Node::Source))
    }

    /// One entity by id. Null, with a NOT_FOUND error, when no entity has the id.
    async fn entity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An entity id, e.g. `park/hongqiao-smart-valley`.")] id: ID,
    ) -> Result<Option<Entity>> {
        Ok(Some(Entity::from(resolve(store(ctx)?, &id).api()?)))
    }

    /// Entities, optionally filtered, in id order unless `orderBy` says
    /// otherwise. A page costs a walk over the candidates (the kinds asked
    /// for), not a sorted copy of them: sorted orders keep only the best
    /// entities up to the end of the page.
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
        let (start, len) = bounds(first, after.as_deref()).api()?;
        let kinds = enums::kinds(kinds);
        // A year outside u16 matches nothing rather than being ignored.
        let year = year.map(|y| u16::try_from(y).ok());
        let mut clock = deadline(ctx).ticker();
        let mut run = |inside: Option<&Inside<'_>>| {
            let filters = Filters { inside, year };
            let unfiltered = inside.is_none() && year.is_none();
            let by_id = order_by
                .as_ref()
                .is_none_or(|o| o.by == EntityOrderKey::Id && !o.descending());
            if unfiltered && by_id {
                // Nothing to test: the count is known and the page is a
                // slice of the candidates.
                let total = match kinds.as_deref() {
                    None => store.entity_count(),
                    Some(ks) => {
                        let mut ks = ks.to_vec();
                        ks.sort();
                        ks.dedup();
                        ks.iter().map(|k| store.count_of_kind(*k)).sum()
                    }
                };
                let nodes = store
                    .in_id_order(kinds.as_deref())
                    .skip(start)
                    .take(len)
                    .collect();
                return Ok((nodes, total));
            }
            page(
                ctx,
                store,
                store.in_id_order(kinds.as_deref()),
                &filters,
                order_by.as_ref(),
                start,
                len,
                &mut clock,
            )
        };
        let (nodes, total) = match region {
            None => run(None)?,
            Some(id) => {
                let r = resolve(store, &id).api()?;
                containment::with_within(store, r.ix, deadline(ctx), |inside, _| run(Some(inside)))
                    .map_err(|_| ApiError::Timeout)
                    .api()??
            }
        };
        let w = window(first, after.as_deref(), total).api()?;
        let at = EntityRef {
            store: store.clone(),
            ix: NodeIndex::new(0),
        };
        Ok(EntityConnection::page(
            w,
            nodes.into_iter().map(|ix| at.wrap(ix)),
        ))
    }

    /// Entities whose name, Chinese name or alias equals `name`, ignoring
    /// case, accents, apostrophes, hyphens and spaces ("Jing'an", "Jingan"
    /// and "jing an" all find the same district), in id order; at most
    /// `first`.
    async fn lookup(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A name, Chinese name or alias.")] name: String,
        #[graphql(desc = "How many, 1 to 100.", default = 100)] first: i32,
    ) -> Result<Vec<Entity>> {
        let store = store(ctx)?;
        let first = list_size(first, MAX_LIST).api()?;
        Ok(store
            .by_name(&name)
            .iter()
            .take(first)
            .map(|ix| {
                Entity::from(EntityRef {
                    store: store.clone(),
                    ix: *ix,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_order_numbers_then_ids() {
        let node = |n| Tie(None, NodeIndex::new(n));
        let a = Key::Number(-3.0, node(5));
        let b = Key::Number(-3.0, node(2));
        let c = Key::Number(-1.0, node(1));
        let mut v = vec![c.clone(), a.clone(), b.clone()];
        v.sort();
        assert_eq!(v, vec![b, a, c]);
        // Once ids are carried, they decide ties, whatever the nodes.
        let id = |s: &str, n| Tie(Some(s.into()), NodeIndex::new(n));
        let mut w = [
            Key::Number(1.0, id("company/b", 1)),
            Key::Number(1.0, id("company/a", 9)),
        ];
        w.sort();
        assert_eq!(w[0], Key::Number(1.0, id("company/a", 9)));
    }
}
