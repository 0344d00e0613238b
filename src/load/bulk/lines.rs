//! One line at a time: a parsed record checked against the shared rules and
//! turned into a model value, its references resolved (sources to
//! [`SourceRef`]s, entities to node numbers) as it streams in.

use std::sync::Arc;

use super::super::rules;
use super::convert::{self, Reporter};
use super::reader::{Reader, SourceIds};
use super::records::{EntityLine, FactLine, RelationLine, SourceLine};
use crate::model::{Entity, Fact, Relation, Source, SourceRef};
use crate::store::IdIndex;

/// Reports a line's problems and warnings with the line's place.
struct AtLine<'r> {
    r: &'r mut Reader,
    file: &'static str,
    n: usize,
    text: &'r str,
}

impl Reporter for AtLine<'_> {
    fn problem(&mut self, field: &str, message: String) {
        self.r.report(self.file, self.n, self.text, field, message);
    }

    fn warning(&mut self, field: &str, message: String) {
        self.r.warn(self.file, self.n, self.text, field, message);
    }
}

fn known(ids: &SourceIds) -> impl Fn(&str) -> Option<SourceRef> + '_ {
    |s| ids.get(s).map(|&(r, _)| r)
}

/// Reads one line of `sources.jsonl`, adding the source unless its id was
/// seen before.
pub(super) fn source_line(
    r: &mut Reader,
    n: usize,
    text: &str,
    sources: &mut Vec<Source>,
    source_ids: &mut SourceIds,
) {
    let file = "sources.jsonl";
    let Some(s) = r.parse::<SourceLine<'_>>(file, n, text) else {
        return;
    };
    if let Some(&(_, first)) = source_ids.get(&*s.id) {
        let first_at = format!("{}:{first}:1", r.name(file));
        let m = rules::duplicate_source(&s.id, &first_at);
        let _ = convert::source(s, &mut AtLine { r, file, n, text });
        r.report(file, n, text, "id", m);
        return;
    }
    let Some(source) = convert::source(s, &mut AtLine { r, file, n, text }) else {
        return;
    };
    source_ids.insert(source.id.to_string(), (SourceRef(sources.len() as u32), n));
    sources.push(source);
}

/// Reads one line of `entities.jsonl`.
pub(super) fn entity_line(
    r: &mut Reader,
    n: usize,
    text: &str,
    source_ids: &SourceIds,
    out: &mut Vec<Arc<Entity>>,
) {
    let file = "entities.jsonl";
    let Some(e) = r.parse::<EntityLine<'_>>(file, n, text) else {
        return;
    };
    if let Some(entity) = convert::entity(e, &known(source_ids), &mut AtLine { r, file, n, text }) {
        out.push(Arc::new(entity));
    }
}

/// Reads one line of `facts.jsonl`, resolving its entity.
pub(super) fn fact_line(
    r: &mut Reader,
    n: usize,
    text: &str,
    ids: &IdIndex,
    source_ids: &SourceIds,
    out: &mut Vec<(u32, Fact)>,
) {
    let file = "facts.jsonl";
    let Some(f) = r.parse::<FactLine<'_>>(file, n, text) else {
        return;
    };
    let at = ids.get(&f.entity);
    if at.is_none() {
        r.report(file, n, text, "entity", rules::missing_entity(&f.entity));
    }
    let fact = convert::fact(f, &known(source_ids), &mut AtLine { r, file, n, text });
    if let Some(at) = at {
        out.push((at, fact));
    }
}

/// Reads one line of `relations.jsonl`, resolving its ends.
pub(super) fn relation_line(
    r: &mut Reader,
    n: usize,
    text: &str,
    ids: &IdIndex,
    source_ids: &SourceIds,
    out: &mut Vec<(u32, u32, Relation)>,
) {
    let file = "relations.jsonl";
    let Some(rel) = r.parse::<RelationLine<'_>>(file, n, text) else {
        return;
    };
    let (a, b) = ids.get_pair(&rel.from, &rel.to);
    // The id's prefix is the entity's kind (ids are validated), which
    // saves reading the entity itself.
    let kind_of = |at: Option<u32>, id: &str| {
        at.and_then(|_| id.split('/').next().and_then(|k| k.parse().ok()))
    };
    let ends = (kind_of(a, &rel.from), kind_of(b, &rel.to));
    let relation = convert::relation(
        rel,
        ends,
        &known(source_ids),
        &mut AtLine { r, file, n, text },
    );
    if let (Some(a), Some(b), Some(relation)) = (a, b, relation) {
        out.push((a, b, relation));
    }
}
