//! Geographic containment: which regions enclose an entity, and which
//! entities lie within a region, following `located_in`, `part_of` and
//! (for events) `held_at`.

use std::collections::{HashSet, VecDeque};

use petgraph::graph::NodeIndex;

use crate::model::{EntityKind, RelationType};
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
            let kind = store.entity(v.other).kind();
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

/// Every entity located within `region` or any place inside it (sub-regions
/// and parks, transitively), optionally of one kind, in id order. The region
/// itself is not included.
///
/// Complexity: O(V + E) over the containment edges reached.
pub fn located_within(
    store: &Store,
    region: NodeIndex,
    kind: Option<EntityKind>,
) -> Vec<NodeIndex> {
    let mut seen = HashSet::from([region]);
    let mut queue = VecDeque::from([region]);
    let mut out = Vec::new();
    while let Some(n) = queue.pop_front() {
        for v in store.relations(n, Direction::Incoming, Some(&CONTAINMENT)) {
            if !seen.insert(v.other) {
                continue;
            }
            let k = store.entity(v.other).kind();
            if kind.is_none_or(|want| want == k) {
                out.push(v.other);
            }
            if matches!(k, EntityKind::Region | EntityKind::Park | EntityKind::Event) {
                queue.push_back(v.other);
            }
        }
    }
    out.sort_by(|a, b| store.entity(*a).id.cmp(&store.entity(*b).id));
    out
}
