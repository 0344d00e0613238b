//! The eight entity kinds' object types: the common `Entity` fields (from
//! `entity_object!`) and each kind's typed shortcuts (a park's tenants, a
//! region's parks, a policy's issuer, ...). Each shortcut is a set of
//! [`Way`]s (a direction and relation types) walked as a page.

use async_graphql::{Context, Result};

use super::entity::entity_object;
use super::enums::{Direction, RelationType};
use super::error::OrApiError;
use super::types::{
    Company, Entity, EntityConnection, Event, Institution, Park, Person, Policy, Project, Region,
    RelationConnection, RelationObj, Role,
};
use crate::model::{AttributeKey, EntityKind as K, RelationType as RT};
use crate::store::{self, paging::Way};

/// Relations starting at the entity, of these types.
const fn out(types: &[RT]) -> Way<'_> {
    Way {
        direction: store::Direction::Outgoing,
        types,
    }
}

/// Relations ending at the entity, of these types.
const fn inc(types: &[RT]) -> Way<'_> {
    Way {
        direction: store::Direction::Incoming,
        types,
    }
}

/// Relations either way, of these types.
const fn both(types: &[RT]) -> Way<'_> {
    Way {
        direction: store::Direction::Both,
        types,
    }
}

entity_object! {
    /// A university, research institute, government body, association or alliance.
    Institution {
        /// Street or area, when the sources give it.
        async fn address(&self) -> Option<String> { self.0.attr(AttributeKey::Address) }

        /// Main field of activity.
        async fn sector(&self) -> Option<String> { self.0.attr(AttributeKey::Sector) }

        /// The organisation this one is under or belongs to (e.g. SIMIT → CAS).
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbor(&[out(&[RT::AffiliatedWith])], None)
        }

        /// Institutes, parks and companies that are under or belong to this one.
        async fn units(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::AffiliatedWith])], None, first, after)
        }

        /// Members, for an alliance or association.
        async fn members(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::MemberOf])], None, first, after)
        }

        /// People who lead it.
        async fn leaders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::Leads])], Some(K::Person), first, after)
        }

        /// People who hold an office in it (HOLDS_OFFICE, e.g. a deputy
        /// secretary); the relation's `title` names the office.
        async fn officials(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::HoldsOffice])], Some(K::Person), first, after)
        }

        /// Parks and projects it developed or operates.
        async fn operates(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[out(&[RT::Operates, RT::Developed])], None, first, after)
        }

        /// Policies, plans and programmes it issued.
        async fn policies_issued(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[out(&[RT::Issued])], Some(K::Policy), first, after)
        }

        /// Where it is (regions it is located in, nearest first).
        async fn regions(&self) -> Vec<Entity> {
            self.0.regions()
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
            crate::algo::containment::enclosing_of_subtype(&self.0.store, self.0.ix, "district")
                .map(|r| Region(self.0.at(r)))
        }

        /// Every region the park lies in, nearest first.
        async fn regions(&self) -> Vec<Entity> {
            self.0.regions()
        }

        /// Companies based in the park (located in it or hosted by it).
        async fn tenants(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::LocatedIn]), out(&[RT::Hosts])], Some(K::Company), first, after)
        }

        /// Everything located in the park (companies, institutions, projects, parks).
        async fn contents(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::LocatedIn, RT::PartOf])], None, first, after)
        }

        /// Who runs, developed or owns the park.
        async fn operators(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::Operates, RT::Developed]), out(&[RT::AffiliatedWith])], None, first, after)
        }

        /// Policies and programmes that apply to the park or under which it is listed.
        async fn policies(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::AppliesTo]), out(&[RT::DesignatedAs, RT::MemberOf, RT::ParticipatesIn])], Some(K::Policy), first, after)
        }

        /// What the site was before (e.g. a department store or factory).
        async fn formerly(&self, #[graphql(desc = "How many, 1 to 100.", default = 100)] first: i32) -> Result<Vec<Entity>> {
            self.0.neighbor_list(&[out(&[RT::Formerly])], None, first)
        }

        /// The larger park or area this one belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbor(&[out(&[RT::PartOf])], None)
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
            self.0.neighbors(&[out(&[RT::LocatedIn]), inc(&[RT::Hosts])], Some(K::Park), first, after)
        }

        /// Every region the company lies in, nearest first.
        async fn regions(&self) -> Vec<Entity> {
            self.0.regions()
        }

        /// Where the company comes from (a country or place).
        async fn origin(&self) -> Option<Region> {
            self.0.store.first_neighbor(self.0.ix, &[out(&[RT::OriginatesFrom])], Some(K::Region)).map(|r| Region(self.0.at(r)))
        }

        /// People who lead the company.
        async fn leaders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::Leads])], Some(K::Person), first, after)
        }

        /// Where the company invests.
        async fn investments(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<RelationConnection> {
            self.0.relations(Some(vec![RelationType::InvestsIn]), Direction::Outgoing, first, after)
        }

        /// Organisations the company partners with.
        async fn partners(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[both(&[RT::PartnersWith])], None, first, after)
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
            self.0.first_neighbor(&[inc(&[RT::Issued])], None)
        }

        /// Everyone who issued it.
        async fn issuers(&self, #[graphql(desc = "How many, 1 to 100.", default = 100)] first: i32) -> Result<Vec<Entity>> {
            self.0.neighbor_list(&[inc(&[RT::Issued])], None, first)
        }

        /// The parties that signed it (for agreements and plans).
        async fn signatories(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::Signed])], None, first, after)
        }

        /// What the policy applies to: places, parks, organisations, people.
        async fn applies_to(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[out(&[RT::AppliesTo])], None, first, after)
        }

        /// Entities listed or recognised under this programme or designation.
        async fn designees(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::DesignatedAs, RT::MemberOf, RT::ParticipatesIn])], None, first, after)
        }

        /// The larger plan or programme this one belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbor(&[out(&[RT::PartOf])], None)
        }
    }
}

