// Colours view: the palette with editable labels (set_color_label).
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { state, on } from '../state.js';
import { paintCustom, replaceColor } from '../palette.js';
import { toast, guard } from '../toast.js';

let root;
let list;

export function initColorsView({ element }) {
  root = element;
  list = h('ul', { class: 'color-list' });
  root.append(h('h2', { class: 'view-title' }, 'Colours'),
    h('p', { class: 'muted' }, 'Each colour has a fixed name and a label you choose, e.g. “agree” or “question”. Keys 1–5 pick them in this order.'),
    list);
  on('palette', render);
}

function render() {
  clear(list);
  state.palette.forEach((c, i) => {
    const input = h('input', { type: 'text', value: c.label || '', 'aria-label': `Label for ${c.name}`, maxlength: '60' });
    const save = async () => {
      const label = input.value.trim();
      if (label === (c.label || '')) return;
      const updated = await guard(() => api.setColorLabel(c.name, label));
      if (updated) { replaceColor(updated); toast(`Label saved: ${updated.label || updated.name}`); } else input.value = c.label || '';
    };
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); save(); } });
    input.addEventListener('change', save);
    const sw = h('span', { class: `swatch big hl-${c.name}`, 'aria-hidden': 'true' });
    paintCustom(sw, c.name);
    list.append(h('li', { class: 'color-row' }, sw,
      h('span', { class: 'color-name' }, `${i + 1}. ${c.name}`), input,
      h('code', { class: 'muted' }, c.hex)));
  });
}
