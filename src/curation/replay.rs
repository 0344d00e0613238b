//! Starting from the journal: the base data is revision 0, and every change
//! the journal holds is applied to it again, in order, from its recorded
//! after-states, rebuilding the history as it goes. The journal records
//! which base it was made on; a journal made on other data is refused
//! (its changes would not mean the same thing).

use std::sync::Arc;

use serde_json::Value;

use super::history::History;
use super::ids::fact_id;
use super::live::Snapshot;
use super::steps::Collect;
use crate::journal::{BaseInfo, Change, Journal, JournalError};
use crate::load::bulk::convert;
use crate::load::bulk::records::{EntityLine, FactLine, RelationLine, SourceLine};
use crate::model::{EntityId, Op};
use crate::store::Store;

/// Why the journal cannot be served on this base.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The journal failed.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// The journal was made on other base data.
    #[error("the journal was made on other data ({recorded}, content hash {recorded_hash}) than this server loaded ({loaded}, content hash {loaded_hash}): serve the same data, or start with a new journal (to keep its changes, write them out with the data they were made on: innograph export --format toml --journal FILE [--data DIR] --out NEW_DIR)")]
    OtherBase {
        /// What the journal records.
        recorded: String,
        /// Its hash.
        recorded_hash: String,
        /// What was loaded.
        loaded: String,
        /// Its hash.
        loaded_hash: String,
    },
    /// A recorded change does not apply (a corrupt or foreign journal).
    #[error("revision {revision} of the journal does not apply: {why}")]
    Broken {
        /// The change.
        revision: u64,
        /// Why.
        why: String,
    },
}

/// How many changes are read from the journal at a time.
const PAGE: usize = 1000;

/// The snapshot of `base` with every change of `journal` applied, after
/// checking (or recording) that the journal belongs to this base.
pub fn replay(
    base: Store,
    info: &BaseInfo,
    journal: &dyn Journal,
) -> Result<Snapshot, ReplayError> {
    match journal.base()? {
        None => journal.set_base(info)?,
        Some(recorded) if recorded.hash != info.hash => {
            return Err(ReplayError::OtherBase {
                recorded: recorded.description,
                recorded_hash: recorded.hash,
                loaded: info.description.clone(),
                loaded_hash: info.hash.clone(),
            })
        }
        Some(_) => {}
    }
    let mut store = base;
    let mut history = History::default();
    let mut after = 0;
    loop {
        let page = journal.since(after, PAGE)?;
        if page.is_empty() {
            break;
        }
        for change in page {
            after = change.revision;
            store = ops_of(&store, &change)
                .map_err(|why| ReplayError::Broken {
                    revision: change.revision,
                    why,
                })?
                .at_revision(change.revision);
            let targets = targets_of(&change);
            history.push(Arc::new(change), targets);
        }
    }
    let mut snapshot = Snapshot::of(Arc::new(store));
    snapshot.history = history;
    Ok(snapshot)
}

/// Applies the changes after the snapshot's revision (a follower catching
/// up); returns the next snapshot and the changes applied.
pub fn follow(
    snapshot: &Snapshot,
    changes: Vec<Change>,
) -> Result<(Snapshot, Vec<Arc<Change>>), ReplayError> {
    let mut next = snapshot.clone();
    let mut store = (*snapshot.store).clone();
    let mut applied = Vec::new();
    for change in changes {
        if change.revision != store.revision() + 1 {
            continue;
        }
        store = ops_of(&store, &change)
            .map_err(|why| ReplayError::Broken {
                revision: change.revision,
                why,
            })?
            .at_revision(change.revision);
        let change = Arc::new(change);
        next.history.push(change.clone(), targets_of(&change));
        applied.push(change);
    }
    next.store = Arc::new(store);
    Ok((next, applied))
}

/// The targets a change recorded.
fn targets_of(change: &Change) -> Vec<String> {
    change.change.operations["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect()
}

fn read<'a, T: serde::Deserialize<'a>>(v: &'a Value) -> Result<T, String> {
    T::deserialize(v).map_err(|e| e.to_string())
}

/// The store with a recorded change applied, from its after-states.
fn ops_of(store: &Store, change: &Change) -> Result<Store, String> {
    let mut work = store.clone();
    let known = |w: &Store| {
        let w = w.clone();
        move |s: &str| w.source_by_id(s)
    };
    let empty = Vec::new();
    for op in change.change.operations["ops"].as_array().unwrap_or(&empty) {
        let target = op["target"].as_str().unwrap_or("");
        let mut rep = Collect::new(0);
        let next = match op["op"].as_str().unwrap_or("") {
            "create_entity" | "update_entity" => {
                let line: EntityLine<'_> = read(&op["after"])?;
                let mut e =
                    convert::entity(line, &known(&work), &mut rep).ok_or("a malformed entity")?;
                if let Some(ix) = work.lookup(e.id.as_str()) {
                    if op["op"] == "update_entity" {
                        e.facts = work.entity(ix).facts.clone();
                    }
                }
                Op::PutEntity(e)
            }
            "retract_entity" => {
                Op::RetractEntity(target.parse::<EntityId>().map_err(|e| e.to_string())?)
            }
            "add_relation" | "update_relation" => {
                let line: RelationLine<'_> = read(&op["after"])?;
                let (from, to) = (line.from.to_string(), line.to.to_string());
                let ends = (
                    work.lookup(&from).map(|x| work.kind_of(x)),
                    work.lookup(&to).map(|x| work.kind_of(x)),
                );
                let relation = convert::relation(line, ends, &known(&work), &mut rep)
                    .ok_or("a relation whose ends or type are wrong")?;
                Op::PutRelation {
                    from: from
                        .parse()
                        .map_err(|e: crate::model::IdError| e.to_string())?,
                    to: to
                        .parse()
                        .map_err(|e: crate::model::IdError| e.to_string())?,
                    relation,
                }
            }
            "retract_relation" => {
                let mut parts = target.split('|');
                let (Some(a), Some(t), Some(b)) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(format!("`{target}` is not a relation id"));
                };
                Op::RetractRelation {
                    from: a
                        .parse()
                        .map_err(|e: crate::model::IdError| e.to_string())?,
                    kind: crate::load::rules::relation_type(t)?,
                    to: b
                        .parse()
                        .map_err(|e: crate::model::IdError| e.to_string())?,
                }
            }
            "add_fact" => {
                let line: FactLine<'_> = read(&op["after"])?;
                let ix = work
                    .lookup(&line.entity)
                    .ok_or("a fact of a missing entity")?;
                let fact = convert::fact(line, &known(&work), &mut rep);
                let mut e = work.entity(ix).clone();
                e.facts.push(fact);
                Op::PutEntity(e)
            }
            "retract_fact" => {
                let entity = target.split('#').next().unwrap_or("");
                let ix = work.lookup(entity).ok_or("a fact of a missing entity")?;
                let mut e = work.entity(ix).clone();
                let at = (0..e.facts.len())
                    .find(|i| fact_id(&e, *i) == target)
                    .ok_or_else(|| format!("no fact `{target}`"))?;
                e.facts.remove(at);
                Op::PutEntity(e)
            }
            "add_source" => {
                let line: SourceLine<'_> = read(&op["after"])?;
                Op::AddSource(convert::source(line, &mut rep).ok_or("a malformed source")?)
            }
            other => return Err(format!("an unknown operation `{other}`")),
        };
        if let Some((field, m)) = rep.first.take() {
            return Err(format!("{field}: {m}"));
        }
        work = work
            .apply(std::slice::from_ref(&next))
            .map_err(|e| e.to_string())?;
    }
    Ok(work)
}
