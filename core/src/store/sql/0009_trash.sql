-- Migration 9: the Trash. Deleting an article from the app or with
-- `marginalia delete` keeps it, with its highlights, notes and tags, until
-- it is restored, the Trash is emptied, or it has been there 30 days
-- (purged when the app starts). A trashed article has no rows in the
-- full-text index, so search never finds it; lists and exports skip it.
-- Adding a nullable column rewrites no row; the partial index holds only
-- what is in the Trash, so skipping it costs one small lookup.
ALTER TABLE articles ADD COLUMN trashed_at TEXT;
CREATE INDEX articles_trashed ON articles (trashed_at) WHERE trashed_at IS NOT NULL;
