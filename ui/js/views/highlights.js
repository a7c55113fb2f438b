// The highlights browser ("All highlights"): every highlight and note in the
// library, filtered by words (the search engine's index), tag, colour,
// article (type-ahead over the whole library), kind, list and unplaced;
// sorted; counted. The list is virtual (only the rows on screen are drawn),
// so 100k highlights scroll like 100. A row opens its passage, Edit changes
// it in place, a tag chip filters by its tag; rows can be selected many at
// a time for the bar's actions.
import * as api from '../api.js';
import { h, clear, debounce, dateOnly, noteHtml } from '../dom.js';
import { state, on, emit, colorLabel } from '../state.js';
import { paintCustom } from '../palette.js';
import { showError } from '../toast.js';
import { virtualList } from '../virtual.js';
import { multiSelect } from '../select.js';
import { annotationBar, annotationActions, plural } from '../bulk.js';
import { offerMenu } from '../contextmenu.js';
import { annotationEntries } from '../reader-menu.js';
import { editAnnotation } from './edit-dialog.js';
import { articlePicker } from './article-picker.js';
import { tagInItem } from '../tagchips.js';
import { UNPLACED_MEANING } from '../unplaced.js';

/** Every row's height in px: two lines of quote, one of note and tags. */
const ROW = 112;
let root;
let f;
let picker;
let list;
let rows;
let status;
let meaning;
let title;
let bar;
let selection;
let seq = 0;
let openFn = async () => {};

export function initHighlightsView({ element, open }) {
  root = element;
  openFn = open;
  const select = (label, options) => h('select', { 'aria-label': label }, options.map(([v, t]) => h('option', { value: v }, t)));
  f = {
    text: h('input', {
      type: 'search', placeholder: 'Words in highlights, notes, tags', 'aria-label': 'Filter by words',
      'data-testid': 'highlights-text', autocomplete: 'off', spellcheck: 'false',
    }),
    sort: select('Sort', [['newest', 'Newest first'], ['oldest', 'Oldest first'], ['article', 'By article'], ['color', 'By colour']]),
    tag: h('select', { 'aria-label': 'Filter by tag' }),
    color: h('select', { 'aria-label': 'Filter by colour' }),
    kind: select('Filter by kind', [['', 'Highlights and notes'], ['highlight', 'Highlights'], ['note', 'Article notes']]),
    state: select('Filter by list', [['', 'Any list'], ['inbox', 'Inbox'], ['later', 'Later'], ['archive', 'Archive']]),
    orphans: h('input', { type: 'checkbox', id: 'orphans-only' }),
  };
  picker = articlePicker({ changed: () => load() });
  list = h('ol', {
    class: 'result-list hl-browser', role: 'listbox', 'aria-multiselectable': 'true', 'aria-label': 'Highlights and notes',
    'data-testid': 'highlights-list',
  });
  status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'highlights-count' });
  title = h('h1', { class: 'view-title' }, 'All highlights');
  meaning = h('p', { class: 'view-intro', 'data-testid': 'unplaced-meaning', hidden: true }, UNPLACED_MEANING);
  bar = h('div', { class: 'bulk-bar', 'data-testid': 'highlights-bulk-bar', hidden: true });
  root.append(
    title,
    h('div', { class: 'filters' },
      f.text, f.sort, f.tag, f.color, picker.element, f.kind, f.state,
      h('label', { class: 'check' }, f.orphans, ' Unplaced only')),
    meaning, status, bar, list);
  f.text.addEventListener('input', debounce(() => load(), 250));
  for (const [k, el] of Object.entries(f)) if (k !== 'text') el.addEventListener('change', () => load());
  const scroller = root.closest('.scroll') || document.scrollingElement;
  rows = virtualList({
    list, scroller, rowHeight: ROW,
    fetch: (offset, limit) => api.findAnnotations({ ...query(), offset, limit }).catch((e) => { showError(e); throw e; }),
    render: row,
    placeholder: (i) => h('li', { class: 'result hl-row placeholder', role: 'option', 'aria-busy': 'true', tabindex: '-1', dataset: { id: `pending-${i}` } }, '…'),
    drawn: () => { selection.refresh(); refocus(); },
  });
  selection = multiSelect(list, {
    open: (id) => { const a = findRow(id); if (a) openFn(a.article_id, { annotationId: a.id }); },
    allIds: () => api.annotationIds(query()),
    changed: (ids) => annotationBar(bar, ids, { done: (leaves) => { if (leaves) selection.clear(); } }),
  });
  offerMenu(list, rowMenu);
  // E edits the focused row.
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'e' || e.ctrlKey || e.metaKey || e.altKey) return;
    const a = rowOf(e.target);
    if (!a) return;
    e.preventDefault();
    editAnnotation(a, () => refresh());
  });
  on('tags', fillTags);
  on('palette', fillColors);
  on('annotations-dirty', () => { if (!root.hidden) refresh(); });
}

