//! What every entity type shares: the helpers on [`EntityRef`] that the
//! fields use (pages of neighbours and relations, names, attributes), the
//! wrapping of an entity in the object type of its kind, and the
//! `entity_object!` macro that gives each kind's object the common
//! `Entity` fields (the kinds' own fields are in `kinds.rs`).

use std::sync::Arc;

use async_graphql::{Context, Result};
use petgraph::graph::NodeIndex;

use super::enums::{self, Direction, NameKind, RelationType};
use super::error::{ApiError, OrApiError};
use super::limits::MAX_LIST;
use super::pagination::{bounds, window};
use super::types::{
    Attribute, Company, Entity, EntityConnection, EntityRef, Event, Institution, Name, Node, Park,
    Person, Policy, Project, Region, RelationConnection, RelationObj,
};
use crate::algo::containment;
use crate::model::{self, Annotated, AttributeKey};
use crate::store::paging::Way;
use crate::store::Store;

impl EntityRef {
    /// The entity `ix` of the same snapshot.
    pub(crate) fn at(&self, ix: NodeIndex) -> EntityRef {
        EntityRef {
            store: self.store.clone(),
            ix,
        }
    }

    /// The entity's data.
    pub(crate) fn entity(&self) -> &model::Entity {
        self.store.entity(self.ix)
    }

    /// An attribute's value.
    pub(crate) fn attr(&self, key: AttributeKey) -> Option<String> {
        self.entity().attribute(key).map(str::to_owned)
    }

    /// The entity `ix` wrapped in its kind's object type.
    pub(crate) fn wrap(&self, ix: NodeIndex) -> Entity {
        Entity::from(self.at(ix))
    }

