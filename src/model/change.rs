//! Changes to the graph as the store applies them: put an entity (create
//! or replace), retract one, put or retract a relation (identified by its
//! ends and type, which no two relations share), register a source. The
//! curation API builds these from validated input; the journal keeps them.

use super::{Entity, EntityId, Relation, RelationType, Source};

/// One change.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Creates an entity, or replaces the data of the one with its id
    /// (bringing it back if it was retracted).
    PutEntity(Entity),
    /// Retracts an entity and every relation at it. It leaves every read;
    /// history keeps it.
    RetractEntity(EntityId),
    /// Adds a relation, or replaces the data of the one with the same ends
    /// and type.
    PutRelation {
        /// Where it starts.
        from: EntityId,
        /// Where it ends.
        to: EntityId,
        /// Its type, properties and sources.
        relation: Relation,
    },
    /// Retracts the relation with these ends and type.
    RetractRelation {
        /// Where it starts.
        from: EntityId,
        /// Its type.
        kind: RelationType,
        /// Where it ends.
        to: EntityId,
    },
    /// Registers a source article.
    AddSource(Source),
}
