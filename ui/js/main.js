// Entry point: wires the modules together and starts the app.
// On startup: the session (list, sort, tag filter), then library_info,
// list_colors, list_tags and list_articles; then the article and the view
// the session left are opened again (none on first run: an empty reader).
import * as api from './api.js';
import { h, clear } from './dom.js';
import { state, on, emit } from './state.js';
import { loadPalette, applyPalette, DEFAULT_NAMES } from './palette.js';
import { initLibrary, reloadLibrary, step, clearSelection, filterByTag as filterArticles } from './library.js';
import { initSearch, focusSearch, clearSearch, refreshSearch } from './search.js';
import {
  initArticle, openArticle, selectRange, highlightSelection, closePopovers, cancelReattach, reloadCurrent, warmArticleView,
  isPopoverOpen, jumpTo,
} from './article.js';
import { initHighlightsView, showHighlightsView, orphansOnly, filterByTag as filterAnnotations } from './views/highlights.js';
import { initTagsView } from './views/tags.js';
import { initColorsView } from './views/colors.js';
import { initImport } from './import.js';
import { initLink } from './link.js';
import { initExport } from './export.js';
import { initShortcuts, showHelp } from './shortcuts.js';
import { showError, guard } from './toast.js';
import { afterPaint } from './later.js';
import { flushAll } from './drafts.js';
import { initTriage, moveCurrent, toggleStar, refreshCounts } from './triage.js';
import { flushPosition } from './position.js';
import { initSettings, flushSettings, closePanel, toggleFocus, resize } from './settings.js';
import { initDrawer, closeDrawer } from './drawer.js';
import { initFind, openFind, closeFind, articleChanged, findState } from './find.js';
import { initPassages, stepHighlight, copyFocused, selectByKeys } from './passages.js';
import { initDetails } from './details.js';
import { restoreSession, trackSession, sessionChanged, flushSession } from './session.js';
import { watchUpgrade } from './upgrade.js';
import { initUndo, undo, redo } from './undo.js';
import { initMenu } from './menu.js';
import { initUnplaced, markUnplaced } from './unplaced.js';
import { backUp } from './backup.js';

const $ = (id) => document.getElementById(id);
const VIEWS = ['reader', 'highlights', 'tags', 'colors'];

/** Where each view was scrolled to: they share the main pane's scroll. */
const scrolled = new Map();

function setView(name, opts = {}) {
  if (!VIEWS.includes(name)) return;
  const main = $('main');
  if (state.view && state.view !== name) scrolled.set(state.view, main.scrollTop);
  const changed = state.view !== name;
  state.view = name;
  for (const v of VIEWS) $(`${v}-view`).hidden = v !== name;
  if (changed) main.scrollTop = scrolled.get(name) || 0;
  document.body.dataset.view = name;
  closePopovers();
  if (name === 'highlights') showHighlightsView(opts);
  if (name !== 'reader') closeFind();
  markViews();
  sessionChanged();
}

/**
 * Marks the view buttons (only those of the toolbar: `body[data-view]`
 * matches the selector too): Unplaced when the highlights view shows only
 * unplaced highlights, All highlights otherwise.
 */
function markViews() {
  const orphans = state.view === 'highlights' && orphansOnly();
  for (const b of document.querySelectorAll('nav.views button[data-view]')) {
    b.setAttribute('aria-pressed', String(b.dataset.view === state.view && !(orphans && b.dataset.view === 'highlights')));
  }
  markUnplaced(orphans);
}

async function refreshTags() {
  const tags = await guard(() => api.listTags());
  if (!tags) return;
  state.tags = tags;
  const dl = $('tag-suggestions');
  clear(dl).append(...tags.map((t) => h('option', { value: t.name })));
  emit('tags', tags);
}

async function loadPaletteOrDefault() {
  try {
    await loadPalette();
  } catch (e) {
    showError(e);
    state.palette = DEFAULT_NAMES.map((name) => ({ name, label: name, hex: '' }));
    applyPalette([]);
    emit('palette', state.palette);
  }
}

