//! Articles: importing files into the library (one transaction per file),
//! replacing an edited article's text with its highlights re-anchored,
//! reading and listing.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::anchor::{self, Anchor, Indexed};
use crate::document::Structure;
use crate::error::{Error, Result};
use crate::import::{self, ParsedArticle};
use crate::model::{Article, ArticleSummary};
use crate::reading::{self, Reading, ReadingState};
use crate::stamp::{format_time, new_id};
use crate::store::Library;
use crate::{images, index, tags, texts};

/// What importing did with one article of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// New to the library.
    Added,
    /// The same content is already in the library; nothing was added.
    Unchanged,
    /// An article from the same source with the same title had other text:
    /// its text was replaced and its highlights re-anchored.
    Updated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedArticle {
    pub id: String,
    pub title: String,
    pub status: ImportStatus,
    /// Highlights that lost their place in an update.
    pub orphaned: usize,
    /// What the user should know about how the file was read.
    #[serde(default)]
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleSort {
    #[default]
    Newest,
    Oldest,
    Title,
    /// Newest published first; unknown dates last.
    Published,
    /// By author; articles without one last.
    Author,
    /// Last opened first; never opened last.
    Opened,
    /// Most read first.
    Progress,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleQuery {
    pub tag: Option<String>,
    /// Only articles in this state (Inbox, Later, Archive).
    pub state: Option<ReadingState>,
    /// Only starred articles.
    pub starred: bool,
    /// Only articles opened and not finished.
    pub continue_reading: bool,
    /// The Trash instead of the library.
    pub trashed: bool,
    /// Only articles whose title holds these characters (any case): the
    /// type-ahead of an article filter.
    pub title: Option<String>,
    pub sort: ArticleSort,
    pub offset: u32,
    /// At most this many; `None` for all.
    pub limit: Option<u32>,
}

impl Library {
    /// Imports one file. All of its articles go in one transaction: a file
    /// that fails leaves the library as it was.
    pub fn import_file(&self, path: &Path, now: OffsetDateTime) -> Result<Vec<ImportedArticle>> {
        let (name, parsed) = import::read_path(path)?;
        self.store_parsed_file(&name, &parsed, now)
    }

    /// Imports the contents of a file called `file_name`.
    pub fn import_bytes(
        &self,
        file_name: &str,
        bytes: &[u8],
        now: OffsetDateTime,
    ) -> Result<Vec<ImportedArticle>> {
        self.import_with(file_name, bytes, &import::NoResources, now)
    }

    /// Imports the contents of a file called `file_name`, whose references
    /// (images) `resources` resolves.
    pub fn import_with(
        &self,
        file_name: &str,
        bytes: &[u8],
        resources: &dyn import::Resources,
        now: OffsetDateTime,
    ) -> Result<Vec<ImportedArticle>> {
        let parsed = import::parse_file(file_name, bytes, resources)?;
        self.store_parsed_file(file_name, &parsed, now)
    }

    /// Stores the articles read from one file, in one transaction.
    pub(crate) fn store_parsed_file(
        &self,
        file_name: &str,
        parsed: &[ParsedArticle],
        now: OffsetDateTime,
    ) -> Result<Vec<ImportedArticle>> {
        self.write(|tx| {
            parsed
                .iter()
                .map(|a| store_parsed(tx, file_name, a, now))
                .collect()
        })
    }

    pub fn article(&self, id: &str) -> Result<Article> {
        self.read(|c| load_article(c, id))
    }

    pub fn list_articles(&self, query: &ArticleQuery) -> Result<Vec<ArticleSummary>> {
        let columns = format!(
            "a.id, a.title, a.author, a.source, a.published, a.imported_at, {tags},
             (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'highlight'),
             (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = 'note'),
             {reading}, a.trashed_at",
            tags = tags::ARTICLE_TAGS_SQL,
            reading = reading::READING_COLUMNS,
        );
        self.listed(query, &columns, summary_from_row)
    }

    /// The ids `list_articles` would return, in its order: what "select
    /// all" selects in a list of any length.
    pub fn list_article_ids(&self, query: &ArticleQuery) -> Result<Vec<String>> {
        self.listed(query, "a.id", |r| r.get(0))
    }

    fn listed<T>(
        &self,
        query: &ArticleQuery,
        columns: &str,
        row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let order = match query.sort {
            ArticleSort::Newest => "a.imported_at DESC, a.seq DESC",
            ArticleSort::Oldest => "a.imported_at, a.seq",
            ArticleSort::Title => "a.title COLLATE NOCASE, a.seq",
            ArticleSort::Published => "a.published IS NULL, a.published DESC, a.seq DESC",
            ArticleSort::Author => {
                "a.author IS NULL, a.author COLLATE NOCASE, a.title COLLATE NOCASE"
            }
            ArticleSort::Opened => "r.opened_at IS NULL, r.opened_at DESC, a.seq DESC",
            ArticleSort::Progress => "coalesce(r.progress, 0) DESC, r.opened_at DESC, a.seq DESC",
        };
        let sql = format!(
            "SELECT {columns}
               FROM articles a LEFT JOIN reading r ON r.article_id = a.id
              WHERE {FILTERS}
              ORDER BY {order} LIMIT ?2 OFFSET ?3"
        );
        let tag = query.tag.as_deref().map(tags::norm);
        let limit = query.limit.map_or(-1, i64::from);
        self.read(|c| {
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map(
                params![
                    tag,
                    limit,
                    query.offset,
                    query.state.map(ReadingState::as_str),
                    query.starred,
                    query.continue_reading,
                    reading::FINISHED_PERCENT,
                    query.trashed,
                    title_filter(query)
                ],
                row,
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// How many articles hold `tag` (all with `None`).
    pub fn count_articles(&self, tag: Option<&str>) -> Result<u64> {
        self.count_listed(&ArticleQuery {
            tag: tag.map(str::to_owned),
            ..ArticleQuery::default()
        })
    }

    /// How many articles `list_articles` would return without a limit.
    pub fn count_listed(&self, query: &ArticleQuery) -> Result<u64> {
        let tag = query.tag.as_deref().map(tags::norm);
        // The app's default list (one state, nothing else) is counted from
        // the reading rows alone, not by joining every article to them.
        if let (None, Some(state), false, false, false) = (
            &tag,
            query.state,
            query.starred,
            query.continue_reading,
            query.trashed,
        ) {
            let counts = self.state_counts()?;
            return Ok(match state {
                ReadingState::Inbox => counts.inbox,
                ReadingState::Later => counts.later,
                ReadingState::Archive => counts.archive,
            });
        }
        let filtered = query.state.is_some()
            || query.title.is_some()
            || query.starred
            || query.continue_reading
            || (query.trashed && tag.is_some());
        self.read(|c| {
            let n: i64 = match &tag {
                _ if filtered => c.query_row(
                    &format!(
                        "SELECT count(*) FROM articles a LEFT JOIN reading r ON r.article_id = a.id
                          WHERE {FILTERS} AND ?2 IS NULL AND ?3 IS NULL"
                    ),
                    params![
                        tag,
                        None::<i64>,
                        None::<i64>,
                        query.state.map(ReadingState::as_str),
                        query.starred,
                        query.continue_reading,
                        reading::FINISHED_PERCENT,
                        query.trashed,
                        title_filter(query)
                    ],
                    |r| r.get(0),
                )?,
                None if query.trashed => c.query_row(
                    "SELECT count(*) FROM articles WHERE trashed_at IS NOT NULL",
                    [],
                    |r| r.get(0),
                )?,
                // Counted on the smallest index, not the table (1 ms instead
                // of 4 at 100k articles), less the Trash (its own index).
                None => c.query_row(
                    "SELECT (SELECT count(*) FROM articles)
                          - (SELECT count(*) FROM articles WHERE trashed_at IS NOT NULL)",
                    [],
                    |r| r.get(0),
                )?,
                // Kept by triggers (migration 4), less what is in the Trash.
                Some(norm) => c
                    .query_row(
                        "SELECT t.article_count - (SELECT count(*) FROM articles a
                                                     JOIN article_tags x ON x.article_id = a.id
                                                    WHERE a.trashed_at IS NOT NULL AND x.tag_id = t.id)
                           FROM tags t WHERE t.norm = ?1",
                        [norm],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or(0),
            };
            Ok(n.unsigned_abs())
        })
    }

    /// Deletes an article with all its annotations for good, whether or not
    /// it is in the Trash. Cannot be undone.
    pub fn delete_article(&self, id: &str) -> Result<()> {
        self.delete_permanently(&[id.to_owned()]).and_then(|d| {
            if d.articles == 1 {
                Ok(())
            } else {
                Err(Error::not_found("article", id))
            }
        })
    }

    /// True when the library holds no articles (first run).
    pub fn is_empty(&self) -> Result<bool> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT NOT EXISTS (SELECT 1 FROM articles)", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }
}

/// The hash that finds the same content imported again. Plain text hashes
/// as it always has (title and text), so old imports stay recognised; a
/// structure counts too, so a file that only gained structure updates.
fn content_hash(a: &ParsedArticle, structure: Option<&[u8]>) -> String {
    let mut h = Sha256::new();
    h.update(a.title.as_bytes());
    h.update([0]);
    h.update(a.text.as_bytes());
    if let Some(s) = structure {
        h.update([0]);
        h.update(s);
    }
    format!("{:x}", h.finalize())
}

fn store_parsed(
    tx: &Connection,
    source: &str,
    a: &ParsedArticle,
    now: OffsetDateTime,
) -> Result<ImportedArticle> {
    let structure = a.structure.as_ref().map(|s| s.encode());
    let hash = content_hash(a, structure.as_deref());
    let now = format_time(now);
    let done = |id: String, status, orphaned| ImportedArticle {
        id,
        title: a.title.clone(),
        status,
        orphaned,
        notices: a.notices.clone(),
    };
    let same: Option<String> = tx
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1 LIMIT 1")?
        .query_row([&hash], |r| r.get(0))
        .optional()?;
    if let Some(id) = same {
        // Importing what is in the Trash takes it out again.
        crate::trash::untrash(tx, &id)?;
        return Ok(done(id, ImportStatus::Unchanged, 0));
    }
    let edited: Option<String> = tx
        .prepare_cached(
            "SELECT id FROM articles WHERE source = ?1 AND title = ?2 ORDER BY seq LIMIT 1",
        )?
        .query_row([source, &a.title], |r| r.get(0))
        .optional()?;
    if let Some(id) = edited {
        crate::trash::untrash(tx, &id)?;
        let orphaned = replace_text(tx, &id, a, &hash, structure.as_deref(), &now)?;
        return Ok(done(id, ImportStatus::Updated, orphaned));
    }
    let id = new_id();
    let m = &a.meta;
    tx.prepare_cached(
        "INSERT INTO articles (id, title, author, source, published, imported_at, updated_at,
                               content_hash, structure, url, site_name, language, excerpt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id,
        a.title,
        a.author,
        source,
        a.published,
        now,
        hash,
        structure,
        m.url,
        m.site_name,
        m.language,
        m.excerpt
    ])?;
    let seq = tx.last_insert_rowid();
    texts::insert(tx, seq, &a.text)?;
    images::replace_for_article(tx, &id, &a.images)?;
    index::index_new_article(tx, seq, &a.title, &a.text)?;
    Ok(done(id, ImportStatus::Added, 0))
}

/// Replaces the article `id`'s text (what its source holds now) with `a`'s,
/// unless it is the same: the article `id` is updated even if the title
/// changed. Its highlights are re-anchored.
pub(crate) fn store_update(
    tx: &Connection,
    id: &str,
    a: &ParsedArticle,
    now: OffsetDateTime,
) -> Result<ImportedArticle> {
    let structure = a.structure.as_ref().map(|s| s.encode());
    let hash = content_hash(a, structure.as_deref());
    let done = |status, orphaned| ImportedArticle {
        id: id.to_owned(),
        title: a.title.clone(),
        status,
        orphaned,
        notices: a.notices.clone(),
    };
    let current: String = tx
        .prepare_cached("SELECT content_hash FROM articles WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("article", id))?;
    if current == hash {
        return Ok(done(ImportStatus::Unchanged, 0));
    }
    let orphaned = replace_text(tx, id, a, &hash, structure.as_deref(), &format_time(now))?;
    Ok(done(ImportStatus::Updated, orphaned))
}

/// Writes `a` over the article `id` (keeping what `a` does not say) and
/// re-anchors its highlights; returns how many are orphans afterwards.
fn replace_text(
    tx: &Connection,
    id: &str,
    a: &ParsedArticle,
    hash: &str,
    structure: Option<&[u8]>,
    now: &str,
) -> Result<usize> {
    let m = &a.meta;
    let seq: i64 = tx.query_row(
        "UPDATE articles SET title = ?2, content_hash = ?3, updated_at = ?4,
                author = coalesce(?5, author), published = coalesce(?6, published),
                structure = ?7, url = coalesce(?8, url), site_name = coalesce(?9, site_name),
                language = coalesce(?10, language), excerpt = coalesce(?11, excerpt)
          WHERE id = ?1
          RETURNING seq",
        params![
            id,
            a.title,
            hash,
            now,
            a.author,
            a.published,
            structure,
            m.url,
            m.site_name,
            m.language,
            m.excerpt
        ],
        |r| r.get(0),
    )?;
    texts::replace(tx, seq, &a.text)?;
    images::replace_for_article(tx, id, &a.images)?;
    let orphaned = reanchor_article(tx, id, &a.text, now)?;
    index::index_article(tx, id)?;
    Ok(orphaned)
}

/// Re-anchors every highlight of an article to its new text; returns how
/// many are orphans afterwards.
fn reanchor_article(tx: &Connection, article_id: &str, text: &str, now: &str) -> Result<usize> {
    let indexed = Indexed::new(text);
    let mut stmt = tx.prepare(
        "SELECT id, quote, prefix, suffix, start, \"end\" FROM annotations
          WHERE article_id = ?1 AND kind = 'highlight'",
    )?;
    let olds = stmt
        .query_map([article_id], |r| {
            let start: Option<i64> = r.get(4)?;
            Ok((
                r.get::<_, String>(0)?,
                start.is_none(),
                Anchor {
                    quote: r.get(1)?,
                    prefix: r.get(2)?,
                    suffix: r.get(3)?,
                    start: start.unwrap_or(0) as usize,
                    end: r.get::<_, Option<i64>>(5)?.unwrap_or(0) as usize,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut orphans = 0;
    for (id, was_orphan, old) in olds {
        let placed = anchor::reanchor(&old, &indexed);
        if placed.is_none() {
            orphans += 1;
        }
        let unchanged = match &placed {
            Some(p) => !was_orphan && *p == old,
            None => was_orphan,
        };
        if unchanged {
            continue;
        }
        // An orphan keeps its quote and context for re-attaching later.
        let new = placed.as_ref().unwrap_or(&old);
        tx.execute(
            "UPDATE annotations SET quote = ?2, prefix = ?3, suffix = ?4, start = ?5, \"end\" = ?6, updated_at = ?7
              WHERE id = ?1",
            params![
                id,
                new.quote,
                new.prefix,
                new.suffix,
                placed.as_ref().map(|p| p.start as i64),
                placed.as_ref().map(|p| p.end as i64),
                now
            ],
        )?;
        index::index_annotation(tx, &id)?;
    }
    Ok(orphans)
}

pub(crate) fn load_article(c: &Connection, id: &str) -> Result<Article> {
    c.query_row(
        &format!(
            "SELECT a.id, a.title, a.author, a.source, a.published, a.imported_at, a.updated_at,
                    a.seq, a.content_hash, {}, a.structure, a.url, a.site_name, a.language,
                    a.excerpt, a.trashed_at
               FROM articles a WHERE a.id = ?1",
            tags::ARTICLE_TAGS_SQL
        ),
        [id],
        |r| {
            let structure: Option<Vec<u8>> = r.get(10)?;
            let seq: i64 = r.get(7)?;
            Ok((
                (seq, structure),
                Article {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    author: r.get(2)?,
                    source: r.get(3)?,
                    published: r.get(4)?,
                    imported_at: r.get(5)?,
                    updated_at: r.get(6)?,
                    text: String::new(),
                    content_hash: r.get(8)?,
                    tags: tags::split(r.get(9)?),
                    structure: None,
                    url: r.get(11)?,
                    site_name: r.get(12)?,
                    language: r.get(13)?,
                    excerpt: r.get(14)?,
                    reading: Reading::default(),
                    trashed_at: r.get(15)?,
                },
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("article", id))
    .and_then(|((seq, structure), mut article)| {
        article.text = texts::load(c, seq)?;
        article.structure = structure.as_deref().map(Structure::decode).transpose()?;
        article.reading = reading::load(c, id)?;
        Ok(article)
    })
}

/// The list's filters: ?1 tag, ?4 state, ?5 starred only, ?6 being read
/// (opened, under ?7 percent), ?8 the Trash (else everything but it).
const FILTERS: &str = "(?1 IS NULL OR a.id IN (SELECT x.article_id FROM article_tags x
                                   JOIN tags t ON t.id = x.tag_id WHERE t.norm = ?1))
     AND (?4 IS NULL OR coalesce(r.state, 'inbox') = ?4)
     AND (NOT ?5 OR r.starred = 1)
     AND (NOT ?6 OR (r.opened_at IS NOT NULL AND coalesce(r.progress, 0) < ?7))
     AND (a.trashed_at IS NOT NULL) = ?8
     AND (?9 IS NULL OR instr(marginalia_fold(a.title), ?9) > 0)";

/// The title filter as the list's SQL takes it: lower case, as
/// `marginalia_fold` makes the titles.
fn title_filter(q: &ArticleQuery) -> Option<String> {
    q.title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        author: r.get(2)?,
        source: r.get(3)?,
        published: r.get(4)?,
        imported_at: r.get(5)?,
        tags: tags::split(r.get(6)?),
        highlight_count: r.get(7)?,
        note_count: r.get(8)?,
        reading: reading::reading_from(r, 9)?,
        trashed_at: r.get(14)?,
    })
}
