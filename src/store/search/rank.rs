//! Ranking and counting the documents of a query's expanded terms.
//!
//! [`rank`] is block-max WAND (Ding and Suel, 2011) over posting lists in
//! document order: cursors stand on their current documents, sorted by
//! them; the pivot is the first document whose cursors' score bound beats
//! the k-th best so far; a pivot whose blocks' maxima cannot beat it is
//! skipped past the end of the shortest of those blocks. A document is
//! scored only when its bound could beat the k-th best, so a common word
//! over a million names scores a few pages of documents, not all of them.
//!
//! The score is not a plain sum (the share of query terms matched is
//! squared), but it only grows as a document matches more terms or matches
//! them with more weight, which is all WAND's bound needs.
//!
//! The count walks the union of all postings in document order and stops
//! after [`EXACT_COUNT`] matching documents.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::{Found, Group, Hit, Posting, SearchIndex, BLOCK};
use crate::deadline::{Deadline, Expired};

/// Counts of matching documents are exact up to this many; past it, the
/// count is this lower bound.
pub const EXACT_COUNT: usize = 1000;

/// Boost for documents whose whole name matches the query.
const EXACT_BOOST: f64 = 10.0;

const END: u32 = u32::MAX;

/// A position in one term's postings.
struct TermCursor<'a> {
    list: &'a [Posting],
    blocks: &'a [f32],
    pos: usize,
    mult: f32,
    /// The query term (group) this expansion belongs to.
    group: usize,
    /// The largest weight any of its postings gives.
    max: f32,
}

impl TermCursor<'_> {
    fn doc(&self) -> u32 {
        self.list.get(self.pos).map_or(END, |p| p.doc)
    }

    /// Moves to the first posting at or after `target` (galloping).
    fn seek(&mut self, target: u32) {
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

    /// The weight at `doc` if the cursor stands on it.
    fn weight_at(&self, doc: u32) -> f32 {
        match self.list.get(self.pos) {
            Some(p) if p.doc == doc => p.weight * self.mult,
            _ => 0.0,
        }
    }

    /// For the block holding the first posting at or after `target`: its
    /// largest weight and its last document (without moving the cursor).
    fn block_at(&self, target: u32) -> Option<(f32, u32)> {
        let last = |b: usize| self.list[((b + 1) * BLOCK).min(self.list.len()) - 1].doc;
        let mut b = self.pos / BLOCK;
        let blocks = self.blocks.len();
        if b >= blocks {
            return None;
        }
        // Gallop over blocks' last documents.
        let mut step = 1;
        while b + step < blocks && last(b + step) < target {
            b += step;
            step *= 2;
        }
        while b < blocks && last(b) < target {
            b += 1;
        }
        (b < blocks).then(|| (self.blocks[b] * self.mult, last(b)))
    }
}

/// Cursors over every expansion of every query term, each knowing its
/// group (query term) and the largest weight it can give.
fn cursors<'a>(index: &'a SearchIndex, groups: &[Group]) -> Vec<TermCursor<'a>> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.terms.iter().map(move |t| (g, *t)))
        .filter_map(|(group, (t, mult))| {
            let blocks: &[f32] = index.blocks.get(t as usize)?;
            Some(TermCursor {
                list: index.postings.get(t as usize)?,
                max: blocks.iter().copied().fold(0.0, f32::max) * mult,
                blocks,
                pos: 0,
                mult,
                group,
            })
        })
        .collect()
}

/// The weight at `doc` of each group, found by binary search (for
/// documents scored outside the walk).
fn weights_of(cursors: &[TermCursor<'_>], doc: u32, weights: &mut [f32]) {
    weights.iter_mut().for_each(|w| *w = 0.0);
    for t in cursors {
        if let Ok(i) = t.list.binary_search_by_key(&doc, |p| p.doc) {
            let w = &mut weights[t.group];
            *w = w.max(t.list[i].weight * t.mult);
        }
    }
}

/// Sums per-group maxima over a set of cursors: each group counts once,
/// with its largest value.
struct GroupSum {
    best: Vec<f32>,
    sum: f32,
    groups: usize,
}

impl GroupSum {
    fn new(n: usize) -> Self {
        GroupSum {
            best: vec![0.0; n],
            sum: 0.0,
            groups: 0,
        }
    }

    fn clear(&mut self) {
        self.best.iter_mut().for_each(|b| *b = 0.0);
        self.sum = 0.0;
        self.groups = 0;
    }

    fn add(&mut self, group: usize, value: f32) {
        let b = &mut self.best[group];
        if *b == 0.0 && value > 0.0 {
            self.groups += 1;
        }
        if value > *b {
            self.sum += value - *b;
            *b = value;
        }
    }

    fn bound(&self, n: usize) -> f64 {
        bound(self.sum, self.groups, n)
    }
}

/// A document's score from its per-group weights (see the module docs of
/// `search`).
pub(super) fn score(weights: &[f32], boost: bool) -> f64 {
    let n = weights.len().max(1) as f64;
    let matched = weights.iter().filter(|w| **w > 0.0).count() as f64;
    let sum: f64 = weights.iter().map(|w| f64::from(*w)).sum();
    let coverage = matched / n;
    sum * coverage * coverage + if boost { EXACT_BOOST } else { 0.0 }
}

/// The most a document matching `m` of `n` groups with weights summing to
/// at most `sum` can score (without the boost), rounded up a little so
/// that floating-point order never prunes a document that could tie.
fn bound(sum: f32, m: usize, n: usize) -> f64 {
    let coverage = m as f64 / n.max(1) as f64;
    f64::from(sum) * coverage * coverage * (1.0 + 1e-6) + 1e-9
}

/// A hit in the heap of the best so far, ordered worst first.
#[derive(PartialEq)]
struct Ranked(Hit);

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        // "Greater" is worse: lower score, then higher document.
        other
            .0
            .score
            .total_cmp(&self.0.score)
            .then(self.0.doc.cmp(&other.0.doc))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `limit` hits so far.
struct Best {
    heap: BinaryHeap<Ranked>,
    limit: usize,
}

impl Best {
    /// The score a new document must beat (ties go to the lower document,
    /// which in a walk in document order is the one already held).
    fn threshold(&self) -> f64 {
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.limit => worst.0.score,
            _ => f64::NEG_INFINITY,
        }
    }

    fn offer(&mut self, hit: Hit) {
        if self.limit == 0 {
            return;
        }
        self.heap.push(Ranked(hit));
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }
}

