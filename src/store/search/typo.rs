//! Typo candidates: which dictionary terms are within a few edits of a
//! query term.
//!
//! [`Within`] is an [`fst::Automaton`] whose state is one row of the
//! edit-distance table (optimal string alignment: an insertion, deletion,
//! substitution or swap of neighbours each counts one), advanced one
//! dictionary character at a time. Only the cells within `budget` of the
//! diagonal are kept (the others are over the budget anyway), so a state
//! is a few bytes and a step costs at most five cells. Running it over
//! the fst visits only the branches that can still end within the budget,
//! as a Levenshtein DFA does, but it costs nothing to set up.
//!
//! The dictionary's fst walk (`terms.rs`) steps it once per node for all
//! the characters its [`Within::window`] does not hold, and looks up only
//! those of [`Within::each_hope`] once that row is over the budget.
//!
//! Why by hand: the `levenshtein_automata` crate builds a DFA per query
//! term, and a profile of search requests on the built-in data (one
//! worker, rotating words) put 30% of the server's CPU in that build
//! (`build_dfa`, `add_state`, `add_transition` and their copies), more
//! than the ranking itself.
//!
//! [`within_edits`] is the plain dynamic programme, the reference the
//! automaton is tested against and what `explain` uses per hit.

use fst::Automaton;

/// The largest budget [`Within`] takes.
const MAX_BUDGET: u32 = 2;

/// Cells kept per row: the diagonal and `MAX_BUDGET` either side.
pub(super) const BAND: usize = 2 * MAX_BUDGET as usize + 1;

/// Matches the terms at most `budget` edits from a query term.
#[derive(Debug)]
pub(super) struct Within {
    query: Vec<char>,
    /// The query as text, and where each of its characters starts in it
    /// (with its length last), for [`Within::tails`].
    text: String,
    starts: Vec<usize>,
    budget: u8,
}

/// Where the automaton is after `read` characters: the edit distances
/// from the query's prefixes of `read - MAX_BUDGET ..= read + MAX_BUDGET`
/// characters to what was read, and the same for the row before (for
/// swaps), each capped at `budget + 1`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    cur: [u8; BAND],
    prev: [u8; BAND],
    read: u32,
    /// The last whole character read, if any.
    last: Option<char>,
    /// A multi-byte character being read: its bits so far and how many
    /// continuation bytes are still to come.
    partial: u32,
    pending: u8,
}

impl Row {
    /// Whether the row stands between two characters (not inside one's
    /// UTF-8 bytes).
    pub(super) fn between_characters(&self) -> bool {
        self.pending == 0
    }
}

/// The cell for query prefix `i` in a band of row `row` (a cell outside
/// the band is over any budget).
fn cell(band: &[u8; BAND], row: u32, i: i64, cap: u8) -> u8 {
    let at = i - i64::from(row) + i64::from(MAX_BUDGET);
    usize::try_from(at)
        .ok()
        .and_then(|at| band.get(at))
        .map_or(cap, |d| *d)
}

impl Within {
    /// The automaton for `term` and `budget` edits, or `None` if the
    /// budget is over [`MAX_BUDGET`].
    pub(super) fn new(term: &str, budget: u32) -> Option<Within> {
        let budget = u8::try_from(budget)
            .ok()
            .filter(|b| u32::from(*b) <= MAX_BUDGET)?;
        let starts = term
            .char_indices()
            .map(|(at, _)| at)
            .chain([term.len()])
            .collect();
        Some(Within {
            query: term.chars().collect(),
            text: term.to_owned(),
            starts,
            budget,
        })
    }

    /// The query's length in characters.
    pub(super) fn len(&self) -> usize {
        self.query.len()
    }

    fn cap(&self) -> u8 {
        self.budget + 1
    }

    /// The row after reading the character `c`.
    fn step(&self, row: &Row, c: char) -> Row {
        self.advance(row, Some(c))
    }

    /// The row after reading `c`, or for `None` after reading a character
    /// that is not in the row's [`window`](Self::window) (every such
    /// character leads to the same row).
    ///
    /// Cell `o` of a band stands for the query prefix of
    /// `read - MAX_BUDGET + o` characters, so moving to the next row, the
    /// cell above (insertion) is `o + 1` of the row before, the diagonal
    /// `o`, and the one before a swap `o` of the row before that.
    pub(super) fn advance(&self, row: &Row, c: Option<char>) -> Row {
        let cap = self.cap();
        let (j, n) = (i64::from(row.read), self.query.len() as i64);
        let read = row.read.saturating_add(1);
        let mut next = [cap; BAND];
        for o in 0..BAND {
            let i = j + 1 - i64::from(MAX_BUDGET) + o as i64;
            if i < 0 || i > n {
                continue;
            }
            let d = if i == 0 {
                u8::try_from(read).unwrap_or(u8::MAX)
            } else {
                let q = self.query[(i - 1) as usize];
                let above = row.cur.get(o + 1).copied().unwrap_or(cap);
                let left = if o > 0 { next[o - 1] } else { cap };
                let mut d = (above + 1)
                    .min(left + 1)
                    .min(row.cur[o] + u8::from(Some(q) != c));
                if i > 1 && row.last == Some(q) && Some(self.query[(i - 2) as usize]) == c {
                    d = d.min(row.prev[o] + 1);
                }
                d
            };
            next[o] = d.min(cap);
        }
        Row {
            cur: next,
            prev: row.cur,
            read,
            last: c,
            partial: 0,
            pending: 0,
        }
    }

