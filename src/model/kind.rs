//! The closed set of entity kinds.

use std::fmt;

/// What an entity is. The set is closed; the loader rejects anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// Universities, research institutes, government bodies, associations, alliances.
    Institution,
    /// Innovation parks, incubators, maker spaces, innovation blocks and spaces.
    Park,
    /// Companies, including former businesses whose sites were reused.
    Company,
    /// Policies, plans, agreements, incentive schemes, programmes.
    Policy,
    /// Countries, the city, districts, zones and areas.
    Region,
    /// Named people.
    Person,
    /// Meetings, weeks, festivals, competitions, summits.
    Event,
    /// Platforms, apps, demonstration projects, initiatives.
    Project,
}

impl EntityKind {
    /// Every kind, in a fixed order.
    pub const ALL: [EntityKind; 8] = [
        EntityKind::Institution,
        EntityKind::Park,
        EntityKind::Company,
        EntityKind::Policy,
        EntityKind::Region,
        EntityKind::Person,
        EntityKind::Event,
        EntityKind::Project,
    ];

    /// The lowercase name used in data files and ids.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Institution => "institution",
            EntityKind::Park => "park",
            EntityKind::Company => "company",
            EntityKind::Policy => "policy",
            EntityKind::Region => "region",
            EntityKind::Person => "person",
            EntityKind::Event => "event",
            EntityKind::Project => "project",
        }
    }

    /// The names of all kinds, for error messages.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.as_str()).collect()
    }
}

impl std::str::FromStr for EntityKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
