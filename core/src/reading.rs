//! The reader's place in each article and the article's place in the user's
//! triage (the `reading` table, one row per article, migration 7): Inbox,
//! Later or Archive; starred; the code-point offset last read at; the
//! percentage read; when it was last opened.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::history::{Change, Touched, count};
use crate::stamp::format_time;
use crate::store::Library;

/// Where an article stands in the user's triage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadingState {
    /// New: nothing decided yet.
    #[default]
    Inbox,
    Later,
    Archive,
}

impl ReadingState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReadingState::Inbox => "inbox",
            ReadingState::Later => "later",
            ReadingState::Archive => "archive",
        }
    }

    /// The state named `s` (`inbox`, `later`, `archive`, any case).
    pub fn parse(s: &str) -> Result<ReadingState> {
        match s.trim().to_ascii_lowercase().as_str() {
            "inbox" => Ok(ReadingState::Inbox),
            "later" => Ok(ReadingState::Later),
            "archive" | "archived" => Ok(ReadingState::Archive),
            other => Err(Error::Invalid(format!(
                "unknown state \"{other}\": use inbox, later or archive"
            ))),
        }
    }
}

/// An article's reading facts, as `show --json` and `list --json` give them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    pub state: ReadingState,
    pub starred: bool,
    /// Code-point offset of the canonical text the reader was at.
    pub position: Option<u32>,
    /// Percentage read (0–100).
    pub progress: Option<u8>,
    /// When the article was last opened (RFC 3339 UTC).
    pub opened_at: Option<String>,
}

/// How many articles each list of the library holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub inbox: u64,
    pub later: u64,
    pub archive: u64,
    pub starred: u64,
    /// Opened and not finished.
    pub continue_reading: u64,
    /// In the Trash (in none of the others).
    pub trash: u64,
}

/// Below this percentage an opened article is still being read.
pub const FINISHED_PERCENT: u8 = 98;

/// The columns of `reading r` (LEFT JOINed: an article without a row has
/// the defaults) that [`reading_from`] reads, in its order.
pub(crate) const READING_COLUMNS: &str =
    "coalesce(r.state, 'inbox'), coalesce(r.starred, 0), r.position, r.progress, r.opened_at";

/// Reads the reading columns starting at column `at` of `row`.
pub(crate) fn reading_from(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Reading> {
    let state: String = row.get(at)?;
    Ok(Reading {
        state: ReadingState::parse(&state).unwrap_or_default(),
        starred: row.get(at + 1)?,
        position: row.get(at + 2)?,
        progress: row.get(at + 3)?,
        opened_at: row.get(at + 4)?,
    })
}

pub(crate) fn load(c: &Connection, id: &str) -> Result<Reading> {
    Ok(c.query_row(
        &format!(
            "SELECT {READING_COLUMNS} FROM articles a
               LEFT JOIN reading r ON r.article_id = a.id WHERE a.id = ?1"
        ),
        [id],
        |r| reading_from(r, 0),
    )
    .optional()?
    .unwrap_or_default())
}

impl Library {
    /// Moves the articles `ids` to `state`, in one transaction; an unknown
    /// id changes nothing and is an error. Returns how many changed. Can be
    /// undone.
    pub fn set_state(&self, ids: &[String], state: ReadingState) -> Result<usize> {
        let list = match state {
            ReadingState::Inbox => "the Inbox",
            ReadingState::Later => "Later",
            ReadingState::Archive => "the Archive",
        };
        let label = format!("Move {} to {list}", count(ids.len(), "article", "articles"));
        self.change(
            Change::untimed(label),
            |tx| Touched::known_articles(tx, ids),
            |tx, _| set_column(tx, ids, "state", &state.as_str()),
        )
    }

    /// Stars (or unstars) the articles `ids`, in one transaction; returns
    /// how many changed. Can be undone.
    pub fn set_starred(&self, ids: &[String], starred: bool) -> Result<usize> {
        let verb = if starred { "Star" } else { "Unstar" };
        let label = format!("{verb} {}", count(ids.len(), "article", "articles"));
        self.change(
            Change::untimed(label),
            |tx| Touched::known_articles(tx, ids),
            |tx, _| set_column(tx, ids, "starred", &starred),
        )
    }

    /// Remembers where the reader is in article `id`: the code-point offset
    /// `position`, the percentage read (kept below 100), opened at `now`.
    pub fn save_position(
        &self,
        id: &str,
        position: u32,
        progress: u8,
        now: OffsetDateTime,
    ) -> Result<Reading> {
        self.write(|tx| {
            let len: Option<u32> = tx
                .query_row(
                    "SELECT coalesce(t.chars, 0) FROM articles a
                       LEFT JOIN article_texts t ON t.seq = a.seq WHERE a.id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(len) = len else {
                return Err(Error::not_found("article", id));
            };
            tx.execute(
                "INSERT INTO reading (article_id, position, progress, opened_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (article_id) DO UPDATE SET position = excluded.position,
                        progress = excluded.progress, opened_at = excluded.opened_at",
                params![id, position.min(len), progress.min(100), format_time(now)],
            )?;
            load(tx, id)
        })
    }

    /// How many articles each list holds.
    pub fn state_counts(&self) -> Result<StateCounts> {
        self.read(|c| {
            let mut counts = StateCounts::default();
            let mut stmt = c.prepare_cached(
                "SELECT r.state, count(*), sum(r.starred) FROM reading r
                  WHERE NOT EXISTS (SELECT 1 FROM articles a
                                     WHERE a.id = r.article_id AND a.trashed_at IS NOT NULL)
                  GROUP BY r.state",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let n = r.get::<_, i64>(1)?.unsigned_abs();
                counts.starred += r.get::<_, i64>(2)?.unsigned_abs();
                match ReadingState::parse(&r.get::<_, String>(0)?) {
                    Ok(ReadingState::Later) => counts.later = n,
                    Ok(ReadingState::Archive) => counts.archive = n,
                    _ => {}
                }
            }
            // Articles without a row are in the Inbox.
            let (all, trash): (i64, i64) = c.query_row(
                "SELECT (SELECT count(*) FROM articles),
                        (SELECT count(*) FROM articles WHERE trashed_at IS NOT NULL)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            counts.trash = trash.unsigned_abs();
            let all = all - trash;
            counts.inbox = all
                .unsigned_abs()
                .saturating_sub(counts.later + counts.archive);
            counts.continue_reading = c
                .query_row(
                    "SELECT count(*) FROM reading r
                      WHERE r.opened_at IS NOT NULL AND coalesce(r.progress, 0) < ?1
                        AND NOT EXISTS (SELECT 1 FROM articles a
                                         WHERE a.id = r.article_id AND a.trashed_at IS NOT NULL)",
                    [FINISHED_PERCENT],
                    |r| r.get::<_, i64>(0),
                )?
                .unsigned_abs();
            Ok(counts)
        })
    }
}

/// Sets `reading.<column>` (state or starred) of the articles `ids` to
/// `value`, writing a row for an article that has none; returns how many
/// changed.
fn set_column(
    tx: &Connection,
    ids: &[String],
    column: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<usize> {
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT INTO reading (article_id, {column}) SELECT id, ?2 FROM articles WHERE id = ?1
         ON CONFLICT (article_id) DO UPDATE SET {column} = excluded.{column}
          WHERE {column} <> excluded.{column}"
    ))?;
    let mut changed = 0;
    for id in ids {
        changed += stmt.execute(params![id, value])?;
    }
    Ok(changed)
}
