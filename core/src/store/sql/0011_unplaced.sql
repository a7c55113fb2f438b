-- Migration 11: an index of the highlights that lost their place (their
-- passage vanished when the article's text changed). The app counts them
-- at start-up and after every change, for the toolbar's Unplaced button;
-- without it that count joined every annotation to its article (a scan of
-- the whole table). They are rare, so the partial index is small.
CREATE INDEX IF NOT EXISTS annotations_unplaced ON annotations (article_id)
    WHERE kind = 'highlight' AND start IS NULL;
