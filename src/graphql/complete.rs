//! Completes an executed response the way the GraphQL specification's
//! error handling asks, where async-graphql 7.2 falls short:
//!
//! - a field that raised an error is present in `data` as `null` (the
//!   executor leaves it out);
//! - a `null` in a non-null position propagates to the nearest nullable
//!   parent, up to `data` itself (the executor stops at the field);
//! - `__schema { description }` is the schema's description, not the
//!   description of the `__Schema` type.
//!
//! It works from the error paths, the executed document and the declared
//! types ([`Shapes`]); a response without errors is only touched for
//! `__schema { description }`.

use std::collections::HashSet;

use async_graphql::parser::types::{
    ExecutableDocument, OperationDefinition, Selection, SelectionSet, Type,
};
use async_graphql::{Name, PathSegment, ServerError, Value};

use super::error::FieldPath;
use super::shape::{named, Shapes};

/// The operation a request runs: the named one, or the only one.
pub(crate) fn operation<'d>(
    doc: &'d ExecutableDocument,
    name: Option<&str>,
) -> Option<&'d OperationDefinition> {
    match name {
        Some(name) => doc
            .operations
            .iter()
            .find(|(n, _)| n.map(|n| n.as_str()) == Some(name))
            .map(|(_, op)| &op.node),
        None => doc.operations.iter().next().map(|(_, op)| &op.node),
    }
}

/// Gives every error that lost its path in an interface dispatch the path
/// its resolver recorded ([`FieldPath`]).
pub(crate) fn restore_paths(errors: &mut [ServerError]) {
    for e in errors.iter_mut().filter(|e| e.path.is_empty()) {
        if let Some(p) = e
            .source
            .as_ref()
            .and_then(|s| s.downcast_ref::<FieldPath>())
        {
            e.path = p.0.clone();
        }
    }
}

/// Completes `data` for `errors` (see the module documentation);
/// `description` is what `__schema { description }` answers.
pub(crate) fn complete(
    shapes: &Shapes,
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    data: &mut Value,
    errors: &[ServerError],
    description: Option<&str>,
) {
    let Some(op) = operation(doc, operation_name) else {
        return;
    };
    let root = Level {
        sets: vec![(&op.selection_set.node, shapes.root(op.ty))],
    };
    fix_schema_description(doc, &root, data, description);
    // Where each error's null lands: the nearest nullable position at or
    // above the failed field (`None`: `data` itself).
    let mut targets: Vec<(Vec<PathSegment>, Vec<Name>)> = Vec::new();
    for e in errors.iter().filter(|e| !e.path.is_empty()) {
        let Some(walk) = walk(shapes, doc, &root, &e.path) else {
            continue;
        };
        match walk.iter().rposition(|step| step.nullable) {
            None => {
                *data = Value::Null;
                return;
            }
            Some(at) => targets.push((e.path[..=at].to_vec(), walk[at].siblings.clone())),
        }
    }
    // Deeper first, so that a null set higher up wins over one inside it.
    targets.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
    for (path, siblings) in targets {
        set_null(data, &path, &siblings);
    }
}

/// The selection sets that apply at one position of the response, each
/// with the type it selects on.
struct Level<'d> {
    sets: Vec<(&'d SelectionSet, &'d str)>,
}

/// One segment of an error path with its declared type.
struct Step {
    nullable: bool,
    /// For a field: the response keys of its level, in document order.
    siblings: Vec<Name>,
}

/// The declared nullability of each segment of `path`, or `None` when the
/// path does not match the document (then the response is left as is).
fn walk<'d>(
    shapes: &'d Shapes,
    doc: &'d ExecutableDocument,
    root: &Level<'d>,
    path: &[PathSegment],
) -> Option<Vec<Step>> {
    let mut steps = Vec::with_capacity(path.len());
    let mut level = Level {
        sets: root.sets.clone(),
    };
    let mut current: Option<&Type> = None;
    for seg in path {
        match seg {
            PathSegment::Field(key) => {
                let mut found = Vec::new();
                let mut siblings = Vec::new();
                for (set, ty) in &level.sets {
                    collect(
                        doc,
                        set,
                        ty,
                        key,
                        &mut found,
                        &mut siblings,
                        &mut HashSet::new(),
                    );
                }
                let (field, parent) = *found.first()?;
                let ty = shapes.field(parent, field.name.node.as_str())?;
                steps.push(Step {
                    nullable: ty.nullable,
                    siblings,
                });
                current = Some(ty);
                let below = named(ty);
                level = Level {
                    sets: found
                        .iter()
                        .map(|(f, _)| (&f.selection_set.node, below))
                        .collect(),
                };
            }
            PathSegment::Index(_) => {
                let ty = match &current?.base {
                    async_graphql::parser::types::BaseType::List(inner) => inner.as_ref(),
                    async_graphql::parser::types::BaseType::Named(_) => return None,
                };
                steps.push(Step {
                    nullable: ty.nullable,
                    siblings: Vec::new(),
                });
                current = Some(ty);
            }
        }
    }
    Some(steps)
}

