//! CSV export, streamed row by row from SQLite to the writer, so memory stays
//! flat however many annotations there are. RFC 4180, UTF-8, optional BOM.
//!
//! Cells a spreadsheet would run as a formula are neutralised with a leading
//! `'` (OWASP CSV injection advice); [`unneutralise`] undoes it exactly, so
//! the `full` format round-trips.

use std::io::Write;

use rusqlite::params;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::document::Structure;
use crate::error::{Error, Result};
use crate::stamp::format_time;
use crate::store::Library;
use crate::tags;

pub const FULL_HEADER: [&str; 19] = [
    "annotation_id",
    "kind",
    "article_id",
    "article_title",
    "article_author",
    "article_source",
    "article_tags",
    "quote",
    "note",
    "color",
    "color_label",
    "tags",
    "start",
    "end",
    "prefix",
    "suffix",
    "created_at",
    "updated_at",
    // The page the highlight starts on, for documents with pages (PDFs).
    "page",
];

/// Readwise's CSV import columns.
pub const READWISE_HEADER: [&str; 7] = [
    "Highlight",
    "Title",
    "Author",
    "URL",
    "Note",
    "Location",
    "Date",
];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsvFormat {
    #[default]
    Full,
    Readwise,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    pub format: CsvFormat,
    /// Start with a UTF-8 byte-order mark, which Excel needs to read UTF-8.
    pub bom: bool,
    pub article_id: Option<String>,
    pub tag: Option<String>,
    pub color: Option<String>,
    /// Only annotations created at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Only these: annotation ids, and article ids for all of an article's
    /// annotations (a selection in the app, `--ids` in the CLI). Empty: all.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSummary {
    pub rows: u64,
    /// Readwise format: annotations left out because they have no highlight text.
    pub skipped_without_highlight: u64,
}

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    !body.is_empty()
        && body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.matches('.').count() <= 1
}

