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
    /// Released or issued a policy, plan, programme or project.
    Issued,
    /// A policy that covers or benefits the target (for an agreement: what it is about).
    AppliesTo,
    /// Puts money into.
    InvestsIn,
    /// Gives grants or support money to.
    Funds,
    /// A person who heads an organisation (CEO, general manager, director;
    /// see `title`). Public offices and deputies are HOLDS_OFFICE.
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
    /// A person who holds an office in a body or for a place; `title` names
    /// it (Mayor, Vice Mayor, Deputy Secretary).
    HoldsOffice,
    /// Worked together with on a matter the source names, and no more than that.
    WorkedWith,
    /// Builds, or means to build, on the strengths or resources of.
    DrawsOn,
    /// Is in line with a plan, goal or vision (without being part of it).
    AlignsWith,
    /// Is working to become, build or reach a designation or goal it does not hold yet.
    WorksTowards,
    /// An agreement or plan signed at an event.
    SignedAt,
    /// An event that took place during another event.
    HeldDuring,
    /// Sets out to draw firms, projects or people from a place.
    AttractsFrom,
    /// Shows a broadcast of an event to the people gathered there.
    Broadcasts,
    /// Is the government or administration of a place.
    Governs,
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

/// How a figure relates to the truth, as its source words it. With
/// EXACT, ABOUT, OVER, AT_LEAST, UP_TO and UNDER the fact has one `value`;
/// a RANGE or an INDEFINITE figure has none (see `min`, `max`, `wording`).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::Qualifier")]
pub enum Qualifier {
    /// The figure as given.
    Exact,
    /// About, roughly, approximately.
    About,
    /// Over, more than: above `value`.
    Over,
    /// At least: `value` or more.
    AtLeast,
    /// Up to, as much as: `value` or less.
    UpTo,
    /// Under, less than, nearly: below `value`.
    Under,
    /// Between `min` and `max` ("60 percent to 70 percent", "one or two").
    Range,
    /// Words without a number ("several hundred", "dozens"): no value;
    /// `wording` keeps the words, `min`/`max` only the bounds they imply.
    Indefinite,
}

/// Which of an entity's names a `Name` is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum NameKind {
    /// The English name (`name`).
    Name,
    /// The Chinese name (`nameZh`).
    NameZh,
    /// One of the `aliases`.
    Alias,
}

/// Converts an optional list of GraphQL relation types to model types.
pub(crate) fn relation_types(types: Option<Vec<RelationType>>) -> Option<Vec<model::RelationType>> {
    types.map(|ts| ts.into_iter().map(Into::into).collect())
}

/// Converts an optional list of GraphQL kinds to model kinds.
pub(crate) fn kinds(kinds: Option<Vec<EntityKind>>) -> Option<Vec<model::EntityKind>> {
    kinds.map(|ks| ks.into_iter().map(Into::into).collect())
}
