//! What they do: policies, events and projects.

use std::fmt::Write as _;

use super::super::random::Gen;
use super::super::values::{Attrs, Day, When};
use super::super::words::*;
use super::{brand, push_lower, two_tech, Text};

/// A policy: a plan, measures, a programme, a subsidy, an agreement or a designation.
pub(in crate::generate) fn policy(
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
    let (tech, _) = two_tech(g);
    let place = g.skewed(PLACES);
    let y = 2010 + g.below(15) as u16;
    let subtype = match g.below(6) {
        0 => {
            let _ = write!(n, "{place} {tech} Action Plan ({y}-{})", y + 2);
            "plan"
        }
        1 => {
            let _ = write!(n, "{place} Measures to Support {tech} Enterprises ({y})");
            "policy"
        }
        2 => {
            let _ = write!(n, "{place} {tech} Talent Programme {y}");
            "programme"
        }
        3 => {
            let _ = write!(n, "{place} {tech} Innovation Subsidy Scheme ({y})");
            "incentive"
        }
        4 => {
            let other = g.pick(PLACES);
            let _ = write!(n, "{place}-{other} {tech} Cooperation Agreement");
            "agreement"
        }
        _ => {
            let _ = write!(n, "{place} {tech} Pilot Zone Designation ({y})");
            "designation"
        }
    };
    if with_description {
        d.push_str("Support for ");
        push_lower(d, tech);
        let _ = write!(d, " firms, including {}.", g.pick(BENEFITS));
    }
    if g.chance(800) {
        a.date = Some(When::on(Day {
            y,
            m: 1 + g.below(12) as u8,
            d: if g.chance(500) {
                1 + g.below(28) as u8
            } else {
                0
            },
        }));
    }
    if g.chance(300) {
        a.status = Some(g.pick(POLICY_STATUS));
    }
    subtype
}

/// An event: a summit, forum, week, competition, festival or demo day.
pub(in crate::generate) fn event(
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
    let (tech, _) = two_tech(g);
    let place = g.skewed(PLACES);
    let y = 2012 + g.below(13) as u16;
    let subtype = match g.below(6) {
        0 => {
            let _ = write!(n, "{y} {place} {tech} Summit");
            "summit"
        }
        1 => {
            brand(g, n);
            let _ = write!(n, " {tech} Forum {y}");
            "meeting"
        }
        2 => {
            let _ = write!(n, "{place} {tech} Innovation Week {y}");
            "week"
        }
        3 => {
            brand(g, n);
            let _ = write!(n, " Cup {tech} Startup Competition");
            "competition"
        }
        4 => {
            let _ = write!(n, "{place} {tech} Festival {y}");
            "festival"
        }
        _ => {
            brand(g, n);
            let _ = write!(n, " {tech} Demo Day {y}");
            "demo-day"
        }
    };
    if with_description {
        d.push_str("A gathering on ");
        push_lower(d, tech);
        d.push_str(" with talks, exhibitions and a start-up pitch session.");
    }
    if g.chance(900) {
        let m = 1 + g.below(12) as u8;
        let day = 1 + g.below(24) as u8;
        let start = Day { y, m, d: day };
        a.date = Some(if g.chance(400) {
            let end = Day {
                y,
                m,
                d: day + 1 + g.below(4) as u8,
            };
            When {
                start,
                end: Some(end),
            }
        } else {
            When::on(start)
        });
    }
    if g.chance(500) {
        a.theme = Some(g.pick(THEMES));
    }
    subtype
}

/// A project: a platform, an app, a demonstration project, an initiative or a centre.
pub(in crate::generate) fn project(
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
    let (tech, _) = two_tech(g);
    let place = g.skewed(PLACES);
    let subtype = match g.below(5) {
        0 => {
            brand(g, n);
            let _ = write!(n, " {tech} Public Service Platform");
            "platform"
        }
        1 => {
            brand(g, n);
            let _ = write!(n, " {tech} App");
            "app"
        }
        2 => {
            n.push_str(place);
            n.push(' ');
            brand(g, n);
            let _ = write!(n, " {tech} Demonstration Project");
            "demonstration-project"
        }
        3 => {
            brand(g, n);
            let _ = write!(n, " {tech} Open Innovation Initiative");
            "initiative"
        }
        _ => {
            brand(g, n);
            let _ = write!(n, " {tech} Innovation Centre");
            "centre"
        }
    };
    if with_description {
        d.push_str("Gives ");
        push_lower(d, tech);
        let _ = write!(d, " start-ups shared {}.", g.pick(RESOURCES));
    }
    if g.chance(300) {
        a.founded = Some(When::on(g.day(2005, 2024)));
    } else if g.chance(400) {
        a.date = Some(g.when(2010, 2024, 250));
    }
    if g.chance(500) {
        a.sector = Some(tech);
    }
    if g.chance(300) {
        a.status = Some(g.pick(PROJECT_STATUS));
    }
    subtype
}
