//! The `Entity` and `Node` interfaces and one object type per kind, each a
//! borrowed view (store + node index) with the common fields and its own
//! typed shortcuts.

use std::sync::Arc;

use async_graphql::{Context, Interface, Object, Result, SimpleObject, ID};
use petgraph::graph::NodeIndex;

use super::analytics::{CentralityObj, RelatedEntities, RelationCount};
use super::enums::{self, Direction, EntityKind, RelationType};
use super::error::OrApiError;
pub use super::pagination::EntityConnection;
use super::pagination::{page, window};
use super::relation::{RelationConnection, RelationObj};
use super::source::{FactObj, SourceObj};
use crate::algo::containment;
use crate::model::{self, AttributeKey, RelationType as RT};
use crate::store::{self, Store};

/// An entity in a store snapshot.
#[derive(Clone)]
pub struct EntityRef {
    /// The snapshot the entity belongs to.
    pub store: Arc<Store>,
    /// Its node.
    pub ix: NodeIndex,
}

impl EntityRef {
    fn entity(&self) -> &model::Entity {
        self.store.entity(self.ix)
    }

    fn attr(&self, key: AttributeKey) -> Option<String> {
        self.entity().attribute(key).map(str::to_owned)
    }

    fn at(&self, ix: NodeIndex) -> EntityRef {
        EntityRef {
            store: self.store.clone(),
            ix,
        }
    }

