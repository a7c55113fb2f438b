// Confirm dialog built on <dialog> (window.confirm is unreliable in webviews).
import { h, parseTags } from './dom.js';

export function confirmDialog(message, { ok = 'OK', danger = false } = {}) {
  return new Promise((resolve) => {
    const okBtn = h('button', { type: 'submit', value: 'ok', class: danger ? 'danger' : 'primary' }, ok);
    const dlg = h('dialog', { class: 'confirm', 'aria-label': 'Confirm' },
      h('form', { method: 'dialog' },
        h('p', null, message),
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'submit', value: 'cancel' }, 'Cancel'),
          okBtn)));
    dlg.addEventListener('close', () => { resolve(dlg.returnValue === 'ok'); dlg.remove(); });
    document.body.append(dlg);
    dlg.showModal();
    okBtn.focus();
  });
}

/**
 * Asks for tag names (comma-separated, suggestions from the library's tags);
 * resolves to the names, or null when cancelled or empty.
 */
export function tagsDialog(title, ok) {
  return new Promise((resolve) => {
    const input = h('input', {
      type: 'text', list: 'tag-suggestions', autocomplete: 'off', 'aria-label': 'Tags, separated by commas',
      placeholder: 'tag, another tag', 'data-testid': 'bulk-tags',
    });
    const dlg = h('dialog', { class: 'confirm tags-dialog', 'aria-label': title },
      h('form', { method: 'dialog' },
        h('h2', null, title),
        h('label', null, 'Tags ', input),
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel'),
          h('button', { type: 'submit', value: 'ok', class: 'primary' }, ok))));
    dlg.addEventListener('close', () => {
      const tags = parseTags(input.value);
      resolve(dlg.returnValue === 'ok' && tags.length ? tags : null);
      dlg.remove();
    });
    // Enter means Add (the form's first button, Cancel, would be the default).
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); dlg.close('ok'); }
    });
    document.body.append(dlg);
    dlg.showModal();
    input.focus();
  });
}
