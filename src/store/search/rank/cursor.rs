//! Cursors over posting lists, and when to try skipping a window of them.

use super::super::{Group, Posting, SearchIndex, BLOCK};

/// The end of a list: past every document.
pub(super) const END: u32 = u32::MAX;

/// A position in one term's postings.
pub(super) struct TermCursor<'a> {
    pub(super) list: &'a [Posting],
    /// The largest weight of each block of `BLOCK` postings.
    pub(super) blocks: &'a [f32],
    /// The list's first postings in impact order, if it is long (see
    /// `SearchIndex::top`).
    pub(super) top: &'a [Posting],
    pub(super) pos: usize,
    /// Where the current window's postings end.
    pub(super) until: usize,
    pub(super) mult: f32,
    /// The query term (group) this expansion belongs to.
    pub(super) group: usize,
    /// The largest weight any of its postings gives.
    pub(super) max: f32,
}

impl TermCursor<'_> {
    pub(super) fn doc(&self) -> u32 {
        self.list.get(self.pos).map_or(END, |p| p.doc)
    }

    /// Moves to the first posting at or after `target` (galloping).
    pub(super) fn seek(&mut self, target: u32) {
        if self.doc() >= target {
            return;
        }
        let rest = &self.list[self.pos..];
        let mut hi = 1;
        while hi < rest.len() && rest[hi].doc < target {
            hi *= 2;
        }
        let lo = hi / 2;
        let hi = hi.min(rest.len());
        self.pos += lo + rest[lo..hi].partition_point(|p| p.doc < target);
    }

    /// Sets `until` to the first posting at or after `end` (galloping),
    /// and returns the largest weight the postings before it can give
    /// (from the block maxima, so perhaps a little more).
    pub(super) fn window(&mut self, end: u32) -> f32 {
        let rest = self.list.get(self.pos..).unwrap_or_default();
        let (mut lo, mut hi) = (0, 1);
        while hi < rest.len() && rest[hi].doc < end {
            lo = hi;
            hi *= 2;
        }
        let hi = hi.min(rest.len());
        self.until = self.pos + lo + rest[lo..hi].partition_point(|p| p.doc < end);
        if self.until == self.pos {
            return 0.0;
        }
        let blocks = self.pos / BLOCK..=(self.until - 1) / BLOCK;
        let max = self.blocks.get(blocks).map_or(self.max, |b| {
            b.iter().copied().fold(0.0, f32::max) * self.mult
        });
        max.min(self.max)
    }

    /// The weight at `doc` if the cursor stands on it.
    pub(super) fn weight_at(&self, doc: u32) -> f32 {
        match self.list.get(self.pos) {
            Some(p) if p.doc == doc => p.weight * self.mult,
            _ => 0.0,
        }
    }
}

/// Cursors over every expansion of every query term, each knowing its
/// group (query term) and the largest weight it can give.
pub(super) fn cursors<'a>(index: &'a SearchIndex, groups: &[Group]) -> Vec<TermCursor<'a>> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.terms.iter().map(move |t| (g, *t)))
        .filter_map(|(group, (t, mult))| {
            Some(TermCursor {
                list: index.postings.get(t as usize)?,
                blocks: index.blocks(t as usize),
                top: index.top(t as usize),
                max: index.maxima.get(t as usize)? * mult,
                pos: 0,
                until: 0,
                mult,
                group,
            })
        })
        .collect()
}

/// The weight at `doc` of each group, found by binary search (for
/// documents scored outside the walk).
pub(super) fn weights_of(cursors: &[TermCursor<'_>], doc: u32, weights: &mut [f32]) {
    weights.iter_mut().for_each(|w| *w = 0.0);
    for t in cursors {
        if let Ok(i) = t.list.binary_search_by_key(&doc, |p| p.doc) {
            let w = &mut weights[t.group];
            *w = w.max(t.list[i].weight * t.mult);
        }
    }
}

/// When to try skipping a window by its block maxima: every window while
/// it works, ever more rarely while it does not.
#[derive(Default)]
pub(super) struct Backoff {
    /// Windows to wait before the next try.
    wait: u32,
    /// The wait after the next failure.
    step: u32,
}

impl Backoff {
    pub(super) fn due(&mut self) -> bool {
        if self.wait == 0 {
            return true;
        }
        self.wait -= 1;
        false
    }

    pub(super) fn result(&mut self, skipped: bool) {
        if skipped {
            self.step = 0;
        } else {
            self.wait = self.step;
            self.step = (self.step * 2).clamp(1, 64);
        }
    }
}
