//! The words of each kind's entities: names, aliases and descriptions that
//! read like the curated data's, with the subtype and attributes drawn on
//! the way, one function per kind ([`places`]: regions and parks;
//! [`bodies`]: companies, institutions and people; [`acts`]: policies,
//! events and projects). Every function draws from [`Gen`] in a fixed order,
//! and the output for a seed depends on that order: reorder nothing.

mod acts;
mod bodies;
mod places;

pub(super) use acts::{event, policy, project};
pub(super) use bodies::{company, institution, person};
pub(super) use places::{park, region};

use super::random::Gen;
use super::values::Address;
use super::words::{BRAND_HEAD, BRAND_TAIL, PLACES, STREETS, TECH};

/// Text buffers reused across entities.
#[derive(Default)]
pub(super) struct Text {
    pub(super) name: String,
    pub(super) alias: String,
    pub(super) description: String,
}

/// The initials of the capitalised words of `name` (e.g. "SIQ"), if at least two.
pub(super) fn acronym(name: &str, into: &mut String) {
    let start = into.len();
    for word in name.split(' ') {
        if word.ends_with(['.', ',']) {
            continue;
        }
        if let Some(c) = word.chars().next().filter(|c| c.is_ascii_uppercase()) {
            into.push(c);
        }
    }
    if into.len() - start < 2 {
        into.truncate(start);
    }
}

/// `word` as it reads mid-sentence: lowercase unless it is an initialism.
pub(super) fn push_lower(into: &mut String, word: &str) {
    for w in word.split_inclusive(' ') {
        let keep = w.chars().filter(|c| c.is_ascii_uppercase()).count() > 1
            || w.chars().any(|c| c.is_ascii_digit());
        if keep {
            into.push_str(w);
        } else {
            into.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        }
    }
}

/// Two distinct technology words, the first skewed towards common ones.
pub(super) fn two_tech(g: &mut Gen) -> (&'static str, &'static str) {
    let a = g.skewed(TECH);
    let mut b = g.pick(TECH);
    if a == b {
        b = TECH[(TECH.iter().position(|&t| t == a).unwrap_or(0) + 1) % TECH.len()];
    }
    (a, b)
}

/// A coined brand name such as "Xinrui".
pub(super) fn brand(g: &mut Gen, into: &mut String) {
    into.push_str(g.pick(BRAND_HEAD));
    into.push_str(g.pick(BRAND_TAIL));
}

/// A street address in one of the places.
pub(super) fn address(g: &mut Gen) -> Address {
    Address {
        number: 1 + g.zipf(2000) as u16,
        place: g.skewed(PLACES),
        street: g.pick(STREETS),
    }
}
