// The bar over a list while several of its items are selected: what can be
// done to all of them at once. Each action is one call (one transaction in
// the core, undone as one change), whatever the count.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { emit, state, colorLabel } from './state.js';
import { guard, toast } from './toast.js';
import { undoable } from './undo.js';
import { confirmDialog, tagsDialog } from './dialogs.js';
import { openExport } from './export.js';

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** Runs one bulk call with a busy bar (a large selection takes a moment). */
function busyBar(bar) {
  return async (label, fn) => {
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
  };
}

/** A call made from a menu: its errors shown, no bar to mark busy. */
const plainBusy = (_label, fn) => guard(fn);

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
 * What can be done to the articles `ids`, for the bar and the context menu:
 * [{label, short?, title, run(), danger?}].
 * @param {{trash: boolean, done(leaves: boolean): void, busy?: Function}} opts
 *   `done` after an action; `leaves`: the items left the list shown.
 */
export function articleActions(ids, { trash, done, busy = plainBusy }) {
  const n = ids.length;
  const what = plural(n, 'article');
  const act = (label, call, message, leaves) => async () => {
    const r = await busy(label, call);
    if (r == null) return;
    refresh();
    undoable(message(r));
    done(leaves);
  };
  if (trash) {
    return [
      { label: 'Restore', title: `Take the ${what} out of the Trash`,
        run: act('Restoring', () => api.restoreArticles(ids), (r) => `Restored ${plural(r, 'article')}`, true) },
      { label: 'Delete for good', title: 'Delete them with their highlights and notes; this cannot be undone', danger: true,
        run: async () => {
          const ok = await confirmDialog(`Delete ${what} and their highlights and notes for good? This cannot be undone.`,
            { ok: 'Delete for good', danger: true });
          if (!ok) return;
          const r = await busy('Deleting', () => api.deletePermanently(ids));
          if (r == null) return;
          refresh();
          toast(`Deleted ${plural(r.articles, 'article')} for good`);
          done(true);
        } },
    ];
  }
  return [
    { label: 'Tag…', title: `Add tags to the ${what}`, run: async () => {
      const tags = await tagsDialog(`Add tags to ${what}`, 'Add');
      if (tags) await act('Tagging', () => api.addTags(ids, tags), (r) => `Tagged ${plural(r, 'article')}`, false)();
    } },
    { label: 'Untag…', title: `Take tags from the ${what}`, run: async () => {
      const tags = await tagsDialog(`Remove tags from ${what}`, 'Remove');
      if (tags) await act('Untagging', () => api.removeTags(ids, tags), (r) => `Untagged ${plural(r, 'article')}`, false)();
    } },
    ...[['inbox', 'Inbox'], ['later', 'Later'], ['archive', 'Archive']].map(([s, label]) => ({
      key: s, label: `Move to ${label}`, short: label, title: `Move the ${what} to ${label}`,
      run: act('Moving', () => api.setState(ids, s), () => `Moved ${what} to ${label}`, true),
    })),
    { key: 'star', label: 'Star', short: '★', title: `Star the ${what}`,
      run: act('Starring', () => api.setStarred(ids, true), () => `Starred ${what}`, false) },
    { key: 'unstar', label: 'Remove the star', short: '☆', title: `Take the star from the ${what}`,
      run: act('Unstarring', () => api.setStarred(ids, false), () => `Took the star from ${what}`, false) },
    { label: 'Export…', title: `Export the highlights and notes of the ${what}`, run: () => openExport({ ids, label: what }) },
    { label: 'Move to Trash', short: 'Delete', title: `Move the ${what} to the Trash`, danger: true,
      run: act('Deleting', () => api.trashArticles(ids), (r) => `Moved ${plural(r, 'article')} to the Trash`, true) },
  ];
}

/**
 * What can be done to the annotations `ids`: as articleActions; the colour
 * entries carry `color`.
 * @param {{done(leaves: boolean): void, busy?: Function}} opts
 */
export function annotationActions(ids, { done, busy = plainBusy }) {
  const what = plural(ids.length, 'annotation');
  const act = async (label, call, message, leaves) => {
    const r = await busy(label, call);
    if (r == null) return;
    refresh();
    undoable(message(r));
    done(leaves);
  };
  return [
    { label: 'Tag…', title: `Add tags to the ${what}`, run: async () => {
      const tags = await tagsDialog(`Add tags to ${what}`, 'Add');
      if (tags) await act('Tagging', () => api.addTags(ids, tags), (r) => `Tagged ${plural(r, 'annotation')}`, false);
    } },
    { label: 'Untag…', title: `Take tags from the ${what}`, run: async () => {
      const tags = await tagsDialog(`Remove tags from ${what}`, 'Remove');
      if (tags) await act('Untagging', () => api.removeTags(ids, tags), (r) => `Untagged ${plural(r, 'annotation')}`, false);
    } },
    ...state.palette.map((c) => ({
      label: `Colour: ${c.label || c.name}`, color: c.name, title: `Colour the ${what} ${c.label || c.name}`,
      run: () => act('Colouring', () => api.setColor(ids, c.name), (r) => `Coloured ${plural(r, 'annotation')}`, false),
    })),
    { label: 'Export…', title: `Export the ${what}`, run: () => openExport({ ids, label: what }) },
    { label: 'Delete', title: `Delete the ${what} (Undo brings them back)`, danger: true,
      run: () => act('Deleting', () => api.deleteAnnotations(ids), (r) => `Deleted ${plural(r, 'annotation')}`, true) },
  ];
}

const asButton = (a) => button(a.short || a.label, a.title, a.run, a.danger ? 'small danger' : 'small');

/**
 * Shows the bar for `ids` (articles) in `bar`, or hides it when none.
 * @param {{trash: boolean, done(leaves: boolean): void}} opts
 */
export function articleBar(bar, ids, { trash, done }) {
  clear(bar);
  bar.hidden = ids.length === 0;
  if (!ids.length) return;
  const actions = articleActions(ids, { trash, done, busy: busyBar(bar) });
  fill(bar, plural(ids.length, 'article'), actions.map(asButton), done);
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
  const actions = annotationActions(ids, { done, busy: busyBar(bar) });
  const colours = actions.filter((a) => a.color);
  const colour = h('select', { class: 'small', 'aria-label': `Colour the ${what}` },
    h('option', { value: '' }, 'Colour…'),
    ...colours.map((a) => h('option', { value: a.color }, colorLabel(a.color))));
  colour.addEventListener('change', () => colours.find((a) => a.color === colour.value)?.run());
  const rest = actions.filter((a) => !a.color).map(asButton);
  // The colour menu after Untag…, where it was.
  fill(bar, what, [...rest.slice(0, 2), colour, ...rest.slice(2)], done);
}

export { plural };
