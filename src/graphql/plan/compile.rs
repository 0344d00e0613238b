//! From a parsed document to a [`Plan`], or to none when the operation
//! selects anything the plans do not cover.

use std::collections::HashSet;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, OperationType, Selection, SelectionSet,
};

use super::{
    Arg, ConnectionField, EdgeField, EntityField, HopField, Key, PageInfoField, Path, PathField,
    PathResultField, Plan, RelationField, Relations, RootField, Search, SearchEdgeField,
    SearchField,
};

/// The plan of the operation `operation_name` of `doc` (the only one when
/// no name is given), if it is a query the plans cover.
pub(crate) fn compile(doc: &ExecutableDocument, operation_name: Option<&str>) -> Option<Plan> {
    let op = match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), None) => op,
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name)?,
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next()?,
        _ => return None,
    };
    let op = &op.node;
    if op.ty != OperationType::Query || !op.directives.is_empty() {
        return None;
    }
    let mut defaults = Vec::new();
    for def in &op.variable_definitions {
        if !def.node.directives.is_empty() {
            return None;
        }
        if let Some(v) = &def.node.default_value {
            defaults.push((def.node.name.node.clone(), v.node.clone()));
        }
    }
    let mut fields = 0;
    let root = fields_of(&op.selection_set.node, &mut fields, |f, n| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, RootField::Typename)?,
            "entity" => {
                let [id] = args(f, ["id"])?;
                RootField::Entity {
                    id,
                    set: entity_set(&f.selection_set.node, n)?,
                }
            }
            "search" => {
                let [query, kinds, first, after] = args(f, ["query", "kinds", "first", "after"])?;
                RootField::Search(Box::new(Search {
                    query,
                    kinds,
                    first,
                    after,
                    set: search_set(&f.selection_set.node, n)?,
                }))
            }
            "path" => {
                let [from, to, max_hops, relation_types, direction, avoid] = args(
                    f,
                    [
                        "from",
                        "to",
                        "maxHops",
                        "relationTypes",
                        "direction",
                        "avoid",
                    ],
                )?;
                RootField::Path(Box::new(Path {
                    from,
                    to,
                    max_hops,
                    relation_types,
                    direction,
                    avoid,
                    set: path_result_set(&f.selection_set.node, n)?,
                }))
            }
            _ => return None,
        })
    })?;
    Some(Plan {
        root,
        defaults,
        fields,
    })
}

/// The fields of a selection set, each compiled by `one`, if every item
/// is a plain field (no fragment, no directive) with its own response key.
fn fields_of<T>(
    set: &SelectionSet,
    count: &mut usize,
    mut one: impl FnMut(&Field, &mut usize) -> Option<T>,
) -> Option<Vec<(Key, T)>> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(set.items.len());
    for item in &set.items {
        let Selection::Field(f) = &item.node else {
            return None;
        };
        let f = &f.node;
        let key = f.response_key().node.as_str();
        if !f.directives.is_empty() || !seen.insert(key) {
            return None;
        }
        *count += 1;
        out.push((Key::from(key), one(f, count)?));
    }
    Some(out)
}

/// `what`, for a field without arguments or subfields.
fn leaf<T>(f: &Field, what: T) -> Option<T> {
    (f.arguments.is_empty() && f.selection_set.node.items.is_empty()).then_some(what)
}

/// The arguments `names` of `f`, in that order (absent ones as `None`),
/// if it has no others.
fn args<const N: usize>(f: &Field, names: [&str; N]) -> Option<[Arg; N]> {
    let mut out: [Arg; N] = std::array::from_fn(|_| None);
    for (name, value) in &f.arguments {
        let i = names.iter().position(|n| *n == name.node.as_str())?;
        if out[i].replace(value.node.clone()).is_some() {
            return None;
        }
    }
    Some(out)
}

