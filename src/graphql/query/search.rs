//! The root field `search`: entities ranked by relevance, with the score
//! of each and why it matched (`SearchEdge.match`, worked out by
//! [`crate::store::search::explain`] only for the edges asked for).

use std::sync::{Arc, OnceLock};

use async_graphql::{ComplexObject, Context, Enum, ErrorExtensions, Object, Result, SimpleObject};

use crate::deadline::Deadline;
use crate::graphql::context::{deadline, store};
use crate::graphql::enums::{self, EntityKind};
use crate::graphql::error::{ApiError, OrApiError};
use crate::graphql::limits::MAX_QUERY_CHARS;
use crate::graphql::pagination::{page_info, reach, window, Cursor, PageInfo};
use crate::graphql::types::{Entity, EntityRef};
use crate::store::search::explain::{self, Explainer};
use crate::store::Store;

/// A search result with its relevance.
#[derive(SimpleObject)]
#[graphql(complex)]
pub(crate) struct SearchEdge {
    /// The result's position, encoded only when its cursor is asked for.
    #[graphql(skip)]
    pub at: Cursor,
    /// The entity found.
    pub node: Entity,
    /// Relevance; higher is better. Exact name or alias matches score above 10.
    pub score: f64,
    /// The entity, to explain the match.
    #[graphql(skip)]
    pub hit: EntityRef,
    /// The query, prepared by the first edge asked for its match.
    #[graphql(skip)]
    pub why: Arc<Why>,
}

/// A search's query and, once an edge's `match` is asked for, the query
/// prepared to explain hits (most requests never ask).
pub(crate) struct Why {
    query: String,
    explainer: OnceLock<Explainer>,
}

impl Why {
    fn explainer(&self) -> &Explainer {
        self.explainer.get_or_init(|| Explainer::new(&self.query))
    }
}

#[ComplexObject]
impl SearchEdge {
    /// Opaque position of the result; pass it as `after` to continue from here.
    async fn cursor(&self) -> String {
        self.at.encode()
    }

    /// Why the entity matched: where and how each query term was found,
    /// by the same rules as the ranking, and the names cut into segments
    /// to highlight.
    #[graphql(name = "match")]
    async fn matched(&self) -> SearchMatch {
        let x = self
            .why
            .explainer()
            .explain(self.hit.store.entity(self.hit.ix));
        SearchMatch {
            fields: x.places.into_iter().map(MatchField::from).collect(),
            exact: x.exact,
            name: x.name.into_iter().map(TextSegment::from).collect(),
            name_zh: x
                .name_zh
                .map(|s| s.into_iter().map(TextSegment::from).collect()),
            terms: x.terms.into_iter().map(TermMatch::from).collect(),
        }
    }
}

/// Where in an entity a query term was found.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "explain::Place")]
pub(super) enum MatchField {
    /// The English name.
    Name,
    /// The Chinese name.
    NameZh,
    /// An alias or abbreviation.
    Alias,
    /// The description.
    Description,
}

/// Why a search result matched the query.
#[derive(SimpleObject)]
pub(super) struct SearchMatch {
    /// Where query terms (or the whole query, see `exact`) were found, each
    /// once, in the order NAME, NAME_ZH, ALIAS, DESCRIPTION.
    pub fields: Vec<MatchField>,
    /// Whether the whole query is the entity's name, Chinese name or an
    /// alias, ignoring case, accents, punctuation and spaces. Such results
    /// rank first, and the name (or Chinese name) that equals the query is
    /// marked matched whole.
    pub exact: bool,
    /// The name in consecutive segments whose texts concatenate to `name`
    /// exactly, so a client highlights the matched ones without counting
    /// characters. For the last query term matched as the start of a word,
    /// only the part typed is matched.
    pub name: Vec<TextSegment>,
    /// The Chinese name in segments the same way (each matched Chinese
    /// character or pair is marked); null when the entity has none.
    pub name_zh: Option<Vec<TextSegment>>,
    /// Each query term, in the query's order, with the word it matched.
    pub terms: Vec<TermMatch>,
}

/// A stretch of a name, matched or not.
#[derive(SimpleObject)]
pub(super) struct TextSegment {
    /// The text, as the name writes it.
    pub text: String,
    /// Whether a query term matched this stretch (highlight it).
    pub matched: bool,
}

impl From<explain::Segment> for TextSegment {
    fn from(s: explain::Segment) -> Self {
        TextSegment {
            text: s.text,
            matched: s.matched,
        }
    }
}

