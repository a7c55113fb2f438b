// A multi-selection over a list box: `ul[role=listbox]` whose items are
// `li[role=option][data-id]`. One Tab stop (a roving tabindex); the arrow
// keys, Home and End move through it. A click (or Enter) opens an item;
// Ctrl/Cmd+click or Space adds it to the selection or takes it out;
// Shift+click or Shift+arrow selects a range; Ctrl/Cmd+A selects everything
// the list holds (asked of `allIds`, so items not loaded yet count too);
// Esc ends the selection.

/**
 * @param {HTMLElement} list
 * @param {{open(id): void, allIds(): Promise<string[]>, changed(ids: string[]): void}} opts
 */
export function multiSelect(list, opts) {
  let selected = new Set();
  // Whether the user chose the selection (the bar shows), or it is only
  // the open item.
  let chosen = false;
  let anchor = null;
  let focused = null;

  const options = () => [...list.querySelectorAll('[role="option"]')];
  const byId = (id) => (id == null ? null : list.querySelector(`[role="option"][data-id="${CSS.escape(id)}"]`));

  // Attributes are only written when they change: a write restyles the
  // item even when the value is the same.
  function mark() {
    for (const li of options()) {
      const want = String(selected.has(li.dataset.id));
      if (li.getAttribute('aria-selected') !== want) li.setAttribute('aria-selected', want);
    }
    rove();
  }

  /** Exactly one item is reachable with Tab: the focused one, else the open one, else the first. */
  function rove() {
    const all = options();
    const stop = byId(focused) || list.querySelector('[role="option"][aria-current="true"]') || all[0];
    for (const li of all) {
      const want = li === stop ? 0 : -1;
      if (li.tabIndex !== want) li.tabIndex = want;
    }
  }

  function set(ids, byUser) {
    selected = new Set(ids);
    chosen = byUser && selected.size > 0;
    mark();
    opts.changed(chosen ? [...selected] : []);
  }

  function toggle(id) {
    const next = new Set(chosen ? selected : [...selected].filter((x) => byId(x)));
    if (next.has(id)) next.delete(id); else next.add(id);
    anchor = id;
    set(next, true);
  }

  /** The items from the anchor to `id`, in list order, are the selection. */
  function range(id) {
    const all = options().map((li) => li.dataset.id);
    const from = all.indexOf(anchor ?? id);
    const to = all.indexOf(id);
    if (to < 0) return;
    const [a, b] = from < 0 ? [to, to] : [Math.min(from, to), Math.max(from, to)];
    set(all.slice(a, b + 1), true);
  }

  function focusItem(li) {
    if (!li) return;
    focused = li.dataset.id;
    rove();
    li.focus();
    li.scrollIntoView({ block: 'nearest' });
  }

  list.addEventListener('click', (e) => {
    const li = e.target instanceof Element ? e.target.closest('[role="option"]') : null;
    if (!li || !list.contains(li)) return;
    // A link, button or field inside an item does its own thing.
    const inner = e.target.closest('a, button, input, select, textarea');
    if (inner && li.contains(inner) && inner !== li) return;
    const id = li.dataset.id;
    focused = id;
    if (e.shiftKey) {
      e.preventDefault();
      range(id);
    } else if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      toggle(id);
    } else {
      anchor = id;
      set([id], false);
      opts.open(id);
    }
  });

  list.addEventListener('keydown', async (e) => {
    const li = e.target instanceof Element ? e.target.closest('[role="option"]') : null;
    if (!li || e.altKey || e.isComposing) return;
    const all = options();
    const at = all.indexOf(li);
    const mod = e.ctrlKey || e.metaKey;
    let next = null;
    if (e.key === 'ArrowDown') next = all[Math.min(all.length - 1, at + 1)];
    else if (e.key === 'ArrowUp') next = all[Math.max(0, at - 1)];
    else if (e.key === 'Home') next = all[0];
    else if (e.key === 'End') next = all[all.length - 1];
    if (next) {
      e.preventDefault();
      focusItem(next);
      if (e.shiftKey) range(next.dataset.id); else if (!mod) anchor = next.dataset.id;
      return;
    }
    if (e.key === 'Enter' && !mod) {
      e.preventDefault();
      opts.open(li.dataset.id);
    } else if (e.key === ' ' && !e.shiftKey) {
      e.preventDefault();
      toggle(li.dataset.id);
    } else if (mod && !e.shiftKey && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      set(await opts.allIds(), true);
    } else if (e.key === 'Escape' && chosen) {
      e.preventDefault();
      e.stopPropagation();
      set([], false);
    }
  });

  return {
    /** The ids the user selected (empty when none). */
    ids: () => (chosen ? [...selected] : []),
    has: (id) => selected.has(id),
    /** Ends a selection the user made; says whether there was one. */
    clear: () => { if (!chosen) return false; set([], false); return true; },
    /** The open item changed: it is the selection, unless the user made one. */
    opened: (id) => { if (!chosen) { selected = new Set(id ? [id] : []); anchor = id; } mark(); },
    /** After the list was drawn again: marks and the Tab stop. */
    refresh: mark,
    focusId: (id) => focusItem(byId(id)),
  };
}
