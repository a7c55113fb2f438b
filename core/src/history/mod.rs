//! Undo and redo for the changes made through this [`Library`] since it was
//! opened. Each change saves the state of what it touches before and after,
//! in the same transaction; undo writes the "before" back in one
//! transaction, redo the "after". The history is the core's, so a redraw
//! of the UI cannot lose it; it is not kept across launches.
//!
//! Imports, reading positions, settings and deletions for good are not
//! changes that can be undone.

mod snapshot;

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::store::Library;
pub(crate) use snapshot::{Snapshot, Touched};

/// At most this many changes can be undone; older ones are forgotten.
const KEPT: usize = 200;

/// Edits to the same note within this many seconds undo as one.
const MERGE_SECONDS: i64 = 60;

#[derive(Debug)]
struct Step {
    label: String,
    before: Snapshot,
    after: Snapshot,
    /// Consecutive changes with the same key (typing in one note) merge.
    merge_key: Option<String>,
    at: Option<OffsetDateTime>,
}

#[derive(Debug, Default)]
pub(crate) struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
}

/// What Undo and Redo would do now, for menus and tooltips.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoState {
    /// The label of the change Undo takes back ("Delete highlight").
    pub undo: Option<String>,
    /// The label of the change Redo makes again.
    pub redo: Option<String>,
}

/// A change taken back or made again: what it was and what it touched, so
/// that the caller can show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undone {
    pub label: String,
    pub articles: Vec<String>,
    pub annotations: Vec<String>,
    /// What Undo and Redo would do next.
    pub state: UndoState,
}

/// How a change is labelled and whether it merges with the one before.
pub(crate) struct Change {
    pub label: String,
    /// Consecutive changes with the same key within [`MERGE_SECONDS`] of
    /// each other undo as one.
    pub merge_key: Option<String>,
    pub now: Option<OffsetDateTime>,
}

impl Change {
    pub fn new(label: impl Into<String>, now: OffsetDateTime) -> Change {
        Change {
            label: label.into(),
            merge_key: None,
            now: Some(now),
        }
    }

    /// A change that stores no time.
    pub fn untimed(label: impl Into<String>) -> Change {
        Change {
            label: label.into(),
            merge_key: None,
            now: None,
        }
    }
}

/// "1 article", "3 articles".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl History {
    fn state(&self) -> UndoState {
        UndoState {
            undo: self.done.last().map(|s| s.label.clone()),
            redo: self.undone.last().map(|s| s.label.clone()),
        }
    }

    fn push(&mut self, step: Step) {
        self.undone.clear();
        if let (Some(key), Some(top)) = (&step.merge_key, self.done.last_mut())
            && top.merge_key.as_ref() == Some(key)
            && let (Some(at), Some(top_at)) = (step.at, top.at)
            && (at - top_at).whole_seconds() <= MERGE_SECONDS
        {
            top.after = step.after;
            top.at = step.at;
            return;
        }
        self.done.push(step);
        if self.done.len() > KEPT {
            self.done.remove(0);
        }
    }
}

impl Library {
    /// Runs `op` in one write transaction as a change that can be undone:
    /// `touched` says (inside the same transaction) what it may change, and
    /// `op` adds what it creates.
    pub(crate) fn change<T>(
        &self,
        change: Change,
        touched: impl FnOnce(&Transaction<'_>) -> Result<Touched>,
        op: impl FnOnce(&Transaction<'_>, &mut Touched) -> Result<T>,
    ) -> Result<T> {
        self.write(|tx| {
            let mut touched = touched(tx)?;
            let mut before = Snapshot::before(tx, &touched)?;
            let out = op(tx, &mut touched)?;
            let after = Snapshot::after(tx, &touched, &mut before)?;
            if before != after {
                self.history().push(Step {
                    label: touched.label.take().unwrap_or(change.label),
                    before,
                    after,
                    merge_key: change.merge_key,
                    at: change.now,
                });
            }
            Ok(out)
        })
    }

    /// What Undo and Redo would do now.
    pub fn undo_state(&self) -> UndoState {
        self.history().state()
    }

    /// Takes back the last change made through this library (and not yet
    /// undone). A change that can no longer be taken back (its article was
    /// deleted for good since) is dropped with an error; nothing changes.
    pub fn undo(&self) -> Result<Undone> {
        self.step(true)
    }

    /// Makes the last undone change again.
    pub fn redo(&self) -> Result<Undone> {
        self.step(false)
    }

    fn step(&self, back: bool) -> Result<Undone> {
        self.write(|tx| {
            let step = {
                let mut h = self.history();
                let from = if back { &mut h.done } else { &mut h.undone };
                from.pop()
            };
            let Some(step) = step else {
                return Err(if back {
                    Error::NothingToUndo
                } else {
                    Error::NothingToRedo
                });
            };
            let target = if back { &step.before } else { &step.after };
            target.restore(tx)?;
            let undone = Undone {
                label: step.label.clone(),
                articles: target.article_ids(),
                annotations: target.annotation_ids(),
                state: UndoState::default(),
            };
            let mut h = self.history();
            if back {
                h.undone.push(step);
            } else {
                h.done.push(step);
            }
            Ok(Undone {
                state: h.state(),
                ..undone
            })
        })
    }

    /// Forgets every change so far: what the library was given rather
    /// than what its user did.
    pub(crate) fn forget_history(&self) {
        let mut h = self.history();
        h.done.clear();
        h.undone.clear();
    }

    fn history(&self) -> std::sync::MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(|p| p.into_inner())
    }
}
