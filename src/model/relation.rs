//! The closed relation vocabulary and the kinds each relation may join.

use std::fmt;

use super::{EntityKind, Period, SourceRef};

macro_rules! relation_types {
    ($( $variant:ident => $name:literal, $doc:literal; )*) => {
        /// A typed, directed relation between two entities. The vocabulary is
        /// closed: `data/README.md` documents each type and [`RelationType::allows`]
        /// says which kinds it may join.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RelationType {
            $( #[doc = $doc] $variant, )*
        }

        impl RelationType {
            /// Every relation type, in vocabulary order.
            pub const ALL: &'static [RelationType] = &[$(RelationType::$variant,)*];

            /// The snake_case name used in data files.
            pub fn as_str(self) -> &'static str {
                match self { $( RelationType::$variant => $name, )* }
            }

            /// A one-line description of what the relation means (from → to).
            pub fn description(self) -> &'static str {
                match self { $( RelationType::$variant => $doc, )* }
            }
        }
    };
}

relation_types! {
    LocatedIn => "located_in", "Is situated in a place or park.";
    Near => "near", "Is close to a place, park or institution.";
    PartOf => "part_of", "Is a component, branch or sub-area of.";
    AffiliatedWith => "affiliated_with", "Is under, belongs to or is run by an organisation.";
    Operates => "operates", "Runs or manages a park, project or event.";
    Developed => "developed", "Built or created a park or project.";
    Hosts => "hosts", "Provides a home or venue for.";
    MemberOf => "member_of", "Belongs to an alliance, association or programme.";
    PartnersWith => "partners_with", "Cooperates with.";
    Issued => "issued", "Released or issued a policy, plan, programme or project.";
    AppliesTo => "applies_to", "A policy that covers or benefits the target (for an agreement: what it is about).";
    InvestsIn => "invests_in", "Puts money into.";
    Funds => "funds", "Gives grants or support money to.";
    Leads => "leads", "A person who heads an organisation (CEO, general manager, director); the title says in what role. For public offices and deputies use holds_office.";
    SpokeAt => "spoke_at", "Made a statement at an event.";
    HeldAt => "held_at", "An event that took place at.";
    Organizes => "organizes", "Organises or stages an event.";
    Signed => "signed", "Is a party to an agreement or plan.";
    Formerly => "formerly", "The site was previously used by.";
    DesignatedAs => "designated_as", "Was listed or recognised under a programme or designation.";
    RecognizedBy => "recognized_by", "Was ranked or recognised by an institution.";
    OriginatesFrom => "originates_from", "Comes from a country or place.";
    ParticipatesIn => "participates_in", "Takes part in an event, project or programme.";
    HoldsOffice => "holds_office", "A person who holds an office in a body or for a place; the title names it (Mayor, Vice Mayor, Deputy Secretary).";
    WorkedWith => "worked_with", "Worked together with on a matter the source names, and no more than that.";
    DrawsOn => "draws_on", "Builds, or means to build, on the strengths or resources of.";
    AlignsWith => "aligns_with", "Is in line with a plan, goal or vision (without being part of it).";
    WorksTowards => "works_towards", "Is working to become, build or reach a designation or goal it does not hold yet.";
    SignedAt => "signed_at", "An agreement or plan signed at an event.";
    HeldDuring => "held_during", "An event that took place during another event.";
    AttractsFrom => "attracts_from", "Sets out to draw firms, projects or people from a place.";
    Broadcasts => "broadcasts", "Shows a broadcast of an event to the people gathered there.";
    Governs => "governs", "Is the government or administration of a place.";
}

use EntityKind::{
    Company as C, Event as E, Institution as I, Park as P, Person as Pe, Policy as Po,
    Project as Pr, Region as R,
};

const ANY: &[EntityKind] = &EntityKind::ALL;

