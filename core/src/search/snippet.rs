//! `marginalia_snippet(search_index, prefixes, title, body, tags)`: the
//! text around a match, with its cost bounded by the snippet, not by the
//! document. The index keeps no text (it is contentless), so the row's
//! texts come in as arguments, read from the tables by the query.
//!
//! FTS5's own `snippet()` tokenizes the whole column and scores every
//! instance against every other: for a common word in a 1 MB article that
//! took seconds (14.8 s for a repeated sentence), and a 20 MB book minutes.
//! This auxiliary function takes the match positions FTS5 already has
//! (`xInst`, token offsets), picks the best window of [`WINDOW`](super::window::WINDOW) tokens
//! there, and tokenizes only the text around it: the whole column when it is
//! short, else a region around the window's estimated byte position
//! (`token offset × bytes / tokens`), widened until the match is found. The
//! tokens there are matched against the query's own tokens (FTS5's
//! tokenizer, so stemming and folded accents agree with the index).
//!
//! The result is the snippet with matches between `\u{2}` and `\u{3}`; when
//! the match is in the article text (column 1) it is preceded by the code
//! point offset of the first match and `\u{1}`, so a hit can open the reader
//! at its passage.

use std::borrow::Cow;
use std::ffi::{c_char, c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;

use crate::texts::Stored;

use super::window::{
    Phrase, Rendered, Score, Token, best_window, code_points, find_phrases, region_end,
    region_start, render,
};

/// Columns up to this size are tokenized whole.
const WHOLE_COLUMN: usize = 64 * 1024;
/// Bytes either side of the estimated position first tokenized.
const FIRST_REGION: usize = 8 * 1024;
/// How far past a region's end `region_end` may look (256 bytes for a
/// space, then to a character boundary).
const LOOK_AHEAD: usize = 256 + 4;
/// Instances of one row looked at to choose the window (a common word in a
/// book has hundreds of thousands).
const MAX_INSTANCES: c_int = 100_000;
/// Columns searched, in order of preference on a tie: text, title, tags.
const COLUMNS: [c_int; 3] = [1, 0, 2];
const TEXT_COLUMN: c_int = 1;

pub(crate) const OFFSET_END: char = '\u{1}';

/// Registers the function on `conn` (every connection that searches).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    // SAFETY: the handle is valid for the connection's life; the statement
    // is finalized before returning; FTS5 writes the API pointer into `api`
    // while the statement steps, and the API lives as long as the connection.
    unsafe {
        let db = conn.handle();
        let mut stmt = ptr::null_mut();
        check(
            db,
            ffi::sqlite3_prepare_v2(
                db,
                c"SELECT fts5(?1)".as_ptr(),
                -1,
                &mut stmt,
                ptr::null_mut(),
            ),
        )?;
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&raw mut api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        // xQueryToken, which matching needs, came with version 3.
        let Some(create) = api
            .as_ref()
            .filter(|a| a.iVersion >= 3)
            .and_then(|a| a.xCreateFunction)
        else {
            return Err(rusqlite::Error::SqliteFailure(
                ffi::Error::new(ffi::SQLITE_ERROR),
                Some("this SQLite has no FTS5 version 3 API".into()),
            ));
        };
        check(
            db,
            create(
                api,
                c"marginalia_snippet".as_ptr(),
                ptr::null_mut(),
                Some(snippet_function),
                None,
            ),
        )
    }
}

unsafe fn check(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Result<()> {
    if rc == ffi::SQLITE_OK {
        return Ok(());
    }
    // SAFETY: `db` is a valid handle; sqlite3_errmsg returns a C string.
    let msg = unsafe { std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(db)) };
    Err(rusqlite::Error::SqliteFailure(
        ffi::Error::new(rc),
        Some(msg.to_string_lossy().into_owned()),
    ))
}

