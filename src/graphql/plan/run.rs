//! Running a [`Plan`] against a snapshot, straight to the JSON of the
//! response's `data`.

use std::sync::Arc;

use async_graphql::resolver_utils::EnumType;
use async_graphql::{InputType, Name, Variables, ID};
use async_graphql_value::{ConstValue, Value};

use super::{
    Arg, ConnectionField, EdgeField, EntityField, HopField, Key, PageInfoField, Path, PathField,
    PathResultField, Plan, RelationField, RootField, Search, SearchEdgeField, SearchField,
};
use crate::algo::path;
use crate::deadline::Deadline;
use crate::graphql::context::resolve;
use crate::graphql::enums::{Direction, EntityKind, RelationType};
use crate::graphql::pagination::PageInfo;
use crate::graphql::query::paths::{shortest, PathArgs, PATH_MAX_HOPS};
use crate::graphql::query::search::search;
use crate::graphql::types::{EntityRef, RelationObj};
use crate::model;
use crate::store::{EdgeView, Store};

/// The response body for `plan` with `variables` on `store` at
/// `revision` (as the executor writes one without errors), or none where
/// a resolver would answer with an error, an argument does not parse, or
/// `deadline` passed: the request then runs on async-graphql.
pub(crate) fn run(
    plan: &Plan,
    store: &Arc<Store>,
    variables: &Variables,
    deadline: Deadline,
    revision: u64,
) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(b"{\"data\":");
    let mut w = Writer {
        out,
        variables,
        defaults: &plan.defaults,
        deadline,
    };
    w.object(&plan.root, |w, field| match field {
        RootField::Typename => w.str("Query"),
        RootField::Entity { id, set } => {
            let id: ID = w.arg(id)?;
            let entity = resolve(store, &id).ok()?;
            w.entity(&entity, set)
        }
        RootField::Search(s) => w.search(store, s),
        RootField::Path(p) => w.path(store, p),
    })?;
    w.raw(&format!(",\"extensions\":{{\"revision\":{revision}}}}}"))?;
    Some(w.out)
}

struct Writer<'a> {
    out: Vec<u8>,
    variables: &'a Variables,
    defaults: &'a [(Name, ConstValue)],
    deadline: Deadline,
}

