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

    /// Whether `i` has a label.
    #[inline]
    pub(crate) fn has(&self, i: u32) -> bool {
        self.marks.has(i)
    }

    /// Labels `i` with `value`; returns whether it had no label before.
    #[inline]
    pub(crate) fn set(&mut self, i: u32, value: T) -> bool {
        self.values[i as usize] = value;
        self.marks.set(i)
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
    fn pool_reuses_buffers() {
        with(|m: &mut Marks| m.reset(10));
        let len = with(|m: &mut Marks| m.stamp.len());
        assert_eq!(len, 10);
    }
}
