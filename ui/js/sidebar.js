// Annotation sidebar for the open article: highlights in text order, then
// article notes, then unplaced highlights (with an explanation and a
// Re-attach button).
import { h, clear, noteHtml } from './dom.js';
import { tagList } from './tagchips.js';
import { colorLabel } from './state.js';
import { paintCustom } from './palette.js';
import { eachFrame } from './later.js';
import { pagesOf } from './blocks.js';

function swatch(color) {
  const s = h('span', { class: `swatch hl-${color}`, role: 'img', 'aria-label': `Colour: ${colorLabel(color)}`, title: colorLabel(color) });
  paintCustom(s, color);
  return s;
}

function item(a, handlers, { orphan = false } = {}) {
  const quote = a.kind === 'note' ? 'Article note' : (a.quote || '');
  const li = h('li', {
    class: `annotation ${a.kind} ${orphan ? 'orphan' : ''}`,
    dataset: { testid: 'annotation', id: a.id },
  });
  const head = h('div', { class: 'ann-head' },
    swatch(a.color),
    h('button', {
      type: 'button', class: 'ann-quote linklike',
      'aria-label': orphan ? `Unplaced highlight: ${quote}` : `Jump to: ${quote}`,
      onclick: (e) => { e.stopPropagation(); handlers.onJump(a); },
    }, quote));
  // A PDF's highlight names its page, to cite it by.
  if (handlers.pageAt && a.start != null && !orphan) {
    head.append(h('span', { class: 'ann-page', title: 'Page in the PDF' }, `p. ${handlers.pageAt(a.start)}`));
  }
  li.append(head);
  if (a.note_html) li.append(noteHtml(a.note_html));
  const tags = tagList(a.tags);
  if (tags) li.append(tags);
  const actions = h('div', { class: 'ann-actions' },
    h('button', {
      type: 'button', class: 'small',
      onclick: (e) => { e.stopPropagation(); handlers.onEdit(a, li.getBoundingClientRect()); },
    }, 'Edit'));
  if (orphan) {
    actions.append(h('button', {
      type: 'button', class: 'small primary',
      onclick: (e) => { e.stopPropagation(); handlers.onReattach(a); },
    }, 'Re-attach'));
  }
  li.append(actions);
  li.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('a, button, input, textarea')) return;
    handlers.onJump(a);
  });
  return li;
}

/** Items built before renderSidebar returns; the rest follow in later tasks. */
const FIRST_ITEMS = 12;
const CHUNK_ITEMS = 25;

/** Lists still being filled: {list, anns, next, handlers, opts}. */
let pending = [];
let generation = 0;
/** How many more items the current render builds before returning. */
let firstBudget = FIRST_ITEMS;

/** Appends up to `limit` more items of pending list `p`; returns how many. */
function fill(p, limit) {
  const frag = document.createDocumentFragment();
  const stop = Math.min(p.anns.length, p.next + limit);
  const from = p.next;
  for (; p.next < stop; p.next++) frag.append(item(p.anns[p.next], p.handlers, p.opts));
  p.list.append(frag);
  return p.next - from;
}

const filled = (p) => p.next >= p.anns.length;

/** Builds every item still pending (before looking one up). */
function finishSidebar() {
  for (const p of pending) fill(p, Infinity);
  pending = [];
}

/** Builds the pending items a chunk at a time after painted frames. */
function scheduleSidebar(gen) {
  eachFrame(() => {
    if (gen !== generation || pending.length === 0) return false;
    fill(pending[0], CHUNK_ITEMS);
    if (filled(pending[0])) pending.shift();
    return pending.length > 0;
  });
}

/** An <ol> whose first items are built now and the rest in later tasks. */
function lazyList(attrs, anns, handlers, opts = {}) {
  const p = { list: h('ol', attrs), anns, next: 0, handlers, opts };
  firstBudget -= fill(p, firstBudget);
  if (!filled(p)) pending.push(p);
  return p.list;
}

/**
 * A long list of annotations (a 1,000-highlight article) is built a chunk at
 * a time: the first items now, the rest in later tasks.
 * @param {HTMLElement} el
 * @param {{article, annotations}|null} data
 * @param {{onJump, onEdit, onReattach}} handlers
 */
export function renderSidebar(el, data, handlers) {
  generation++;
  pending = [];
  firstBudget = FIRST_ITEMS;
  const keep = data ? el.scrollTop : 0; // a re-render after an edit keeps its place
  clear(el);
  el.append(h('h2', { class: 'pane-title' }, 'Annotations'));
  if (!data) {
    el.append(h('p', { class: 'empty-state small' }, 'Open an article to see its highlights and notes.'));
    return;
  }
  const anns = data.annotations || [];
  handlers = { ...handlers, pageAt: pagesOf(data.article.structure) };
  const placed = anns.filter((a) => a.kind === 'highlight' && !a.orphaned && a.start != null)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const notes = anns.filter((a) => a.kind === 'note')
    .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  const orphans = anns.filter((a) => a.kind === 'highlight' && (a.orphaned || a.start == null));

  if (placed.length === 0 && notes.length === 0 && orphans.length === 0) {
    el.append(h('p', { class: 'empty-state small' },
      'No highlights yet. Select text in the article and pick a colour (or press 1–5).'));
    return;
  }
  if (placed.length || notes.length) {
    el.append(lazyList({ class: 'annotation-list', 'aria-label': 'Highlights and notes' },
      placed.concat(notes), handlers));
  }
  if (orphans.length) {
    el.append(h('section', { class: 'orphans', 'aria-label': 'Unplaced highlights' },
      h('h2', { class: 'section-label' }, `Unplaced (${orphans.length})`),
      h('p', { class: 'muted small' },
        'These highlights lost their place when the article’s text changed: their passage could not be ' +
        'found again. Their notes and tags are kept. Choose “Re-attach” and then select the passage ' +
        'it belongs to in the text.'),
      lazyList({ class: 'annotation-list' }, orphans, handlers, { orphan: true })));
  }
  if (keep > 0) {
    finishSidebar();
    el.scrollTop = keep;
  }
  if (pending.length) scheduleSidebar(generation);
}

/** Scrolls a sidebar item into view and flashes it. */
export function flashSidebarItem(el, id) {
  finishSidebar();
  const li = el.querySelector(`[data-testid="annotation"][data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  li.scrollIntoView({ block: 'nearest' });
  li.classList.remove('flash');
  void li.offsetWidth;
  li.classList.add('flash');
  setTimeout(() => li.classList.remove('flash'), 1800);
}
