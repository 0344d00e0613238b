//! The primitive steps every edit (and every revert) is made of, each
//! checked against the working snapshot with the loader's rules
//! ([`crate::load::bulk::convert`]) and recorded as a journal operation
//! with its target and before/after records.

use std::collections::VecDeque;

use petgraph::graph::NodeIndex;
use serde_json::{json, Value};

use super::edit::{EditError, Warning};
use super::ids::{fact_id, relation_id};
use crate::load::bulk::convert::{self, Reporter};
use crate::load::bulk::records::{EntityLine, FactLine, RelationLine, SourceLine, Str};
use crate::model::{Entity, EntityId, Fact, Op, RelationType};
use crate::store::Store;

/// Collects the first problem of a record and every warning.
pub(super) struct Collect {
    pub(super) edit: usize,
    pub(super) first: Option<(String, String)>,
    pub(super) warnings: Vec<Warning>,
}

impl Collect {
    pub(super) fn new(edit: usize) -> Collect {
        Collect {
            edit,
            first: None,
            warnings: Vec::new(),
        }
    }

    /// The first problem as an error, if there was one.
    pub(super) fn check(&mut self) -> Result<(), EditError> {
        match self.first.take() {
            Some((field, message)) => Err(EditError::bad(self.edit, field, message)),
            None => Ok(()),
        }
    }
}

impl Reporter for Collect {
    fn problem(&mut self, field: &str, message: String) {
        if self.first.is_none() {
            self.first = Some((field.to_owned(), message));
        }
    }

    fn warning(&mut self, field: &str, message: String) {
        self.warnings.push(Warning {
            edit: self.edit,
            field: field.to_owned(),
            message,
        });
    }
}

/// The record JSON of a value, for the journal.
fn record<T: serde::Serialize>(r: &T) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

/// The working state of a plan: the snapshot as changed by the steps so
/// far, and what they record.
pub(super) struct Work {
    pub(super) store: Store,
    pub(super) ops: Vec<Op>,
    pub(super) operations: Vec<Value>,
    pub(super) targets: Vec<String>,
    pub(super) warnings: Vec<Warning>,
}

