//! The library file: one writer connection, a small pool of read-only
//! readers, connection settings in one place, and the schema migrations.

mod backup;
mod checkpoint;
mod migrations;
mod upgrade;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
pub use backup::Restored;
pub use migrations::{MIGRATIONS, SCHEMA_VERSION};
pub use upgrade::UpgradeProgress;

/// The application identifier; the desktop app's data directory is named
/// after it, so the CLI and the app find the same library by default.
pub const APP_IDENTIFIER: &str = "app.marginalia.desktop";
const DB_FILE_NAME: &str = "library.sqlite3";
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the library lives when nothing else is said: `MARGINALIA_DB`, else
/// [`user_db_path`].
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("MARGINALIA_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    user_db_path()
}

/// The library in the per-user app data directory, the one the desktop app's
/// own files (window state) sit beside: `$XDG_DATA_HOME` or
/// `~/.local/share/app.marginalia.desktop/` on Linux,
/// `~/Library/Application Support/app.marginalia.desktop/` on macOS,
/// `%APPDATA%\app.marginalia.desktop\` (roaming) on Windows.
pub fn user_db_path() -> Result<PathBuf> {
    let dir = dirs::data_dir().ok_or_else(|| {
        Error::invalid("no per-user data directory on this system; pass --db PATH")
    })?;
    Ok(dir.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}

/// An open library. Cheap to share across threads (`Arc<Library>`): writes are
/// serialised on the one writer; reads use their own read-only connections.
pub struct Library {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// Set while a [`Library::tidy_search_index`] runs, so only one does.
    pub(crate) tidying: AtomicBool,
    /// The writer's `PRAGMA data_version` when last looked at.
    seen_version: Mutex<Option<i64>>,
    /// The changes that can be undone and redone (locked inside the
    /// writer's lock, never the other way round).
    pub(crate) history: Mutex<crate::history::History>,
    // Declared last: dropped after the other connections, so its connection
    // is the last to close and SQLite folds the WAL back into the file.
    checkpointer: checkpoint::Checkpointer,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("path", &self.path).finish()
    }
}

impl Library {
    /// Opens (or creates) the library at `path` and brings its schema up to
    /// date. A file that is not a SQLite database, or one written by a newer
    /// Marginalia, is refused before anything is written to it.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        Library::open_with_progress(path, &mut |_| {})
    }

    /// [`Library::open`], telling `report` how an upgrade of the library's
    /// storage goes (a large library takes a while; none is told when there
    /// is nothing to upgrade). An upgrade stopped by a kill goes on here.
    pub fn open_with_progress(
        path: impl AsRef<Path>,
        report: &mut dyn FnMut(UpgradeProgress),
    ) -> Result<Library> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        }
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| classify_open_error(&path, e))?;
        // A setting of this connection, not a write: from here on every
        // step waits for another process that is creating or migrating the
        // same file instead of failing at once.
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify_open_error(&path, e))?;
        // Read the version before any statement that could write (even
        // `journal_mode = WAL` rewrites the header), so a refused file is
        // left byte-for-byte as it was.
        let found: i64 = retry_busy(|| conn.pragma_query_value(None, "user_version", |r| r.get(0)))
            .map_err(|e| classify_open_error(&path, e))?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                path,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        retry_busy(|| configure(&conn, true)).map_err(|e| classify_open_error(&path, e))?;
        migrations::run(&mut conn)?;
        upgrade::run(&mut conn, report)?;
        let checkpointer = checkpoint::Checkpointer::start(&path)?;
        Ok(Library {
            path,
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            tidying: AtomicBool::new(false),
            seen_version: Mutex::new(None),
            history: Mutex::default(),
            checkpointer,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one IMMEDIATE transaction on the writer: all of it commits
    /// or none of it does.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        self.checkpointer.poke();
        Ok(out)
    }

    /// Runs `f` on a read-only connection, inside one read transaction so
    /// that everything it reads is one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&c, false)?;
                c
            }
        };
        conn.execute_batch("BEGIN")?;
        let out = f(&conn);
        // A read transaction has nothing to keep; end it either way.
        let _ = conn.execute_batch("COMMIT");
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(conn);
        out
    }
}

impl Library {
    /// Whether another connection (the CLI, a second app on the same file)
    /// has committed a change since the last call; the first call says no.
    /// Read on the writer, whose `data_version` moves only for commits made
    /// elsewhere, so this library's own writes never count. `None` when the
    /// writer is busy (ask again later).
    pub fn changed_elsewhere(&self) -> Result<Option<bool>> {
        let Ok(conn) = self.writer.try_lock() else {
            return Ok(None);
        };
        let now: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        drop(conn);
        let mut seen = self.seen_version.lock().unwrap_or_else(|p| p.into_inner());
        let changed = seen.is_some_and(|v| v != now);
        *seen = Some(now);
        Ok(Some(changed))
    }

    /// Checks the whole file: SQLite's `integrity_check` (every page, index
    /// and constraint) and the full-text index against the tables (FTS5's
    /// own `integrity-check`). Returns the problems found; none means sound.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        // On the writer: FTS5's check is a write statement that changes nothing.
        self.write(|tx| {
            let mut problems: Vec<String> = tx
                .prepare("PRAGMA integrity_check")?
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()?;
            problems.retain(|p| p != "ok");
            if let Err(e) = tx.execute(
                "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
                [],
            ) {
                problems.push(format!("full-text index: {e}"));
            }
            Ok(problems)
        })
    }
}

/// Connection settings, in one place for writer and readers alike.
fn configure(conn: &Connection, writer: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    if writer {
        // 64 MiB of page cache for the writer (SQLite's default is 2 MiB):
        // full-text index inserts and merges touch many pages. Readers scan
        // and keep the default, so an export's memory stays small.
        conn.pragma_update(None, "cache_size", -65536)?;
        // Checkpoints run in the background (checkpoint.rs), not in commits.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    crate::search::snippet::register(conn)?;
    crate::texts::register(conn)
}

/// Runs `f` again while SQLite answers "busy" without having waited, for up
/// to the busy timeout. SQLite skips the busy handler where waiting could
/// deadlock: two connections that both read a new file and then both try
/// to switch it to WAL. One of them must let go and try again.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    use rusqlite::ffi::ErrorCode;
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match f() {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            outcome => return outcome,
        }
    }
}

fn classify_open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            Error::io(
                format!("cannot open {}", path.display()),
                std::io::Error::other(e.to_string()),
            )
        }
        _ => Error::Database(e),
    }
}
