// Triage: the library's lists (Inbox, Later, Archive, Starred, Continue
// reading, All, and the Trash while it holds something) with their counts, and moving the open article between
// them (buttons in the reader, keys e / l / s, with Undo).
import * as api from './api.js';
import { h, clear } from './dom.js';
import { state, emit, on } from './state.js';
import { guard } from './toast.js';
import { undoable } from './undo.js';

const LISTS = [
  { id: 'inbox', label: 'Inbox', query: { state: 'inbox' }, count: 'inbox' },
  { id: 'later', label: 'Later', query: { state: 'later' }, count: 'later' },
  { id: 'archive', label: 'Archive', query: { state: 'archive' }, count: 'archive' },
  { id: 'starred', label: '★ Starred', query: { starred: true }, count: 'starred' },
  { id: 'continue', label: 'Continue reading', query: { continue_reading: true }, count: 'continue_reading', sort: 'opened' },
  { id: 'all', label: 'All', query: {} },
  // Shown while it holds something (or is the list shown).
  { id: 'trash', label: 'Trash', query: { trashed: true }, count: 'trash' },
];
const STATES = [['inbox', 'Inbox'], ['later', 'Later'], ['archive', 'Archive']];

let el;
let current = LISTS[0];
let counts = null;

export function initTriage({ element }) {
  el = element;
  draw();
  on('library-changed', refreshCounts);
}

/** The list shown: what list_articles gets, and the sort it prefers (if any). */
export function listQuery() { return { ...current.query }; }
export function listSort() { return current.sort || null; }
export function listId() { return current.id; }

/** Shows list `id` (at launch, as the session left it), without reloading. */
export function setList(id) {
  current = LISTS.find((l) => l.id === id) || LISTS[0];
  draw();
}

export async function refreshCounts() {
  const c = await guard(() => api.stateCounts());
  if (c) { counts = c; draw(); emit('counts', c); }
}

function draw() {
  clear(el);
  for (const list of LISTS) {
    const n = counts && list.count ? counts[list.count] : null;
    if (list.id === 'trash' && !n && list !== current) continue;
    el.append(h('button', {
      type: 'button', class: 'state-tab', 'aria-pressed': String(list === current), dataset: { list: list.id },
      onclick: () => { current = list; draw(); emit('list-changed', list); },
    }, list.label, n == null ? null : h('span', { class: 'tab-count' }, String(n))));
  }
}

/** Moves the open article to `to` (inbox, later, archive), with Undo. */
export async function moveCurrent(to) {
  const a = state.current?.article;
  if (!a || a.state === to) return;
  if ((await guard(() => api.setState([a.id], to))) == null) return;
  changed(a.id, { state: to });
  undoable(`Moved to ${STATES.find(([s]) => s === to)[1]}`);
}

export async function toggleStar() {
  const a = state.current?.article;
  if (!a) return;
  const starred = !a.starred;
  if ((await guard(async () => { await api.setStarred([a.id], starred); return true; })) == null) return;
  changed(a.id, { starred });
  undoable(starred ? 'Starred' : 'Star removed');
}

function changed(id, fields) {
  if (state.current?.article.id === id) Object.assign(state.current.article, fields);
  emit('reading-changed', { id, ...fields });
  emit('library-changed');
}

/** The open article's state switch and star, for the reader's header. */
export function triageControls(article) {
  const group = h('span', { class: 'state-switch', role: 'group', 'aria-label': 'List' },
    STATES.map(([s, label]) => h('button', {
      type: 'button', class: 'small', 'aria-pressed': String(article.state === s), dataset: { state: s },
      title: { inbox: 'Back to the Inbox', later: 'Read later (l)', archive: 'Archive (e)' }[s],
      onclick: () => moveCurrent(s),
    }, label)));
  const star = h('button', {
    type: 'button', class: 'small star', 'aria-pressed': String(!!article.starred), 'data-testid': 'star',
    'aria-label': article.starred ? 'Remove the star' : 'Star', title: 'Star (s)', onclick: () => toggleStar(),
  }, article.starred ? '★' : '☆');
  return h('span', { class: 'triage' }, group, star);
}
