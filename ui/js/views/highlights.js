// "All highlights" view: find_annotations across the library with filters
// (tag, colour, article, kind, orphans only); clicking opens the passage.
import * as api from '../api.js';
import { h, clear, noteHtml } from '../dom.js';
import { state, on, emit, colorLabel } from '../state.js';
import { paintCustom } from '../palette.js';
import { tagList } from '../tagchips.js';
import { loadedArticles } from '../library.js';
import { showError } from '../toast.js';

const PAGE = 100;
let root;
let f;
let list;
let more;
let status;
let rows = [];
let seq = 0;
let openFn = async () => {};

export function initHighlightsView({ element, open }) {
  root = element;
  openFn = open;
  f = {
    tag: h('select', { 'aria-label': 'Filter by tag' }),
    color: h('select', { 'aria-label': 'Filter by colour' }),
    article: h('select', { 'aria-label': 'Filter by article' }),
    kind: h('select', { 'aria-label': 'Filter by kind' },
      h('option', { value: '' }, 'Highlights and notes'),
      h('option', { value: 'highlight' }, 'Highlights'),
      h('option', { value: 'note' }, 'Article notes')),
    orphans: h('input', { type: 'checkbox', id: 'orphans-only' }),
  };
  list = h('ol', { class: 'result-list', 'aria-label': 'Annotations' });
  more = h('button', { type: 'button', class: 'load-more', hidden: true, onclick: () => load(true) }, 'Load more');
  status = h('p', { class: 'muted', 'aria-live': 'polite' });
  root.append(
    h('h2', { class: 'view-title' }, 'All highlights'),
    h('div', { class: 'filters' },
      f.tag, f.color, f.article, f.kind,
      h('label', { class: 'check' }, f.orphans, ' Orphans only')),
    status, list, more);
  for (const el of Object.values(f)) el.addEventListener('change', () => load(false));
  on('tags', fillTags);
  on('palette', fillColors);
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

function fillArticles() {
  const keep = f.article.value;
  const seen = new Set();
  const opts = [h('option', { value: '' }, 'All articles')];
  const add = (id, title) => {
    if (seen.has(id)) return;
    seen.add(id);
    opts.push(h('option', { value: id }, title || 'Untitled'));
  };
  if (state.current) add(state.current.article.id, `Current: ${state.current.article.title}`);
  for (const a of loadedArticles().slice(0, 500)) add(a.id, a.title);
  clear(f.article).append(...opts);
  f.article.value = seen.has(keep) ? keep : '';
}

/** Whether the view shows only orphaned highlights. */
export function orphansOnly() { return !!f && f.orphans.checked; }

/** Called when the view becomes visible. */
export function showHighlightsView({ orphansOnly } = {}) {
  fillArticles();
  if (orphansOnly !== undefined) f.orphans.checked = orphansOnly;
  load(false);
}

async function load(append) {
  const my = ++seq;
  const q = { offset: append ? rows.length : 0, limit: PAGE };
  if (f.tag.value) q.tag = f.tag.value;
  if (f.color.value) q.color = f.color.value;
  if (f.article.value) q.article_id = f.article.value;
  if (f.kind.value) q.kind = f.kind.value;
  if (f.orphans.checked) q.orphans_only = true;
  emit('highlights-filtered');
  let page;
  try {
    page = await api.findAnnotations(q);
  } catch (e) {
    if (my === seq) showError(e);
    return;
  }
  if (my !== seq) return;
  page = page || [];
  if (!append) { rows = []; clear(list); }
  rows.push(...page);
  list.append(...page.map(item));
  more.hidden = page.length < PAGE;
  status.textContent = rows.length === 0
    ? (f.orphans.checked ? 'No orphaned highlights. Everything is anchored.' : 'Nothing matches these filters yet.')
    : `${rows.length}${page.length < PAGE ? '' : '+'} shown`;
}

function item(a) {
  const sw = h('span', { class: `swatch hl-${a.color}`, title: colorLabel(a.color) });
  paintCustom(sw, a.color);
  const li = h('li', { class: `result ${a.orphaned ? 'orphan' : ''}`, dataset: { id: a.id } },
    h('button', {
      type: 'button', class: 'result-open',
      onclick: () => openFn(a.article_id, { annotationId: a.id }),
    },
    h('span', { class: 'result-article' }, a.article_title || 'Untitled'),
    h('span', { class: 'result-quote' }, sw,
      h('span', null, a.kind === 'note' ? 'Article note' : (a.quote || '')),
      a.orphaned ? h('span', { class: 'badge' }, 'orphaned') : null)),
    a.note_html ? noteHtml(a.note_html) : null,
    tagList(a.tags));
  return li;
}
