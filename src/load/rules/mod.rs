//! The data rules both file formats share, each returning the message a
//! problem report shows, so a problem reads the same in both. The TOML and
//! JSON Lines readers attach positions; where a message points at another
//! record, the reader gives its place as `file:line:column`. The warnings
//! (patterns that load but should be looked at again) are in [`warnings`].

mod warnings;

pub(crate) use warnings::{warn_clash, warn_relation, warn_split_range, warn_value_without_number};

use crate::model::{
    AttributeKey, EntityId, EntityKind, Period, Qualifier, RelationType, SourceRef, SourceRefs,
};

/// Whether `s` is snake_case (a-z, 0-9, '_', starting with a letter).
pub(super) fn is_snake(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.as_bytes()[0].is_ascii_lowercase()
}

/// Whether `s` is a slug (lowercase ASCII letters, digits and inner '-').
pub(super) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A source id must be a slug.
pub(super) fn source_id(id: &str) -> Result<(), String> {
    if is_slug(id) {
        Ok(())
    } else {
        Err(format!(
            "source id `{id}` must be lowercase ASCII letters, digits and '-'"
        ))
    }
}

/// A text that must not be blank; `what` names it (e.g. "`title`", "an alias").
pub(super) fn present(value: &str, what: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(format!("{what} must not be empty"))
    } else {
        Ok(())
    }
}

/// A source id defined a second time; `first_at` is the first's place.
pub(super) fn duplicate_source(id: &str, first_at: &str) -> String {
    format!("duplicate source id `{id}` (first defined at {first_at})")
}

/// An entity id defined a second time; `first_at` is the first's place.
pub(super) fn duplicate_entity(id: &str, first_at: &str) -> String {
    format!("duplicate entity id `{id}` (first defined at {first_at})")
}

/// A relation given a second time; `first_at` is the first's place.
pub(super) fn duplicate_relation(
    from: &EntityId,
    t: RelationType,
    to: &EntityId,
    first_at: &str,
) -> String {
    format!("duplicate relation {from} -{t}-> {to} (first at {first_at}); merge their sources")
}

/// A reference to an entity no record defines: what is wrong with the id,
/// or that no entity has it.
pub(super) fn missing_entity(id: &str) -> String {
    match id.parse::<EntityId>() {
        Err(e) => e.to_string(),
        Ok(_) => format!("unknown entity `{id}`"),
    }
}

/// The sources a record cites, resolved with `known`. Gives the references
/// and the problems, each with the index of the id it is about (`None`:
/// the list itself).
pub(super) fn cited_sources<'s>(
    list: impl IntoIterator<Item = &'s str>,
    known: impl Fn(&str) -> Option<SourceRef>,
) -> (SourceRefs, Vec<(Option<usize>, String)>) {
    let (mut refs, mut problems) = (SourceRefs::new(), Vec::new());
    let mut empty = true;
    for (i, s) in list.into_iter().enumerate() {
        empty = false;
        match known(s) {
            Some(r) if refs.contains(&r) => {
                problems.push((Some(i), format!("source `{s}` is cited twice")))
            }
            Some(r) => refs.push(r),
            None => problems.push((
                Some(i),
                format!("unknown source `{s}` (no source has this id)"),
            )),
        }
    }
    if empty {
        problems.push((None, "`sources` must cite at least one source id".into()));
    }
    (refs, problems)
}

/// A relation's amount: a finite number, with a unit.
pub(super) fn amount(amount: f64, has_unit: bool) -> Vec<String> {
    let mut out = Vec::new();
    if !amount.is_finite() {
        out.push("`amount` must be a finite number".into());
    }
    if !has_unit {
        out.push("`amount` needs a `unit`".into());
    }
    out
}

