//! The sources through the delta: the base's articles, then those
//! registered since, and what each contributed.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::{Contribution, FactRef, Store};
use crate::model::{Source, SourceRef};

impl Store {
    /// All sources: the base's, then those registered since.
    pub fn sources(&self) -> Vec<&Source> {
        self.base
            .sources()
            .iter()
            .chain(self.delta.sources.iter())
            .collect()
    }

    /// How many sources.
    pub fn source_count(&self) -> usize {
        self.base.sources().len() + self.delta.sources.len()
    }

    /// A source by position.
    pub fn source(&self, r: SourceRef) -> Option<&Source> {
        let i = r.0 as usize;
        let n = self.base.sources().len();
        if i < n {
            self.base.source(r)
        } else {
            self.delta.sources.get(i - n)
        }
    }

    /// A source by id.
    pub fn source_by_id(&self, id: &str) -> Option<SourceRef> {
        self.base.source_by_id(id).or_else(|| {
            self.delta
                .sources
                .iter()
                .position(|s| &*s.id == id)
                .map(|i| SourceRef((self.base.sources().len() + i) as u32))
        })
    }

    /// What a source contributed: the entities, relations and facts citing
    /// it, in node and edge order.
    pub fn contribution(&self, r: SourceRef) -> Contribution {
        let base_nodes = self.base_nodes();
        let mut out = match self.base.contribution(r) {
            Some(c) if self.delta.is_empty() => return c.clone(),
            Some(c) => Contribution {
                entities: c
                    .entities
                    .iter()
                    .copied()
                    .filter(|ix| self.is_live(*ix) && !self.delta.changed.has(ix.index()))
                    .collect(),
                relations: c
                    .relations
                    .iter()
                    .copied()
                    .filter(|e| self.edge_is_live(*e) && !self.delta.changed_edges.has(e.index()))
                    .collect(),
                facts: c
                    .facts
                    .iter()
                    .copied()
                    .filter(|f| self.is_live(f.node) && !self.delta.changed.has(f.node.index()))
                    .collect(),
            },
            None => Contribution::default(),
        };
        for (n, e) in self.delta.entities.iter() {
            let ix = NodeIndex::new(*n as usize);
            if !self.is_live(ix)
                || ((*n as usize) < base_nodes && !self.delta.changed.has(ix.index()))
            {
                continue;
            }
            if e.sources.contains(&r) {
                out.entities.push(ix);
            }
            for (i, f) in e.facts.iter().enumerate() {
                if f.sources.contains(&r) {
                    out.facts.push(FactRef {
                        node: ix,
                        index: i as u32,
                    });
                }
            }
        }
        for (edge, d) in self.delta.edge_data.iter() {
            let e = EdgeIndex::new(*edge as usize);
            if self.edge_is_live(e) && d.relation.sources.contains(&r) {
                out.relations.push(e);
            }
        }
        out.entities.sort();
        out.relations.sort();
        out.facts.sort_by_key(|f| (f.node, f.index));
        out
    }
}
