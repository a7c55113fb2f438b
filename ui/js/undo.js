// Undo and redo. The history is the core's (every change since the app
// opened, undone in one transaction); this module only asks it to step,
// refreshes what is shown, and binds Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z and
// Ctrl+Y. While a field has the focus those keys are the field's own.
import * as api from './api.js';
import { emit } from './state.js';
import { toast, showError } from './toast.js';
import { isTypingTarget } from './dom.js';
import { once } from './menu.js';

/** Reloads everything a change can touch: lists, counts, tags, the reader. */
function refresh() {
  emit('library-changed');
  emit('tags-dirty');
  emit('annotations-dirty');
}

async function step(back) {
  try {
    const done = back ? await api.undo() : await api.redo();
    refresh();
    toast(`${back ? 'Undone' : 'Redone'}: ${done.label}`, back && done.state.redo
      ? { action: { label: 'Redo', fn: () => step(false) } }
      : {});
    return done;
  } catch (e) {
    if (e.code === 'nothing_to_undo' || e.code === 'nothing_to_redo') {
      toast(e.message);
    } else {
      // A change that can no longer be taken back is dropped by the core.
      showError(e);
      refresh();
    }
    return null;
  }
}

export const undo = () => step(true);
export const redo = () => step(false);

/**
 * A toast for a change just made, with an Undo button. The button takes
 * back this change only: after another change it says so instead.
 */
export async function undoable(message) {
  const made = await api.undoState().catch(() => null);
  const label = made && made.undo;
  toast(message, {
    action: {
      label: 'Undo',
      fn: async () => {
        const now = await api.undoState();
        if (label && now.undo !== label) {
          toast('Something else was changed since: use Edit › Undo (Ctrl+Z) to go back step by step.');
          return;
        }
        await undo();
      },
    },
  });
}

/** Whether a key event is Undo (-1), Redo (+1) or neither (0). */
export function undoKey(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return 0;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 1 : -1;
  if (k === 'y' && e.ctrlKey && !e.shiftKey) return 1;
  return 0;
}

export function initUndo() {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    const which = undoKey(e);
    if (!which || document.querySelector('dialog[open]') || isTypingTarget(e.target)) return;
    e.preventDefault();
    if (which < 0) once('undo', undo); else once('redo', redo);
  });
}
