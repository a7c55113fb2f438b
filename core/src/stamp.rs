//! Ids and timestamps. Ids are UUIDv7 (time-ordered, mergeable across
//! devices); times are RFC 3339 in UTC with millisecond precision. Logic takes
//! `now` as an argument; only the edges (CLI, app commands) read the clock.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::error::{Error, Result};

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// RFC 3339 in UTC, e.g. `2026-11-28T04:27:10.123Z`.
pub fn format_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    let t = t
        .replace_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(t);
    t.format(&Rfc3339)
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
