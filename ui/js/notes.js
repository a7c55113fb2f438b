// The open article's notes: the list (Edit opens the annotation editor) and
// the field for a new note, which saves as it is typed (drafts.js): its
// first save creates the note, later ones update it. Redrawn while a note
// is being written (a highlight added, a change made elsewhere), the field
// is kept as it is, focus and caret included.
import * as api from './api.js';
import { h, clear, append, noteHtml } from './dom.js';
import { tagList } from './tagchips.js';
import { showError } from './toast.js';
import { autosave } from './drafts.js';

/** The note being written: {articleId, noteId, form, area, draft}. */
let writing = null;

/** Saves the note being written and lets its field go. */
function finishWriting() {
  if (!writing) return Promise.resolve();
  const { draft } = writing;
  writing = null;
  return draft.flush().catch(showError).finally(() => draft.release());
}

function newNoteForm(articleId, { saved, done }) {
  const w = { articleId, noteId: null };
  w.area = h('textarea', {
    rows: '3', 'aria-label': 'New article note (Markdown)', placeholder: 'Write a note about this article (Markdown)…',
  });
  const status = h('span', { class: 'save-state small', 'data-testid': 'new-note-status', 'aria-live': 'polite' });
  w.draft = autosave(w.area, {
    saved: '',
    status,
    save: async (text) => {
      if (w.noteId) {
        saved(await api.updateAnnotation(w.noteId, { note: text }));
      } else if (text.trim()) {
        const n = await api.createNote(articleId, { note: text });
        w.noteId = n.id;
        saved(n);
      }
    },
  });
  const close = async () => { if (writing === w) await finishWriting(); done(); };
  w.form = h('form', { class: 'add-note' },
    w.area,
    h('div', { class: 'row' }, status,
      h('button', { type: 'submit', class: 'primary small' }, 'Done')));
  w.form.addEventListener('submit', (e) => { e.preventDefault(); close(); });
  w.area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); close(); }
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
  });
  return w;
}

/**
 * Draws the notes of `data` into `el`. `openEditor(id, rect)` edits one;
 * `saved(annotation)` is told of each save of the new note; `done()` once
 * it is finished (redraw then).
 */
export function renderNotes(el, data, { openEditor, saved, done }) {
  const articleId = data.article.id;
  if (writing && writing.articleId !== articleId) finishWriting();
  const keep = writing;
  const focused = keep && document.activeElement === keep.area
    ? [keep.area.selectionStart, keep.area.selectionEnd] : null;
  clear(el);
  // The note being written is in its field, not in the list.
  const notes = data.annotations.filter((x) => x.kind === 'note' && x.id !== keep?.noteId);
  const list = h('ul', { class: 'article-notes-list' });
  for (const n of notes) {
    list.append(h('li', { class: 'article-note', dataset: { noteId: n.id } },
      noteHtml(n.note_html), tagList(n.tags),
      h('button', {
        type: 'button', class: 'small', 'aria-label': 'Edit note',
        onclick: (e) => openEditor(n.id, e.currentTarget.getBoundingClientRect()),
      }, 'Edit')));
  }
  const addBtn = h('button', {
    type: 'button', class: 'small', hidden: !!keep,
    onclick: () => {
      writing = newNoteForm(articleId, { saved, done });
      addBtn.replaceWith(writing.form);
      writing.area.focus();
    },
  }, 'Add note');
  const count = notes.length + (keep?.noteId ? 1 : 0);
  append(el, [h('h2', { class: 'section-label' }, `Notes${count ? ` (${count})` : ''}`),
    notes.length ? list : null, keep ? keep.form : addBtn]);
  if (focused) {
    keep.area.focus({ preventScroll: true });
    keep.area.setSelectionRange(focused[0], focused[1]);
  }
}
