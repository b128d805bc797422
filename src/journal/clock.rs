//! UTC wall-clock text for journal file names and lock holders, without a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch; 0 if the clock is before it.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `20261206T120102Z`: sortable, and safe in a file name on every platform.
pub fn stamp(secs: u64) -> String {
    let (year, month, day) = civil_date(secs / 86_400);
    let (hour, minute, second) = time_of_day(secs);
    format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
}

/// `2026-12-06 12:01 UTC`: when a lock holder started.
pub fn minute(secs: u64) -> String {
    let (year, month, day) = civil_date(secs / 86_400);
    let (hour, minute, _) = time_of_day(secs);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

fn time_of_day(secs: u64) -> (u64, u64, u64) {
    let in_day = secs % 86_400;
    (in_day / 3600, in_day % 3600 / 60, in_day % 60)
}

/// (year, month, day) of a day count since 1970-01-01, proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`, for days on or after the epoch).
fn civil_date(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_as_the_calendar_does() {
        assert_eq!(stamp(0), "19700101T000000Z");
        // 2026-12-06 12:01:02 UTC
        assert_eq!(stamp(1_796_558_462), "20261206T120102Z");
        // 2024-02-29, a leap day
        assert_eq!(stamp(1_709_164_800), "20240229T000000Z");
        assert_eq!(minute(1_796_558_462), "2026-12-06 12:01 UTC");
    }
}
