//! Append-only schema migrations tracked by `PRAGMA user_version`.
//!
//! `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`. A shipped
//! entry is never edited; a change is a new entry at the end.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::Result;

pub const MIGRATIONS: &[&str] = &[
    include_str!("../../../schema.sql"),
    include_str!("sql/0002_search_prefix_index.sql"),
    include_str!("sql/0003_search_hash_size.sql"),
    include_str!("sql/0004_tag_counts.sql"),
    include_str!("sql/0005_documents.sql"),
    include_str!("sql/0006_settings.sql"),
    include_str!("sql/0007_reading.sql"),
    include_str!("sql/0008_lighter_storage.sql"),
    include_str!("sql/0009_trash.sql"),
    include_str!("sql/0010_times.sql"),
    include_str!("sql/0011_unplaced.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Runs every migration the database has not seen, each in its own
/// transaction together with its `user_version` bump.
pub(crate) fn run(conn: &mut Connection) -> Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read inside the write lock: another process may have migrated.
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}
