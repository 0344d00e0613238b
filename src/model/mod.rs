//! Domain types of the knowledge graph: identifiers, entity kinds, the closed
//! relation vocabulary, facts, sources and dates.
//!
//! Nothing here knows about file formats, GraphQL or HTTP; the loader turns
//! files into these types and the store holds them.

mod change;
mod date;
mod entity;
mod fact;
mod id;
mod kind;
mod relation;
mod source;

pub use change::Op;
pub use date::{DateError, PartialDate, Period};
pub use entity::{Annotated, Annotation, Annotations, AttributeKey, Attributes, Entity};
pub use fact::{Fact, Qualifier};
pub use id::{EntityId, IdError};
pub use kind::EntityKind;
pub use relation::{Relation, RelationProps, RelationType, SourceRefs};
pub use source::{Source, SourceId, SourceRef};
