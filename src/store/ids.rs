//! The index from entity id to node.
//!
//! Ids are copied into one contiguous arena in node order, and the hash
//! table holds only node numbers: a lookup touches the table and the arena,
//! not the entities, which keeps resolving millions of relations at load
//! time cache-friendly.

use std::hash::BuildHasher as _;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::StoreError;
use crate::model::Entity;

/// Ids up to this many bytes are kept in the table itself, so most lookups
/// read one cache line of the table and nothing else.
const INLINE: usize = 19;

/// A table entry: the position, and the id inline when it is short.
#[derive(Clone, Copy)]
struct Slot {
    ix: u32,
    len: u8,
    inline: [u8; INLINE],
}

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
    table: HashTable<Slot>,
    arena: String,
    ends: Vec<u32>,
    hasher: DefaultHashBuilder,
}

impl IdIndex {
    /// Indexes `entities`, which must be sorted by id with no duplicates.
    pub fn new(entities: &[Entity]) -> Result<IdIndex, StoreError> {
        for (i, pair) in entities.windows(2).enumerate() {
            match pair[0].id.cmp(&pair[1].id) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    return Err(StoreError::DuplicateId(pair[1].id.to_string()))
                }
                std::cmp::Ordering::Greater => {
                    return Err(StoreError::Unsorted(entities[i + 1].id.to_string()))
                }
            }
        }
        let bytes: usize = entities.iter().map(|e| e.id.as_str().len()).sum();
        let mut arena = String::with_capacity(bytes);
        let mut ends = Vec::with_capacity(entities.len());
        for e in entities {
            arena.push_str(e.id.as_str());
            ends.push(arena.len() as u32);
        }
        let hasher = DefaultHashBuilder::default();
        let mut table = HashTable::with_capacity(entities.len());
        let mut index = IdIndex {
            table: HashTable::new(),
            arena,
            ends,
            hasher,
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
            let hash = index.hasher.hash_one(id);
            table.insert_unique(hash, slot, |s| index.hasher.hash_one(index.id(s.ix)));
        }
        index.table = table;
        Ok(index)
    }

    fn id(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// The position of the entity with id `id`.
    pub fn get(&self, id: &str) -> Option<u32> {
        self.table
            .find(self.hasher.hash_one(id), |s| {
                if s.len as usize <= INLINE {
                    &s.inline[..s.len as usize] == id.as_bytes()
                } else {
                    self.id(s.ix) == id
                }
            })
            .map(|s| s.ix)
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
