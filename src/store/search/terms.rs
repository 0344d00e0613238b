//! The term dictionary: each index term's position in the posting lists,
//! looked up exactly, by prefix (type-ahead) or within a few edits
//! (typos).
//!
//! A large dictionary is an `fst` map walked node by node; a small one
//! (see [`SMALL`]) a sorted list scanned over the range that can match.

use fst::raw::{Fst, Node, Output};
use fst::{Automaton, Map, MapBuilder};

use super::typo::{Row, Within, BAND};

/// Dictionaries of at most this many terms are kept as a sorted list
/// instead of an fst. Measured under a write flood: every fst build
/// allocates and zeroes a fixed registry of about a megabyte, which made
/// the small indexes of recently changed entities (rebuilt per snapshot,
/// see `fresh.rs`) cost more in page faults than in indexing. A scan of a
/// few thousand short terms costs tens of microseconds.
pub(super) const SMALL: usize = 4096;

/// The term dictionary: term -> position in the posting lists.
pub(super) enum Terms {
    Fst(Map<Vec<u8>>),
    /// Sorted, unique; a term's position is its value.
    Sorted(Vec<Box<str>>),
}

impl Terms {
    /// The dictionary of `keys` (sorted, unique), each valued by its
    /// position; an fst if there are more than `small`.
    pub(super) fn new(keys: Vec<String>, small: usize) -> Terms {
        if keys.len() <= small {
            return Terms::Sorted(keys.into_iter().map(String::into_boxed_str).collect());
        }
        let mut builder = MapBuilder::memory();
        for (i, key) in keys.iter().enumerate() {
            // Keys are sorted and unique, so insertion cannot fail.
            if builder.insert(key.as_bytes(), i as u64).is_err() {
                break;
            }
        }
        let bytes = builder.into_inner().unwrap_or_default();
        Terms::Fst(Map::new(bytes).unwrap_or_default())
    }

    /// The position of `term`, if the dictionary holds it.
    pub(super) fn get(&self, term: &str) -> Option<u64> {
        match self {
            Terms::Fst(map) => map.get(term),
            Terms::Sorted(keys) => keys
                .binary_search_by(|k| (**k).cmp(term))
                .ok()
                .map(|i| i as u64),
        }
    }

    /// Calls `f` with the position of every term that starts with
    /// `prefix` (the term itself included).
    pub(super) fn each_with_prefix(&self, prefix: &str, mut f: impl FnMut(u64)) {
        match self {
            Terms::Fst(map) => {
                let fst = map.as_fst();
                if let Some((node, out)) = descend(fst, prefix.as_bytes()) {
                    each_below(fst, node, out, f);
                }
            }
            Terms::Sorted(keys) => {
                let (from, with) = range(keys, prefix);
                (from..from + with.len()).for_each(|i| f(i as u64));
            }
        }
    }

    /// Calls `f` with the position of every term that starts with `first`
    /// and that `within` matches.
    pub(super) fn each_within(&self, first: char, within: &Within, mut f: impl FnMut(u64)) {
        let mut buf = [0u8; 4];
        let first: &str = first.encode_utf8(&mut buf);
        match self {
            Terms::Fst(map) => {
                let fst = map.as_fst();
                if let Some((node, out)) = descend(fst, first.as_bytes()) {
                    let row = first
                        .bytes()
                        .fold(within.start(), |row, b| within.accept(&row, b));
                    walk_within(fst, within, node, out, row, f);
                }
            }
            Terms::Sorted(keys) => {
                // A scan of the range with the first letter, running the
                // automaton over each term while it can still match. The
                // rows after each byte of the term before are kept, so a
                // term starts from the row its shared prefix left (a
                // dead row there rules it out at once): on the built-in
                // data a search request with rotating words (one worker)
                // fell from 26 to 22.5 us of server CPU against stepping
                // every byte of every term with the first letter.
                let (from, with) = range(keys, first);
                let mut rows = vec![within.start()];
                let mut prev: &[u8] = &[];
                for (i, k) in with.iter().enumerate() {
                    let k = k.as_bytes();
                    let shared = prev.iter().zip(k).take_while(|(a, b)| a == b).count();
                    // `rows` holds the start row and one per byte read.
                    rows.truncate(shared + 1);
                    let Some(mut state) = rows.last().copied() else {
                        break;
                    };
                    for b in k.get(rows.len() - 1..).unwrap_or_default() {
                        if !within.can_match(&state) {
                            break;
                        }
                        state = within.accept(&state, *b);
                        rows.push(state);
                    }
                    if within.is_match(&state) {
                        f((from + i) as u64);
                    }
                    prev = k;
                }
            }
        }
    }
}

