//! WAL checkpoints off the write path. The writer's automatic checkpoint
//! would copy pages and fsync inside whichever commit crosses the threshold;
//! instead a background thread with its own connection runs a PASSIVE
//! checkpoint shortly after writes (never blocking the writer), and at least
//! once a second during a long run of writes, so the WAL stays small.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use super::BUSY_TIMEOUT;

const QUIET: Duration = Duration::from_millis(200);
const AT_MOST_EVERY: Duration = Duration::from_secs(1);

pub(crate) struct Checkpointer {
    poke: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub(crate) fn start(path: &Path) -> rusqlite::Result<Checkpointer> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let (poke, pokes) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("marginalia-checkpoint".into())
            .spawn(move || run(&conn, &pokes))
            .ok();
        Ok(Checkpointer {
            poke: thread.is_some().then_some(poke),
            thread,
        })
    }

    /// Says that a write committed. Never blocks.
    pub(crate) fn poke(&self) {
        if let Some(p) = &self.poke {
            let _ = p.try_send(());
        }
    }
}

fn run(conn: &Connection, pokes: &Receiver<()>) {
    let checkpoint = || {
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    };
    // Each round: wait for a write, then for a quiet moment (or a second of
    // continuous writes), then checkpoint what has been committed.
    'rounds: while pokes.recv().is_ok() {
        let first = Instant::now();
        loop {
            match pokes.recv_timeout(QUIET) {
                Ok(()) if first.elapsed() < AT_MOST_EVERY => continue,
                Ok(()) | Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break 'rounds,
            }
        }
        checkpoint();
    }
    // The library is closing and this connection closes last. SQLite folds
    // the WAL back and deletes the -wal and -shm files on the last close,
    // but only on a connection that has used the WAL: after a command that
    // only read, this one had not, and the files were left behind.
    checkpoint();
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.poke.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
