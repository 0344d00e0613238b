//! Copy-on-write maps, bit sets and append-only lists for the store's delta: a new revision
//! shares everything with the one before it except the shards its changes
//! touch, so a snapshot costs O(shards) to take and a change O(shard size)
//! to make, and readers of older snapshots are never disturbed.
//!
//! Written by hand: the persistent-collection crates with structural
//! sharing (`im`, `imbl`, `rpds`) are MPL-2.0, outside the project's
//! MIT/Apache licence rule, and what the delta needs is small: point
//! lookups and inserts, no ordered iteration.

use std::hash::Hash;
use std::sync::Arc;

use hashbrown::HashMap;

/// Branches at each of a map's two levels: a map has up to `FANOUT²`
/// leaves, each a small hash map.
const FANOUT: usize = 64;

/// A leaf: one small hash map.
type Leaf<K, V> = Option<Arc<HashMap<K, V>>>;
/// A branch: the leaves under one slot of the root.
type Branch<K, V> = Option<Arc<[Leaf<K, V>; FANOUT]>>;

/// A hash map whose clones share unchanged parts: a root of [`FANOUT`]
/// branches of [`FANOUT`] leaves, the key's hash choosing both. Setting a
/// key copies the root's and one branch's pointers (2 × 64) and the one
/// leaf, of about `len / 4096` entries; with one level of 64 shards, a
/// change to a delta of 60,000 entities copied a shard of about 900
/// entries (and their string keys) per map, which a profile of the
/// curation bench showed as a third of the server's time under a write
/// flood.
#[derive(Debug, Clone)]
pub(crate) struct CowMap<K, V> {
    root: Arc<[Branch<K, V>; FANOUT]>,
    len: usize,
}

impl<K, V> Default for CowMap<K, V> {
    fn default() -> Self {
        CowMap {
            root: Arc::new(std::array::from_fn(|_| None)),
            len: 0,
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> CowMap<K, V> {
    /// The branch and the leaf a key lives in.
    fn slots_of<Q: Hash + ?Sized>(key: &Q) -> (usize, usize) {
        use std::hash::BuildHasher as _;
        static HASHER: std::sync::OnceLock<hashbrown::DefaultHashBuilder> =
            std::sync::OnceLock::new();
        // The top bits choose: hashbrown uses the low ones inside a leaf.
        let h = HASHER.get_or_init(Default::default).hash_one(key);
        let (b, l) = ((h >> 58) as usize, ((h >> 52) & 63) as usize);
        (b % FANOUT, l % FANOUT)
    }

    /// The value of `key`.
    #[inline]
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.len == 0 {
            return None;
        }
        let (b, l) = Self::slots_of(key);
        self.root[b].as_ref()?[l].as_ref()?.get(key)
    }

    /// Sets `key` to `value` (copying the one branch and leaf it lives in,
    /// if shared).
    pub(crate) fn insert(&mut self, key: K, value: V) {
        let (b, l) = Self::slots_of(&key);
        let root = Arc::make_mut(&mut self.root);
        let branch =
            Arc::make_mut(root[b].get_or_insert_with(|| Arc::new(std::array::from_fn(|_| None))));
        let leaf = Arc::make_mut(branch[l].get_or_insert_with(Default::default));
        if leaf.insert(key, value).is_none() {
            self.len += 1;
        }
    }

    /// How many keys are set.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Every entry, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.root
            .iter()
            .flatten()
            .flat_map(|branch| branch.iter().flatten())
            .flat_map(|leaf| leaf.iter())
    }
}

/// Bits per chunk of a [`CowBits`].
const CHUNK_BITS: usize = 1 << 16;

/// A growable bit set whose clones share unchanged chunks.
#[derive(Debug, Clone, Default)]
pub(crate) struct CowBits {
    chunks: Vec<Option<Arc<[u64; CHUNK_BITS / 64]>>>,
    ones: usize,
}

impl CowBits {
    /// Whether bit `i` is set.
    #[inline]
    pub(crate) fn has(&self, i: usize) -> bool {
        if self.ones == 0 {
            return false;
        }
        match self.chunks.get(i / CHUNK_BITS) {
            Some(Some(c)) => c[(i % CHUNK_BITS) / 64] & (1 << (i % 64)) != 0,
            _ => false,
        }
    }

