// Popover for editing one annotation: colour, note, tags, delete (with Undo).
// The note saves as it is typed (drafts.js) and the popover never draws over
// it: redrawn for a colour or a tag, it keeps the same text field, its
// caret, and any tag typed but not yet added.
import * as api from './api.js';
import { h, clear, noteHtml } from './dom.js';
import { state, colorLabel } from './state.js';
import { paintCustom } from './palette.js';
import { tagEditor } from './tagchips.js';
import { guard, showError } from './toast.js';
import { placeNear } from './popover.js';
import { autosave } from './drafts.js';
import { undoable } from './undo.js';

let el;
let ids = [];
let currentId = null;
let anchorRect = null;
let onChanged = async () => {};
let onSaved = () => {};
/** The note field of the annotation being edited: {id, area, draft, status, preview}. */
let note = null;

export function initEditor({ element, changed, saved }) {
  el = element;
  onChanged = changed;
  onSaved = saved;
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
  // A tag typed and not yet added is added as the editor closes.
  el.querySelector('.tag-input')?.addTyped?.();
  releaseNote();
  el.hidden = true;
  currentId = null;
  return true;
}

/** The note field for `a`: the one already open for it, or a new one. */
function noteField(a) {
  if (note && note.id === a.id) return note;
  releaseNote();
  const area = h('textarea', { rows: '4', 'aria-label': 'Note (Markdown)', placeholder: 'Note (Markdown)', 'data-testid': 'note-input' });
  area.value = a.note || '';
  const status = h('span', { class: 'save-state small', 'data-testid': 'note-status', 'aria-live': 'polite' });
  const field = { id: a.id, area, status, preview: h('div') };
  field.draft = autosave(area, {
    status,
    save: async (text) => {
      const updated = await api.updateAnnotation(a.id, { note: text });
      const preview = updated.note_html ? noteHtml(updated.note_html, 'note-html preview') : h('div');
      field.preview.replaceWith(preview);
      field.preview = preview;
      onSaved(updated);
    },
  });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); field.draft.flush().catch(showError); }
  });
  if (a.note_html) field.preview = noteHtml(a.note_html, 'note-html preview');
  note = field;
  return field;
}

/** Saves the open note field (unless its annotation is gone) and lets it go. */
function releaseNote() {
  if (!note) return;
  const { draft, id } = note;
  note = null;
  if (find(id)) draft.flush().catch(showError).finally(() => draft.release());
  else draft.release();
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
  // Redrawn for the same annotation: the note field stays focused where the
  // caret was, and a tag typed but not added stays typed.
  const same = note && a && note.id === a.id;
  const focused = same && document.activeElement === note.area
    ? [note.area.selectionStart, note.area.selectionEnd] : null;
  const tagInput = same ? el.querySelector('.tag-input') : null;
  const typedTag = tagInput?.value || '';
  const tagFocused = !!tagInput && document.activeElement === tagInput;
  clear(el);
  if (!a) { releaseNote(); el.hidden = true; return; }
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

  const field = noteField(a);
  el.append(field.area, h('div', { class: 'save-row' }, field.status), field.preview);

  el.append(tagEditor({
    tags: a.tags, label: 'Add tag to annotation',
    onAdd: (tags) => api.addTags([a.id], tags),
    onRemove: (t) => api.removeTags([a.id], [t]),
    onChanged: async () => { await onChanged({ tags: true }); refreshEditor(); },
  }));

  el.append(h('div', { class: 'popover-actions' },
    h('button', { type: 'button', class: 'small', onclick: closeEditor }, 'Done'),
    h('button', { type: 'button', class: 'danger small', onclick: () => remove(a) }, 'Delete')));
  const newTagInput = el.querySelector('.tag-input');
  if (newTagInput && typedTag) newTagInput.value = typedTag;
  if (newTagInput && tagFocused) newTagInput.focus({ preventScroll: true });
  if (focused) {
    field.area.focus({ preventScroll: true });
    field.area.setSelectionRange(focused[0], focused[1]);
  }
}

async function remove(a) {
  const deleted = await guard(() => api.deleteAnnotation(a.id));
  if (!deleted) return;
  closeEditor();
  await onChanged();
  undoable(a.kind === 'note' ? 'Note deleted' : 'Highlight deleted');
}

