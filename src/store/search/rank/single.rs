//! The best hits of a one-word query, from the lists' impact order.
//!
//! With one query term a document's score is the largest weight any of
//! the term's expansions gives it (see [`super::score`]: one group, all
//! of it matched). A document among the best `k` then stands among the
//! first `k` of the list that gives it that weight, in that list's order
//! of weight, ties by document: any document before it there scores at
//! least as much and wins the tie. So the best `k` are found among each
//! list's first `k` documents, which for a long list are kept in impact
//! order ([`TermCursor::top`]) and for a short one are all of it.
//!
//! Lists are read largest maximum first, and each stops as soon as its
//! next posting cannot enter: a common word's 1,000 postings are read
//! ten at a time instead of walked in document order. Where a long
//! list's kept prefix runs out while its postings could still enter
//! (more than that many filtered out, or a deeper page), [`top`] says so
//! and the walk of `rank` answers instead.

use super::super::{Hit, Keep};
use super::cursor::TermCursor;
use super::{score, Ranked};
use crate::deadline::{Expired, Ticker};

/// At most `limit` hits, in no order, each document once with its
/// largest score.
struct Top {
    hits: Vec<Hit>,
    limit: usize,
    /// The position of the worst of `hits`, once there are `limit`.
    worst: usize,
}

impl Top {
    /// Whether a hit of `doc` scoring `score` would be kept (as a new
    /// document; one already held is raised regardless).
    fn can_enter(&self, doc: u32, score: f64) -> bool {
        match self.hits.get(self.worst) {
            Some(worst) if self.hits.len() >= self.limit => {
                Ranked(Hit { doc, score }) < Ranked(*worst)
            }
            _ => self.limit > 0,
        }
    }

    fn offer(&mut self, hit: Hit) {
        if let Some(held) = self.hits.iter_mut().find(|h| h.doc == hit.doc) {
            if hit.score > held.score {
                held.score = hit.score;
                self.find_worst();
            }
            return;
        }
        if !self.can_enter(hit.doc, hit.score) {
            return;
        }
        if self.hits.len() < self.limit {
            self.hits.push(hit);
        } else if let Some(worst) = self.hits.get_mut(self.worst) {
            *worst = hit;
        }
        self.find_worst();
    }

    fn find_worst(&mut self) {
        let mut worst = 0;
        for (i, h) in self.hits.iter().enumerate() {
            if Ranked(self.hits[worst]) < Ranked(*h) {
                worst = i;
            }
        }
        self.worst = worst;
    }
}

/// The best `limit` hits, in no order, of a one-word query's `cursors` (sorted by
/// their maxima, smallest first), with the whole-name matches `exact`
/// (sorted, already scored in `exact_hits`) among them; `None` when a
/// long list's kept prefix does not settle it.
pub(super) fn top(
    cursors: &[TermCursor<'_>],
    keep: Keep<'_>,
    exact: &[u32],
    exact_hits: &[Hit],
    limit: usize,
    clock: &mut Ticker,
) -> Result<Option<Vec<Hit>>, Expired> {
    let mut top = Top {
        hits: Vec::with_capacity(limit),
        limit,
        worst: 0,
    };
    exact_hits.iter().for_each(|h| top.offer(*h));
    // Whole-name matches are scored above; the lists skip them.
    let other =
        |doc: u32| keep.has(doc) && (exact.is_empty() || exact.binary_search(&doc).is_err());
    let hit = |doc: u32, weight: f32| Hit {
        doc,
        score: score(&[weight], false),
    };
    for c in cursors.iter().rev() {
        // No posting of this list, nor of those after it, can enter.
        if !top.can_enter(0, score(&[c.max], false)) {
            break;
        }
        if c.top.is_empty() {
            if clock.tick_by(c.list.len()) {
                return Err(Expired);
            }
            for p in c.list {
                let h = hit(p.doc, p.weight * c.mult);
                if top.can_enter(h.doc, h.score) && other(p.doc) {
                    top.offer(h);
                }
            }
            continue;
        }
        if clock.tick() {
            return Err(Expired);
        }
        let mut settled = false;
        for p in c.top {
            let h = hit(p.doc, p.weight * c.mult);
            // The rest weigh no more and come later in document order.
            if !top.can_enter(h.doc, h.score) {
                settled = true;
                break;
            }
            if other(p.doc) {
                top.offer(h);
            }
        }
        if !settled && c.top.len() < c.list.len() {
            return Ok(None);
        }
    }
    Ok(Some(top.hits))
}
