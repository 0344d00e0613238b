//! The schema's types as the request pipeline needs them after
//! async-graphql is done: each output field's declared type (to complete a
//! response with nulls where fields failed, see [`super::complete`]), and
//! each input type (to check variable values, see [`super::variables`]).
//! Built once from the schema's own SDL.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// An input field or argument: its type and whether it has a default.
#[derive(Debug, Clone)]
pub(crate) struct InputField {
    /// The declared type.
    pub ty: Type,
    /// Whether the schema gives it a default value.
    pub has_default: bool,
}

/// What a named input type accepts.
#[derive(Debug, Clone)]
pub(crate) enum InputShape {
    /// A built-in or custom scalar, by name.
    Scalar(String),
    /// An enum and its values.
    Enum(HashSet<String>),
    /// An input object and its fields, in schema order.
    Object(Vec<(String, InputField)>),
}

/// The output and input types of a schema.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shapes {
    fields: HashMap<String, HashMap<String, Type>>,
    inputs: HashMap<String, InputShape>,
    query: String,
    mutation: String,
    subscription: String,
}

impl Shapes {
    /// Reads the types of a schema from its SDL. SDL that does not parse
    /// gives an empty index (the schema's own SDL always parses; a test
    /// checks it), with which responses are passed through unchanged.
    pub(crate) fn of(sdl: &str) -> Shapes {
        let mut shapes = Shapes {
            query: "Query".into(),
            mutation: "Mutation".into(),
            subscription: "Subscription".into(),
            ..Shapes::default()
        };
        for scalar in ["Int", "Float", "String", "Boolean", "ID"] {
            shapes
                .inputs
                .insert(scalar.into(), InputShape::Scalar(scalar.into()));
        }
        let Ok(doc) = async_graphql::parser::parse_schema(sdl) else {
            return shapes;
        };
        for def in doc.definitions {
            match def {
                TypeSystemDefinition::Schema(s) => {
                    let s = s.node;
                    if let Some(q) = s.query {
                        shapes.query = q.node.to_string();
                    }
                    if let Some(m) = s.mutation {
                        shapes.mutation = m.node.to_string();
                    }
                    if let Some(x) = s.subscription {
                        shapes.subscription = x.node.to_string();
                    }
                }
                TypeSystemDefinition::Type(t) => {
                    let t = t.node;
                    let name = t.name.node.to_string();
                    match t.kind {
                        TypeKind::Object(o) => {
                            shapes.fields.insert(name, output_fields(o.fields));
                        }
                        TypeKind::Interface(i) => {
                            shapes.fields.insert(name, output_fields(i.fields));
                        }
                        TypeKind::Scalar => {
                            shapes.inputs.insert(name.clone(), InputShape::Scalar(name));
                        }
                        TypeKind::Enum(e) => {
                            let values = e
                                .values
                                .into_iter()
                                .map(|v| v.node.value.node.to_string())
                                .collect();
                            shapes.inputs.insert(name, InputShape::Enum(values));
                        }
                        TypeKind::InputObject(o) => {
                            let fields = o
                                .fields
                                .into_iter()
                                .map(|f| {
                                    let f = f.node;
                                    (
                                        f.name.node.to_string(),
                                        InputField {
                                            ty: f.ty.node,
                                            has_default: f.default_value.is_some(),
                                        },
                                    )
                                })
                                .collect();
                            shapes.inputs.insert(name, InputShape::Object(fields));
                        }
                        TypeKind::Union(_) => {
                            shapes.fields.insert(name, HashMap::new());
                        }
                    }
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        shapes
    }

    /// The declared type of `field` on the object or interface `parent`
    /// (`__typename` is `String!` everywhere).
    pub(crate) fn field(&self, parent: &str, field: &str) -> Option<&Type> {
        static TYPENAME: std::sync::OnceLock<Type> = std::sync::OnceLock::new();
        if field == "__typename" {
            return Some(TYPENAME.get_or_init(|| Type {
                base: BaseType::Named(async_graphql::Name::new("String")),
                nullable: false,
            }));
        }
        self.fields.get(parent)?.get(field)
    }

    /// What the named input type accepts.
    pub(crate) fn input(&self, name: &str) -> Option<&InputShape> {
        self.inputs.get(name)
    }

    /// The root type of an operation type.
    pub(crate) fn root(&self, ty: async_graphql::parser::types::OperationType) -> &str {
        use async_graphql::parser::types::OperationType;
        match ty {
            OperationType::Query => &self.query,
            OperationType::Mutation => &self.mutation,
            OperationType::Subscription => &self.subscription,
        }
    }
}

fn output_fields(
    fields: Vec<async_graphql::Positioned<async_graphql::parser::types::FieldDefinition>>,
) -> HashMap<String, Type> {
    fields
        .into_iter()
        .map(|f| (f.node.name.node.to_string(), f.node.ty.node))
        .collect()
}

/// The named type at the bottom of a (list) type: `Entity` for `[Entity!]!`.
pub(crate) fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(n) => n.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_own_types_are_read() {
        let shapes = Shapes::of(&crate::graphql::sdl());
        assert!(!shapes.field("Query", "path").expect("path").nullable);
        assert!(shapes.field("Query", "entity").expect("entity").nullable);
        assert!(
            !shapes
                .field("Entity", "relations")
                .expect("an interface's field")
                .nullable
        );
        assert_eq!(
            named(shapes.field("Query", "lookup").expect("lookup")),
            "Entity"
        );
        assert!(
            matches!(shapes.input("EntityKind"), Some(InputShape::Enum(v)) if v.contains("PARK"))
        );
        assert!(matches!(
            shapes.input("EntityOrder"),
            Some(InputShape::Object(_))
        ));
        assert!(shapes.field("__anything", "__typename").is_some());
        assert!(Shapes::of("not sdl").field("Query", "x").is_none());
    }
}
