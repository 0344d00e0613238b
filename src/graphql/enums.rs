//! GraphQL enums mirroring the model's closed vocabularies.

use async_graphql::Enum;

use crate::model;
use crate::store;

/// What an entity is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::EntityKind")]
pub enum EntityKind {
    /// Universities, research institutes, government bodies, associations and alliances.
    Institution,
    /// Innovation parks, incubators, maker spaces, innovation blocks and spaces.
    Park,
    /// Companies, including former businesses whose sites were reused.
    Company,
    /// Policies, plans, agreements, incentive schemes and programmes.
    Policy,
    /// Countries, the city, districts, zones and areas.
    Region,
    /// Named people.
    Person,
    /// Meetings, weeks, festivals, competitions and summits.
    Event,
    /// Platforms, apps, demonstration projects and initiatives.
    Project,
}

/// The type of a relation (a closed vocabulary; each reads "from → to").
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::RelationType")]
pub enum RelationType {
    /// Is situated in a place or park.
    LocatedIn,
    /// Is close to a place, park or institution.
    Near,
    /// Is a component, branch or sub-area of.
    PartOf,
    /// Is under, belongs to or is run by an organisation.
    AffiliatedWith,
    /// Runs or manages a park, project or event.
    Operates,
    /// Built or created a park or project.
    Developed,
    /// Provides a home or venue for.
    Hosts,
    /// Belongs to an alliance, association or programme.
    MemberOf,
    /// Cooperates with.
    PartnersWith,
    /// Released a policy, plan or programme.
    Issued,
    /// A policy that covers or benefits the target.
    AppliesTo,
    /// Puts money into.
    InvestsIn,
    /// Gives grants or support money to.
    Funds,
    /// A person who heads an organisation or body (see `title`).
    Leads,
    /// Made a statement at an event.
    SpokeAt,
    /// An event that took place at.
    HeldAt,
    /// Organises or stages an event.
    Organizes,
    /// Is a party to an agreement or plan.
    Signed,
    /// The site was previously used by.
    Formerly,
    /// Was listed or recognised under a programme or designation.
    DesignatedAs,
    /// Was ranked or recognised by an institution.
    RecognizedBy,
    /// Comes from a country or place.
    OriginatesFrom,
    /// Takes part in an event, project or programme.
    ParticipatesIn,
}

/// Which way to follow relations from an entity.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "store::Direction")]
pub enum Direction {
    /// Relations that start at the entity.
    Outgoing,
    /// Relations that end at the entity.
    Incoming,
    /// Relations in either direction.
    Both,
}

/// How exact a figure is, as its source states it.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::Qualifier")]
pub enum Qualifier {
    /// The figure as given.
    Exact,
    /// About, roughly.
    About,
    /// Over, more than.
    Over,
    /// At least.
    AtLeast,
    /// Up to.
    UpTo,
    /// Under, less than.
    Under,
}

/// Converts an optional list of GraphQL relation types to model types.
pub fn relation_types(types: Option<Vec<RelationType>>) -> Option<Vec<model::RelationType>> {
    types.map(|ts| ts.into_iter().map(Into::into).collect())
}

/// Converts an optional list of GraphQL kinds to model kinds.
pub fn kinds(kinds: Option<Vec<EntityKind>>) -> Option<Vec<model::EntityKind>> {
    kinds.map(|ks| ks.into_iter().map(Into::into).collect())
}
