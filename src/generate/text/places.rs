//! Regions (the city, its districts, towns and zones) and parks.

use std::fmt::Write as _;

use super::super::layout::region_parent;
use super::super::random::Gen;
use super::super::values::{Attrs, When};
use super::super::words::*;
use super::{address, brand, push_lower, two_tech, Text};

/// The city, a district or a town or zone of one (by its place in the
/// region tree). Regions always have a description: they are few.
pub(in crate::generate) fn region(
    g: &mut Gen,
    j: usize,
    count: usize,
    t: &mut Text,
    with_alias: bool,
) -> &'static str {
    let Text {
        name: n,
        alias,
        description: d,
    } = t;
    match region_parent(j, count) {
        None => {
            n.push_str("Shanghai");
            d.push_str("A major city on the Yangtze River Delta and a centre of finance, trade and technology.");
            "city"
        }
        Some(0) => {
            let name = DISTRICTS[(j - 1) % DISTRICTS.len()];
            n.push_str(name);
            if name != "Pudong" {
                n.push_str(" District");
            } else {
                n.push_str(" New Area");
            }
            d.push_str("A district of Shanghai.");
            "district"
        }
        Some(parent) => {
            n.push_str(g.skewed(TOWN_HEAD));
            n.push_str(g.pick(TOWN_TAIL));
            if g.chance(600) {
                n.push_str(g.pick(TOWN_TAIL));
            }
            let zone = g.chance(150);
            let district = DISTRICTS[(parent - 1) % DISTRICTS.len()];
            if zone {
                n.push_str(" Economic Zone");
                let _ = write!(d, "An economic development zone in {district}.");
            } else {
                let _ = write!(d, "A town in {district}.");
            }
            if with_alias && !zone {
                alias.push_str(n.as_str());
                alias.push_str(" Zhen");
            }
            n.push_str(if zone { "" } else { " Town" });
            if zone {
                "zone"
            } else {
                "town"
            }
        }
    }
}

/// A park: a place, a brand or both, with its technology and the kind of park.
pub(in crate::generate) fn park(
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
    let (suffix, subtype) = g.pick(PARK_SUFFIXES);
    let (tech, _) = two_tech(g);
    match g.below(10) {
        0..=3 => {
            let _ = write!(n, "{} {tech} {suffix}", g.skewed(PLACES));
        }
        4..=7 => {
            brand(g, n);
            let _ = write!(n, " {tech} {suffix}");
        }
        _ => {
            n.push_str(g.skewed(PLACES));
            n.push(' ');
            brand(g, n);
            let _ = write!(n, " {suffix}");
        }
    }
    if with_description {
        let _ = write!(d, "A {} for ", subtype.replace('-', " "));
        push_lower(d, tech);
        d.push_str(" companies, with shared labs and office space.");
    }
    if g.chance(500) {
        a.sector = Some(tech);
    }
    if g.chance(600) {
        a.founded = Some(When::on(g.day(1992, 2024)));
    }
    if g.chance(200) {
        a.theme = Some(g.pick(THEMES));
    }
    if g.chance(100) {
        a.status = Some(g.pick(PARK_STATUS));
    }
    if g.chance(300) {
        a.address = Some(address(g));
    }
    subtype
}