/// Ranks and counts: see the module docs.
pub(super) fn rank(
    index: &SearchIndex,
    groups: &[Group],
    keep: &dyn Fn(u32) -> bool,
    exact: &[u32],
    limit: usize,
    deadline: Deadline,
) -> Result<Found, Expired> {
    let n = groups.len();
    let mut clock = deadline.ticker();
    let mut cursors = cursors(index, groups);
    let mut best = Best {
        heap: BinaryHeap::with_capacity(limit.min(4096) + 1),
        limit,
    };
    let mut exact: Vec<u32> = exact.to_vec();
    exact.sort_unstable();
    exact.dedup();
    // Whole-name matches are scored directly; the walk skips them.
    let mut unmatched_exact = 0;
    let mut weights = vec![0f32; n];
    for &doc in &exact {
        if !keep(doc) {
            continue;
        }
        weights_of(&cursors, doc, &mut weights);
        if weights.iter().all(|w| *w == 0.0) {
            unmatched_exact += 1;
        }
        best.offer(Hit {
            doc,
            score: score(&weights, true),
        });
    }
    // Cursors by current document; exhausted ones leave.
    let mut order: Vec<usize> = (0..cursors.len()).collect();
    let mut sums = GroupSum::new(n);
    loop {
        if clock.tick() {
            return Err(Expired);
        }
        // Nearly sorted after each step: the stable sort runs in about
        // linear time.
        order.sort_by_key(|&c| cursors[c].doc());
        while order.last().is_some_and(|&c| cursors[c].doc() == END) {
            order.pop();
        }
        let theta = best.threshold();
        // The pivot: the first cursor at which the bound beats theta.
        sums.clear();
        let mut pivot = None;
        for (j, &c) in order.iter().enumerate() {
            sums.add(cursors[c].group, cursors[c].max);
            if sums.bound(n) > theta {
                pivot = Some(j);
                break;
            }
        }
        let Some(mut p) = pivot else { break };
        let doc = cursors[order[p]].doc();
        while p + 1 < order.len() && cursors[order[p + 1]].doc() == doc {
            p += 1;
        }
        // Block maxima: can anything from `doc` to the end of the shortest
        // block beat theta?
        sums.clear();
        let mut block_end = END;
        for &c in &order[..=p] {
            if let Some((w, end)) = cursors[c].block_at(doc) {
                sums.add(cursors[c].group, w);
                block_end = block_end.min(end);
            }
        }
        if sums.bound(n) <= theta {
            let next = order.get(p + 1).map_or(END, |&c| cursors[c].doc());
            let target = block_end.saturating_add(1).min(next).max(doc + 1);
            for &c in &order[..=p] {
                cursors[c].seek(target);
            }
            continue;
        }
        if cursors[order[0]].doc() != doc {
            for &c in &order[..p] {
                cursors[c].seek(doc);
            }
            continue;
        }
        if exact.binary_search(&doc).is_err() && keep(doc) {
            weights.iter_mut().for_each(|w| *w = 0.0);
            for &c in &order[..=p] {
                let t = &cursors[c];
                weights[t.group] = weights[t.group].max(t.weight_at(doc));
            }
            best.offer(Hit {
                doc,
                score: score(&weights, false),
            });
        }
        for &c in &order[..=p] {
            cursors[c].seek(doc + 1);
        }
    }
    let mut hits: Vec<Hit> = best.heap.into_iter().map(|r| r.0).collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    let (counted, complete) = count(index, groups, keep, &mut clock)?;
    let total = counted + unmatched_exact;
    Ok(Found {
        hits,
        total: if complete {
            total
        } else {
            total.max(EXACT_COUNT)
        },
        exact: complete,
    })
}

/// Counts the kept documents of the union of every group's postings, up to
/// [`EXACT_COUNT`]; says whether the count is complete.
fn count(
    index: &SearchIndex,
    groups: &[Group],
    keep: &dyn Fn(u32) -> bool,
    clock: &mut crate::deadline::Ticker,
) -> Result<(usize, bool), Expired> {
    let mut cursors = cursors(index, groups);
    // A min-heap of (current document, cursor).
    let mut heap: BinaryHeap<Reverse<(u32, usize)>> = cursors
        .iter()
        .enumerate()
        .filter(|(_, c)| c.doc() != END)
        .map(|(i, c)| Reverse((c.doc(), i)))
        .collect();
    let mut counted = 0;
    while let Some(&Reverse((doc, _))) = heap.peek() {
        if clock.tick() {
            return Err(Expired);
        }
        if keep(doc) {
            if counted == EXACT_COUNT {
                return Ok((counted, false));
            }
            counted += 1;
        }
        while let Some(mut top) = heap.peek_mut() {
            let Reverse((at, i)) = *top;
            if at != doc {
                break;
            }
            cursors[i].pos += 1;
            let next = cursors[i].doc();
            if next == END {
                std::collections::binary_heap::PeekMut::pop(top);
            } else {
                *top = Reverse((next, i));
            }
        }
    }
    Ok((counted, true))
}