impl RelationType {
    /// The kinds allowed at the `from` end.
    pub fn from_kinds(self) -> &'static [EntityKind] {
        use RelationType::*;
        match self {
            LocatedIn => &[I, P, C, E, Pr],
            Near => &[I, P, C, Pr],
            PartOf => ANY,
            AffiliatedWith => &[I, P, C, Pr, Pe],
            Operates => &[I, C],
            Developed => &[I, C, R],
            Hosts => &[P, R, I],
            MemberOf => &[I, P, C, Pe],
            PartnersWith => &[I, P, C, R],
            Issued => &[I, R, C],
            AppliesTo => &[Po],
            InvestsIn => &[C, I],
            Funds => &[I, Po, R],
            Leads => &[Pe],
            SpokeAt => &[Pe, C, I],
            HeldAt => &[E],
            Organizes => &[I, C, R, P],
            Signed => &[I, R, C],
            Formerly => &[P],
            DesignatedAs => &[R, P, I, C],
            RecognizedBy => &[R, P, I, C],
            OriginatesFrom => &[C, Pe, I],
            ParticipatesIn => &[I, C, P, R, Pe, Pr],
            HoldsOffice => &[Pe],
            WorkedWith => &[I, C, P, R],
            DrawsOn => &[I, C, P, R],
            AlignsWith => &[Po, Pr],
            WorksTowards => &[R, I, P, C],
            SignedAt => &[Po],
            HeldDuring => &[E],
            AttractsFrom => &[P, I, C, R],
            Broadcasts => &[P, I, C],
            Governs => &[I],
        }
    }

    /// The kinds allowed at the `to` end, given the kind at the `from` end.
    pub fn to_kinds(self, from: EntityKind) -> &'static [EntityKind] {
        use RelationType::*;
        match self {
            LocatedIn => &[R, P],
            Near => &[R, P, I],
            PartOf => match from {
                I => &[I],
                P => &[P, R],
                C => &[C],
                Po => &[Po],
                R => &[R],
                Pe => &[Pe],
                E => &[E],
                Pr => &[Pr, Po],
            },
            AffiliatedWith => &[I, C],
            Operates => &[P, Pr, E],
            Developed => &[P, Pr],
            Hosts => &[E, Pr, I, C],
            MemberOf => &[I, Po],
            PartnersWith => &[I, P, C, R],
            Issued => &[Po, Pr],
            AppliesTo => &[I, P, C, R, Pe, Pr, Po],
            InvestsIn => &[R, C, Pr, P],
            Funds => &[Pr, P, C, I],
            Leads => &[I, C, R, P, Pr, E],
            SpokeAt => &[E],
            HeldAt => &[P, R, I],
            Organizes => &[E],
            Signed => &[Po],
            Formerly => &[C, P, I],
            DesignatedAs => &[Po],
            RecognizedBy => &[I],
            OriginatesFrom => &[R],
            ParticipatesIn => &[E, Pr, Po],
            HoldsOffice => &[I, R, C],
            WorkedWith => &[I, C, P, R],
            DrawsOn => &[I, C, P],
            AlignsWith => &[Po, Pr],
            WorksTowards => &[Po, Pr],
            SignedAt => &[E],
            HeldDuring => &[E],
            AttractsFrom => &[R],
            Broadcasts => &[E],
            Governs => &[R],
        }
    }

    /// Why a relation of type `self` and one of type `other` between the
    /// same two entities say near-opposite or the same things, if they do.
    /// `same_direction` tells whether both run from the same end.
    ///
    /// `innograph validate` warns on such pairs: the curator keeps the one
    /// the article states.
    ///
    /// ```
    /// use innograph::model::RelationType as T;
    /// assert!(T::Near.clash(T::LocatedIn, true).is_some());
    /// assert!(T::LocatedIn.clash(T::Hosts, false).is_some());
    /// assert!(T::LocatedIn.clash(T::Hosts, true).is_none());
    /// assert!(T::Leads.clash(T::SpokeAt, true).is_none());
    /// ```
    pub fn clash(self, other: RelationType, same_direction: bool) -> Option<&'static str> {
        CLASHES.iter().find_map(|&(a, b, orientation, why)| {
            let types = (a == self && b == other) || (a == other && b == self);
            let fits = match orientation {
                Orientation::Same => same_direction,
                Orientation::Reversed => !same_direction,
                Orientation::Either => true,
            };
            (types && fits).then_some(why)
        })
    }
}

/// Which way the second relation of a clashing pair runs.
#[derive(Clone, Copy)]
enum Orientation {
    /// From the same end as the first.
    Same,
    /// From the other end.
    Reversed,
    /// Either way.
    Either,
}