/// The keys that start with `prefix`, found by binary search, and the
/// position of the first: on the built-in data this made a search request
/// (rotating words, one worker) fall from 42 to 37 us of server CPU
/// against a scan from the start.
fn range<'k>(keys: &'k [Box<str>], prefix: &str) -> (usize, &'k [Box<str>]) {
    let from = keys.partition_point(|k| k.as_bytes() < prefix.as_bytes());
    let rest = keys.get(from..).unwrap_or_default();
    let len = rest.partition_point(|k| k.as_bytes().starts_with(prefix.as_bytes()));
    (from, rest.get(..len).unwrap_or_default())
}

/// The node `bytes` lead to from the root, and the output on the way.
fn descend<'f, D: AsRef<[u8]>>(fst: &'f Fst<D>, bytes: &[u8]) -> Option<(Node<'f>, Output)> {
    descend_from(fst, fst.root(), Output::zero(), bytes)
}

/// The node `bytes` lead to from `node` (reached with output `out`), and
/// the output on the way.
fn descend_from<'f, D: AsRef<[u8]>>(
    fst: &'f Fst<D>,
    mut node: Node<'f>,
    mut out: Output,
    bytes: &[u8],
) -> Option<(Node<'f>, Output)> {
    for &b in bytes {
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    Some((node, out))
}

/// Calls `f` with the value of every key at or below `node`, reached with
/// output `out`: a depth-first walk that builds no keys (the fst's own
/// stream copies each key into a buffer, which this does not need).
fn each_below<D: AsRef<[u8]>>(fst: &Fst<D>, node: Node<'_>, out: Output, mut f: impl FnMut(u64)) {
    if node.is_final() {
        f(out.cat(node.final_output()).value());
    }
    let mut stack = vec![(node, 0usize, out)];
    while let Some((node, at, out)) = stack.last_mut() {
        if *at >= node.len() {
            stack.pop();
            continue;
        }
        let t = node.transition(*at);
        *at += 1;
        let out = out.cat(t.out);
        let child = fst.node(t.addr);
        if child.is_final() {
            f(out.cat(child.final_output()).value());
        }
        if !child.is_empty() {
            stack.push((child, 0, out));
        }
    }
}

/// Characters [`Within::each_hope`] gives at most (one per cell).
const WINDOW: usize = BAND;

/// Calls `f` with the value of every key of `fst` below `node` (reached
/// with output `out`, the automaton in state `row`) that `within`
/// matches.
///
/// A walk of the fst like its own `search` stream, but one that knows
/// the automaton: at a node, every character outside the row's window
/// leads to one and the same row, computed once; when that row is over
/// the budget (past the first edit of a one-typo term, most of the walk)
/// only the transitions for the window's few characters are looked up,
/// instead of stepping the automaton for each of a node's transitions.
/// Measured on the 100k graph (in process, `benches/search.rs` over the
/// HTTP load's 582 words): the mean search fell from 47.8 to 33-35 us,
/// the median from 33.8 to 16-17 us.
fn walk_within<D: AsRef<[u8]>>(
    fst: &Fst<D>,
    within: &Within,
    node: Node<'_>,
    out: Output,
    row: Row,
    mut f: impl FnMut(u64),
) {
    if !within.can_match(&row) {
        return;
    }
    // A frame per byte: room for a key of the query's length and budget
    // in one-byte characters (the automaton dies past that many), so
    // that it rarely grows.
    let mut stack = Vec::with_capacity(within.len() + BAND + 1);
    visit(fst, within, node, out, &row, &mut stack, &mut f);
    while let Some(top) = stack.last_mut() {
        let Some(i) = top.next_transition() else {
            stack.pop();
            continue;
        };
        let t = top.node.transition(i);
        let row = top.row_after(within, t.inp);
        if !within.can_match(&row) {
            continue;
        }
        let out = top.out.cat(t.out);
        let node = fst.node(t.addr);
        visit(fst, within, node, out, &row, &mut stack, &mut f);
    }
}

/// [`walk_within`]'s step into `node` (reached with output `out`, the
/// automaton in state `row`, within the budget): calls `f` with its value
/// if it matches and pushes its frame, except where the budget is spent.
/// There the keys below are those that go on with one of the query's
/// tails exactly ([`Within::tails`]): followed byte by byte, with no row
/// to step or frame to push. On the 100k graph (in process,
/// `benches/search.rs` over 619 words of its names) the mean search fell
/// from 12.2 to 10.0 us, the slowest from 39.6 to 29-31 us.
fn visit<'f, D: AsRef<[u8]>>(
    fst: &'f Fst<D>,
    within: &Within,
    node: Node<'f>,
    out: Output,
    row: &Row,
    stack: &mut Vec<Frame<'f>>,
    f: &mut impl FnMut(u64),
) {
    let exact = within.tails(row, |tail| {
        if let Some((end, out)) = descend_from(fst, node, out, tail) {
            if end.is_final() {
                f(out.cat(end.final_output()).value());
            }
        }
    });
    if exact {
        return;
    }
    if node.is_final() && within.is_match(row) {
        f(out.cat(node.final_output()).value());
    }
    if !node.is_empty() {
        stack.push(Frame::new(within, node, out, *row));
    }
}

