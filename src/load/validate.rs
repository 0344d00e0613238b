//! Semantic checks over parsed records, and their conversion into domain
//! types. Every problem is collected with its place; the store is built only
//! when there are none.

use std::collections::HashMap;

use toml::Spanned;

use super::error::Problem;
use super::parse::{Located, Parsed, Places};
use super::rules;
use crate::model::{
    Entity, EntityId, EntityKind, Fact, PartialDate, Period, Qualifier, Relation, RelationProps,
    RelationType, Source, SourceRef,
};

/// The validated parts a store is built from.
pub struct Checked {
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub relations: Vec<(EntityId, EntityId, Relation)>,
}

struct Checker<'a> {
    places: &'a Places<'a>,
    problems: Vec<Problem>,
    /// Whether every file parsed; if not, references into broken files are not reported.
    complete: bool,
}

impl Checker<'_> {
    fn at<T>(&mut self, file: usize, value: &Spanned<T>, message: impl Into<String>) {
        self.problems
            .push(self.places.problem(file, value.span().start, message));
    }

    fn text_present(&mut self, file: usize, value: &Spanned<String>, what: &str) {
        if value.get_ref().trim().is_empty() {
            self.at(file, value, format!("{what} must not be empty"));
        }
    }

    fn source_refs(
        &mut self,
        file: usize,
        list: &Spanned<Vec<Spanned<String>>>,
        known: &HashMap<String, SourceRef>,
    ) -> Vec<SourceRef> {
        if list.get_ref().is_empty() {
            self.at(file, list, "`sources` must cite at least one source id");
        }
        let mut out = Vec::new();
        for s in list.get_ref() {
            match known.get(s.get_ref()) {
                Some(r) if out.contains(r) => {
                    self.at(file, s, format!("source `{}` is cited twice", s.get_ref()))
                }
                Some(r) => out.push(*r),
                None => self.at(
                    file,
                    s,
                    format!(
                        "unknown source `{}` (not defined by any [[source]])",
                        s.get_ref()
                    ),
                ),
            }
        }
        out
    }

    fn period(&mut self, file: usize, value: &Option<Spanned<String>>) -> Option<Period> {
        let v = value.as_ref()?;
        match v.get_ref().parse::<Period>() {
            Ok(p) => Some(p),
            Err(e) => {
                self.at(file, v, e.to_string());
                None
            }
        }
    }

    fn entity_ref(
        &mut self,
        file: usize,
        value: &Spanned<String>,
        ids: &HashMap<String, EntityKind>,
    ) -> Option<(EntityId, EntityKind)> {
        match value.get_ref().parse::<EntityId>() {
            Err(e) => {
                self.at(file, value, e.to_string());
                None
            }
            Ok(id) => match ids.get(id.as_str()) {
                Some(kind) => Some((id, *kind)),
                None => {
                    if self.complete {
                        self.at(file, value, format!("unknown entity `{id}`"));
                    }
                    None
                }
            },
        }
    }
}

