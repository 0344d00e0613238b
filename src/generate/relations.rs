//! The relations: one backbone relation per entity, then a weighted mix of
//! templates with Zipf-distributed hub ends, without duplicates, self loops,
//! `part_of` cycles or pairs that clash.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use super::layout::{k, region_parent, Layout};
use super::random::Gen;
use super::values::{show, Id, Out, Props, When};
use super::words::{INVESTOR_ROLES, MEMBER_ROLES, PARTNER_NOTES, SPEAKER_ROLES, TITLES};
use super::{GenerateError, Options};
use crate::load::bulk::records::{Number, RelationLine, Str};
use crate::model::{EntityKind, RelationType};

/// Packs `(from, type, to)` into one key for the duplicate check.
pub(super) fn key(from: usize, rel: RelationType, to: usize) -> u128 {
    (from as u128) << 64 | (to as u128) << 8 | rel as u128
}

/// A cheap hasher for the packed keys (SplitMix64 finaliser).
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u128(&mut self, v: u128) {
        let mut z = (v as u64) ^ ((v >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        self.0 = z ^ (z >> 31);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How one end of a template relation is picked within its kind's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pick {
    Uniform,
    Hub,
}

/// A kind of relation drawn after the backbone: its type, the kinds at each
/// end (weighted), how each end is picked, and its weight in the mix.
pub(super) struct Template {
    pub(super) rel: RelationType,
    pub(super) weight: usize,
    pub(super) from: &'static [(EntityKind, usize)],
    pub(super) from_pick: Pick,
    pub(super) to: &'static [(EntityKind, usize)],
    pub(super) to_pick: Pick,
}

#[rustfmt::skip]
pub(super) const TEMPLATES: &[Template] = {
    use k::*;
    use Pick::{Hub, Uniform};
    use RelationType as T;
    const fn t(
        rel: RelationType,
        weight: usize,
        from_pick: Pick,
        from: &'static [(EntityKind, usize)],
        to_pick: Pick,
        to: &'static [(EntityKind, usize)],
    ) -> Template {
        Template { rel, weight, from, from_pick, to, to_pick }
    }
    &[
        // type, weight, how the from end is picked, its kinds, how the to end is picked, its kinds
        t(T::LocatedIn, 60, Uniform, &[(C, 1)], Hub, &[(P, 2), (R, 1)]),
        t(T::LocatedIn, 15, Uniform, &[(I, 1), (PR, 1), (E, 1)], Hub, &[(R, 2), (P, 1)]),
        t(T::PartnersWith, 110, Uniform, &[(C, 3), (I, 1)], Hub, &[(C, 3), (I, 2), (P, 1)]),
        t(T::InvestsIn, 70, Hub, &[(C, 3), (I, 1)], Uniform, &[(C, 8), (PR, 1), (P, 1)]),
        t(T::AppliesTo, 110, Hub, &[(PO, 1)], Uniform, &[(C, 6), (P, 1), (I, 1), (PE, 1), (PR, 1)]),
        t(T::AffiliatedWith, 70, Uniform, &[(PE, 4), (C, 2), (I, 1), (PR, 1)], Hub, &[(I, 1), (C, 1)]),
        t(T::Leads, 25, Uniform, &[(PE, 1)], Uniform, &[(C, 5), (I, 2), (P, 1), (PR, 1), (E, 1)]),
        t(T::SpokeAt, 50, Hub, &[(PE, 3), (C, 1), (I, 1)], Hub, &[(E, 1)]),
        t(T::ParticipatesIn, 90, Uniform, &[(C, 4), (I, 1), (PE, 1), (P, 1), (PR, 1)], Hub, &[(E, 2), (PR, 1), (PO, 1)]),
        t(T::MemberOf, 60, Uniform, &[(C, 4), (I, 1), (PE, 1), (P, 1)], Hub, &[(I, 2), (PO, 1)]),
        t(T::Funds, 40, Hub, &[(I, 2), (PO, 2), (R, 1)], Uniform, &[(C, 4), (PR, 2), (P, 1), (I, 1)]),
        t(T::Hosts, 40, Hub, &[(P, 3), (R, 1), (I, 1)], Uniform, &[(C, 3), (E, 2), (PR, 1), (I, 1)]),
        t(T::HeldAt, 15, Uniform, &[(E, 1)], Hub, &[(P, 2), (R, 1), (I, 1)]),
        t(T::Organizes, 25, Hub, &[(I, 2), (C, 2), (R, 1), (P, 1)], Uniform, &[(E, 1)]),
        t(T::Issued, 10, Hub, &[(R, 1), (I, 1)], Uniform, &[(PO, 1)]),
        t(T::Signed, 20, Uniform, &[(C, 2), (I, 1), (R, 1)], Hub, &[(PO, 1)]),
        t(T::DesignatedAs, 50, Uniform, &[(C, 6), (P, 1), (I, 1), (R, 1)], Hub, &[(PO, 1)]),
        t(T::RecognizedBy, 30, Uniform, &[(C, 4), (I, 1), (P, 1), (R, 1)], Hub, &[(I, 1)]),
        t(T::OriginatesFrom, 30, Uniform, &[(C, 2), (PE, 2), (I, 1)], Hub, &[(R, 1)]),
        t(T::Operates, 25, Hub, &[(C, 2), (I, 1)], Uniform, &[(P, 1), (PR, 2), (E, 1)]),
        t(T::Developed, 15, Hub, &[(C, 2), (I, 1), (R, 1)], Uniform, &[(P, 1), (PR, 2)]),
        t(T::Near, 15, Uniform, &[(P, 1), (I, 1), (C, 2), (PR, 1)], Hub, &[(P, 2), (R, 1), (I, 1)]),
        t(T::PartOf, 15, Uniform, &[(C, 1)], Hub, &[(C, 1)]),
        t(T::PartOf, 10, Uniform, &[(PR, 1)], Hub, &[(PO, 1)]),
        t(T::Formerly, 3, Uniform, &[(P, 1)], Uniform, &[(C, 2), (P, 1), (I, 1)]),
        t(T::PartnersWith, 2, Hub, &[(R, 1)], Hub, &[(R, 1)]),
    ]
};

/// The relation file being written, with its duplicate check.
pub(super) struct Relations {
    pub(super) out: Out,
    pub(super) g: Gen,
    pub(super) props: Gen,
    pub(super) layout: Layout,
    pub(super) seen: HashSet<u128, BuildHasherDefault<KeyHasher>>,
    pub(super) written: usize,
    /// Buffers for the ids and the date of the line being written.
    pub(super) text: [String; 3],
}

impl Relations {
    /// Any entity of a kind, uniformly.
    pub(super) fn uniform(&mut self, kind: EntityKind) -> usize {
        let r = self.layout.range(kind);
        r.start + self.g.below(r.len())
    }

    /// An entity of a kind, the hubs far more often (Zipf).
    pub(super) fn hub(&mut self, kind: EntityKind) -> usize {
        let r = self.layout.range(kind);
        let n = r.len();
        let rank = self.g.zipf(n);
        let offset = if kind == EntityKind::Region {
            // Districts first, then towns; the city comes last.
            (rank + 1) % n.max(1)
        } else {
            scatter(rank, n)
        };
        r.start + offset
    }

    /// An entity of a kind, picked as the template says.
    pub(super) fn pick(&mut self, kind: EntityKind, how: Pick) -> usize {
        match how {
            Pick::Uniform => self.uniform(kind),
            Pick::Hub => self.hub(kind),
        }
    }

    /// Writes the relation unless it is a self loop, a `part_of` that could
    /// close a cycle, a duplicate, or one that clashes with a relation
    /// already written between the same two entities (what `innograph
    /// validate` warns on). Says whether it was written.
    pub(super) fn add(
        &mut self,
        from: usize,
        rel: RelationType,
        to: usize,
    ) -> Result<bool, GenerateError> {
        let (fk, tk) = (self.layout.kind_of(from), self.layout.kind_of(to));
        if from == to
            || (rel == RelationType::PartOf && fk == tk && from <= to)
            || !rel.allows(fk, tk)
            || clashing(rel).iter().any(|&(other, same)| {
                let k = if same {
                    key(from, other, to)
                } else {
                    key(to, other, from)
                };
                self.seen.contains(&k)
            })
            || !self.seen.insert(key(from, rel, to))
        {
            return Ok(false);
        }
        let props = relation_props(&mut self.props, rel);
        let sources = self.props.cites();
        let [from_text, to_text, date_text] = &mut self.text;
        self.out.line(&RelationLine {
            from: show(from_text, Id(fk, from)),
            kind: Str::from(rel.as_str()),
            to: show(to_text, Id(tk, to)),
            sources: sources.list(),
            role: props.role.map(Str::from),
            title: props.title.map(Str::from),
            date: props.date.map(|d| show(date_text, d)),
            amount: props.amount.map(Number::from),
            unit: props.unit.map(Str::from),
            note: props.note.map(Str::from),
            inferred: props.inferred,
        })?;
        self.written += 1;
        Ok(true)
    }

    /// The relation that ties entity `i` into the graph; `None` for the city.
    pub(super) fn backbone(&mut self, i: usize) -> Option<(usize, RelationType, usize)> {
        use k::*;
        use RelationType as T;
        let kind = self.layout.kind_of(i);
        let g = &mut self.g;
        let roll = g.below(100);
        Some(match kind {
            R => {
                let r = self.layout.range(R);
                let parent = region_parent(i - r.start, r.len())?;
                (i, T::PartOf, r.start + parent)
            }
            P => match self.hub(P) {
                j if roll < 15 && j < i => (i, T::PartOf, j),
                _ => (i, T::LocatedIn, self.hub(R)),
            },
            C if roll < 65 => (i, T::LocatedIn, self.hub(P)),
            C => (i, T::LocatedIn, self.hub(R)),
            I => match self.hub(I) {
                j if roll < 20 && j < i => (i, T::PartOf, j),
                _ => (i, T::LocatedIn, self.hub(R)),
            },
            PE if roll < 40 => {
                let to = self.g.weighted(&[(C, 7), (I, 2), (P, 1)]);
                (i, T::Leads, self.uniform(to))
            }
            PE => {
                let to = self.g.weighted(&[(C, 3), (I, 2)]);
                (i, T::AffiliatedWith, self.hub(to))
            }
            PO if roll < 60 => (self.hub(R), T::Issued, i),
            PO => (self.hub(I), T::Issued, i),
            E => {
                let to = self.g.weighted(&[(P, 2), (R, 1), (I, 1)]);
                (i, T::HeldAt, self.hub(to))
            }
            PR if roll < 40 => {
                let to = self.g.weighted(&[(P, 1), (R, 1)]);
                (i, T::LocatedIn, self.hub(to))
            }
            PR if roll < 80 => (self.uniform(C), T::Operates, i),
            PR => (i, T::PartOf, self.hub(PO)),
        })
    }
}

/// The relations (type, same direction?) that clash with one of type `rel`
/// between the same two entities (see [`RelationType::clash`]).
pub(super) fn clashing(rel: RelationType) -> &'static [(RelationType, bool)] {
    static TABLE: std::sync::OnceLock<Vec<Vec<(RelationType, bool)>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        RelationType::ALL
            .iter()
            .map(|&a| {
                RelationType::ALL
                    .iter()
                    .flat_map(|&b| [(b, true), (b, false)])
                    .filter(|&(b, same)| a.clash(b, same).is_some())
                    .collect()
            })
            .collect()
    });
    RelationType::ALL
        .iter()
        .position(|&t| t == rel)
        .map_or(&[], |i| table[i].as_slice())
}

