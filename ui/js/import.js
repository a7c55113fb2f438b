// Import: native open dialog (opened by Rust) or drag & drop (taken by Rust)
// -> a token for the chosen files -> import_files with a progress Channel ->
// <progress> -> per-file summary. The page never sees or names a path.
import * as api from './api.js';
import { h, clear, append } from './dom.js';
import { emit } from './state.js';
import { toast, showError } from './toast.js';

let dlg;
let busy = false;

export function initImport({ button, folderButton }) {
  dlg = document.getElementById('import-dialog');
  button.addEventListener('click', () => pickAndImport(api.chooseImportFiles));
  folderButton.addEventListener('click', () => pickAndImport(api.chooseImportFolders));
  api.listen('tauri://drag-enter', () => document.body.classList.add('dropping'));
  api.listen('tauri://drag-over', () => document.body.classList.add('dropping'));
  api.listen('tauri://drag-leave', () => document.body.classList.remove('dropping'));
  api.listen('tauri://drag-drop', () => document.body.classList.remove('dropping'));
  // The files themselves reach Rust, which hands the page a token for them.
  api.listen('marginalia://files-dropped', (e) => {
    document.body.classList.remove('dropping');
    if (isChoice(e && e.payload)) importChoice(e.payload);
  });
}

const isChoice = (c) => !!c && typeof c.token === 'string' && Array.isArray(c.names) && c.names.length > 0;

async function pickAndImport(choose) {
  if (busy) { toast('An import is already running.'); return; }
  let choice;
  try { choice = await choose(); } catch (e) { showError(e); return; }
  if (isChoice(choice)) importChoice(choice);
}

/** Imports the files behind a choice ({token, names}) with progress and a summary. */
async function importChoice(choice) {
  if (busy) { toast('An import is already running.'); return; }
  busy = true;
  const count = choice.names.length;
  const bar = h('progress', { max: String(count), value: '0', 'aria-label': 'Import progress' });
  const label = h('p', { class: 'muted small', 'aria-live': 'polite' },
    `Importing ${count === 1 ? choice.names[0] : `${count} files and folders`}…`);
  clear(dlg).append(h('h2', null, 'Importing'), bar, label);
  dlg.showModal();
  let results;
  try {
    results = await api.importFiles(choice.token, (m) => {
      if (!m) return;
      bar.max = m.total || count;
      bar.value = m.done || 0;
      label.textContent = `${m.done} of ${m.total}${m.file ? ` — ${m.file}` : ''}`;
    });
  } catch (e) {
    busy = false;
    dlg.close();
    showError(e);
    return;
  }
  busy = false;
  showSummary(results || []);
  emit('library-changed');
  emit('tags-dirty');
  emit('annotations-dirty');
}

function showSummary(results) {
  const counts = { added: 0, unchanged: 0, updated: 0, refused: 0, orphaned: 0 };
  const list = h('ul', { class: 'import-summary' });
  for (const f of results) {
    const li = h('li', null, h('strong', { class: 'file' }, f.file));
    if (f.error) {
      counts.refused++;
      li.classList.add('refused');
      li.append(' — ', h('span', { class: 'status refused' }, 'Refused: '), h('span', null, f.error.message || f.error.code));
    } else if (!f.articles || f.articles.length === 0) {
      li.append(h('span', { class: 'muted' }, ' — no articles found'));
    } else {
      const ul = h('ul');
      for (const a of f.articles) {
        const orphaned = a.orphaned || 0;
        counts[a.status] = (counts[a.status] || 0) + 1;
        counts.orphaned += orphaned;
        const text = a.status === 'added' ? 'added'
          : a.status === 'unchanged' ? 'already present'
            : `updated${orphaned ? ` — ${orphaned} highlight${orphaned === 1 ? '' : 's'} lost ${orphaned === 1 ? 'its' : 'their'} place` : ''}`;
        const item = h('li', null, h('span', { class: `status ${a.status}` }, text), ': ', a.title || 'Untitled');
        // How it was read ("no article was found; the whole page was imported").
        for (const n of a.notices || []) item.append(h('p', { class: 'notice muted small' }, n));
        ul.append(item);
      }
      li.append(ul);
    }
    list.append(li);
  }
  const totals = [`${counts.added} added`, `${counts.unchanged} already present`, `${counts.updated} updated`,
    `${counts.refused} refused`].join(' · ');
  const close = h('button', { type: 'submit', class: 'primary' }, 'Close');
  append(clear(dlg), [
    h('h2', null, 'Import finished'),
    h('p', null, totals),
    counts.orphaned ? h('p', { class: 'muted small' },
      `${counts.orphaned} highlight(s) could not find their passage in the new text; see “Unplaced” in the toolbar to re-attach them.`) : null,
    list,
    h('form', { method: 'dialog', class: 'dialog-actions' }, close)]);
  if (!dlg.open) dlg.showModal();
  close.focus();
}
