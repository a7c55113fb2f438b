// Articles from links: "Add from link" (the button, or pasting a web address
// anywhere outside a text field) fetches the page, PDF or book with a
// progress bar and a Cancel button, then opens it. "Update from source"
// fetches an article again and re-anchors its highlights. The fetching is
// done by Rust; the page only names the address the user typed.
import * as api from './api.js';
import { h, clear, append } from './dom.js';
import { on, emit } from './state.js';
import { toast, showError } from './toast.js';
import { openArticle, reloadCurrent } from './article.js';

let dlg;
let busy = false;

const WEB = /^https?:\/\/[^\s/]+\S*$/i;

export function initLink({ button }) {
  dlg = document.getElementById('link-dialog');
  button.addEventListener('click', () => askForLink(''));
  document.addEventListener('paste', (e) => {
    const t = e.target;
    if (t && (t.closest?.('input, textarea, [contenteditable="true"]'))) return;
    const text = (e.clipboardData?.getData('text/plain') || '').trim();
    if (!WEB.test(text)) return;
    e.preventDefault();
    askForLink(text);
  });
  on('update-from-source', (article) => updateFromSource(article));
}

/** The dialog asking for an address, filled with `value`. */
function askForLink(value) {
  if (busy) { toast('A link is already being fetched.'); return; }
  const input = h('input', {
    type: 'url', id: 'link-url', name: 'url', required: true, value, placeholder: 'https://…',
    autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Web address',
  });
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'link-form' },
    h('label', { for: 'link-url' }, 'Web address of a page, a PDF or an EPUB book'),
    input, error,
    h('p', { class: 'muted small' }, 'Marginalia fetches it once, with its images, and keeps it; reading needs no network.'),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', onclick: () => dlg.close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Add')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const url = input.value.trim();
    if (!WEB.test(url)) {
      error.textContent = 'Type a web address that starts with http:// or https://';
      error.hidden = false;
      input.focus();
      return;
    }
    fetchLink(url);
  });
  append(clear(dlg), [h('h2', null, 'Add from link'), form]);
  if (!dlg.open) dlg.showModal();
  input.focus();
  input.select();
}

/** Shows the progress of a fetch; returns the progress callback. */
function showFetching(what) {
  const bar = h('progress', { 'aria-label': 'Download progress' });
  const label = h('p', { class: 'muted small', 'aria-live': 'polite' }, `Fetching ${what}…`);
  const cancel = h('button', {
    type: 'button', 'data-testid': 'cancel-fetch',
    onclick: () => { cancel.disabled = true; label.textContent = 'Cancelling…'; api.cancelFetch().catch(showError); },
  }, 'Cancel');
  append(clear(dlg), [h('h2', null, 'Fetching'), h('p', { class: 'link-address' }, what), bar, label,
    h('div', { class: 'dialog-actions' }, cancel)]);
  if (!dlg.open) dlg.showModal();
  return (m) => {
    if (!m) return;
    const kib = Math.round(m.received / 1024);
    if (m.total) {
      bar.max = m.total;
      bar.value = m.received;
      label.textContent = `${kib} of ${Math.round(m.total / 1024)} KiB`;
    } else {
      bar.removeAttribute('value');
      label.textContent = `${kib} KiB`;
    }
  };
}

/**
 * Runs one fetch (`call` gets the progress callback) with the progress
 * dialog; resolves to what it gave, or null when it failed or was
 * cancelled (`cancelled` is then said).
 */
async function runFetch(what, call, cancelled) {
  if (busy) { toast('A link is already being fetched.'); return null; }
  busy = true;
  try {
    return await call(showFetching(what));
  } catch (e) {
    if (e.code === 'cancelled') toast(cancelled);
    else showError(e);
    return null;
  } finally {
    busy = false;
    dlg.close();
  }
}

async function fetchLink(url) {
  const got = await runFetch(url, (progress) => api.importLink(url, progress), 'Cancelled; nothing was added.');
  const first = got && got[0];
  if (!first) return;
  emit('library-changed');
  const notes = (first.notices || []).join(' ');
  toast(`${first.status === 'unchanged' ? 'Already in the library' : 'Added'}: ${first.title}${notes ? ` — ${notes}` : ''}`);
  await openArticle(first.id);
}

async function updateFromSource(article) {
  const got = await runFetch(article.url || article.source,
    (progress) => api.updateFromSource(article.id, progress), 'Cancelled; the article is as it was.');
  if (!got) return;
  if (got.status === 'unchanged') {
    toast('Already up to date.');
    return;
  }
  const orphans = got.orphaned || 0;
  toast(`Updated from its source${orphans ? `; ${orphans} highlight${orphans === 1 ? '' : 's'} lost ${orphans === 1 ? 'its' : 'their'} place (see Unplaced)` : ''}.`);
  emit('library-changed');
  await reloadCurrent();
}
