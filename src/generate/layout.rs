//! The id layout: which numbers belong to which kind, and the region tree.
//!
//! Kinds occupy contiguous ranges of entity numbers (see the
//! [module docs](super)), so an id says its kind and load scripts can pick
//! ids without reading the files.

use std::ops::Range;

use super::words::DISTRICTS;
use crate::model::EntityKind;

/// The kinds in the order of their id ranges, with their share in per mille
/// (0: the company range takes the rest).
pub(super) const LAYOUT: [(EntityKind, usize); 8] = [
    (EntityKind::Region, 10),
    (EntityKind::Park, 40),
    (EntityKind::Institution, 60),
    (EntityKind::Company, 0),
    (EntityKind::Person, 120),
    (EntityKind::Policy, 50),
    (EntityKind::Event, 60),
    (EntityKind::Project, 50),
];

/// The fewest regions: the city and a few districts.
pub(super) const MIN_REGIONS: usize = 5;

#[derive(Debug, Clone, Copy)]
/// Where each kind's range starts, for one total.
pub(super) struct Layout {
    /// Slot `s` covers `starts[s]..starts[s + 1]`.
    pub(super) starts: [usize; 9],
}

impl Layout {
    /// The layout of `total` entities.
    pub(super) fn new(total: usize) -> Self {
        let mut lens = [0usize; 8];
        let mut others = 0usize;
        let mut rest_slot = 0;
        for (slot, &(kind, per_mille)) in LAYOUT.iter().enumerate() {
            if per_mille == 0 {
                rest_slot = slot;
                continue;
            }
            let min = if kind == EntityKind::Region {
                MIN_REGIONS
            } else {
                1
            };
            let share = (total as u128 * per_mille as u128 / 1000) as usize;
            lens[slot] = share.max(min);
            others = others.saturating_add(lens[slot]);
        }
        lens[rest_slot] = total.saturating_sub(others);
        let mut starts = [0usize; 9];
        for slot in 0..8 {
            starts[slot + 1] = starts[slot].saturating_add(lens[slot]);
        }
        Layout { starts }
    }

    /// The kind's place in [`LAYOUT`].
    pub(super) fn slot(kind: EntityKind) -> usize {
        LAYOUT.iter().position(|&(k, _)| k == kind).unwrap_or(0)
    }

    /// The entity numbers of a kind.
    pub(super) fn range(&self, kind: EntityKind) -> Range<usize> {
        let s = Self::slot(kind);
        self.starts[s]..self.starts[s + 1]
    }

    /// The kind of entity number `i`.
    pub(super) fn kind_of(&self, i: usize) -> EntityKind {
        (0..8)
            .find(|&s| i < self.starts[s + 1])
            .map_or(LAYOUT[7].0, |s| LAYOUT[s].0)
    }
}

/// The kind of entity number `i` in a data set of `total` entities.
///
/// Kinds occupy contiguous ranges (see the [module docs](super)); the layout
/// is defined for `total >= MIN_ENTITIES`. For `i >= total` the result is the
/// kind of the last range ([`EntityKind::Project`]).
///
/// ```
/// use innograph::generate::kind_of;
/// use innograph::model::EntityKind;
/// assert_eq!(kind_of(0, 1_000_000), EntityKind::Region);
/// assert_eq!(kind_of(500_000, 1_000_000), EntityKind::Company);
/// assert_eq!(kind_of(999_999, 1_000_000), EntityKind::Project);
/// ```
pub fn kind_of(i: usize, total: usize) -> EntityKind {
    Layout::new(total).kind_of(i)
}

/// The entity numbers of one kind in a data set of `total` entities.
///
/// ```
/// use innograph::generate::{id_of, range_of};
/// use innograph::model::EntityKind;
/// let parks = range_of(EntityKind::Park, 1_000_000);
/// assert_eq!(parks.len(), 40_000);
/// assert_eq!(id_of(parks.start, 1_000_000), format!("park/s{}", parks.start));
/// ```
pub fn range_of(kind: EntityKind, total: usize) -> Range<usize> {
    Layout::new(total).range(kind)
}

/// The id of entity number `i` in a data set of `total` entities:
/// `<kind>/s<i>` with the kind from [`kind_of`].
///
/// ```
/// use innograph::generate::id_of;
/// assert_eq!(id_of(0, 1_000_000), "region/s0");
/// assert_eq!(id_of(123_456, 1_000_000), "company/s123456");
/// let id: innograph::model::EntityId = id_of(42, 1_000).parse().unwrap();
/// assert_eq!(id.slug(), "s42");
/// ```
pub fn id_of(i: usize, total: usize) -> String {
    format!("{}/s{i}", kind_of(i, total))
}

/// The parent of region `j` (counted within the region range): the city has
/// none, districts are part of the city, towns of a district.
pub(super) fn region_parent(j: usize, regions: usize) -> Option<usize> {
    let districts = DISTRICTS.len().min(regions.saturating_sub(1));
    match j {
        0 => None,
        _ if j <= districts => Some(0),
        _ => Some(1 + (j - districts - 1) % districts.max(1)),
    }
}

/// Short names of the kinds, for the tables.
pub(super) mod k {
    pub(crate) use crate::model::EntityKind::{
        Company as C, Event as E, Institution as I, Park as P, Person as PE, Policy as PO,
        Project as PR, Region as R,
    };
}
