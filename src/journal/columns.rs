//! What every SQL backend of the journal stores the same way: times as
//! Unix milliseconds, revisions as signed 64-bit integers, JSON as text,
//! and the check that revisions run 1..=head without gaps.

use super::JournalError;

/// Now, as Unix milliseconds.
pub(super) fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// A stored integer as a revision (never negative in a sound journal).
pub(super) fn revision(v: i64) -> Result<u64, JournalError> {
    u64::try_from(v).map_err(|_| JournalError::Corrupt(format!("negative revision {v}")))
}

/// A revision as the database's integer.
pub(super) fn sql_revision(rev: u64) -> Result<i64, JournalError> {
    i64::try_from(rev).map_err(|_| JournalError::Invalid(format!("revision {rev} is too large")))
}

/// A value of a change as JSON text.
pub(super) fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> Result<String, JournalError> {
    serde_json::to_string(v)
        .map_err(|e| JournalError::Invalid(format!("cannot serialise a change: {e}")))
}

/// What is wrong with the revisions, from their count, lowest and highest:
/// they must be exactly 1..=head (revisions are unique, so nothing else
/// fits).
pub(super) fn gap(count: i64, min: Option<i64>, max: Option<i64>) -> Option<String> {
    let gapless = match (min, max) {
        (None, None) => count == 0,
        (Some(min), Some(max)) => min == 1 && max == count,
        _ => false,
    };
    (!gapless).then(|| {
        format!(
            "revisions are not 1..=head: {count} changes, revisions {} to {}",
            min.unwrap_or(0),
            max.unwrap_or(0)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::gap;

    #[test]
    fn only_one_to_head_is_gapless() {
        assert_eq!(gap(0, None, None), None);
        assert_eq!(gap(3, Some(1), Some(3)), None);
        assert!(gap(3, Some(2), Some(4)).is_some());
        assert!(gap(2, Some(1), Some(3)).is_some());
    }
}
