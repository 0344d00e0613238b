//! Records to model values and back. Reading a record checks it against
//! the shared rules and reports each problem (or warning) by the record's
//! field name to a [`Reporter`]: the bulk reader reports them with file,
//! line and column, the curation API with the input field. Writing turns a
//! model value back into its record (for the journal's before/after states
//! and for exports), so a written record reads back as the same value.

use super::super::rules;
use super::records::{AttributeMap, EntityLine, FactLine, Number, RelationLine, SourceLine, Str};
use crate::load::files::Noted;
use crate::model::{
    Annotated, Annotations, Attributes, Entity, EntityId, EntityKind, Fact, PartialDate, Period,
    Qualifier, Relation, RelationProps, RelationType, Source, SourceRef, SourceRefs,
};

/// Where the problems and warnings of a record go, by field name
/// (`"kind"`, `"sources"`, an attribute's key...).
pub(crate) trait Reporter {
    /// A problem: the record is not taken.
    fn problem(&mut self, field: &str, message: String);
    /// A warning: the record is taken.
    fn warning(&mut self, field: &str, message: String);
}

/// Trimmed text, or `None` when blank.
pub(crate) fn text_or_none(s: Option<Str<'_>>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The sources a record cites, resolved; problems go to `sources`.
pub(crate) fn cited(
    list: &[Str<'_>],
    known: &dyn Fn(&str) -> Option<SourceRef>,
    rep: &mut dyn Reporter,
) -> SourceRefs {
    let (refs, problems) = rules::cited_sources(list.iter().map(|s| &**s), known);
    for (_, m) in problems {
        rep.problem("sources", m);
    }
    refs
}

/// A date or period field.
pub(crate) fn period(field: &str, v: Option<&str>, rep: &mut dyn Reporter) -> Option<Period> {
    match v?.parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            rep.problem(field, e.to_string());
            None
        }
    }
}

/// A source record as a source (its id's uniqueness is the caller's).
pub(crate) fn source(s: SourceLine<'_>, rep: &mut dyn Reporter) -> Option<Source> {
    let mut ok = true;
    if let Err(m) = rules::source_id(&s.id) {
        rep.problem("id", m);
        ok = false;
    }
    if let Err(m) = rules::present(&s.title, "`title`") {
        rep.problem("title", m);
        ok = false;
    }
    let date = match s.date.as_deref().map(str::parse::<PartialDate>) {
        Some(Err(e)) => {
            rep.problem("date", e.to_string());
            return None;
        }
        Some(Ok(d)) => Some(d),
        None => None,
    };
    ok.then(|| Source {
        id: (*s.id).into(),
        title: s.title.trim().to_owned(),
        file: s.file.map(Str::into_string),
        outlet: s.outlet.map(Str::into_string),
        date,
        date_note: s.date_note.map(Str::into_string),
        url: s.url.map(Str::into_string),
    })
}

/// An entity record as an entity without facts (its id's uniqueness is the
/// caller's). `None` only when its id is malformed: with other problems
/// (reported) the entity is still given, so that the records referring to
/// it are checked as well; a caller that must refuse it counts problems.
pub(crate) fn entity(
    e: EntityLine<'_>,
    known: &dyn Fn(&str) -> Option<SourceRef>,
    rep: &mut dyn Reporter,
) -> Option<Entity> {
    let rep = &mut CountProblems(rep, 0);
    let id = match e.id.parse::<EntityId>() {
        Ok(id) => id,
        Err(err) => {
            rep.problem("id", err.to_string());
            return None;
        }
    };
    if let Err(m) = rules::kind(&e.kind, &id) {
        rep.problem("kind", m);
    }
    if let Err(m) = rules::present(&e.name.value, "`name`") {
        rep.problem("name", m);
    }
    if let Some(Err(m)) = e
        .name_zh
        .as_ref()
        .map(|z| rules::present(&z.value, "`name_zh`"))
    {
        rep.problem("name_zh", m);
    }
    if let Some(Err(m)) = e.subtype.as_deref().map(rules::subtype) {
        rep.problem("subtype", m);
    }
    for a in &e.aliases {
        if let Err(m) = rules::present(&a.value, "an alias") {
            rep.problem("aliases", m);
        }
    }
    let sources = cited(&e.sources, known, rep);
    let mut annotations = Annotations::default();
    annotations.insert(Annotated::Name, e.name.annotation());
    if let Some(zh) = &e.name_zh {
        annotations.insert(Annotated::NameZh, zh.annotation());
    }
    for (i, a) in e.aliases.iter().enumerate() {
        annotations.insert(Annotated::Alias(i as u32), a.annotation());
    }
    let mut attributes = Attributes::new();
    for (k, v) in &e.attributes.0 {
        match rules::attribute_key(k, id.kind()) {
            Err(m) => rep.problem(k, m),
            Ok(key) => {
                if let Err(m) = rules::attribute_value(key, &v.value) {
                    rep.problem(k, m);
                }
                if let Err(m) = rules::attribute_annotation(v.label) {
                    rep.problem(k, m);
                }
                attributes.insert(key, v.value.trim().to_owned());
                annotations.insert(Annotated::Attribute(key), v.annotation());
            }
        }
    }
    Some(Entity {
        id,
        subtype: e.subtype.map(Str::into_string),
        name: e.name.value.trim().to_owned(),
        name_zh: e
            .name_zh
            .map(|z| z.value.trim().to_owned())
            .filter(|z| !z.is_empty()),
        aliases: e
            .aliases
            .into_iter()
            .map(|a| a.value.trim().to_owned())
            .collect(),
        description: text_or_none(e.description),
        attributes,
        annotations,
        sources,
        facts: Vec::new(),
    })
}

