//! Ranking and counting the documents of a query's expanded terms.
//!
//! [`rank`] is MaxScore (Turtle and Flood, 1995) over posting lists in
//! document order. Cursors are sorted by the largest weight they can give;
//! the longest prefix of them whose combined bound cannot beat the k-th
//! best so far is non-essential: a document only they match cannot enter
//! the top k. The walk gathers the essential lists' postings a window of
//! documents at a time (no per-document sorting of cursors), and each
//! gathered document probes the non-essential lists, largest first, only
//! while its bound can still beat the k-th best. As the k-th best rises,
//! more lists become non-essential: a common word over a million names is
//! probed for a few candidates, not walked.
//!
//! The score is not a plain sum (the share of query terms matched is
//! squared, and a query term counts once, with its best expansion), but it
//! only grows as a document matches more terms or matches them with more
//! weight, which is all the bounds need.
//!
//! A one-word query's first page (up to 64 hits) is read from each
//! list's first postings in impact order instead (`single.rs`), where
//! they settle it; the walk answers the rest.
//!
//! The count marks the union of all postings a window of documents at a
//! time, in document order, and stops after [`EXACT_COUNT`] matching
//! documents.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

mod count;
mod cursor;
mod single;

use count::count;
pub use count::EXACT_COUNT;
use cursor::{cursors, weights_of, Backoff, TermCursor, END};

use super::{Found, Group, Hit, Keep, SearchIndex, TOP};
use crate::deadline::{Deadline, Expired, Ticker};

/// Boost for documents whose whole name matches the query.
const EXACT_BOOST: f64 = 10.0;

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
fn bound(sum: f64, m: usize, n: usize) -> f64 {
    let coverage = m as f64 / n.max(1) as f64;
    sum * coverage * coverage * (1.0 + 1e-6) + 1e-9
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
    /// A score below that of `limit` documents known before the walk
    /// (see [`floor`]): no document scoring at most this enters.
    floor: f64,
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

    /// Whether a document at or after `doc` scoring at most `bound` could
    /// enter. A tie with the k-th best loses when that one is the lower
    /// document (ties go to the lower document); it can win when the k-th
    /// best is an exact-name match later in document order than `doc`.
    fn can_beat(&self, bound: f64, doc: u32) -> bool {
        if bound <= self.floor {
            return false;
        }
        let theta = self.threshold();
        match self.heap.peek() {
            Some(worst) if worst.0.doc < doc => bound > theta,
            _ => bound >= theta,
        }
    }

    fn offer(&mut self, hit: Hit) {
        if self.limit == 0 {
            return;
        }
        let hit = Ranked(hit);
        if self.heap.len() < self.limit {
            self.heap.push(hit);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            // Full: only a better hit replaces the worst (many documents
            // tie with it, and most offers are those).
            if hit < *worst {
                *worst = hit;
            }
        }
    }
}

/// Documents per window of the walk (fewer for long queries, so the
/// window's per-group weights stay within a few hundred kilobytes).
fn window_size(groups: usize) -> u32 {
    // Unit tests use small windows, so that their small indexes span
    // many and the skipping of windows is checked against the reference.
    let (least, most) = if cfg!(test) { (8, 32) } else { (64, 4096) };
    (65_536 / groups.max(1)).clamp(least, most) as u32
}

/// Cursors in order of their largest weight, smallest first, with what a
/// document can score from any prefix of them.
struct Tiers {
    /// `upper[i]`: the most a document matched only by cursors `0..=i` can
    /// score: [`score`] of each group's largest maximum among them. Exact,
    /// not rounded up: the weights of such a document are each at most
    /// those maxima, and `score` sums them in the same order, so by the
    /// monotonicity of rounding it cannot score more.
    upper: Vec<f64>,
    /// `group_max[i * n + g]`: the largest maximum of group `g` among
    /// cursors `0..=i`.
    group_max: Vec<f32>,
    n: usize,
}