    /// Pages through a list of nodes as an entity connection.
    pub fn connection(
        store: &Arc<Store>,
        nodes: &[NodeIndex],
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<EntityConnection> {
        let w = window(first, after.as_deref(), nodes.len()).api()?;
        let items = nodes[w.start..w.end]
            .iter()
            .map(|ix| {
                let r = EntityRef {
                    store: store.clone(),
                    ix: *ix,
                };
                Entity::from(r)
            })
            .collect();
        Ok(page(w, items))
    }

    fn neighbours(
        &self,
        direction: store::Direction,
        types: &[RT],
        kind: Option<model::EntityKind>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<EntityConnection> {
        let nodes = self.store.neighbours(self.ix, direction, types, kind);
        Self::connection(&self.store, &nodes, first, after)
    }

    fn first_neighbour(
        &self,
        direction: store::Direction,
        types: &[RT],
        kind: Option<model::EntityKind>,
    ) -> Option<Entity> {
        self.store
            .neighbours(self.ix, direction, types, kind)
            .first()
            .map(|ix| Entity::from(self.at(*ix)))
    }

    /// Neighbours over `a_types` in direction `a` and `b_types` in direction
    /// `b`, merged in id order without repeats, as a page.
    #[allow(clippy::too_many_arguments)]
    fn either_way(
        &self,
        a: store::Direction,
        a_types: &[RT],
        b: store::Direction,
        b_types: &[RT],
        kind: Option<model::EntityKind>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<EntityConnection> {
        let mut nodes = self.store.neighbours(self.ix, a, a_types, kind);
        nodes.extend(self.store.neighbours(self.ix, b, b_types, kind));
        nodes.sort_by(|x, y| self.store.entity(*x).id.cmp(&self.store.entity(*y).id));
        nodes.dedup();
        Self::connection(&self.store, &nodes, first, after)
    }

    fn within(
        &self,
        kind: model::EntityKind,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<EntityConnection> {
        let nodes = containment::located_within(&self.store, self.ix, Some(kind));
        Self::connection(&self.store, &nodes, first, after)
    }

    fn relations(
        &self,
        types: Option<Vec<RelationType>>,
        direction: Direction,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<RelationConnection> {
        let types = enums::relation_types(types);
        let views = self
            .store
            .relations(self.ix, direction.into(), types.as_deref());
        RelationObj::connection(&self.store, &views, first, after)
    }
}

/// Wraps an entity in the object type of its kind.
impl From<EntityRef> for Entity {
    fn from(r: EntityRef) -> Entity {
        match r.store.entity(r.ix).kind() {
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

/// Anything in the knowledge graph. Every entity type implements it, so a
/// client can walk the graph without knowing every kind.
// The interface's field list repeats `ty = ...` by design.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface)]
#[graphql(
    field(
        name = "id",
        ty = "ID",
        desc = "Stable id, `<kind>/<slug>`, e.g. `park/hongqiao-smart-valley`."
    ),
    field(name = "kind", ty = "EntityKind", desc = "What the entity is."),
    field(
        name = "subtype",
        ty = "Option<String>",
        desc = "A finer classification within the kind, e.g. `university`."
    ),
    field(name = "name", ty = "String", desc = "English name."),
    field(
        name = "name_zh",
        ty = "Option<String>",
        desc = "Chinese name, only where well established."
    ),
    field(
        name = "aliases",
        ty = "Vec<String>",
        desc = "Abbreviations and other names."
    ),
    field(
        name = "description",
        ty = "Option<String>",
        desc = "A short description in the curators' words."
    ),
    field(
        name = "sources",
        ty = "Vec<SourceObj>",
        desc = "The articles that mention the entity."
    ),
    field(
        name = "facts",
        ty = "Vec<FactObj>",
        desc = "Figures stated about the entity, with their sources."
    ),
    field(
        name = "relations",
        ty = "RelationConnection",
        desc = "The entity's relations, in a stable order (by type, then the other end's id).",
        arg(
            name = "types",
            ty = "Option<Vec<RelationType>>",
            desc = "Only relations of these types."
        ),
        arg(
            name = "direction",
            ty = "Direction",
            default_with = "Direction::Both",
            desc = "Outgoing, incoming or both."
        ),
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "Page size, 1 to 100 (default 20)."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Return items after this cursor."
        )
    ),
    field(
        name = "centrality",
        ty = "CentralityObj",
        desc = "How central the entity is: degrees and PageRank."
    ),
    field(
        name = "relation_counts",
        ty = "Vec<RelationCount>",
        desc = "How many relations of each type the entity has, per direction (types with none left out).",
        arg(
            name = "direction",
            ty = "Direction",
            default_with = "Direction::Both",
            desc = "Outgoing, incoming or both."
        )
    ),
    field(
        name = "related",
        ty = "RelatedEntities",
        desc = "Entities that share neighbours with this one (Adamic-Adar), each with the shared neighbours that explain it.",
        arg(name = "first", ty = "i32", default = 10, desc = "How many, 1 to 100."),
        arg(
            name = "kinds",
            ty = "Option<Vec<EntityKind>>",
            desc = "Only entities of these kinds (default: the same kind as this one)."
        )
    )
)]
pub enum Entity {
    /// An institution.
    Institution(Institution),
    /// A park.
    Park(Park),
    /// A company.
    Company(Company),
    /// A policy.
    Policy(Policy),
    /// A region.
    Region(Region),
    /// A person.
    Person(Person),
    /// An event.
    Event(Event),
    /// A project.
    Project(Project),
}

/// An object with a global id (the Relay `Node` interface).
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Globally unique id."))]
pub enum Node {
    /// An institution.
    Institution(Institution),
    /// A park.
    Park(Park),
    /// A company.
    Company(Company),
    /// A policy.
    Policy(Policy),
    /// A region.
    Region(Region),
    /// A person.
    Person(Person),
    /// An event.
    Event(Event),
    /// A project.
    Project(Project),
}

/// A position a person holds.
#[derive(SimpleObject)]
pub struct Role {
    /// The title, e.g. "CEO", when the source gives it.
    pub title: Option<String>,
    /// The organisation, region or body led.
    pub organization: Entity,
    /// The relation behind the role, with its sources.
    pub relation: RelationObj,
}

macro_rules! entity_object {
    ($(#[$meta:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(pub EntityRef);

        $(#[$meta])*
        #[Object]
        impl $name {
            /// Stable id, `<kind>/<slug>`, e.g. `park/hongqiao-smart-valley`.
            async fn id(&self) -> ID {
                ID(self.0.entity().id.to_string())
            }

            /// What the entity is.
            async fn kind(&self) -> EntityKind {
                self.0.entity().kind().into()
            }

            /// A finer classification within the kind, e.g. `university`.
            async fn subtype(&self) -> Option<String> {
                self.0.entity().subtype.clone()
            }

            /// English name.
            async fn name(&self) -> String {
                self.0.entity().name.clone()
            }

            /// Chinese name, only where well established.
            async fn name_zh(&self) -> Option<String> {
                self.0.entity().name_zh.clone()
            }

            /// Abbreviations and other names.
            async fn aliases(&self) -> Vec<String> {
                self.0.entity().aliases.clone()
            }

            /// A short description in the curators' words.
            async fn description(&self) -> Option<String> {
                self.0.entity().description.clone()
            }

            /// The articles that mention the entity.
            async fn sources(&self) -> Vec<SourceObj> {
                SourceObj::list(&self.0.store, &self.0.entity().sources)
            }

            /// Figures stated about the entity, with their sources.
            async fn facts(&self) -> Vec<FactObj> {
                FactObj::all_of(&self.0.store, self.0.ix)
            }

            /// The entity's relations, in a stable order (by type, then the other end's id).
            async fn relations(
                &self,
                #[graphql(desc = "Only relations of these types.")] types: Option<Vec<RelationType>>,
                #[graphql(desc = "Outgoing, incoming or both.", default_with = "Direction::Both")]
                direction: Direction,
                #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
                #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
            ) -> Result<RelationConnection> {
                self.0.relations(types, direction, first, after)
            }

            /// How central the entity is: degrees and PageRank.
            async fn centrality(&self, ctx: &Context<'_>) -> Result<CentralityObj> {
                self.0.centrality(ctx)
            }

            /// How many relations of each type the entity has, per direction
            /// (types with none left out).
            async fn relation_counts(
                &self,
                #[graphql(desc = "Outgoing, incoming or both.", default_with = "Direction::Both")]
                direction: Direction,
            ) -> Vec<RelationCount> {
                self.0.relation_counts(direction)
            }

            /// Entities that share neighbours with this one (Adamic-Adar),
            /// each with the shared neighbours that explain it.
            async fn related(
                &self,
                #[graphql(desc = "How many, 1 to 100.", default = 10)] first: i32,
                #[graphql(desc = "Only entities of these kinds (default: the same kind as this one).")]
                kinds: Option<Vec<EntityKind>>,
            ) -> Result<RelatedEntities> {
                self.0.related(first, kinds)
            }

            $($extra)*
        }
    };
}

use model::EntityKind as K;
use store::Direction::{Incoming as IN, Outgoing as OUT};

entity_object! {
    /// A university, research institute, government body, association or alliance.
    Institution {
        /// Street or area, when the sources give it.
        async fn address(&self) -> Option<String> { self.0.attr(AttributeKey::Address) }

        /// Main field of activity.
        async fn sector(&self) -> Option<String> { self.0.attr(AttributeKey::Sector) }

        /// The organisation this one is under or belongs to (e.g. SIMIT → CAS).
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbour(OUT, &[RT::AffiliatedWith], None)
        }

        /// Institutes, parks and companies that are under or belong to this one.
        async fn units(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::AffiliatedWith], None, first, after)
        }

        /// Members, for an alliance or association.
        async fn members(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::MemberOf], None, first, after)
        }

        /// People who lead it.
        async fn leaders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::Leads], Some(K::Person), first, after)
        }