function escape() {
  if (closePanel()) return true;
  if (closePopovers()) return true;
  if (closeFind()) return true;
  if (closeDrawer()) return true;
  if (cancelReattach()) return true;
  if (clearSearch()) return true;
  if (clearSelection()) return true;
  const sel = window.getSelection();
  if (sel && !sel.isCollapsed) { sel.removeAllRanges(); return true; }
  return false;
}

/** Whether the user is typing in the open article (a note, a tag, a popover). */
function typingInArticle() {
  const a = document.activeElement;
  return isPopoverOpen() || (!!a && a.matches('input, textarea, [contenteditable]')
    && !!a.closest('#main, #sidebar, .popover, dialog'));
}

let idleReload = null;
function reloadArticleWhenIdle() {
  clearTimeout(idleReload);
  if (typingInArticle()) { idleReload = setTimeout(reloadArticleWhenIdle, 1000); return; }
  emit('annotations-dirty');
}

async function showInfo() {
  try {
    const info = await api.libraryInfo();
    const el = $('library-path');
    el.textContent = info.path ? `Library: ${info.path}` : '';
    el.title = `${info.article_count} articles · schema ${info.schema_version}`;
  } catch (e) {
    showError(e);
  }
}

/** Opens the article and the view the session left. */
async function resume(session) {
  if (!session) return;
  if (session.article_id) await openArticle(session.article_id);
  const view = session.view === 'orphans' ? 'highlights' : session.view;
  if (view !== 'reader') setView(view, { orphansOnly: session.view === 'orphans' });
}

