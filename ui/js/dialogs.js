// Confirm dialog built on <dialog> (window.confirm is unreliable in webviews).
import { h } from './dom.js';

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
