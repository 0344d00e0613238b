//! Related entities: those that share neighbours with an entity, scored by
//! Adamic-Adar (a shared neighbour counts for more the fewer relations it
//! has), each with the shared neighbours that explain the score.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use super::traversal::KindSet;
use crate::store::Store;

/// How many relations the scoring may scan before it stops (it scans the
/// most telling neighbours, those with fewest relations, first).
pub const MAX_SCANNED: usize = 200_000;
/// How many shared neighbours are kept to explain each result.
pub const MAX_SHARED: usize = 5;

/// An entity related to another, with its score and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The related entity.
    pub node: NodeIndex,
    /// Adamic-Adar score: the sum over shared neighbours of 1 / ln(degree).
    pub score: f64,
    /// How many neighbours the two share.
    pub shared_count: usize,
    /// Up to [`MAX_SHARED`] shared neighbours, most telling first.
    pub shared: Vec<NodeIndex>,
}

/// The result of [`related`].
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedAnswer {
    /// The best matches, highest score first (ties by id).
    pub items: Vec<Related>,
    /// Whether the scan bound stopped the scoring early.
    pub partial: bool,
}

fn neighbours(store: &Store, node: u32, out: &mut Vec<u32>) {
    out.clear();
    out.extend(store.halves(node, true).map(|h| h.other));
    out.extend(store.halves(node, false).map(|h| h.other));
    out.sort_unstable();
    out.dedup();
    out.retain(|&o| o != node);
}

/// The `first` entities (of the allowed kinds) that share the most telling
/// neighbours with `ix`, whichever way the relations point.
///
/// Complexity: O(relations of the entity's neighbours), at most
/// [`MAX_SCANNED`].
///
/// ```
/// # let store = innograph::load::builtin().unwrap();
/// use innograph::algo::related::related;
/// use innograph::algo::traversal::KindSet;
/// use innograph::model::EntityKind;
/// let p = store.lookup("park/hongqiao-smart-valley").unwrap();
/// let answer = related(&store, p, KindSet::of(Some(&[EntityKind::Park])), 5);
/// for r in &answer.items {
///     assert!(r.score > 0.0 && !r.shared.is_empty());
/// }
/// ```
pub fn related(store: &Store, ix: NodeIndex, kinds: KindSet, first: usize) -> RelatedAnswer {
    let x = ix.index() as u32;
    let mut direct = Vec::new();
    neighbours(store, x, &mut direct);
    let degree = |n: u32| store.degree(n, true) + store.degree(n, false);
    // Most telling (fewest relations) first, so a bound keeps the best part.
    direct.sort_by_key(|&z| (degree(z), z));
    let mut scores: HashMap<u32, (f64, usize, Vec<u32>)> = HashMap::new();
    let mut scanned = 0;
    let mut partial = false;
    let mut around = Vec::new();
    for &z in &direct {
        let d = degree(z);
        if d < 2 {
            continue;
        }
        if scanned + d > MAX_SCANNED {
            partial = true;
            break;
        }
        scanned += d;
        let weight = 1.0 / (d as f64).ln();
        neighbours(store, z, &mut around);
        for &y in &around {
            if y == x || !kinds.has(store.entity(NodeIndex::new(y as usize)).kind()) {
                continue;
            }
            let entry = scores.entry(y).or_insert((0.0, 0, Vec::new()));
            entry.0 += weight;
            entry.1 += 1;
            if entry.2.len() < MAX_SHARED {
                entry.2.push(z);
            }
        }
    }
    let mut items: Vec<Related> = scores
        .into_iter()
        .map(|(y, (score, count, shared))| Related {
            node: NodeIndex::new(y as usize),
            score,
            shared_count: count,
            shared: shared
                .into_iter()
                .map(|z| NodeIndex::new(z as usize))
                .collect(),
        })
        .collect();
    items.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
    items.truncate(first);
    RelatedAnswer { items, partial }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: the Adamic-Adar sum written out over all pairs.
    #[test]
    fn scores_equal_the_definition() {
        let store = crate::load::builtin().expect("built-in data loads");
        let x = store.lookup("region/yangpu").expect("known");
        let answer = related(&store, x, KindSet::default(), 1000);
        assert!(!answer.partial);
        let mut nx = Vec::new();
        neighbours(&store, x.index() as u32, &mut nx);
        for r in &answer.items {
            let mut ny = Vec::new();
            neighbours(&store, r.node.index() as u32, &mut ny);
            let expected: f64 = nx
                .iter()
                .filter(|z| ny.contains(z))
                .map(|&z| {
                    let d = store.degree(z, true) + store.degree(z, false);
                    1.0 / (d as f64).ln()
                })
                .sum();
            assert!((r.score - expected).abs() < 1e-9, "{r:?} vs {expected}");
        }
        assert!(answer.items.windows(2).all(|w| w[0].score >= w[1].score));
    }
}
