//! Planning a request: each edit checked against the snapshot as the edits
//! before it left it (so a batch is all or none), turned into store
//! operations and journal records; the request-level rules (sources cited,
//! expected revision, targets changed since) checked around them. A revert
//! is planned as the steps that put each target of the change back.

use serde_json::Value;

use super::edit::{Edit, EditError, EntityPatch, ErrorKind, RelationPatch, Request, Warning};
use super::history::History;
use super::ids::relation_id;
use super::steps::{from_json, owned, Work};
use crate::load::bulk::convert;
use crate::load::bulk::records::{EntityLine, FactLine, RelationLine, Str};
use crate::model::{Fact, Op, RelationType};
use crate::store::Store;

/// What an edit produced, for the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Produced {
    /// An entity was created or changed.
    Entity(String),
    /// An entity was retracted.
    Retracted(String),
    /// A relation was added or changed (its id, `from|type|to`).
    Relation(String),
    /// A fact was added (its id).
    Fact(String),
    /// A source was registered.
    Source(String),
    /// A change was reverted.
    Revert(u64),
}

/// A planned change.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The store operations, in order.
    pub ops: Vec<Op>,
    /// The journal's record of the change (operations, revert_of).
    pub operations: Value,
    /// Everything it touches (entity, relation, fact and source ids).
    pub targets: Vec<String>,
    /// Warnings about accepted edits.
    pub warnings: Vec<Warning>,
    /// What each edit produced.
    pub produced: Vec<Produced>,
    /// The snapshot's store with the change applied (as the next revision).
    pub after: Store,
}

fn relation_type(edit: usize, name: &str) -> Result<RelationType, EditError> {
    crate::load::rules::relation_type(name).map_err(|m| EditError::bad(edit, "type", m))
}

/// The request's sources, for a record that cites none of its own.
fn with_sources<'a>(list: &mut crate::load::bulk::records::SourceList<'a>, sources: &[String]) {
    for s in sources {
        if !list.iter().any(|x| &**x == s) {
            list.push(owned(s.clone()));
        }
    }
}

fn patch_entity<'a>(line: &mut EntityLine<'a>, p: &EntityPatch) {
    if let Some(v) = &p.subtype {
        line.subtype = v.clone().map(owned);
    }
    if let Some(v) = &p.name {
        line.name = v.clone();
    }
    if let Some(v) = &p.name_zh {
        line.name_zh = v.clone();
    }
    if let Some(v) = &p.aliases {
        line.aliases = v.clone();
    }
    if let Some(v) = &p.description {
        line.description = v.clone().map(owned);
    }
    for (key, value) in &p.attributes {
        line.attributes.0.retain(|(k, _)| **k != **key);
        if let Some(v) = value {
            line.attributes.0.push((owned(key.clone()), v.clone()));
        }
    }
}

fn patch_relation<'a>(line: &mut RelationLine<'a>, p: &RelationPatch) {
    let set = |slot: &mut Option<Str<'a>>, v: &Option<Option<String>>| {
        if let Some(v) = v {
            *slot = v.clone().map(owned);
        }
    };
    set(&mut line.role, &p.role);
    set(&mut line.title, &p.title);
    set(&mut line.date, &p.date);
    set(&mut line.unit, &p.unit);
    set(&mut line.note, &p.note);
    if let Some(a) = p.amount {
        line.amount = a.map(crate::load::bulk::records::Number::Float);
    }
    if let Some(i) = p.inferred {
        line.inferred = i;
    }
}

/// The revisions that last changed any of `targets`, above `expected`.
fn conflict(history: &History, targets: &[String], expected: u64) -> Option<u64> {
    targets
        .iter()
        .filter_map(|t| history.last_of(t))
        .filter(|r| *r > expected)
        .max()
}

