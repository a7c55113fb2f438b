// "Edit details": correcting what the importer got wrong about the open
// article (title, author, published date, web address). The core checks
// the values; a refusal is shown beside the fields and nothing changes.
import * as api from './api.js';
import { h, clear, append } from './dom.js';
import { showError } from './toast.js';

let dlg;

export function initDetails() {
  dlg = document.getElementById('details-dialog');
}

/**
 * Opens the dialog for `article`; `edited(fields)` gets the article's
 * metadata as stored once it is saved.
 */
export function editDetails(article, edited) {
  const field = (name, label, value, extra = {}) => {
    const input = h('input', { type: 'text', id: `details-${name}`, name, value: value || '', autocomplete: 'off', ...extra });
    return [h('label', { for: input.id }, label), input];
  };
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'details-form', 'data-testid': 'details-form' },
    field('title', 'Title', article.title, { required: true }),
    field('author', 'Author', article.author),
    field('published', 'Published', article.published, { placeholder: 'YYYY-MM-DD (or YYYY, YYYY-MM)' }),
    field('url', 'Web address', article.url, { placeholder: 'https://…', spellcheck: 'false', inputmode: 'url' }),
    error,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', onclick: () => dlg.close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // Only the fields changed; an emptied one is cleared.
    const edit = {};
    for (const name of ['title', 'author', 'published', 'url']) {
      const v = form.elements[name].value.trim();
      if (v !== (article[name] || '')) edit[name] = v;
    }
    if (Object.keys(edit).length === 0) { dlg.close(); return; }
    try {
      const stored = await api.editArticle(article.id, edit);
      dlg.close();
      edited(stored);
    } catch (err) {
      if (err.code === 'invalid_input') {
        error.textContent = err.message;
        error.hidden = false;
      } else {
        dlg.close();
        showError(err);
      }
    }
  });
  append(clear(dlg), [h('h2', null, 'Edit details'), form]);
  if (!dlg.open) dlg.showModal();
  form.elements.title.focus();
}
