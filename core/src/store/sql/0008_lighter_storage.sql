-- Migration 8: a lighter library (README, "Storage"). Three changes:
-- * Article text moves to `article_texts`, compressed (core/src/texts.rs),
--   with its length in code points; `articles` keeps the metadata only.
-- * The full-text index becomes contentless (`contentless_delete`): it no
--   longer keeps its own copy of every text; search reads the few texts it
--   shows snippets of back from the tables. Its columns are title, body and
--   tags; which article or annotation a row is follows from its row id, as
--   before (2 * articles.seq, 2 * annotations.seq + 1).
-- * `articles.text` is dropped once every text has moved.
--
-- This SQL only creates the new tables and records where the move starts.
-- The move itself (core/src/store/upgrade.rs) runs in steps of a few
-- hundred rows, each its own transaction, so it reports progress, never
-- holds the write lock for long and goes on where it stopped after a kill;
-- the last step swaps the indexes and drops the old column. The version is
-- bumped now, so an older Marginalia refuses a library mid-move.
-- No foreign key: an insert into a table with one opens a statement
-- journal, and that makes FTS5 flush its pending terms into a new segment
-- for every article imported (see migration 7). A trigger deletes the text
-- with its article instead.
CREATE TABLE article_texts (
    seq   INTEGER PRIMARY KEY,
    chars INTEGER NOT NULL CHECK (chars >= 0),
    body  BLOB NOT NULL
) STRICT;
CREATE TRIGGER article_texts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_texts WHERE seq = OLD.seq;
END;

CREATE VIRTUAL TABLE search_text USING fts5 (
    title,
    body,
    tags,
    content = '',
    contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO search_text (search_text, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');
INSERT INTO search_text (search_text, rank) VALUES ('automerge', 8);
INSERT INTO search_text (search_text, rank) VALUES ('hashsize', 16777216);

-- The move's cursors: the last article and annotation row moved.
INSERT INTO settings (key, value) VALUES ('upgrade.8.articles', '0'), ('upgrade.8.annotations', '0');