impl Work {
    pub(super) fn new(store: Store) -> Work {
        Work {
            store,
            ops: Vec::new(),
            operations: Vec::new(),
            targets: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Resolves source ids in the working snapshot (a clone, so that the
    /// closure does not hold on to `self`).
    fn source_ids(&self) -> impl Fn(&str) -> Option<crate::model::SourceRef> {
        let store = self.store.clone();
        move |s| store.source_by_id(s)
    }

    fn apply(&mut self, op: Op, operation: Value, targets: &[&str]) -> Result<(), EditError> {
        self.store = self
            .store
            .apply(std::slice::from_ref(&op))
            .map_err(|e| EditError {
                kind: super::edit::ErrorKind::BadInput,
                edit: None,
                field: None,
                message: e.to_string(),
            })?;
        // `apply` counts a revision per call; the plan is one change.
        self.store = self.store.clone().at_revision(self.store.revision() - 1);
        self.ops.push(op);
        self.operations.push(operation);
        self.targets.extend(targets.iter().map(|t| (*t).to_owned()));
        Ok(())
    }

    fn entity_json(&self, e: &Entity) -> Value {
        let id = |r| self.store.source(r).map_or("", |s| &*s.id);
        record(&convert::entity_line(e, &id))
    }

    fn fact_json(&self, entity: &EntityId, f: &Fact) -> Value {
        let id = |r| self.store.source(r).map_or("", |s| &*s.id);
        record(&convert::fact_line(entity, f, &id))
    }

    /// The live entity with this id, or a not-found error on `field`.
    pub(super) fn live(&self, edit: usize, field: &str, id: &str) -> Result<NodeIndex, EditError> {
        self.store
            .lookup(id)
            .ok_or_else(|| EditError::missing(edit, field, format!("no entity has the id `{id}`")))
    }

    /// Creates an entity, or (with `replace`) replaces one's fields keeping
    /// its facts. `op` names the operation.
    pub(super) fn put_entity(
        &mut self,
        edit: usize,
        line: EntityLine<'_>,
        replace: bool,
    ) -> Result<EntityId, EditError> {
        let mut rep = Collect::new(edit);
        let known = self.source_ids();
        let entity = convert::entity(line, &known, &mut rep);
        rep.check()?;
        let Some(mut entity) = entity else {
            return Err(EditError::bad(edit, "id", "the id is malformed"));
        };
        self.warnings.append(&mut rep.warnings);
        let id = entity.id.clone();
        let current = self.store.lookup(id.as_str());
        let (op, before) = match (current, replace) {
            (Some(_), false) => {
                return Err(EditError::bad(
                    edit,
                    "id",
                    format!("an entity with the id `{id}` exists: updateEntity changes it"),
                ))
            }
            (None, true) => {
                return Err(EditError::missing(
                    edit,
                    "id",
                    format!("no entity has the id `{id}`"),
                ))
            }
            (Some(ix), true) => {
                let old = self.store.entity(ix).clone();
                entity.facts = old.facts.clone();
                ("update_entity", self.entity_json(&old))
            }
            (None, false) => {
                // A retracted entity created again keeps no old facts.
                ("create_entity", Value::Null)
            }
        };
        let operation = json!({ "op": op, "target": id.as_str(), "before": before, "after": self.entity_json(&entity) });
        self.apply(Op::PutEntity(entity), operation, &[id.as_str()])?;
        Ok(id)
    }

    /// Puts back an entity from its record and facts (for reverts).
    pub(super) fn restore_entity(
        &mut self,
        edit: usize,
        line: EntityLine<'_>,
        facts: Vec<Fact>,
    ) -> Result<(), EditError> {
        let mut rep = Collect::new(edit);
        let known = self.source_ids();
        let entity = convert::entity(line, &known, &mut rep);
        rep.check()?;
        let Some(mut entity) = entity else {
            return Err(EditError::bad(edit, "id", "the id is malformed"));
        };
        entity.facts = facts;
        let before = match self.store.lookup(entity.id.as_str()) {
            Some(ix) => self.entity_json(self.store.entity(ix)),
            None => Value::Null,
        };
        let op = if before.is_null() {
            "create_entity"
        } else {
            "update_entity"
        };
        let id = entity.id.to_string();
        let operation =
            json!({ "op": op, "target": id, "before": before, "after": self.entity_json(&entity) });
        self.apply(Op::PutEntity(entity), operation, &[&id])
    }

    /// Retracts an entity and (recorded one by one) its relations.
    pub(super) fn retract_entity(&mut self, edit: usize, id: &str) -> Result<(), EditError> {
        let ix = self.live(edit, "id", id)?;
        let mut at = Vec::new();
        for v in self
            .store
            .relations(ix, crate::store::Direction::Both, None)
        {
            if let Some((a, b, r)) = self.store.relation(v.edge) {
                at.push((a, b, r.kind));
            }
        }
        at.sort();
        at.dedup();
        for (a, b, kind) in at {
            let (from, to) = (
                self.store.entity(a).id.to_string(),
                self.store.entity(b).id.to_string(),
            );
            self.retract_relation(edit, &from, kind, &to)?;
        }
        let e = self.store.entity(ix).clone();
        let entity_id = e.id.clone();
        let mut operation = json!({ "op": "retract_entity", "target": id, "before": self.entity_json(&e), "after": null });
        // The facts go with the entity; a revert puts them back.
        operation["facts"] =
            Value::Array(e.facts.iter().map(|f| self.fact_json(&e.id, f)).collect());
        self.apply(Op::RetractEntity(entity_id), operation, &[id])
    }

    /// Adds a relation, or (with `replace`) replaces one's properties.
    pub(super) fn put_relation(
        &mut self,
        edit: usize,
        line: RelationLine<'_>,
        replace: Option<bool>,
    ) -> Result<String, EditError> {
        let (from, to) = (line.from.to_string(), line.to.to_string());
        let (a, b) = (self.store.lookup(&from), self.store.lookup(&to));
        let ends = (
            a.map(|x| self.store.kind_of(x)),
            b.map(|x| self.store.kind_of(x)),
        );
        let mut rep = Collect::new(edit);
        let known = self.source_ids();
        let relation = convert::relation(line, ends, &known, &mut rep);
        if let Some((field, message)) = rep.first.take() {
            let kind =
                if matches!(field.as_str(), "from" | "to") && message.contains("unknown entity") {
                    super::edit::ErrorKind::NotFound
                } else {
                    super::edit::ErrorKind::BadInput
                };
            return Err(EditError {
                kind,
                edit: Some(edit),
                field: Some(field),
                message,
            });
        }
        let (Some(a), Some(b), Some(relation)) = (a, b, relation) else {
            return Err(EditError::bad(edit, "type", "the relation cannot be made"));
        };
        self.warnings.append(&mut rep.warnings);
        let kind = relation.kind;
        let rid = relation_id(&from, kind, &to);
        let existing = self.store.find_relation(a, kind, b);
        let before = match (existing, replace) {
            (Some(_), Some(false)) => {
                return Err(EditError::bad(
                    edit,
                    "type",
                    format!("the relation {rid} exists: updateRelation changes it"),
                ))
            }
            (None, Some(true)) => {
                return Err(EditError::missing(
                    edit,
                    "type",
                    format!("no relation {rid}"),
                ))
            }
            (Some(e), _) => self.relation_json(e),
            (None, _) => Value::Null,
        };
        if kind == RelationType::PartOf && existing.is_none() && self.reaches(b, a) {
            return Err(EditError::bad(
                edit,
                "to",
                format!("{to} is already part of {from} (directly or through others): the relation would make a part_of cycle"),
            ));
        }
        let after = {
            let id = |r| self.store.source(r).map_or("", |s| &*s.id);
            let (f, t) = (&self.store.entity(a).id, &self.store.entity(b).id);
            record(&convert::relation_line(f, t, &relation, &id))
        };
        let op = if before.is_null() {
            "add_relation"
        } else {
            "update_relation"
        };
        let operation = json!({ "op": op, "target": rid, "before": before, "after": after });
        let (fid, tid) = (
            self.store.entity(a).id.clone(),
            self.store.entity(b).id.clone(),
        );
        self.apply(
            Op::PutRelation {
                from: fid,
                to: tid,
                relation,
            },
            operation,
            &[&rid, &from, &to],
        )?;
        Ok(rid)
    }

    fn relation_json(&self, edge: petgraph::graph::EdgeIndex) -> Value {
        let Some((a, b, r)) = self.store.relation(edge) else {
            return Value::Null;
        };
        let id = |r| self.store.source(r).map_or("", |s| &*s.id);
        record(&convert::relation_line(
            &self.store.entity(a).id,
            &self.store.entity(b).id,
            r,
            &id,
        ))
    }

    /// Whether `to` can be reached from `from` by `part_of` relations.
    fn reaches(&self, from: NodeIndex, to: NodeIndex) -> bool {
        let mut seen = std::collections::HashSet::from([from]);
        let mut queue = VecDeque::from([from]);
        while let Some(n) = queue.pop_front() {
            if n == to {
                return true;
            }
            for h in self.store.halves(n.index() as u32, true) {
                let o = NodeIndex::new(h.other as usize);
                if h.kind == RelationType::PartOf && seen.len() < 100_000 && seen.insert(o) {
                    queue.push_back(o);
                }
            }
        }
        false
    }

    /// Retracts a relation.
    pub(super) fn retract_relation(
        &mut self,
        edit: usize,
        from: &str,
        kind: RelationType,
        to: &str,
    ) -> Result<(), EditError> {
        let rid = relation_id(from, kind, to);
        let a = self.live(edit, "from", from)?;
        let b = self.live(edit, "to", to)?;
        let edge = self
            .store
            .find_relation(a, kind, b)
            .ok_or_else(|| EditError::missing(edit, "type", format!("no relation {rid}")))?;
        let operation = json!({ "op": "retract_relation", "target": rid, "before": self.relation_json(edge), "after": null });
        self.apply(
            Op::RetractRelation {
                from: self.store.entity(a).id.clone(),
                kind,
                to: self.store.entity(b).id.clone(),
            },
            operation,
            &[&rid, from, to],
        )
    }

    /// Adds a fact to its entity.
    pub(super) fn add_fact(
        &mut self,
        edit: usize,
        line: FactLine<'_>,
    ) -> Result<String, EditError> {
        let entity_id = line.entity.to_string();
        let ix = self.live(edit, "entity", &entity_id)?;
        let mut rep = Collect::new(edit);
        let known = self.source_ids();
        let fact = convert::fact(line, &known, &mut rep);
        rep.check()?;
        let mut e = self.store.entity(ix).clone();
        if e.facts.contains(&fact) {
            return Err(EditError::bad(
                edit,
                "metric",
                "the entity already has this very fact",
            ));
        }
        for other in e.facts.iter().filter(|f| f.metric == fact.metric) {
            if let Some(m) = crate::load::rules::warn_split_range(other, &fact) {
                rep.warning("value", m);
            }
        }
        self.warnings.append(&mut rep.warnings);
        e.facts.push(fact);
        let fid = fact_id(&e, e.facts.len() - 1);
        let after = e
            .facts
            .last()
            .map(|f| self.fact_json(&e.id, f))
            .unwrap_or(Value::Null);
        let operation = json!({ "op": "add_fact", "target": fid, "before": null, "after": after });
        self.apply(Op::PutEntity(e), operation, &[&fid, &entity_id])?;
        Ok(fid)
    }

    /// Retracts a fact by id.
    pub(super) fn retract_fact(&mut self, edit: usize, id: &str) -> Result<(), EditError> {
        let entity_id = id.split('#').next().unwrap_or("");
        let ix = self
            .store
            .lookup(entity_id)
            .ok_or_else(|| EditError::missing(edit, "id", format!("no fact has the id `{id}`")))?;
        let mut e = self.store.entity(ix).clone();
        let at = (0..e.facts.len())
            .find(|i| fact_id(&e, *i) == id)
            .ok_or_else(|| EditError::missing(edit, "id", format!("no fact has the id `{id}`")))?;
        let before = self.fact_json(&e.id, &e.facts[at]);
        e.facts.remove(at);
        let operation =
            json!({ "op": "retract_fact", "target": id, "before": before, "after": null });
        self.apply(Op::PutEntity(e), operation, &[id, entity_id])
    }

    /// Registers a source.
    pub(super) fn add_source(
        &mut self,
        edit: usize,
        line: SourceLine<'_>,
    ) -> Result<String, EditError> {
        let mut rep = Collect::new(edit);
        let source = convert::source(line, &mut rep);
        rep.check()?;
        let Some(source) = source else {
            return Err(EditError::bad(edit, "id", "the source is malformed"));
        };
        let id = source.id.to_string();
        if self.store.source_by_id(&id).is_some() {
            return Err(EditError::bad(
                edit,
                "id",
                format!("a source with the id `{id}` exists"),
            ));
        }
        let operation = json!({ "op": "add_source", "target": id, "before": null, "after": record(&convert::source_line(&source)) });
        self.apply(Op::AddSource(source), operation, &[&id])?;
        Ok(id)
    }
}

/// A record from its journal JSON.
pub(super) fn from_json<'a, T: serde::Deserialize<'a>>(
    edit: usize,
    v: &'a Value,
) -> Result<T, EditError> {
    T::deserialize(v).map_err(|e| {
        EditError::bad(
            edit,
            "revision",
            format!("a recorded state cannot be read back: {e}"),
        )
    })
}

/// Owned text for a record field.
pub(super) fn owned<'a>(s: impl Into<String>) -> Str<'a> {
    Str::from(s.into())
}
