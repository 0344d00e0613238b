//! Entity identifiers: `<kind>/<slug>`, stable and readable.

use std::fmt;

use super::EntityKind;

/// Why a string is not a valid entity id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The id has no `/` separating kind and slug.
    #[error("id `{0}` must have the form `<kind>/<slug>`, e.g. `park/hongqiao-smart-valley`")]
    MissingSlash(String),
    /// The part before `/` is not a kind.
    #[error("id `{id}` starts with `{prefix}`, which is not an entity kind (expected one of {})", EntityKind::names().join(", "))]
    UnknownKind {
        /// The whole id.
        id: String,
        /// The prefix that was not recognised.
        prefix: String,
    },
    /// The slug is empty or has characters other than `a-z`, `0-9` and `-`.
    #[error(
        "id `{0}` has a bad slug: use lowercase ASCII letters, digits and single '-' between words"
    )]
    BadSlug(String),
}

/// A validated entity id such as `park/hongqiao-smart-valley`.
///
/// ```
/// use innograph::model::{EntityId, EntityKind};
/// let id: EntityId = "region/yangpu".parse().unwrap();
/// assert_eq!(id.kind(), EntityKind::Region);
/// assert_eq!(id.slug(), "yangpu");
/// assert!("yangpu".parse::<EntityId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId {
    text: Box<str>,
    kind: EntityKind,
}

impl EntityId {
    /// The kind named by the id's prefix.
    pub fn kind(&self) -> EntityKind {
        self.kind
    }

    /// The part after the `/`.
    pub fn slug(&self) -> &str {
        let cut = self.kind.as_str().len() + 1;
        &self.text[cut..]
    }

    /// The whole id as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::str::FromStr for EntityId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (prefix, slug) = s
            .split_once('/')
            .ok_or_else(|| IdError::MissingSlash(s.to_owned()))?;
        let kind = prefix
            .parse::<EntityKind>()
            .map_err(|_| IdError::UnknownKind {
                id: s.to_owned(),
                prefix: prefix.to_owned(),
            })?;
        let well_formed = !slug.is_empty()
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--");
        if !well_formed {
            return Err(IdError::BadSlug(s.to_owned()));
        }
        Ok(EntityId {
            text: s.into(),
            kind,
        })
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let id: EntityId = "institution/simit".parse().unwrap();
        assert_eq!(id.kind(), EntityKind::Institution);
        assert_eq!(id.to_string(), "institution/simit");
        assert!(matches!(
            "simit".parse::<EntityId>(),
            Err(IdError::MissingSlash(_))
        ));
        assert!(matches!(
            "school/simit".parse::<EntityId>(),
            Err(IdError::UnknownKind { .. })
        ));
        for bad in [
            "park/",
            "park/Big",
            "park/a--b",
            "park/-a",
            "park/a_b",
            "park/a/b",
        ] {
            assert!(
                matches!(bad.parse::<EntityId>(), Err(IdError::BadSlug(_))),
                "{bad}"
            );
        }
    }
}
