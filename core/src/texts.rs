//! Where an article's canonical text is kept: `article_texts`, one row per
//! article beside `articles` (so listing a library of books reads no book),
//! compressed with zstd when that makes it smaller, with its length in code
//! points (what reading positions are checked against) stored beside it.
//!
//! A stored body is one format byte and the payload: [`RAW`] then UTF-8;
//! [`ZSTD`] then one zstd frame of the UTF-8; or, for long texts (books),
//! [`PIECES`] then a table of pieces and one zstd frame per piece, so that a
//! search snippet decompresses only the piece it shows ([`Stored::window`])
//! instead of the whole book. The full-text index keeps no copy of the text
//! (it is contentless); search hands the stored body to its snippet
//! function for the few rows whose snippet it shows.

use std::borrow::Cow;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};

const RAW: u8 = 0;
const ZSTD: u8 = 1;
const PIECES: u8 = 2;
/// Texts at least this long are stored in pieces of about [`PIECE`] bytes.
const MIN_PIECES: usize = 512 << 10;
const PIECE: usize = 128 << 10;
/// zstd's default level: on the benchmark's articles about 2.2× smaller at
/// ~300 MB/s; higher levels gained little on 2 KB texts and cost import rate.
const LEVEL: i32 = 3;
/// Shorter texts are stored as they are: a zstd frame's own overhead would
/// eat what it saves.
const MIN_COMPRESSED: usize = 96;

/// The stored form of `text`.
pub fn pack(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    if bytes.len() >= MIN_PIECES
        && let Some(pieces) = pack_pieces(text)
    {
        return pieces;
    }
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

/// [`PIECES`], then the number of pieces and, for each, its length in bytes
/// and in code points and the length of its frame (little-endian u32s),
/// then the frames. Pieces end at character boundaries.
fn pack_pieces(text: &str) -> Option<Vec<u8>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut end = PIECE.min(rest.len());
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (piece, after) = rest.split_at(end);
        pieces.push((piece, zstd::bulk::compress(piece.as_bytes(), LEVEL).ok()?));
        rest = after;
    }
    let u32_of = |n: usize| u32::try_from(n).ok().map(u32::to_le_bytes);
    let frames: usize = pieces.iter().map(|(_, z)| z.len()).sum();
    let mut out = Vec::with_capacity(5 + 12 * pieces.len() + frames);
    out.push(PIECES);
    out.extend(u32_of(pieces.len())?);
    for (piece, z) in &pieces {
        out.extend(u32_of(piece.len())?);
        out.extend(u32_of(piece.chars().count())?);
        out.extend(u32_of(z.len())?);
    }
    for (_, z) in &pieces {
        out.extend_from_slice(z);
    }
    Some(out)
}

/// The text a stored body holds.
pub fn unpack(body: &[u8]) -> Result<String> {
    let stored = Stored::parse(body)?;
    let window = stored.window(0, stored.len())?;
    String::from_utf8(window.bytes.into_owned()).map_err(|_| damaged())
}

fn damaged() -> Error {
    Error::invalid("an article's stored text is damaged")
}

fn decompress(frame: &[u8]) -> Result<Vec<u8>> {
    // One allocation of the size the frame declares.
    match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(size)) => {
            let size = usize::try_from(size).map_err(|_| damaged())?;
            zstd::bulk::decompress(frame, size).map_err(|_| damaged())
        }
        _ => Err(damaged()),
    }
}

/// A stored body, read without decompressing more than is asked for.
pub(crate) enum Stored<'a> {
    Whole(Cow<'a, [u8]>),
    Pieces {
        len: usize,
        /// Per piece: its byte offset and code points before it, its
        /// length, and its frame.
        pieces: Vec<(usize, usize, usize, &'a [u8])>,
    },
}

/// A part of a text: `bytes` start at byte `base`, after `chars_before`
/// code points.
pub(crate) struct Window<'a> {
    pub bytes: Cow<'a, [u8]>,
    pub base: usize,
    pub chars_before: usize,
}

