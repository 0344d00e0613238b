//! A request's deadline, checked by long-running work (traversals, search)
//! as it goes, so that a time limit stops the work itself rather than only
//! an await point that CPU-bound code never reaches.
//!
//! ```
//! use std::time::Duration;
//! use innograph::deadline::Deadline;
//! assert!(!Deadline::NONE.passed());
//! assert!(Deadline::after(Duration::ZERO).passed());
//! let mut clock = Deadline::after(Duration::from_secs(60)).ticker();
//! assert!((0..10_000).all(|_| !clock.tick()));
//! ```

use std::time::{Duration, Instant};

/// When work must stop; [`Deadline::NONE`] never passes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// No deadline.
    pub const NONE: Deadline = Deadline(None);

    /// A deadline `limit` from now.
    pub fn after(limit: Duration) -> Deadline {
        Deadline(Instant::now().checked_add(limit))
    }

    /// Whether the deadline has passed (reads the clock).
    pub fn passed(&self) -> bool {
        self.0.is_some_and(|at| Instant::now() >= at)
    }

    /// A cheap checker for hot loops.
    pub fn ticker(self) -> Ticker {
        Ticker {
            deadline: self,
            count: 0,
        }
    }
}

/// Checks a [`Deadline`] every [`Ticker::EVERY`] calls of [`Ticker::tick`],
/// so that a loop pays for the clock (about 20 ns) only once in a while.
#[derive(Debug, Clone)]
pub struct Ticker {
    deadline: Deadline,
    count: u32,
}

impl Ticker {
    /// How many ticks pass between two reads of the clock.
    pub const EVERY: u32 = 256;

    /// Counts one unit of work; true once the deadline has passed.
    #[inline]
    pub fn tick(&mut self) -> bool {
        self.tick_by(1)
    }

    /// Counts `units` of work at once (a loop that does not tick per
    /// unit); true once the deadline has passed.
    ///
    /// ```
    /// use innograph::deadline::Deadline;
    /// let mut clock = Deadline::NONE.ticker();
    /// assert!(!clock.tick_by(10_000));
    /// ```
    #[inline]
    pub fn tick_by(&mut self, units: usize) -> bool {
        if self.deadline.0.is_none() {
            return false;
        }
        self.count = self
            .count
            .saturating_add(u32::try_from(units).unwrap_or(u32::MAX));
        if self.count < Self::EVERY {
            return false;
        }
        self.count = 0;
        self.deadline.passed()
    }
}

/// Work stopped because its [`Deadline`] passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the time limit passed before the work finished")]
pub struct Expired;
