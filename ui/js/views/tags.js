// Tags view: counts, rename, merge, delete (with confirm). Errors show the
// Rust message (e.g. renaming onto an existing tag).
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { on, emit } from '../state.js';
import { toast, showError } from '../toast.js';
import { confirmDialog } from '../dialogs.js';

let root;
let body;

export function initTagsView({ element }) {
  root = element;
  body = h('div');
  root.append(h('h1', { class: 'view-title' }, 'Tags'), body);
  on('tags', render);
}

async function act(fn, done) {
  try {
    await fn();
  } catch (e) {
    showError(e);
    return;
  }
  toast(done);
  emit('tags-dirty');
  emit('library-changed');
  emit('annotations-dirty');
}

function render(tags) {
  clear(body);
  if (!tags.length) {
    body.append(h('p', { class: 'empty-state' }, 'No tags yet. Add tags to articles (in the reader header) or to highlights.'));
    return;
  }
  const table = h('table', { class: 'tag-table' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Tag'), h('th', { scope: 'col' }, 'Articles'),
      h('th', { scope: 'col' }, 'Annotations'), h('th', { scope: 'col' }, 'Actions'))));
  const tb = h('tbody');
  for (const t of tags) {
    const rename = h('input', { type: 'text', value: t.name, 'aria-label': `New name for ${t.name}` });
    const doRename = () => {
      const nn = rename.value.trim();
      if (!nn || nn === t.name) return;
      act(() => api.renameTag(t.name, nn), `Renamed “${t.name}” to “${nn}”`);
    };
    rename.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); doRename(); } });
    const into = h('select', { 'aria-label': `Merge ${t.name} into` },
      h('option', { value: '' }, 'Merge into…'),
      ...tags.filter((o) => o.name !== t.name).map((o) => h('option', { value: o.name }, o.name)));
    tb.append(h('tr', null,
      h('th', { scope: 'row' }, h('span', { class: 'chip' }, t.name)),
      h('td', null, String(t.articles)),
      h('td', null, String(t.annotations)),
      h('td', { class: 'tag-actions' },
        h('span', { class: 'inline' }, rename, h('button', { type: 'button', class: 'small', onclick: doRename }, 'Rename')),
        h('span', { class: 'inline' }, into, h('button', {
          type: 'button', class: 'small',
          onclick: async () => {
            if (!into.value) { into.focus(); return; }
            const ok = await confirmDialog(`Merge “${t.name}” into “${into.value}”? Everything tagged “${t.name}” will be tagged “${into.value}”.`, { ok: 'Merge' });
            if (ok) act(() => api.mergeTags(t.name, into.value), `Merged “${t.name}” into “${into.value}”`);
          },
        }, 'Merge')),
        h('button', {
          type: 'button', class: 'small danger',
          onclick: async () => {
            const ok = await confirmDialog(`Delete the tag “${t.name}”? It is removed from ${t.articles} article(s) and ${t.annotations} annotation(s); they are not deleted.`, { ok: 'Delete', danger: true });
            if (ok) act(() => api.deleteTag(t.name), `Deleted tag “${t.name}”`);
          },
        }, 'Delete'))));
  }
  table.append(tb);
  body.append(table);
}