    /// The query characters the next character is compared with, from
    /// this row and the next: those of positions `read - MAX_BUDGET - 1
    /// ..= read + MAX_BUDGET + 1`. Reading any other character gives
    /// [`advance`](Self::advance)`(row, None)`.
    pub(super) fn window(&self, row: &Row) -> &[char] {
        let reach = MAX_BUDGET as usize + 1;
        let at = row.read as usize;
        let from = at.saturating_sub(reach).min(self.query.len());
        let to = at.saturating_add(reach + 1).min(self.query.len());
        self.query.get(from..to).unwrap_or_default()
    }

    /// Calls `f` with each character that can lead from `row` to a row
    /// within the budget when [`advance`](Self::advance)`(row, None)` is
    /// over it: one that continues a cell within the budget along its
    /// diagonal. Any other character only adds edits to every cell, as
    /// the `None` row does; a swap needs no character of its own, since
    /// the one it reads also continues the diagonal of the cell it jumps
    /// past (one less than the row before's, at most one more than the
    /// swap's source, so within the budget too).
    pub(super) fn each_hope(&self, row: &Row, mut f: impl FnMut(char)) {
        let j = i64::from(row.read);
        for (o, d) in row.cur.iter().enumerate() {
            let i = j + 1 - i64::from(MAX_BUDGET) + o as i64;
            if let Some(q) = self.at(i - 1).filter(|_| *d <= self.budget) {
                f(q);
            }
        }
    }

    /// Where the budget is spent: calls `f` with each tail of the query
    /// that the text read so far can still be completed with (then only
    /// exactly), and returns true; returns false, calling nothing, where
    /// some edit could still come.
    ///
    /// That is where no cell of the row is under the budget, the row is
    /// between characters and no swap can start from the row before: a
    /// cell at the budget continues only along its diagonal, so its tail
    /// is the rest of the query after its prefix, and every other step
    /// adds an edit. (A swap ending in the next row costs the row
    /// before's cell plus one, so it is only ruled out when that cell is
    /// at the budget too or the character read was not the one the swap
    /// needs.) Each cell gives a tail of its own length, so no completion
    /// comes twice.
    pub(super) fn tails(&self, row: &Row, mut f: impl FnMut(&[u8])) -> bool {
        if !row.between_characters() || row.cur.iter().any(|d| *d < self.budget) {
            return false;
        }
        let j = i64::from(row.read);
        // A swap into the next row's cell `o` (query prefix `i`, see
        // `advance`) needs the row before's cell `o` under the budget and
        // the last character read to be the query's `i`-th.
        let swap = row.prev.iter().enumerate().any(|(o, d)| {
            let i = j + 1 - i64::from(MAX_BUDGET) + o as i64;
            *d < self.budget && i >= 2 && row.last.is_some() && self.at(i - 1) == row.last
        });
        if swap {
            return false;
        }
        for (o, d) in row.cur.iter().enumerate() {
            let i = j - i64::from(MAX_BUDGET) + o as i64;
            if *d != self.budget {
                continue;
            }
            let tail = usize::try_from(i)
                .ok()
                .and_then(|i| self.starts.get(i))
                .and_then(|at| self.text.as_bytes().get(*at..));
            if let Some(tail) = tail {
                f(tail);
            }
        }
        true
    }

    /// The query's character at `i`, if there is one.
    fn at(&self, i: i64) -> Option<char> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.query.get(i))
            .copied()
    }
}

impl Automaton for Within {
    type State = Row;

    fn start(&self) -> Row {
        let cap = self.cap();
        let mut cur = [cap; BAND];
        for (o, slot) in cur.iter_mut().enumerate() {
            let i = o as i64 - i64::from(MAX_BUDGET);
            if (0..=self.query.len() as i64).contains(&i) {
                *slot = (i as u8).min(cap);
            }
        }
        Row {
            cur,
            prev: [cap; BAND],
            read: 0,
            last: None,
            partial: 0,
            pending: 0,
        }
    }

    fn is_match(&self, row: &Row) -> bool {
        let end = self.query.len() as i64;
        row.pending == 0 && cell(&row.cur, row.read, end, self.cap()) <= self.budget
    }

    /// Whether some continuation can still end within the budget: only
    /// if some cell of the current row is within it, since every path to
    /// the end passes through this row (a swap jumps over it from the row
    /// before, but then the cell it jumps past is at most one more, which
    /// is the swap's own cost).
    fn can_match(&self, row: &Row) -> bool {
        row.cur.iter().any(|d| *d <= self.budget)
    }

