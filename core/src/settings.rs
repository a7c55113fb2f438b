//! Facts about the library as a whole, kept as key/value pairs in the
//! `settings` table: whether the sample articles were offered, and later the
//! reader's settings.

use rusqlite::OptionalExtension;
use time::OffsetDateTime;

use crate::articles::ImportedArticle;
use crate::error::Result;
use crate::store::Library;

/// Set once the app has offered a new library its sample articles.
const SAMPLE_OFFERED: &str = "sample_offered";

impl Library {
    /// The value stored under `key`, if any.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })
    }

    /// Stores `value` under `key`, replacing what was there.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
            Ok(())
        })
    }

    /// Imports the sample file, and the guide "Welcome to Marginalia" with
    /// its example highlights, into a library that has never been offered
    /// them and holds nothing, once: a library whose articles were all deleted
    /// stays empty. Returns what was imported (nothing after the first time).
    /// Killed between the import and the mark, the next call finds articles
    /// and only marks.
    pub fn offer_sample(
        &self,
        file_name: &str,
        bytes: &[u8],
        now: OffsetDateTime,
    ) -> Result<Vec<ImportedArticle>> {
        if self.setting(SAMPLE_OFFERED)?.is_some() {
            return Ok(Vec::new());
        }
        let imported = if self.is_empty()? {
            let mut all = self.import_bytes(file_name, bytes, now)?;
            all.extend(self.add_welcome(now)?);
            all
        } else {
            Vec::new()
        };
        self.set_setting(SAMPLE_OFFERED, "1")?;
        Ok(imported)
    }
}