/// Plans a request on `store` (with `history` for conflicts and reverts).
pub fn plan(store: &Store, history: &History, req: &Request) -> Result<Planned, EditError> {
    if req.reason.trim().is_empty() {
        return Err(EditError::argument(
            "reason",
            "say why: `reason` must not be empty",
        ));
    }
    if req.edits.is_empty() {
        return Err(EditError::argument(
            "changes",
            "a change needs at least one edit",
        ));
    }
    if let Some(e) = req.expected_revision {
        if e > store.revision() {
            return Err(EditError::argument(
                "expectedRevision",
                format!(
                    "revision {e} does not exist yet (the graph is at {})",
                    store.revision()
                ),
            ));
        }
    }
    let adds_sources: Vec<String> = req
        .edits
        .iter()
        .filter_map(|e| match e {
            Edit::AddSource(s) => Some(s.id.to_string()),
            _ => None,
        })
        .collect();
    if req.edits.iter().any(Edit::needs_sources) && req.sources.is_empty() {
        return Err(EditError::argument(
            "sources",
            "a change that adds or changes content must cite at least one source",
        ));
    }
    for (i, s) in req.sources.iter().enumerate() {
        if store.source_by_id(s).is_none() && !adds_sources.contains(s) {
            return Err(EditError {
                kind: ErrorKind::NotFound,
                edit: None,
                field: Some(format!("sources[{i}]")),
                message: format!("no source has the id `{s}` (addSource registers one)"),
            });
        }
    }
    let mut w = Work::new(store.clone());
    let mut produced = Vec::new();
    let mut revert_of = None;
    for (i, edit) in req.edits.iter().enumerate() {
        let p = match edit {
            Edit::CreateEntity(line) => {
                let mut line = line.clone();
                if line.sources.is_empty() {
                    with_sources(&mut line.sources, &req.sources);
                }
                Produced::Entity(w.put_entity(i, line, false)?.to_string())
            }
            Edit::UpdateEntity { id, patch } => {
                let ix = w.live(i, "id", id)?;
                let current = w.store.entity(ix).clone();
                let src = |r| {
                    w.store
                        .source(r)
                        .map_or(String::new(), |s| s.id.to_string())
                };
                let names: Vec<String> = current.sources.iter().map(|r| src(*r)).collect();
                let mut line = convert::entity_line(&current, &|_| "");
                line.sources = names.into_iter().map(owned).collect();
                patch_entity(&mut line, patch);
                with_sources(&mut line.sources, &req.sources);
                Produced::Entity(w.put_entity(i, line, true)?.to_string())
            }
            Edit::RetractEntity { id } => {
                w.retract_entity(i, id)?;
                Produced::Retracted(id.clone())
            }
            Edit::AddRelation(line) => {
                let mut line = line.clone();
                if line.sources.is_empty() {
                    with_sources(&mut line.sources, &req.sources);
                }
                Produced::Relation(w.put_relation(i, line, Some(false))?)
            }
            Edit::UpdateRelation {
                from,
                kind,
                to,
                patch,
            } => {
                let t = relation_type(i, kind)?;
                let (a, b) = (w.live(i, "from", from)?, w.live(i, "to", to)?);
                let edge = w.store.find_relation(a, t, b).ok_or_else(|| {
                    EditError::missing(
                        i,
                        "type",
                        format!("no relation {}", relation_id(from, t, to)),
                    )
                })?;
                let Some((_, _, r)) = w.store.relation(edge) else {
                    return Err(EditError::missing(i, "type", "the relation is gone"));
                };
                let r = r.clone();
                let names: Vec<String> = r
                    .sources
                    .iter()
                    .map(|s| {
                        w.store
                            .source(*s)
                            .map_or(String::new(), |x| x.id.to_string())
                    })
                    .collect();
                let (fid, tid) = (w.store.entity(a).id.clone(), w.store.entity(b).id.clone());
                let mut line = convert::relation_line(&fid, &tid, &r, &|_| "");
                line.sources = names.into_iter().map(owned).collect();
                patch_relation(&mut line, patch);
                with_sources(&mut line.sources, &req.sources);
                let line: RelationLine<'static> = reown_relation(line);
                Produced::Relation(w.put_relation(i, line, Some(true))?)
            }
            Edit::RetractRelation { from, kind, to } => {
                let t = relation_type(i, kind)?;
                w.retract_relation(i, from, t, to)?;
                Produced::Relation(relation_id(from, t, to))
            }
            Edit::AddFact(line) => {
                let mut line = line.clone();
                if line.sources.is_empty() {
                    with_sources(&mut line.sources, &req.sources);
                }
                Produced::Fact(w.add_fact(i, line)?)
            }
            Edit::RetractFact { id } => {
                w.retract_fact(i, id)?;
                Produced::Fact(id.clone())
            }
            Edit::AddSource(line) => Produced::Source(w.add_source(i, line.clone())?),
            Edit::Revert { revision } => {
                revert(&mut w, history, i, *revision)?;
                revert_of = Some(*revision);
                Produced::Revert(*revision)
            }
        };
        produced.push(p);
    }
    if let Some(expected) = req.expected_revision {
        if let Some(current) = conflict(history, &w.targets, expected) {
            return Err(EditError {
                kind: ErrorKind::Conflict { current },
                edit: None,
                field: Some("expectedRevision".into()),
                message: format!(
                    "something this change touches was changed at revision {current}, after the expected revision {expected}: read it again and retry"
                ),
            });
        }
    }
    let mut targets = w.targets;
    targets.sort();
    targets.dedup();
    Ok(Planned {
        operations: serde_json::json!({ "ops": w.operations, "revert_of": revert_of, "targets": targets }),
        ops: w.ops,
        targets,
        warnings: w.warnings,
        produced,
        after: w.store.at_revision(store.revision() + 1),
    })
}

