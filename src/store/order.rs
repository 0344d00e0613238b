//! Entities in id order. The base's nodes are numbered in id order, so for
//! them node order is id order; entities created since the base get the
//! next node numbers, so they are merged in by id.

use std::iter::Peekable;

use petgraph::graph::NodeIndex;

use super::Store;
use crate::model::EntityKind;

impl Store {
    /// Compares two nodes by their entities' ids: by number while both are
    /// the base's (numbered in id order), by id once either was created
    /// since.
    #[inline]
    pub(crate) fn cmp_nodes(&self, a: u32, b: u32) -> std::cmp::Ordering {
        let base = self.base_nodes() as u32;
        if a < base && b < base {
            return a.cmp(&b);
        }
        let id = |n: u32| self.entity(NodeIndex::new(n as usize)).id.as_str();
        id(a).cmp(id(b)).then(a.cmp(&b))
    }

    /// Whether node order is id order for every entity: true until an
    /// entity is created (the base's nodes are numbered in id order).
    pub fn node_order_is_id_order(&self) -> bool {
        self.delta.nodes as usize == self.base_nodes()
    }

    /// The live entities of some kinds (all when `None`), in id order.
    ///
    /// ```
    /// # let store = innograph::load::builtin().unwrap();
    /// use innograph::model::EntityKind;
    /// let ids: Vec<String> = store
    ///     .in_id_order(Some(&[EntityKind::Region]))
    ///     .map(|ix| store.entity(ix).id.to_string())
    ///     .collect();
    /// assert!(ids.windows(2).all(|w| w[0] < w[1]));
    /// ```
    pub fn in_id_order<'s>(
        &'s self,
        kinds: Option<&[EntityKind]>,
    ) -> Box<dyn Iterator<Item = NodeIndex> + 's> {
        let kinds: Vec<EntityKind> = match kinds {
            None => EntityKind::ALL.to_vec(),
            Some(ks) => {
                let mut ks = ks.to_vec();
                ks.sort();
                ks.dedup();
                ks
            }
        };
        let all = kinds.len() == EntityKind::ALL.len();
        let base: Box<dyn Iterator<Item = NodeIndex> + 's> = if all {
            Box::new((0..self.base_nodes()).map(NodeIndex::new))
        } else {
            let lists = kinds
                .iter()
                .map(|k| {
                    let it: Box<dyn Iterator<Item = NodeIndex> + 's> =
                        Box::new(self.base.of_kind(*k).iter().copied());
                    it.peekable()
                })
                .collect();
            Box::new(ByNode { lists })
        };
        let live = move |ix: &NodeIndex| self.is_live(*ix);
        if self.node_order_is_id_order() {
            return Box::new(base.filter(live));
        }
        let mut fresh: Vec<NodeIndex> = kinds
            .iter()
            .flat_map(|k| self.delta.new_by_kind[*k as usize].iter())
            .map(|n| NodeIndex::new(*n as usize))
            .filter(live)
            .collect();
        fresh.sort_by(|a, b| self.entity(*a).id.as_str().cmp(self.entity(*b).id.as_str()));
        Box::new(ById {
            store: self,
            base: base.filter(live).peekable(),
            fresh: fresh.into_iter().peekable(),
        })
    }
}

/// Merges node lists, each in node order, into node order.
struct ByNode<'s> {
    lists: Vec<Peekable<Box<dyn Iterator<Item = NodeIndex> + 's>>>,
}

impl Iterator for ByNode<'_> {
    type Item = NodeIndex;

    fn next(&mut self) -> Option<NodeIndex> {
        let i = (0..self.lists.len())
            .filter_map(|i| self.lists[i].peek().map(|n| (i, *n)))
            .min_by_key(|(_, n)| *n)?
            .0;
        self.lists[i].next()
    }
}

/// Merges the base's nodes (in id order) with created ones sorted by id.
struct ById<'s, B: Iterator<Item = NodeIndex>> {
    store: &'s Store,
    base: Peekable<B>,
    fresh: Peekable<std::vec::IntoIter<NodeIndex>>,
}

impl<B: Iterator<Item = NodeIndex>> Iterator for ById<'_, B> {
    type Item = NodeIndex;

    fn next(&mut self) -> Option<NodeIndex> {
        match (self.base.peek(), self.fresh.peek()) {
            (Some(b), Some(f)) => {
                let id = |ix: &NodeIndex| self.store.entity(*ix).id.as_str();
                if id(b) < id(f) {
                    self.base.next()
                } else {
                    self.fresh.next()
                }
            }
            (Some(_), None) => self.base.next(),
            (None, _) => self.fresh.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_kind_lists_are_in_node_order() {
        let list = |l: Vec<usize>| {
            let it: Box<dyn Iterator<Item = NodeIndex>> =
                Box::new(l.into_iter().map(NodeIndex::new));
            it.peekable()
        };
        let merged: Vec<usize> = ByNode {
            lists: vec![list(vec![1, 4]), list(vec![2, 3, 9])],
        }
        .map(|n| n.index())
        .collect();
        assert_eq!(merged, vec![1, 2, 3, 4, 9]);
    }
}
