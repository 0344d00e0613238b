//! Semantic checks over parsed TOML records, and their conversion into
//! domain types. Every problem is collected with its place; the store is
//! built only when there are none. The checks and their messages are the
//! shared ones in [`rules`]; this module finds the places.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::error::{Problem, Warning};
use super::files::{opt_text, text, EntityRecord, FactRecord, Noted, RelationRecord, SourceRecord};
use super::parse::{Located, Parsed, Places};
use super::rules;
use crate::model::{
    Annotated, Annotations, Attributes, Entity, EntityId, EntityKind, Fact, PartialDate, Period,
    Qualifier, Relation, RelationProps, RelationType, Source, SourceRef, SourceRefs,
};

/// The validated parts a store is built from, and the warnings met.
pub(super) struct Checked {
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub relations: Vec<(EntityId, EntityId, Relation)>,
    pub warnings: Vec<Warning>,
}

/// Every relation so far between two entities (ids in order): its type,
/// whether it runs from the first id, and its place (for the clash warnings).
type PairSeen = Vec<(RelationType, bool, Problem)>;

/// What the relations seen so far need to be checked against.
#[derive(Default)]
struct RelationsSeen {
    /// The place of each (from, type, to) given so far.
    triples: HashMap<(String, RelationType, String), Problem>,
    /// The relations between each pair of entities.
    pairs: HashMap<(String, String), PairSeen>,
}

struct Checker<'a> {
    places: &'a Places<'a>,
    problems: Vec<Problem>,
    warnings: Vec<Warning>,
    /// Whether every file parsed; if not, references into broken files are not reported.
    complete: bool,
    /// Whether the sources could all be read (else citations are not checked).
    complete_sources: bool,
    /// Source ids to references.
    source_ids: HashMap<String, SourceRef>,
    /// Where each source and entity id was first defined.
    first_seen: HashMap<String, Problem>,
    /// Entity ids to kinds.
    kinds: HashMap<String, EntityKind>,
    /// Entity ids to their place in the entity list.
    entity_pos: HashMap<String, usize>,
}

