//! The checked-in SDL is what the code generates, and documents everything.

#[test]
fn checked_in_schema_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/schema.graphql");
    let checked_in = std::fs::read_to_string(&path).expect("schema/schema.graphql exists");
    let generated = innograph::graphql::sdl();
    assert!(
        checked_in == generated,
        "schema/schema.graphql is out of date: run `cargo run -- schema > schema/schema.graphql`"
    );
}

#[test]
fn every_type_field_and_argument_has_a_description() {
    let sdl = innograph::graphql::sdl();
    let doc = async_graphql::parser::parse_schema(&sdl).expect("SDL parses");
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    let mut missing = Vec::new();
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let t = &t.node;
        let name = t.name.node.as_str();
        if t.description.is_none() {
            missing.push(name.to_owned());
        }
        let fields = match &t.kind {
            TypeKind::Object(o) => &o.fields,
            TypeKind::Interface(i) => &i.fields,
            _ => continue,
        };
        for f in fields {
            let f = &f.node;
            if f.description.is_none() {
                missing.push(format!("{name}.{}", f.name.node));
            }
            for a in &f.arguments {
                if a.node.description.is_none() {
                    missing.push(format!("{name}.{}({})", f.name.node, a.node.name.node));
                }
            }
        }
        if let TypeKind::Enum(e) = &t.kind {
            for v in &e.values {
                if v.node.description.is_none() {
                    missing.push(format!("{name}.{}", v.node.value.node));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}
