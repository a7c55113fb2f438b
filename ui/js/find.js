// Find in the open article (Ctrl/⌘+F): every match of the typed words in
// the canonical text, case-insensitive, marked as CSS custom highlights
// over the drawn text (the text and its offsets are untouched); the count,
// Enter / Shift+Enter for the next / previous one, Esc to close.
import { h, clear } from './dom.js';
import { state } from './state.js';
import { rangeFor, scrollToOffset } from './reader.js';
import { utf16Cursor } from './offsets.js';

/** Matches marked at most (the count goes on past it). */
const MAX_MARKED = 2000;
const ALL = 'find-match';
const CURRENT = 'find-current';
const canMark = () => typeof Highlight === 'function' && !!globalThis.CSS?.highlights;

let bar;
let input;
let count;
let matches = []; // [{start, end}] code points, in order
let at = -1;
let articleId = null;

export function initFind({ element, scroller }) {
  bar = element;
  // WebKit does not paint a custom highlight in paragraphs it skipped
  // (content-visibility) when the highlight was made: once scrolling
  // stops, the marks are made again so the paragraphs now on screen show them.
  let repaint = null;
  scroller.addEventListener('scroll', () => {
    if (bar.hidden || !canMark()) return;
    clearTimeout(repaint);
    repaint = setTimeout(markAll, 120);
  }, { passive: true });
  input = h('input', {
    type: 'search', 'aria-label': 'Find in the article', placeholder: 'Find in the article', 'data-testid': 'find-input',
    spellcheck: 'false', autocomplete: 'off',
    oninput: () => run(),
    onkeydown: (e) => {
      if (e.key === 'Enter') { e.preventDefault(); step(e.shiftKey ? -1 : 1); } else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeFind(); }
    },
  });
  count = h('span', { class: 'find-count', 'data-testid': 'find-count', 'aria-live': 'polite' });
  clear(bar).append(input, count,
    h('button', { type: 'button', class: 'small', 'aria-label': 'Previous match', title: 'Previous (Shift+Enter)', onclick: () => step(-1) }, '↑'),
    h('button', { type: 'button', class: 'small', 'aria-label': 'Next match', title: 'Next (Enter)', onclick: () => step(1) }, '↓'),
    h('button', { type: 'button', class: 'small subtle', 'aria-label': 'Close find', title: 'Close (Esc)', onclick: () => closeFind() }, '✕'));
}

/** Opens the bar (with the selected words, if any) or selects what it holds. */
export function openFind() {
  if (!state.current || state.view !== 'reader') return false;
  const sel = window.getSelection()?.toString().trim();
  bar.hidden = false;
  if (sel && sel.length < 200 && !sel.includes('\n')) input.value = sel;
  input.focus();
  input.select();
  run();
  return true;
}

/** Closes the bar and takes the marks away; true when it was open. */
export function closeFind() {
  if (!bar || bar.hidden) return false;
  bar.hidden = true;
  unmark();
  matches = [];
  at = -1;
  return true;
}

/** The open article changed: its matches are looked for again. */
export function articleChanged() {
  if (bar && !bar.hidden) run();
}

function unmark() {
  if (!canMark()) return;
  CSS.highlights.delete(ALL);
  CSS.highlights.delete(CURRENT);
}

function run() {
  const a = state.current?.article;
  unmark();
  matches = [];
  at = -1;
  const q = input.value.trim();
  if (!a || !q) { show(); return; }
  const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), 'giu');
  const toCp = utf16Cursor(a.text);
  for (const m of a.text.matchAll(re)) {
    if (m[0].length === 0) break;
    const start = toCp(m.index);
    matches.push({ start, end: toCp(m.index + m[0].length) });
  }
  markAll();
  // The first match at or after the top of the view, like a browser's find.
  const from = articleId === a.id ? (a.position || 0) : 0;
  articleId = a.id;
  at = matches.length ? Math.max(0, matches.findIndex((m) => m.start >= from)) : -1;
  go();
}

/** Marks the matches (the first MAX_MARKED) and the current one. */
function markAll() {
  if (!canMark() || bar.hidden) return;
  const hl = new Highlight();
  for (const m of matches.slice(0, MAX_MARKED)) {
    const r = rangeFor(m.start, m.end);
    if (r) hl.add(r);
  }
  CSS.highlights.set(ALL, hl);
  markCurrent();
}

function markCurrent() {
  if (!canMark() || at < 0) return;
  const m = matches[at];
  const r = rangeFor(m.start, m.end);
  if (r) CSS.highlights.set(CURRENT, new Highlight(r));
}

function step(d) {
  if (!matches.length) return;
  at = (at + d + matches.length) % matches.length;
  go();
}

function go() {
  show();
  if (at < 0) return;
  markCurrent();
  scrollToOffset(matches[at].start);
}

function show() {
  const q = input.value.trim();
  if (!q) { count.textContent = ''; delete count.dataset.none; return; }
  if (!matches.length) { count.textContent = 'No matches'; count.dataset.none = ''; return; }
  delete count.dataset.none;
  count.textContent = `${at + 1} of ${matches.length}`;
}

/** For the test hook: the current match as code points, and how many. */
export function findState() {
  return { count: matches.length, at, current: at >= 0 ? matches[at] : null };
}