        /// Parks and projects it developed or operates.
        async fn operates(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(OUT, &[RT::Operates, RT::Developed], None, first, after)
        }

        /// Policies, plans and programmes it issued.
        async fn policies_issued(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(OUT, &[RT::Issued], Some(K::Policy), first, after)
        }

        /// Where it is (regions it is located in, nearest first).
        async fn regions(&self) -> Vec<Entity> {
            containment::enclosing_regions(&self.0.store, self.0.ix)
                .into_iter().map(|r| Entity::from(self.0.at(r))).collect()
        }
    }
}

entity_object! {
    /// An innovation park, incubator, maker space, innovation block or space.
    Park {
        /// Street or area, when the sources give it.
        async fn address(&self) -> Option<String> { self.0.attr(AttributeKey::Address) }

        /// Date founded or opened.
        async fn founded(&self) -> Option<String> { self.0.attr(AttributeKey::Founded) }

        /// Main field or theme.
        async fn sector(&self) -> Option<String> { self.0.attr(AttributeKey::Sector) }

        /// The district the park is in (through its location, transitively).
        async fn district(&self) -> Option<Region> {
            containment::enclosing_of_subtype(&self.0.store, self.0.ix, "district")
                .map(|r| Region(self.0.at(r)))
        }

        /// Every region the park lies in, nearest first.
        async fn regions(&self) -> Vec<Entity> {
            containment::enclosing_regions(&self.0.store, self.0.ix)
                .into_iter().map(|r| Entity::from(self.0.at(r))).collect()
        }

        /// Companies based in the park (located in it or hosted by it).
        async fn tenants(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.either_way(IN, &[RT::LocatedIn], OUT, &[RT::Hosts], Some(K::Company), first, after)
        }

        /// Everything located in the park (companies, institutions, projects, parks).
        async fn contents(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::LocatedIn, RT::PartOf], None, first, after)
        }

        /// Who runs, developed or owns the park.
        async fn operators(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.either_way(IN, &[RT::Operates, RT::Developed], OUT, &[RT::AffiliatedWith], None, first, after)
        }

        /// Policies and programmes that apply to the park or under which it is listed.
        async fn policies(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.either_way(IN, &[RT::AppliesTo], OUT, &[RT::DesignatedAs, RT::MemberOf, RT::ParticipatesIn], Some(K::Policy), first, after)
        }

        /// What the site was before (e.g. a department store or factory).
        async fn formerly(&self) -> Vec<Entity> {
            self.0.store.neighbours(self.0.ix, OUT, &[RT::Formerly], None)
                .into_iter().map(|r| Entity::from(self.0.at(r))).collect()
        }

        /// The larger park or area this one belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbour(OUT, &[RT::PartOf], None)
        }
    }
}