/// A node on [`walk_within`]'s path.
struct Frame<'f> {
    node: Node<'f>,
    out: Output,
    row: Row,
    next: Next,
}

/// Which of a node's transitions are still to be tried.
enum Next {
    /// All of them, from index `at`. `other`, when the row is between
    /// characters, is the row for an ASCII byte outside the window, whose
    /// characters' bits `ascii` holds.
    All {
        at: usize,
        other: Option<(Row, u128)>,
    },
    /// Only the first bytes of the characters that can keep the row
    /// within the budget ([`Within::each_hope`]).
    Only {
        bytes: [u8; WINDOW],
        len: u8,
        at: u8,
    },
}

impl<'f> Frame<'f> {
    fn new(within: &Within, node: Node<'f>, out: Output, row: Row) -> Frame<'f> {
        let next = if !row.between_characters() {
            Next::All { at: 0, other: None }
        } else {
            let other = within.advance(&row, None);
            let window = within.window(&row);
            if within.can_match(&other) {
                let ascii = window
                    .iter()
                    .filter(|c| c.is_ascii())
                    .fold(0u128, |bits, c| bits | 1 << u32::from(*c));
                Next::All {
                    at: 0,
                    other: Some((other, ascii)),
                }
            } else {
                let (mut bytes, mut len) = ([0u8; WINDOW], 0u8);
                within.each_hope(&row, |c| {
                    let mut buf = [0u8; 4];
                    let Some(&lead) = c.encode_utf8(&mut buf).as_bytes().first() else {
                        return;
                    };
                    let seen = bytes.get(..usize::from(len)).unwrap_or_default();
                    if !seen.contains(&lead) {
                        if let Some(slot) = bytes.get_mut(usize::from(len)) {
                            *slot = lead;
                            len += 1;
                        }
                    }
                });
                Next::Only { bytes, len, at: 0 }
            }
        };
        Frame {
            node,
            out,
            row,
            next,
        }
    }

    /// The index of the next transition to try, if any is left.
    fn next_transition(&mut self) -> Option<usize> {
        match &mut self.next {
            Next::All { at, .. } => {
                let i = *at;
                *at += 1;
                (i < self.node.len()).then_some(i)
            }
            Next::Only { bytes, len, at } => {
                while *at < *len {
                    let b = bytes[usize::from(*at)];
                    *at += 1;
                    if let Some(i) = self.node.find_input(b) {
                        return Some(i);
                    }
                }
                None
            }
        }
    }

    /// The automaton's state after this node's transition on `byte`.
    fn row_after(&self, within: &Within, byte: u8) -> Row {
        match &self.next {
            Next::All {
                other: Some((other, ascii)),
                ..
            } if byte < 0x80 && (ascii >> byte) & 1 == 0 => *other,
            _ => within.accept(&self.row, byte),
        }
    }
}
