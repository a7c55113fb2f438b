//! Where an article's canonical text is kept: `article_texts`, one row per
//! article beside `articles` (so listing a library of books reads no book),
//! compressed with zstd when that makes it smaller, with its length in code
//! points (what reading positions are checked against) stored beside it.
//!
//! A stored body is one format byte and the payload: [`RAW`] then UTF-8, or
//! [`ZSTD`] then one zstd frame of the UTF-8. The full-text index keeps no
//! copy of the text (it is contentless); search reads the text back from
//! here through the SQL function `marginalia_text(body)` for the few rows
//! whose snippet it shows.

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};

const RAW: u8 = 0;
const ZSTD: u8 = 1;
/// zstd's default level: on the benchmark's articles about 2.2× smaller at
/// ~300 MB/s; higher levels gained little on 2 KB texts and cost import rate.
const LEVEL: i32 = 3;
/// Shorter texts are stored as they are: a zstd frame's own overhead would
/// eat what it saves.
const MIN_COMPRESSED: usize = 96;

/// The stored form of `text`.
pub fn pack(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    if bytes.len() >= MIN_COMPRESSED
        && let Ok(z) = zstd::bulk::compress(bytes, LEVEL)
        && z.len() + 1 < bytes.len()
    {
        let mut out = Vec::with_capacity(z.len() + 1);
        out.push(ZSTD);
        out.extend_from_slice(&z);
        return out;
    }
    let mut out = Vec::with_capacity(bytes.len() + 1);
    out.push(RAW);
    out.extend_from_slice(bytes);
    out
}

/// The text a stored body holds.
pub fn unpack(body: &[u8]) -> Result<String> {
    let damaged = || Error::invalid("an article's stored text is damaged");
    let bytes = match body.split_first() {
        Some((&RAW, rest)) => rest.to_vec(),
        // One allocation of the size the frame declares (a book is many
        // megabytes; growing a buffer as a stream decodes copied it over
        // and over).
        Some((&ZSTD, rest)) => match zstd::zstd_safe::get_frame_content_size(rest) {
            Ok(Some(size)) => {
                let size = usize::try_from(size).map_err(|_| damaged())?;
                zstd::bulk::decompress(rest, size).map_err(|_| damaged())?
            }
            _ => return Err(damaged()),
        },
        _ => return Err(damaged()),
    };
    String::from_utf8(bytes).map_err(|_| damaged())
}

/// Stores `text` as the text of the new article with row `seq`.
pub(crate) fn insert(conn: &Connection, seq: i64, text: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO article_texts (seq, chars, body) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, text.chars().count() as i64, pack(text)])?;
    Ok(())
}

/// Replaces the text of the article with row `seq` with `text`.
pub(crate) fn replace(conn: &Connection, seq: i64, text: &str) -> Result<()> {
    let args = params![seq, text.chars().count() as i64, pack(text)];
    let updated = conn
        .prepare_cached("UPDATE article_texts SET chars = ?2, body = ?3 WHERE seq = ?1")?
        .execute(args)?;
    if updated == 0 {
        conn.prepare_cached("INSERT INTO article_texts (seq, chars, body) VALUES (?1, ?2, ?3)")?
            .execute(args)?;
    }
    Ok(())
}

/// The text of the article with row `seq` (empty when it has none).
pub(crate) fn load(conn: &Connection, seq: i64) -> Result<String> {
    let body: Option<Vec<u8>> = conn
        .prepare_cached("SELECT body FROM article_texts WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .optional()?;
    body.map_or_else(|| Ok(String::new()), |b| unpack(&b))
}

/// Registers `marginalia_text(body)` on `conn`: the text of a stored body
/// (NULL for NULL), for queries that hand text to SQL functions.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "marginalia_text",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let Some(body) = ctx.get_raw(0).as_blob_or_null()? else {
                return Ok(None);
            };
            unpack(body)
                .map(Some)
                .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_as_it_is_and_long_text_compressed() {
        let short = "A short note.";
        assert_eq!(pack(short)[0], RAW);
        assert_eq!(unpack(&pack(short)).unwrap(), short);
        let long = "The tide pools fill and empty twice a day. ".repeat(50);
        let packed = pack(&long);
        assert_eq!(packed[0], ZSTD);
        assert!(packed.len() < long.len() / 4, "{} bytes", packed.len());
        assert_eq!(unpack(&packed).unwrap(), long);
        let book = "A chapter of a book, read in pieces. ".repeat(60_000);
        assert_eq!(pack(&book)[0], ZSTD);
        assert_eq!(unpack(&pack(&book)).unwrap(), book);
        assert_eq!(unpack(&pack("")).unwrap(), "");
    }

    #[test]
    fn damaged_bodies_are_an_error_not_a_panic() {
        for body in [&b""[..], b"\x07abc", b"\x01not zstd", b"\x00\xff\xfe"] {
            assert!(unpack(body).is_err(), "{body:?}");
        }
    }
}
