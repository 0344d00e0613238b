//! The history of changes, kept in memory beside the snapshot it led to:
//! every change in revision order, and for each target (an entity, a
//! relation, a fact, a source) the revisions that touched it. Copy-on-write
//! like the store's delta, so each snapshot carries its own history.

use std::sync::Arc;

use crate::journal::Change;
use crate::store::cow::CowMap;

/// Changes by revision, and the revisions of each target.
#[derive(Debug, Clone, Default)]
pub struct History {
    changes: Vec<Arc<[Arc<Change>]>>,
    len: usize,
    by_target: CowMap<Box<str>, Arc<Vec<u64>>>,
    by_idempotency_key: CowMap<Box<str>, u64>,
}

/// Changes per chunk of the history.
const CHUNK: usize = 256;

impl History {
    /// How many changes there are (the last revision, since revisions run
    /// from 1 without gaps).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The change at a revision.
    pub fn get(&self, revision: u64) -> Option<&Arc<Change>> {
        let i = usize::try_from(revision.checked_sub(1)?).ok()?;
        self.changes.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// Up to `limit` changes after revision `after`, in order.
    pub fn since(&self, after: u64, limit: usize) -> impl Iterator<Item = &Arc<Change>> {
        (after.saturating_add(1)..=self.len as u64)
            .take(limit)
            .filter_map(move |r| self.get(r))
    }

    /// The revisions that touched a target, oldest first.
    pub fn of_target(&self, target: &str) -> &[u64] {
        self.by_target
            .get(target)
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    /// The last revision that touched a target, if any.
    pub fn last_of(&self, target: &str) -> Option<u64> {
        self.of_target(target).last().copied()
    }

    /// The revision that used an idempotency key, if any.
    pub fn by_idempotency_key(&self, key: &str) -> Option<u64> {
        self.by_idempotency_key.get(key).copied()
    }

    /// Appends a change (its revision must be the next one) touching
    /// `targets`.
    pub fn push(&mut self, change: Arc<Change>, targets: impl IntoIterator<Item = String>) {
        debug_assert_eq!(change.revision, self.len as u64 + 1);
        let revision = change.revision;
        if let Some(k) = &change.change.idempotency_key {
            self.by_idempotency_key.insert(k.as_str().into(), revision);
        }
        match self.changes.last_mut() {
            Some(last) if last.len() < CHUNK => {
                let mut v: Vec<Arc<Change>> = last.to_vec();
                v.push(change);
                *last = v.into();
            }
            _ => self.changes.push(Arc::from(vec![change])),
        }
        self.len += 1;
        for t in targets {
            let key = t.into_boxed_str();
            let mut v: Vec<u64> = self
                .by_target
                .get(&key)
                .map(|v| (**v).clone())
                .unwrap_or_default();
            if v.last() != Some(&revision) {
                v.push(revision);
                self.by_target.insert(key, Arc::new(v));
            }
        }
    }
}