    /// A page of a list of nodes already in memory (small lists: what an
    /// article mentions, name lookups).
    pub(crate) fn page_of(
        store: &Arc<Store>,
        nodes: &[NodeIndex],
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<EntityConnection> {
        let w = window(first, after.as_deref(), nodes.len()).api()?;
        let items = nodes[w.start..w.end].iter().map(|ix| {
            Entity::from(EntityRef {
                store: store.clone(),
                ix: *ix,
            })
        });
        Ok(EntityConnection::page(w, items))
    }

    /// A page of the distinct entities reached by any of `ways`, optionally
    /// of one kind, in id order; walks only as far as the page (and the
    /// count) needs.
    pub(crate) fn neighbors(
        &self,
        ways: &[Way<'_>],
        kind: Option<model::EntityKind>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<EntityConnection> {
        let (start, len) = bounds(first, after.as_deref()).api()?;
        let (nodes, total) = self.store.neighbors_page(self.ix, ways, kind, start, len);
        let w = window(first, after.as_deref(), total).api()?;
        Ok(EntityConnection::page(
            w,
            nodes.into_iter().map(|ix| self.wrap(ix)),
        ))
    }

    /// The first entity (in id order) reached by any of `ways`.
    pub(crate) fn first_neighbor(
        &self,
        ways: &[Way<'_>],
        kind: Option<model::EntityKind>,
    ) -> Option<Entity> {
        self.store
            .first_neighbor(self.ix, ways, kind)
            .map(|ix| self.wrap(ix))
    }

    /// The first `first` (at most [`MAX_LIST`]) entities reached by any of
    /// `ways`, for the short plain lists (venues, issuers, ...).
    pub(crate) fn neighbor_list(
        &self,
        ways: &[Way<'_>],
        kind: Option<model::EntityKind>,
        first: i32,
    ) -> Result<Vec<Entity>> {
        let first = super::limits::list_size(first, MAX_LIST).api()?;
        let (nodes, _) = self.store.neighbors_page(self.ix, ways, kind, 0, first);
        Ok(nodes.into_iter().map(|ix| self.wrap(ix)).collect())
    }

    /// A page of the entities of `kind` located within this one
    /// (transitively), in id order.
    pub(crate) fn within(
        &self,
        ctx: &Context<'_>,
        kind: model::EntityKind,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<EntityConnection> {
        let (start, len) = bounds(first, after.as_deref()).api()?;
        let deadline = super::context::deadline(ctx);
        let (nodes, total) =
            containment::within_page(&self.store, self.ix, Some(kind), start, len, deadline)
                .map_err(|_| ApiError::Timeout)
                .api()?;
        let w = window(first, after.as_deref(), total).api()?;
        Ok(EntityConnection::page(
            w,
            nodes.into_iter().map(|ix| self.wrap(ix)),
        ))
    }

    /// The regions that enclose the entity, nearest first.
    pub(crate) fn regions(&self) -> Vec<Entity> {
        containment::enclosing_regions(&self.store, self.ix)
            .into_iter()
            .map(|r| self.wrap(r))
            .collect()
    }

    /// Every name of the entity, with its annotations.
    pub(crate) fn names(&self) -> Vec<Name> {
        let e = self.entity();
        let name = |value: &str, kind, target| {
            let a = e.annotations.get(target);
            Name {
                value: value.to_owned(),
                kind,
                label: a.label,
                inferred: a.inferred,
                note: a.note.clone(),
            }
        };
        let mut out = vec![name(&e.name, NameKind::Name, Annotated::Name)];
        if let Some(zh) = &e.name_zh {
            out.push(name(zh, NameKind::NameZh, Annotated::NameZh));
        }
        for (i, alias) in e.aliases.iter().enumerate() {
            out.push(name(alias, NameKind::Alias, Annotated::Alias(i as u32)));
        }
        out
    }

    /// Every attribute of the entity, with its annotations.
    pub(crate) fn attributes(&self) -> Vec<Attribute> {
        let e = self.entity();
        e.attributes
            .iter()
            .map(|(key, value)| {
                let a = e.annotations.get(Annotated::Attribute(*key));
                Attribute {
                    key: key.as_str().to_owned(),
                    value: value.clone(),
                    inferred: a.inferred,
                    note: a.note.clone(),
                }
            })
            .collect()
    }

    /// A page of the entity's relations (by type, then the other end's id,
    /// outgoing first); walks only as far as the page.
    pub(crate) fn relations(
        &self,
        types: Option<Vec<RelationType>>,
        direction: Direction,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<RelationConnection> {
        let types = enums::relation_types(types);
        let direction = direction.into();
        let total = self
            .store
            .count_relations(self.ix, direction, types.as_deref());
        let w = window(first, after.as_deref(), total).api()?;
        let views = self.store.relations_page(
            self.ix,
            direction,
            types.as_deref(),
            w.start,
            w.end - w.start,
        );
        self.store.warm_relations(&views);
        Ok(RelationConnection::page(
            w,
            views.into_iter().map(|view| RelationObj {
                store: self.store.clone(),
                view,
            }),
        ))
    }
}

impl From<EntityRef> for Entity {
    /// Wraps an entity in the object type of its kind.
    fn from(r: EntityRef) -> Entity {
        match r.store.kind_of(r.ix) {
            model::EntityKind::Institution => Entity::Institution(Institution(r)),
            model::EntityKind::Park => Entity::Park(Park(r)),
            model::EntityKind::Company => Entity::Company(Company(r)),
            model::EntityKind::Policy => Entity::Policy(Policy(r)),
            model::EntityKind::Region => Entity::Region(Region(r)),
            model::EntityKind::Person => Entity::Person(Person(r)),
            model::EntityKind::Event => Entity::Event(Event(r)),
            model::EntityKind::Project => Entity::Project(Project(r)),
        }
    }
}

impl From<EntityRef> for Node {
    fn from(r: EntityRef) -> Node {
        match Entity::from(r) {
            Entity::Institution(x) => Node::Institution(x),
            Entity::Park(x) => Node::Park(x),
            Entity::Company(x) => Node::Company(x),
            Entity::Policy(x) => Node::Policy(x),
            Entity::Region(x) => Node::Region(x),
            Entity::Person(x) => Node::Person(x),
            Entity::Event(x) => Node::Event(x),
            Entity::Project(x) => Node::Project(x),
        }
    }
}

/// The object type of one entity kind: the common `Entity` fields, then
/// the kind's own (`$extra`).
macro_rules! entity_object {
    ($(#[$meta:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[async_graphql::Object]
        impl $name {
            /// Stable id, `<kind>/<slug>`, e.g. `park/hongqiao-smart-valley`.
            pub(crate) async fn id(&self) -> async_graphql::ID {
                async_graphql::ID(self.0.entity().id.to_string())
            }

            /// What the entity is.
            pub(crate) async fn kind(&self) -> $crate::graphql::enums::EntityKind {
                self.0.store.kind_of(self.0.ix).into()
            }

            /// A finer classification within the kind, e.g. `university`.
            pub(crate) async fn subtype(&self) -> Option<String> {
                self.0.entity().subtype.clone()
            }

            /// English name.
            pub(crate) async fn name(&self) -> String {
                self.0.entity().name.clone()
            }

            /// Chinese name, only where well established.
            pub(crate) async fn name_zh(&self) -> Option<String> {
                self.0.entity().name_zh.clone()
            }

            /// Abbreviations and other names.
            pub(crate) async fn aliases(&self) -> Vec<String> {
                self.0.entity().aliases.clone()
            }

            /// True when `name` is a descriptive label the curators wrote for
            /// something the articles describe but do not name, not an
            /// official name (see `names` for the note).
            pub(crate) async fn name_is_label(&self) -> bool {
                self.0.entity().name_is_label()
            }

            /// Every name (English, Chinese, aliases) with how far the
            /// articles support it: label, inferred, note.
            pub(crate) async fn names(&self) -> Vec<$crate::graphql::types::Name> {
                self.0.names()
            }

            /// Every kind-specific attribute (date, sector, address ...) with
            /// whether the articles imply rather than state it, and a note.
            pub(crate) async fn attributes(&self) -> Vec<$crate::graphql::types::Attribute> {
                self.0.attributes()
            }

            /// A short description in the curators' words.
            pub(crate) async fn description(&self) -> Option<String> {
                self.0.entity().description.clone()
            }

            /// The articles that mention the entity.
            pub(crate) async fn sources(&self) -> Vec<$crate::graphql::types::SourceObj> {
                $crate::graphql::types::SourceObj::list(&self.0.store, &self.0.entity().sources)
            }

            /// Figures stated about the entity, with their sources.
            pub(crate) async fn facts(&self) -> Vec<$crate::graphql::types::FactObj> {
                $crate::graphql::types::FactObj::all_of(&self.0.store, self.0.ix)
            }

            /// The entity's relations, in a stable order (by type, then the other end's id).
            pub(crate) async fn relations(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "Only relations of these types.")] types: Option<Vec<$crate::graphql::enums::RelationType>>,
                #[graphql(desc = "Outgoing, incoming or both.", default_with = "crate::graphql::enums::Direction::Both")]
                direction: $crate::graphql::enums::Direction,
                #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
                #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
            ) -> async_graphql::Result<$crate::graphql::types::RelationConnection> {
                $crate::graphql::error::with_path(self.0.relations(types, direction, first, after), ctx)
            }

            /// How central the entity is: degrees and PageRank.
            pub(crate) async fn centrality(
                &self,
                ctx: &async_graphql::Context<'_>,
            ) -> async_graphql::Result<$crate::graphql::types::CentralityObj> {
                $crate::graphql::error::with_path(self.0.centrality(ctx), ctx)
            }

            /// How many relations of each type the entity has, per direction
            /// (types with none left out).
            pub(crate) async fn relation_counts(
                &self,
                #[graphql(desc = "Outgoing, incoming or both.", default_with = "crate::graphql::enums::Direction::Both")]
                direction: $crate::graphql::enums::Direction,
            ) -> Vec<$crate::graphql::types::RelationCount> {
                self.0.relation_counts(direction)
            }

            /// The changes made to the entity, its facts and its relations
            /// through the curation API, newest first (nothing for what came
            /// with the base data).
            pub(crate) async fn history(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
                #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
            ) -> async_graphql::Result<$crate::graphql::types::ChangeConnection> {
                $crate::graphql::error::with_path(self.0.history(ctx, first, after), ctx)
            }

            /// Entities that share neighbours with this one (Adamic-Adar),
            /// each with the shared neighbours that explain it.
            pub(crate) async fn related(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "How many, 1 to 100.", default = 10)] first: i32,
                #[graphql(desc = "Only entities of these kinds (default: the same kind as this one).")]
                kinds: Option<Vec<$crate::graphql::enums::EntityKind>>,
            ) -> async_graphql::Result<$crate::graphql::types::RelatedEntities> {
                $crate::graphql::error::with_path(self.0.related(ctx, first, kinds), ctx)
            }

            $($extra)*
        }
    };
}

pub(crate) use entity_object;