unsafe extern "C" fn snippet_function(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: FTS5 passes a valid API and context for the current row,
        // and `argc` values in `argv`.
        unsafe {
            // A blob is an article's body as stored; anything else is text.
            let arg = |i: c_int| -> Arg<'_> {
                if i >= argc {
                    return Arg::Text(&[]);
                }
                let v = *argv.add(i as usize);
                let blob = ffi::sqlite3_value_type(v) == ffi::SQLITE_BLOB;
                let p: *const u8 = if blob {
                    ffi::sqlite3_value_blob(v).cast()
                } else {
                    ffi::sqlite3_value_text(v)
                };
                let n = usize::try_from(ffi::sqlite3_value_bytes(v)).unwrap_or(0);
                let bytes = if p.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(p, n)
                };
                if blob {
                    Arg::Stored(bytes)
                } else {
                    Arg::Text(bytes)
                }
            };
            // Each argument is read (and converted to text) before the
            // next, and none is read again: the pointers stay valid.
            let prefixes = match arg(0) {
                Arg::Text(t) | Arg::Stored(t) => t.to_vec(),
            };
            let texts = (argc >= 4).then(|| [arg(1), arg(2), arg(3)]);
            Row {
                api: &*api,
                fts,
                texts,
            }
            .snippet(&prefixes)
        }
    }));
    // SAFETY: `ctx` is the function's result context.
    unsafe {
        match outcome {
            Ok(Ok(text)) => ffi::sqlite3_result_text(
                ctx,
                text.as_ptr().cast::<c_char>(),
                c_int::try_from(text.len()).unwrap_or(0),
                ffi::SQLITE_TRANSIENT(),
            ),
            Ok(Err(rc)) => ffi::sqlite3_result_error_code(ctx, rc),
            Err(_) => ffi::sqlite3_result_error(ctx, c"marginalia_snippet failed".as_ptr(), -1),
        }
    }
}

struct Row<'a> {
    api: &'a ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    /// The row's title, body and tags, when the query passed them.
    texts: Option<[Arg<'a>; 3]>,
}

