//! Why a search hit matched: for each query term, the entity's word it
//! matched, where (name, Chinese name, alias, description) and how (typos,
//! prefix), and the names cut into matched and unmatched segments for
//! highlighting.
//!
//! The explanation applies the ranker's own rules to one entity: the same
//! terms ([`each_term_span`] gives
//! [`each_term`](crate::store::normalize::each_term)'s terms with where they
//! sit), a match exactly, as a prefix for the last query term, or within
//! `typo_budget` edits sharing the first letter (`within_edits`), and
//! the whole-name bonus by [`key`]. Where a query term matches several
//! words, the one the ranker weighs most is reported (field weight times
//! how it matched; rarity, which the ranker also weighs, is left out, so
//! between two equally good words the first in the entity is reported).
//! Only a page of hits is explained, so each is worked out on demand.
//!
//! One limit: the ranker expands a query term to at most
//! [`MAX_EXPANSIONS`](super::MAX_EXPANSIONS) index terms (the most
//! frequent). A word cut from that list (only possible for very short
//! prefixes or very common typo neighbours) is still reported as matched,
//! though it did not add to the score.

use std::ops::Range;

use super::{name_terms, typo_budget, within_edits, Field, How};
use crate::model::Entity;
use crate::store::normalize::{each_term_span, key, query_terms};

/// Where in an entity a query term was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The English name.
    Name,
    /// The Chinese name.
    NameZh,
    /// An alias or abbreviation.
    Alias,
    /// The description.
    Description,
}

impl Place {
    /// The index field the place is ranked as.
    fn field(self) -> Field {
        match self {
            Place::Name | Place::NameZh => Field::Name,
            Place::Alias => Field::Alias,
            Place::Description => Field::Description,
        }
    }
}

/// A stretch of a name and whether the query matched it. A name's
/// segments, in order, concatenate to the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text, a substring of the name cut at character boundaries.
    pub text: String,
    /// Whether a query term matched it (for the last query term matched as
    /// a prefix, only the part the query typed is matched).
    pub matched: bool,
}

/// The entity's word a query term matched, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// The word as the entity writes it (a Chinese character or pair, or a
    /// hyphenated word when the query joined it).
    pub word: String,
    /// Where the word is.
    pub place: Place,
    /// Edits between the query term and the word (0 unless a typo).
    pub typos: u32,
    /// Whether the query term is the start of the word (the last query
    /// term only).
    pub prefix: bool,
}

/// One query term and what it matched, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// The query term, normalised as search sees it.
    pub term: String,
    /// The best word it matched, or `None`.
    pub matched: Option<Matched>,
}

/// Why an entity matched a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Where query terms (or the whole query) were found, in the order of
    /// [`Place`], each once.
    pub places: Vec<Place>,
    /// Whether the whole query equals the name, Chinese name or an alias,
    /// ignoring case, accents, punctuation and spaces (such hits rank
    /// first).
    pub exact: bool,
    /// The name in segments.
    pub name: Vec<Segment>,
    /// The Chinese name in segments, if the entity has one.
    pub name_zh: Option<Vec<Segment>>,
    /// Each query term, in query order.
    pub terms: Vec<TermMatch>,
}

/// A query prepared to explain hits: its terms, folded once.
#[derive(Debug, Clone)]
pub struct Explainer {
    terms: Vec<QueryTerm>,
    key: String,
}

#[derive(Debug, Clone)]
struct QueryTerm {
    text: String,
    chars: Vec<char>,
    budget: u32,
    last: bool,
}

/// The best match of one query term so far.
struct Best {
    weight: f32,
    matched: Matched,
}

