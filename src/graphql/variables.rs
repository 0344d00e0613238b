//! Checks a request's variable values against the operation's variable
//! definitions before anything runs (the specification's
//! CoerceVariableValues), with messages that name the variable the way
//! graphql-js does: `Variable "$first" got invalid value "ten"; Int cannot
//! represent non-integer value: "ten"`. A failure is a request error with
//! code `BAD_USER_INPUT` and the variable definition's location.

use async_graphql::parser::types::{BaseType, OperationDefinition, Type};
use async_graphql::{Pos, Variables};
use async_graphql_value::ConstValue;

use super::shape::{InputShape, Shapes};

/// A variable whose value cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VariableError {
    /// What is wrong, naming the variable.
    pub message: String,
    /// Where the variable is defined in the document.
    pub pos: Pos,
}

/// Checks every variable of `op` (all problems, not just the first).
pub(crate) fn check(
    shapes: &Shapes,
    op: &OperationDefinition,
    variables: &Variables,
) -> Result<(), Vec<VariableError>> {
    let mut errors = Vec::new();
    for def in &op.variable_definitions {
        let pos = def.pos;
        let def = &def.node;
        let name = def.name.node.as_str();
        let ty = &def.var_type.node;
        match variables.get(&def.name.node) {
            None => {
                if !ty.nullable && def.default_value.is_none() {
                    errors.push(VariableError {
                        message: format!(
                            "Variable \"${name}\" of required type \"{ty}\" was not provided."
                        ),
                        pos,
                    });
                }
            }
            Some(ConstValue::Null) if !ty.nullable => errors.push(VariableError {
                message: format!(
                    "Variable \"${name}\" of non-null type \"{ty}\" must not be null."
                ),
                pos,
            }),
            Some(value) => {
                if let Err((at, why)) = coerce(shapes, value, ty, name) {
                    let shown = show(at.1);
                    let message = if at.0 == name {
                        format!("Variable \"${name}\" got invalid value {shown}; {why}")
                    } else {
                        format!(
                            "Variable \"${name}\" got invalid value {shown} at \"{}\"; {why}",
                            at.0
                        )
                    };
                    errors.push(VariableError { message, pos });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Where a value failed: its path (`order.by`, `kinds[1]`) and the value.
type At<'v> = (String, &'v ConstValue);

fn coerce<'v>(
    shapes: &Shapes,
    value: &'v ConstValue,
    ty: &Type,
    path: &str,
) -> Result<(), (At<'v>, String)> {
    if matches!(value, ConstValue::Null) {
        return if ty.nullable {
            Ok(())
        } else {
            Err((
                (path.to_owned(), value),
                format!("Expected non-nullable type \"{ty}\" not to be null."),
            ))
        };
    }
    match &ty.base {
        BaseType::List(inner) => match value {
            ConstValue::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    coerce(shapes, item, inner, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            // A single value is a list of one (input coercion).
            single => coerce(shapes, single, inner, path),
        },
        BaseType::Named(name) => named(shapes, value, name.as_str(), path),
    }
}

fn named<'v>(
    shapes: &Shapes,
    value: &'v ConstValue,
    ty: &str,
    path: &str,
) -> Result<(), (At<'v>, String)> {
    let fail = |why: String| Err(((path.to_owned(), value), why));
    match shapes.input(ty) {
        // An unknown type: validation reports it.
        None => Ok(()),
        Some(InputShape::Scalar(s)) => match (s.as_str(), value) {
            ("Int", ConstValue::Number(n)) => match n.as_i64() {
                Some(i) if i32::try_from(i).is_ok() => Ok(()),
                Some(_) => fail(format!(
                    "Int cannot represent non 32-bit signed integer value: {}",
                    show(value)
                )),
                None if n.as_f64().is_some_and(|f| f.fract() == 0.0) => fail(format!(
                    "Int cannot represent non 32-bit signed integer value: {}",
                    show(value)
                )),
                None => fail(format!(
                    "Int cannot represent non-integer value: {}",
                    show(value)
                )),
            },
            ("Int", _) => fail(format!(
                "Int cannot represent non-integer value: {}",
                show(value)
            )),
            ("Float", ConstValue::Number(_)) => Ok(()),
            ("Float", _) => fail(format!(
                "Float cannot represent non numeric value: {}",
                show(value)
            )),
            ("String", ConstValue::String(_)) => Ok(()),
            ("String", _) => fail(format!(
                "String cannot represent a non string value: {}",
                show(value)
            )),
            ("Boolean", ConstValue::Boolean(_)) => Ok(()),
            ("Boolean", _) => fail(format!(
                "Boolean cannot represent a non boolean value: {}",
                show(value)
            )),
            ("ID", ConstValue::String(_)) => Ok(()),
            ("ID", ConstValue::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
            ("ID", _) => fail(format!("ID cannot represent value: {}", show(value))),
            // Custom scalars check their own values.
            _ => Ok(()),
        },
        Some(InputShape::Enum(values)) => match value {
            ConstValue::String(_) | ConstValue::Enum(_) => {
                let s = match value {
                    ConstValue::Enum(n) => n.as_str(),
                    ConstValue::String(s) => s.as_str(),
                    _ => "",
                };
                if values.contains(s) {
                    Ok(())
                } else {
                    fail(format!("Value \"{s}\" does not exist in \"{ty}\" enum."))
                }
            }
            _ => fail(format!(
                "Enum \"{ty}\" cannot represent non-string value: {}.",
                show(value)
            )),
        },
        Some(InputShape::Object(fields)) => {
            let ConstValue::Object(map) = value else {
                return fail(format!("Expected type \"{ty}\" to be an object."));
            };
            for key in map.keys() {
                if !fields.iter().any(|(f, _)| f == key.as_str()) {
                    return fail(format!("Field \"{key}\" is not defined by type \"{ty}\"."));
                }
            }
            for (f, field) in fields {
                match map.get(f.as_str()) {
                    None if !field.ty.nullable && !field.has_default => {
                        return fail(format!(
                            "Field \"{f}\" of required type \"{}\" was not provided.",
                            field.ty
                        ));
                    }
                    None => {}
                    Some(v) => coerce(shapes, v, &field.ty, &format!("{path}.{f}"))?,
                }
            }
            Ok(())
        }
    }
}

/// A value as graphql-js's `inspect` prints it: JSON-like.
fn show(v: &ConstValue) -> String {
    match v.clone().into_json() {
        Ok(json) => json.to_string(),
        Err(_) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;
    use serde_json::json;

    const SDL: &str = "type Query { a(n: Int, k: [Kind!], o: Order, id: ID!): Int } \
        enum Kind { PARK COMPANY } \
        input Order { by: Kind! desc: Boolean, top: Int = 3 }";

    fn messages(query: &str, vars: serde_json::Value) -> Vec<String> {
        let shapes = Shapes::of(SDL);
        let doc = parse_query(query).expect("parses");
        let op = &doc.operations.iter().next().expect("one").1.node;
        match check(&shapes, op, &Variables::from_json(vars)) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.message).collect(),
        }
    }

    #[test]
    fn good_values_pass() {
        let q =
            "query($n: Int, $k: [Kind!], $o: Order, $id: ID!) { a(n: $n, k: $k, o: $o, id: $id) }";
        assert!(messages(
            q,
            json!({ "n": 3, "k": ["PARK"], "o": { "by": "COMPANY" }, "id": "x" })
        )
        .is_empty());
        // A single value is a list of one; integers are IDs.
        assert!(messages(q, json!({ "k": "PARK", "id": 7 })).is_empty());
    }

    #[test]
    fn bad_values_name_the_variable_and_where() {
        let q =
            "query($n: Int, $k: [Kind!], $o: Order, $id: ID!) { a(n: $n, k: $k, o: $o, id: $id) }";
        assert_eq!(
            messages(q, json!({ "n": 3000000000i64, "id": "x" })),
            vec![
                r#"Variable "$n" got invalid value 3000000000; Int cannot represent non 32-bit signed integer value: 3000000000"#
            ]
        );
        assert_eq!(
            messages(q, json!({ "k": ["PARK", "NOPE"], "id": "x" })),
            vec![
                r#"Variable "$k" got invalid value "NOPE" at "k[1]"; Value "NOPE" does not exist in "Kind" enum."#
            ]
        );
        assert_eq!(
            messages(q, json!({ "o": { "desc": true }, "id": "x" })),
            vec![
                r#"Variable "$o" got invalid value {"desc":true}; Field "by" of required type "Kind!" was not provided."#
            ]
        );
        assert_eq!(
            messages(q, json!({ "o": { "by": "PARK", "x": 1 }, "id": "x" })),
            vec![
                r#"Variable "$o" got invalid value {"by":"PARK","x":1}; Field "x" is not defined by type "Order"."#
            ]
        );
        assert_eq!(
            messages(q, json!({})),
            vec![r#"Variable "$id" of required type "ID!" was not provided."#]
        );
        assert_eq!(
            messages(q, json!({ "id": null, "n": 1.5 })),
            vec![
                r#"Variable "$n" got invalid value 1.5; Int cannot represent non-integer value: 1.5"#,
                r#"Variable "$id" of non-null type "ID!" must not be null."#
            ]
        );
    }
}
