-- Marginalia schema, migration 1.
-- Shipped migrations are never edited: a change is a new migration appended in
-- core/src/store/migrations.rs. PRAGMA user_version records how many have run.

-- The highlight palette. `name` is the stable key stored on annotations and in
-- exports; `label` is the user's own meaning for it ("key point", "disagree").
CREATE TABLE colors (
    name     TEXT PRIMARY KEY NOT NULL CHECK (name <> '' AND name = lower(name)),
    label    TEXT NOT NULL,
    hex      TEXT NOT NULL CHECK (hex GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    position INTEGER NOT NULL
) STRICT;

INSERT INTO colors (name, label, hex, position) VALUES
    ('yellow', 'key point', '#f5d547', 1),
    ('green',  'agree',     '#7cc47f', 2),
    ('blue',   'context',   '#6fa8e8', 3),
    ('pink',   'disagree',  '#ef8fb1', 4),
    ('purple', 'question',  '#b08ee0', 5);

-- `seq` is a stable integer key (it survives VACUUM, unlike an implicit rowid)
-- used as the full-text index row id; `id` is the UUIDv7 every API speaks.
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    author       TEXT,
    source       TEXT NOT NULL,
    published    TEXT,
    imported_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    text         TEXT NOT NULL,
    content_hash TEXT NOT NULL
) STRICT;
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_source_title ON articles (source, title);
CREATE INDEX articles_title ON articles (title COLLATE NOCASE);
CREATE INDEX articles_imported_at ON articles (imported_at);

-- A highlight has an anchor (W3C TextQuoteSelector + TextPositionSelector in
-- Unicode code points). An orphan keeps its quote but has no position.
-- A note belongs to the whole article and has no anchor.
CREATE TABLE annotations (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('highlight', 'note')),
    quote       TEXT,
    prefix      TEXT,
    suffix      TEXT,
    start       INTEGER,
    "end"       INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    color       TEXT NOT NULL DEFAULT 'yellow' REFERENCES colors (name) ON UPDATE CASCADE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (
        (kind = 'note' AND quote IS NULL AND start IS NULL AND "end" IS NULL)
        OR (kind = 'highlight' AND quote IS NOT NULL AND prefix IS NOT NULL AND suffix IS NOT NULL
            AND ((start IS NULL AND "end" IS NULL) OR (0 <= start AND start < "end")))
    )
) STRICT;
CREATE INDEX annotations_article ON annotations (article_id, start);
CREATE INDEX annotations_created ON annotations (created_at);

-- `norm` is the case-folded name that makes tags unique case-insensitively
-- (for every script, not only ASCII as COLLATE NOCASE would).
CREATE TABLE tags (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL CHECK (name <> '' AND instr(name, ',') = 0),
    norm TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE article_tags (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE TABLE annotation_tags (
    annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    tag_id        TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX annotation_tags_tag ON annotation_tags (tag_id, annotation_id);

-- One full-text index over everything a user can search for. Article rows use
-- rowid = 2 * articles.seq, annotation rows 2 * annotations.seq + 1, so a row
-- is found and replaced by key. Kept up to date by core in the same
-- transaction as the change it reflects.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    tags,
    kind UNINDEXED,
    article_id UNINDEXED,
    annotation_id UNINDEXED,
    color UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');
