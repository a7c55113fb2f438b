// Library pane: paged article list (100 at a time, infinite scroll), sort and
// tag filter, active-article marking, j/k navigation.
import * as api from './api.js';
import { h, clear, dateOnly } from './dom.js';
import { eachFrame } from './later.js';
import { state, on, emit } from './state.js';
import { showError, guard, toast } from './toast.js';
import { listQuery, listSort, listId } from './triage.js';
import { confirmDialog } from './dialogs.js';
import { multiSelect } from './select.js';
import { tagInItem } from './tagchips.js';
import { articleBar, articleActions } from './bulk.js';
import { offerMenu, SEPARATOR } from './contextmenu.js';

/** How long the Trash keeps an article (core's TRASH_DAYS). */
const TRASH_DAYS = 30;

const PAGE = 100;
// Items built before the first frame: more than the tallest window shows.
// The rest of a page is built after it is painted, a chunk at a time.
const FIRST_ITEMS = 30;
const CHUNK_ITEMS = 10;
const $ = (id) => document.getElementById(id);
let els;
let items = [];
let drawn = 0; // items[0..drawn] are in the list; the rest are still to build
let drawing = false;
let total = 0;
let loading = false;
let more = null; // the page being loaded by loadMore, if any
let seq = 0;
let activeId = null;
let listHidden = false;
let openFn = async () => {};
let selection;

export function initLibrary({ open }) {
  openFn = open;
  els = {
    list: $('library'), more: $('load-more'), status: $('library-status'), sort: $('sort'), tag: $('tag-filter'), bar: $('bulk-bar'),
  };
  els.sort.addEventListener('change', () => reloadLibrary());
  els.tag.addEventListener('change', () => { reloadLibrary(); });
  els.more.addEventListener('click', () => loadMore());
  if ('IntersectionObserver' in window) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { root: els.list.closest('.scroll') || null, rootMargin: '400px' });
    io.observe(els.more);
  }
  selection = multiSelect(els.list, {
    open: (id) => openFn(id),
    allIds: () => api.listArticleIds(query(0, null)),
    changed: (ids) => {
      els.list.classList.toggle('choosing', ids.length > 0);
      articleBar(els.bar, ids, { trash: listId() === 'trash', done: (leaves) => { if (leaves) selection.clear(); } });
    },
  });
  offerMenu(els.list, articleMenu);
  on('tags', fillTagSelect);
  on('article-opened', (data) => setActive(data.article.id));
  on('article-updated', (data) => updateItem(data));
  on('library-changed', () => reloadLibrary());
  on('list-changed', () => {
    selection.clear();
    const sort = listSort();
    if (sort) els.sort.value = sort;
    reloadLibrary();
  });
}

/**
 * The context menu of an article in the list: for the selection when the
 * article is in it, else for the article alone (with Open, its tags, and
 * only the moves and star that change something).
 */
function articleMenu(target) {
  const li = target.closest('[role="option"]');
  if (!li || !els.list.contains(li)) return null;
  const id = li.dataset.id;
  const chosen = selection.ids();
  const ids = chosen.includes(id) ? chosen : [id];
  const done = (leaves) => { if (leaves) selection.clear(); };
  let actions = articleActions(ids, { trash: listId() === 'trash', done });
  const a = items.find((x) => x.id === id);
  if (ids.length > 1 || !a) return { entries: actions, label: `${ids.length} articles`, anchor: li };
  actions = actions.filter((x) => x.key !== a.state && x.key !== (a.starred ? 'star' : 'unstar'));
  const tags = (a.tags || []).map((t) => ({ label: `Show articles tagged “${t}”`, run: () => emit('tag-chosen', { tag: t, scope: 'articles' }) }));
  return { entries: [{ label: 'Open', run: () => openFn(id) }, SEPARATOR, ...actions, SEPARATOR, ...tags], label: a.title || 'Article', anchor: li };
}

// The tag filter the session left, until the tags it names are listed.
let pendingTag = null;

export function currentTagFilter() { return els.tag.value || pendingTag || null; }
export function currentSort() { return els.sort.value || 'newest'; }