async function start() {
  // From the page's start to here: loading and evaluating the modules.
  performance.measure('start: modules', { start: 0 });
  const open = (id, opts) => openArticle(id, opts);
  initTriage({ element: $('state-tabs') });
  // The article already open, chosen again in the list: shown where the
  // reader left it, not loaded and drawn again from the top.
  initLibrary({ open: (id) => (state.current?.article.id === id ? setView('reader') : openArticle(id)) });
  initSearch({ open });
  initArticle();
  initHighlightsView({ element: $('highlights-view'), open });
  initTagsView({ element: $('tags-view') });
  initColorsView({ element: $('colors-view') });
  initImport({ button: $('import-btn'), folderButton: $('import-folder-btn') });
  initLink({ button: $('link-btn') });
  initExport({ button: $('export-btn') });
  initUndo();
  initUnplaced({ element: $('orphans-btn') });
  // An empty library says what to do first, with the two ways in.
  $('reader-empty').querySelector('[data-testid="empty-import"]').addEventListener('click', () => $('import-btn').click());
  $('reader-empty').querySelector('[data-testid="empty-link"]').addEventListener('click', () => $('link-btn').click());
  on('counts', (c) => {
    const none = c.inbox + c.later + c.archive + c.trash === 0;
    $('reader-empty').querySelector('.when-none').hidden = !none;
    $('reader-empty').querySelector('.when-some').hidden = none;
  });
  const click = (id) => () => $(id).click();
  initMenu({
    import: click('import-btn'),
    'import-folder': click('import-folder-btn'),
    'add-link': click('link-btn'),
    export: click('export-btn'),
    backup: () => backUp(),
    undo,
    redo,
    find: () => { if (state.view === 'reader') openFind(); },
    'view-reader': () => setView('reader'),
    'view-highlights': () => setView('highlights', { orphansOnly: false }),
    'view-tags': () => setView('tags'),
    'view-colors': () => setView('colors'),
    'reading-settings': click('settings-btn'),
    'focus-mode': () => toggleFocus(),
    'zoom-in': () => resize(1),
    'zoom-out': () => resize(-1),
    'zoom-reset': () => resize(0),
    shortcuts: () => showHelp(),
  });
  initShortcuts({
    focusSearch,
    step: (d) => { setView('reader'); return step(d); },
    highlight: (color) => highlightSelection(color),
    view: (name) => setView(name),
    triage: (what) => { if (state.view !== 'reader') return; if (what === 'star') toggleStar(); else moveCurrent(what); },
    escape,
    find: () => openFind(),
    focus: () => toggleFocus(),
    stepHighlight: (d) => stepHighlight(d),
    copy: () => copyFocused(),
    select: (what) => selectByKeys(what),
  });
  initSettings({ toggle: $('settings-btn') });
  initDrawer({ button: $('drawer-toggle'), sidebar: $('sidebar') });
  initFind({ element: $('find-bar'), scroller: $('main') });
  initPassages({ reader: $('reader'), showAnnotation: jumpTo, selectRange });
  initDetails();
  on('article-opened', () => articleChanged());

  on('view', ({ name }) => { if (state.view !== name) setView(name); });
  // A tag chip: the articles tagged so in the list, or the highlights and
  // notes tagged so in the browser.
  on('tag-chosen', ({ tag, scope }) => {
    if (scope === 'articles') { filterArticles(tag); return; }
    if (state.view !== 'highlights') setView('highlights', { orphansOnly: false });
    filterAnnotations(tag);
  });
  on('tags-dirty', () => { refreshTags(); refreshSearch(); });
  // Another process (the CLI, a second window on the same file) changed the
  // library: show what it holds now. The open article is redrawn only once
  // nothing is being typed in it, so no unsaved text is drawn over.
  api.listen('marginalia://changed-elsewhere', () => {
    emit('library-changed');
    emit('tags-dirty');
    reloadArticleWhenIdle();
  });
  on('annotations-dirty', () => { reloadCurrent(); });
  for (const b of document.querySelectorAll('nav.views button[data-view]')) b.addEventListener('click', () => setView(b.dataset.view, { orphansOnly: false }));
  on('highlights-filtered', markViews);
  $('orphans-btn').addEventListener('click', () => setView('highlights', { orphansOnly: true }));
  $('help-btn').addEventListener('click', showHelp);
  setView('reader');

  // Closing the window saves what is still being typed first (at most a
  // few seconds: a save that hangs must not keep the window open).
  const win = window.__TAURI__?.window?.getCurrentWindow?.();
  if (win) {
    win.onCloseRequested(() => Promise.race([
      Promise.all([flushAll(), flushPosition(), flushSettings(), flushSession()]),
      new Promise((r) => setTimeout(r, 3000)),
    ]))
      .catch(showError);
  }

  // Test hook: select a code-point range as a mouse would.
  window.marginalia = Object.freeze({
    selectRange: (start, end) => selectRange(start, end),
    findState: () => findState(),
  });

  // Timings for the benchmark (performance.getEntriesByType('measure')).
  const timed = (name, p) => {
    const t0 = performance.now();
    return p.finally(() => performance.measure(`start: ${name}`, { start: t0 }));
  };
  // Where the user was: the list, sort and filter before the list loads;
  // the view and the article once it has.
  const session = timed('session', restoreSession());
  const loaded = Promise.all([timed('info', showInfo()), timed('palette', loadPaletteOrDefault()),
    timed('tags', refreshTags()), session.then(() => timed('library', reloadLibrary())), timed('lists', refreshCounts())]);
  watchUpgrade($('upgrade-panel'), loaded);
  try {
    await loaded;
  } catch (e) {
    showError(e);
  }
  try {
    await resume(await session);
  } finally {
    trackSession();
    document.body.dataset.ready = 'true';
    performance.mark('start: ready');
  }
  // Once the library is on screen (the benchmark's cold start ends at this mark).
  afterPaint(() => {
    performance.mark('start: painted');
    const t0 = performance.now();
    warmArticleView();
    performance.measure('start: article view warm-up', { start: t0 });
  });
}

window.addEventListener('unhandledrejection', (e) => { e.preventDefault(); showError(e.reason); });
window.addEventListener('error', (e) => { console.error(e.error || e.message); });

start();
