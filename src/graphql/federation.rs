//! Apollo Federation v2: innograph as a subgraph (`serve --federation`).
//!
//! The federation schema is the default schema with async-graphql's
//! federation support switched on ([`super::SchemaOptions::federation`]):
//! `Query._service { sdl }` answers the subgraph SDL (with
//! `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", …)`)
//! and `Query._entities(representations:)` resolves references from other
//! subgraphs. Every entity object type (`Institution`, `Park`, `Company`,
//! `Policy`, `Region`, `Person`, `Event`, `Project`) and `Source` is an
//! entity keyed by `id` (`@key(fields: "id")`).
//!
//! The default schema must not change, so nothing here is part of it:
//!
//! - [`EntityKeys`] declares the keys. It is no GraphQL type of its own:
//!   registering it (only the federation schema does) adds `@key` to the
//!   types above, which makes async-graphql add `_Entity` and `_entities`.
//! - [`Entities`] is a part of the root `Query` with no fields. It answers
//!   `_entities`, one representation at a time: async-graphql 7.2 asks the
//!   root for each, and derived entity resolvers (`#[graphql(entity)]`)
//!   would declare their keys in the default schema too.
//!
//! What `_entities` answers for each representation, at its position:
//!
//! - the object, when `id` names an entity of the type `__typename` names
//!   (or a source, for `Source`);
//! - `null` with a `NOT_FOUND` error (path `["_entities", i]`) when no
//!   entity or source has the id, as the federation spec allows;
//! - `null` with a `BAD_USER_INPUT` error when the representation is not
//!   an object with a string `__typename` and `id`, names a type that is
//!   not an entity here, or an id of another kind (`park/…` as a
//!   `Company`).
//!
//! More than [`MAX_REPRESENTATIONS`] representations fail the whole field
//! with `BAD_USER_INPUT`, as `first: 101` does; the guard costs each
//! representation like an item of a page (`super::guard`).

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field;
use async_graphql::registry::{MetaType, MetaTypeId, Registry};
use async_graphql::resolver_utils::{resolve_container, ContainerType};
use async_graphql::{
    Any, Context, ContextSelectionSet, ErrorExtensions as _, ObjectType, OutputType, Positioned,
    ServerResult, Value,
};

use super::context::store;
use super::error::ApiError;
pub use super::limits::MAX_REPRESENTATIONS;
use super::types::{
    Company, Entity, EntityRef, Event, Institution, Park, Person, Policy, Project, Region,
    SourceObj,
};
use crate::model::{EntityId, EntityKind as K};

/// The fields that key every entity type.
pub const KEY: &str = "id";

/// The entity object types and the kind of each.
fn kinds() -> [(Cow<'static, str>, K); 8] {
    [
        (Institution::type_name(), K::Institution),
        (Park::type_name(), K::Park),
        (Company::type_name(), K::Company),
        (Policy::type_name(), K::Policy),
        (Region::type_name(), K::Region),
        (Person::type_name(), K::Person),
        (Event::type_name(), K::Event),
        (Project::type_name(), K::Project),
    ]
}

/// Every federation entity type of the subgraph: the eight kinds' object
/// types and `Source`.
pub fn entity_types() -> Vec<String> {
    let mut names: Vec<String> = kinds().into_iter().map(|(n, _)| n.into_owned()).collect();
    names.push(SourceObj::type_name().into_owned());
    names
}

/// Declares every entity type keyed by `id` when registered with
/// [`async_graphql::SchemaBuilder::register_output_type`] (see the module
/// documentation). Never resolved: no field has this type.
pub struct EntityKeys;

impl OutputType for EntityKeys {
    fn type_name() -> Cow<'static, str> {
        SourceObj::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        for name in entity_types() {
            registry.add_keys(&name, KEY);
        }
        SourceObj::type_name().into_owned()
    }

    async fn resolve(
        &self,
        _ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        Ok(Value::Null)
    }
}

/// The part of the root `Query` that resolves `_entities` (no fields; see
/// the module documentation).
#[derive(Default)]
pub struct Entities;

impl ContainerType for Entities {
    async fn resolve_field(&self, _ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        Ok(None)
    }

