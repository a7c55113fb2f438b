// Export dialog: format, BOM, filters -> native save dialog (opened by Rust,
// answered with a token) -> export_csv.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { state } from './state.js';
import { toast, showError } from './toast.js';

let dlg;

export function initExport({ button }) {
  dlg = document.getElementById('export-dialog');
  button.addEventListener('click', () => openExport());
}

function select(label, options) {
  return h('select', { 'aria-label': label }, options.map(([v, t]) => h('option', { value: v }, t)));
}

/**
 * The export dialog; `selection` ({ids, label}) offers "only the selection"
 * (checked) for the articles or highlights selected in a list.
 */
export function openExport(selection = null) {
  const full = h('input', { type: 'radio', name: 'format', value: 'full', checked: true, id: 'fmt-full' });
  const rw = h('input', { type: 'radio', name: 'format', value: 'readwise', id: 'fmt-rw' });
  const bom = h('input', { type: 'checkbox', id: 'exp-bom' });
  const tag = select('Only this tag', [['', 'Any tag'], ...state.tags.map((t) => [t.name, t.name])]);
  const color = select('Only this colour', [['', 'Any colour'], ...state.palette.map((c) => [c.name, c.label || c.name])]);
  const current = h('input', { type: 'checkbox', id: 'exp-current', disabled: !state.current });
  const since = h('input', { type: 'date', id: 'exp-since' });
  const chosen = selection && h('input', { type: 'checkbox', id: 'exp-selection', checked: true });
  const form = h('form', { method: 'dialog', class: 'export-form' },
    h('h2', null, 'Export CSV'),
    h('fieldset', null, h('legend', null, 'Format'),
      h('label', { for: 'fmt-full' }, full, ' Full (every field)'),
      h('label', { for: 'fmt-rw' }, rw, ' Readwise (highlights only)')),
    h('label', { for: 'exp-bom', class: 'check' }, bom, ' Add a BOM (helps Excel detect UTF-8)'),
    h('fieldset', null, h('legend', null, 'Filters (optional)'),
      h('label', null, 'Tag ', tag),
      h('label', null, 'Colour ', color),
      h('label', { for: 'exp-current', class: 'check' }, current,
        state.current ? ` Only the current article (${state.current.article.title})` : ' Only the current article (none open)'),
      h('label', { for: 'exp-since' }, 'Since ', since),
      chosen && h('label', { for: 'exp-selection', class: 'check' }, chosen, ` Only the selection (${selection.label})`)),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel'),
      h('button', { type: 'submit', value: 'export', class: 'primary' }, 'Export…')));
  clear(dlg).append(form);
  dlg.returnValue = '';
  dlg.onclose = async () => {
    if (dlg.returnValue !== 'export') return;
    const options = { format: rw.checked ? 'readwise' : 'full', bom: bom.checked };
    if (tag.value) options.tag = tag.value;
    if (color.value) options.color = color.value;
    if (current.checked && state.current) options.article_id = state.current.article.id;
    if (since.value) options.since = since.value;
    if (chosen && chosen.checked) options.ids = selection.ids;
    await run(options);
  };
  dlg.showModal();
}

async function run(options) {
  try {
    const choice = await api.chooseExportFile();
    if (!choice || typeof choice.token !== 'string') return;
    const s = await api.exportCsv(choice.token, options);
    let msg = `Exported ${s.rows} annotation${s.rows === 1 ? '' : 's'}`;
    if (options.format === 'readwise' && s.skipped_without_highlight) {
      msg += `; left out ${s.skipped_without_highlight} note${s.skipped_without_highlight === 1 ? '' : 's'} without highlight text`;
    }
    toast(msg);
  } catch (e) {
    showError(e);
  }
}
