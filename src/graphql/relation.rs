//! The `Relation` object: a typed, directed edge with its properties and
//! sources, seen from the entity it was reached from.

use std::sync::Arc;

use async_graphql::{Object, Result};

use super::enums::{Direction, RelationType};
use super::error::OrApiError;
use super::pagination::window;
use super::types::{Entity, EntityRef, RelationConnection, RelationObj, SourceObj};
use crate::model;
use crate::store::{EdgeView, Store};

impl RelationObj {
    fn data(&self) -> &model::Relation {
        self.store.relation_data(self.view.edge)
    }

    fn entity(&self, ix: petgraph::graph::NodeIndex) -> Entity {
        Entity::from(EntityRef {
            store: self.store.clone(),
            ix,
        })
    }

    /// A page of a list of relation views already in memory (what an
    /// article states).
    pub(crate) fn connection(
        store: &Arc<Store>,
        views: &[EdgeView],
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<RelationConnection> {
        let w = window(first, after.as_deref(), views.len()).api()?;
        let items = views[w.start..w.end].iter().map(|v| RelationObj {
            store: store.clone(),
            view: *v,
        });
        Ok(RelationConnection::page(w, items))
    }

    /// A relation seen from its `from` end.
    pub(crate) fn forward(
        store: &Arc<Store>,
        edge: petgraph::graph::EdgeIndex,
    ) -> Option<RelationObj> {
        let (a, b, _) = store.relation(edge)?;
        Some(RelationObj {
            store: store.clone(),
            view: EdgeView {
                edge,
                this: a,
                other: b,
                outgoing: true,
            },
        })
    }
}

/// A typed, directed relation between two entities, with the articles that
/// state it.
#[Object(name = "Relation")]
impl RelationObj {
    /// The relation's type; it reads "from → to".
    #[graphql(name = "type")]
    async fn relation_type(&self) -> RelationType {
        self.data().kind.into()
    }

    /// The entity the relation starts at.
    async fn from(&self) -> Entity {
        let (a, b) = (self.view.this, self.view.other);
        self.entity(if self.view.outgoing { a } else { b })
    }

    /// The entity the relation ends at.
    async fn to(&self) -> Entity {
        let (a, b) = (self.view.this, self.view.other);
        self.entity(if self.view.outgoing { b } else { a })
    }

    /// The end that is not the entity this relation was reached from (for a
    /// relation listed on its own, the `to` end).
    async fn other(&self) -> Entity {
        self.entity(self.view.other)
    }

    /// OUTGOING when the relation starts at the entity it was reached from,
    /// INCOMING when it ends there.
    async fn direction(&self) -> Direction {
        if self.view.outgoing {
            Direction::Outgoing
        } else {
            Direction::Incoming
        }
    }

    /// The part played, in the curators' words.
    async fn role(&self) -> Option<&str> {
        self.data().props().role.as_deref()
    }

    /// For LEADS and HOLDS_OFFICE: the person's title, e.g. "CEO" or
    /// "Deputy Secretary".
    async fn title(&self) -> Option<&str> {
        self.data().props().title.as_deref()
    }

    /// When it happened or started: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `START..END`.
    async fn date(&self) -> Option<String> {
        self.data().props().date.map(|d| d.to_string())
    }

    /// An amount involved, in base units (see `unit`).
    async fn amount(&self) -> Option<f64> {
        self.data().props().amount
    }

    /// The amount's unit, e.g. `CNY`.
    async fn unit(&self) -> Option<&str> {
        self.data().props().unit.as_deref()
    }

    /// Further context, in the curators' words.
    async fn note(&self) -> Option<&str> {
        self.data().props().note.as_deref()
    }

    /// True when the source implies the relation rather than stating it
    /// (the `note` says how), e.g. a district's act given to its government
    /// where the article names only the district.
    async fn inferred(&self) -> bool {
        self.data().props().inferred
    }

    /// The articles that state the relation.
    async fn sources(&self) -> Vec<SourceObj> {
        SourceObj::list(&self.store, &self.data().sources)
    }
}
