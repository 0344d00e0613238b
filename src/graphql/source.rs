//! Source articles and facts as GraphQL objects.

use std::sync::Arc;

use async_graphql::{Object, Result, ID};
use petgraph::graph::NodeIndex;

use super::enums::{self, EntityKind, Qualifier};
use super::error::OrApiError;
use super::pagination::window;
use super::types::{
    Entity, EntityConnection, EntityRef, FactConnection, FactObj, RelationConnection, RelationObj,
    SourceObj,
};
use crate::model::{self, SourceRef};
use crate::store::{EdgeView, FactRef, Store};

impl SourceObj {
    /// The objects for a list of source references.
    pub(crate) fn list(store: &Arc<Store>, refs: &[SourceRef]) -> Vec<SourceObj> {
        refs.iter()
            .map(|r| SourceObj {
                store: store.clone(),
                r: *r,
            })
            .collect()
    }

    /// Every source of the snapshot.
    pub(crate) fn all(store: &Arc<Store>) -> Vec<SourceObj> {
        let refs: Vec<SourceRef> = (0..store.sources().len())
            .map(|i| SourceRef(i as u32))
            .collect();
        Self::list(store, &refs)
    }

    fn data(&self) -> &model::Source {
        // Every SourceRef handed out comes from the same store.
        self.store
            .source(self.r)
            .unwrap_or_else(|| unreachable_source(self.r))
    }

    fn contribution(&self) -> crate::store::Contribution {
        self.store.contribution(self.r)
    }
}

/// A source article. Only its metadata is served; the graph holds what it
/// contributed: entities, relations and facts.
#[Object(name = "Source")]
impl SourceObj {
    /// Stable id, e.g. `hongqiao-smart-valley-2021` (a global id: see `Node`).
    pub async fn id(&self) -> ID {
        ID(self.data().id.to_string())
    }

    /// The article's title.
    async fn title(&self) -> &str {
        &self.data().title
    }

    /// The publishing outlet, when the article names it.
    async fn outlet(&self) -> Option<&str> {
        self.data().outlet.as_deref()
    }

    /// Publication date (`YYYY-MM-DD`), when the article gives it.
    async fn date(&self) -> Option<String> {
        self.data().date.map(|d| d.to_string())
    }

    /// How an undated article was dated.
    async fn date_note(&self) -> Option<&str> {
        self.data().date_note.as_deref()
    }

    /// Where the article can be read, when known.
    async fn url(&self) -> Option<&str> {
        self.data().url.as_deref()
    }

    /// The article's file name in the source corpus.
    async fn file(&self) -> Option<&str> {
        self.data().file.as_deref()
    }

