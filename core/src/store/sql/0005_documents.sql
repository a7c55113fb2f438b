-- Migration 5: articles become documents. The canonical text keeps every
-- role it had; `structure` is the overlay of blocks and inline spans over
-- it (core/src/document.rs, postcard-encoded after a version byte). NULL
-- means what every article before this migration is: paragraphs split on
-- blank lines. Adding nullable columns rewrites no row.
ALTER TABLE articles ADD COLUMN structure BLOB;
ALTER TABLE articles ADD COLUMN url TEXT;
ALTER TABLE articles ADD COLUMN site_name TEXT;
ALTER TABLE articles ADD COLUMN language TEXT;
ALTER TABLE articles ADD COLUMN excerpt TEXT;

-- Images that documents show, stored once by the SHA-256 of their bytes.
CREATE TABLE images (
    hash   TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
    mime   TEXT NOT NULL CHECK (mime GLOB 'image/*'),
    width  INTEGER,
    height INTEGER,
    bytes  BLOB NOT NULL
) STRICT;

-- Which article shows which image: an image no article shows is deleted.
CREATE TABLE article_images (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    image_hash TEXT NOT NULL REFERENCES images (hash),
    PRIMARY KEY (article_id, image_hash)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_images_image ON article_images (image_hash);
