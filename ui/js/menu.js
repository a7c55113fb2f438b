// The application menu (src-tauri/src/menu.rs): each of Marginalia's items
// arrives as an event with its id and runs the same action as its button
// or key. Where the system gives a menu's keys to the menu (Linux, Windows)
// the key never reaches the page; where both see it, `once` makes sure the
// action runs once.
import { listen } from './api.js';
import { isTypingTarget } from './dom.js';

const recent = new Map();

/**
 * Runs `fn` for an action a key (`from` 'key') or the menu ('menu') asked
 * for, unless the other one ran it within the last 200 ms: one press seen
 * by both. Presses in quick succession from one of them all run.
 */
export function once(action, fn, from = 'key') {
  const now = performance.now();
  const last = recent.get(action);
  recent.set(action, { at: now, from });
  if (last && last.from !== from && now - last.at < 200) return;
  fn();
}

/** @param {Record<string, () => void>} actions by menu item id */
export function initMenu(actions) {
  listen('marginalia://menu', (e) => {
    const id = e.payload;
    if ((id === 'undo' || id === 'redo') && isTypingTarget(document.activeElement)) {
      // In a text field Undo and Redo are the field's own.
      document.execCommand(id);
      return;
    }
    const run = actions[id];
    if (run && !document.querySelector('dialog[open]')) once(id, run, 'menu');
  });
}
