//! The data rules both file formats share, each returning the message a
//! problem report shows. The TOML and JSON Lines readers attach positions.

use crate::model::{AttributeKey, EntityId, EntityKind, Period, Qualifier, RelationType};

/// Whether `s` is snake_case (a-z, 0-9, '_', starting with a letter).
pub fn is_snake(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.as_bytes()[0].is_ascii_lowercase()
}

/// Whether `s` is a slug (lowercase ASCII letters, digits and inner '-').
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The kind named by `kind`, which must match the id's prefix.
pub fn kind(kind: &str, id: &EntityId) -> Result<EntityKind, String> {
    match kind.parse::<EntityKind>() {
        Err(()) => Err(format!(
            "unknown kind `{kind}` (expected one of {})",
            EntityKind::names().join(", ")
        )),
        Ok(k) if k != id.kind() => Err(format!(
            "kind `{k}` does not match the id's prefix `{}`",
            id.kind()
        )),
        Ok(k) => Ok(k),
    }
}

/// A subtype must be a slug.
pub fn subtype(s: &str) -> Result<(), String> {
    if is_slug(s) {
        Ok(())
    } else {
        Err(format!(
            "subtype `{s}` must be lowercase words joined by '-'"
        ))
    }
}

/// An attribute key allowed on `kind`.
pub fn attribute_key(key: &str, kind: EntityKind) -> Result<AttributeKey, String> {
    match key.parse::<AttributeKey>() {
        Err(()) => Err(format!(
            "unknown attribute `{key}` (expected one of {})",
            AttributeKey::ALL.map(|a| a.as_str()).join(", ")
        )),
        Ok(k) if !k.allowed_on().contains(&kind) => Err(format!(
            "attribute `{}` is not allowed on a {kind}",
            k.as_str()
        )),
        Ok(k) => Ok(k),
    }
}

/// An attribute value: present, and a date or period for date keys.
pub fn attribute_value(key: AttributeKey, value: &str) -> Result<(), String> {
    if key.is_date() {
        value.parse::<Period>().map_err(|e| e.to_string())?;
    }
    if value.trim().is_empty() {
        return Err(format!("attribute `{}` must not be empty", key.as_str()));
    }
    Ok(())
}

/// A relation type from its name.
pub fn relation_type(name: &str) -> Result<RelationType, String> {
    name.parse::<RelationType>().map_err(|()| {
        let names: Vec<&str> = RelationType::ALL.iter().map(|t| t.as_str()).collect();
        format!(
            "unknown relation type `{name}` (expected one of {})",
            names.join(", ")
        )
    })
}

/// Whether a relation of type `t` may join a `from` to a `to`.
pub fn relation_allowed(t: RelationType, from: EntityKind, to: EntityKind) -> Result<(), String> {
    if t.allows(from, to) {
        return Ok(());
    }
    let from_kinds: Vec<&str> = t.from_kinds().iter().map(|k| k.as_str()).collect();
    let to_kinds: Vec<&str> = if t.from_kinds().contains(&from) {
        t.to_kinds(from).iter().map(|k| k.as_str()).collect()
    } else {
        Vec::new()
    };
    Err(if to_kinds.is_empty() {
        format!(
            "relation `{t}` cannot start at a {from} (allowed: {})",
            from_kinds.join(", ")
        )
    } else {
        format!(
            "relation `{t}` from a {from} cannot end at a {to} (allowed: {})",
            to_kinds.join(", ")
        )
    })
}

/// A metric name must be snake_case.
pub fn metric(m: &str) -> Result<(), String> {
    if is_snake(m) {
        Ok(())
    } else {
        Err(format!("metric `{m}` must be snake_case (a-z, 0-9, '_')"))
    }
}

/// A qualifier from its name.
pub fn qualifier(q: &str) -> Result<Qualifier, String> {
    q.parse::<Qualifier>().map_err(|()| {
        format!(
            "unknown qualifier `{q}` (expected one of {})",
            Qualifier::ALL.map(|q| q.as_str()).join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_is_allowed() {
        let id: EntityId = "park/p".parse().expect("valid");
        assert!(kind("parc", &id).unwrap_err().contains("expected one of"));
        assert!(kind("company", &id).unwrap_err().contains("prefix"));
        assert!(
            relation_allowed(RelationType::Leads, EntityKind::Park, EntityKind::Park)
                .unwrap_err()
                .contains("cannot start at a park")
        );
        assert!(attribute_key("founded", EntityKind::Person).is_err());
        assert!(qualifier("roughly").is_err());
        assert!(metric("Area").is_err());
        assert!(subtype("Big Park").is_err());
    }
}