fn opt_text(v: &Option<Spanned<String>>) -> Option<String> {
    v.as_ref()
        .map(|s| s.get_ref().trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// Checks every record; returns the validated parts or every problem found.
pub fn check(parsed: Parsed, places: &Places<'_>) -> Result<Checked, Vec<Problem>> {
    let complete = !parsed.skipped_files;
    let mut c = Checker {
        places,
        problems: parsed.problems,
        complete,
    };
    let mut first_seen: HashMap<String, Problem> = HashMap::new();

    // Sources.
    let mut source_ids: HashMap<String, SourceRef> = HashMap::new();
    let mut sources = Vec::new();
    for Located {
        file, record: r, ..
    } in &parsed.sources
    {
        let file = *file;
        let id = r.id.get_ref();
        if !rules::is_slug(id) {
            c.at(
                file,
                &r.id,
                format!("source id `{id}` must be lowercase ASCII letters, digits and '-'"),
            );
        }
        c.text_present(file, &r.title, "`title`");
        let date = match &r.date {
            None => None,
            Some(d) => match d.get_ref().parse::<PartialDate>() {
                Ok(d) => Some(d),
                Err(e) => {
                    c.at(file, d, e.to_string());
                    None
                }
            },
        };
        let here = places.problem(file, r.id.span().start, "");
        if let Some(first) = first_seen.get(&format!("source:{id}")) {
            c.at(
                file,
                &r.id,
                format!(
                    "duplicate source id `{id}` (first defined at {}:{}:{})",
                    first.file, first.position.line, first.position.column
                ),
            );
            continue;
        }
        first_seen.insert(format!("source:{id}"), here);
        source_ids.insert(id.clone(), SourceRef(sources.len() as u32));
        sources.push(Source {
            id: id.as_str().into(),
            title: r.title.get_ref().trim().to_owned(),
            file: r.file.clone(),
            outlet: r.outlet.clone(),
            date,
            date_note: r.date_note.clone(),
        });
    }
    let complete_sources = c.complete;

    // Entities: first pass registers ids so relations and facts can refer to them.
    let mut kinds: HashMap<String, EntityKind> = HashMap::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut entity_pos: HashMap<String, usize> = HashMap::new();
    for Located {
        file, record: r, ..
    } in &parsed.entities
    {
        let file = *file;
        let id = match r.id.get_ref().parse::<EntityId>() {
            Ok(id) => id,
            Err(e) => {
                c.at(file, &r.id, e.to_string());
                continue;
            }
        };
        if let Err(m) = rules::kind(r.kind.get_ref(), &id) {
            c.at(file, &r.kind, m);
        }
        c.text_present(file, &r.name, "`name`");
        if let Some(zh) = &r.name_zh {
            c.text_present(file, zh, "`name_zh`");
        }
        if let Some(sub) = &r.subtype {
            if let Err(m) = rules::subtype(sub.get_ref()) {
                c.at(file, sub, m);
            }
        }
        for a in &r.aliases {
            c.text_present(file, a, "an alias");
        }
        let srcs = if complete_sources {
            c.source_refs(file, &r.sources, &source_ids)
        } else {
            Vec::new()
        };
        let mut attributes = crate::model::Attributes::new();
        for (k, v) in &r.attributes {
            match rules::attribute_key(k.get_ref(), id.kind()) {
                Err(m) => c.at(file, k, m),
                Ok(key) => {
                    if let Err(m) = rules::attribute_value(key, v.get_ref()) {
                        c.at(file, v, m);
                    }
                    attributes.insert(key, v.get_ref().trim().to_owned());
                }
            }
        }
        let here = places.problem(file, r.id.span().start, "");
        if let Some(first) = first_seen.get(id.as_str()) {
            c.at(
                file,
                &r.id,
                format!(
                    "duplicate entity id `{id}` (first defined at {}:{}:{})",
                    first.file, first.position.line, first.position.column
                ),
            );
            continue;
        }
        first_seen.insert(id.to_string(), here);
        kinds.insert(id.to_string(), id.kind());
        entity_pos.insert(id.to_string(), entities.len());
        entities.push(Entity {
            id,
            subtype: r.subtype.as_ref().map(|s| s.get_ref().clone()),
            name: r.name.get_ref().trim().to_owned(),
            name_zh: opt_text(&r.name_zh),
            aliases: r
                .aliases
                .iter()
                .map(|a| a.get_ref().trim().to_owned())
                .collect(),
            description: opt_text(&r.description),
            attributes,
            sources: srcs.into(),
            facts: Vec::new(),
        });
    }

    // Relations.
    let mut relations = Vec::new();
    let mut seen_relations: HashMap<(String, RelationType, String), Problem> = HashMap::new();
    for Located {
        file, record: r, ..
    } in &parsed.relations
    {
        let file = *file;
        let from = c.entity_ref(file, &r.from, &kinds);
        let to = c.entity_ref(file, &r.to, &kinds);
        let kind = match rules::relation_type(r.kind.get_ref()) {
            Ok(t) => Some(t),
            Err(m) => {
                c.at(file, &r.kind, m);
                None
            }
        };
        let srcs = if complete_sources {
            c.source_refs(file, &r.sources, &source_ids)
        } else {
            Vec::new()
        };
        let date = c.period(file, &r.date);
        if let Some(a) = &r.amount {
            if !a.get_ref().is_finite() {
                c.at(file, a, "`amount` must be a finite number");
            }
            if r.unit.is_none() {
                c.at(file, a, "`amount` needs a `unit`");
            }
        }
        let (Some((from, fk)), Some((to, tk)), Some(kind)) = (from, to, kind) else {
            continue;
        };
        if let Err(m) = rules::relation_allowed(kind, fk, tk) {
            c.at(file, &r.kind, m);
            continue;
        }
        let here = places.problem(file, r.from.span().start, "");
        let key = (from.to_string(), kind, to.to_string());
        if let Some(first) = seen_relations.get(&key) {
            c.at(file, &r.from, format!("duplicate relation {from} -{kind}-> {to} (first at {}:{}:{}); merge their sources", first.file, first.position.line, first.position.column));
            continue;
        }
        seen_relations.insert(key, here);
        relations.push((
            from,
            to,
            Relation::new(
                kind,
                RelationProps {
                    role: r.role.clone(),
                    title: r.title.clone(),
                    date,
                    amount: r.amount.as_ref().map(|a| *a.get_ref()),
                    unit: r.unit.as_ref().map(|u| u.get_ref().clone()),
                    note: r.note.clone(),
                    inferred: r.inferred,
                },
                srcs,
            ),
        ));
    }

    // Facts.
    for Located {
        file, record: r, ..
    } in &parsed.facts
    {
        let file = *file;
        let target = c.entity_ref(file, &r.entity, &kinds);
        if let Err(m) = rules::metric(r.metric.get_ref()) {
            c.at(file, &r.metric, m);
        }
        if !r.value.get_ref().is_finite() {
            c.at(file, &r.value, "`value` must be a finite number");
        }
        if let Some(u) = &r.unit {
            c.text_present(file, u, "`unit`");
        }
        let qualifier = match &r.qualifier {
            None => Qualifier::Exact,
            Some(q) => match rules::qualifier(q.get_ref()) {
                Ok(q) => q,
                Err(m) => {
                    c.at(file, q, m);
                    Qualifier::Exact
                }
            },
        };
        let period = c.period(file, &r.period);
        let srcs = if complete_sources {
            c.source_refs(file, &r.sources, &source_ids)
        } else {
            Vec::new()
        };
        if let Some((id, _)) = target {
            if let Some(&pos) = entity_pos.get(id.as_str()) {
                entities[pos].facts.push(Fact {
                    metric: r.metric.get_ref().clone(),
                    value: *r.value.get_ref(),
                    unit: opt_text(&r.unit),
                    period,
                    qualifier,
                    note: r.note.clone(),
                    sources: srcs,
                });
            }
        }
    }

    if c.problems.is_empty() {
        Ok(Checked {
            sources,
            entities,
            relations,
        })
    } else {
        Err(c.problems)
    }
}