/// One query term and how it matched.
#[derive(SimpleObject)]
pub(super) struct TermMatch {
    /// The query term as search reads it: lower case, without accents,
    /// apostrophes or joining hyphens; Chinese text gives each character
    /// and each pair of neighbours.
    pub term: String,
    /// The entity's word it matched, as the entity writes it; null if the
    /// term matched nothing. Of several, the one the ranking weighs most:
    /// its field's weight (name, then alias, then description) times how
    /// it matched (exactly, then as a prefix, then with typos).
    pub matched: Option<String>,
    /// Where `matched` was found; null if nothing matched.
    pub field: Option<MatchField>,
    /// Edits between the term and `matched` (insertions, deletions,
    /// substitutions, swaps of neighbours): 0 for an exact or prefix match,
    /// at most 1 for terms of 5 to 8 characters, 2 for longer ones.
    pub typos: i32,
    /// Whether the term matched the start of `matched` (only the last query
    /// term does, for type-ahead).
    pub prefix: bool,
}

impl From<explain::TermMatch> for TermMatch {
    fn from(t: explain::TermMatch) -> Self {
        let (matched, field, typos, prefix) = match t.matched {
            Some(m) => (
                Some(m.word),
                Some(MatchField::from(m.place)),
                i32::try_from(m.typos).unwrap_or(i32::MAX),
                m.prefix,
            ),
            None => (None, None, 0, false),
        };
        TermMatch {
            term: t.term,
            matched,
            field,
            typos,
            prefix,
        }
    }
}

/// A page of search results, best first.
#[derive(SimpleObject)]
pub(crate) struct SearchConnection {
    /// The results of this page.
    pub edges: Vec<SearchEdge>,
    /// Where this page sits in the results.
    pub page_info: PageInfo,
    /// How many entities match in all: exact up to 1,000; past that, a
    /// lower bound (see `totalCountIsExact`), as search engines count.
    pub total_count: usize,
    /// Whether `totalCount` is exact. False only when more than 1,000
    /// entities match: the count then stops, and `totalCount` says at
    /// least how many do. `pageInfo.hasNextPage` is right either way.
    pub total_count_is_exact: bool,
}

/// Full-text search.
#[derive(Default)]
pub(super) struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Entities ranked by relevance over names, Chinese names, aliases and
    /// descriptions. Typo-tolerant (one typo in words of 5+ letters, two in
    /// 9+), the last word matches as a prefix, and Chinese text works.
    /// Each result says why it matched (`match`), for highlighting.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for, 1 to 200 characters.")] query: String,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<SearchConnection> {
        search(store(ctx)?, query, kinds, first, after, deadline(ctx))
    }
}

/// The answer to `search` (also run by compiled plans, `graphql::plan`).
pub(crate) fn search(
    store: &Arc<Store>,
    query: String,
    kinds: Option<Vec<EntityKind>>,
    first: Option<i32>,
    after: Option<String>,
    deadline: Deadline,
) -> Result<SearchConnection> {
    let chars = query.chars().count();
    if chars == 0 || chars > MAX_QUERY_CHARS {
        return Err(ApiError::BadQuery {
            max: MAX_QUERY_CHARS,
        }
        .extend());
    }
    let kinds = enums::kinds(kinds);
    // Rank only as far as this page reaches, and one more, which says
    // whether a next page exists even when the count is a lower bound.
    let reach = reach(first, after.as_deref()).api()?;
    let found = store
        .search(&query, kinds.as_deref(), reach.saturating_add(1), deadline)
        .map_err(|_| ApiError::Timeout)
        .api()?;
    let hits = found.hits;
    let total = if found.exact {
        found.total
    } else {
        found.total.max(hits.len())
    };
    let w = window(first, after.as_deref(), total).api()?;
    let page = &hits[w.start.min(hits.len())..w.end.min(hits.len())];
    store.warm(page.iter().map(|(ix, _)| *ix));
    let why = Arc::new(Why {
        query,
        explainer: OnceLock::new(),
    });
    let edges = page
        .iter()
        .enumerate()
        .map(|(i, (ix, score))| {
            let hit = EntityRef {
                store: store.clone(),
                ix: *ix,
            };
            SearchEdge {
                at: Cursor(w.start + i),
                node: Entity::from(hit.clone()),
                // Three decimals: enough to order by, short to read.
                score: (*score * 1000.0).round() / 1000.0,
                hit,
                why: why.clone(),
            }
        })
        .collect();
    Ok(SearchConnection {
        edges,
        page_info: page_info(w),
        total_count: w.total,
        total_count_is_exact: found.exact,
    })
}
