//! The root fields `path`, `paths` and `neighborhood`, each hop with the
//! relation and the articles behind it: the GraphQL face of
//! [`crate::algo::path`] and [`crate::algo::neighborhood`].

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{Context, Enum, Object, Result, SimpleObject, ID};
use petgraph::graph::NodeIndex;

use crate::algo::neighborhood::{neighborhood, NeighborhoodQuery};
use crate::algo::path::{self, Outcome, PathQuery};
use crate::algo::traversal::{Filter, Hop, KindSet, TraversalError};
use crate::deadline::Deadline;
use crate::graphql::context::{deadline, resolve, store};
use crate::graphql::enums::{self, Direction, EntityKind, RelationType};
use crate::graphql::error::{ApiError, OrApiError};
use crate::graphql::limits::{
    in_range, EDGES_PER_NODE, MAX_AVOID, MAX_DEPTH, MAX_HOPS, MAX_NEIGHBORHOOD, MAX_PATHS,
    PATHS_VISIT_LIMIT, PATH_VISIT_LIMIT,
};
use crate::graphql::types::{Entity, EntityRef, RelationObj, SourceObj};
use crate::model::SourceRef;
use crate::store::{EdgeView, Store};

/// Why no path was returned.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum NoPathReason {
    /// The two entities are not connected at all through relations the
    /// filters allow (or only through avoided entities).
    NotConnected,
    /// No path of at most `maxHops` hops exists; a longer one may.
    BeyondMaxHops,
}

/// One step of a path.
pub(crate) struct HopObj {
    pub(crate) store: Arc<Store>,
    pub(crate) hop: Hop,
}

/// One step of a path: the relation walked, which may point either way.
#[Object(name = "Hop")]
impl HopObj {
    /// The entity this step leaves.
    async fn from(&self) -> Entity {
        entity(&self.store, self.hop.from)
    }

    /// The entity this step reaches.
    async fn to(&self) -> Entity {
        entity(&self.store, self.hop.to)
    }

    /// True when the relation points the way the path walks (from → to);
    /// false when the path walks it backwards.
    async fn forward(&self) -> bool {
        self.hop.forward
    }

    /// The relation, with its type, properties and sources; seen from this
    /// step's `from` end.
    async fn relation(&self) -> RelationObj {
        RelationObj {
            store: self.store.clone(),
            view: EdgeView {
                edge: self.hop.edge,
                this: self.hop.from,
                other: self.hop.to,
                outgoing: self.hop.forward,
            },
        }
    }
}

/// A path between two entities.
pub(crate) struct PathObj {
    pub(crate) store: Arc<Store>,
    pub(crate) from: NodeIndex,
    pub(crate) hops: Vec<Hop>,
}

/// A path: the relations that join two entities, each with its evidence.
#[Object(name = "Path")]
impl PathObj {
    /// Number of hops.
    async fn length(&self) -> usize {
        self.hops.len()
    }

    /// The entities along the path, first to last.
    async fn nodes(&self) -> Vec<Entity> {
        path::nodes_of(self.from, &self.hops)
            .into_iter()
            .map(|ix| entity(&self.store, ix))
            .collect()
    }

    /// The steps, in order.
    async fn hops(&self) -> Vec<HopObj> {
        self.hops
            .iter()
            .map(|h| HopObj {
                store: self.store.clone(),
                hop: *h,
            })
            .collect()
    }

    /// Evidence: the number of source citations over all hops (a relation
    /// stated by two articles counts twice).
    async fn evidence(&self) -> usize {
        path::evidence(&self.store, &self.hops)
    }

    /// The distinct articles that state the path's relations.
    async fn sources(&self) -> Vec<SourceObj> {
        let refs: BTreeSet<SourceRef> = self
            .hops
            .iter()
            .filter_map(|h| self.store.relation(h.edge))
            .flat_map(|(_, _, r)| r.sources.iter().copied())
            .collect();
        SourceObj::list(&self.store, &refs.into_iter().collect::<Vec<_>>())
    }
}

/// The answer to `path`.
#[derive(SimpleObject)]
pub(crate) struct PathResult {
    /// A shortest path, or null when there is none within the bounds.
    pub path: Option<PathObj>,
    /// Why `path` is null.
    pub reason: Option<NoPathReason>,
    /// The reason in words.
    pub message: Option<String>,
    /// Entities the search reached (a measure of its cost).
    pub visited: usize,
}

/// The answer to `paths`.
#[derive(SimpleObject)]
pub(super) struct PathsResult {
    /// Shortest simple paths, by length, then by evidence (most first).
    pub paths: Vec<PathObj>,
    /// Why the list is empty.
    pub reason: Option<NoPathReason>,
    /// The reason in words.
    pub message: Option<String>,
    /// Entities all the searches reached.
    pub visited: usize,
}

/// An entity in a neighbourhood, with its distance from the centre.
#[derive(SimpleObject)]
pub(super) struct NeighborhoodNode {
    /// The entity.
    pub entity: Entity,
    /// Hops from the centre (0 for the centre).
    pub depth: u32,
}