/// Prefixes `'` to a cell a spreadsheet would evaluate. A cell that already
/// starts with `'` before a trigger (or another `'`) gets one more, so that
/// [`unneutralise`] can always tell the two apart.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(TRIGGERS) && !is_plain_number(cell);
    let ambiguous = cell
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(TRIGGERS) || rest.starts_with('\''));
    if risky || ambiguous {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The exact inverse of [`neutralise`].
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// The article columns of the rows being written, read once per article.
#[derive(Default)]
struct ArticleCells {
    id: String,
    title: String,
    author: String,
    source: String,
    tags: String,
    /// The stored structure, as read; decoded into `pages` when it may
    /// hold page starts.
    structure: Option<Vec<u8>>,
    pages: Option<Structure>,
}

impl ArticleCells {
    fn decoded(mut self) -> Result<ArticleCells> {
        if let Some(bytes) = self.structure.take()
            && bytes.windows(5).any(|w| w == b"page-")
        {
            self.pages = Some(Structure::decode(&bytes)?);
        }
        Ok(self)
    }

    fn page_at(&self, offset: u32) -> Option<u32> {
        self.pages.as_ref()?.page_at(offset)
    }
}

impl Library {
    /// Writes annotations as CSV to `out`, filtered, one row at a time.
    pub fn export_csv<W: Write>(&self, out: W, opts: &ExportOptions) -> Result<ExportSummary> {
        let since = opts
            .since
            .as_deref()
            .map(crate::stamp::parse_date_or_time)
            .transpose()?
            .map(format_time);
        let mut out = out;
        if opts.bom {
            out.write_all(b"\xEF\xBB\xBF")
                .map_err(|e| Error::io("cannot write the export", e))?;
        }
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        match opts.format {
            CsvFormat::Full => w.write_record(FULL_HEADER)?,
            CsvFormat::Readwise => w.write_record(READWISE_HEADER)?,
        }
        // Rows come grouped by article in the order of the annotations_article
        // index, so SQLite streams them without a sort; an article's title,
        // author, source and tags are read once per article, not once per row.
        let sql = "SELECT n.id, n.kind, n.article_id,
                          n.quote, n.note, n.color, c.label,
                          (SELECT group_concat(t.name, ', ' ORDER BY t.norm)
                             FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
                            WHERE x.annotation_id = n.id),
                          n.start, n.\"end\", n.prefix, n.suffix, n.created_at, n.updated_at
                     FROM annotations n INDEXED BY annotations_article
                     CROSS JOIN colors c ON c.name = n.color
                    WHERE n.article_id NOT IN (SELECT id FROM articles WHERE trashed_at IS NOT NULL)
                      AND (?1 IS NULL OR n.article_id = ?1)
                      AND (?2 IS NULL OR n.color = ?2)
                      AND (?3 IS NULL OR n.created_at >= ?3)
                      AND (?4 IS NULL
                           OR n.id IN (SELECT x.annotation_id FROM annotation_tags x
                                         JOIN tags t ON t.id = x.tag_id WHERE t.norm = ?4)
                           OR n.article_id IN (SELECT x.article_id FROM article_tags x
                                                 JOIN tags t ON t.id = x.tag_id WHERE t.norm = ?4))
                      AND (?5 IS NULL
                           OR n.id IN (SELECT value FROM json_each(?5))
                           OR n.article_id IN (SELECT value FROM json_each(?5)))
                    ORDER BY n.article_id, n.start, n.seq";
        let color = opts.color.as_deref().map(|c| c.trim().to_lowercase());
        let tag = opts.tag.as_deref().map(tags::norm);
        let mut summary = ExportSummary::default();
        self.read(|c| {
            let mut stmt = c.prepare(sql)?;
            let mut article_stmt = c.prepare(
                "SELECT a.title, coalesce(a.author, ''), a.source,
                        coalesce((SELECT group_concat(t.name, ', ' ORDER BY t.norm)
                                    FROM article_tags x JOIN tags t ON t.id = x.tag_id
                                   WHERE x.article_id = a.id), ''),
                        a.structure
                   FROM articles a WHERE a.id = ?1",
            )?;
            let mut article = ArticleCells::default();
            let ids = (!opts.ids.is_empty())
                .then(|| serde_json::to_string(&opts.ids))
                .transpose()
                .map_err(|e| Error::invalid(format!("cannot read the ids: {e}")))?;
            let mut rows = stmt.query(params![opts.article_id, color, since, tag, ids])?;
            while let Some(r) = rows.next()? {
                let text = |i: usize| -> rusqlite::Result<&str> {
                    Ok(r.get_ref(i)?.as_str_or_null()?.unwrap_or(""))
                };
                let number = |i: usize| -> rusqlite::Result<String> {
                    Ok(r.get::<_, Option<i64>>(i)?
                        .map(|n| n.to_string())
                        .unwrap_or_default())
                };
                let article_id = text(2)?;
                if article_id != article.id {
                    article = article_stmt
                        .query_row([article_id], |a| {
                            Ok(ArticleCells {
                                id: article_id.to_owned(),
                                title: a.get(0)?,
                                author: a.get(1)?,
                                source: a.get(2)?,
                                tags: a.get(3)?,
                                structure: a.get(4)?,
                                pages: None,
                            })
                        })?
                        .decoded()?;
                }
                match opts.format {
                    CsvFormat::Full => {
                        for cell in [
                            text(0)?,
                            text(1)?,
                            article_id,
                            &article.title,
                            &article.author,
                            &article.source,
                            &article.tags,
                        ] {
                            w.write_field(neutralise(cell).as_bytes())?;
                        }
                        for i in 3..8 {
                            w.write_field(neutralise(text(i)?).as_bytes())?;
                        }
                        w.write_field(number(8)?)?;
                        w.write_field(number(9)?)?;
                        for i in 10..14 {
                            w.write_field(neutralise(text(i)?).as_bytes())?;
                        }
                        let start = r.get::<_, Option<u32>>(8)?;
                        let page = start.and_then(|s| article.page_at(s));
                        w.write_field(page.map(|p| p.to_string()).unwrap_or_default())?;
                        w.write_record(None::<&[u8]>)?;
                    }
                    CsvFormat::Readwise => {
                        let quote = text(3)?;
                        if quote.trim().is_empty() {
                            summary.skipped_without_highlight += 1;
                            continue;
                        }
                        let source = article.source.as_str();
                        let url = if source.starts_with("http://") || source.starts_with("https://")
                        {
                            source
                        } else {
                            ""
                        };
                        let tag_list: Vec<String> = text(7)?
                            .split(", ")
                            .filter(|t| !t.is_empty())
                            .map(str::to_owned)
                            .collect();
                        let note = readwise_note(text(4)?, &tag_list);
                        let date = readwise_date(text(12)?);
                        let location = number(8)?;
                        for cell in [
                            quote,
                            &article.title,
                            &article.author,
                            url,
                            &note,
                            &location,
                            &date,
                        ] {
                            w.write_field(neutralise(cell).as_bytes())?;
                        }
                        w.write_record(None::<&[u8]>)?;
                    }
                }
                summary.rows += 1;
            }
            Ok(())
        })?;
        w.flush()
            .map_err(|e| Error::io("cannot write the export", e))?;
        Ok(summary)
    }
}

impl Library {
    /// Exports to the file at `path` atomically: the CSV is written beside it
    /// and renamed into place, so a failed export never leaves half a file
    /// nor clobbers an older export.
    pub fn export_csv_to_file(
        &self,
        path: &std::path::Path,
        opts: &ExportOptions,
    ) -> Result<ExportSummary> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        let io_err = |e| Error::io(format!("cannot write {}", path.display()), e);
        let file = std::fs::File::create(&partial).map_err(io_err)?;
        let written = self.export_csv(std::io::BufWriter::new(file), opts);
        match written.and_then(|summary| {
            std::fs::rename(&partial, path)
                .map(|()| summary)
                .map_err(io_err)
        }) {
            Ok(summary) => Ok(summary),
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }
}

/// Readwise reads `.tag` words in a note as tags. A note of the user's own
/// that starts with `.` would be read as such an action tag and eaten: it
/// starts with an invisible zero-width space instead, so it stays text.
fn readwise_note(note: &str, tags: &[String]) -> String {
    let escaped;
    let note = if note.trim_start().starts_with('.') {
        escaped = format!("\u{200B}{note}");
        escaped.as_str()
    } else {
        note
    };
    let tag_words: Vec<String> = tags
        .iter()
        .map(|t| format!(".{}", t.split_whitespace().collect::<Vec<_>>().join("_")))
        .collect();
    match (note.is_empty(), tag_words.is_empty()) {
        (_, true) => note.to_owned(),
        (true, false) => tag_words.join(" "),
        (false, false) => format!("{note} {}", tag_words.join(" ")),
    }
}

/// Readwise's date format: `YYYY-MM-DD HH:MM:SS` (UTC).
fn readwise_date(rfc3339: &str) -> String {
    crate::stamp::parse_date_or_time(rfc3339)
        .ok()
        .and_then(|t: OffsetDateTime| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_that_starts_with_a_dot_is_not_read_as_a_readwise_action_tag() {
        let tags = vec!["deep work".to_owned()];
        assert_eq!(
            readwise_note(".h1 is a heading tag in Readwise", &[]),
            "\u{200B}.h1 is a heading tag in Readwise"
        );
        assert_eq!(readwise_note("  .c1", &tags), "\u{200B}  .c1 .deep_work");
        // Our own tags stay action tags; an ordinary note is left alone.
        assert_eq!(readwise_note("", &tags), ".deep_work");
        assert_eq!(
            readwise_note("fine. really", &tags),
            "fine. really .deep_work"
        );
    }

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("+SUM(A1)"), "'+SUM(A1)");
        assert_eq!(neutralise("-cmd"), "'-cmd");
        assert_eq!(neutralise("@x"), "'@x");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("-12.5"), "-12.5");
        assert_eq!(neutralise("+3"), "+3");
        assert_eq!(neutralise("plain"), "plain");
        assert_eq!(neutralise("'=x"), "''=x");
    }

    proptest::proptest! {
        #[test]
        fn neutralise_round_trips(s in "['=+@\\-\t\r]{0,3}.{0,8}") {
            let n = neutralise(&s);
            proptest::prop_assert_eq!(unneutralise(&n), s.as_str());
            let risky = n.starts_with(TRIGGERS) && !is_plain_number(&n);
            proptest::prop_assert!(!risky);
        }
    }
}