/** The annotation of the row `el` is in, as find_annotations gave it. */
function rowOf(el) {
  const li = el instanceof Element ? el.closest('[role="option"][data-index]') : null;
  return li && list.contains(li) ? rows.rowAt(Number(li.dataset.index)) || null : null;
}

/**
 * A row's context menu: for the selection when the row is in it, else for
 * the row (open, edit, copy, its tags, and the colours it is not).
 */
function rowMenu(target) {
  const a = rowOf(target);
  if (!a) return null;
  const anchor = target.closest('[role="option"]');
  const chosen = selection.ids();
  const done = (leaves) => { if (leaves) selection.clear(); };
  if (chosen.length > 1 && chosen.includes(a.id)) {
    return { entries: annotationActions(chosen, { done }), label: `${chosen.length} annotations`, anchor };
  }
  return {
    entries: [
      { label: 'Open in its article', run: () => openFn(a.article_id, { annotationId: a.id }) },
      { label: 'Edit…', run: () => editAnnotation(a, () => refresh()) },
      ...annotationEntries(a, { title: a.article_title }, done),
    ],
    label: a.kind === 'note' ? 'Article note' : 'Highlight',
    anchor,
  };
}

/** The row drawn for annotation `id`: {id, article_id}. */
function findRow(id) {
  const li = list.querySelector(`[role="option"][data-id="${CSS.escape(id)}"]`);
  return li && li.dataset.article ? { id, article_id: li.dataset.article } : null;
}

function fillTags(tags) {
  const keep = f.tag.value;
  clear(f.tag).append(h('option', { value: '' }, 'Any tag'), ...tags.map((t) => h('option', { value: t.name }, t.name)));
  f.tag.value = tags.some((t) => t.name === keep) ? keep : '';
}

function fillColors(palette) {
  const keep = f.color.value;
  clear(f.color).append(h('option', { value: '' }, 'Any colour'),
    ...palette.map((c) => h('option', { value: c.name }, c.label || c.name)));
  f.color.value = palette.some((c) => c.name === keep) ? keep : '';
}

/** Shows only what carries `tag` (a chip was clicked). */
export function filterByTag(tag) {
  if (![...f.tag.options].some((o) => o.value === tag)) f.tag.append(h('option', { value: tag }, tag));
  f.tag.value = tag;
  load();
}

function query() {
  const q = { sort: f.sort.value || 'newest' };
  const text = f.text.value.trim();
  if (text) q.text = text;
  if (f.tag.value) q.tag = f.tag.value;
  if (f.color.value) q.color = f.color.value;
  if (picker.value()) q.article_id = picker.value();
  if (f.kind.value) q.kind = f.kind.value;
  if (f.state.value) q.state = f.state.value;
  if (f.orphans.checked) q.orphans_only = true;
  return q;
}

/** Whether the view shows only orphaned highlights. */
export function orphansOnly() { return !!f && f.orphans.checked; }

/** Called when the view becomes visible. */
export function showHighlightsView({ orphansOnly } = {}) {
  picker.offerCurrent(state.current?.article || null);
  if (orphansOnly !== undefined) f.orphans.checked = orphansOnly;
  load();
}