    /// Entities the article mentions, in id order.
    async fn entities(
        &self,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<EntityConnection> {
        let kinds = enums::kinds(kinds);
        let nodes: Vec<NodeIndex> = self
            .contribution()
            .entities
            .iter()
            .copied()
            .filter(|ix| {
                kinds
                    .as_ref()
                    .is_none_or(|ks| ks.contains(&self.store.kind_of(*ix)))
            })
            .collect();
        EntityRef::page_of(&self.store, &nodes, first, after)
    }

    /// Relations the article states.
    async fn relations(
        &self,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<RelationConnection> {
        let views: Vec<EdgeView> = self
            .contribution()
            .relations
            .iter()
            .filter_map(|e| RelationObj::forward(&self.store, *e).map(|r| r.view))
            .collect();
        RelationObj::connection(&self.store, &views, first, after)
    }

    /// Figures the article gives.
    async fn facts(
        &self,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<FactConnection> {
        FactObj::connection(&self.store, &self.contribution().facts, first, after)
    }
}

impl FactObj {
    /// All facts of an entity.
    pub(crate) fn all_of(store: &Arc<Store>, node: NodeIndex) -> Vec<FactObj> {
        (0..store.entity(node).facts.len())
            .map(|i| FactObj {
                store: store.clone(),
                at: FactRef {
                    node,
                    index: i as u32,
                },
            })
            .collect()
    }

    /// Pages through fact references.
    pub(crate) fn connection(
        store: &Arc<Store>,
        refs: &[FactRef],
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<FactConnection> {
        let w = window(first, after.as_deref(), refs.len()).api()?;
        let items = refs[w.start..w.end].iter().map(|r| FactObj {
            store: store.clone(),
            at: *r,
        });
        Ok(FactConnection::page(w, items))
    }

    fn data(&self) -> &model::Fact {
        &self.store.entity(self.at.node).facts[self.at.index as usize]
    }
}

/// A figure stated about an entity, normalised to base units (1 billion
/// yuan is `1000000000` with unit `CNY`; 23 percent is `23` with unit `%`).
/// A figure the article gives only approximately, as a range or in words
/// ("several hundred") says so: `exact` is false, `qualifier` says how, and
/// `wording`, `min` and `max` say what is known; no number is made up.
#[Object(name = "Fact")]
impl FactObj {
    /// The fact's id among its entity's facts: `entity#metric@period`, with
    /// `~2`, `~3`... for a second or third fact of the same metric and
    /// period (what `retractFact` takes).
    async fn id(&self) -> ID {
        ID(crate::curation::fact_id(
            self.store.entity(self.at.node),
            self.at.index as usize,
        ))
    }

    /// What is measured, snake_case, e.g. `startups_incubated`.
    async fn metric(&self) -> &str {
        &self.data().metric
    }

    /// The stated value in base units; null when the article gives no
    /// single number (qualifier RANGE or INDEFINITE: see `min`, `max` and
    /// `wording`).
    async fn value(&self) -> Option<f64> {
        self.data().value
    }

    /// The least the figure can be, as far as the article's words say: the
    /// value itself when EXACT; the value for OVER (not reached) and
    /// AT_LEAST; the start of a RANGE; for INDEFINITE only a bound the
    /// words imply ("dozens": 24). Null when the words imply none.
    async fn min(&self) -> Option<f64> {
        self.data().lower_bound()
    }

    /// The most the figure can be: the value itself when EXACT; the value
    /// for UP_TO and UNDER (not reached); the end of a RANGE; for INDEFINITE
    /// only a bound the words imply. Null when the words imply none.
    async fn max(&self) -> Option<f64> {
        self.data().upper_bound()
    }

    /// True only when the article gives the figure as one exact number
    /// (qualifier EXACT); false for about, over, up to, ranges and words
    /// without a number. The opposite of `approximate`.
    async fn exact(&self) -> bool {
        self.data().is_exact()
    }

    /// True when the figure is not one exact number: approximate, a bound,
    /// a range or words without a number (see `qualifier`, `wording`). The
    /// opposite of `exact`.
    async fn approximate(&self) -> bool {
        !self.data().is_exact()
    }

    /// How the article words the figure, in a few of its own words, e.g.
    /// "several hundred", "dozens", "one or two", "nearly three years".
    async fn wording(&self) -> Option<&str> {
        self.data().wording.as_deref()
    }

    /// For a figure that stands at a point in time: that date
    /// (`YYYY[-MM[-DD]]`; "by the first half of 2017" is `2017-06`). Null
    /// for a figure over a span (see `covers`).
    async fn as_of(&self) -> Option<String> {
        let f = self.data();
        f.period.filter(|_| f.as_of).map(|p| p.to_string())
    }

    /// For a figure over a span of time (revenue in January to August, work
    /// permits granted in 2017): that span, `YYYY[-MM[-DD]]` or
    /// `START..END`. Null for a point in time (see `asOf`).
    async fn covers(&self) -> Option<String> {
        let f = self.data();
        f.period.filter(|_| !f.as_of).map(|p| p.to_string())
    }

    /// True when the article implies the figure, or what it is about, rather
    /// than stating it (see `note`).
    async fn inferred(&self) -> bool {
        self.data().inferred
    }

    /// The unit: `CNY`, `USD`, `%`, `km2`, `m2`, or a plural noun for counts.
    async fn unit(&self) -> Option<&str> {
        self.data().unit.as_deref()
    }

    /// The date the figure stands at or the span it covers (whichever it
    /// has; `asOf` and `covers` tell them apart): `YYYY[-MM[-DD]]` or
    /// `START..END`.
    async fn period(&self) -> Option<String> {
        self.data().period.map(|p| p.to_string())
    }

    /// How the figure relates to the truth (exact, about, over, up to, a
    /// range, words without a number).
    async fn qualifier(&self) -> Qualifier {
        self.data().qualifier.into()
    }

    /// Further context, in the curators' words.
    async fn note(&self) -> Option<&str> {
        self.data().note.as_deref()
    }

    /// The entity the figure is about.
    async fn entity(&self) -> Entity {
        Entity::from(EntityRef {
            store: self.store.clone(),
            ix: self.at.node,
        })
    }

    /// The articles that give the figure.
    async fn sources(&self) -> Vec<SourceObj> {
        SourceObj::list(&self.store, &self.data().sources)
    }
}

/// A source reference from another store (a bug): a placeholder, logged.
fn unreachable_source(r: SourceRef) -> &'static model::Source {
    static EMPTY: std::sync::OnceLock<model::Source> = std::sync::OnceLock::new();
    tracing::error!(
        source = r.0,
        "a source reference that the store does not have"
    );
    EMPTY.get_or_init(|| model::Source {
        id: "unknown".into(),
        title: String::new(),
        file: None,
        outlet: None,
        date: None,
        date_note: None,
        url: None,
    })
}
