//! The JSON Lines export: the bulk format the loader reads from a folder
//! with `entities.jsonl` (`load::bulk`), written with the same records and
//! line writer as `innograph generate`. The four files are always written
//! (`facts.jsonl` may be empty), in the loader's order of files.

use super::{each_entity, each_relation, source_id, ExportError, Files, Summary};
use crate::load::bulk::convert::{entity_line, fact_line, relation_line, source_line};
use crate::load::bulk::records::write_line;
use crate::load::bulk::FILES;
use crate::store::Store;

/// Writes `sources.jsonl`, `entities.jsonl`, `facts.jsonl` and
/// `relations.jsonl`.
pub(super) fn write(store: &Store, files: &mut Files) -> Result<Summary, ExportError> {
    let [sources, entities, facts, relations] = FILES;
    let none = String::new;
    for name in FILES {
        files.put(name, none, |_| Ok(()))?;
    }
    let mut summary = Summary::default();
    for s in store.sources() {
        files.put(sources, none, |mut w| write_line(&mut w, &source_line(s)))?;
        summary.sources += 1;
    }
    let id = |r| source_id(store, r);
    each_entity(store, |e| {
        files.put(entities, none, |mut w| {
            write_line(&mut w, &entity_line(e, &id))
        })?;
        summary.entities += 1;
        for f in &e.facts {
            files.put(facts, none, |mut w| {
                write_line(&mut w, &fact_line(&e.id, f, &id))
            })?;
            summary.facts += 1;
        }
        Ok(())
    })?;
    each_relation(store, |from, to, r| {
        files.put(relations, none, |mut w| {
            write_line(&mut w, &relation_line(from, to, r, &id))
        })?;
        summary.relations += 1;
        Ok(())
    })?;
    Ok(summary)
}