async function load() {
  const my = ++seq;
  const q = query();
  meaning.hidden = !f.orphans.checked;
  title.textContent = f.orphans.checked ? 'Unplaced highlights' : 'All highlights';
  emit('highlights-filtered');
  selection.clear();
  let total;
  let first;
  try {
    [total, first] = await Promise.all([api.countAnnotations(q), api.findAnnotations({ ...q, offset: 0, limit: 100 })]);
  } catch (e) {
    if (my === seq) { showError(e); status.textContent = 'Could not load the highlights.'; }
    return;
  }
  if (my !== seq) return;
  rows.reset(total, first);
  showCount(total);
}

/**
 * The row that had the focus when the rows were fetched again (after an
 * edit from its menu or E): it gets it back once drawn.
 */
let focusBack = null;
function refocus() {
  if (!focusBack || (document.activeElement && document.activeElement !== document.body)) return;
  const li = list.querySelector(`[role="option"][data-id="${CSS.escape(focusBack)}"]`);
  if (li) { focusBack = null; selection.focusId(li.dataset.id); }
}

/** After a change: the count and the rows on screen again, the selection kept. */
async function refresh() {
  const had = list.contains(document.activeElement) ? document.activeElement.closest('[role="option"]') : null;
  if (had) focusBack = had.dataset.id;
  const my = ++seq;
  let total;
  try {
    total = await api.countAnnotations(query());
  } catch (e) {
    if (my === seq) showError(e);
    return;
  }
  if (my !== seq) return;
  rows.refresh(total);
  showCount(total);
}

function showCount(total) {
  const filtered = Object.keys(query()).some((k) => k !== 'sort');
  status.textContent = total === 0
    ? (f.orphans.checked ? 'No unplaced highlights: every highlight has its place in its article.'
      : filtered ? 'Nothing matches these filters.'
        : 'No highlights yet. Open an article, select a passage and pick a colour (or press 1–5); write a note on it, or on the whole article.')
    : `${plural(total, 'highlight or note', 'highlights and notes')}`;
}

/** A note's text without its markup: a row is an option, which may hold no link. */
function noteText(a) {
  return a.note_html ? noteHtml(a.note_html, 'note-html').textContent.replace(/\s+/g, ' ').trim() : '';
}

function row(a) {
  const sw = h('span', { class: `swatch hl-${a.color}`, role: 'img', 'aria-label': `Colour: ${colorLabel(a.color)}`, title: colorLabel(a.color) });
  paintCustom(sw, a.color);
  const tags = (a.tags || []).map((t) => tagInItem(t, 'annotations'));
  // For the mouse; the keyboard has E and the context menu (an option may
  // hold no button).
  const edit = h('span', {
    class: 'hl-edit', 'aria-hidden': 'true', 'data-testid': 'edit-highlight', title: 'Edit colour, note and tags (E)',
    onclick: (e) => { e.stopPropagation(); editAnnotation(a, () => refresh()); },
  }, 'Edit');
  const note = noteText(a);
  return h('li', {
    class: `result hl-row ${a.orphaned ? 'orphan' : ''}`, role: 'option', tabindex: '-1',
    'aria-selected': String(selection.has(a.id)), dataset: { id: a.id, article: a.article_id, testid: 'highlight-row' },
  },
  h('div', { class: 'hl-line' }, sw,
    h('span', { class: 'result-article' }, a.article_title || 'Untitled'),
    a.orphaned ? h('span', { class: 'badge', title: UNPLACED_MEANING }, 'unplaced') : null,
    h('span', { class: 'hl-date muted small' }, dateOnly(a.created_at)), edit),
  h('div', { class: 'result-quote hl-quote' }, a.kind === 'note' ? 'Article note' : (a.quote || '')),
  h('div', { class: 'hl-line hl-foot' },
    h('span', { class: note ? 'note-html hl-note' : 'hl-note' }, note),
    tags.length ? h('span', { class: 'hl-tags' }, tags) : null));
}