/** Shows only the articles tagged `tag` (a tag chip was clicked). */
export function filterByTag(tag) {
  if (![...els.tag.options].some((o) => o.value === tag)) els.tag.append(h('option', { value: tag }, tag));
  els.tag.value = tag;
  els.tag.dispatchEvent(new Event('change'));
}

/** The sort and tag filter the session left (before the first load). */
export function restoreFilters({ sort, tag }) {
  if (sort && [...els.sort.options].some((o) => o.value === sort)) els.sort.value = sort;
  pendingTag = tag || null;
}

function fillTagSelect(tags) {
  const keep = els.tag.value || pendingTag;
  pendingTag = null;
  clear(els.tag);
  els.tag.append(h('option', { value: '' }, 'All tags'));
  // Only tags that articles carry: the list filters articles (a tag only on
  // highlights would show an empty list).
  const carried = tags.filter((t) => t.articles > 0);
  for (const t of carried) els.tag.append(h('option', { value: t.name }, `${t.name} (${t.articles})`));
  const still = carried.some((t) => t.name === keep);
  els.tag.value = still ? keep : '';
  if (keep && !still) els.tag.dispatchEvent(new Event('change'));
}

function query(offset, limit = PAGE) {
  const q = { ...listQuery(), sort: els.sort.value || 'newest', offset };
  if (limit != null) q.limit = limit;
  const tag = currentTagFilter();
  if (tag) q.tag = tag;
  return q;
}

/** Reloads from the first page. Resolves once the first page is rendered. */
export async function reloadLibrary() {
  const my = ++seq;
  loading = true;
  try {
    const page = await api.listArticles(query(0));
    if (my !== seq) return;
    items = page.items || [];
    total = page.total ?? items.length;
    clear(els.list);
    drawn = 0;
    draw(FIRST_ITEMS);
  } catch (e) {
    if (my !== seq) return;
    items = []; drawn = 0; total = 0; clear(els.list);
    showError(e);
    loading = false;
    els.more.hidden = true;
    els.status.textContent = `Could not load the library: ${e && e.message ? e.message : e}`;
    return;
  } finally {
    if (my === seq && loading) { loading = false; updateStatus(); }
  }
}

/**
 * Loads the next page. While one is loading, returns that load, so a caller
 * that needs the next items (j at the end of the list) waits for them
 * instead of finding nothing (the scroll observer may have started it).
 */
export function loadMore() {
  if (more) return more;
  if (loading || items.length >= total) return Promise.resolve();
  more = fetchMore().finally(() => { more = null; });
  return more;
}

async function fetchMore() {
  const my = seq;
  loading = true;
  try {
    const page = await api.listArticles(query(items.length));
    if (my !== seq) return;
    const fresh = (page.items || []).filter((a) => !items.some((b) => b.id === a.id));
    items.push(...fresh);
    total = page.total ?? total;
    if (fresh.length === 0) total = items.length; // nothing more to get
    draw(PAGE);
  } catch (e) {
    showError(e);
  } finally {
    if (my === seq) { loading = false; updateStatus(); }
  }
}

/** Builds up to `n` more items now, and the rest after painted frames. */
function draw(n) {
  build(n);
  scheduleRest();
}

function build(n) {
  const end = Math.min(items.length, drawn + n);
  if (end <= drawn) return;
  const frag = document.createDocumentFragment();
  frag.append(...items.slice(drawn, end).map(renderItem));
  els.list.append(frag);
  if (drawn === 0) selection.refresh();
  drawn = end;
}

function scheduleRest() {
  if (drawing || drawn >= items.length) return;
  drawing = true;
  eachFrame(() => {
    build(CHUNK_ITEMS);
    drawing = drawn < items.length;
    return drawing;
  });
}

/** Every fetched item in the list (before looking one up). */
function drawAll() { build(items.length); }

function updateStatus() {
  els.more.hidden = listHidden || items.length >= total;
  clear(els.status);
  if (listId() === 'trash') {
    els.status.append(trashStatus());
    return;
  }
  if (total === 0) {
    const filtered = Object.keys(listQuery()).length > 0;
    els.status.append(els.tag.value || filtered
      ? h('span', null, els.tag.value ? 'No articles with this tag here.' : 'Nothing in this list.')
      : h('span', { class: 'empty-state small' },
        'Your library is empty. Use Import, or drop .txt / .md files on the window.'));
  } else {
    els.status.textContent = `${total.toLocaleString()} article${total === 1 ? '' : 's'}` +
      (items.length < total ? ` · showing ${items.length.toLocaleString()}` : '');
  }
}

