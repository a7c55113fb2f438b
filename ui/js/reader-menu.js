// The context menus of the open article: on a text selection (highlight it
// in a colour, copy it, search for it), and on a highlight in the text or
// in the sidebar (edit, colour, copy, tag, delete, and where it applies go
// to it or re-attach it).
import { state, emit, colorLabel } from './state.js';
import { offerMenu, SEPARATOR } from './contextmenu.js';
import { annotationActions } from './bulk.js';
import { toast } from './toast.js';
import { copyQuote, copy } from './passages.js';

/**
 * @param {{reader: HTMLElement, sidebar: HTMLElement, offsets(): {start, end} | null, highlight(color, off): unknown,
 *          edit(id, rect, all): void,
 *          jump(a): void, reattach(a): void, search(text): void, closePopovers(): void}} deps
 */
export function initReaderMenus(deps) {
  // A menu, not the selection toolbar or a popover beside it.
  const only = (got) => { if (got) deps.closePopovers(); return got; };
  offerMenu(deps.reader, (target) => only(selectionMenu(deps, target) || markMenu(deps, target)),
    { current: () => deps.reader.querySelector('mark.hl.focused') });
  offerMenu(deps.sidebar, (target) => only(sidebarMenu(deps, target)));
}

/** On an annotation in the sidebar: go to it (or re-attach it), edit it, and the rest. */
function sidebarMenu(deps, target) {
  const li = target.closest('[data-testid="annotation"]');
  const a = li && state.current?.annotations.find((x) => x.id === li.dataset.id);
  if (!a) return null;
  const placed = a.kind === 'highlight' && a.start != null && !a.orphaned;
  const r = li.getBoundingClientRect();
  return {
    entries: [
      placed || a.kind === 'note' ? { label: 'Go to it', run: () => deps.jump(a) } : { label: 'Re-attach…', run: () => deps.reattach(a) },
      { label: 'Edit…', run: () => deps.edit(a.id, { top: r.top, bottom: r.bottom, left: r.left, width: r.width }, [a.id]) },
      ...annotationEntries(a, state.current.article),
    ],
    label: a.kind === 'note' ? 'Article note' : 'Highlight',
    anchor: li,
  };
}

/**
 * What one annotation's menu offers beyond opening or editing it (here and
 * in the highlights browser): copy its quote with `article`'s title, the
 * actions on it (the colours it is not), and its tags.
 */
export function annotationEntries(a, article, done = () => {}) {
  const actions = annotationActions([a.id], { done }).filter((x) => x.color !== a.color);
  const tags = (a.tags || []).map((t) => ({ label: `Show what is tagged “${t}”`, run: () => emit('tag-chosen', { tag: t, scope: 'annotations' }) }));
  return [
    ...(a.quote && article ? [{ label: 'Copy the quote', run: () => copyQuote(a, article) }] : []),
    SEPARATOR, ...actions, SEPARATOR, ...tags,
  ];
}

/** On a selection in the text: highlight it, copy it, search for it. */
function selectionMenu(deps, target) {
  const sel = window.getSelection();
  if (!state.current || !sel || sel.isCollapsed || !sel.rangeCount) return null;
  const range = sel.getRangeAt(0);
  if (!deps.reader.contains(range.commonAncestorContainer) || !range.intersectsNode(target)) return null;
  const text = sel.toString().trim();
  // The passage now: choosing from the menu may take the selection away.
  const off = text ? deps.offsets() : null;
  if (!off) return null;
  const short = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  return {
    entries: [
      ...state.palette.map((c, i) => ({ label: `Highlight as ${colorLabel(c.name)} (${i + 1})`, run: () => deps.highlight(c.name, off) })),
      SEPARATOR,
      { label: 'Copy', run: async () => { if (!(await copy(text))) toast('Could not copy.'); } },
      { label: `Search the library for “${short}”`, run: () => deps.search(text) },
    ],
    label: 'Selection',
  };
}

/** On a highlight in the text: the topmost one there. */
function markMenu(deps, target) {
  const mark = target.closest('mark.hl');
  if (!mark || state.reattachId) return null;
  const ids = (mark.dataset.ids || '').split(' ').filter(Boolean);
  const a = state.current?.annotations.find((x) => x.id === ids[ids.length - 1]);
  if (!a) return null;
  const r = mark.getBoundingClientRect();
  return {
    entries: [{ label: 'Edit…', run: () => deps.edit(a.id, { top: r.top, bottom: r.bottom, left: r.left, width: r.width }, ids) },
      ...annotationEntries(a, state.current.article)],
    label: `Highlight: ${colorLabel(a.color)}`,
    anchor: mark,
  };
}