/// The kind named by `kind`, which must match the id's prefix.
pub(super) fn kind(kind: &str, id: &EntityId) -> Result<EntityKind, String> {
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
pub(super) fn subtype(s: &str) -> Result<(), String> {
    if is_slug(s) {
        Ok(())
    } else {
        Err(format!(
            "subtype `{s}` must be lowercase words joined by '-'"
        ))
    }
}

/// An attribute key allowed on `kind`.
pub(super) fn attribute_key(key: &str, kind: EntityKind) -> Result<AttributeKey, String> {
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
pub(super) fn attribute_value(key: AttributeKey, value: &str) -> Result<(), String> {
    if key.is_date() {
        value.parse::<Period>().map_err(|e| e.to_string())?;
    }
    if value.trim().is_empty() {
        return Err(format!("attribute `{}` must not be empty", key.as_str()));
    }
    Ok(())
}

/// A relation type from its name.
pub(crate) fn relation_type(name: &str) -> Result<RelationType, String> {
    name.parse::<RelationType>().map_err(|()| {
        let names: Vec<&str> = RelationType::ALL.iter().map(|t| t.as_str()).collect();
        format!(
            "unknown relation type `{name}` (expected one of {})",
            names.join(", ")
        )
    })
}

/// Whether a relation of type `t` may join a `from` to a `to`.
pub(super) fn relation_allowed(
    t: RelationType,
    from: EntityKind,
    to: EntityKind,
) -> Result<(), String> {
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
pub(super) fn metric(m: &str) -> Result<(), String> {
    if is_snake(m) {
        Ok(())
    } else {
        Err(format!("metric `{m}` must be snake_case (a-z, 0-9, '_')"))
    }
}

/// A qualifier from its name.
pub(super) fn qualifier(q: &str) -> Result<Qualifier, String> {
    q.parse::<Qualifier>().map_err(|()| {
        format!(
            "unknown qualifier `{q}` (expected one of {})",
            Qualifier::ALL.map(|q| q.as_str()).join(", ")
        )
    })
}

/// Problems with how a fact states its number, each as (field, message).
///
/// A figure with one stated value has `value`; a `range` has `min` and
/// `max` instead; an `indefinite` one ("several hundred") has `wording` and
/// at most the bounds its words imply. Bounds are never given beside a value
/// (for `over`, `at_least`, `up_to` and `under` the value is the bound).
pub(super) fn fact_figure(
    q: Qualifier,
    value: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    wording: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (field, v) in [("value", value), ("min", min), ("max", max)] {
        if v.is_some_and(|v| !v.is_finite()) {
            out.push((field, format!("`{field}` must be a finite number")));
        }
    }
    if wording.is_some_and(|w| w.trim().is_empty()) {
        out.push(("wording", "`wording` must not be empty".into()));
    }
    if q.has_value() {
        if value.is_none() {
            out.push((
                "value",
                "`value` is missing: give the figure, or use qualifier `range` (with `min` and `max`) or `indefinite` (with `wording`) when the article gives no single number".into(),
            ));
        }
        for (field, v) in [("min", min), ("max", max)] {
            if v.is_some() {
                out.push((
                    field,
                    format!("`{field}` is only for `range` and `indefinite` figures (for `{}` the value itself says what is known)", q.as_str()),
                ));
            }
        }
        return out;
    }
    if value.is_some() {
        out.push((
            "value",
            format!(
                "a `{}` figure has no single value: drop `value` and give `min`/`max`",
                q.as_str()
            ),
        ));
    }
    match q {
        Qualifier::Range if min.is_none() || max.is_none() => {
            out.push(("qualifier", "a `range` needs both `min` and `max`".into()))
        }
        Qualifier::Indefinite if wording.is_none() => out.push((
            "qualifier",
            "an `indefinite` figure needs `wording`: the article's words, e.g. \"several hundred\""
                .into(),
        )),
        _ => {}
    }
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi || (q == Qualifier::Range && lo == hi) {
            out.push(("min", "`min` must be below `max`".into()));
        }
    }
    out
}

/// A fact's time: `period` (a span the figure covers, or a date) or
/// `as_of` (one date the figure stands at), never both. Returns the period
/// and whether it is a point in time.
pub(super) fn fact_time(
    period: Option<&str>,
    as_of: Option<&str>,
) -> Result<(Option<Period>, bool), (&'static str, String)> {
    match (period, as_of) {
        (Some(_), Some(_)) => Err((
            "as_of",
            "give either `period` (the span a figure covers) or `as_of` (the date it stands at), not both".into(),
        )),
        (Some(p), None) => p
            .parse::<Period>()
            .map(|p| (Some(p), false))
            .map_err(|e| ("period", e.to_string())),
        (None, Some(d)) => match d.parse::<Period>() {
            Err(e) => Err(("as_of", e.to_string())),
            Ok(p) if p.end.is_some() => Err((
                "as_of",
                format!("`as_of` is one date, not a period (`{d}`): use `period` for a span"),
            )),
            Ok(p) => Ok((Some(p), true)),
        },
        (None, None) => Ok((None, false)),
    }
}

/// An annotation's `label` marks names only.
pub(super) fn attribute_annotation(label: bool) -> Result<(), String> {
    if label {
        Err("`label` marks names only: an attribute value is stated, inferred or noted".into())
    } else {
        Ok(())
    }
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

    #[test]
    fn figures_say_what_is_known() {
        use Qualifier::*;
        assert!(fact_figure(Exact, Some(1.0), None, None, None).is_empty());
        assert!(fact_figure(Range, None, Some(60.0), Some(70.0), None).is_empty());
        assert!(fact_figure(Indefinite, None, Some(24.0), None, Some("dozens")).is_empty());
        assert_eq!(fact_figure(Exact, None, None, None, None)[0].0, "value");
        assert_eq!(
            fact_figure(Range, Some(1.0), Some(1.0), Some(2.0), None)[0].0,
            "value"
        );
        assert_eq!(
            fact_figure(Range, None, Some(60.0), None, None)[0].0,
            "qualifier"
        );
        assert_eq!(
            fact_figure(Range, None, Some(7.0), Some(6.0), None)[0].0,
            "min"
        );
        assert_eq!(
            fact_figure(Indefinite, None, None, None, None)[0].0,
            "qualifier"
        );
        assert_eq!(
            fact_figure(AtLeast, Some(24.0), Some(24.0), None, None)[0].0,
            "min"
        );
        assert!(fact_time(Some("2017"), Some("2017-06")).is_err());
        assert!(fact_time(None, Some("2017-01..2017-06")).is_err());
        assert_eq!(fact_time(None, Some("2017-06")).map(|(_, a)| a), Ok(true));
    }
}