/// A relation record with every field owned (so it outlives what it was
/// read from).
fn reown_relation(l: RelationLine<'_>) -> RelationLine<'static> {
    let o = |s: Str<'_>| owned(s.to_string());
    RelationLine {
        from: o(l.from),
        kind: o(l.kind),
        to: o(l.to),
        sources: l.sources.into_iter().map(o).collect(),
        role: l.role.map(o),
        title: l.title.map(o),
        date: l.date.map(o),
        amount: l.amount,
        unit: l.unit.map(o),
        note: l.note.map(o),
        inferred: l.inferred,
    }
}

/// Plans the inverse of change `revision`: every operation undone, last
/// first.
fn revert(w: &mut Work, history: &History, edit: usize, revision: u64) -> Result<(), EditError> {
    let change = history
        .get(revision)
        .ok_or_else(|| {
            EditError::missing(
                edit,
                "revision",
                format!("no change has the revision {revision}"),
            )
        })?
        .clone();
    let ops = change.change.operations["ops"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for op in ops.iter().rev() {
        let kind = op["op"].as_str().unwrap_or("");
        let target = op["target"].as_str().unwrap_or("");
        match kind {
            "create_entity" => {
                if w.store.lookup(target).is_some() {
                    w.retract_entity(edit, target)?;
                }
            }
            "update_entity" => {
                let line: EntityLine<'_> = from_json(edit, &op["before"])?;
                let ix = w.live(edit, "revision", target)?;
                let facts = w.store.entity(ix).facts.clone();
                w.restore_entity(edit, line, facts)?;
            }
            "retract_entity" => {
                let line: EntityLine<'_> = from_json(edit, &op["before"])?;
                let mut facts: Vec<Fact> = Vec::new();
                for f in op["facts"].as_array().into_iter().flatten() {
                    let line: FactLine<'_> = from_json(edit, f)?;
                    let mut rep = super::steps::Collect::new(edit);
                    let known = |s: &str| w.store.source_by_id(s);
                    facts.push(convert::fact(line, &known, &mut rep));
                }
                w.restore_entity(edit, line, facts)?;
            }
            "add_relation" => {
                let (from, t, to) = split_relation(edit, target)?;
                w.retract_relation(edit, &from, t, &to)?;
            }
            "update_relation" | "retract_relation" => {
                let line: RelationLine<'_> = from_json(edit, &op["before"])?;
                let exists = {
                    let (from, t, to) = split_relation(edit, target)?;
                    match (w.store.lookup(&from), w.store.lookup(&to)) {
                        (Some(a), Some(b)) => w.store.find_relation(a, t, b).is_some(),
                        _ => false,
                    }
                };
                w.put_relation(edit, line, Some(exists))?;
            }
            "add_fact" => {
                w.retract_fact(edit, target)?;
            }
            "retract_fact" => {
                let line: FactLine<'_> = from_json(edit, &op["before"])?;
                w.add_fact(edit, line)?;
            }
            // A source stays registered once added (others may cite it).
            "add_source" => w.warnings.push(Warning {
                edit,
                field: "revision".into(),
                message: format!("source `{target}` stays registered: sources are not retracted"),
            }),
            other => {
                return Err(EditError::bad(
                    edit,
                    "revision",
                    format!("the change holds an operation this server does not know (`{other}`)"),
                ))
            }
        }
    }
    Ok(())
}

fn split_relation(edit: usize, id: &str) -> Result<(String, RelationType, String), EditError> {
    let mut parts = id.split('|');
    let (Some(a), Some(t), Some(b)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(EditError::bad(
            edit,
            "revision",
            format!("`{id}` is not a relation id"),
        ));
    };
    Ok((a.to_owned(), relation_type(edit, t)?, b.to_owned()))
}