/// An argument of the function: text, or an article's body as stored
/// ([`crate::texts`]), which it decompresses as far as it needs.
enum Arg<'a> {
    Text(&'a [u8]),
    Stored(&'a [u8]),
}

impl Row<'_> {
    unsafe fn snippet(&self, prefixes: &[u8]) -> Result<String, c_int> {
        // SAFETY (all calls below): the API functions are called with the
        // context FTS5 gave for this row, as its documentation says.
        unsafe {
            let phrases = self.phrases(prefixes)?;
            // Instances per searched column: (phrase, token offset), in order.
            let mut per_column: [Vec<(usize, usize)>; 3] = Default::default();
            let mut n: c_int = 0;
            rc(self.api.xInstCount.ok_or(ffi::SQLITE_ERROR)?(
                self.fts, &mut n,
            ))?;
            let inst = self.api.xInst.ok_or(ffi::SQLITE_ERROR)?;
            for i in 0..n.min(MAX_INSTANCES) {
                let (mut p, mut c, mut off) = (0, 0, 0);
                rc(inst(self.fts, i, &mut p, &mut c, &mut off))?;
                if let Some(k) = COLUMNS.iter().position(|&col| col == c) {
                    per_column[k].push((p as usize, off as usize));
                }
            }
            // The column whose best window holds the most (distinct) phrases.
            let mut best: Option<(usize, usize, Score)> = None;
            for (k, found) in per_column.iter().enumerate() {
                if let Some((at, score)) = best_window(found, phrases.len())
                    && best.is_none_or(|(_, _, b)| score > b)
                {
                    best = Some((k, at, score));
                }
            }
            let Some((k, center, _)) = best else {
                return Ok(String::new());
            };
            let column = COLUMNS[k];
            let text = self.column_text(column)?;
            let tokens_in_column = self.column_size(column)?;
            let (snippet, offset) = self.snippet_of(&text, tokens_in_column, center, &phrases)?;
            Ok(match (column == TEXT_COLUMN, offset) {
                (true, Some(offset)) => format!("{offset}{OFFSET_END}{}", snippet.text),
                _ => snippet.text,
            })
        }
    }

    /// Tokenizes the region around token `center` (the whole text when it
    /// is short), widening it until a phrase is found there. Of a book only
    /// the pieces around the region are decompressed. Returns the snippet
    /// and the code-point offset of its first match in the whole text.
    unsafe fn snippet_of(
        &self,
        stored: &Stored<'_>,
        tokens_in_column: usize,
        center: usize,
        phrases: &[Phrase],
    ) -> Result<(Rendered, Option<usize>), c_int> {
        let total = stored.len();
        let estimate = if tokens_in_column == 0 {
            0
        } else {
            // In u128: a 20 MB text times a million tokens overflows nothing.
            ((center as u128 * total as u128) / tokens_in_column as u128) as usize
        };
        let mut reach = FIRST_REGION;
        loop {
            let whole = total <= WHOLE_COLUMN || reach >= total;
            let (lo, hi) = if whole {
                (0, total)
            } else {
                (
                    estimate.saturating_sub(reach).min(total),
                    estimate.saturating_add(reach).min(total),
                )
            };
            // A byte before the region and what `region_end` may look at
            // after it, so that the region's ends are found as in the whole
            // text (and its first byte is never mistaken for the text's).
            let window = stored
                .window(
                    lo.saturating_sub(1),
                    hi.saturating_add(LOOK_AHEAD).min(total),
                )
                .map_err(|_| ffi::SQLITE_CORRUPT)?;
            let (text, base) = (&window.bytes[..], window.base);
            let (from, to) = if whole {
                (0, text.len())
            } else {
                (region_start(text, lo - base), region_end(text, hi - base))
            };
            // SAFETY: as in `snippet`.
            let tokens = unsafe { self.tokenize(text, from, to)? };
            let found = find_phrases(&tokens, phrases);
            if !found.is_empty() || whole {
                let rendered = render(text, from, to, &tokens, &found, phrases.len());
                let offset = rendered
                    .first_match
                    .map(|byte| window.chars_before + code_points(&text[..byte]));
                return Ok((rendered, offset));
            }
            reach = reach.saturating_mul(4);
        }
    }

    unsafe fn phrases(&self, prefixes: &[u8]) -> Result<Vec<Phrase>, c_int> {
        // SAFETY: as in `snippet`.
        unsafe {
            let count = self.api.xPhraseCount.ok_or(ffi::SQLITE_ERROR)?(self.fts);
            let size = self.api.xPhraseSize.ok_or(ffi::SQLITE_ERROR)?;
            let token = self.api.xQueryToken.ok_or(ffi::SQLITE_ERROR)?;
            let mut out = Vec::with_capacity(count.max(0) as usize);
            for p in 0..count {
                let mut tokens = Vec::new();
                for t in 0..size(self.fts, p) {
                    let (mut s, mut n) = (ptr::null(), 0);
                    rc(token(self.fts, p, t, &mut s, &mut n))?;
                    tokens.push(bytes(s, n).to_vec());
                }
                out.push(Phrase {
                    tokens,
                    prefix: prefixes.get(p as usize) == Some(&b'p'),
                });
            }
            Ok(out)
        }
    }

    /// The column's text: as the query passed it (an article's body as it
    /// is stored, a blob), else as FTS5 has it.
    unsafe fn column_text(&self, column: c_int) -> Result<Stored<'_>, c_int> {
        if let Some(texts) = &self.texts {
            return match texts.get(column as usize).ok_or(ffi::SQLITE_RANGE)? {
                Arg::Text(t) => Ok(Stored::Whole(Cow::Borrowed(t))),
                Arg::Stored(b) => Stored::parse(b).map_err(|_| ffi::SQLITE_CORRUPT),
            };
        }
        let (mut s, mut n) = (ptr::null(), 0);
        // SAFETY: as in `snippet`; the text stays valid for this row.
        unsafe {
            rc(self.api.xColumnText.ok_or(ffi::SQLITE_ERROR)?(
                self.fts, column, &mut s, &mut n,
            ))?;
            Ok(Stored::Whole(Cow::Borrowed(bytes(s, n))))
        }
    }

    unsafe fn column_size(&self, column: c_int) -> Result<usize, c_int> {
        let mut n = 0;
        // SAFETY: as in `snippet`.
        unsafe {
            rc(self.api.xColumnSize.ok_or(ffi::SQLITE_ERROR)?(
                self.fts, column, &mut n,
            ))?;
        }
        Ok(n.max(0) as usize)
    }

    /// The tokens of `text[from..to]`, with byte offsets into `text`.
    unsafe fn tokenize(&self, text: &[u8], from: usize, to: usize) -> Result<Vec<Token>, c_int> {
        let mut tokens = Vec::new();
        let mut push = |tflags: c_int, tok: &[u8], start: usize, end: usize| {
            // Our tokenizer writes no synonyms; skip any all the same.
            if tflags & ffi::FTS5_TOKEN_COLOCATED == 0 {
                tokens.push(Token {
                    start: from + start,
                    end: from + end,
                    text: tok.to_vec(),
                });
            }
        };
        let region = &text[from..to];
        let len = c_int::try_from(region.len()).map_err(|_| ffi::SQLITE_TOOBIG)?;
        let tokenize = self.api.xTokenize.ok_or(ffi::SQLITE_ERROR)?;
        // SAFETY: as in `snippet`; `push` outlives the call.
        unsafe { rc(with_tokens(tokenize, self.fts, region, len, &mut push))? };
        Ok(tokens)
    }
}

