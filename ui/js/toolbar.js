// Floating selection toolbar: colour buttons, note and tags fields. It keeps
// the offsets computed when it was shown, so typing in its fields (which moves
// the DOM selection) does not lose the passage.
import { h, clear, parseTags } from './dom.js';
import { state, on } from './state.js';
import { paintCustom } from './palette.js';
import { placeNear } from './popover.js';

let el;
let colorsRow;
let noteInput;
let tagsInput;
let pending = null;
let onCreate = async () => {};

export function initToolbar({ element, create }) {
  el = element;
  onCreate = create;
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', 'Highlight selection');
  colorsRow = h('div', { class: 'toolbar-colors', role: 'group', 'aria-label': 'Highlight as' });
  noteInput = h('textarea', {
    rows: '2', class: 'toolbar-note', placeholder: 'Note (optional, Markdown)',
    'aria-label': 'Note for the highlight', dataset: { testid: 'note-input' },
  });
  tagsInput = h('input', {
    type: 'text', class: 'toolbar-tags', placeholder: 'Tags, comma-separated',
    'aria-label': 'Tags for the highlight', dataset: { testid: 'tags-input' },
    autocomplete: 'off', spellcheck: 'false', list: 'tag-suggestions',
  });
  const submitDefault = (e) => {
    if (e.key === 'Enter' && (e.target === tagsInput || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      highlightWith(state.palette[0]?.name || 'yellow');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      hideToolbar();
    }
  };
  noteInput.addEventListener('keydown', submitDefault);
  tagsInput.addEventListener('keydown', submitDefault);
  el.append(
    colorsRow,
    noteInput,
    tagsInput,
    h('button', { type: 'button', class: 'icon-btn toolbar-close', 'aria-label': 'Close', onclick: hideToolbar }, '×'),
  );
  // Keep the reader selection when pressing colour buttons.
  el.addEventListener('mousedown', (e) => {
    if (e.target instanceof Element && e.target.closest('.color-btn')) e.preventDefault();
  });
  renderColors();
  on('palette', renderColors);
}

function renderColors() {
  if (!colorsRow) return;
  clear(colorsRow);
  state.palette.forEach((c, i) => {
    const label = c.label || c.name;
    const b = h('button', {
      type: 'button', class: `color-btn hl-${c.name}`,
      // Named by what it shows (the label and its key), in the group
      // "Highlight as".
      title: `Highlight as ${label} (${i + 1})`,
      dataset: { testid: `color-${c.name}`, color: c.name },
      onclick: () => highlightWith(c.name),
    }, h('span', { class: 'color-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'color-label' }, label), ' ',
    h('span', { class: 'color-key' }, String(i + 1)));
    paintCustom(b, c.name);
    colorsRow.append(b);
  });
}

export function showToolbar(offsets, rect) {
  const fresh = !pending || pending.start !== offsets.start || pending.end !== offsets.end;
  pending = offsets;
  if (fresh) { noteInput.value = ''; tagsInput.value = ''; }
  el.hidden = false;
  placeNear(el, rect);
}

export function hideToolbar() {
  if (!el) return;
  el.hidden = true;
  pending = null;
}

export function isToolbarOpen() { return !!el && !el.hidden; }
export function toolbarElement() { return el; }

/**
 * Creates a highlight in `color` for the toolbar's passage, or, if the toolbar
 * is closed, for `fallback` offsets (the live selection).
 */
export async function highlightWith(color, fallback) {
  const off = pending || fallback;
  if (!off) return false;
  const note = pending ? noteInput.value.trim() : '';
  const tags = pending ? parseTags(tagsInput.value) : [];
  const ok = await onCreate(off, color, note, tags);
  if (ok) {
    hideToolbar();
    noteInput.value = '';
    tagsInput.value = '';
  }
  return ok;
}
