-- Migration 6: facts about the library as a whole, as key/value pairs. The
-- first is `sample_offered`: the app imports its sample articles into a new
-- library once, not whenever the library is empty (a user who deleted them
-- all got them back at the next launch). A library that already holds
-- articles has been offered them (or never needed them).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO settings (key, value)
SELECT 'sample_offered', '1' WHERE EXISTS (SELECT 1 FROM articles);
