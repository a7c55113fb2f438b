//! The images articles show, stored in the library by content hash and
//! read back by the app to draw figures.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::import::Image;
use crate::store::Library;

/// An image as the app serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImage {
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl Library {
    /// The image stored under `hash` (lowercase hex SHA-256).
    pub fn image(&self, hash: &str) -> Result<StoredImage> {
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::not_found("image", hash));
        }
        self.read(|c| {
            c.prepare_cached("SELECT mime, bytes FROM images WHERE hash = ?1")?
                .query_row([hash], |r| {
                    Ok(StoredImage {
                        mime: r.get(0)?,
                        bytes: r.get(1)?,
                    })
                })
                .optional()?
                .ok_or_else(|| Error::not_found("image", hash))
        })
    }
}

/// Links `images` to the article (storing the ones not yet in the library)
/// in place of the images it showed before.
pub(crate) fn replace_for_article(
    tx: &Connection,
    article_id: &str,
    images: &[Image],
) -> Result<()> {
    let had = tx.execute(
        "DELETE FROM article_images WHERE article_id = ?1",
        [article_id],
    )?;
    let mut add = tx.prepare_cached(
        "INSERT INTO images (hash, mime, width, height, bytes) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (hash) DO NOTHING",
    )?;
    let mut link = tx.prepare_cached(
        "INSERT INTO article_images (article_id, image_hash) VALUES (?1, ?2)
         ON CONFLICT DO NOTHING",
    )?;
    for i in images {
        add.execute(params![i.hash, i.mime, i.width, i.height, i.bytes])?;
        link.execute(params![article_id, i.hash])?;
    }
    if had > 0 {
        purge_unused(tx)?;
    }
    Ok(())
}

/// Deletes the images no article shows any more.
pub(crate) fn purge_unused(tx: &Connection) -> Result<()> {
    tx.execute(
        "DELETE FROM images WHERE NOT EXISTS
           (SELECT 1 FROM article_images x WHERE x.image_hash = images.hash)",
        [],
    )?;
    Ok(())
}
