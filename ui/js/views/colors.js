// Colours view: the palette with editable labels (set_color_label).
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { state, on } from '../state.js';
import { paintCustom, replaceColor } from '../palette.js';
import { showError } from '../toast.js';
import { autosave } from '../drafts.js';

let root;
let list;

export function initColorsView({ element }) {
  root = element;
  list = h('ul', { class: 'color-list' });
  root.append(h('h1', { class: 'view-title' }, 'Colours'),
    h('p', { class: 'muted' }, 'Each colour has a fixed name and a label you choose, e.g. “agree” or “question”. Keys 1–5 pick them in this order.'),
    list);
  on('palette', render);
}

let rows = new Map(); // colour name -> {input, draft}

/**
 * Draws the palette. A label is saved as it is typed (drafts.js); when the
 * palette changes while a label is being typed (it was saved, or changed
 * elsewhere), the rows stay and only labels not being typed are updated.
 */
function render() {
  const names = state.palette.map((c) => c.name).join(' ');
  if (names === [...rows.keys()].join(' ')) {
    for (const c of state.palette) {
      const row = rows.get(c.name);
      if (!row.draft.dirty() && document.activeElement !== row.input) row.input.value = c.label || '';
    }
    return;
  }
  for (const row of rows.values()) row.draft.release();
  rows = new Map();
  clear(list);
  state.palette.forEach((c, i) => {
    const input = h('input', { type: 'text', value: c.label || '', 'aria-label': `Label for ${c.name}`, maxlength: '60' });
    const status = h('span', { class: 'save-state small', 'aria-live': 'polite' });
    const draft = autosave(input, {
      saved: c.label || '',
      status,
      // An emptied label goes back to the colour's name.
      save: async (text) => {
        const updated = await api.setColorLabel(c.name, text.trim() || c.name);
        replaceColor(updated);
      },
    });
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); draft.flush().catch(showError); } });
    rows.set(c.name, { input, draft });
    const sw = h('span', { class: `swatch big hl-${c.name}`, 'aria-hidden': 'true' });
    paintCustom(sw, c.name);
    list.append(h('li', { class: 'color-row' }, sw,
      h('span', { class: 'color-name' }, `${i + 1}. ${c.name}`), input, status,
      h('code', { class: 'muted' }, c.hex)));
  });
}
