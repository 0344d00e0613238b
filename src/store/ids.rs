//! The index from entity id to node.
//!
//! Ids are copied into one contiguous arena in node order, and an
//! open-addressed table (linear probing, at most half full) holds the node
//! numbers. Each slot fills half a cache line and keeps ids of up to
//! [`INLINE`] bytes in the slot itself, so a lookup usually reads one cache
//! line and nothing else. Resolving the two ends of a relation
//! ([`IdIndex::get_pair`]) issues both first reads before comparing either,
//! so their cache misses overlap: at a million entities this is most of the
//! cost of loading relations.

use std::borrow::Borrow;
use std::hash::BuildHasher as _;

use hashbrown::DefaultHashBuilder;

use super::StoreError;
use crate::model::Entity;

/// Ids up to this many bytes are kept in the slot itself.
const INLINE: usize = 27;

/// Marks a slot that holds no id.
const EMPTY: u32 = u32::MAX;

/// A table slot: the position, and the id inline when it is short
/// (`len` is `u8::MAX` for a longer id, which is compared in the arena).
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    ix: u32,
    len: u8,
    inline: [u8; INLINE],
}

const VACANT: Slot = Slot {
    ix: EMPTY,
    len: 0,
    inline: [0; INLINE],
};

/// Hash index from entity id to position, over entities sorted by id.
///
/// ```
/// use innograph::store::IdIndex;
/// # let store = innograph::load::builtin().unwrap();
/// # let entities: Vec<_> = (0..store.entity_count()).map(|i| store.entity(petgraph::graph::NodeIndex::new(i)).clone()).collect();
/// let ids = IdIndex::new(&entities).unwrap();
/// let at = ids.get("region/yangpu").unwrap();
/// assert_eq!(entities[at as usize].id.as_str(), "region/yangpu");
/// assert_eq!(ids.get("region/atlantis"), None);
/// ```
pub struct IdIndex {
    slots: Vec<Slot>,
    mask: usize,
    arena: String,
    ends: Vec<u32>,
    hasher: DefaultHashBuilder,
}

