// Search-as-you-type (150 ms debounce). While the box has text, the library
// list is replaced by hits; the tag filter and a colour filter apply.
import * as api from './api.js';
import { h, clear, snippetInto, debounce } from './dom.js';
import { parseSnippet } from './snippet.js';
import { on, colorLabel } from './state.js';
import { paintCustom } from './palette.js';
import { setListHidden, currentTagFilter } from './library.js';
import { showError } from './toast.js';

const $ = (id) => document.getElementById(id);
let els;
let seq = 0;
let openFn = async () => {};
/** Hits per page; "Show more" fetches the next. */
const PAGE = 50;
let shown = 0;
let more;

export function initSearch({ open }) {
  openFn = open;
  els = { input: $('search'), results: $('search-results'), color: $('color-filter'), tag: $('tag-filter'), status: $('search-status') };
  const run = debounce(runSearch, 150);
  els.input.addEventListener('input', run);
  els.input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && els.input.value) { e.preventDefault(); e.stopPropagation(); clearSearch(); }
    if (e.key === 'ArrowDown') { e.preventDefault(); els.results.querySelector('.hit-btn[tabindex="0"]')?.focus(); }
  });
  // The results are one Tab stop: the arrow keys, Home and End move
  // through them (↑ from the first goes back to the search box).
  els.results.addEventListener('keydown', (e) => {
    const all = [...els.results.querySelectorAll('.hit-btn')];
    const at = all.indexOf(e.target);
    if (at < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    if (to < 0) { els.input.focus(); return; }
    rove(all[Math.min(to, all.length - 1)]).focus();
  });
  els.results.addEventListener('focusin', (e) => { if (e.target.classList?.contains('hit-btn')) rove(e.target); });
  els.color.addEventListener('change', runSearch);
  els.tag.addEventListener('change', () => { if (active()) runSearch(); });
  els.results.addEventListener('click', (e) => {
    const li = e.target instanceof Element ? e.target.closest('[data-testid="search-hit"]') : null;
    if (!li) return;
    // An article hit opens at its passage with the matched words marked.
    const terms = parseSnippet(li.dataset.snippet || '').filter((p) => p.mark).map((p) => p.text);
    openFn(li.dataset.articleId, {
      annotationId: li.dataset.annotationId || undefined,
      offset: li.dataset.offset ? Number(li.dataset.offset) : undefined,
      terms,
    });
  });
  more = h('button', { type: 'button', class: 'load-more', hidden: true, 'data-testid': 'search-more', onclick: () => runSearch(true) }, 'Show more');
  els.results.after(more);
  on('palette', fillColors);
}

/** Makes `btn` the results' one Tab stop. */
function rove(btn) {
  for (const b of els.results.querySelectorAll('.hit-btn[tabindex="0"]')) if (b !== btn) b.tabIndex = -1;
  btn.tabIndex = 0;
  return btn;
}

function fillColors(palette) {
  const keep = els.color.value;
  clear(els.color);
  els.color.append(h('option', { value: '' }, 'Any colour'));
  for (const c of palette) els.color.append(h('option', { value: c.name }, c.label || c.name));
  els.color.value = palette.some((c) => c.name === keep) ? keep : '';
}

function active() { return els.input.value.trim() !== ''; }

export function focusSearch() {
  els.input.focus();
  els.input.select();
}

/** Searches the library for `text` (as a phrase), as if it were typed. */
export function searchFor(text) {
  els.input.value = `"${text.replace(/"/g, ' ').replace(/\s+/g, ' ').trim()}"`;
  els.input.focus();
  runSearch();
}

export function clearSearch() {
  if (!els.input.value) return false;
  els.input.value = '';
  runSearch();
  return true;
}

function setMode(searching) {
  setListHidden(searching);
  els.results.hidden = !searching;
  if (!searching) more.hidden = true;
  els.color.hidden = !searching;
  els.status.hidden = !searching;
  document.body.classList.toggle('searching', searching);
}

async function runSearch(append = false) {
  const my = ++seq;
  const text = els.input.value.trim();
  if (!text) {
    setMode(false);
    clear(els.results);
    return;
  }
  setMode(true);
  const query = { text, limit: PAGE, offset: append === true ? shown : 0 };
  const tag = currentTagFilter();
  if (tag) query.tag = tag;
  if (els.color.value) query.color = els.color.value;
  let page;
  try {
    page = await api.search(query);
  } catch (e) {
    if (my !== seq) return;
    clear(els.results);
    more.hidden = true;
    els.status.textContent = e && e.code === 'invalid_input' ? e.message : 'Search failed.';
    if (!(e && e.code === 'invalid_input')) showError(e);
    return;
  }
  if (my !== seq) return;
  render(page.hits || [], page.total, append === true);
}

const KIND = { article: 'Article', highlight: 'Highlight', note: 'Note' };

const plural = (n) => `${n.toLocaleString()} match${n === 1 ? '' : 'es'}`;

function render(hits, total, append) {
  if (!append) { clear(els.results); shown = 0; }
  shown += hits.length;
  const left = total == null ? hits.length === PAGE : shown < total;
  more.hidden = !left;
  if (shown === 0) els.status.textContent = 'No matches.';
  else if (total == null) els.status.textContent = `More than 1,000 matches · ${shown.toLocaleString()} shown`;
  else els.status.textContent = shown < total ? `${plural(total)} · ${shown.toLocaleString()} shown` : plural(total);
  const frag = document.createDocumentFragment();
  for (const hit of hits) {
    const sw = hit.color ? h('span', { class: `swatch hl-${hit.color}`, role: 'img', 'aria-label': `Colour: ${colorLabel(hit.color)}`, title: colorLabel(hit.color) }) : null;
    if (sw) paintCustom(sw, hit.color);
    frag.append(h('li', {
      class: `search-hit kind-${hit.kind}`,
      dataset: {
        testid: 'search-hit', articleId: hit.article_id, annotationId: hit.annotation_id || '', kind: hit.kind,
        offset: hit.offset == null ? '' : String(hit.offset), snippet: hit.snippet || '',
      },
    },
    h('button', { type: 'button', class: 'hit-btn', tabindex: '-1' },
      h('span', { class: 'hit-head' }, h('span', { class: 'kind' }, KIND[hit.kind] || hit.kind), sw,
        h('span', { class: 'hit-title' }, hit.title || 'Untitled')),
      snippetInto(h('span', { class: 'snippet' }), hit.snippet || ''))));
  }
  els.results.append(frag);
  const first = els.results.querySelector('.hit-btn');
  if (first && !els.results.querySelector('.hit-btn[tabindex="0"]')) first.tabIndex = 0;
}

export function refreshSearch() { if (active()) runSearch(); }