/// The subgraph around an entity, ready for drawing.
#[derive(SimpleObject)]
pub(super) struct Neighborhood {
    /// The entity at the centre.
    pub center: Entity,
    /// Entities, nearest first, each once; the centre first.
    pub nodes: Vec<NeighborhoodNode>,
    /// Relations walked between the entities, each once.
    pub edges: Vec<RelationObj>,
    /// True when `limit` cut the answer short (the nearest part is kept).
    pub truncated: bool,
}

fn entity(store: &Arc<Store>, ix: NodeIndex) -> Entity {
    Entity::from(EntityRef {
        store: store.clone(),
        ix,
    })
}

fn limit_error(e: TraversalError) -> ApiError {
    match e {
        TraversalError::Timeout => ApiError::Timeout,
        TraversalError::VisitLimit { .. } => ApiError::TraversalLimit(e.to_string()),
    }
}

fn no_path(outcome: &Outcome, max_hops: u32) -> (Option<NoPathReason>, Option<String>) {
    match outcome {
        Outcome::Found(_) => (None, None),
        Outcome::NotConnected => (
            Some(NoPathReason::NotConnected),
            Some("the two entities are not connected through the relations allowed".into()),
        ),
        Outcome::TooFar => (
            Some(NoPathReason::BeyondMaxHops),
            Some(format!(
                "no path of at most {max_hops} hops; raise maxHops (up to {MAX_HOPS}) to look further"
            )),
        ),
    }
}

/// Builds the search from the shared arguments.
fn path_query(
    store: &Arc<Store>,
    max_hops: i32,
    relation_types: Option<Vec<RelationType>>,
    direction: Direction,
    avoid: Option<Vec<ID>>,
    max_visited: usize,
    deadline: Deadline,
) -> Result<PathQuery> {
    let max_hops = in_range("maxHops", max_hops, 1, MAX_HOPS).api()?;
    let avoid = avoid.unwrap_or_default();
    if avoid.len() > MAX_AVOID {
        return Err(ApiError::TooMany {
            name: "avoid",
            max: MAX_AVOID,
        })
        .api();
    }
    let avoid = avoid
        .iter()
        .map(|id| resolve(store, id).map(|r| r.ix))
        .collect::<Result<Vec<_>, _>>()
        .api()?;
    let types = enums::relation_types(relation_types);
    Ok(PathQuery {
        filter: Filter::new(types.as_deref(), direction.into()),
        max_hops,
        avoid,
        max_visited,
        deadline,
    })
}

fn ends(store: &Arc<Store>, from: &ID, to: &ID, q: &PathQuery) -> Result<(NodeIndex, NodeIndex)> {
    let a = resolve(store, from).api()?.ix;
    let b = resolve(store, to).api()?.ix;
    if q.avoid.contains(&a) || q.avoid.contains(&b) {
        return Err(ApiError::AvoidEnd).api();
    }
    Ok((a, b))
}

/// The default of `path`'s `maxHops`.
pub(crate) const PATH_MAX_HOPS: i32 = 6;

/// The arguments of `path` besides its ends.
pub(crate) struct PathArgs {
    /// `maxHops`.
    pub max_hops: i32,
    /// `relationTypes`.
    pub relation_types: Option<Vec<RelationType>>,
    /// `direction`.
    pub direction: Direction,
    /// `avoid`.
    pub avoid: Option<Vec<ID>>,
}

/// The answer to `path` (also run by compiled plans, `graphql::plan`).
pub(crate) fn shortest(
    store: &Arc<Store>,
    from: &ID,
    to: &ID,
    args: PathArgs,
    deadline: Deadline,
) -> Result<PathResult> {
    let q = path_query(
        store,
        args.max_hops,
        args.relation_types,
        args.direction,
        args.avoid,
        PATH_VISIT_LIMIT,
        deadline,
    )?;
    let (a, b) = ends(store, from, to, &q)?;
    let answer = path::shortest(store, a, b, &q).map_err(limit_error).api()?;
    let (reason, message) = no_path(&answer.outcome, q.max_hops);
    Ok(PathResult {
        path: match answer.outcome {
            Outcome::Found(hops) => Some(PathObj {
                store: store.clone(),
                from: a,
                hops,
            }),
            _ => None,
        },
        reason,
        message,
        visited: answer.visited,
    })
}

/// Paths and neighbourhoods.
#[derive(Default)]
pub(super) struct TraversalQuery;

