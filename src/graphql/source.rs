//! Source articles and facts as GraphQL objects.

use std::sync::Arc;

use async_graphql::{Object, Result, ID};
use petgraph::graph::NodeIndex;

use super::entity::{Entity, EntityConnection, EntityRef};
use super::enums::{self, EntityKind, Qualifier};
use super::error::OrApiError;
pub use super::pagination::FactConnection;
use super::pagination::{page, window};
use super::relation::{RelationConnection, RelationObj};
use crate::model::{self, SourceRef};
use crate::store::{EdgeView, FactRef, Store};

/// A source article.
#[derive(Clone)]
pub struct SourceObj {
    store: Arc<Store>,
    r: SourceRef,
}

impl SourceObj {
    /// The objects for a list of source references.
    pub fn list(store: &Arc<Store>, refs: &[SourceRef]) -> Vec<SourceObj> {
        refs.iter()
            .map(|r| SourceObj {
                store: store.clone(),
                r: *r,
            })
            .collect()
    }

    /// Every source of the snapshot.
    pub fn all(store: &Arc<Store>) -> Vec<SourceObj> {
        let refs: Vec<SourceRef> = (0..store.sources().len())
            .map(|i| SourceRef(i as u32))
            .collect();
        Self::list(store, &refs)
    }

    fn data(&self) -> &model::Source {
        &self.store.sources()[self.r.0 as usize]
    }

    fn contribution(&self) -> &crate::store::Contribution {
        // Every SourceRef handed out comes from the same store, so this exists.
        static EMPTY: std::sync::OnceLock<crate::store::Contribution> = std::sync::OnceLock::new();
        self.store
            .contribution(self.r)
            .unwrap_or_else(|| EMPTY.get_or_init(Default::default))
    }
}

/// A source article. Only its metadata is served; the graph holds what it
/// contributed: entities, relations and facts.
#[Object(name = "Source")]
impl SourceObj {
    /// Stable id, e.g. `hongqiao-smart-valley-2021`.
    async fn id(&self) -> ID {
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
                    .is_none_or(|ks| ks.contains(&self.store.entity(*ix).kind()))
            })
            .collect();
        EntityRef::connection(&self.store, &nodes, first, after)
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

/// A fact about an entity.
#[derive(Clone)]
pub struct FactObj {
    store: Arc<Store>,
    at: FactRef,
}

impl FactObj {
    /// All facts of an entity.
    pub fn all_of(store: &Arc<Store>, node: NodeIndex) -> Vec<FactObj> {
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
    pub fn connection(
        store: &Arc<Store>,
        refs: &[FactRef],
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<FactConnection> {
        let w = window(first, after.as_deref(), refs.len()).api()?;
        let items = refs[w.start..w.end]
            .iter()
            .map(|r| FactObj {
                store: store.clone(),
                at: *r,
            })
            .collect();
        Ok(page(w, items))
    }

    fn data(&self) -> &model::Fact {
        &self.store.entity(self.at.node).facts[self.at.index as usize]
    }
}

/// A figure stated about an entity, normalised to base units (1 billion
/// yuan is `1000000000` with unit `CNY`; 23 percent is `23` with unit `%`).
#[Object(name = "Fact")]
impl FactObj {
    /// What is measured, snake_case, e.g. `startups_incubated`.
    async fn metric(&self) -> &str {
        &self.data().metric
    }

    /// The value in base units.
    async fn value(&self) -> f64 {
        self.data().value
    }

    /// The unit: `CNY`, `USD`, `%`, `km2`, `m2`, or a plural noun for counts.
    async fn unit(&self) -> Option<&str> {
        self.data().unit.as_deref()
    }

    /// The as-of date or the period covered: `YYYY[-MM[-DD]]` or `START..END`.
    async fn period(&self) -> Option<String> {
        self.data().period.map(|p| p.to_string())
    }

    /// How exact the figure is (about, over, up to ...).
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