entity_object! {
    /// A country, the city, a district, zone or area.
    Region {
        /// The region this one is part of (e.g. a district's city).
        async fn parent(&self) -> Option<Region> {
            self.0.store.first_neighbor(self.0.ix, &[out(&[RT::PartOf])], Some(K::Region)).map(|r| Region(self.0.at(r)))
        }

        /// Regions that are part of this one.
        async fn subregions(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::PartOf])], Some(K::Region), first, after)
        }

        /// Parks located in the region or in any place inside it.
        async fn parks(&self, ctx: &Context<'_>, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(ctx, K::Park, first, after)
        }

        /// Companies located in the region or in any place inside it (parks included).
        async fn companies(&self, ctx: &Context<'_>, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(ctx, K::Company, first, after)
        }

        /// Institutions located in the region or in any place inside it.
        async fn institutions(&self, ctx: &Context<'_>, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(ctx, K::Institution, first, after)
        }

        /// Projects located in the region or in any place inside it.
        async fn projects(&self, ctx: &Context<'_>, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.within(ctx, K::Project, first, after)
        }

        /// Events held in the region.
        async fn events(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::HeldAt, RT::LocatedIn]), out(&[RT::Hosts, RT::Organizes])], Some(K::Event), first, after)
        }

        /// Policies that apply to the region, or that it issued, signed or is listed under.
        async fn policies(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::AppliesTo]), out(&[RT::Issued, RT::Signed, RT::DesignatedAs, RT::ParticipatesIn])], Some(K::Policy), first, after)
        }

        /// People who lead the region's government or bodies.
        async fn leaders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::Leads])], Some(K::Person), first, after)
        }

        /// People who hold an office for the place (HOLDS_OFFICE: Mayor,
        /// Vice Mayor, district head, party secretary); the relation's
        /// `title` names the office.
        async fn officials(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::HoldsOffice])], Some(K::Person), first, after)
        }

        /// The bodies that govern the place (GOVERNS), e.g. a district government.
        async fn governments(&self, #[graphql(desc = "How many, 1 to 100.", default = 100)] first: i32) -> Result<Vec<Entity>> {
            self.0.neighbor_list(&[inc(&[RT::Governs])], None, first)
        }
    }
}

entity_object! {
    /// A named person.
    Person {
        /// The positions the person holds, with titles: organisations led
        /// (LEADS) and offices held (HOLDS_OFFICE).
        async fn roles(&self, #[graphql(desc = "How many, 1 to 100.", default = 100)] first: i32) -> Result<Vec<Role>> {
            let first = crate::graphql::limits::list_size(first, crate::graphql::limits::MAX_LIST).api()?;
            Ok(self.0.store.relations_page(self.0.ix, store::Direction::Outgoing, Some(&[RT::Leads, RT::HoldsOffice]), 0, first)
                .into_iter()
                .map(|v| {
                    let title = self.0.store.relation(v.edge).and_then(|(_, _, r)| r.props().title.clone());
                    Role {
                        title,
                        organization: Entity::from(self.0.at(v.other)),
                        relation: RelationObj { store: self.0.store.clone(), view: v },
                    }
                })
                .collect())
        }

        /// Events where the person made a statement.
        async fn spoke_at(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[out(&[RT::SpokeAt])], None, first, after)
        }
    }
}

entity_object! {
    /// A meeting, week, festival, competition or summit.
    Event {
        /// When it was held (a date or a period).
        async fn date(&self) -> Option<String> { self.0.attr(AttributeKey::Date) }

        /// The day it closed, when the source gives only that.
        async fn closed(&self) -> Option<String> { self.0.attr(AttributeKey::Closed) }

        /// Its stated theme.
        async fn theme(&self) -> Option<String> { self.0.attr(AttributeKey::Theme) }

        /// Where it was held.
        async fn venues(&self, #[graphql(desc = "How many, 1 to 100.", default = 100)] first: i32) -> Result<Vec<Entity>> {
            self.0.neighbor_list(&[out(&[RT::HeldAt, RT::LocatedIn])], None, first)
        }

        /// Who organised or hosted it.
        async fn organizers(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::Organizes, RT::Hosts, RT::Operates])], None, first, after)
        }

        /// People and organisations that made statements at it.
        async fn speakers(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::SpokeAt])], None, first, after)
        }

        /// Entities that took part.
        async fn participants(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::ParticipatesIn])], None, first, after)
        }

        /// Smaller events within this one.
        async fn parts(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::PartOf])], Some(K::Event), first, after)
        }

        /// The larger event this one belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbor(&[out(&[RT::PartOf])], None)
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
            self.0.neighbors(&[inc(&[RT::Developed, RT::Operates, RT::ParticipatesIn])], None, first, after)
        }

        /// Who funds it.
        async fn funders(&self, #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>, #[graphql(desc = "Return items after this cursor.")] after: Option<String>) -> Result<EntityConnection> {
            self.0.neighbors(&[inc(&[RT::Funds, RT::InvestsIn])], None, first, after)
        }

        /// The programme or larger project it belongs to.
        async fn parent(&self) -> Option<Entity> {
            self.0.first_neighbor(&[out(&[RT::PartOf])], None)
        }

        /// Every region it lies in, nearest first.
        async fn regions(&self) -> Vec<Entity> {
            self.0.regions()
        }
    }
}
