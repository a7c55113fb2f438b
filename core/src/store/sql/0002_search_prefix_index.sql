-- Migration 2: a 3-character prefix index on the full-text index, so that a
-- short prefix query ("pro*") is one index lookup instead of a merge of the
-- doclists of every term it expands to (59 ms -> see README, at 100k).
-- FTS5 options cannot be altered in place: the index is rebuilt from the
-- tables, with exactly the rows core/src/index.rs writes.
DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    tags,
    kind UNINDEXED,
    article_id UNINDEXED,
    annotation_id UNINDEXED,
    color UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');
-- Merge 8 segments at a time instead of 4: every commit (a highlight save)
-- writes a small segment, and with 4 every 64th save cascaded into a merge
-- of large segments (16-19 ms, measured: marginalia-bench logs which saves
-- are slow). With 8 that happens every 512th save.
INSERT INTO search_index (search_index, rank) VALUES ('automerge', 8);

INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
SELECT a.seq * 2, a.title, a.text,
       coalesce((SELECT group_concat(t.name, ', ') FROM article_tags x
                   JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), ''),
       'article', a.id
  FROM articles a;

INSERT INTO search_index (rowid, title, body, tags, kind, article_id, annotation_id, color)
SELECT n.seq * 2 + 1, '',
       CASE WHEN coalesce(n.quote, '') <> '' AND n.note <> '' THEN n.quote || char(10) || char(10) || n.note
            WHEN coalesce(n.quote, '') <> '' THEN n.quote
            ELSE n.note END,
       coalesce((SELECT group_concat(t.name, ', ') FROM annotation_tags x
                   JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = n.id), ''),
       n.kind, n.article_id, n.id, n.color
  FROM annotations n;