impl Explainer {
    /// Prepares `query` (as [`SearchIndex::search`](super::SearchIndex::search)
    /// reads it).
    pub fn new(query: &str) -> Explainer {
        let texts = query_terms(query);
        let n = texts.len();
        let terms = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| QueryTerm {
                chars: text.chars().collect(),
                budget: typo_budget(&text),
                last: i + 1 == n,
                text,
            })
            .collect();
        Explainer {
            terms,
            key: key(query),
        }
    }

    /// How query term `q` matches the entity's term `t`, by the ranker's
    /// rules, and with how many typos.
    fn how(&self, q: &QueryTerm, t: &str, buf: &mut Vec<char>) -> Option<(How, u32)> {
        if t == q.text {
            return Some((How::Exact, 0));
        }
        if q.last && t.starts_with(q.text.as_str()) {
            return Some((How::Prefix, 0));
        }
        let first = q.chars.first()?;
        if q.budget == 0 || !t.starts_with(*first) {
            return None;
        }
        buf.clear();
        buf.extend(t.chars());
        let budget = q.budget as usize;
        if buf.len().abs_diff(q.chars.len()) > budget {
            return None;
        }
        // The fewest edits within the budget, if any.
        let typos = (1..=budget).find(|k| within_edits(&q.chars, buf, *k))?;
        Some((How::Typo, typos as u32))
    }

    /// Explains why `entity` matched (or, for an entity that did not, that
    /// nothing did).
    pub fn explain(&self, entity: &Entity) -> Explanation {
        let name_terms = name_terms(&entity.name);
        let mut texts: Vec<(Place, &str)> = vec![(Place::Name, entity.name.as_str())];
        if let Some(zh) = &entity.name_zh {
            texts.push((Place::NameZh, zh));
        }
        texts.extend(entity.aliases.iter().map(|a| (Place::Alias, a.as_str())));
        if let Some(d) = &entity.description {
            texts.push((Place::Description, d));
        }
        let mut best: Vec<Option<Best>> = self.terms.iter().map(|_| None).collect();
        let mut places: Vec<Place> = Vec::new();
        let mut exact = false;
        let mut name = Vec::new();
        let mut name_zh = Vec::new();
        let mut buf = Vec::new();
        for (place, text) in texts {
            let whole =
                place != Place::Description && !self.key.is_empty() && key(text) == self.key;
            exact |= whole;
            let mut ranges: Vec<Range<usize>> = Vec::new();
            let mut found = whole;
            each_term_span(text, |t, r| {
                if whole {
                    ranges.push(r.clone());
                }
                for (q, slot) in self.terms.iter().zip(best.iter_mut()) {
                    let Some((how, typos)) = self.how(q, t, &mut buf) else {
                        continue;
                    };
                    found = true;
                    ranges.push(match how {
                        How::Prefix => prefix_range(text, r.clone(), q.text.len()),
                        _ => r.clone(),
                    });
                    let weight = place.field().weight(name_terms) * how.factor();
                    let better = slot.as_ref().is_none_or(|b| {
                        weight > b.weight || (weight == b.weight && typos < b.matched.typos)
                    });
                    if better {
                        *slot = Some(Best {
                            weight,
                            matched: Matched {
                                word: text.get(r.clone()).unwrap_or_default().to_owned(),
                                place,
                                typos,
                                prefix: how == How::Prefix,
                            },
                        });
                    }
                }
            });
            if found && !places.contains(&place) {
                places.push(place);
            }
            match place {
                Place::Name => name = ranges,
                Place::NameZh => name_zh = ranges,
                _ => {}
            }
        }
        places.sort();
        let terms = self
            .terms
            .iter()
            .zip(best)
            .map(|(q, b)| TermMatch {
                term: q.text.clone(),
                matched: b.map(|b| b.matched),
            })
            .collect();
        Explanation {
            places,
            exact,
            name: segments(&entity.name, name),
            name_zh: entity.name_zh.as_deref().map(|zh| segments(zh, name_zh)),
            terms,
        }
    }
}

/// The start of `text[r]` that folds to at least `len` bytes: the part of a
/// word that a query term typed as its prefix (whole characters, so a
/// ligature that folds to two letters is taken whole).
fn prefix_range(text: &str, r: Range<usize>, len: usize) -> Range<usize> {
    let Some(word) = text.get(r.clone()) else {
        return r;
    };
    word.char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .find(|end| key(&word[..*end]).len() >= len)
        .map_or(r.clone(), |end| r.start..r.start + end)
}

/// `text` cut into segments, those in `ranges` (byte ranges at character
/// boundaries, in any order, overlapping or not) matched.
fn segments(text: &str, mut ranges: Vec<Range<usize>>) -> Vec<Segment> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Segment> = Vec::new();
    let push = |out: &mut Vec<Segment>, r: Range<usize>, matched: bool| {
        let Some(part) = text.get(r) else {
            return;
        };
        if part.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.matched == matched => last.text.push_str(part),
            _ => out.push(Segment {
                text: part.to_owned(),
                matched,
            }),
        }
    };
    let mut at = 0;
    for r in ranges {
        if r.end <= at || r.end > text.len() {
            continue;
        }
        let start = r.start.max(at);
        push(&mut out, at..start, false);
        push(&mut out, start..r.end, true);
        at = r.end;
    }
    push(&mut out, at..text.len(), false);
    out
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod on_builtin_data {
    use super::*;
    use crate::deadline::Deadline;

    /// On the built-in data, every hit of every query is explained: a query
    /// term matched, or the whole query is a name.
    #[test]
    fn every_hit_on_the_builtin_data_is_explained() {
        let store = crate::load::builtin().expect("built-in data");
        for q in super::super::tests::BUILTIN_QUERIES {
            let explainer = Explainer::new(q);
            let found = store
                .search(q, None, 100, Deadline::NONE)
                .expect("no deadline");
            assert!(!found.hits.is_empty(), "{q}");
            for (ix, _) in found.hits {
                let e = store.entity(ix);
                let x = explainer.explain(e);
                assert!(
                    x.exact || x.terms.iter().any(|t| t.matched.is_some()),
                    "{q}: {} unexplained",
                    e.id.as_str()
                );
                assert!(!x.places.is_empty(), "{q}: {}", e.id.as_str());
                let name: String = x.name.iter().map(|s| s.text.as_str()).collect();
                assert_eq!(name, e.name);
            }
        }
    }
}
