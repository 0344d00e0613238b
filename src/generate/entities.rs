//! `entities.jsonl` and `facts.jsonl`: every entity in id order, each
//! described by the function of its kind in [`text`](super::text), with its
//! facts from [`facts`](super::facts).

use std::path::Path;

use super::facts::write_facts;
use super::layout::{k, Layout, LAYOUT};
use super::random::Gen;
use super::text::{self, Text};
use super::values::{plain, show, Attrs, Id, Out};
use super::{GenerateError, Options};
use crate::load::bulk::records::{EntityLine, Str};
use crate::model::EntityKind;

/// Writes `entities.jsonl` and `facts.jsonl`; returns the number of facts.
pub(super) fn write_entities(
    options: &Options,
    layout: Layout,
    dir: &Path,
) -> Result<usize, GenerateError> {
    let mut out = Out::create(dir.join("entities.jsonl"))?;
    let mut facts_out = Out::create(dir.join("facts.jsonl"))?;
    let mut g = Gen::new(options.seed, 1);
    let mut fg = Gen::new(options.seed, 2);
    let mut text = Text::default();
    let mut id_text = String::new();
    let mut facts = 0usize;
    for &(kind, _) in &LAYOUT {
        let range = layout.range(kind);
        let count = range.len();
        for (j, i) in range.enumerate() {
            text.name.clear();
            text.alias.clear();
            text.description.clear();
            let (subtype, attributes) = describe(&mut g, kind, j, count, &mut text);
            let with_description = !text.description.is_empty();
            let with_alias = !text.alias.is_empty();
            // The name and alias buffers are lent to the record and taken back.
            let line = EntityLine {
                id: show(&mut id_text, Id(kind, i)),
                kind: Str::from(kind.as_str()),
                subtype: subtype.map(Str::from),
                name: plain(std::mem::take(&mut text.name)),
                name_zh: None,
                aliases: match with_alias {
                    true => vec![plain(std::mem::take(&mut text.alias))],
                    false => Vec::new(),
                },
                description: with_description.then(|| Str::from(text.description.as_str())),
                sources: g.cites().list(),
                attributes: attributes.into_map(),
            };
            out.line(&line)?;
            text.name = line.name.value;
            if let Some(alias) = line.aliases.into_iter().next() {
                text.alias = alias.value;
            }
            facts += write_facts(&mut fg, Id(kind, i), &mut facts_out)?;
        }
    }
    out.finish()?;
    facts_out.finish()?;
    Ok(facts)
}

/// Fills the name, alias and description of entity `j` of a kind (counted
/// within the kind's range of `count`), and returns its subtype and attributes.
fn describe(
    g: &mut Gen,
    kind: EntityKind,
    j: usize,
    count: usize,
    t: &mut Text,
) -> (Option<&'static str>, Attrs) {
    use k::*;
    let mut a = Attrs::default();
    let with_description = g.chance(200);
    let with_alias = g.chance(100);
    let subtype = match kind {
        R => return (Some(text::region(g, j, count, t, with_alias)), a),
        P => text::park(g, t, &mut a, with_description),
        C => text::company(g, t, &mut a, with_description, with_alias),
        I => text::institution(g, t, &mut a, with_description),
        PE => {
            text::person(g, t, with_description, with_alias);
            return (None, a);
        }
        PO => text::policy(g, t, &mut a, with_description),
        E => text::event(g, t, &mut a, with_description),
        PR => text::project(g, t, &mut a, with_description),
    };
    if !with_description {
        t.description.clear();
    }
    if with_alias && t.alias.is_empty() && kind != C {
        text::acronym(&t.name, &mut t.alias);
    }
    (Some(subtype), a)
}