fn search_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, SearchField)>> {
    fields_of(set, count, |f, n| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, SearchField::Typename)?,
            "totalCount" => leaf(f, SearchField::TotalCount)?,
            "totalCountIsExact" => leaf(f, SearchField::TotalCountIsExact)?,
            "pageInfo" if f.arguments.is_empty() => {
                SearchField::PageInfo(page_info_set(&f.selection_set.node, n)?)
            }
            "edges" if f.arguments.is_empty() => {
                SearchField::Edges(search_edge_set(&f.selection_set.node, n)?)
            }
            _ => return None,
        })
    })
}

fn search_edge_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, SearchEdgeField)>> {
    fields_of(set, count, |f, n| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, SearchEdgeField::Typename)?,
            "cursor" => leaf(f, SearchEdgeField::Cursor)?,
            "score" => leaf(f, SearchEdgeField::Score)?,
            "node" if f.arguments.is_empty() => {
                SearchEdgeField::Node(entity_set(&f.selection_set.node, n)?)
            }
            _ => return None,
        })
    })
}

fn path_result_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, PathResultField)>> {
    fields_of(set, count, |f, n| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, PathResultField::Typename)?,
            "reason" => leaf(f, PathResultField::Reason)?,
            "message" => leaf(f, PathResultField::Message)?,
            "visited" => leaf(f, PathResultField::Visited)?,
            "path" if f.arguments.is_empty() => {
                PathResultField::Path(path_set(&f.selection_set.node, n)?)
            }
            _ => return None,
        })
    })
}

fn path_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, PathField)>> {
    fields_of(set, count, |f, n| {
        let sub = &f.selection_set.node;
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, PathField::Typename)?,
            "length" => leaf(f, PathField::Length)?,
            "evidence" => leaf(f, PathField::Evidence)?,
            "nodes" if f.arguments.is_empty() => PathField::Nodes(entity_set(sub, n)?),
            "hops" if f.arguments.is_empty() => PathField::Hops(hop_set(sub, n)?),
            _ => return None,
        })
    })
}

fn hop_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, HopField)>> {
    fields_of(set, count, |f, n| {
        let sub = &f.selection_set.node;
        let plain = f.arguments.is_empty();
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, HopField::Typename)?,
            "forward" => leaf(f, HopField::Forward)?,
            "from" if plain => HopField::From(entity_set(sub, n)?),
            "to" if plain => HopField::To(entity_set(sub, n)?),
            "relation" if plain => HopField::Relation(relation_set(sub, n)?),
            _ => return None,
        })
    })
}

fn entity_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, EntityField)>> {
    fields_of(set, count, |f, n| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, EntityField::Typename)?,
            "id" => leaf(f, EntityField::Id)?,
            "kind" => leaf(f, EntityField::Kind)?,
            "subtype" => leaf(f, EntityField::Subtype)?,
            "name" => leaf(f, EntityField::Name)?,
            "nameZh" => leaf(f, EntityField::NameZh)?,
            "aliases" => leaf(f, EntityField::Aliases)?,
            "nameIsLabel" => leaf(f, EntityField::NameIsLabel)?,
            "description" => leaf(f, EntityField::Description)?,
            "relations" => {
                let [types, direction, first, after] =
                    args(f, ["types", "direction", "first", "after"])?;
                EntityField::Relations(Box::new(Relations {
                    types,
                    direction,
                    first,
                    after,
                    set: connection_set(&f.selection_set.node, n)?,
                }))
            }
            _ => return None,
        })
    })
}

fn connection_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, ConnectionField)>> {
    fields_of(set, count, |f, n| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, ConnectionField::Typename)?,
            "totalCount" => leaf(f, ConnectionField::TotalCount)?,
            "edges" if f.arguments.is_empty() => {
                ConnectionField::Edges(edge_set(&f.selection_set.node, n)?)
            }
            "pageInfo" if f.arguments.is_empty() => {
                ConnectionField::PageInfo(page_info_set(&f.selection_set.node, n)?)
            }
            _ => return None,
        })
    })
}