entity_object! {
    /// A company, including former businesses whose sites were reused.
    Company {
        /// Main field of activity.
        async fn sector(&self) -> Option<String> { self.0.attr(AttributeKey::Sector) }

        /// Date founded.
        async fn founded(&self) -> Option<String> { self.0.attr(AttributeKey::Founded) }

        /// Street or area, when the sources give it.
        async fn address(&self) -> Option<String> { self.0.attr(AttributeKey::Address) }

        /// Parks the company is based in.
        async fn parks(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.either_way(OUT, &[RT::LocatedIn], IN, &[RT::Hosts], Some(K::Park), first, after)
        }

        /// Every region the company lies in, nearest first.
        async fn regions(&self) -> Vec<Entity> {
            containment::enclosing_regions(&self.0.store, self.0.ix)
                .into_iter().map(|r| Entity::from(self.0.at(r))).collect()
        }

        /// Where the company comes from (a country or place).
        async fn origin(&self) -> Option<Region> {
            self.0.store.neighbours(self.0.ix, OUT, &[RT::OriginatesFrom], Some(K::Region))
                .first().map(|r| Region(self.0.at(*r)))
        }

        /// People who lead the company.
        async fn leaders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::Leads], Some(K::Person), first, after)
        }

        /// Where the company invests.
        async fn investments(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<RelationConnection> {
            self.0.relations(Some(vec![RelationType::InvestsIn]), Direction::Outgoing, first, after)
        }

        /// Organisations the company partners with.
        async fn partners(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(store::Direction::Both, &[RT::PartnersWith], None, first, after)
        }
    }
}

entity_object! {
    /// A policy, plan, agreement, incentive scheme or programme.
    Policy {
        /// When it was issued, signed or launched.
        async fn date(&self) -> Option<String> { self.0.attr(AttributeKey::Date) }

        /// Stage, e.g. "planned", when known.
        async fn status(&self) -> Option<String> { self.0.attr(AttributeKey::Status) }

        /// Who issued it (the first issuer, if several).
        async fn issuer(&self) -> Option<Entity> {
            self.0.first_neighbour(IN, &[RT::Issued], None)
        }

        /// Everyone who issued it.
        async fn issuers(&self) -> Vec<Entity> {
            self.0.store.neighbours(self.0.ix, IN, &[RT::Issued], None)
                .into_iter().map(|r| Entity::from(self.0.at(r))).collect()
        }

        /// The parties that signed it (for agreements and plans).
        async fn signatories(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::Signed], None, first, after)
        }

        /// What the policy applies to: places, parks, organisations, people.
        async fn applies_to(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(OUT, &[RT::AppliesTo], None, first, after)
        }

        /// Entities listed or recognised under this programme or designation.
        async fn designees(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::DesignatedAs, RT::MemberOf, RT::ParticipatesIn], None, first, after)
        }

        /// The larger plan or programme this one belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbour(OUT, &[RT::PartOf], None)
        }
    }
}

