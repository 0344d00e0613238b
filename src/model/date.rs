//! Dates with the precision a source gives (`2017`, `2017-05`, `2017-05-19`)
//! and periods between two such dates (`2021-01..2021-09`).

use std::fmt;

/// Why a date or period string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("`{0}` is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")]
    Format(String),
    /// Month or day out of range.
    #[error("`{0}` is not a real calendar date")]
    OutOfRange(String),
    /// A period whose end comes before its start.
    #[error("period `{0}` ends before it starts")]
    Reversed(String),
}

/// A calendar date known to a year, a month or a day.
///
/// ```
/// use innograph::model::PartialDate;
/// let d: PartialDate = "2017-05".parse().unwrap();
/// assert_eq!(d.year, 2017);
/// assert_eq!(d.month, Some(5));
/// assert!("2017-13".parse::<PartialDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: u16,
    /// The month, 1-12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known.
    pub day: Option<u8>,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap =
                (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
            if leap {
                29
            } else {
                28
            }
        }
    }
}

fn digits<T: std::str::FromStr>(part: &str, len: usize) -> Option<T> {
    (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

impl std::str::FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format = || DateError::Format(s.to_owned());
        let mut parts = s.split('-');
        let year: u16 = parts.next().and_then(|p| digits(p, 4)).ok_or_else(format)?;
        let month: Option<u8> = match parts.next() {
            None => None,
            Some(p) => Some(digits(p, 2).ok_or_else(format)?),
        };
        let day: Option<u8> = match parts.next() {
            None => None,
            Some(p) => Some(digits(p, 2).ok_or_else(format)?),
        };
        if parts.next().is_some() {
            return Err(format());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::OutOfRange(s.to_owned()));
            }
            if let Some(d) = day {
                if d == 0 || d > days_in_month(year, m) {
                    return Err(DateError::OutOfRange(s.to_owned()));
                }
            }
        }
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A single date or a `START..END` period.
///
/// ```
/// use innograph::model::Period;
/// let p: Period = "2021-01..2021-09".parse().unwrap();
/// assert_eq!(p.start.year, 2021);
/// assert_eq!(p.to_string(), "2021-01..2021-09");
/// assert!("2021-09..2021-01".parse::<Period>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// The first (or only) date.
    pub start: PartialDate,
    /// The last date, for a period.
    pub end: Option<PartialDate>,
}

impl Period {
    /// Whether the period touches the given year.
    pub fn covers_year(&self, year: u16) -> bool {
        let last = self.end.unwrap_or(self.start).year;
        self.start.year <= year && year <= last
    }
}

impl std::str::FromStr for Period {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once("..") {
            None => Ok(Period {
                start: s.parse()?,
                end: None,
            }),
            Some((a, b)) => {
                let start: PartialDate = a.parse()?;
                let end: PartialDate = b.parse()?;
                if (end.year, end.month.unwrap_or(12), end.day.unwrap_or(31))
                    < (start.year, start.month.unwrap_or(1), start.day.unwrap_or(1))
                {
                    return Err(DateError::Reversed(s.to_owned()));
                }
                Ok(Period {
                    start,
                    end: Some(end),
                })
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.start)?;
        if let Some(end) = self.end {
            write!(f, "..{end}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!("2020-02-29".parse::<PartialDate>().is_ok());
        assert!("2021-02-29".parse::<PartialDate>().is_err());
        for bad in [
            "",
            "17",
            "2017-5",
            "2017-05-1",
            "2017-00",
            "2017-05-19-1",
            "abcd",
            "２０１７",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn periods() {
        let p: Period = "2017-01..2017-08".parse().unwrap();
        assert!(p.covers_year(2017));
        assert!(!p.covers_year(2018));
        assert!("2017..2017".parse::<Period>().is_ok());
        assert!("2017..".parse::<Period>().is_err());
    }
}