/// A fact record as a fact (its entity's existence is the caller's), with
/// its problems reported.
pub(crate) fn fact(
    f: FactLine<'_>,
    known: &dyn Fn(&str) -> Option<SourceRef>,
    rep: &mut dyn Reporter,
) -> Fact {
    let bad = |rep: &mut dyn Reporter, field: &str, m: String| rep.problem(field, m);
    if let Err(m) = rules::metric(&f.metric) {
        bad(rep, "metric", m);
    }
    if let Some(Err(m)) = f.unit.as_deref().map(|u| rules::present(u, "`unit`")) {
        bad(rep, "unit", m);
    }
    let qualifier = match f.qualifier.as_deref().map(rules::qualifier) {
        None => Qualifier::Exact,
        Some(Ok(q)) => q,
        Some(Err(m)) => {
            bad(rep, "qualifier", m);
            Qualifier::Exact
        }
    };
    let (value, min, max) = (
        f.value.map(Number::get),
        f.min.map(Number::get),
        f.max.map(Number::get),
    );
    for (field, m) in rules::fact_figure(qualifier, value, min, max, f.wording.as_deref()) {
        bad(rep, field, m);
    }
    let (period, as_of) = match rules::fact_time(f.period.as_deref(), f.as_of.as_deref()) {
        Ok(t) => t,
        Err((field, m)) => {
            bad(rep, field, m);
            (None, false)
        }
    };
    let sources = cited(&f.sources, known, rep);
    let fact = Fact {
        metric: f.metric.into_string(),
        value,
        unit: text_or_none(f.unit),
        period,
        as_of,
        qualifier,
        min,
        max,
        wording: text_or_none(f.wording),
        inferred: f.inferred,
        note: f.note.map(Str::into_string),
        sources: sources.into_vec(),
    };
    if let Some(m) = rules::warn_value_without_number(&fact) {
        rep.warning("value", m);
    }
    fact
}

/// Counts the problems passed on.
struct CountProblems<'r>(&'r mut dyn Reporter, usize);

impl Reporter for CountProblems<'_> {
    fn problem(&mut self, field: &str, message: String) {
        self.1 += 1;
        self.0.problem(field, message);
    }
    fn warning(&mut self, field: &str, message: String) {
        self.0.warning(field, message);
    }
}

/// A relation record as a relation, given whether its ends exist (the
/// caller resolves them: `ends` are their kinds, `None` for a missing
/// one). `None` when an end, the type, or the pair of kinds is wrong; with
/// other problems (reported) the relation is still given.
pub(crate) fn relation(
    rel: RelationLine<'_>,
    ends: (Option<EntityKind>, Option<EntityKind>),
    known: &dyn Fn(&str) -> Option<SourceRef>,
    rep: &mut dyn Reporter,
) -> Option<Relation> {
    let rep = &mut CountProblems(rep, 0);
    if ends.0.is_none() {
        rep.problem("from", rules::missing_entity(&rel.from));
    }
    if ends.1.is_none() {
        rep.problem("to", rules::missing_entity(&rel.to));
    }
    let kind = match rules::relation_type(&rel.kind) {
        Ok(t) => Some(t),
        Err(m) => {
            rep.problem("type", m);
            None
        }
    };
    let sources = cited(&rel.sources, known, rep);
    let date = period("date", rel.date.as_deref(), rep);
    let amount = rel.amount.map(Number::get);
    for m in amount.map_or_else(Vec::new, |a| rules::amount(a, rel.unit.is_some())) {
        rep.problem("amount", m);
    }
    let (Some(fk), Some(tk), Some(kind)) = (ends.0, ends.1, kind) else {
        return None;
    };
    if let Err(m) = rules::relation_allowed(kind, fk, tk) {
        rep.problem("type", m);
        return None;
    }
    for (field, m) in rules::warn_relation(kind, rel.title.as_deref(), tk) {
        rep.warning(field, m);
    }
    let props = RelationProps {
        role: rel.role.map(Str::into_string),
        title: rel.title.map(Str::into_string),
        date,
        amount,
        unit: rel.unit.map(Str::into_string),
        note: rel.note.map(Str::into_string),
        inferred: rel.inferred,
    };
    Some(Relation::new(kind, props, sources))
}