fn edge_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, EdgeField)>> {
    fields_of(set, count, |f, n| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, EdgeField::Typename)?,
            "cursor" => leaf(f, EdgeField::Cursor)?,
            "node" if f.arguments.is_empty() => {
                EdgeField::Node(relation_set(&f.selection_set.node, n)?)
            }
            _ => return None,
        })
    })
}

fn page_info_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, PageInfoField)>> {
    fields_of(set, count, |f, _| {
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, PageInfoField::Typename)?,
            "hasNextPage" => leaf(f, PageInfoField::HasNextPage)?,
            "hasPreviousPage" => leaf(f, PageInfoField::HasPreviousPage)?,
            "startCursor" => leaf(f, PageInfoField::StartCursor)?,
            "endCursor" => leaf(f, PageInfoField::EndCursor)?,
            _ => return None,
        })
    })
}

fn relation_set(set: &SelectionSet, count: &mut usize) -> Option<Vec<(Key, RelationField)>> {
    fields_of(set, count, |f, n| {
        let end = |n: &mut usize| {
            if f.arguments.is_empty() {
                entity_set(&f.selection_set.node, n)
            } else {
                None
            }
        };
        Some(match f.name.node.as_str() {
            "__typename" => leaf(f, RelationField::Typename)?,
            "type" => leaf(f, RelationField::Type)?,
            "direction" => leaf(f, RelationField::Direction)?,
            "from" => RelationField::From(end(n)?),
            "to" => RelationField::To(end(n)?),
            "other" => RelationField::Other(end(n)?),
            "role" => leaf(f, RelationField::Role)?,
            "title" => leaf(f, RelationField::Title)?,
            "date" => leaf(f, RelationField::Date)?,
            "amount" => leaf(f, RelationField::Amount)?,
            "unit" => leaf(f, RelationField::Unit)?,
            "note" => leaf(f, RelationField::Note)?,
            "inferred" => leaf(f, RelationField::Inferred)?,
            _ => return None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(q: &str) -> Option<Plan> {
        let doc = async_graphql::parser::parse_query(q).expect("parses");
        compile(&doc, None)
    }

    #[test]
    fn the_common_reads_compile() {
        let p = plan(
            r#"{ entity(id: "park/x") { id kind name relations(first: 20) {
                totalCount edges { cursor node { type other { name } } }
                pageInfo { hasNextPage endCursor } } } }"#,
        )
        .expect("a plan");
        assert_eq!(p.root.len(), 1);
        assert_eq!(p.fields, 15);
        let p = plan("query Q($id: ID!, $n: Int = 5) { __typename e: entity(id: $id) { relations(first: $n) { totalCount } } }")
            .expect("a plan");
        assert_eq!(&*p.root[1].0, "e");
        assert_eq!(p.defaults.len(), 1);
    }

    #[test]
    fn anything_else_does_not() {
        for q in [
            "{ entities { totalCount } }",
            r#"{ search(query: "park") { edges { match { exact } } } }"#,
            r#"{ path(from: "a/b", to: "c/d") { path { sources { id } } } }"#,
            r#"{ entity(id: "a/b") { ... on Park { id } } }"#,
            r#"{ entity(id: "a/b") { ...F } } fragment F on Entity { id }"#,
            r#"{ entity(id: "a/b") { id @include(if: true) } }"#,
            r#"{ entity(id: "a/b") { id id } }"#,
            r#"{ entity(id: "a/b") { facts { metric } } }"#,
            r#"{ entity(id: "a/b", x: 1) { id } }"#,
            r#"{ entity(id: "a/b") { relations { edges { node { sources { id } } } } } }"#,
            r#"mutation { retractEntity(id: "a/b") { revision } }"#,
            "query A { __typename } query B { __typename }",
        ] {
            assert!(plan(q).is_none(), "{q}");
        }
        let doc =
            async_graphql::parser::parse_query("query A { __typename } query B { __typename }")
                .expect("parses");
        assert!(compile(&doc, Some("B")).is_some());
        assert!(compile(&doc, Some("C")).is_none());
    }
}
