// Annotation sidebar for the open article: highlights in text order, then
// article notes, then orphans (with an explanation and a Re-attach button).
import { h, clear, noteHtml } from './dom.js';
import { tagList } from './tagchips.js';
import { colorLabel } from './state.js';
import { paintCustom } from './palette.js';

function swatch(color) {
  const s = h('span', { class: `swatch hl-${color}`, title: colorLabel(color) });
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
      'aria-label': orphan ? `Orphaned highlight: ${quote}` : `Jump to: ${quote}`,
      onclick: (e) => { e.stopPropagation(); handlers.onJump(a); },
    }, quote));
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

/**
 * @param {HTMLElement} el
 * @param {{article, annotations}|null} data
 * @param {{onJump, onEdit, onReattach}} handlers
 */
export function renderSidebar(el, data, handlers) {
  clear(el);
  el.append(h('h2', { class: 'pane-title' }, 'Annotations'));
  if (!data) {
    el.append(h('p', { class: 'empty-state small' }, 'Open an article to see its highlights and notes.'));
    return;
  }
  const anns = data.annotations || [];
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
    el.append(h('ol', { class: 'annotation-list', 'aria-label': 'Highlights and notes' },
      placed.map((a) => item(a, handlers)), notes.map((a) => item(a, handlers))));
  }
  if (orphans.length) {
    el.append(h('section', { class: 'orphans', 'aria-label': 'Orphaned highlights' },
      h('h3', null, `Orphaned (${orphans.length})`),
      h('p', { class: 'muted small' },
        'These highlights lost their place when the article text changed on re-import: the quoted ' +
        'passage could not be found again. Their notes and tags are kept. Use “Re-attach” and then ' +
        'select the matching passage in the text.'),
      h('ol', { class: 'annotation-list' }, orphans.map((a) => item(a, handlers, { orphan: true })))));
  }
}

/** Scrolls a sidebar item into view and flashes it. */
export function flashSidebarItem(el, id) {
  const li = el.querySelector(`[data-testid="annotation"][data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  li.scrollIntoView({ block: 'nearest' });
  li.classList.remove('flash');
  void li.offsetWidth;
  li.classList.add('flash');
  setTimeout(() => li.classList.remove('flash'), 1800);
}
