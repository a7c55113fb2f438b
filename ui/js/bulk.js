// The bar over a list while several of its items are selected: what can be
// done to all of them at once. Each action is one call (one transaction in
// the core, undone as one change), whatever the count.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { emit, state } from './state.js';
import { guard, toast } from './toast.js';
import { undoable } from './undo.js';
import { confirmDialog, tagsDialog } from './dialogs.js';
import { openExport } from './export.js';

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** Runs one bulk call with a busy bar (a large selection takes a moment). */
async function run(bar, label, fn) {
  bar.setAttribute('aria-busy', 'true');
  const status = bar.querySelector('.bulk-count');
  const was = status.textContent;
  status.textContent = `${label}…`;
  try {
    return await guard(fn);
  } finally {
    bar.removeAttribute('aria-busy');
    status.textContent = was;
  }
}

const button = (label, title, fn, cls = 'small') => h('button', { type: 'button', class: cls, title, onclick: fn }, label);

/** The bar's contents: how many are selected, ✕ to end it, the actions. */
function fill(bar, what, items, done) {
  bar.append(
    h('span', { class: 'bulk-head' },
      h('span', { class: 'bulk-count', role: 'status' }, `${what} selected`),
      h('button', {
        type: 'button', class: 'small subtle', 'aria-label': 'Clear the selection', title: 'Clear the selection (Esc)',
        onclick: () => done(true),
      }, '✕')),
    h('span', { class: 'bulk-actions', role: 'group', 'aria-label': `Actions on the ${what}` }, items));
}

function refresh() {
  emit('library-changed');
  emit('tags-dirty');
  emit('annotations-dirty');
}

/**
 * Shows the bar for `ids` (articles) in `bar`, or hides it when none.
 * @param {{trash: boolean, done(leaves: boolean): void}} opts
 *   `done` after an action; `leaves`: the items left the list shown.
 */
export function articleBar(bar, ids, { trash, done }) {
  clear(bar);
  bar.hidden = ids.length === 0;
  if (!ids.length) return;
  const n = ids.length;
  const what = plural(n, 'article');
  const act = (label, call, message, leaves) => async () => {
    const r = await run(bar, label, call);
    if (r == null) return;
    refresh();
    undoable(message(r));
    done(leaves);
  };
  const items = trash
    ? [
        button('Restore', `Take the ${what} out of the Trash`, act('Restoring', () => api.restoreArticles(ids),
          (r) => `Restored ${plural(r, 'article')}`, true)),
        button('Delete for good', 'Delete them with their highlights and notes; this cannot be undone', async () => {
          const ok = await confirmDialog(`Delete ${what} and their highlights and notes for good? This cannot be undone.`,
            { ok: 'Delete for good', danger: true });
          if (!ok) return;
          const r = await run(bar, 'Deleting', () => api.deletePermanently(ids));
          if (r == null) return;
          refresh();
          toast(`Deleted ${plural(r.articles, 'article')} for good`);
          done(true);
        }, 'small danger'),
      ]
    : [
        button('Tag…', `Add tags to the ${what}`, async () => {
          const tags = await tagsDialog(`Add tags to ${what}`, 'Add');
          if (tags) await act('Tagging', () => api.addTags(ids, tags), (r) => `Tagged ${plural(r, 'article')}`, false)();
        }),
        button('Untag…', `Take tags from the ${what}`, async () => {
          const tags = await tagsDialog(`Remove tags from ${what}`, 'Remove');
          if (tags) await act('Untagging', () => api.removeTags(ids, tags), (r) => `Untagged ${plural(r, 'article')}`, false)();
        }),
        ...[['inbox', 'Inbox'], ['later', 'Later'], ['archive', 'Archive']].map(([s, label]) =>
          button(label, `Move the ${what} to ${label}`, act('Moving', () => api.setState(ids, s),
            () => `Moved ${what} to ${label}`, true))),
        button('★', `Star the ${what}`, act('Starring', () => api.setStarred(ids, true), () => `Starred ${what}`, false)),
        button('☆', `Take the star from the ${what}`, act('Unstarring', () => api.setStarred(ids, false),
          () => `Took the star from ${what}`, false)),
        button('Export…', `Export the highlights and notes of the ${what}`, () => openExport({ ids, label: what })),
        button('Delete', `Move the ${what} to the Trash`, act('Deleting', () => api.trashArticles(ids),
          (r) => `Moved ${plural(r, 'article')} to the Trash`, true), 'small danger'),
      ];
  fill(bar, what, items, done);
}

/**
 * The bar for selected annotations (the highlights browser).
 * @param {{done(leaves: boolean): void}} opts
 */
export function annotationBar(bar, ids, { done }) {
  clear(bar);
  bar.hidden = ids.length === 0;
  if (!ids.length) return;
  const what = plural(ids.length, 'annotation');
  const act = async (label, call, message, leaves) => {
    const r = await run(bar, label, call);
    if (r == null) return;
    refresh();
    undoable(message(r));
    done(leaves);
  };
  const colour = h('select', { class: 'small', 'aria-label': `Colour the ${what}` },
    h('option', { value: '' }, 'Colour…'),
    ...state.palette.map((c) => h('option', { value: c.name }, c.label || c.name)));
  colour.addEventListener('change', () => {
    const c = colour.value;
    if (c) act('Colouring', () => api.setColor(ids, c), (r) => `Coloured ${plural(r, 'annotation')}`, false);
  });
  fill(bar, what, [
    button('Tag…', `Add tags to the ${what}`, async () => {
      const tags = await tagsDialog(`Add tags to ${what}`, 'Add');
      if (tags) await act('Tagging', () => api.addTags(ids, tags), (r) => `Tagged ${plural(r, 'annotation')}`, false);
    }),
    button('Untag…', `Take tags from the ${what}`, async () => {
      const tags = await tagsDialog(`Remove tags from ${what}`, 'Remove');
      if (tags) await act('Untagging', () => api.removeTags(ids, tags), (r) => `Untagged ${plural(r, 'annotation')}`, false);
    }),
    colour,
    button('Export…', `Export the ${what}`, () => openExport({ ids, label: what })),
    button('Delete', `Delete the ${what} (Undo brings them back)`, () => act('Deleting', () => api.deleteAnnotations(ids),
      (r) => `Deleted ${plural(r, 'annotation')}`, true), 'small danger'),
  ], done);
}

export { plural };