type Found<'d> = Vec<(&'d async_graphql::parser::types::Field, &'d str)>;

/// The fields of `set` (fragments expanded) answering to response key
/// `key`, each with the type it is selected on; and every response key of
/// the level, in document order.
fn collect<'d>(
    doc: &'d ExecutableDocument,
    set: &'d SelectionSet,
    ty: &'d str,
    key: &str,
    found: &mut Found<'d>,
    siblings: &mut Vec<Name>,
    spread: &mut HashSet<&'d str>,
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                let f = &f.node;
                let rk = f.response_key();
                if !siblings.contains(&rk.node) {
                    siblings.push(rk.node.clone());
                }
                if rk.node.as_str() == key {
                    found.push((f, ty));
                }
            }
            Selection::InlineFragment(i) => {
                let i = &i.node;
                let on = i
                    .type_condition
                    .as_ref()
                    .map_or(ty, |c| c.node.on.node.as_str());
                collect(doc, &i.selection_set.node, on, key, found, siblings, spread);
            }
            Selection::FragmentSpread(s) => {
                let name = s.node.fragment_name.node.as_str();
                if !spread.insert(name) {
                    continue;
                }
                if let Some(def) = doc.fragments.get(&s.node.fragment_name.node) {
                    let def = &def.node;
                    collect(
                        doc,
                        &def.selection_set.node,
                        def.type_condition.node.on.node.as_str(),
                        key,
                        found,
                        siblings,
                        spread,
                    );
                }
            }
        }
    }
}

/// Sets the value at `path` to null, inserting the key in document order
/// when the executor left it out. An object the executor answered as null
/// because every field of it failed becomes an object again on the way.
fn set_null(data: &mut Value, path: &[PathSegment], siblings: &[Name]) {
    let Some((last, above)) = path.split_last() else {
        *data = Value::Null;
        return;
    };
    let mut node = data;
    for seg in above {
        node = match seg {
            PathSegment::Field(key) => {
                if matches!(node, Value::Null) {
                    *node = Value::Object(Default::default());
                }
                let Value::Object(map) = node else { return };
                match map.get_mut(key.as_str()) {
                    Some(child) => child,
                    None => return,
                }
            }
            PathSegment::Index(i) => {
                let Value::List(list) = node else { return };
                match list.get_mut(*i) {
                    Some(child) => child,
                    None => return,
                }
            }
        };
    }
    match last {
        PathSegment::Field(key) => {
            if matches!(node, Value::Null) {
                *node = Value::Object(Default::default());
            }
            let Value::Object(map) = node else { return };
            if let Some(v) = map.get_mut(key.as_str()) {
                *v = Value::Null;
                return;
            }
            let rank = |k: &str| siblings.iter().position(|s| s.as_str() == k);
            let mine = rank(key);
            let at = map
                .keys()
                .take_while(|k| match (rank(k.as_str()), mine) {
                    (Some(a), Some(b)) => a < b,
                    _ => true,
                })
                .count();
            map.shift_insert(at, Name::new(key), Value::Null);
        }
        PathSegment::Index(i) => {
            if let Value::List(list) = node {
                if let Some(v) = list.get_mut(*i) {
                    *v = Value::Null;
                }
            }
        }
    }
}

/// Answers every `__schema { description }` with the schema's own
/// description (async-graphql answers the `__Schema` type's).
fn fix_schema_description(
    doc: &ExecutableDocument,
    root: &Level<'_>,
    data: &mut Value,
    description: Option<&str>,
) {
    let Value::Object(top) = data else { return };
    // `__schema` may be aliased: look at every root field named so.
    let mut aliased = Vec::new();
    for (set, ty) in &root.sets {
        all_named(doc, set, ty, "__schema", &mut aliased, &mut HashSet::new());
    }
    for (field, _) in aliased {
        let key = field.response_key().node.clone();
        let Some(Value::Object(schema)) = top.get_mut(&key) else {
            continue;
        };
        let mut described = Vec::new();
        all_named(
            doc,
            &field.selection_set.node,
            "__Schema",
            "description",
            &mut described,
            &mut HashSet::new(),
        );
        for (d, _) in described {
            let dk = d.response_key().node.clone();
            if let Some(v) = schema.get_mut(&dk) {
                *v = description.map_or(Value::Null, |s| Value::String(s.to_owned()));
            }
        }
    }
}

