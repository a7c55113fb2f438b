// Keyboard shortcuts and the "?" help overlay. Nothing fires while typing in
// inputs/textareas (except Ctrl/Cmd+K and Escape).
import { h, clear, isTypingTarget } from './dom.js';
import { state } from './state.js';
import { once } from './menu.js';

export const SHORTCUTS = [
  ['/', 'Focus search'],
  ['Ctrl K', 'Focus search'],
  ['j / k', 'Next / previous article'],
  ['e', 'Archive the open article'],
  ['l', 'Read the open article later'],
  ['s', 'Star the open article (again: remove the star)'],
  ['Ctrl F', 'Find in the article (Enter / Shift Enter: next / previous)'],
  [']', 'Select the next sentence'],
  ['[', 'Select the previous sentence'],
  ['}', 'Select one sentence more'],
  ['{', 'Select the whole paragraph'],
  ['h', 'Highlight the selection in yellow'],
  ['1 – 5', 'Highlight the selection in colour 1–5'],
  ['n / p', 'Next / previous highlight'],
  ['c', 'Copy the highlight gone to, as a quote with the title'],
  ['Ctrl = / Ctrl − / Ctrl 0', 'Larger / smaller / default text size'],
  ['f', 'Focus mode: hide both side panes'],
  ['g a', 'All highlights'],
  ['g t', 'Tags'],
  ['g c', 'Colours'],
  ['g r', 'Back to the reader'],
  ['Ctrl Z', 'Undo the last change (highlights, notes, tags, lists, deletions)'],
  ['Ctrl Shift Z / Ctrl Y', 'Redo'],
  ['Esc', 'Close toolbar, popover or dialog; clear search'],
  ['?', 'This help'],
];

let help;
const SELECTS = { ']': 'next', '[': 'previous', '}': 'more', '{': 'paragraph' };

/**
 * @param {{focusSearch, step, highlight(color), view(name), triage(what), escape(): boolean,
 *          find(): boolean, focus(), stepHighlight(d), copy(), select(what)}} actions
 */
export function initShortcuts(actions) {
  help = document.getElementById('help-dialog');
  let gPending = 0;
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    const modal = document.querySelector('dialog[open]');
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
      if (modal) return;
      e.preventDefault();
      actions.focusSearch();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
      if (modal) return;
      e.preventDefault();
      once('find', () => actions.find());
      return;
    }
    if (e.key === 'Escape') {
      if (modal) return; // <dialog> closes itself
      if (actions.escape()) e.preventDefault();
      return;
    }
    if (modal || isTypingTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key;
    if (gPending && Date.now() - gPending < 1200) {
      gPending = 0;
      const view = { a: 'highlights', t: 'tags', c: 'colors', r: 'reader' }[key];
      if (view) { e.preventDefault(); actions.view(view); return; }
    }
    gPending = 0;
    if (key === '/') { e.preventDefault(); actions.focusSearch(); } else if (key === '?') { e.preventDefault(); showHelp(); } else if (key === 'j') { e.preventDefault(); actions.step(1); } else if (key === 'k') { e.preventDefault(); actions.step(-1); } else if (key === 'g') { gPending = Date.now(); } else if (key === 'e' || key === 'l' || key === 's') {
      e.preventDefault();
      actions.triage({ e: 'archive', l: 'later', s: 'star' }[key]);
    } else if (key === 'f') {
      e.preventDefault();
      actions.focus();
    } else if (key === 'n' || key === 'p') {
      e.preventDefault();
      actions.stepHighlight(key === 'n' ? 1 : -1);
    } else if (key === 'c') {
      e.preventDefault();
      actions.copy();
    } else if (key in SELECTS) {
      e.preventDefault();
      actions.select(SELECTS[key]);
    } else if (key === 'h') {
      e.preventDefault();
      const yellow = state.palette.find((c) => c.name === 'yellow') || state.palette[0];
      actions.highlight(yellow ? yellow.name : 'yellow');
    } else if (/^[1-9]$/.test(key)) {
      const c = state.palette[Number(key) - 1];
      if (c) { e.preventDefault(); actions.highlight(c.name); }
    }
  });
}

export function showHelp() {
  clear(help).append(
    h('h2', null, 'Keyboard shortcuts'),
    h('dl', { class: 'shortcut-list' }, SHORTCUTS.map(([k, d]) => [
      h('dt', null, k.split(' ').map((part) => (['/', '–'].includes(part) && k !== part ? ` ${part} ` : h('kbd', null, part)))),
      h('dd', null, d),
    ])),
    h('p', { class: 'muted small' }, 'Shortcuts are ignored while you type in a field.'),
    h('form', { method: 'dialog', class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Close')));
  if (!help.open) help.showModal();
}