/** The Trash's line: what it holds, how long, and Empty Trash. */
function trashStatus() {
  if (total === 0) return h('span', null, 'The Trash is empty.');
  return h('span', { class: 'trash-status' },
    `${total.toLocaleString()} in the Trash · deleted for good after ${TRASH_DAYS} days `,
    h('button', {
      type: 'button', class: 'small danger', 'data-testid': 'empty-trash',
      onclick: async () => {
        const ok = await confirmDialog(`Delete the ${total.toLocaleString()} article(s) in the Trash, with their highlights and notes, for good? This cannot be undone.`,
          { ok: 'Empty Trash', danger: true });
        if (!ok) return;
        const n = await guard(() => api.emptyTrash());
        if (n == null) return;
        emit('library-changed');
        emit('tags-dirty');
        toast(`Deleted ${n.toLocaleString()} article(s) for good`);
      },
    }, 'Empty Trash'));
}

function renderItem(a) {
  // Who and when, when the article says; else where it came from and when it came in.
  const meta = (a.author || a.published
    ? [a.author, dateOnly(a.published)]
    : [a.source, dateOnly(a.imported_at)]).filter(Boolean).join(' · ');
  const count = a.highlight_count || 0;
  const read = a.progress != null && a.progress > 0
    ? h('span', { class: 'progress', title: `${a.progress}% read` }, `${a.progress}%`) : null;
  return h('li', {
    class: 'article-item', role: 'option', tabindex: '-1', dataset: { testid: 'article-item', id: a.id },
    'aria-current': a.id === activeId ? 'true' : null, 'aria-selected': String(selection.has(a.id)),
  },
  h('div', { class: 'article-btn' },
    h('span', { class: 'article-title' }, a.starred ? h('span', { class: 'star-mark', 'aria-label': 'Starred' }, '★ ') : null, a.title || 'Untitled'),
    h('span', { class: 'item-meta' }, meta),
    h('span', { class: 'article-foot' },
      a.tags && a.tags.length ? h('span', { class: 'tags' }, a.tags.map((t) => tagInItem(t, 'articles'))) : null,
      read,
      h('span', { class: 'count', title: `${count} highlight${count === 1 ? '' : 's'}, ${a.note_count || 0} note(s)` },
        `${count} ✎`))));
}

function setActive(id) {
  activeId = id;
  for (const li of els.list.querySelectorAll('[aria-current="true"]')) li.removeAttribute('aria-current');
  const li = els.list.querySelector(`[data-id="${CSS.escape(id)}"]`);
  if (li) li.setAttribute('aria-current', 'true');
  selection.opened(id);
}

function updateItem(data) {
  const i = items.findIndex((x) => x.id === data.article.id);
  if (i < 0) return;
  const anns = data.annotations || [];
  items[i] = {
    ...items[i], title: data.article.title, tags: data.article.tags,
    highlight_count: anns.filter((a) => a.kind === 'highlight').length,
    note_count: anns.filter((a) => a.kind === 'note').length,
  };
  const old = els.list.querySelector(`[data-id="${CSS.escape(data.article.id)}"]`);
  if (old) { old.replaceWith(renderItem(items[i])); selection.refresh(); }
}

/** j/k: opens the next (+1) or previous (-1) article in the list. */
export async function step(delta) {
  let i = items.findIndex((x) => x.id === activeId);
  i = i < 0 ? (delta > 0 ? 0 : items.length - 1) : i + delta;
  if (i >= items.length && items.length < total) await loadMore();
  if (i < 0 || i >= items.length) return;
  const id = items[i].id;
  await openFn(id);
  drawAll();
  els.list.querySelector(`[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
}

export function loadedArticles() { return items; }
/** Esc: ends a selection of articles; says whether there was one. */
export function clearSelection() { return selection.clear(); }
export function setListHidden(hidden) {
  listHidden = hidden;
  els.list.hidden = hidden;
  els.status.hidden = hidden;
  els.more.hidden = hidden || items.length >= total;
  els.sort.hidden = hidden;
}
