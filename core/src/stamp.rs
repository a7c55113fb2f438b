//! Ids and timestamps. Ids are UUIDv7 (time-ordered, mergeable across
//! devices); times are RFC 3339 in UTC with millisecond precision. Logic takes
//! `now` as an argument; only the edges (CLI, app commands) read the clock.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::error::{Error, Result};

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// RFC 3339 in UTC with exactly three decimals of seconds, e.g.
/// `2026-11-28T04:27:10.120Z`. The fixed width makes the text sort as the
/// time does (lists order by it); the well-known RFC 3339 format drops
/// trailing zeros ("…:10.12Z", "…:10Z"), which sort out of order.
pub fn format_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    t.format(&fmt)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Parses `YYYY-MM-DD` (midnight UTC) or a full RFC 3339 time.
pub fn parse_date_or_time(s: &str) -> Result<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t.to_offset(UtcOffset::UTC));
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &fmt)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| Error::invalid(format!("{s:?} is not a date; use YYYY-MM-DD or RFC 3339")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_always_have_three_decimals_and_sort_as_text() {
        let whole = datetime!(2026-11-28 04:27:10 UTC);
        let times = [
            whole,
            whole + time::Duration::milliseconds(8),
            whole + time::Duration::milliseconds(120),
            whole + time::Duration::milliseconds(800),
            whole + time::Duration::milliseconds(804),
        ];
        let texts: Vec<String> = times.iter().map(|t| format_time(*t)).collect();
        assert_eq!(
            texts,
            [
                "2026-11-28T04:27:10.000Z",
                "2026-11-28T04:27:10.008Z",
                "2026-11-28T04:27:10.120Z",
                "2026-11-28T04:27:10.800Z",
                "2026-11-28T04:27:10.804Z",
            ]
        );
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(sorted, texts);
        // Another offset is written in UTC; what is written reads back.
        let there = datetime!(2026-11-28 06:27:10.5 +02:00);
        assert_eq!(format_time(there), "2026-11-28T04:27:10.500Z");
        assert_eq!(parse_date_or_time(&format_time(there)).unwrap(), there);
    }
}