type Tokenize = unsafe extern "C" fn(
    *mut ffi::Fts5Context,
    *const c_char,
    c_int,
    *mut c_void,
    Option<unsafe extern "C" fn(*mut c_void, c_int, *const c_char, c_int, c_int, c_int) -> c_int>,
) -> c_int;

/// Runs FTS5's tokenizer over `region`, handing each token to `f`.
unsafe fn with_tokens<F: FnMut(c_int, &[u8], usize, usize)>(
    tokenize: Tokenize,
    fts: *mut ffi::Fts5Context,
    region: &[u8],
    len: c_int,
    f: &mut F,
) -> c_int {
    // SAFETY: `on_token::<F>` casts the context back to exactly `F`.
    unsafe {
        tokenize(
            fts,
            region.as_ptr().cast::<c_char>(),
            len,
            (f as *mut F).cast::<c_void>(),
            Some(on_token::<F>),
        )
    }
}

/// The tokenizer's callback: hands each token to the closure behind `ctx`.
unsafe extern "C" fn on_token<F: FnMut(c_int, &[u8], usize, usize)>(
    ctx: *mut c_void,
    tflags: c_int,
    token: *const c_char,
    n: c_int,
    start: c_int,
    end: c_int,
) -> c_int {
    // SAFETY: `ctx` is the `&mut F` that `with_tokens` passed.
    let f = unsafe { &mut *ctx.cast::<F>() };
    // SAFETY: FTS5 passes `n` valid bytes.
    let tok = unsafe { bytes(token, n) };
    let ok = catch_unwind(AssertUnwindSafe(|| {
        f(tflags, tok, start.max(0) as usize, end.max(0) as usize);
    }));
    if ok.is_ok() {
        ffi::SQLITE_OK
    } else {
        ffi::SQLITE_ERROR
    }
}

unsafe fn bytes<'a>(p: *const c_char, n: c_int) -> &'a [u8] {
    if p.is_null() || n <= 0 {
        return &[];
    }
    // SAFETY: the caller passes `n` readable bytes at `p`.
    unsafe { std::slice::from_raw_parts(p.cast::<u8>(), n as usize) }
}

fn rc(code: c_int) -> Result<(), c_int> {
    if code == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(code)
    }
}