fn noted(value: &str, a: crate::model::Annotation) -> Noted {
    Noted {
        value: value.to_owned(),
        label: a.label,
        inferred: a.inferred,
        note: a.note,
    }
}

fn number(v: f64) -> Number {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Number::Int(v as i64)
    } else {
        Number::Float(v)
    }
}

fn ids<'s>(
    refs: &[SourceRef],
    id: &dyn Fn(SourceRef) -> &'s str,
) -> super::records::SourceList<'s> {
    refs.iter().map(|r| Str::from(id(*r))).collect()
}

/// An entity's record (without its facts).
pub(crate) fn entity_line<'s>(e: &'s Entity, id: &dyn Fn(SourceRef) -> &'s str) -> EntityLine<'s> {
    let a = |t| e.annotations.get(t).clone();
    EntityLine {
        id: Str::from(e.id.as_str()),
        kind: Str::from(e.kind().as_str()),
        subtype: e.subtype.as_deref().map(Str::from),
        name: noted(&e.name, a(Annotated::Name)),
        name_zh: e.name_zh.as_deref().map(|z| noted(z, a(Annotated::NameZh))),
        aliases: e
            .aliases
            .iter()
            .enumerate()
            .map(|(i, x)| noted(x, a(Annotated::Alias(i as u32))))
            .collect(),
        description: e.description.as_deref().map(Str::from),
        sources: ids(&e.sources, id),
        attributes: AttributeMap(
            e.attributes
                .iter()
                .map(|(k, v)| (Str::from(k.as_str()), noted(v, a(Annotated::Attribute(*k)))))
                .collect(),
        ),
    }
}

/// A fact's record.
pub(crate) fn fact_line<'s>(
    entity: &'s EntityId,
    f: &'s Fact,
    id: &dyn Fn(SourceRef) -> &'s str,
) -> FactLine<'s> {
    let time = f.period.map(|p| p.to_string());
    let (period, as_of) = if f.as_of { (None, time) } else { (time, None) };
    FactLine {
        entity: Str::from(entity.as_str()),
        metric: Str::from(f.metric.as_str()),
        value: f.value.map(number),
        unit: f.unit.as_deref().map(Str::from),
        period: period.map(|p| Str(p.into())),
        as_of: as_of.map(|p| Str(p.into())),
        qualifier: (f.qualifier != Qualifier::Exact).then(|| Str::from(f.qualifier.as_str())),
        min: f.min.map(number),
        max: f.max.map(number),
        wording: f.wording.as_deref().map(Str::from),
        inferred: f.inferred,
        note: f.note.as_deref().map(Str::from),
        sources: ids(&f.sources, id),
    }
}

/// A relation's record.
pub(crate) fn relation_line<'s>(
    from: &'s EntityId,
    to: &'s EntityId,
    r: &'s Relation,
    id: &dyn Fn(SourceRef) -> &'s str,
) -> RelationLine<'s> {
    let p = r.props();
    RelationLine {
        from: Str::from(from.as_str()),
        kind: Str::from(relation_name(r.kind)),
        to: Str::from(to.as_str()),
        sources: ids(&r.sources, id),
        role: p.role.as_deref().map(Str::from),
        title: p.title.as_deref().map(Str::from),
        date: p.date.map(|d| Str(d.to_string().into())),
        amount: p.amount.map(number),
        unit: p.unit.as_deref().map(Str::from),
        note: p.note.as_deref().map(Str::from),
        inferred: p.inferred,
    }
}

/// A source's record.
pub(crate) fn source_line(s: &Source) -> SourceLine<'_> {
    SourceLine {
        id: Str::from(&*s.id),
        title: Str::from(s.title.as_str()),
        file: s.file.as_deref().map(Str::from),
        outlet: s.outlet.as_deref().map(Str::from),
        date: s.date.map(|d| Str(d.to_string().into())),
        date_note: s.date_note.as_deref().map(Str::from),
        url: s.url.as_deref().map(Str::from),
    }
}

/// A relation type's name in the data files (`located_in`).
pub(crate) fn relation_name(t: RelationType) -> &'static str {
    t.as_str()
}
