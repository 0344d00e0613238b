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
    Issued => "issued", "Released a policy, plan or programme.";
    AppliesTo => "applies_to", "A policy that covers or benefits the target.";
    InvestsIn => "invests_in", "Puts money into.";
    Funds => "funds", "Gives grants or support money to.";
    Leads => "leads", "A person who heads an organisation or body; the title says in what role.";
    SpokeAt => "spoke_at", "Made a statement at an event.";
    HeldAt => "held_at", "An event that took place at.";
    Organizes => "organizes", "Organises or stages an event.";
    Signed => "signed", "Is a party to an agreement or plan.";
    Formerly => "formerly", "The site was previously used by.";
    DesignatedAs => "designated_as", "Was listed or recognised under a programme or designation.";
    RecognizedBy => "recognized_by", "Was ranked or recognised by an institution.";
    OriginatesFrom => "originates_from", "Comes from a country or place.";
    ParticipatesIn => "participates_in", "Takes part in an event, project or programme.";
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
            Issued => &[I, R],
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
            Issued => &[Po],
            AppliesTo => &[I, P, C, R, Pe, Pr],
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
        }
    }

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