/// Pairs of relations that should not both join the same two entities.
const CLASHES: &[(RelationType, RelationType, Orientation, &str)] = {
    use Orientation::{Either, Reversed, Same};
    use RelationType as T;
    &[
        (T::Near, T::LocatedIn, Either, "`near` and `located_in` contradict each other (what is near a place is not in it)"),
        (T::Near, T::PartOf, Either, "`near` and `part_of` contradict each other (what is near a place is not part of it)"),
        (T::LocatedIn, T::PartOf, Same, "`located_in` and `part_of` say the same thing twice"),
        (T::LocatedIn, T::Hosts, Reversed, "`located_in` one way and `hosts` the other say the same thing twice"),
        (T::HeldAt, T::Hosts, Reversed, "`held_at` one way and `hosts` the other say the same thing twice"),
        (T::Developed, T::AffiliatedWith, Reversed, "`developed` one way and `affiliated_with` the other say the same thing twice"),
        (T::Operates, T::AffiliatedWith, Reversed, "`operates` one way and `affiliated_with` the other say the same thing twice"),
        (T::Leads, T::HoldsOffice, Same, "`leads` and `holds_office` say the same thing twice"),
        (T::PartnersWith, T::PartnersWith, Reversed, "`partners_with` both ways says the same thing twice"),
        (T::WorkedWith, T::PartnersWith, Either, "`worked_with` and `partners_with` say the same thing twice"),
        (T::HeldDuring, T::PartOf, Same, "`held_during` and `part_of` say different things about one event; keep the one the article states"),
        (T::AlignsWith, T::PartOf, Same, "`aligns_with` and `part_of` contradict each other (being in line with a plan is not being part of it)"),
        (T::DesignatedAs, T::WorksTowards, Same, "`designated_as` and `works_towards` contradict each other (a designation held is not still being worked towards)"),
        (T::Governs, T::LocatedIn, Same, "`governs` and `located_in` say the same thing twice"),
        (T::LocatedIn, T::LocatedIn, Reversed, "each is `located_in` the other"),
        (T::PartOf, T::PartOf, Reversed, "each is `part_of` the other"),
        (T::AffiliatedWith, T::AffiliatedWith, Reversed, "each is `affiliated_with` the other"),
    ]
};

impl RelationType {
    /// Whether a relation of this type may go from an entity of kind `from`
    /// to one of kind `to`.
    ///
    /// ```
    /// use innograph::model::{EntityKind, RelationType};
    /// assert!(RelationType::LocatedIn.allows(EntityKind::Park, EntityKind::Region));
    /// assert!(!RelationType::LocatedIn.allows(EntityKind::Region, EntityKind::Person));
    /// ```
    pub fn allows(self, from: EntityKind, to: EntityKind) -> bool {
        self.from_kinds().contains(&from) && self.to_kinds(from).contains(&to)
    }
}

impl std::str::FromStr for RelationType {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or(())
    }
}

impl fmt::Display for RelationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Optional properties a relation may carry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationProps {
    /// The part played, in the curators' words.
    pub role: Option<String>,
    /// For `leads`: the person's title.
    pub title: Option<String>,
    /// When it happened or started.
    pub date: Option<Period>,
    /// An amount in base units.
    pub amount: Option<f64>,
    /// The amount's unit.
    pub unit: Option<String>,
    /// Anything else, in the curators' words.
    pub note: Option<String>,
    /// The article implies the relation rather than stating it.
    pub inferred: bool,
}

/// The sources of one relation: up to two are held inline, so the millions of
/// relations of a large graph need no allocation of their own for them.
pub type SourceRefs = smallvec::SmallVec<[SourceRef; 2]>;

/// A relation as stored on a graph edge (its ends are the edge's endpoints).
///
/// Kept small (32 bytes) because a large graph holds millions: properties
/// that are all unset take no space beyond one pointer.
///
/// ```
/// use innograph::model::{Relation, RelationProps, RelationType, SourceRef};
/// let r = Relation::new(RelationType::LocatedIn, RelationProps::default(), [SourceRef(0)]);
/// assert_eq!(r.props().role, None);
/// assert_eq!(r.sources.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The relation's type.
    pub kind: RelationType,
    /// Its optional properties; `None` when every one is unset.
    props: Option<Box<RelationProps>>,
    /// The articles that state it.
    pub sources: SourceRefs,
}

impl Relation {
    /// A relation of type `kind` with `props`, citing `sources`.
    pub fn new(
        kind: RelationType,
        props: RelationProps,
        sources: impl IntoIterator<Item = SourceRef>,
    ) -> Relation {
        let props = (props != RelationProps::default()).then(|| Box::new(props));
        Relation {
            kind,
            props,
            sources: sources.into_iter().collect(),
        }
    }

    /// Its optional properties (all unset when it has none).
    pub fn props(&self) -> &RelationProps {
        static NONE: RelationProps = RelationProps {
            role: None,
            title: None,
            date: None,
            amount: None,
            unit: None,
            note: None,
            inferred: false,
        };
        self.props.as_deref().unwrap_or(&NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in RelationType::ALL {
            assert_eq!(t.as_str().parse::<RelationType>(), Ok(*t));
            assert!(!t.from_kinds().is_empty());
        }
        assert!("lives_in".parse::<RelationType>().is_err());
    }

    #[test]
    fn part_of_keeps_kinds() {
        assert!(RelationType::PartOf.allows(EntityKind::Region, EntityKind::Region));
        assert!(!RelationType::PartOf.allows(EntityKind::Region, EntityKind::Park));
        assert!(RelationType::PartOf.allows(EntityKind::Park, EntityKind::Region));
    }
}
