//! The checks that look across lines: entity ids defined twice, relations
//! given twice, and (for `validate`) pairs of relations that clash.

use std::sync::Arc;

use petgraph::graph::NodeIndex;

use super::super::rules;
use super::reader::Problems;
use crate::model::{Entity, EntityId, Relation, RelationType};
use crate::store::adjacency::Half;
use crate::store::Store;

/// The place of the record on `line` of `file`, as messages give it (a
/// check across lines knows the line, and the record starts the line).
pub(super) fn place(file: &str, line: u32) -> String {
    format!("{file}:{line}:1")
}

/// Reports each entity id defined again (`entities` is sorted by id, then
/// line in `file`) and keeps the first definition of each.
pub(super) fn duplicate_entities(
    entities: &mut Vec<(Arc<Entity>, u32)>,
    file: &str,
    problems: &mut Problems,
) {
    let mut duplicate = false;
    for group in entities.chunk_by(|a, b| a.0.id == b.0.id) {
        if group.len() > 1 {
            duplicate = true;
            let first = place(file, group[0].1);
            for (e, line) in &group[1..] {
                let m = rules::duplicate_entity(e.id.as_str(), &first);
                problems.add(file, *line as usize, "", "", m);
            }
        }
    }
    if duplicate {
        entities.dedup_by(|a, b| a.0.id == b.0.id);
    }
}

/// A relation for the duplicate check: from, type, to (node numbers), and
/// its line.
type Key = (u32, RelationType, u32, u32);

/// Reports the relations of one group with the same from, type and to, all
/// but the first (by line); `lines` is the group's lines.
fn report_repeats(
    (from, kind, to): (&EntityId, RelationType, &EntityId),
    lines: &mut [u32],
    file: &str,
    problems: &mut Problems,
) {
    lines.sort_unstable();
    let Some((&first, again)) = lines.split_first() else {
        return;
    };
    for &line in again {
        let m = rules::duplicate_relation(from, kind, to, &place(file, first));
        problems.add(file, line as usize, "", "", m);
    }
}

/// Reports each relation that repeats an earlier one's (from, type, to), for
/// a data set that loaded: repeats sit next to each other in the store's
/// sorted adjacency. `lines[edge]` is each relation's line in `file`.
pub(super) fn duplicate_relations(
    store: &Store,
    lines: &[u32],
    file: &str,
    problems: &mut Problems,
) {
    let out = store.outgoing();
    let id = |node: u32| &store.entity(NodeIndex::new(node as usize)).id;
    let mut group_lines = Vec::new();
    for node in 0..out.nodes() as u32 {
        for group in out
            .of(node)
            .chunk_by(|a, b| a.kind == b.kind && a.other == b.other)
        {
            if group.len() > 1 {
                group_lines.clear();
                group_lines.extend(group.iter().map(|h| lines[h.edge as usize]));
                let ends = (id(node), group[0].kind, id(group[0].other));
                report_repeats(ends, &mut group_lines, file, problems);
            }
        }
    }
}

/// Like [`duplicate_relations`], for a data set with other problems (there
/// is no store): sorts the relations that resolved. `entities` is in node
/// order, `lines[i]` the line of the `i`-th relation in `parts`.
pub(super) fn duplicate_relations_unloaded(
    entities: &[Arc<Entity>],
    parts: &[Vec<(u32, u32, Relation)>],
    lines: &[u32],
    file: &str,
    problems: &mut Problems,
) {
    let mut keys: Vec<Key> = parts
        .iter()
        .flatten()
        .zip(lines)
        .map(|((from, to, rel), &line)| (*from, rel.kind, *to, line))
        .collect();
    keys.sort_unstable();
    let id = |node: u32| &entities[node as usize].id;
    let mut group_lines = Vec::new();
    for group in keys.chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        if group.len() > 1 {
            group_lines.clear();
            group_lines.extend(group.iter().map(|k| k.3));
            let (from, kind, to, _) = group[0];
            report_repeats((id(from), kind, id(to)), &mut group_lines, file, problems);
        }
    }
}

/// Warns on pairs of relations between the same two entities that clash
/// (see [`RelationType::clash`]); `lines[edge]` is each relation's line in
/// `file`.
pub(super) fn clashes(store: &Store, lines: &[u32], file: &str, warnings: &mut Problems) {
    let (out, inc) = (store.outgoing(), store.incoming());
    // (other end, type, runs from the lower node, edge) for one node's pairs.
    let mut here: Vec<(u32, RelationType, bool, u32)> = Vec::new();
    for node in 0..out.nodes() as u32 {
        here.clear();
        let higher = |h: &&Half| h.other > node;
        here.extend(
            out.of(node)
                .iter()
                .filter(higher)
                .map(|h| (h.other, h.kind, true, h.edge)),
        );
        here.extend(
            inc.of(node)
                .iter()
                .filter(higher)
                .map(|h| (h.other, h.kind, false, h.edge)),
        );
        if here.len() < 2 {
            continue;
        }
        here.sort_unstable_by_key(|&(other, _, _, edge)| (other, lines[edge as usize]));
        for group in here.chunk_by(|a, b| a.0 == b.0) {
            for (i, &(_, second, second_fwd, second_edge)) in group.iter().enumerate() {
                for &(_, first, first_fwd, first_edge) in &group[..i] {
                    let first_at = place(file, lines[first_edge as usize]);
                    if let Some(m) =
                        rules::warn_clash(first, second, first_fwd == second_fwd, &first_at)
                    {
                        warnings.add(file, lines[second_edge as usize] as usize, "", "", m);
                    }
                }
            }
        }
    }
}
