//! Backups of the library file while it is in use, and restoring one.
//!
//! A backup is `VACUUM INTO` a new file on a connection of its own: one
//! read transaction, so it is a consistent snapshot even while the app
//! writes, and compact. It is written beside its name and renamed into
//! place, so a backup that stops half-way leaves no file that looks whole.
//!
//! Restoring checks the file first (a SQLite database that is a Marginalia
//! library, whole by `integrity_check`, not from a newer Marginalia), keeps
//! the current library as a safety copy, then copies the backup in with
//! SQLite's backup API on the writer: one step that other connections
//! (another window, the CLI) see at their next read, like any commit. A
//! backup from an older release is brought up to date as it comes in.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use time::OffsetDateTime;

use super::{Library, SCHEMA_VERSION, classify_open_error, configure, migrations, upgrade};
use crate::error::{Error, Result};

/// What a restore did: the library it replaced is kept at `safety_copy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub safety_copy: PathBuf,
    pub articles: u64,
    pub annotations: u64,
}

impl Library {
    /// Writes a consistent, compacted copy of the library to `dest`; a file
    /// there is replaced only once the copy is whole. Returns its size in
    /// bytes.
    pub fn backup_to(&self, dest: &Path) -> Result<u64> {
        let part = dest.with_file_name(format!(
            ".{}.part",
            dest.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("backup")
        ));
        let _ = std::fs::remove_file(&part);
        let conn = Connection::open_with_flags(
            self.path(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn, false)?;
        let target = part
            .to_str()
            .ok_or_else(|| Error::invalid(format!("{} is not a UTF-8 path", part.display())))?;
        let made = conn.execute("VACUUM INTO ?1", [target]);
        if let Err(e) = made {
            let _ = std::fs::remove_file(&part);
            return Err(e.into());
        }
        std::fs::rename(&part, dest)
            .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?;
        let size = std::fs::metadata(dest)
            .map_err(|e| Error::io(format!("cannot read {}", dest.display()), e))?
            .len();
        Ok(size)
    }

    /// Replaces the library's contents with the backup at `src`, after
    /// checking it and keeping the current library beside it as
    /// `<name>.before-restore-<time>.sqlite3`. Nothing changes when the
    /// backup is refused. Undo forgets what came before.
    pub fn restore_from(&self, src: &Path, now: OffsetDateTime) -> Result<Restored> {
        let backup = check_backup(src)?;
        let safety_copy = safety_copy_path(self.path(), now);
        self.backup_to(&safety_copy)?;
        {
            let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            {
                let copy = rusqlite::backup::Backup::new(&backup, &mut writer)?;
                copy.run_to_completion(1024, std::time::Duration::ZERO, None)?;
            }
            configure(&writer, true)?;
            migrations::run(&mut writer)?;
            upgrade::run(&mut writer, &mut |_| {})?;
        }
        self.forget_history();
        let count = |c: &Connection, table: &str| -> Result<u64> {
            let n: i64 = c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n.unsigned_abs())
        };
        let (articles, annotations) =
            self.read(|c| Ok((count(c, "articles")?, count(c, "annotations")?)))?;
        Ok(Restored {
            safety_copy,
            articles,
            annotations,
        })
    }
}

/// Opens `src` read-only and makes sure it is a whole Marginalia library
/// this release can read.
fn check_backup(src: &Path) -> Result<Connection> {
    if !src.is_file() {
        return Err(Error::io(
            format!("cannot read {}", src.display()),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let conn = Connection::open_with_flags(
        src,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify_open_error(src, e))?;
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| classify_open_error(src, e))?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew {
            path: src.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('articles', 'annotations', 'tags')",
        [],
        |r| r.get(0),
    )?;
    if found == 0 || tables < 3 {
        return Err(Error::invalid(format!(
            "{} is a SQLite database but not a Marginalia library",
            src.display()
        )));
    }
    let check: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::invalid(format!(
            "{} is damaged ({check}); nothing was restored",
            src.display()
        )));
    }
    Ok(conn)
}

fn safety_copy_path(library: &Path, now: OffsetDateTime) -> PathBuf {
    let stem = library
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("library");
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let mut path = library.with_file_name(format!("{stem}.before-restore-{stamp}.sqlite3"));
    let mut n = 2;
    while path.exists() {
        path = library.with_file_name(format!("{stem}.before-restore-{stamp}-{n}.sqlite3"));
        n += 1;
    }
    path
}