entity_object! {
    /// A country, the city, a district, zone or area.
    Region {
        /// The region this one is part of (e.g. a district's city).
        async fn parent(&self) -> Option<Region> {
            self.0.store.neighbours(self.0.ix, OUT, &[RT::PartOf], Some(K::Region))
                .first().map(|r| Region(self.0.at(*r)))
        }

        /// Regions that are part of this one.
        async fn subregions(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::PartOf], Some(K::Region), first, after)
        }

        /// Parks located in the region or in any place inside it.
        async fn parks(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(K::Park, first, after)
        }

        /// Companies located in the region or in any place inside it (parks included).
        async fn companies(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(K::Company, first, after)
        }

        /// Institutions located in the region or in any place inside it.
        async fn institutions(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(K::Institution, first, after)
        }

        /// Projects located in the region or in any place inside it.
        async fn projects(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(K::Project, first, after)
        }

        /// Events held in the region.
        async fn events(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.either_way(IN, &[RT::HeldAt, RT::LocatedIn], OUT, &[RT::Hosts, RT::Organizes], Some(K::Event), first, after)
        }

        /// Policies that apply to the region, or that it issued, signed or is listed under.
        async fn policies(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.either_way(IN, &[RT::AppliesTo], OUT, &[RT::Issued, RT::Signed, RT::DesignatedAs, RT::ParticipatesIn], Some(K::Policy), first, after)
        }

        /// People who lead the region's government or bodies.
        async fn leaders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::Leads], Some(K::Person), first, after)
        }
    }
}

entity_object! {
    /// A named person.
    Person {
        /// The positions the person holds, with titles.
        async fn roles(&self) -> Vec<Role> {
            self.0.store.relations(self.0.ix, OUT, Some(&[RT::Leads]))
                .into_iter()
                .map(|v| {
                    let title = self.0.store.relation(v.edge).and_then(|(_, _, r)| r.props().title.clone());
                    Role {
                        title,
                        organization: Entity::from(self.0.at(v.other)),
                        relation: RelationObj { store: self.0.store.clone(), view: v },
                    }
                })
                .collect()
        }

        /// Events where the person made a statement.
        async fn spoke_at(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(OUT, &[RT::SpokeAt], None, first, after)
        }
    }
}

entity_object! {
    /// A meeting, week, festival, competition or summit.
    Event {
        /// When it was held (a date or a period).
        async fn date(&self) -> Option<String> { self.0.attr(AttributeKey::Date) }

        /// Its stated theme.
        async fn theme(&self) -> Option<String> { self.0.attr(AttributeKey::Theme) }

        /// Where it was held.
        async fn venues(&self) -> Vec<Entity> {
            self.0.store.neighbours(self.0.ix, OUT, &[RT::HeldAt, RT::LocatedIn], None)
                .into_iter().map(|r| Entity::from(self.0.at(r))).collect()
        }

        /// Who organised or hosted it.
        async fn organizers(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::Organizes, RT::Hosts, RT::Operates], None, first, after)
        }

        /// People and organisations that made statements at it.
        async fn speakers(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::SpokeAt], None, first, after)
        }

        /// Entities that took part.
        async fn participants(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::ParticipatesIn], None, first, after)
        }

        /// Smaller events within this one.
        async fn parts(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::PartOf], Some(K::Event), first, after)
        }

        /// The larger event this one belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbour(OUT, &[RT::PartOf], None)
        }
    }
}

entity_object! {
    /// A platform, app, demonstration project or initiative.
    Project {
        /// When it was launched or carried out.
        async fn date(&self) -> Option<String> { self.0.attr(AttributeKey::Date) }

        /// Main field.
        async fn sector(&self) -> Option<String> { self.0.attr(AttributeKey::Sector) }

        /// Stage, e.g. "in progress", when known.
        async fn status(&self) -> Option<String> { self.0.attr(AttributeKey::Status) }

        /// Who developed or operates it.
        async fn developers(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::Developed, RT::Operates, RT::ParticipatesIn], None, first, after)
        }

        /// Who funds it.
        async fn funders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbours(IN, &[RT::Funds, RT::InvestsIn], None, first, after)
        }

        /// The programme or larger project it belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbour(OUT, &[RT::PartOf], None)
        }

        /// Every region it lies in, nearest first.
        async fn regions(&self) -> Vec<Entity> {
            containment::enclosing_regions(&self.0.store, self.0.ix)
                .into_iter().map(|r| Entity::from(self.0.at(r))).collect()
        }
    }
}
