//! Geographic containment: which regions enclose an entity, and which
//! entities lie within a region, following `located_in`, `part_of` and
//! (for events) `held_at`.

use std::collections::{HashSet, VecDeque};

use petgraph::graph::NodeIndex;

use super::traversal::TraversalError;
use crate::deadline::Deadline;
use crate::model::{EntityKind, RelationType};
use crate::store::adjacency::TypeMask;
use crate::store::scratch::{self, Marks};
use crate::store::{Direction, Store};

const CONTAINMENT: [RelationType; 3] = [
    RelationType::LocatedIn,
    RelationType::PartOf,
    RelationType::HeldAt,
];

/// The regions that enclose `ix`, nearest first: the places it is located in
/// or part of (or, for an event, held at), then theirs, and so on (also
/// through parks it sits in and events it is part of).
///
/// Complexity: O(V + E) over the containment edges reached.
///
/// ```
/// # let store = innograph::load::builtin().unwrap();
/// use innograph::algo::containment::enclosing_regions;
/// let valley = store.lookup("park/hongqiao-smart-valley").unwrap();
/// let names: Vec<&str> = enclosing_regions(&store, valley)
///     .into_iter().map(|r| store.entity(r).id.as_str()).collect();
/// assert!(names.contains(&"region/changning"));
/// assert!(names.contains(&"region/shanghai"));
/// ```
pub fn enclosing_regions(store: &Store, ix: NodeIndex) -> Vec<NodeIndex> {
    let mut seen = HashSet::from([ix]);
    let mut queue = VecDeque::from([ix]);
    let mut out = Vec::new();
    while let Some(n) = queue.pop_front() {
        for v in store.relations(n, Direction::Outgoing, Some(&CONTAINMENT)) {
            let kind = store.kind_of(v.other);
            let through = matches!(
                kind,
                EntityKind::Region | EntityKind::Park | EntityKind::Event
            );
            if !through || !seen.insert(v.other) {
                continue;
            }
            if kind == EntityKind::Region {
                out.push(v.other);
            }
            queue.push_back(v.other);
        }
    }
    out
}

/// The nearest enclosing region whose subtype is `subtype` (e.g. `district`).
pub fn enclosing_of_subtype(store: &Store, ix: NodeIndex, subtype: &str) -> Option<NodeIndex> {
    enclosing_regions(store, ix)
        .into_iter()
        .find(|r| store.entity(*r).subtype.as_deref() == Some(subtype))
}

/// Calls `f` with the set of every entity located within `region` or any
/// place inside it (sub-regions, parks and events, transitively; the region
/// itself not included) and its size. The set is per-thread scratch
/// memory, reused across queries, so nothing proportional to the graph is
/// allocated per call.
///
/// Complexity: O(entities and containment relations reached); checks
/// `deadline` as it goes.
///
/// ```
/// # let store = innograph::load::builtin().unwrap();
/// use innograph::algo::containment::with_within;
/// let yangpu = store.lookup("region/yangpu").unwrap();
/// let tongji = store.lookup("institution/tongji-university").unwrap();
/// let (inside, n) = with_within(&store, yangpu, Default::default(), |m, n| (m.has(tongji.index() as u32), n)).unwrap();
/// assert!(n > 10 && !inside, "Tongji is near Yangpu, not located in it");
/// ```
pub fn with_within<R>(
    store: &Store,
    region: NodeIndex,
    deadline: Deadline,
    f: impl FnOnce(&Inside<'_>, usize) -> R,
) -> Result<R, TraversalError> {
    let mask = TypeMask::of(&CONTAINMENT);
    let mut clock = deadline.ticker();
    scratch::with(|(marks, queue): &mut (Marks, Vec<u32>)| {
        marks.reset(store.node_bound());
        queue.clear();
        let root = region.index() as u32;
        marks.set(root);
        queue.push(root);
        let mut at = 0;
        let mut count = 0usize;
        while at < queue.len() {
            let n = queue[at];
            at += 1;
            for h in store.halves(n, false) {
                if clock.tick() {
                    return Err(TraversalError::Timeout);
                }
                if !mask.has(h.kind) || !marks.set(h.other) {
                    continue;
                }
                count += 1;
                let k = store.kind_of(NodeIndex::new(h.other as usize));
                if matches!(k, EntityKind::Region | EntityKind::Park | EntityKind::Event) {
                    queue.push(h.other);
                }
            }
        }
        Ok(f(&Inside { marks, root }, count))
    })
}

/// The entities within a region, as [`with_within`] found them.
pub struct Inside<'a> {
    marks: &'a Marks,
    root: u32,
}

impl Inside<'_> {
    /// Whether node `i` lies within the region (the region itself does not).
    #[inline]
    pub fn has(&self, i: u32) -> bool {
        i != self.root && self.marks.has(i)
    }
}

/// A page of the entities located within `region` (see [`with_within`]),
/// optionally of one kind, in id order, and how many there are in all.
///
/// Complexity: O(entities reached + entities of the kind); the page is the
/// only allocation.
pub fn within_page(
    store: &Store,
    region: NodeIndex,
    kind: Option<EntityKind>,
    start: usize,
    len: usize,
    deadline: Deadline,
) -> Result<(Vec<NodeIndex>, usize), TraversalError> {
    with_within(store, region, deadline, |inside, _| {
        let candidates: Box<dyn Iterator<Item = NodeIndex>> = match kind {
            Some(k) => Box::new(store.of_kind(k)),
            None => Box::new(store.nodes()),
        };
        let mut out = Vec::new();
        let mut total = 0usize;
        for ix in candidates.filter(|ix| inside.has(ix.index() as u32)) {
            if total >= start && out.len() < len {
                out.push(ix);
            }
            total += 1;
        }
        (out, total)
    })
}
