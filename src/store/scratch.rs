//! Reusable per-thread working memory for traversals.
//!
//! A traversal on a graph of millions of nodes must not clear (or allocate)
//! arrays of that size for every query. Each array here is paired with a
//! generation stamp: a slot counts as set only when its stamp equals the
//! current generation, so starting a new traversal is O(1).

use std::cell::RefCell;

/// Marks over `n` nodes that are reset in O(1) by bumping a generation.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    stamp: Vec<u32>,
    generation: u32,
}

impl Marks {
    /// Clears every mark and makes room for `n` nodes.
    pub(crate) fn reset(&mut self, n: usize) {
        if self.stamp.len() < n {
            self.stamp.resize(n, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
    }

    /// Whether `i` is marked.
    #[inline]
    pub(crate) fn has(&self, i: u32) -> bool {
        self.stamp[i as usize] == self.generation
    }

    /// Marks `i`; returns whether it was unmarked before.
    #[inline]
    pub(crate) fn set(&mut self, i: u32) -> bool {
        let slot = &mut self.stamp[i as usize];
        let fresh = *slot != self.generation;
        *slot = self.generation;
        fresh
    }
}

/// Marks plus a value per marked node (valid only while marked).
#[derive(Debug, Default)]
pub(crate) struct Labels<T: Copy + Default> {
    marks: Marks,
    values: Vec<T>,
}

impl<T: Copy + Default> Labels<T> {
    /// Clears every label and makes room for `n` nodes.
    pub(crate) fn reset(&mut self, n: usize) {
        self.marks.reset(n);
        if self.values.len() < n {
            self.values.resize(n, T::default());
        }
    }

    /// The label of `i`, if it has one.
    #[inline]
    pub(crate) fn get(&self, i: u32) -> Option<T> {
        self.marks.has(i).then(|| self.values[i as usize])
    }

    /// Labels `i` with `value`; returns whether it had no label before.
    #[inline]
    pub(crate) fn set(&mut self, i: u32, value: T) -> bool {
        self.values[i as usize] = value;
        self.marks.set(i)
    }
}

/// Labels of a search from two sides at once (0 and 1): each node is
/// unlabelled or labelled by one side, with a value, in one slot, so that
/// checking a node against both sides and labelling it touch one place in
/// memory. Reset in O(1), like [`Marks`].
///
/// Why not two [`Labels`]: a bidirectional search checks every neighbour
/// it reaches against both sides, and with a stamp array and a value
/// array per side that was four arrays read or written at random. On the
/// 100k graph (`benches/traversal.rs`) a path over random ends fell from
/// 25.5 to 14.5 us with one array, and over HTTP from 56-58 to 42-45 us of
/// server CPU per request.
#[derive(Debug, Default)]
pub(crate) struct Sides<T: Copy + Default> {
    /// Per node: `2 * generation + side` when labelled, and the label.
    slots: Vec<(u32, T)>,
    generation: u32,
}

impl<T: Copy + Default> Sides<T> {
    /// Clears every label and makes room for `n` nodes.
    pub(crate) fn reset(&mut self, n: usize) {
        if self.slots.len() < n {
            self.slots.resize(n, (0, T::default()));
        }
        self.generation += 1;
        if self.generation >= u32::MAX / 2 {
            self.slots.iter_mut().for_each(|s| s.0 = 0);
            self.generation = 1;
        }
    }

    /// The side that labelled `i`, if any.
    #[inline]
    pub(crate) fn side(&self, i: u32) -> Option<usize> {
        let mark = self.slots[i as usize].0;
        (mark >> 1 == self.generation).then_some((mark & 1) as usize)
    }

    /// The label `side` gave `i`, if it did.
    #[inline]
    pub(crate) fn get(&self, i: u32, side: usize) -> Option<T> {
        let (mark, value) = self.slots[i as usize];
        (mark == self.generation * 2 + side as u32).then_some(value)
    }

    /// Labels `i` for `side` (`0` or `1`) with `value`.
    #[inline]
    pub(crate) fn set(&mut self, i: u32, side: usize, value: T) {
        self.slots[i as usize] = (self.generation * 2 + (side as u32 & 1), value);
    }
}

thread_local! {
    static POOL: RefCell<Vec<Box<dyn std::any::Any>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with a `T` taken from this thread's pool (or a new one), and
/// returns it to the pool afterwards, so large traversal buffers are
/// allocated once per thread rather than once per query.
pub(crate) fn with<T: Default + 'static, R>(f: impl FnOnce(&mut T) -> R) -> R {
    let taken = POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let at = pool.iter().position(|b| b.is::<T>());
        at.map(|i| pool.swap_remove(i))
    });
    let mut boxed: Box<T> = taken
        .and_then(|b| b.downcast::<T>().ok())
        .unwrap_or_default();
    let result = f(&mut boxed);
    POOL.with(|p| p.borrow_mut().push(boxed));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_clears_in_constant_time() {
        let mut m = Marks::default();
        m.reset(4);
        assert!(m.set(2));
        assert!(!m.set(2));
        assert!(m.has(2));
        m.reset(4);
        assert!(!m.has(2));
    }

    #[test]
    fn labels_hold_values_until_reset() {
        let mut l: Labels<u32> = Labels::default();
        l.reset(3);
        assert_eq!(l.get(1), None);
        l.set(1, 7);
        assert_eq!(l.get(1), Some(7));
        l.reset(3);
        assert_eq!(l.get(1), None);
    }

    #[test]
    fn sides_hold_one_label_per_node_until_reset() {
        let mut l: Sides<u32> = Sides::default();
        l.reset(3);
        assert_eq!(l.side(1), None);
        l.set(1, 1, 7);
        l.set(2, 0, 9);
        assert_eq!(
            (l.side(1), l.get(1, 1), l.get(1, 0)),
            (Some(1), Some(7), None)
        );
        assert_eq!((l.side(2), l.get(2, 0)), (Some(0), Some(9)));
        l.reset(3);
        assert_eq!((l.side(1), l.get(1, 1), l.side(2)), (None, None, None));
    }

    #[test]
    fn pool_reuses_buffers() {
        with(|m: &mut Marks| m.reset(10));
        let len = with(|m: &mut Marks| m.stamp.len());
        assert_eq!(len, 10);
    }
}
