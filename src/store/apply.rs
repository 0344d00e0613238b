//! Applying changes to a snapshot: [`Store::apply`] makes the next
//! revision from a list of [`Op`]s, all or none, sharing everything the
//! ops do not touch with the snapshot it starts from. The ops are expected
//! to be validated (by the curation layer, with the loader's rules); what
//! the store still refuses is what would break its own structure.

use std::sync::Arc;

use petgraph::graph::NodeIndex;

use super::adjacency::Half;
use super::delta::{Delta, EdgeData};
use super::{names, normalize, Store};
use crate::model::{Entity, EntityId, Op, RelationType};

/// A change the store cannot make.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// A relation or retraction names an entity that does not exist.
    #[error("no entity has the id `{0}`")]
    UnknownEntity(String),
    /// A retraction names a relation that does not exist.
    #[error("no relation {from} -{kind}-> {to}")]
    UnknownRelation {
        /// Its start.
        from: String,
        /// Its type.
        kind: RelationType,
        /// Its end.
        to: String,
    },
    /// An entity cites a source the store does not have.
    #[error("reference to unknown source #{0}")]
    UnknownSource(u32),
}

impl Store {
    /// The next revision: this snapshot with `ops` applied in order.
    ///
    /// ```
    /// use innograph::model::{EntityId, Op};
    /// let store = innograph::load::builtin().unwrap();
    /// let apple = store.lookup("company/apple").unwrap();
    /// let mut e = store.entity(apple).clone();
    /// e.description = Some("changed".into());
    /// let next = store.apply(&[Op::PutEntity(e)]).unwrap();
    /// assert_eq!(next.revision(), store.revision() + 1);
    /// assert_eq!(next.entity(apple).description.as_deref(), Some("changed"));
    /// assert_ne!(store.entity(apple).description.as_deref(), Some("changed"));
    /// let gone = next.apply(&[Op::RetractEntity("company/apple".parse::<EntityId>().unwrap())]).unwrap();
    /// assert!(gone.lookup("company/apple").is_none());
    /// assert_eq!(gone.entity_count(), store.entity_count() - 1);
    /// ```
    pub fn apply(&self, ops: &[Op]) -> Result<Store, ApplyError> {
        let mut next = Store {
            base: self.base.clone(),
            delta: self.delta.clone(),
            revision: self.revision + 1,
        };
        let mut delta: Delta = (*self.delta).clone();
        for op in ops {
            next.apply_one(&mut delta, op)?;
            delta.ops += 1;
            // Reads during the batch see the ops before this one.
            next.delta = Arc::new(delta.clone());
        }
        next.delta = Arc::new(delta);
        // The search index of changed entities grows by runs (see fresh.rs).
        if let Some(fresh) = next.delta.fresh.sealed_in(&next) {
            Arc::make_mut(&mut next.delta).fresh = fresh;
        }
        Ok(next)
    }

    fn apply_one(&self, delta: &mut Delta, op: &Op) -> Result<(), ApplyError> {
        match op {
            Op::PutEntity(e) => self.put_entity(delta, e),
            Op::RetractEntity(id) => {
                let ix = self
                    .lookup(id.as_str())
                    .ok_or_else(|| ApplyError::UnknownEntity(id.to_string()))?;
                let node = ix.index() as u32;
                let mut dead = Vec::new();
                for outgoing in [true, false] {
                    dead.extend(self.halves(node, outgoing).map(|h| (h.edge, h.kind)));
                }
                dead.sort_unstable();
                dead.dedup();
                for (edge, kind) in dead {
                    self.kill_edge(delta, edge, kind);
                }
                let e = self.entity(ix);
                delta.dead_nodes.set(ix.index());
                delta.counts.entities -= 1;
                delta.counts.by_kind[e.kind() as usize] -= 1;
                delta.counts.facts -= e.facts.len() as i64;
                Ok(())
            }
            Op::PutRelation { from, to, relation } => {
                let a = self.live(from)?;
                let b = self.live(to)?;
                self.check_sources(relation.sources.iter().copied(), delta)?;
                match self.find_relation(a, relation.kind, b) {
                    Some(edge) => {
                        let i = edge.index() as u32;
                        delta.edge_data.insert(
                            i,
                            Arc::new(EdgeData {
                                from: a.index() as u32,
                                to: b.index() as u32,
                                relation: relation.clone(),
                            }),
                        );
                        if (i as usize) < self.base.graph.edge_count() {
                            delta.changed_edges.set(i as usize);
                        }
                    }
                    None => {
                        let edge = delta.edges;
                        delta.edges += 1;
                        delta.edge_data.insert(
                            edge,
                            Arc::new(EdgeData {
                                from: a.index() as u32,
                                to: b.index() as u32,
                                relation: relation.clone(),
                            }),
                        );
                        let (x, y) = (a.index() as u32, b.index() as u32);
                        let kind = relation.kind;
                        Delta::add_half(
                            &mut delta.out,
                            x,
                            Half {
                                other: y,
                                edge,
                                kind,
                            },
                            |p, q| self.cmp_nodes(p, q),
                        );
                        Delta::add_half(
                            &mut delta.inc,
                            y,
                            Half {
                                other: x,
                                edge,
                                kind,
                            },
                            |p, q| self.cmp_nodes(p, q),
                        );
                        delta.counts.relations += 1;
                        delta.counts.by_type[kind as usize] += 1;
                    }
                }
                Ok(())
            }
            Op::RetractRelation { from, kind, to } => {
                let unknown = || ApplyError::UnknownRelation {
                    from: from.to_string(),
                    kind: *kind,
                    to: to.to_string(),
                };
                let a = self.lookup(from.as_str()).ok_or_else(unknown)?;
                let b = self.lookup(to.as_str()).ok_or_else(unknown)?;
                let edge = self.find_relation(a, *kind, b).ok_or_else(unknown)?;
                self.kill_edge(delta, edge.index() as u32, *kind);
                Ok(())
            }
            Op::AddSource(s) => {
                delta.sources.push(s.clone());
                Ok(())
            }
        }
    }