impl IdIndex {
    /// Indexes `entities` (or boxes of them), which must be sorted by id
    /// with no duplicates.
    pub fn new<E: Borrow<Entity>>(entities: &[E]) -> Result<IdIndex, StoreError> {
        let id = |i: usize| &entities[i].borrow().id;
        for i in 1..entities.len() {
            match id(i - 1).cmp(id(i)) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    return Err(StoreError::DuplicateId(id(i).to_string()))
                }
                std::cmp::Ordering::Greater => return Err(StoreError::Unsorted(id(i).to_string())),
            }
        }
        let bytes: usize = entities.iter().map(|e| e.borrow().id.as_str().len()).sum();
        let mut arena = String::with_capacity(bytes);
        let mut ends = Vec::with_capacity(entities.len());
        for e in entities {
            arena.push_str(e.borrow().id.as_str());
            ends.push(arena.len() as u32);
        }
        if entities.len() >= EMPTY as usize {
            return Err(StoreError::TooMany(entities.len()));
        }
        let size = (entities.len() * 2).next_power_of_two().max(8);
        let mut index = IdIndex {
            slots: vec![VACANT; size],
            mask: size - 1,
            arena,
            ends,
            hasher: DefaultHashBuilder::default(),
        };
        for i in 0..entities.len() as u32 {
            let id = index.id(i);
            let mut slot = Slot {
                ix: i,
                len: u8::MAX,
                inline: [0; INLINE],
            };
            if id.len() <= INLINE {
                slot.len = id.len() as u8;
                slot.inline[..id.len()].copy_from_slice(id.as_bytes());
            }
            // Ids are unique (checked above): take the first free slot.
            let mut at = index.home(id);
            while index.slots[at].ix != EMPTY {
                at = (at + 1) & index.mask;
            }
            index.slots[at] = slot;
        }
        Ok(index)
    }

    /// The slot where probing for `id` starts.
    fn home(&self, id: &str) -> usize {
        self.hasher.hash_one(id) as usize & self.mask
    }

    /// Whether `slot` holds `id`.
    fn holds(&self, slot: &Slot, id: &str) -> bool {
        if slot.len as usize <= INLINE {
            &slot.inline[..slot.len as usize] == id.as_bytes()
        } else {
            self.id(slot.ix) == id
        }
    }

    /// Probes from slot `at` (already read as `first`) for `id`.
    fn probe(&self, mut at: usize, first: Slot, id: &str) -> Option<u32> {
        let mut slot = first;
        loop {
            if slot.ix == EMPTY {
                return None;
            }
            if self.holds(&slot, id) {
                return Some(slot.ix);
            }
            at = (at + 1) & self.mask;
            slot = self.slots[at];
        }
    }

    fn id(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// The position of the entity with id `id`.
    pub fn get(&self, id: &str) -> Option<u32> {
        let at = self.home(id);
        self.probe(at, self.slots[at], id)
    }

    /// The positions of two ids, looked up together: both first slots are
    /// read before either is compared, so the two memory reads overlap.
    ///
    /// ```
    /// # use innograph::store::IdIndex;
    /// # let store = innograph::load::builtin().unwrap();
    /// # let entities: Vec<_> = (0..store.entity_count()).map(|i| store.entity(petgraph::graph::NodeIndex::new(i)).clone()).collect();
    /// let ids = IdIndex::new(&entities).unwrap();
    /// let (a, b) = ids.get_pair("region/yangpu", "region/atlantis");
    /// assert_eq!((a, b), (ids.get("region/yangpu"), None));
    /// ```
    pub fn get_pair(&self, a: &str, b: &str) -> (Option<u32>, Option<u32>) {
        let (at_a, at_b) = (self.home(a), self.home(b));
        let (first_a, first_b) = (self.slots[at_a], self.slots[at_b]);
        (self.probe(at_a, first_a, a), self.probe(at_b, first_b, b))
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The hasher, shared with the store's other tables.
    pub(super) fn hasher(&self) -> &DefaultHashBuilder {
        &self.hasher
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Attributes;

    fn entity(id: &str) -> Entity {
        Entity {
            id: id.parse().expect("test ids are valid"),
            subtype: None,
            name: id.to_owned(),
            name_zh: None,
            aliases: Vec::new(),
            description: None,
            attributes: Attributes::new(),
            annotations: Default::default(),
            sources: Default::default(),
            facts: Vec::new(),
        }
    }

    #[test]
    fn finds_every_id_short_and_long_and_nothing_else() {
        // Short ids live in the slots, long ones in the arena; enough of
        // them that probe runs wrap and collide.
        let mut ids: Vec<String> = (0..5000).map(|i| format!("company/s{i}")).collect();
        ids.extend((0..500).map(|i| format!("institution/a-rather-long-identifier-number-{i}")));
        ids.sort();
        let entities: Vec<Entity> = ids.iter().map(|id| entity(id)).collect();
        let index = IdIndex::new(&entities).expect("sorted and unique");
        assert_eq!(index.len(), ids.len());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32), "{id}");
        }
        for missing in [
            "company/s5000",
            "company/s",
            "institution/a-rather-long-identifier-number-500",
            "",
        ] {
            assert_eq!(index.get(missing), None, "{missing}");
        }
        let long = "institution/a-rather-long-identifier-number-7";
        assert_eq!(
            index.get_pair("company/s42", long),
            (index.get("company/s42"), index.get(long))
        );
        assert_eq!(index.get_pair("company/none", long).0, None);
    }

    #[test]
    fn refuses_unsorted_and_duplicate_ids() {
        let a = entity("company/a");
        let b = entity("company/b");
        assert!(matches!(
            IdIndex::new(&[b.clone(), a.clone()]),
            Err(StoreError::Unsorted(_))
        ));
        assert!(matches!(
            IdIndex::new(&[a.clone(), a]),
            Err(StoreError::DuplicateId(_))
        ));
    }
}
