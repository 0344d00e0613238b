//! How changes name what they touch: relations by their ends and type,
//! facts by their entity, metric and period (the history's targets, the
//! ids `retractFact` and `Change.operations.target` use).

use crate::model::{Entity, Fact, RelationType};

/// A relation's id: `from|type|to` (ends and type identify a relation).
pub fn relation_id(from: &str, kind: RelationType, to: &str) -> String {
    format!("{from}|{}|{to}", kind.as_str())
}

/// A fact's id: `entity#metric@period`, with `~2`, `~3`... for a second
/// and third fact with the same metric and period.
pub fn fact_id(entity: &Entity, index: usize) -> String {
    let key = |f: &Fact| (f.metric.clone(), f.period.map(|p| p.to_string()));
    let Some(f) = entity.facts.get(index) else {
        return format!("{}#?", entity.id);
    };
    let k = key(f);
    let nth = entity.facts[..index].iter().filter(|g| key(g) == k).count();
    let period = k.1.unwrap_or_else(|| "-".into());
    if nth == 0 {
        format!("{}#{}@{period}", entity.id, f.metric)
    } else {
        format!("{}#{}@{period}~{}", entity.id, f.metric, nth + 1)
    }
}
