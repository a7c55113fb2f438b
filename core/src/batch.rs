//! Importing many files at once: folders walked, files read and parsed on
//! several threads, every file stored by this one (the library's only
//! writer) in its own transaction, in the order the files were named.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, mpsc};

use time::OffsetDateTime;

use crate::articles::ImportedArticle;
use crate::error::{Error, Result};
use crate::import::{self, Found, ParsedArticle};
use crate::store::Library;

/// What became of one file of a batch.
#[derive(Debug)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub result: Result<Vec<ImportedArticle>>,
}

/// How many files are parsed at once by default: one per core but the one
/// the writer needs (at least one). On 2 cores one reader beside the writer
/// imports web pages faster than two (README, "Performance").
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
}

/// Parsed files waiting for the writer, at most this many per worker (a
/// bound on memory when one file takes long and the others do not).
const AHEAD_PER_WORKER: usize = 4;

impl Library {
    /// Imports every file `paths` name, folders recursively (see
    /// [`import::expand`]), parsing on `workers` threads. `each` hears of
    /// every file as it is stored, in order: its outcome, how many files
    /// are done and how many there are. A file that fails is reported and
    /// the others go on; a parser that panics fails its file only.
    pub fn import_paths(
        &self,
        paths: &[PathBuf],
        now: OffsetDateTime,
        workers: usize,
        mut each: impl FnMut(&FileOutcome, usize, usize),
    ) -> Vec<FileOutcome> {
        let found = import::expand(paths);
        let total = found.len();
        let workers = workers.clamp(1, total.max(1));
        let ahead = workers * AHEAD_PER_WORKER;
        let gate = Gate::default();
        let (send, parsed) = mpsc::sync_channel::<(usize, Parsed)>(ahead);
        let mut outcomes = Vec::with_capacity(total);
        std::thread::scope(|s| {
            for _ in 0..workers {
                let send = send.clone();
                let (found, gate) = (&found, &gate);
                s.spawn(move || {
                    while let Some(i) = gate.claim(total, ahead) {
                        if send.send((i, parse(&found[i]))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(send);
            // Stops the workers if this thread unwinds (a panicking `each`).
            let _stop = StopOnDrop(&gate);
            let mut waiting = BTreeMap::new();
            for (i, result) in parsed {
                waiting.insert(i, result);
                while let Some(result) = waiting.remove(&outcomes.len()) {
                    let path = found_path(&found[outcomes.len()]).to_path_buf();
                    let result = result
                        .and_then(|(name, articles)| self.store_parsed_file(&name, &articles, now));
                    outcomes.push(FileOutcome { path, result });
                    gate.written(outcomes.len());
                    each(outcomes.last().expect("just pushed"), outcomes.len(), total);
                }
            }
        });
        outcomes
    }
}

type Parsed = Result<(String, Vec<ParsedArticle>)>;

fn found_path(found: &Found) -> &Path {
    match found {
        Found::File(p) | Found::Unreadable(p, _) => p,
    }
}

fn parse(found: &Found) -> Parsed {
    let path = match found {
        Found::File(path) => path,
        Found::Unreadable(path, e) => {
            let e = std::io::Error::new(e.kind(), e.to_string());
            return Err(Error::io(format!("cannot read {}", path.display()), e));
        }
    };
    catch_unwind(AssertUnwindSafe(|| import::read_path(path))).unwrap_or_else(|_| {
        Err(Error::Unsupported {
            file: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            reason: "it could not be read: the reader for its format failed on it".into(),
        })
    })
}

/// Hands out file indexes to the workers, never more than `ahead` past the
/// last one written.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    next: usize,
    written: usize,
    stopped: bool,
}

impl Gate {
    fn claim(&self, total: usize, ahead: usize) -> Option<usize> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !s.stopped && s.next < total && s.next >= s.written + ahead {
            s = self.moved.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        if s.stopped || s.next >= total {
            return None;
        }
        s.next += 1;
        Some(s.next - 1)
    }

    fn written(&self, n: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).written = n;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).stopped = true;
        self.moved.notify_all();
    }
}

struct StopOnDrop<'a>(&'a Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}
