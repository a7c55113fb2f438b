// Editing one highlight or note from the highlights browser, without
// opening its article: colour, note (saved as it is typed), tags, delete.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { state, colorLabel } from '../state.js';
import { paintCustom } from '../palette.js';
import { tagEditor } from '../tagchips.js';
import { guard, showError } from '../toast.js';
import { autosave } from '../drafts.js';
import { undoable } from '../undo.js';

/**
 * Opens the dialog for annotation `a` (as find_annotations gives it);
 * `changed()` runs after each change that was stored.
 */
export function editAnnotation(a, changed) {
  let current = a;
  let gone = false;
  const dlg = h('dialog', { class: 'edit-annotation', 'aria-label': 'Edit highlight', 'data-testid': 'edit-annotation' });
  const body = h('div');
  const area = h('textarea', { rows: '5', 'aria-label': 'Note (Markdown)', placeholder: 'Note (Markdown)', 'data-testid': 'note-input' });
  area.value = a.note || '';
  const status = h('span', { class: 'save-state small', 'aria-live': 'polite' });
  const draft = autosave(area, {
    status,
    save: async (text) => { current = { ...current, ...(await api.updateAnnotation(a.id, { note: text })) }; changed(); },
  });

  const reload = async () => {
    const fresh = (await api.findAnnotations({ article_id: a.article_id, limit: 100000 }))
      .find((x) => x.id === a.id);
    if (fresh) current = fresh;
    draw();
    changed();
  };

  // Only the parts a change redraws: the note field stays the same element,
  // so typing goes on (and keeps its caret) while a colour or tag is stored.
  const head = h('div');
  const tagsBox = h('div');
  body.append(head, area, h('div', { class: 'save-row' }, status), tagsBox);

  function draw() {
    clear(head);
    clear(tagsBox);
    const colors = h('div', { class: 'editor-colors', role: 'group', 'aria-label': 'Colour' });
    for (const c of state.palette) {
      const b = h('button', {
        type: 'button', class: `color-btn hl-${c.name}`, 'aria-pressed': String(current.color === c.name),
        'aria-label': `Colour ${c.label || c.name}`, title: c.label || c.name,
        onclick: async () => { if (await guard(() => api.updateAnnotation(a.id, { color: c.name }))) await reload(); },
      }, h('span', { class: 'color-dot', 'aria-hidden': 'true' }));
      paintCustom(b, c.name);
      colors.append(b);
    }
    head.append(
      h('p', { class: 'muted small' }, current.article_title || 'Untitled'),
      h('p', { class: 'popover-quote' }, current.kind === 'note' ? 'Article note' : (current.quote || '')),
      colors, h('p', { class: 'muted small' }, colorLabel(current.color)));
    tagsBox.append(
      tagEditor({
        tags: current.tags, label: 'Add tag',
        onAdd: (tags) => api.addTags([a.id], tags),
        onRemove: (t) => api.removeTags([a.id], [t]),
        onChanged: reload,
      }));
  }

  const close = () => dlg.close();
  dlg.append(h('form', { method: 'dialog' },
    h('h2', null, current.kind === 'note' ? 'Edit note' : 'Edit highlight'),
    body,
    h('div', { class: 'dialog-actions' },
      h('button', {
        type: 'button', class: 'danger', onclick: async () => {
          if (!(await guard(() => api.deleteAnnotation(a.id)))) return;
          gone = true;
          close();
          changed();
          undoable(a.kind === 'note' ? 'Note deleted' : 'Highlight deleted');
        },
      }, 'Delete'),
      h('button', { type: 'submit', value: 'done', class: 'primary' }, 'Done'))));
  // The focus goes back where it was (this webview leaves it on <body>).
  const back = document.activeElement;
  dlg.addEventListener('close', () => {
    setTimeout(() => { if (back instanceof HTMLElement && back.isConnected) back.focus({ preventScroll: true }); }, 0);
    if (gone) { draft.release(); dlg.remove(); return; }
    dlg.querySelector('.tag-input')?.addTyped?.();
    draft.flush().catch(showError).finally(() => { draft.release(); dlg.remove(); });
  });
  draw();
  document.body.append(dlg);
  dlg.showModal();
  area.focus();
}
