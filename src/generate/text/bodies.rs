//! Those who act: companies, institutions and people.

use std::fmt::Write as _;

use super::super::random::Gen;
use super::super::values::{Attrs, Day, When};
use super::super::words::*;
use super::{acronym, address, brand, push_lower, two_tech, Text};

/// A company: a brand, a place or both, two technologies and a legal suffix.
pub(in crate::generate) fn company(
    g: &mut Gen,
    t: &mut Text,
    a: &mut Attrs,
    with_description: bool,
    with_alias: bool,
) -> &'static str {
    let Text {
        name: n,
        alias,
        description: d,
    } = t;
    let (tech, tech2) = two_tech(g);
    let suffix = g.skewed(COMPANY_SUFFIXES);
    let pattern = g.below(20);
    match pattern {
        0..=7 => {
            brand(g, n);
            let _ = write!(n, " {tech} {tech2} {suffix}");
        }
        8..=13 => {
            n.push_str(g.skewed(PLACES));
            n.push(' ');
            brand(g, n);
            let _ = write!(n, " {tech} {suffix}");
        }
        14..=18 => {
            let _ = write!(n, "{} {tech} {tech2} {suffix}", g.skewed(PLACES));
        }
        _ => {
            brand(g, n);
            let _ = write!(n, " {suffix}");
        }
    }
    if with_alias {
        // The brand alone, or the initials of the name without its suffix.
        let stem = n.strip_suffix(suffix).unwrap_or(n).trim_end();
        if matches!(pattern, 0..=7 | 19) && g.chance(600) {
            alias.push_str(stem.split(' ').next().unwrap_or_default());
        } else {
            acronym(stem, alias);
        }
    }
    if with_description {
        match g.below(3) {
            0 => d.push_str("A start-up developing "),
            1 => d.push_str("A company that makes "),
            _ => d.push_str("A firm offering "),
        }
        push_lower(d, tech);
        d.push_str(" and ");
        push_lower(d, tech2);
        let _ = write!(d, " products for {}.", g.pick(MARKETS));
    }
    if g.chance(800) {
        a.sector = Some(tech);
    }
    let founded = g.day(1990, 2024);
    if g.chance(600) {
        a.founded = Some(When::on(founded));
        if founded.y <= 2020 && g.chance(50) {
            a.closed = Some(When::on(Day {
                y: founded.y + 1 + g.below(4) as u16,
                m: 0,
                d: 0,
            }));
        }
    }
    if g.chance(200) {
        a.address = Some(address(g));
    }
    g.weighted(COMPANY_SUBTYPES)
}

/// An institution: an institute, university, association, alliance or office.
pub(in crate::generate) fn institution(
    g: &mut Gen,
    t: &mut Text,
    a: &mut Attrs,
    with_description: bool,
) -> &'static str {
    let Text {
        name: n,
        description: d,
        ..
    } = t;
    let (tech, tech2) = two_tech(g);
    let place = g.skewed(PLACES);
    let subtype = match g.below(20) {
        0 => {
            let city = if g.chance(200) { "Shanghai" } else { place };
            let _ = write!(n, "{city} Institute of {tech}");
            "research-institute"
        }
        1..=4 => {
            let _ = write!(n, "{place} Institute of {tech} and {tech2}");
            "research-institute"
        }
        5..=7 => {
            brand(g, n);
            let _ = write!(n, " {tech} Research Institute");
            "research-institute"
        }
        8 => {
            if g.chance(100) {
                let _ = write!(n, "{place} University");
            } else {
                let _ = write!(n, "{place} University of {tech}");
            }
            "university"
        }
        9..=12 => {
            let _ = write!(n, "{place} {tech} and {tech2} Industry Association");
            "association"
        }
        13..=14 => {
            let _ = write!(n, "{place} {tech} and {tech2} Innovation Alliance");
            "alliance"
        }
        15 => {
            let _ = write!(n, "{place} {tech} Development Office");
            "government"
        }
        16 => {
            let _ = write!(n, "{place} Academy of {tech} and {tech2}");
            "academy"
        }
        17..=18 => {
            brand(g, n);
            let _ = write!(n, " {tech} Research Centre");
            "centre"
        }
        _ => {
            let _ = write!(n, "{place} {tech} Investment Promotion Office");
            "office"
        }
    };
    if with_description {
        let _ = write!(d, "A {} working on ", subtype.replace('-', " "));
        push_lower(d, tech);
        d.push_str(" and ");
        push_lower(d, tech2);
        d.push('.');
    }
    if g.chance(400) {
        a.sector = Some(tech);
    }
    if g.chance(500) {
        a.founded = Some(When::on(g.day(1950, 2024)));
    }
    if g.chance(300) {
        a.address = Some(address(g));
    }
    subtype
}

/// A person: a Chinese or (rarely) a Western given name and a family name.
pub(in crate::generate) fn person(
    g: &mut Gen,
    t: &mut Text,
    with_description: bool,
    with_alias: bool,
) {
    let Text {
        name: n,
        alias,
        description: d,
    } = t;
    let family = g.skewed(FAMILY);
    let western = g.chance(80);
    if western {
        n.push_str(g.pick(WESTERN_GIVEN));
    } else {
        n.push_str(g.pick(GIVEN_HEAD));
        if g.chance(700) {
            n.push_str(g.pick(GIVEN_TAIL));
        }
    }
    let given_len = n.len();
    n.push(' ');
    n.push_str(family);
    if with_alias && !western {
        let _ = write!(alias, "{family} {}", &n[..given_len]);
    }
    if with_description {
        let tech = g.skewed(TECH);
        match g.below(3) {
            0 => d.push_str("An entrepreneur working on "),
            1 => d.push_str("A researcher in "),
            _ => d.push_str("An investor focused on "),
        }
        push_lower(d, tech);
        d.push('.');
    }
}