impl<'a> Stored<'a> {
    pub(crate) fn parse(body: &'a [u8]) -> Result<Stored<'a>> {
        match body.split_first() {
            Some((&RAW, rest)) => Ok(Stored::Whole(Cow::Borrowed(rest))),
            Some((&ZSTD, rest)) => Ok(Stored::Whole(Cow::Owned(decompress(rest)?))),
            Some((&PIECES, rest)) => Stored::parse_pieces(rest),
            _ => Err(damaged()),
        }
    }

    fn parse_pieces(rest: &'a [u8]) -> Result<Stored<'a>> {
        let mut words = rest.chunks_exact(4).map(|w| {
            usize::try_from(u32::from_le_bytes([w[0], w[1], w[2], w[3]])).unwrap_or(usize::MAX)
        });
        let count = words.next().ok_or_else(damaged)?;
        let table = count.checked_mul(12).and_then(|n| n.checked_add(4));
        let mut frames = rest.get(table.ok_or_else(damaged)?..).ok_or_else(damaged)?;
        let mut pieces = Vec::with_capacity(count.min(1 << 16));
        let (mut len, mut chars) = (0usize, 0usize);
        for _ in 0..count {
            let (bytes, cps, z) = (words.next(), words.next(), words.next());
            let (Some(bytes), Some(cps), Some(z)) = (bytes, cps, z) else {
                return Err(damaged());
            };
            let frame = frames.get(..z).ok_or_else(damaged)?;
            frames = &frames[z..];
            pieces.push((len, chars, bytes, frame));
            len = len.checked_add(bytes).ok_or_else(damaged)?;
            chars = chars.checked_add(cps).ok_or_else(damaged)?;
        }
        Ok(Stored::Pieces { len, pieces })
    }

    /// The text's length in bytes.
    pub(crate) fn len(&self) -> usize {
        match self {
            Stored::Whole(bytes) => bytes.len(),
            Stored::Pieces { len, .. } => *len,
        }
    }

    /// At least the bytes `from..to` of the text (whole pieces of it).
    pub(crate) fn window(&self, from: usize, to: usize) -> Result<Window<'_>> {
        match self {
            Stored::Whole(bytes) => Ok(Window {
                bytes: Cow::Borrowed(bytes),
                base: 0,
                chars_before: 0,
            }),
            Stored::Pieces { pieces, .. } => {
                let mut out = Window {
                    bytes: Cow::Owned(Vec::new()),
                    base: 0,
                    chars_before: 0,
                };
                let to = to.max(from + 1);
                let wanted = pieces
                    .iter()
                    .filter(|&&(at, _, len, _)| at < to && at + len > from);
                for (i, &(at, chars, len, frame)) in wanted.enumerate() {
                    if i == 0 {
                        (out.base, out.chars_before) = (at, chars);
                    }
                    let piece = decompress(frame)?;
                    if piece.len() != len {
                        return Err(damaged());
                    }
                    out.bytes.to_mut().extend_from_slice(&piece);
                }
                Ok(out)
            }
        }
    }
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
    // `marginalia_fold(text)`: lower case in every script (SQLite's lower()
    // folds ASCII only), for matching what a user types against titles.
    conn.create_scalar_function(
        "marginalia_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get_raw(0).as_str_or_null()?.map(str::to_lowercase)),
    )?;
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
        assert_eq!(pack(&book)[0], PIECES);
        assert_eq!(unpack(&pack(&book)).unwrap(), book);
        assert_eq!(unpack(&pack("")).unwrap(), "");
    }

    /// A book is read piece by piece: a window holds the bytes asked for,
    /// from a piece boundary, with the code points before it counted.
    #[test]
    fn a_window_of_a_book_decompresses_only_its_pieces() {
        // Multi-byte characters, so pieces end between characters.
        let book: String = (0..40_000)
            .map(|i| format!("Ça {i} ελλάδα 北京. "))
            .collect();
        let packed = pack(&book);
        assert_eq!(packed[0], PIECES);
        let stored = Stored::parse(&packed).unwrap();
        assert_eq!(stored.len(), book.len());
        let at = book.len() * 2 / 3;
        let w = stored.window(at, at + 100).unwrap();
        assert!(w.base <= at && w.base + w.bytes.len() >= at + 100);
        assert!(w.bytes.len() <= 2 * PIECE + 8, "{} bytes", w.bytes.len());
        assert_eq!(
            &w.bytes[..],
            &book.as_bytes()[w.base..w.base + w.bytes.len()]
        );
        assert_eq!(w.chars_before, book[..w.base].chars().count());
        let all = stored.window(0, book.len()).unwrap();
        assert_eq!(&all.bytes[..], book.as_bytes());
    }

    #[test]
    fn damaged_bodies_are_an_error_not_a_panic() {
        let book = pack(&"x".repeat(MIN_PIECES + 10));
        let cut = &book[..book.len() - 3];
        let mut lying = book.clone();
        lying[1] = 200; // more pieces than the table holds
        for body in [
            &b""[..],
            b"\x07abc",
            b"\x01not zstd",
            b"\x00\xff\xfe",
            b"\x02",
            b"\x02\x01\x00",
            cut,
            &lying,
        ] {
            assert!(unpack(body).is_err(), "{body:?}");
        }
    }
}