    async fn find_entity(&self, ctx: &Context<'_>, params: &Value) -> ServerResult<Option<Value>> {
        let (_, all) = ctx.param_value::<Vec<Any>>("representations", None)?;
        if all.len() > MAX_REPRESENTATIONS {
            let e = ApiError::TooMany {
                name: "representations",
                max: MAX_REPRESENTATIONS,
            };
            return Err(ctx.set_error_path(e.extend().into_server_error(ctx.item.pos)));
        }
        // Equal representations resolve alike, so the first one's
        // position is the one to report.
        let at = all.iter().position(|r| r.0 == *params).unwrap_or(0);
        let here = ctx.with_index(at);
        let failed = |e: ApiError| {
            here.add_error(here.set_error_path(e.extend().into_server_error(ctx.item.pos)));
            Ok(Some(Value::Null))
        };
        let (typename, id) = match key(params) {
            Ok(k) => k,
            Err(e) => return failed(e),
        };
        let store = store(ctx).map_err(|e| e.into_server_error(ctx.item.pos))?;
        let set = here.with_selection_set(&ctx.item.node.selection_set);
        let resolved = if typename == SourceObj::type_name() {
            let Some(r) = store.source_by_id(id) else {
                return failed(ApiError::UnknownSource(id.to_owned()));
            };
            match SourceObj::list(store, &[r]).pop() {
                Some(source) => OutputType::resolve(&source, &set, ctx.item).await,
                None => return failed(ApiError::UnknownSource(id.to_owned())),
            }
        } else {
            let Some((_, kind)) = kinds().into_iter().find(|(n, _)| n == typename) else {
                return failed(ApiError::NotAnEntityType(typename.to_owned()));
            };
            let Ok(parsed) = id.parse::<EntityId>() else {
                return failed(ApiError::BadId(id.to_owned()));
            };
            if parsed.kind() != kind {
                return failed(ApiError::WrongKind {
                    id: id.to_owned(),
                    typename: typename.to_owned(),
                });
            }
            let Some(ix) = store.lookup(parsed.as_str()) else {
                return failed(ApiError::NotFound(id.to_owned()));
            };
            let entity = Entity::from(EntityRef {
                store: store.clone(),
                ix,
            });
            resolve_entity(&entity, &set, ctx.item).await
        };
        match resolved {
            Ok(v) => Ok(Some(v)),
            // A non-null field failed inside: the null stops at this
            // position (the list's items are nullable), not at `_entities`.
            Err(e) => {
                here.add_error(e);
                Ok(Some(Value::Null))
            }
        }
    }
}

/// An entity resolved as its own object type (not through the `Entity`
/// interface, so errors inside keep their paths).
async fn resolve_entity(
    entity: &Entity,
    set: &ContextSelectionSet<'_>,
    field: &Positioned<Field>,
) -> ServerResult<Value> {
    match entity {
        Entity::Institution(x) => OutputType::resolve(x, set, field).await,
        Entity::Park(x) => OutputType::resolve(x, set, field).await,
        Entity::Company(x) => OutputType::resolve(x, set, field).await,
        Entity::Policy(x) => OutputType::resolve(x, set, field).await,
        Entity::Region(x) => OutputType::resolve(x, set, field).await,
        Entity::Person(x) => OutputType::resolve(x, set, field).await,
        Entity::Event(x) => OutputType::resolve(x, set, field).await,
        Entity::Project(x) => OutputType::resolve(x, set, field).await,
    }
}

/// The `__typename` and `id` of a representation.
fn key(params: &Value) -> Result<(&str, &str), ApiError> {
    let Value::Object(fields) = params else {
        return Err(ApiError::BadRepresentation);
    };
    match (fields.get("__typename"), fields.get(KEY)) {
        (Some(Value::String(t)), Some(Value::String(id))) => Ok((t, id)),
        _ => Err(ApiError::BadRepresentation),
    }
}

impl OutputType for Entities {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("FederationEntities")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |_| MetaType::Object {
            name: Self::type_name().into_owned(),
            description: None,
            fields: IndexMap::new(),
            cache_control: Default::default(),
            extends: false,
            shareable: false,
            resolvable: true,
            keys: None,
            visible: None,
            inaccessible: false,
            interface_object: false,
            tags: Vec::new(),
            is_subscription: false,
            rust_typename: Some(std::any::type_name::<Self>()),
            directive_invocations: Vec::new(),
            requires_scopes: Vec::new(),
        })
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ObjectType for Entities {}
