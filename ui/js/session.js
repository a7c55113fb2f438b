// Where the user was: the list, its sort and tag filter, the view and the
// open article, kept in the library (save_session) a moment after each
// change and when the window closes, and brought back at launch.
import * as api from './api.js';
import { state, on } from './state.js';
import { listId, setList } from './triage.js';
import { currentSort, currentTagFilter, restoreFilters } from './library.js';
import { orphansOnly } from './views/highlights.js';

const SAVE_AFTER_MS = 500;
let timer = null;
let started = false;
let last = '';

function now() {
  const view = state.view === 'highlights' && orphansOnly() ? 'orphans' : state.view;
  return {
    list: listId(), sort: currentSort(), tag: currentTagFilter(), view,
    article_id: state.current?.article?.id ?? null,
  };
}

/** Something the session holds changed: saved shortly. */
export function sessionChanged() {
  if (!started) return;
  clearTimeout(timer);
  timer = setTimeout(flushSession, SAVE_AFTER_MS);
}

export function flushSession() {
  clearTimeout(timer);
  if (!started) return Promise.resolve();
  const s = now();
  const json = JSON.stringify(s);
  if (json === last) return Promise.resolve();
  last = json;
  return api.saveSession(s).catch(() => { last = ''; });
}

/**
 * Reads the saved session and sets the list, sort and tag filter before the
 * library first loads. Returns what is left to restore once it has:
 * the view and the article.
 */
export async function restoreSession() {
  let s = null;
  try { s = await api.session(); } catch { s = null; }
  if (s) {
    setList(s.list);
    restoreFilters({ sort: s.sort, tag: s.tag });
    last = JSON.stringify(s);
  }
  return s;
}

/** From now on changes are saved (not while the session is being restored). */
export function trackSession() {
  started = true;
  for (const id of ['sort', 'tag-filter']) document.getElementById(id).addEventListener('change', sessionChanged);
  for (const ev of ['list-changed', 'article-opened', 'article-closed', 'highlights-filtered']) on(ev, sessionChanged);
}