    fn live(&self, id: &EntityId) -> Result<NodeIndex, ApplyError> {
        self.lookup(id.as_str())
            .ok_or_else(|| ApplyError::UnknownEntity(id.to_string()))
    }

    fn check_sources(
        &self,
        refs: impl IntoIterator<Item = crate::model::SourceRef>,
        delta: &Delta,
    ) -> Result<(), ApplyError> {
        let n = self.base.sources.len() + delta.sources.len();
        match refs.into_iter().find(|r| r.0 as usize >= n) {
            Some(bad) => Err(ApplyError::UnknownSource(bad.0)),
            None => Ok(()),
        }
    }

    fn kill_edge(&self, delta: &mut Delta, edge: u32, kind: RelationType) {
        if !delta.dead_edges.set(edge as usize) {
            return;
        }
        if let Some((a, b, _)) = self.relation(petgraph::graph::EdgeIndex::new(edge as usize)) {
            delta.touched.set(a.index());
            delta.touched.set(b.index());
        }
        delta.counts.relations -= 1;
        delta.counts.by_type[kind as usize] -= 1;
    }

    fn put_entity(&self, delta: &mut Delta, e: &Entity) -> Result<(), ApplyError> {
        self.check_sources(
            e.sources
                .iter()
                .chain(e.facts.iter().flat_map(|f| f.sources.iter()))
                .copied(),
            delta,
        )?;
        let kind = e.kind();
        let node = match self.slot_of(e.id.as_str()) {
            Some(ix) => {
                let was_dead = delta.dead_nodes.clear(ix.index());
                let before = self.entity(ix).facts.len() as i64;
                if was_dead {
                    delta.counts.entities += 1;
                    delta.counts.by_kind[kind as usize] += 1;
                    delta.counts.facts += e.facts.len() as i64;
                } else {
                    delta.counts.facts += e.facts.len() as i64 - before;
                }
                if ix.index() < self.base.graph.node_count() {
                    delta.changed.set(ix.index());
                }
                ix.index() as u32
            }
            None => {
                let n = delta.nodes;
                delta.nodes += 1;
                delta.ids.insert(e.id.as_str().into(), n);
                delta.new_by_kind[kind as usize].push(n);
                delta.counts.entities += 1;
                delta.counts.by_kind[kind as usize] += 1;
                delta.counts.facts += e.facts.len() as i64;
                n
            }
        };
        delta.entities.insert(node, Arc::new(e.clone()));
        delta.fresh.put(node);
        delta.index_names(node, names(e).map(|n| normalize::key(n)));
        Ok(())
    }
}

impl Store {
    /// The snapshot rebuilt as a base of its own, with an empty delta (the
    /// same answers, in id order again, at the same revision): how the
    /// delta is folded in when it grows large.
    ///
    /// ```
    /// use innograph::model::{EntityId, Op};
    /// let store = innograph::load::builtin().unwrap();
    /// let next = store.apply(&[Op::RetractEntity("company/apple".parse::<EntityId>().unwrap())]).unwrap();
    /// let compact = next.compacted().unwrap();
    /// assert_eq!((compact.revision(), compact.pending_changes()), (1, 0));
    /// assert_eq!(compact.entity_count(), next.entity_count());
    /// assert!(compact.lookup("company/apple").is_none());
    /// ```
    pub fn compacted(&self) -> Result<Store, super::StoreError> {
        let sources = self.sources().into_iter().cloned().collect();
        let entities = self.nodes().map(|ix| self.entity(ix).clone()).collect();
        let relations = self
            .edges()
            .filter_map(|e| self.relation(e))
            .map(|(a, b, r)| {
                (
                    self.entity(a).id.clone(),
                    self.entity(b).id.clone(),
                    r.clone(),
                )
            })
            .collect();
        Ok(Store::new(sources, entities, relations)?.at_revision(self.revision))
    }
}