impl Checker<'_> {
    fn at<T>(&mut self, file: usize, value: &Spanned<T>, message: impl Into<String>) {
        self.problems
            .push(self.places.problem(file, value.span().start, message));
    }

    fn warn<T>(&mut self, file: usize, value: &Spanned<T>, message: impl Into<String>) {
        self.warnings.push(Warning(self.places.problem(
            file,
            value.span().start,
            message,
        )));
    }

    fn text_present(&mut self, file: usize, value: &Spanned<String>, what: &str) {
        if let Err(m) = rules::present(value.get_ref(), what) {
            self.at(file, value, m);
        }
    }

    fn noted_present(&mut self, file: usize, value: &Spanned<Noted>, what: &str) {
        if let Err(m) = rules::present(&value.get_ref().value, what) {
            self.at(file, value, m);
        }
    }

    /// The place of a value, as `file:line:column`, if `key` was not seen
    /// before; else reports `message(first place)` at the value.
    fn first<T>(
        &mut self,
        file: usize,
        value: &Spanned<T>,
        key: String,
        message: impl FnOnce(&str) -> String,
    ) -> Option<Problem> {
        let here = self.places.problem(file, value.span().start, "");
        if let Some(first) = self.first_seen.get(&key) {
            let m = message(&first.place());
            self.at(file, value, m);
            return None;
        }
        self.first_seen.insert(key, here.clone());
        Some(here)
    }

    fn source_refs(&mut self, file: usize, list: &Spanned<Vec<Spanned<String>>>) -> SourceRefs {
        if !self.complete_sources {
            return SourceRefs::new();
        }
        let ids = list.get_ref().iter().map(|s| s.get_ref().as_str());
        let (refs, problems) = rules::cited_sources(ids, |s| self.source_ids.get(s).copied());
        for (i, m) in problems {
            match i.and_then(|i| list.get_ref().get(i)) {
                Some(s) => self.at(file, s, m),
                None => self.at(file, list, m),
            }
        }
        refs
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
    ) -> Option<(EntityId, EntityKind)> {
        let id = value.get_ref();
        let found = self.kinds.get(id.as_str()).copied();
        match (id.parse::<EntityId>(), found) {
            (Ok(id), Some(kind)) => Some((id, kind)),
            (parsed, _) => {
                // An unknown id may live in a file that did not parse.
                if parsed.is_err() || self.complete {
                    self.at(file, value, rules::missing_entity(id));
                }
                None
            }
        }
    }

    /// Checks one `[[source]]`; adds it unless its id was seen before.
    fn source(&mut self, file: usize, r: &SourceRecord, sources: &mut Vec<Source>) {
        let id = r.id.get_ref();
        if let Err(m) = rules::source_id(id) {
            self.at(file, &r.id, m);
        }
        self.text_present(file, &r.title, "`title`");
        let date = match &r.date {
            None => None,
            Some(d) => match d.get_ref().parse::<PartialDate>() {
                Ok(d) => Some(d),
                Err(e) => {
                    self.at(file, d, e.to_string());
                    None
                }
            },
        };
        let key = format!("source:{id}");
        if self
            .first(file, &r.id, key, |at| rules::duplicate_source(id, at))
            .is_none()
        {
            return;
        }
        self.source_ids
            .insert(id.clone(), SourceRef(sources.len() as u32));
        sources.push(Source {
            id: id.as_str().into(),
            title: r.title.get_ref().trim().to_owned(),
            file: r.file.clone(),
            outlet: r.outlet.clone(),
            date,
            date_note: r.date_note.clone(),
            url: r.url.clone(),
        });
    }

    /// The names and attributes of one `[[entity]]`, checked.
    fn entity_texts(
        &mut self,
        file: usize,
        r: &EntityRecord,
        id: &EntityId,
    ) -> (Attributes, Annotations) {
        self.noted_present(file, &r.name, "`name`");
        if let Some(zh) = &r.name_zh {
            self.noted_present(file, zh, "`name_zh`");
        }
        if let Some(sub) = &r.subtype {
            if let Err(m) = rules::subtype(sub.get_ref()) {
                self.at(file, sub, m);
            }
        }
        for a in &r.aliases {
            self.noted_present(file, a, "an alias");
        }
        let mut annotations = Annotations::default();
        annotations.insert(Annotated::Name, r.name.get_ref().annotation());
        if let Some(zh) = &r.name_zh {
            annotations.insert(Annotated::NameZh, zh.get_ref().annotation());
        }
        for (i, a) in r.aliases.iter().enumerate() {
            annotations.insert(Annotated::Alias(i as u32), a.get_ref().annotation());
        }
        let mut attributes = Attributes::new();
        for (k, v) in &r.attributes {
            match rules::attribute_key(k.get_ref(), id.kind()) {
                Err(m) => self.at(file, k, m),
                Ok(key) => {
                    let noted = v.get_ref();
                    if let Err(m) = rules::attribute_value(key, &noted.value) {
                        self.at(file, v, m);
                    }
                    if let Err(m) = rules::attribute_annotation(noted.label) {
                        self.at(file, v, m);
                    }
                    attributes.insert(key, noted.value.trim().to_owned());
                    annotations.insert(Annotated::Attribute(key), noted.annotation());
                }
            }
        }
        (attributes, annotations)
    }

    /// Checks one `[[entity]]`; adds it unless its id was seen before.
    fn entity(&mut self, file: usize, r: &EntityRecord, entities: &mut Vec<Entity>) {
        let id = match r.id.get_ref().parse::<EntityId>() {
            Ok(id) => id,
            Err(e) => {
                self.at(file, &r.id, e.to_string());
                return;
            }
        };
        if let Err(m) = rules::kind(r.kind.get_ref(), &id) {
            self.at(file, &r.kind, m);
        }
        let (attributes, annotations) = self.entity_texts(file, r, &id);
        let srcs = self.source_refs(file, &r.sources);
        let key = id.to_string();
        if self
            .first(file, &r.id, key, |at| {
                rules::duplicate_entity(id.as_str(), at)
            })
            .is_none()
        {
            return;
        }
        self.kinds.insert(id.to_string(), id.kind());
        self.entity_pos.insert(id.to_string(), entities.len());
        entities.push(Entity {
            id,
            subtype: r.subtype.as_ref().map(|s| s.get_ref().clone()),
            name: r.name.get_ref().value.trim().to_owned(),
            name_zh: r
                .name_zh
                .as_ref()
                .map(|z| z.get_ref().value.trim().to_owned())
                .filter(|z| !z.is_empty()),
            aliases: r
                .aliases
                .iter()
                .map(|a| a.get_ref().value.trim().to_owned())
                .collect(),
            description: opt_text(&r.description),
            attributes,
            annotations,
            sources: srcs,
            facts: Vec::new(),
        });
    }

    /// Checks one `[[relation]]` against the rules and the relations seen
    /// before it; gives it unless it has a problem.
    fn relation(
        &mut self,
        file: usize,
        r: &RelationRecord,
        seen: &mut RelationsSeen,
    ) -> Option<(EntityId, EntityId, Relation)> {
        let from = self.entity_ref(file, &r.from);
        let to = self.entity_ref(file, &r.to);
        let kind = match rules::relation_type(r.kind.get_ref()) {
            Ok(t) => Some(t),
            Err(m) => {
                self.at(file, &r.kind, m);
                None
            }
        };
        let srcs = self.source_refs(file, &r.sources);
        let date = self.period(file, &r.date);
        if let Some(a) = &r.amount {
            for m in rules::amount(*a.get_ref(), r.unit.is_some()) {
                self.at(file, a, m);
            }
        }
        let ((from, fk), (to, tk), kind) = (from?, to?, kind?);
        if let Err(m) = rules::relation_allowed(kind, fk, tk) {
            self.at(file, &r.kind, m);
            return None;
        }
        let here = self.places.problem(file, r.from.span().start, "");
        let key = (from.to_string(), kind, to.to_string());
        if let Some(first) = seen.triples.get(&key) {
            let m = rules::duplicate_relation(&from, kind, &to, &first.place());
            self.at(file, &r.from, m);
            return None;
        }
        seen.triples.insert(key, here.clone());
        self.relation_warnings(file, r, (&from, kind, &to, tk), here, seen);
        let props = RelationProps {
            role: r.role.clone(),
            title: r.title.as_ref().map(|t| t.get_ref().clone()),
            date,
            amount: r.amount.as_ref().map(|a| *a.get_ref()),
            unit: r.unit.as_ref().map(|u| u.get_ref().clone()),
            note: r.note.clone(),
            inferred: r.inferred,
        };
        Some((from, to, Relation::new(kind, props, srcs)))
    }

    /// The warnings on a relation that passed: its own pattern, and clashes
    /// with relations seen before between the same two entities.
    fn relation_warnings(
        &mut self,
        file: usize,
        r: &RelationRecord,
        (from, kind, to, tk): (&EntityId, RelationType, &EntityId, EntityKind),
        here: Problem,
        seen: &mut RelationsSeen,
    ) {
        let title = r.title.as_ref().map(|t| t.get_ref().as_str());
        for (field, m) in rules::warn_relation(kind, title, tk) {
            match &r.title {
                Some(t) if field == "title" => self.warn(file, t, m),
                _ => self.warn(file, &r.to, m),
            }
        }
        let (a, b) = (from.to_string(), to.to_string());
        let forward = a <= b;
        let pair = if forward { (a, b) } else { (b, a) };
        let earlier = seen.pairs.entry(pair).or_default();
        for (first, first_forward, at) in earlier.iter() {
            if let Some(m) = rules::warn_clash(*first, kind, *first_forward == forward, &at.place())
            {
                self.warnings
                    .push(Warning(self.places.problem(file, r.kind.span().start, m)));
            }
        }
        earlier.push((kind, forward, here));
    }

    /// Checks one `[[fact]]` (spanning `span`) and attaches it to its entity.
    fn fact(&mut self, file: usize, r: &FactRecord, span: &Range<usize>, entities: &mut [Entity]) {
        let target = self.entity_ref(file, &r.entity);
        if let Err(m) = rules::metric(r.metric.get_ref()) {
            self.at(file, &r.metric, m);
        }
        if let Some(u) = &r.unit {
            self.text_present(file, u, "`unit`");
        }
        let qualifier = match &r.qualifier {
            None => Qualifier::Exact,
            Some(q) => rules::qualifier(q.get_ref()).unwrap_or_else(|m| {
                self.at(file, q, m);
                Qualifier::Exact
            }),
        };
        let value = r.value.as_ref().map(|v| *v.get_ref());
        let min = r.min.as_ref().map(|v| *v.get_ref());
        let max = r.max.as_ref().map(|v| *v.get_ref());
        let wording = r.wording.as_ref().map(|w| w.get_ref().as_str());
        for (field, m) in rules::fact_figure(qualifier, value, min, max, wording) {
            let at = match field {
                "value" => r.value.as_ref().map(|v| v.span().start),
                "min" => r.min.as_ref().map(|v| v.span().start),
                "max" => r.max.as_ref().map(|v| v.span().start),
                "wording" => r.wording.as_ref().map(|v| v.span().start),
                _ => r.qualifier.as_ref().map(|v| v.span().start),
            };
            let at = at.unwrap_or(span.start);
            self.problems.push(self.places.problem(file, at, m));
        }
        let (period, as_of) = self.fact_time(file, r, span);
        let fact = Fact {
            metric: r.metric.get_ref().clone(),
            value,
            unit: opt_text(&r.unit),
            period,
            as_of,
            qualifier,
            min,
            max,
            wording: opt_text(&r.wording),
            inferred: r.inferred,
            note: r.note.clone(),
            sources: self.source_refs(file, &r.sources).into_vec(),
        };
        let warn_at = r
            .value
            .as_ref()
            .map_or(r.metric.span().start, |v| v.span().start);
        if let Some(m) = rules::warn_value_without_number(&fact) {
            self.warnings
                .push(Warning(self.places.problem(file, warn_at, m)));
        }
        let Some((id, _)) = target else { return };
        let Some(&pos) = self.entity_pos.get(id.as_str()) else {
            return;
        };
        let facts = &mut entities[pos].facts;
        if let Some(m) = facts.iter().find_map(|o| rules::warn_split_range(o, &fact)) {
            self.warnings
                .push(Warning(self.places.problem(file, warn_at, m)));
        }
        facts.push(fact);
    }

    /// A fact's `period` or `as_of`, checked.
    fn fact_time(
        &mut self,
        file: usize,
        r: &FactRecord,
        span: &Range<usize>,
    ) -> (Option<Period>, bool) {
        match rules::fact_time(text(&r.period), text(&r.as_of)) {
            Ok(t) => t,
            Err((field, m)) => {
                let at = if field == "period" {
                    &r.period
                } else {
                    &r.as_of
                };
                let at = at.as_ref().map_or(span.start, |v| v.span().start);
                self.problems.push(self.places.problem(file, at, m));
                (None, false)
            }
        }
    }
}

