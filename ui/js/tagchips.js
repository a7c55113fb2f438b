// Tag chips: read-only lists and editable lists (× removes, Enter adds).
import { h, parseTags } from './dom.js';
import { emit } from './state.js';
import { guard } from './toast.js';
import { track } from './drafts.js';

/**
 * A tag as a chip that shows everything carrying it: the library's list
 * filtered by it (`scope` 'articles') or the highlights browser ('annotations').
 */
export function tagChip(tag, scope, props = {}) {
  return h('button', { type: 'button', ...chip(tag, scope), ...props }, tag);
}

/** What every chip of `tag` has: its look, its title, what a click does. */
function chip(tag, scope) {
  return {
    class: 'chip chip-link', dataset: { tag, scope },
    title: scope === 'articles' ? `Show the articles tagged “${tag}”` : `Show what is tagged “${tag}”`,
    onclick: (e) => { e.stopPropagation(); emit('tag-chosen', { tag, scope }); },
  };
}

/**
 * A tag chip inside a list item that is itself a control (an option of a
 * list box): clickable, but not a control of its own, which an option may
 * not hold. The keyboard reaches the same through the item's context menu.
 */
export function tagInItem(tag, scope) {
  return h('span', chip(tag, scope), tag);
}

export function tagList(tags, cls = 'tags', scope = 'annotations') {
  if (!tags || tags.length === 0) return null;
  return h('ul', { class: cls, 'aria-label': 'Tags' }, tags.map((t) => h('li', null, tagChip(t, scope))));
}

/**
 * Editable tags. onAdd(tags[]) / onRemove(tag) return promises; on success
 * `onChanged` runs (typically a reload). A tag typed is added on Enter, and
 * also when the field loses focus (in a popover: when it closes, as a click
 * on its colours redraws it) or the window closes: never dropped.
 */
export function tagEditor({ tags, label = 'Add tag', onAdd, onRemove, onChanged, scope = 'annotations' }) {
  const list = h('ul', { class: 'tags editable', 'aria-label': 'Tags' });
  for (const t of tags || []) {
    list.append(h('li', { class: 'chip' }, tagChip(t, scope, { class: 'chip-name' }),
      h('button', {
        type: 'button', class: 'chip-x', 'aria-label': `Remove tag ${t}`, title: `Remove tag ${t}`,
        onclick: async () => {
          const ok = await guard(async () => { await onRemove(t); return true; });
          if (ok && onChanged) await onChanged();
        },
      }, '×')));
  }
  const input = h('input', {
    type: 'text', class: 'tag-input', placeholder: '+ tag', 'aria-label': label,
    autocomplete: 'off', spellcheck: 'false', list: 'tag-suggestions',
  });
  let adding = null;
  const addTyped = () => {
    if (adding) return adding;
    const add = parseTags(input.value);
    if (add.length === 0) return Promise.resolve(true);
    adding = (async () => {
      const ok = await guard(async () => { await onAdd(add); return true; });
      if (ok) { input.value = ''; if (onChanged) await onChanged(); }
      return !!ok;
    })().finally(() => { adding = null; });
    return adding;
  };
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    addTyped();
  });
  input.addEventListener('blur', () => { if (!input.closest('.popover')) addTyped(); });
  input.addTyped = addTyped;
  track({ field: input, flush: addTyped, dirty: () => parseTags(input.value).length > 0, release() {} });
  return h('div', { class: 'tag-editor' }, list, input);
}
