// A list of any length whose rows all take one height (the row's CSS height
// plus its gap: `rowHeight`), inside a scrolling
// container: only the rows on screen, and a few either side, are in the
// DOM; rows come from `fetch(offset, limit)` a page at a time, as the
// scroll reaches them. Rows already drawn stay the same elements while
// they are in range (and the focused one stays even out of it), so focus
// and selection marks survive scrolling.

/**
 * @param {{list: HTMLElement, scroller: HTMLElement, rowHeight: number, page?: number,
 *          fetch(offset: number, limit: number): Promise<object[]>,
 *          render(row: object, index: number): HTMLElement,
 *          placeholder(index: number): HTMLElement,
 *          drawn?(): void}} opts
 */
export function virtualList(opts) {
  const { list, scroller, rowHeight } = opts;
  const page = opts.page || 100;
  const OVERSCAN = 12;
  let total = 0;
  let generation = 0;
  /** page index -> rows, or the promise of them */
  let pages = new Map();
  /** row index -> element */
  let drawn = new Map();
  let scheduled = false;

  list.style.position = 'relative';

  function rowAt(i) {
    const p = pages.get(Math.floor(i / page));
    return Array.isArray(p) ? p[i % page] : undefined;
  }

  function load(p) {
    if (pages.has(p)) return;
    const my = generation;
    const pending = opts.fetch(p * page, page).then((rows) => {
      if (my !== generation) return;
      pages.set(p, rows || []);
      update(true);
    }, (e) => {
      if (my === generation) pages.delete(p);
      throw e;
    });
    pending.catch(() => {});
    pages.set(p, pending);
  }

  /** The rows [first, last] the viewport shows, plus the overscan. */
  function range() {
    const top = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    const from = Math.floor(-top / rowHeight) - OVERSCAN;
    const to = Math.ceil((scroller.clientHeight - top) / rowHeight) + OVERSCAN;
    return [Math.max(0, from), Math.min(total - 1, to)];
  }

  function place(el, i) {
    el.dataset.index = String(i);
    el.style.position = 'absolute';
    el.style.top = `${i * rowHeight}px`;
    el.style.left = '0';
    el.style.right = '0';
    return el;
  }

  /** Inserts `el` (row `i`) before the first drawn row with a larger index. */
  function insert(el, i) {
    let before = null;
    for (const [j, other] of drawn) if (j > i && (!before || j < Number(before.dataset.index))) before = other;
    list.insertBefore(el, before);
  }

  function update(arrived = false) {
    scheduled = false;
    if (!list.isConnected || list.closest('[hidden]')) return;
    const [first, last] = total > 0 ? range() : [0, -1];
    for (let p = Math.floor(first / page); p <= Math.floor(Math.max(first, last) / page) && last >= 0; p++) load(p);
    const focused = document.activeElement;
    let changed = false;
    for (const [i, el] of drawn) {
      const keep = (i >= first && i <= last) || el.contains(focused);
      // A placeholder whose row has arrived is drawn again.
      if (!keep || (arrived && el.dataset.placeholder && rowAt(i))) {
        el.remove();
        drawn.delete(i);
        changed = true;
      }
    }
    for (let i = first; i <= last; i++) {
      if (drawn.has(i)) continue;
      const row = rowAt(i);
      const el = place(row ? opts.render(row, i) : opts.placeholder(i), i);
      if (!row) el.dataset.placeholder = 'true';
      insert(el, i);
      drawn.set(i, el);
      changed = true;
    }
    // Most scrolled frames draw no new row: nothing to tell.
    if (changed) opts.drawn?.();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => update());
  }
  scroller.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);

  return {
    /** Starts over with `n` rows (new filters): nothing fetched is kept. */
    reset(n, first = []) {
      generation++;
      total = n;
      pages = new Map();
      if (first.length) pages.set(0, first);
      for (const el of drawn.values()) el.remove();
      drawn = new Map();
      list.style.height = `${total * rowHeight}px`;
      update();
    },
    /** Fetches the rows drawn again (after a change), keeping the scroll; `n`: the new count. */
    refresh(n = total) {
      generation++;
      total = n;
      list.style.height = `${total * rowHeight}px`;
      pages = new Map();
      for (const el of drawn.values()) el.remove();
      drawn = new Map();
      update();
    },
    /** Draws what the viewport shows now (the view became visible). */
    update: () => update(),
    rowAt,
    total: () => total,
    /** Scrolls row `i` into view. */
    scrollTo(i) {
      const top = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      scroller.scrollTop = top + i * rowHeight - scroller.clientHeight / 3;
      update();
    },
  };
}