/// A bijection of `0..n` that scatters low ranks (the hubs) over the range.
pub(super) fn scatter(rank: usize, n: usize) -> usize {
    const MULT: u128 = 2_654_435_761; // prime
    let n128 = n as u128;
    if n128 == 0 || n128.is_multiple_of(MULT) {
        return rank;
    }
    ((rank as u128 * MULT + n128 / 3) % n128) as usize
}

/// The optional properties of a relation of type `rel`.
pub(super) fn relation_props(g: &mut Gen, rel: RelationType) -> Props {
    use RelationType as T;
    let mut p = Props::default();
    match rel {
        T::Leads => {
            p.title = Some(g.skewed(TITLES));
            if g.chance(200) {
                p.date = Some(g.when(2005, 2024, 200));
            }
        }
        T::InvestsIn => {
            if g.chance(450) {
                p.amount = Some(g.magnitude(5, 9));
                p.unit = Some(if g.chance(850) { "CNY" } else { "USD" });
            }
            if g.chance(350) {
                p.date = Some(When::on(g.day(2010, 2024)));
            }
            if g.chance(100) {
                p.role = Some(g.pick(INVESTOR_ROLES));
            }
        }
        T::Funds => {
            if g.chance(600) {
                p.amount = Some(g.magnitude(4, 8));
                p.unit = Some("CNY");
            }
            if g.chance(300) {
                p.date = Some(g.when(2010, 2024, 300));
            }
        }
        T::ParticipatesIn | T::MemberOf => {
            if g.chance(80) {
                p.role = Some(g.pick(MEMBER_ROLES));
            }
            if g.chance(150) {
                p.date = Some(g.when(2010, 2024, 200));
            }
        }
        T::PartnersWith => {
            if g.chance(200) {
                p.date = Some(When::on(g.day(2010, 2024)));
            }
            if g.chance(30) {
                p.note = Some(g.pick(PARTNER_NOTES));
            }
        }
        T::SpokeAt => {
            if g.chance(100) {
                p.role = Some(g.pick(SPEAKER_ROLES));
            }
        }
        T::Signed => {
            if g.chance(500) {
                p.date = Some(When::on(g.day(2010, 2024)));
            }
        }
        _ => {
            if g.chance(100) {
                p.date = Some(g.when(2000, 2024, 150));
            }
        }
    }
    p.inferred = g.chance(20);
    p
}