/// Checks every record; returns the validated parts or every problem found.
pub(super) fn check(parsed: Parsed, places: &Places<'_>) -> Result<Checked, Vec<Problem>> {
    let complete = !parsed.skipped_files;
    let mut c = Checker {
        places,
        problems: parsed.problems,
        warnings: Vec::new(),
        complete,
        complete_sources: complete,
        source_ids: HashMap::new(),
        first_seen: HashMap::new(),
        kinds: HashMap::new(),
        entity_pos: HashMap::new(),
    };
    let mut sources = Vec::new();
    for Located { file, record, .. } in &parsed.sources {
        c.source(*file, record, &mut sources);
    }
    // Entities next, so relations and facts can refer to them.
    let mut entities = Vec::new();
    for Located { file, record, .. } in &parsed.entities {
        c.entity(*file, record, &mut entities);
    }
    let mut relations = Vec::new();
    let mut seen = RelationsSeen::default();
    for Located { file, record, .. } in &parsed.relations {
        relations.extend(c.relation(*file, record, &mut seen));
    }
    for Located { file, record, span } in &parsed.facts {
        c.fact(*file, record, span, &mut entities);
    }
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    c.warnings.sort();
    let warnings = c.warnings;
    Ok(Checked {
        sources,
        entities,
        relations,
        warnings,
    })
}