/// The fields of `set` (fragments expanded) whose field name is `name`.
fn all_named<'d>(
    doc: &'d ExecutableDocument,
    set: &'d SelectionSet,
    ty: &'d str,
    name: &str,
    found: &mut Found<'d>,
    spread: &mut HashSet<&'d str>,
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                if f.node.name.node.as_str() == name {
                    found.push((&f.node, ty));
                }
            }
            Selection::InlineFragment(i) => {
                all_named(doc, &i.node.selection_set.node, ty, name, found, spread)
            }
            Selection::FragmentSpread(s) => {
                if !spread.insert(s.node.fragment_name.node.as_str()) {
                    continue;
                }
                if let Some(def) = doc.fragments.get(&s.node.fragment_name.node) {
                    all_named(doc, &def.node.selection_set.node, ty, name, found, spread);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;
    use serde_json::json;

    const SDL: &str = "type Query { a: Int! b: B c: [B!] d: [B]! e: B! } \
        type B { x: Int! y: Int z: B }";

    fn err(path: &[&str]) -> ServerError {
        let mut e = ServerError::new("boom", None);
        e.path = path
            .iter()
            .map(|p| match p.parse::<usize>() {
                Ok(i) => PathSegment::Index(i),
                Err(_) => PathSegment::Field((*p).to_owned()),
            })
            .collect();
        e
    }

    fn run(query: &str, data: serde_json::Value, errors: &[&[&str]]) -> serde_json::Value {
        let shapes = Shapes::of(SDL);
        let doc = parse_query(query).expect("parses");
        let mut data = Value::from_json(data).expect("json");
        let errors: Vec<ServerError> = errors.iter().map(|p| err(p)).collect();
        complete(&shapes, &doc, None, &mut data, &errors, Some("the schema"));
        data.into_json().expect("json")
    }

    #[test]
    fn a_failed_nullable_field_is_null_in_document_order() {
        assert_eq!(
            run("{ a b { y } }", json!({ "a": 1 }), &[&["b"]]),
            json!({ "a": 1, "b": null })
        );
        assert_eq!(
            run("{ b { y } a }", json!({ "a": 1 }), &[&["b"]]),
            json!({ "b": null, "a": 1 })
        );
        // Aliases are response keys.
        assert_eq!(
            run(
                "{ one: b { y } two: b { y } }",
                json!({ "two": { "y": 2 } }),
                &[&["one"]]
            ),
            json!({ "one": null, "two": { "y": 2 } })
        );
    }

    #[test]
    fn a_non_null_failure_nulls_the_nearest_nullable_parent() {
        assert_eq!(
            run("{ b { x y } }", json!({ "b": { "y": 1 } }), &[&["b", "x"]]),
            json!({ "b": null })
        );
        // Through a nullable list item.
        assert_eq!(
            run(
                "{ d { x } }",
                json!({ "d": [{ "x": 1 }, {}] }),
                &[&["d", "1", "x"]]
            ),
            json!({ "d": [{ "x": 1 }, null] })
        );
        // Through non-null items up to the nullable list.
        assert_eq!(
            run(
                "{ c { x } }",
                json!({ "c": [{ "x": 1 }, {}] }),
                &[&["c", "1", "x"]]
            ),
            json!({ "c": null })
        );
        // Up to data itself.
        assert_eq!(
            run("{ b { y } a }", json!({ "b": { "y": 1 } }), &[&["a"]]),
            json!(null)
        );
        assert_eq!(run("{ e { x } }", json!(null), &[&["e", "x"]]), json!(null));
    }

    #[test]
    fn an_object_whose_fields_all_failed_is_an_object_again() {
        // async-graphql answers an object with no field left as null.
        assert_eq!(
            run("{ b { y } }", json!({ "b": null }), &[&["b", "y"]]),
            json!({ "b": { "y": null } })
        );
        assert_eq!(
            run("{ b { y } }", json!(null), &[&["b"]]),
            json!({ "b": null })
        );
    }

    #[test]
    fn fragments_and_type_conditions_are_followed() {
        let q = "{ ...F } fragment F on Query { b { ... on B { z { x } } } }";
        assert_eq!(
            run(q, json!({ "b": { "z": {} } }), &[&["b", "z", "x"]]),
            json!({ "b": { "z": null } })
        );
    }

    #[test]
    fn paths_that_do_not_match_leave_the_response_alone() {
        assert_eq!(
            run("{ a }", json!({ "a": 1 }), &[&["nope"]]),
            json!({ "a": 1 })
        );
    }

    #[test]
    fn schema_description_is_the_schemas() {
        let shapes = Shapes::of(SDL);
        let doc = parse_query("{ s: __schema { d: description } }").expect("parses");
        let mut data = Value::from_json(json!({ "s": { "d": "about __Schema" } })).expect("json");
        complete(&shapes, &doc, None, &mut data, &[], Some("ours"));
        assert_eq!(
            data.into_json().expect("json"),
            json!({ "s": { "d": "ours" } })
        );
    }
}