/// Writes `relations.jsonl`; returns how many relations it holds.
pub(super) fn write_relations(
    options: &Options,
    layout: Layout,
    dir: &Path,
) -> Result<usize, GenerateError> {
    let target = options.relations;
    let mut seen: HashSet<u128, BuildHasherDefault<KeyHasher>> = HashSet::default();
    if seen.try_reserve(target).is_err() {
        return Err(GenerateError::OutOfMemory { relations: target });
    }
    let mut r = Relations {
        out: Out::create(dir.join("relations.jsonl"))?,
        g: Gen::new(options.seed, 3),
        props: Gen::new(options.seed, 4),
        layout,
        seen,
        written: 0,
        text: Default::default(),
    };

    // Backbone: one relation per entity, so nothing is left isolated.
    for i in 0..options.entities {
        if r.written >= target {
            break;
        }
        for _ in 0..8 {
            match r.backbone(i) {
                None => break,
                Some((from, rel, to)) => {
                    if r.add(from, rel, to)? {
                        break;
                    }
                }
            }
        }
    }

    // The rest from the template mix; give up only after many misses in a row.
    let weights: Vec<(usize, usize)> = TEMPLATES
        .iter()
        .enumerate()
        .map(|(n, t)| (n, t.weight))
        .collect();
    let mut misses = 0usize;
    while r.written < target && misses < 100_000 {
        let t = &TEMPLATES[r.g.weighted(&weights)];
        let fk = r.g.weighted(t.from);
        let tk = r.g.weighted(t.to);
        let from = r.pick(fk, t.from_pick);
        let to = r.pick(tk, t.to_pick);
        if r.add(from, t.rel, to)? {
            misses = 0;
        } else {
            misses += 1;
        }
    }
    let written = r.written;
    r.out.finish()?;
    Ok(written)
}