#[Object]
impl TraversalQuery {
    /// A shortest path from one entity to another, each hop with its relation
    /// and sources: how X is connected to Y, and why we believe it. Null
    /// `path`, with a `reason`, when there is none within the bounds. A
    /// TRAVERSAL_LIMIT error means the search reached too many entities:
    /// narrow it with `relationTypes` or `direction`.
    #[allow(clippy::too_many_arguments)]
    async fn path(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where the path starts.")] from: ID,
        #[graphql(desc = "Where the path ends.")] to: ID,
        #[graphql(desc = "The most hops, 1 to 10.", default_with = "PATH_MAX_HOPS")] max_hops: i32,
        #[graphql(desc = "Only follow relations of these types (all when omitted).")]
        relation_types: Option<Vec<RelationType>>,
        #[graphql(
            desc = "OUTGOING follows relations from start to end only, INCOMING the reverse, BOTH either way.",
            default_with = "Direction::Both"
        )]
        direction: Direction,
        #[graphql(desc = "Entities the path must not pass through (up to 100).")] avoid: Option<
            Vec<ID>,
        >,
    ) -> Result<PathResult> {
        let args = PathArgs {
            max_hops,
            relation_types,
            direction,
            avoid,
        };
        shortest(store(ctx)?, &from, &to, args, deadline(ctx))
    }

    /// Up to `first` shortest simple paths from one entity to another, by
    /// length, then by evidence (most source citations first). Paths differ
    /// in at least one relation, so two entities joined by two relations give
    /// two paths.
    #[allow(clippy::too_many_arguments)]
    async fn paths(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where the paths start.")] from: ID,
        #[graphql(desc = "Where the paths end.")] to: ID,
        #[graphql(desc = "The most hops, 1 to 10.", default = 6)] max_hops: i32,
        #[graphql(desc = "How many paths, 1 to 10.", default = 3)] first: i32,
        #[graphql(desc = "Only follow relations of these types (all when omitted).")]
        relation_types: Option<Vec<RelationType>>,
        #[graphql(
            desc = "OUTGOING follows relations from start to end only, INCOMING the reverse, BOTH either way.",
            default_with = "Direction::Both"
        )]
        direction: Direction,
        #[graphql(desc = "Entities the paths must not pass through (up to 100).")] avoid: Option<
            Vec<ID>,
        >,
    ) -> Result<PathsResult> {
        let store = store(ctx)?;
        let k = in_range("first", first, 1, MAX_PATHS).api()? as usize;
        let q = path_query(
            store,
            max_hops,
            relation_types,
            direction,
            avoid,
            PATHS_VISIT_LIMIT,
            deadline(ctx),
        )?;
        let (a, b) = ends(store, &from, &to, &q)?;
        let found = path::k_shortest(store, a, b, &q, k)
            .map_err(limit_error)
            .api()?;
        if let Some(none) = &found.none {
            let (reason, message) = no_path(none, q.max_hops);
            return Ok(PathsResult {
                paths: Vec::new(),
                reason,
                message,
                visited: found.visited,
            });
        }
        let visited = found.visited;
        let found = found.paths;
        Ok(PathsResult {
            paths: found
                .into_iter()
                .map(|hops| PathObj {
                    store: store.clone(),
                    from: a,
                    hops,
                })
                .collect(),
            reason: None,
            message: None,
            visited,
        })
    }

    /// The subgraph around an entity as flat lists of entities and
    /// relations, ready for a graph drawing. `truncated` says whether
    /// `limit` cut it short; the nearest entities are kept.
    #[allow(clippy::too_many_arguments)]
    async fn neighborhood(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The entity at the centre.")] id: ID,
        #[graphql(desc = "How many hops out, 0 to 3.", default = 1)] depth: i32,
        #[graphql(desc = "Only follow relations of these types (all when omitted).")]
        relation_types: Option<Vec<RelationType>>,
        #[graphql(
            desc = "OUTGOING follows relations from start to end only, INCOMING the reverse, BOTH either way.",
            default_with = "Direction::Both"
        )]
        direction: Direction,
        #[graphql(desc = "Only include entities of these kinds (the centre always is).")]
        kinds: Option<Vec<EntityKind>>,
        #[graphql(
            desc = "The most entities, 1 to 1000, the centre counted; at most four times as many relations.",
            default = 100
        )]
        limit: i32,
    ) -> Result<Neighborhood> {
        let store = store(ctx)?;
        let depth = in_range("depth", depth, 0, MAX_DEPTH).api()?;
        let limit = in_range("limit", limit, 1, MAX_NEIGHBORHOOD).api()? as usize;
        let center = resolve(store, &id).api()?.ix;
        let types = enums::relation_types(relation_types);
        let kinds = enums::kinds(kinds);
        let q = NeighborhoodQuery {
            filter: Filter::new(types.as_deref(), direction.into()),
            kinds: KindSet::of(kinds.as_deref()),
            depth,
            max_nodes: limit,
            max_edges: limit * EDGES_PER_NODE,
            deadline: deadline(ctx),
        };
        let n = neighborhood(store, center, &q).map_err(limit_error).api()?;
        Ok(Neighborhood {
            center: entity(store, center),
            nodes: n
                .nodes
                .iter()
                .map(|(ix, d)| NeighborhoodNode {
                    entity: entity(store, *ix),
                    depth: *d,
                })
                .collect(),
            edges: n
                .edges
                .iter()
                .filter_map(|e| RelationObj::forward(store, *e))
                .collect(),
            truncated: n.truncated,
        })
    }
}