impl Tiers {
    fn new(cursors: &[TermCursor<'_>], n: usize) -> Tiers {
        let mut best = vec![0f32; n];
        let mut upper = Vec::with_capacity(cursors.len());
        let mut group_max = Vec::with_capacity(cursors.len() * n);
        for c in cursors {
            let b = &mut best[c.group];
            *b = b.max(c.max);
            upper.push(score(&best, false));
            group_max.extend_from_slice(&best);
        }
        Tiers {
            upper,
            group_max,
            n,
        }
    }

    /// How many leading cursors are non-essential: a document at or after
    /// `doc` that only they match cannot enter `best`.
    fn non_essential(&self, best: &Best, doc: u32) -> usize {
        self.upper.partition_point(|u| !best.can_beat(*u, doc))
    }
}

/// Ranks and counts: see the module docs.
pub(super) fn rank(
    index: &SearchIndex,
    groups: &[Group],
    keep: Keep<'_>,
    exact: &[u32],
    limit: usize,
    deadline: Deadline,
) -> Result<Found, Expired> {
    let n = groups.len();
    let mut clock = deadline.ticker();
    let mut cursors = cursors(index, groups);
    cursors.sort_by(|a, b| a.max.total_cmp(&b.max));
    let mut exact: Vec<u32> = exact.to_vec();
    exact.sort_unstable();
    exact.dedup();
    // Whole-name matches are scored directly; the walk skips them.
    let mut unmatched_exact = 0;
    let mut weights = vec![0f32; n];
    let mut exact_hits = Vec::new();
    for &doc in &exact {
        if !keep.has(doc) {
            continue;
        }
        weights_of(&cursors, doc, &mut weights);
        if weights.iter().all(|w| *w == 0.0) {
            unmatched_exact += 1;
        }
        exact_hits.push(Hit {
            doc,
            score: score(&weights, true),
        });
    }
    let single = if n == 1 && limit <= TOP {
        single::top(&cursors, keep, &exact, &exact_hits, limit, &mut clock)?
    } else {
        None
    };
    let mut hits = match single {
        Some(hits) => hits,
        None => walk(
            &mut cursors,
            n,
            keep,
            &exact,
            &exact_hits,
            limit,
            &mut clock,
        )?,
    };
    hits.sort_unstable_by_key(|h| Ranked(*h));
    let (counted, complete) = count(&mut cursors, keep, &mut clock)?;
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

/// The best `limit` hits by MaxScore, in no order: see the module docs.
fn walk(
    cursors: &mut [TermCursor<'_>],
    n: usize,
    keep: Keep<'_>,
    exact: &[u32],
    exact_hits: &[Hit],
    limit: usize,
    clock: &mut Ticker,
) -> Result<Vec<Hit>, Expired> {
    let tiers = Tiers::new(cursors, n);
    let mut best = Best {
        heap: BinaryHeap::with_capacity(limit.min(4096) + 1),
        limit,
        floor: floor(cursors, n, keep, limit),
    };
    exact_hits.iter().for_each(|h| best.offer(*h));
    let mut weights = vec![0f32; n];
    // The walk, one window of documents at a time: the essential cursors'
    // postings in the window are gathered per document and group, then each
    // gathered document probes the non-essential cursors, best first, while
    // its bound can still beat the k-th best (MaxScore).
    let width = window_size(n);
    let mut gathered = vec![0f32; width as usize * n];
    let mut touched = vec![0u64; (width as usize).div_ceil(64)];
    // Every document before this one has been walked.
    let mut walked: u32 = 0;
    let mut window = vec![0f32; n];
    let mut skip = Backoff::default();
    // The first windows are narrower, doubling up to `width`: the k-th
    // best is known after a few documents, and from then on a window that
    // cannot beat it is skipped whole. With one wide window from the
    // start, a common word's list (1,333 postings of "park" on the 100k
    // graph, all in the first 4,096 documents) was gathered and offered
    // document by document.
    let mut span = (width / 16).max(if cfg!(test) { 4 } else { 64 }).min(width);
    loop {
        if clock.tick() {
            return Err(Expired);
        }
        let split = tiers.non_essential(&best, walked);
        let (probed, essential) = cursors.split_at_mut(split);
        let Some(start) = essential.iter().map(TermCursor::doc).min() else {
            break;
        };
        if start == END {
            break;
        }
        let end = start.saturating_add(span);
        let words = (span as usize).div_ceil(64);
        span = span.saturating_mul(2).min(width);
        // What a document of this window can score at most: per group, the
        // essential cursors' block maxima here or the non-essential
        // cursors' maxima. A window that cannot beat the k-th best is
        // skipped whole (block-max pruning: a list whose largest weight
        // is an outlier stays essential, but only its blocks near that
        // outlier are walked). The check costs a search per essential
        // cursor; where it keeps failing (common words, whose weights are
        // all alike) it is tried ever more rarely: after 1, 2, 4 ... up to
        // 64 windows.
        walked = end;
        let check = skip.due();
        if check {
            match split.checked_sub(1) {
                Some(row) => window.copy_from_slice(&tiers.group_max[row * n..(row + 1) * n]),
                None => window.iter_mut().for_each(|w| *w = 0.0),
            }
            for c in essential.iter_mut() {
                let w = &mut window[c.group];
                *w = w.max(c.window(end));
            }
            let can_beat = best.can_beat(score(&window, false), start);
            skip.result(!can_beat);
            if !can_beat {
                essential.iter_mut().for_each(|c| c.pos = c.until);
                continue;
            }
        }
        for c in essential.iter_mut() {
            if !check {
                // A linear walk: measured faster here than a search of
                // the rest of a long list, whose first probes miss the
                // cache.
                c.until = c.pos;
                while c.list.get(c.until).is_some_and(|p| p.doc < end) {
                    c.until += 1;
                }
            }
            for p in c.list.get(c.pos..c.until).unwrap_or_default() {
                let at = (p.doc - start) as usize;
                let w = &mut gathered[at * n + c.group];
                *w = w.max(p.weight * c.mult);
                touched[at / 64] |= 1 << (at % 64);
            }
            c.pos = c.until;
        }
        for (word, slot) in touched.iter_mut().take(words).enumerate() {
            let mut bits = std::mem::take(slot);
            while bits != 0 {
                let at = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let doc = start + at as u32;
                let found = &mut gathered[at * n..(at + 1) * n];
                weights.copy_from_slice(found);
                found.iter_mut().for_each(|w| *w = 0.0);
                if exact.binary_search(&doc).is_ok() {
                    continue;
                }
                if keep.has(doc)
                    && probe(
                        probed,
                        &tiers,
                        &mut weights,
                        doc,
                        best.threshold().max(best.floor),
                    )
                {
                    best.offer(Hit {
                        doc,
                        score: score(&weights, false),
                    });
                }
            }
        }
    }
    Ok(best.heap.into_iter().map(|r| r.0).collect())
}

/// Postings the [`floor`] reads at most.
const FLOOR_POSTINGS: usize = 256;

/// A score that `limit` kept documents are known to beat, from the short
/// lists with the largest weights (rare prefix completions and typo
/// neighbours, whose documents otherwise turn up late in the walk while
/// a common term's long list is gathered document by document): each of
/// their documents scores at least its posting's weight there times the
/// least share of query terms, `1 / n` squared. Rounded down, so that a
/// document scoring this much or less cannot be among the best `limit`.
/// Negative infinity when fewer than `limit` such documents are found.
///
/// Measured on the 100k graph in process over the HTTP load's 582 words:
/// the mean search fell from 31.4-32.7 to 29.4-30.6 us, the p99 from
/// 77-79 to 66-70 us.
fn floor(cursors: &[TermCursor<'_>], n: usize, keep: Keep<'_>, limit: usize) -> f64 {
    if limit == 0 {
        return f64::NEG_INFINITY;
    }
    let share = 1.0 / (n.max(1) as f64).powi(2);
    let mut seen: Vec<(u32, f64)> = Vec::new();
    for c in cursors.iter().rev() {
        if seen.len() + c.list.len() > FLOOR_POSTINGS {
            continue;
        }
        for p in c.list {
            if keep.has(p.doc) {
                seen.push((p.doc, f64::from(p.weight * c.mult) * share));
            }
        }
    }
    // Each document once, with its largest bound.
    seen.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    seen.dedup_by_key(|d| d.0);
    if seen.len() < limit {
        return f64::NEG_INFINITY;
    }
    let (_, kth, _) = seen.select_nth_unstable_by(limit - 1, |a, b| b.1.total_cmp(&a.1));
    kth.1 * (1.0 - 1e-6)
}

/// Adds to `weights` what the non-essential cursors give `doc`, largest
/// first; stops (returning false) as soon as the document's bound cannot
/// beat `theta`. A cursor whose maximum cannot raise its group's weight is
/// not moved.
fn probe(
    cursors: &mut [TermCursor<'_>],
    tiers: &Tiers,
    weights: &mut [f32],
    doc: u32,
    theta: f64,
) -> bool {
    let Some(last) = cursors.len().checked_sub(1) else {
        return true;
    };
    let n = tiers.n;
    let rest = |i: usize, g: usize| tiers.group_max[i * n + g];
    // The bound's sum and matched groups: per group the larger of its
    // weight so far and the largest maximum among cursors still to probe.
    // Each step changes one group, so both are kept up to date in O(1)
    // (a profile showed the bound recomputed per step as most of the time
    // for queries of ten words).
    let (mut sum, mut m) = (0f64, 0usize);
    // Groups a cursor still to probe could raise: once there are none, the
    // rest of the probe cannot change the weights (with one query term,
    // usually right away; walking on cost a profile's most time on common
    // words, where many documents tie with the k-th best and so keep a
    // bound just above it).
    let mut open = 0usize;
    for (g, w) in weights.iter().enumerate() {
        let best = w.max(rest(last, g));
        sum += f64::from(best);
        m += usize::from(best > 0.0);
        open += usize::from(rest(last, g) > *w);
    }
    for i in (0..=last).rev() {
        if open == 0 {
            return true;
        }
        if bound(sum, m, n) <= theta {
            return false;
        }
        let c = &mut cursors[i];
        let g = c.group;
        let was = weights[g];
        let before = was.max(rest(i, g));
        if c.max > was {
            c.seek(doc);
            weights[g] = was.max(c.weight_at(doc));
        }
        let left = i.checked_sub(1).map_or(0.0, |next| rest(next, g));
        let after = weights[g].max(left);
        sum += f64::from(after) - f64::from(before);
        m = m + usize::from(after > 0.0) - usize::from(before > 0.0);
        open = open + usize::from(left > weights[g]) - usize::from(rest(i, g) > was);
    }
    true
}
