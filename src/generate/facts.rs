//! Facts: zero to three figures per entity, of the metrics its kind reports.

use super::random::Gen;
use super::values::{show, Id, Out};
use super::words::{FACT_NOTES, INDEFINITE_WORDINGS};
use super::GenerateError;
use crate::load::bulk::records::{FactLine, Number, Str};
use crate::model::EntityKind;

/// A metric a fact may report, with its unit and the shape of its values.
pub(super) struct Metric {
    pub(super) name: &'static str,
    pub(super) unit: &'static str,
    pub(super) value: Shape,
}

/// How a metric's values are drawn.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// `1.0..=9.9 × 10^e` for `e` in the range, as an integer.
    Magnitude(u32, u32),
    /// 0.1 to 99.9.
    Percent,
    /// 0.1 to 200.0.
    Area,
}

/// A [`Metric`] (short, for the tables).
pub(super) const fn m(name: &'static str, unit: &'static str, value: Shape) -> Metric {
    Metric { name, unit, value }
}

pub(super) const COMPANY_METRICS: &[Metric] = &[
    m("employees", "people", Shape::Magnitude(1, 4)),
    m("revenue", "CNY", Shape::Magnitude(6, 10)),
    m("patents", "patents", Shape::Magnitude(0, 3)),
    m("funding_raised", "CNY", Shape::Magnitude(6, 9)),
    m("valuation", "USD", Shape::Magnitude(7, 10)),
];
pub(super) const PARK_METRICS: &[Metric] = &[
    m("companies_hosted", "companies", Shape::Magnitude(1, 3)),
    m("startups_incubated", "firms", Shape::Magnitude(1, 3)),
    m("area", "km2", Shape::Area),
    m("floor_area", "m2", Shape::Magnitude(3, 5)),
    m("output_value", "CNY", Shape::Magnitude(8, 11)),
    m("occupancy_rate", "%", Shape::Percent),
];
pub(super) const INSTITUTION_METRICS: &[Metric] = &[
    m("researchers", "people", Shape::Magnitude(1, 4)),
    m("annual_budget", "CNY", Shape::Magnitude(6, 10)),
    m("patents_filed", "patents", Shape::Magnitude(1, 3)),
    m("students", "people", Shape::Magnitude(2, 4)),
];
pub(super) const POLICY_METRICS: &[Metric] = &[
    m("total_funding", "CNY", Shape::Magnitude(6, 10)),
    m("beneficiaries", "firms", Shape::Magnitude(1, 4)),
    m("max_subsidy", "CNY", Shape::Magnitude(5, 7)),
];
pub(super) const REGION_METRICS: &[Metric] = &[
    m("population", "people", Shape::Magnitude(4, 6)),
    m("gdp", "CNY", Shape::Magnitude(9, 12)),
    m("area", "km2", Shape::Area),
    m("high_tech_enterprises", "firms", Shape::Magnitude(1, 4)),
];
pub(super) const PERSON_METRICS: &[Metric] = &[
    m("publications", "papers", Shape::Magnitude(0, 2)),
    m("patents", "patents", Shape::Magnitude(0, 2)),
];
pub(super) const EVENT_METRICS: &[Metric] = &[
    m("attendees", "people", Shape::Magnitude(2, 5)),
    m("exhibitors", "firms", Shape::Magnitude(1, 3)),
    m("deals_signed", "CNY", Shape::Magnitude(6, 10)),
];
pub(super) const PROJECT_METRICS: &[Metric] = &[
    m("investment", "CNY", Shape::Magnitude(6, 10)),
    m("users", "people", Shape::Magnitude(2, 6)),
    m("partners", "firms", Shape::Magnitude(0, 2)),
];

/// The metrics an entity of `kind` may report.
pub(super) fn metrics(kind: EntityKind) -> &'static [Metric] {
    match kind {
        EntityKind::Company => COMPANY_METRICS,
        EntityKind::Park => PARK_METRICS,
        EntityKind::Institution => INSTITUTION_METRICS,
        EntityKind::Policy => POLICY_METRICS,
        EntityKind::Region => REGION_METRICS,
        EntityKind::Person => PERSON_METRICS,
        EntityKind::Event => EVENT_METRICS,
        EntityKind::Project => PROJECT_METRICS,
    }
}

/// Writes 0 to 3 facts (0.31 on average) about one entity.
pub(super) fn write_facts(g: &mut Gen, entity: Id, out: &mut Out) -> Result<usize, GenerateError> {
    let count = match g.below(100) {
        0..=19 => 1,
        20..=23 => 2,
        24 => 3,
        _ => return Ok(0),
    };
    let list = metrics(entity.0);
    let count = count.min(list.len());
    let first = g.below(list.len());
    let [mut entity_text, mut period_text, mut as_of_text] = <[String; 3]>::default();
    for n in 0..count {
        let metric = &list[(first + n) % list.len()];
        let value = match metric.value {
            Shape::Magnitude(lo, hi) => Number::from(g.magnitude(lo, hi)),
            Shape::Percent => Number::Float((1 + g.below(999)) as f64 / 10.0),
            Shape::Area => Number::Float((1 + g.below(2000)) as f64 / 10.0),
        };
        let when = g.chance(650).then(|| g.when(2012, 2024, 150));
        // A figure that stands at one date is written `as_of`, a span `period`.
        let (period, as_of) = match when {
            Some(w) if w.end.is_none() && g.chance(500) => (None, Some(w)),
            w => (w, None),
        };
        let qualifier = match g.below(100) {
            0..=72 => None,
            73..=77 => Some("exact"),
            78 => Some("range"),
            79 => Some("indefinite"),
            _ => Some(g.pick(&["about", "over", "at_least", "up_to", "under"])),
        };
        // A range has bounds and no value; words without a number keep the
        // words and at most a lower bound.
        let (value, min, max, wording) = match (qualifier, value) {
            (Some("range"), Number::Int(v)) => {
                (None, Some(Number::Int(v)), Some(Number::Int(v * 2)), None)
            }
            (Some("range"), Number::Float(v)) => (
                None,
                Some(Number::Float(v)),
                Some(Number::Float(v + 1.0)),
                None,
            ),
            (Some("indefinite"), _) => {
                let (words, least) = g.pick(INDEFINITE_WORDINGS);
                (None, least.map(Number::from), None, Some(words))
            }
            (_, v) => (Some(v), None, None, None),
        };
        let inferred = g.chance(20);
        let note = g.chance(30).then(|| g.pick(FACT_NOTES));
        out.line(&FactLine {
            entity: show(&mut entity_text, entity),
            metric: Str::from(metric.name),
            value,
            unit: Some(Str::from(metric.unit)),
            period: period.map(|p| show(&mut period_text, p)),
            as_of: as_of.map(|d| show(&mut as_of_text, d)),
            qualifier: qualifier.map(Str::from),
            min,
            max,
            wording: wording.map(Str::from),
            inferred,
            note: note.map(Str::from),
            sources: g.cites().list(),
        })?;
    }
    Ok(count)
}
