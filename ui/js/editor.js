// Popover for editing one annotation: colour, note, tags, delete (with Undo).
import * as api from './api.js';
import { h, clear, noteHtml } from './dom.js';
import { state, colorLabel } from './state.js';
import { paintCustom } from './palette.js';
import { tagEditor } from './tagchips.js';
import { toast, guard } from './toast.js';
import { placeNear } from './popover.js';

let el;
let ids = [];
let currentId = null;
let anchorRect = null;
let onChanged = async () => {};

export function initEditor({ element, changed }) {
  el = element;
  onChanged = changed;
  el.setAttribute('role', 'dialog');
  el.setAttribute('aria-label', 'Edit annotation');
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); closeEditor(); }
  });
}

function find(id) {
  return state.current?.annotations.find((a) => a.id === id) || null;
}

/** Opens the editor for annotation `id` (and lets the user switch among `all`). */
export function openEditor(id, rect, all = [id]) {
  ids = all.filter((x) => find(x));
  currentId = id;
  anchorRect = rect;
  render();
  el.hidden = false;
  placeNear(el, rect);
  el.querySelector('textarea, button')?.focus({ preventScroll: true });
}

export function closeEditor() {
  if (!el || el.hidden) return false;
  el.hidden = true;
  currentId = null;
  return true;
}

export function isEditorOpen() { return !!el && !el.hidden; }
export function editorElement() { return el; }

/** Re-renders after the article reloaded (or closes if the annotation is gone). */
export function refreshEditor() {
  if (!isEditorOpen()) return;
  if (!find(currentId)) { closeEditor(); return; }
  ids = ids.filter((x) => find(x));
  render();
}

async function change(fn) {
  const ok = await guard(async () => { await fn(); return true; });
  if (ok) { await onChanged(); refreshEditor(); }
  return ok;
}

function render() {
  const a = find(currentId);
  clear(el);
  if (!a) { el.hidden = true; return; }
  el.append(h('button', { type: 'button', class: 'icon-btn popover-close', 'aria-label': 'Close', onclick: closeEditor }, '×'));
  if (ids.length > 1) {
    el.append(h('div', { class: 'overlap-picker', role: 'group', 'aria-label': 'Overlapping highlights' },
      ids.map((id, i) => h('button', {
        type: 'button', class: 'small', 'aria-pressed': String(id === currentId),
        title: find(id)?.quote || '',
        onclick: () => { currentId = id; render(); },
      }, `Highlight ${i + 1}`))));
  }
  el.append(h('p', { class: 'popover-quote' }, a.kind === 'note' ? 'Article note' : (a.quote || '')));

  const colors = h('div', { class: 'editor-colors', role: 'group', 'aria-label': 'Colour' });
  for (const c of state.palette) {
    const b = h('button', {
      type: 'button', class: `color-btn hl-${c.name}`, 'aria-pressed': String(a.color === c.name),
      'aria-label': `Colour ${c.label || c.name}`, title: c.label || c.name,
      onclick: () => change(() => api.updateAnnotation(a.id, { color: c.name })),
    }, h('span', { class: 'color-dot', 'aria-hidden': 'true' }));
    paintCustom(b, c.name);
    colors.append(b);
  }
  el.append(colors, h('p', { class: 'muted small' }, colorLabel(a.color)));

  const note = h('textarea', { rows: '4', 'aria-label': 'Note (Markdown)', placeholder: 'Note (Markdown)' });
  note.value = a.note || '';
  const save = h('button', {
    type: 'button', class: 'primary small',
    onclick: () => change(() => api.updateAnnotation(a.id, { note: note.value })),
  }, 'Save note');
  note.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save.click(); }
  });
  el.append(note);
  if (a.note_html) el.append(noteHtml(a.note_html, 'note-html preview'));

  el.append(tagEditor({
    tags: a.tags, label: 'Add tag to annotation',
    onAdd: (tags) => api.addTags(a.id, tags),
    onRemove: (t) => api.removeTags(a.id, [t]),
    onChanged: async () => { await onChanged({ tags: true }); refreshEditor(); },
  }));

  el.append(h('div', { class: 'popover-actions' },
    save,
    h('button', { type: 'button', class: 'danger small', onclick: () => remove(a) }, 'Delete')));
}

async function remove(a) {
  const deleted = await guard(() => api.deleteAnnotation(a.id));
  if (!deleted) return;
  closeEditor();
  await onChanged();
  toast(a.kind === 'note' ? 'Note deleted' : 'Highlight deleted', {
    action: {
      label: 'Undo',
      fn: async () => { await api.restoreAnnotation(deleted); await onChanged(); },
    },
  });
}