    /// Sets bit `i`; returns whether it was clear.
    pub(crate) fn set(&mut self, i: usize) -> bool {
        self.put(i, true)
    }

    /// Clears bit `i`; returns whether it was set.
    pub(crate) fn clear(&mut self, i: usize) -> bool {
        self.put(i, false)
    }

    fn put(&mut self, i: usize, on: bool) -> bool {
        let (c, w, b) = (i / CHUNK_BITS, (i % CHUNK_BITS) / 64, 1u64 << (i % 64));
        if self.chunks.len() <= c {
            if !on {
                return false;
            }
            self.chunks.resize(c + 1, None);
        }
        let chunk = self.chunks[c].get_or_insert_with(|| Arc::new([0; CHUNK_BITS / 64]));
        let words = Arc::make_mut(chunk);
        let was = words[w] & b != 0;
        if on {
            words[w] |= b;
        } else {
            words[w] &= !b;
        }
        match (was, on) {
            (false, true) => {
                self.ones += 1;
                true
            }
            (true, false) => {
                self.ones -= 1;
                true
            }
            _ => false,
        }
    }

    /// How many bits are set.
    pub(crate) fn ones(&self) -> usize {
        self.ones
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_do_not_see_later_changes() {
        let mut a: CowMap<u32, &str> = CowMap::default();
        a.insert(1, "one");
        let b = a.clone();
        a.insert(2, "two");
        a.insert(1, "uno");
        assert_eq!(
            (a.get(&1), a.get(&2), a.len()),
            (Some(&"uno"), Some(&"two"), 2)
        );
        assert_eq!((b.get(&1), b.get(&2), b.len()), (Some(&"one"), None, 1));
        let mut x = CowBits::default();
        x.set(3);
        x.set(200_000);
        let y = x.clone();
        x.clear(3);
        assert!(!x.has(3) && x.has(200_000) && x.ones() == 1);
        assert!(y.has(3) && y.has(200_000) && y.ones() == 2);
        assert!(!x.has(10_000_000));
        assert!(!x.clear(10_000_000));
    }

    #[test]
    fn many_keys_against_a_plain_map() {
        let mut a: CowMap<String, u32> = CowMap::default();
        let mut reference = std::collections::HashMap::new();
        let mut old = Vec::new();
        for i in 0..20_000u32 {
            let k = format!("k{}", i % 15_000);
            a.insert(k.clone(), i);
            reference.insert(k, i);
            if i % 5_000 == 0 {
                old.push((a.clone(), reference.clone()));
            }
        }
        for (map, expected) in old.iter().chain([(a, reference)].iter()) {
            assert_eq!(map.len(), expected.len());
            assert_eq!(map.iter().count(), expected.len());
            for (k, v) in expected {
                assert_eq!(map.get(k.as_str()), Some(v), "{k}");
            }
            assert_eq!(map.get("absent"), None);
        }
    }
}

/// An append-only list shared between revisions in chunks.
#[derive(Debug, Clone)]
pub(crate) struct CowVec<T> {
    chunks: Arc<Vec<Arc<Vec<T>>>>,
    len: usize,
}

impl<T> Default for CowVec<T> {
    fn default() -> Self {
        CowVec {
            chunks: Arc::new(Vec::new()),
            len: 0,
        }
    }
}

const CHUNK: usize = 1024;

impl<T: Clone> CowVec<T> {
    pub(crate) fn push(&mut self, value: T) {
        let chunks = Arc::make_mut(&mut self.chunks);
        match chunks.last_mut() {
            Some(last) if last.len() < CHUNK => Arc::make_mut(last).push(value),
            _ => chunks.push(Arc::new(vec![value])),
        }
        self.len += 1;
    }

    pub(crate) fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}