impl Writer<'_> {
    /// `{"key":value,...}`, each value written by `one`.
    fn object<T>(
        &mut self,
        fields: &[(Key, T)],
        mut one: impl FnMut(&mut Self, &T) -> Option<()>,
    ) -> Option<()> {
        self.out.push(b'{');
        for (i, (key, field)) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            // Response keys are GraphQL names: nothing to escape.
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\":");
            one(self, field)?;
        }
        self.out.push(b'}');
        Some(())
    }

    fn str(&mut self, s: &str) -> Option<()> {
        // Writing to memory cannot fail; serde_json escapes as
        // async-graphql's serialisation does (it is the same code).
        serde_json::to_writer(&mut self.out, s).ok()
    }

    fn opt_str(&mut self, s: Option<&str>) -> Option<()> {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    fn raw(&mut self, s: &str) -> Option<()> {
        self.out.extend_from_slice(s.as_bytes());
        Some(())
    }

    fn bool(&mut self, b: bool) -> Option<()> {
        self.raw(if b { "true" } else { "false" })
    }

    fn number(&mut self, n: impl serde::Serialize) -> Option<()> {
        serde_json::to_writer(&mut self.out, &n).ok()
    }

    /// `[item,...]`, each written by `one`.
    fn list<T>(
        &mut self,
        items: &[T],
        mut one: impl FnMut(&mut Self, &T) -> Option<()>,
    ) -> Option<()> {
        self.out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            one(self, item)?;
        }
        self.raw("]")
    }

    /// A float as async-graphql writes one (null when not finite).
    fn float(&mut self, f: f64) -> Option<()> {
        if f.is_finite() {
            self.number(f)
        } else {
            self.raw("null")
        }
    }

    fn page_info(&mut self, p: &PageInfo, set: &[(Key, PageInfoField)]) -> Option<()> {
        self.object(set, |w, field| match field {
            PageInfoField::Typename => w.str("PageInfo"),
            PageInfoField::HasNextPage => w.bool(p.has_next_page),
            PageInfoField::HasPreviousPage => w.bool(p.has_previous_page),
            PageInfoField::StartCursor => w.opt_str(p.start_cursor.as_deref()),
            PageInfoField::EndCursor => w.opt_str(p.end_cursor.as_deref()),
        })
    }

    /// A `direction` argument: BOTH when absent.
    fn direction(&self, arg: &Arg) -> Option<Direction> {
        match self.value(arg)? {
            None => Some(Direction::Both),
            v => Direction::parse(v).ok(),
        }
    }

    /// An enum value by its GraphQL name, read from the enum's table of
    /// items: converting it to a value allocated the name, once per
    /// entity written.
    fn enum_value<T: EnumType>(&mut self, v: T) -> Option<()> {
        let item = T::items().iter().find(|item| item.value == v)?;
        self.str(item.name)
    }

    /// The value of an argument as its resolver would receive it.
    fn arg<T: InputType>(&self, arg: &Arg) -> Option<T> {
        T::parse(self.value(arg)?).ok()
    }

    /// An argument's value: a literal with its variables filled in, a
    /// variable's value or default; `Some(None)` when it is absent (or a
    /// variable without value or default); none when a variable inside a
    /// literal has no value.
    fn value(&self, arg: &Arg) -> Option<Option<ConstValue>> {
        let lookup = |name: &Name| {
            self.variables.get(name).cloned().or_else(|| {
                self.defaults
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            })
        };
        match arg {
            None => Some(None),
            Some(Value::Variable(name)) => Some(lookup(name)),
            Some(v) => v
                .clone()
                .into_const_with(|name| lookup(&name).ok_or(()))
                .ok()
                .map(Some),
        }
    }

    fn entity(&mut self, e: &EntityRef, set: &[(Key, EntityField)]) -> Option<()> {
        if self.deadline.passed() {
            return None;
        }
        let data = e.entity();
        self.object(set, |w, field| match field {
            EntityField::Typename => w.str(type_name(e.store.kind_of(e.ix))),
            EntityField::Id => w.str(data.id.as_str()),
            EntityField::Kind => w.enum_value(EntityKind::from(e.store.kind_of(e.ix))),
            EntityField::Subtype => w.opt_str(data.subtype.as_deref()),
            EntityField::Name => w.str(&data.name),
            EntityField::NameZh => w.opt_str(data.name_zh.as_deref()),
            EntityField::Aliases => w.list(&data.aliases, |w, a| w.str(a)),
            EntityField::NameIsLabel => w.bool(data.name_is_label()),
            EntityField::Description => w.opt_str(data.description.as_deref()),
            EntityField::Relations(r) => {
                let types: Option<Vec<RelationType>> = w.arg(&r.types)?;
                let direction = w.direction(&r.direction)?;
                let page = e
                    .relations(types, direction, w.arg(&r.first)?, w.arg(&r.after)?)
                    .ok()?;
                w.object(&r.set, |w, field| match field {
                    ConnectionField::Typename => w.str("RelationConnection"),
                    ConnectionField::TotalCount => w.number(page.total_count),
                    ConnectionField::Edges(set) => w.list(&page.edges, |w, edge| {
                        w.object(set, |w, field| match field {
                            EdgeField::Typename => w.str("RelationEdge"),
                            EdgeField::Cursor => w.str(&edge.at.encode()),
                            EdgeField::Node(set) => w.relation(&edge.node, set),
                        })
                    }),
                    ConnectionField::PageInfo(set) => w.page_info(&page.page_info, set),
                })
            }
        })
    }

    fn search(&mut self, store: &Arc<Store>, s: &Search) -> Option<()> {
        let query: String = self.arg(&s.query)?;
        let kinds: Option<Vec<EntityKind>> = self.arg(&s.kinds)?;
        let found = search(
            store,
            query,
            kinds,
            self.arg(&s.first)?,
            self.arg(&s.after)?,
            self.deadline,
        )
        .ok()?;
        self.object(&s.set, |w, field| match field {
            SearchField::Typename => w.str("SearchConnection"),
            SearchField::TotalCount => w.number(found.total_count),
            SearchField::TotalCountIsExact => w.bool(found.total_count_is_exact),
            SearchField::PageInfo(set) => w.page_info(&found.page_info, set),
            SearchField::Edges(set) => w.list(&found.edges, |w, edge| {
                w.object(set, |w, field| match field {
                    SearchEdgeField::Typename => w.str("SearchEdge"),
                    SearchEdgeField::Cursor => w.str(&edge.at.encode()),
                    SearchEdgeField::Score => w.float(edge.score),
                    SearchEdgeField::Node(set) => w.entity(&edge.hit, set),
                })
            }),
        })
    }

    fn path(&mut self, store: &Arc<Store>, p: &Path) -> Option<()> {
        let (from, to): (ID, ID) = (self.arg(&p.from)?, self.arg(&p.to)?);
        let args = PathArgs {
            max_hops: match self.value(&p.max_hops)? {
                None => PATH_MAX_HOPS,
                v => i32::parse(v).ok()?,
            },
            relation_types: self.arg(&p.relation_types)?,
            direction: self.direction(&p.direction)?,
            avoid: self.arg(&p.avoid)?,
        };
        let result = shortest(store, &from, &to, args, self.deadline).ok()?;
        self.object(&p.set, |w, field| match field {
            PathResultField::Typename => w.str("PathResult"),
            PathResultField::Reason => match result.reason {
                Some(r) => w.enum_value(r),
                None => w.raw("null"),
            },
            PathResultField::Message => w.opt_str(result.message.as_deref()),
            PathResultField::Visited => w.number(result.visited),
            PathResultField::Path(set) => match &result.path {
                None => w.raw("null"),
                Some(found) => w.object(set, |w, field| {
                    let at = |ix| EntityRef {
                        store: found.store.clone(),
                        ix,
                    };
                    match field {
                        PathField::Typename => w.str("Path"),
                        PathField::Length => w.number(found.hops.len()),
                        PathField::Evidence => w.number(path::evidence(&found.store, &found.hops)),
                        PathField::Nodes(set) => w
                            .list(&path::nodes_of(found.from, &found.hops), |w, ix| {
                                w.entity(&at(*ix), set)
                            }),
                        PathField::Hops(set) => w.list(&found.hops, |w, hop| {
                            w.object(set, |w, field| match field {
                                HopField::Typename => w.str("Hop"),
                                HopField::Forward => w.bool(hop.forward),
                                HopField::From(set) => w.entity(&at(hop.from), set),
                                HopField::To(set) => w.entity(&at(hop.to), set),
                                HopField::Relation(set) => {
                                    let relation = RelationObj {
                                        store: found.store.clone(),
                                        view: EdgeView {
                                            edge: hop.edge,
                                            this: hop.from,
                                            other: hop.to,
                                            outgoing: hop.forward,
                                        },
                                    };
                                    w.relation(&relation, set)
                                }
                            })
                        }),
                    }
                }),
            },
        })
    }

    fn relation(&mut self, r: &RelationObj, set: &[(Key, RelationField)]) -> Option<()> {
        let data = r.store.relation_data(r.view.edge);
        let props = data.props();
        let (this, other) = (r.view.this, r.view.other);
        let (from, to) = if r.view.outgoing {
            (this, other)
        } else {
            (other, this)
        };
        let end = |ix| EntityRef {
            store: r.store.clone(),
            ix,
        };
        self.object(set, |w, field| match field {
            RelationField::Typename => w.str("Relation"),
            RelationField::Type => w.enum_value(RelationType::from(data.kind)),
            RelationField::Direction => w.enum_value(if r.view.outgoing {
                Direction::Outgoing
            } else {
                Direction::Incoming
            }),
            RelationField::From(set) => w.entity(&end(from), set),
            RelationField::To(set) => w.entity(&end(to), set),
            RelationField::Other(set) => w.entity(&end(other), set),
            RelationField::Role => w.opt_str(props.role.as_deref()),
            RelationField::Title => w.opt_str(props.title.as_deref()),
            RelationField::Date => match props.date {
                Some(d) => w.str(&d.to_string()),
                None => w.raw("null"),
            },
            RelationField::Amount => match props.amount {
                Some(a) => w.float(a),
                None => w.raw("null"),
            },
            RelationField::Unit => w.opt_str(props.unit.as_deref()),
            RelationField::Note => w.opt_str(props.note.as_deref()),
            RelationField::Inferred => w.bool(props.inferred),
        })
    }
}

/// The object type of a kind (as `Entity::from` wraps it).
fn type_name(kind: model::EntityKind) -> &'static str {
    match kind {
        model::EntityKind::Institution => "Institution",
        model::EntityKind::Park => "Park",
        model::EntityKind::Company => "Company",
        model::EntityKind::Policy => "Policy",
        model::EntityKind::Region => "Region",
        model::EntityKind::Person => "Person",
        model::EntityKind::Event => "Event",
        model::EntityKind::Project => "Project",
    }
}
