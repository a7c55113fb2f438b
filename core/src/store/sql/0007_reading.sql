-- Migration 7: the reader's place in each article and the article's place
-- in the user's triage: Inbox (new), Later or Archive, starred or not, the
-- code-point offset last read at (`position`, of the canonical text, so it
-- survives font and window changes), the percentage read (`progress`) and
-- when it was last opened.
--
-- A table of its own rather than columns on `articles`: a column after
-- `text` would be read through the text's overflow pages, so listing a
-- library of books would read the books. A row is written the first time an
-- article leaves the defaults (Inbox, not starred, never opened); none is
-- written on import, where a trigger or a second statement with a foreign
-- key would need a statement journal, and opening one makes FTS5 flush its
-- pending terms into a new segment for every article (measured: 12 segments
-- for a 100-article file instead of 1).
CREATE TABLE reading (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    state      TEXT NOT NULL DEFAULT 'inbox' CHECK (state IN ('inbox', 'later', 'archive')),
    starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    position   INTEGER CHECK (position >= 0),
    progress   INTEGER CHECK (progress BETWEEN 0 AND 100),
    opened_at  TEXT
) WITHOUT ROWID;

CREATE INDEX reading_state ON reading (state, starred);
CREATE INDEX reading_opened ON reading (opened_at) WHERE opened_at IS NOT NULL;
