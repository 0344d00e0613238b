//! A digest of a store's contents, to tell whether two servers (replicas
//! following one journal) serve the same graph: SHA-256 over the records
//! of the JSON Lines export (sources, entities with their facts in id
//! order, relations in the store's order), each section named. Two stores
//! with the same contents, built by applying the same changes in the same
//! order, have the same digest; any difference in an entity, fact,
//! relation or source changes it.

use std::io;

use sha2::{Digest as _, Sha256};

use super::{each_entity, each_relation, source_id, ExportError};
use crate::load::bulk::convert::{entity_line, fact_line, relation_line, source_line};
use crate::load::bulk::records::write_line;
use crate::store::Store;

/// A hasher as a writer.
struct Hashing(Sha256);

impl io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn io_err(e: io::Error) -> ExportError {
    ExportError::Io {
        path: "<digest>".into(),
        source: e,
    }
}

/// The digest of `store`'s contents, as `sha256:` and 64 hex digits.
///
/// ```
/// use innograph::model::{EntityId, Op};
/// let store = innograph::load::builtin().unwrap();
/// let d = innograph::export::digest::digest(&store).unwrap();
/// assert!(d.starts_with("sha256:") && d.len() == 71);
/// assert_eq!(d, innograph::export::digest::digest(&innograph::load::builtin().unwrap()).unwrap());
/// let next = store.apply(&[Op::RetractEntity("company/apple".parse::<EntityId>().unwrap())]).unwrap();
/// assert_ne!(d, innograph::export::digest::digest(&next).unwrap());
/// ```
pub fn digest(store: &Store) -> Result<String, ExportError> {
    let mut w = Hashing(Sha256::new());
    let id = |r| source_id(store, r);
    io::Write::write_all(&mut w, b"sources\n").map_err(io_err)?;
    for s in store.sources() {
        write_line(&mut w, &source_line(s)).map_err(io_err)?;
    }
    io::Write::write_all(&mut w, b"entities\n").map_err(io_err)?;
    each_entity(store, |e| {
        write_line(&mut w, &entity_line(e, &id)).map_err(io_err)?;
        for f in &e.facts {
            write_line(&mut w, &fact_line(&e.id, f, &id)).map_err(io_err)?;
        }
        Ok(())
    })?;
    io::Write::write_all(&mut w, b"relations\n").map_err(io_err)?;
    each_relation(store, |from, to, r| {
        write_line(&mut w, &relation_line(from, to, r, &id)).map_err(io_err)
    })?;
    let hex: String = w.0.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256:{hex}"))
}