    /// Reads one byte of UTF-8: a character's last byte advances the row.
    fn accept(&self, row: &Row, byte: u8) -> Row {
        let (partial, pending) = match (row.pending, byte) {
            (0, 0x00..=0x7f) => return self.step(row, char::from(byte)),
            (0, 0xc0..=0xdf) => (u32::from(byte & 0x1f), 1),
            (0, 0xe0..=0xef) => (u32::from(byte & 0x0f), 2),
            (0, _) => (u32::from(byte & 0x07), 3),
            (n, _) => ((row.partial << 6) | u32::from(byte & 0x3f), n - 1),
        };
        if pending > 0 {
            return Row {
                partial,
                pending,
                ..*row
            };
        }
        // fst keys come from `String`s, so the bytes are valid UTF-8; a
        // stray one becomes a character no query term has.
        self.step(
            row,
            char::from_u32(partial).unwrap_or(char::REPLACEMENT_CHARACTER),
        )
    }
}

/// Whether `a` and `b` are at most `k` edits apart (optimal string
/// alignment: insertion, deletion, substitution, or swapping two neighbours).
pub(super) fn within_edits(a: &[char], b: &[char], k: usize) -> bool {
    let (n, m) = (a.len(), b.len());
    // Three rows of the dynamic programme: two back, one back, current.
    let mut prev2: Vec<usize> = vec![0; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur: Vec<usize> = vec![0; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] <= k
}

/// For tests: applies one edit to `t` at `at` (taken modulo its length):
/// `kind` 0 inserts `c`, 1 deletes, 2 substitutes `c`, 3 swaps with the
/// next character; one that does not fit changes nothing.
#[cfg(test)]
pub(super) fn edit(t: &mut Vec<char>, kind: u8, at: usize, c: char) {
    let at = at % (t.len() + 1);
    match kind {
        0 => t.insert(at, c),
        1 if at < t.len() => drop(t.remove(at)),
        2 if at < t.len() => t[at] = c,
        3 if at + 1 < t.len() => t.swap(at, at + 1),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn runs(aut: &Within, term: &str) -> bool {
        let mut state = aut.start();
        for b in term.as_bytes() {
            if !aut.can_match(&state) {
                return false;
            }
            state = aut.accept(&state, *b);
        }
        aut.is_match(&state)
    }

    #[test]
    fn swaps_count_one_and_characters_not_bytes() {
        let aut = Within::new("university", 1).expect("within the budget");
        assert!(runs(&aut, "univresity"));
        assert!(runs(&aut, "universty"));
        assert!(runs(&aut, "universitys"));
        assert!(!runs(&aut, "unvirestiy"));
        // Substituting a character of two or three bytes is one edit.
        let aut = Within::new("zhangjiang", 1).expect("within the budget");
        assert!(runs(&aut, "zhangjiaпg"));
        assert!(runs(&aut, "zhang江iang"));
        assert!(runs(
            &Within::new(&"a".repeat(40), 2).expect("any length"),
            &"a".repeat(38)
        ));
        assert!(Within::new("university", MAX_BUDGET + 1).is_none());
    }

    const LETTERS: [char; 8] = ['a', 'b', 'c', 'ж', 'ა', '中', '😀', 'd'];

    /// `query` with a few edits applied: each `(kind, at, letter)` inserts,
    /// deletes, substitutes or swaps neighbours at position `at`.
    fn edited(query: &[char], edits: &[(u8, usize, usize)]) -> Vec<char> {
        let mut t = query.to_vec();
        for &(kind, at, letter) in edits {
            edit(&mut t, kind, at, LETTERS[letter % LETTERS.len()]);
        }
        t
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The automaton accepts exactly what the dynamic programme does,
        /// over characters of one to four bytes, for terms a few edits
        /// (or anything) away from the query.
        #[test]
        fn the_automaton_equals_the_dynamic_programme(
            query in prop::collection::vec(0..LETTERS.len(), 0..40),
            edits in prop::collection::vec((0u8..4, 0usize..48, 0usize..8), 0..4),
            other in prop::collection::vec(0..LETTERS.len(), 0..42),
            unrelated in any::<bool>(),
            budget in 0u32..3,
        ) {
            let q: Vec<char> = query.iter().map(|i| LETTERS[*i]).collect();
            let t: Vec<char> = if unrelated {
                other.iter().map(|i| LETTERS[*i]).collect()
            } else {
                edited(&q, &edits)
            };
            let query: String = q.iter().collect();
            let term: String = t.iter().collect();
            let aut = Within::new(&query, budget).expect("within the budget");
            prop_assert_eq!(
                runs(&aut, &term),
                within_edits(&q, &t, budget as usize),
                "{} ~ {} within {}", query, term, budget
            );
        }
    }
}
