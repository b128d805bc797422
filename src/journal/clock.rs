//! UTC wall-clock text for journal file names, lock holders and audit lines, and calendar
//! dates read back, without a date crate.

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

/// `2026-12-06T12:01:02Z`: RFC 3339 in UTC, as the audit log records a change.
pub fn rfc3339(secs: u64) -> String {
    let (year, month, day) = civil_date(secs / 86_400);
    let (hour, minute, second) = time_of_day(secs);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// The Unix seconds of an RFC 3339 UTC time as `rfc3339` writes it (`None` for anything else).
pub fn parse_rfc3339(text: &str) -> Option<u64> {
    let (date, time) = text.split_once('T')?;
    let day = parse_date(date)?;
    let time = time.strip_suffix('Z')?;
    let mut parts = time.split(':').map(|part| part.parse::<u64>().ok());
    let (hour, minute, second) = (parts.next()??, parts.next()??, parts.next()??);
    (parts.next().is_none() && hour < 24 && minute < 60 && second < 61)
        .then(|| day + hour * 3600 + minute * 60 + second)
}

/// The Unix seconds at the start (00:00 UTC) of a `2026-12-01` date; `None` if it is not one.
pub fn parse_date(text: &str) -> Option<u64> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let (year, month, day): (u64, u64, u64) =
        (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if year < 1970 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // A day past the month's end (2026-02-30) comes back as another date.
    (civil_date(days) == (year, month, day)).then_some(days * 86_400)
}

/// Days since 1970-01-01 of a proleptic Gregorian date on or after it (Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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

    #[test]
    fn dates_and_times_read_back_as_written() {
        assert_eq!(rfc3339(1_796_558_462), "2026-12-06T12:01:02Z");
        assert_eq!(parse_rfc3339("2026-12-06T12:01:02Z"), Some(1_796_558_462));
        assert_eq!(
            parse_date("2026-12-06"),
            Some(1_796_558_462 - 12 * 3600 - 62)
        );
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_date("1970-01-01"), Some(0));
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-12-01",
            "2026-12-1",
            "yesterday",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_rfc3339("2026-12-06T12:01:02+01:00"), None);
    }
}
