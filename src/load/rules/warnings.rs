//! The warnings both formats give: patterns that load but were wrong
//! before (a deputy who `leads`, "several hundred" stored as a number, a
//! range split in two, relations that clash), each returning its message.

use crate::model::{EntityKind, Fact, Qualifier, RelationType};

/// Words that give an amount without a number.
const INDEFINITE_WORDS: &[&str] = &[
    "several",
    "dozens",
    "hundreds",
    "thousands",
    "scores",
    "a few",
    "a number of",
    "numerous",
];

/// The lowercase words of `s` (letters and digits), space-separated with
/// spaces around, so whole words and phrases can be found with `contains`.
fn words(s: &str) -> String {
    let mut out = String::from(" ");
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push_str(&w.to_lowercase());
        out.push(' ');
    }
    out
}

/// Warning: a fact with a value whose wording or note gives the amount in
/// words without a number ("several hundred" stored as 100).
pub(crate) fn warn_value_without_number(fact: &Fact) -> Option<String> {
    fact.value?;
    let texts = [
        ("wording", fact.wording.as_deref()),
        ("note", fact.note.as_deref()),
    ];
    texts.into_iter().find_map(|(field, text)| {
        let text = words(text?);
        let word = INDEFINITE_WORDS
            .iter()
            .find(|w| text.contains(&format!(" {w} ")))?;
        Some(format!(
            "fact `{}` has a value, but its {field} gives the amount as \"{word}\", not a number: use qualifier = \"indefinite\" with `wording` (and `min` only where the words imply one) instead of a value",
            fact.metric
        ))
    })
}

/// Warning: two facts of one entity that bound the same figure from each
/// side (a range stored as two facts).
pub(crate) fn warn_split_range(a: &Fact, b: &Fact) -> Option<String> {
    use Qualifier::*;
    let lower = |q| matches!(q, Over | AtLeast);
    let upper = |q| matches!(q, UpTo | Under);
    let split =
        (lower(a.qualifier) && upper(b.qualifier)) || (upper(a.qualifier) && lower(b.qualifier));
    (a.metric == b.metric && a.period == b.period && a.unit == b.unit && split).then(|| {
        format!(
            "two facts `{}` bound the same figure from each side: write one fact with qualifier = \"range\", `min` and `max`",
            a.metric
        )
    })
}

/// Whether a title names a deputy (deputy, vice, assistant).
fn is_deputy_title(title: &str) -> bool {
    let w = words(title);
    [" deputy ", " vice ", " assistant "]
        .iter()
        .any(|d| w.contains(d))
}

/// Warnings on one relation, each as (field, message): a `leads` with a
/// deputy title, or a `leads` that ends at a place rather than a body.
pub(crate) fn warn_relation(
    t: RelationType,
    title: Option<&str>,
    to: EntityKind,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if t != RelationType::Leads {
        return out;
    }
    if let Some(title) = title.filter(|t| is_deputy_title(t)) {
        out.push(("title", format!(
            "`leads` with the deputy title \"{title}\": a deputy does not lead; use `holds_office` with the title"
        )));
    }
    if to == EntityKind::Region {
        out.push(("to", "`leads` ends at a place: people lead bodies and companies, not places; use `holds_office` with the title (e.g. Mayor), or point at the body".into()));
    }
    out
}

/// Warning: a second relation between the same two entities that clashes
/// with an earlier one (see [`RelationType::clash`]). `first_at` says where
/// the earlier one is.
pub(crate) fn warn_clash(
    first: RelationType,
    second: RelationType,
    same_direction: bool,
    first_at: &str,
) -> Option<String> {
    let why = first.clash(second, same_direction)?;
    Some(format!(
        "`{second}` here and `{first}` at {first_at} join the same two entities: {why}; keep the one the article states"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityKind, Qualifier, RelationType};

    fn fact(q: Qualifier, value: Option<f64>) -> Fact {
        Fact {
            metric: "m".into(),
            value,
            unit: None,
            period: None,
            as_of: false,
            qualifier: q,
            min: None,
            max: None,
            wording: None,
            inferred: false,
            note: None,
            sources: vec![],
        }
    }

    #[test]
    fn warnings_catch_what_was_wrong() {
        let mut f = fact(Qualifier::Over, Some(100.0));
        f.note = Some("the CEO said 'several hundred people'".into());
        assert!(warn_value_without_number(&f).unwrap().contains("several"));
        f.note = Some("a dozen parks".into());
        assert!(warn_value_without_number(&f).is_none());
        let lo = fact(Qualifier::AtLeast, Some(60.0));
        let hi = fact(Qualifier::UpTo, Some(70.0));
        assert!(warn_split_range(&lo, &hi).is_some());
        assert!(warn_split_range(&lo, &lo).is_none());
        let w = warn_relation(RelationType::Leads, Some("Vice-Mayor"), EntityKind::Region);
        assert_eq!(w.len(), 2);
        assert!(warn_relation(RelationType::Leads, Some("CEO"), EntityKind::Company).is_empty());
        assert!(warn_relation(
            RelationType::HoldsOffice,
            Some("Deputy Secretary"),
            EntityKind::Institution
        )
        .is_empty());
        assert!(warn_clash(RelationType::Near, RelationType::LocatedIn, true, "x:1:1").is_some());
    }
}
