// Reader view controller: opens an article, renders header/tags/notes/text and
// the sidebar, and turns selections into highlights (or re-attachments).
import * as api from './api.js';
import { h, clear, dateOnly } from './dom.js';
import { state, emit, on } from './state.js';
import {
  renderText, updateHighlights, clearText, renderedBlocks, selectionToOffsets, selectOffsets, scrollToOffset, flashHighlight,
  markMatches, clearMatches,
} from './reader.js';
import { renderSidebar, flashSidebarItem } from './sidebar.js';
import { initToolbar, showToolbar, hideToolbar, isToolbarOpen, toolbarElement, highlightWith } from './toolbar.js';
import { initEditor, openEditor, closeEditor, isEditorOpen, editorElement, refreshEditor } from './editor.js';
import { tagEditor } from './tagchips.js';
import { selectionRect } from './popover.js';
import { toast, guard, showError } from './toast.js';
import { confirmDialog } from './dialogs.js';
import { renderContents, followLink } from './contents.js';
import { renderNotes } from './notes.js';
import { snapToWords } from './offsets.js';
import { afterPaint } from './later.js';
import { triageControls, refreshCounts } from './triage.js';
import { initPosition, flushPosition, opened } from './position.js';
import { editDetails } from './details.js';
import { undoable } from './undo.js';
import { initReaderMenus } from './reader-menu.js';
import { searchFor } from './search.js';

const $ = (id) => document.getElementById(id);
let els;
let openSeq = 0;

export function initArticle() {
  els = {
    scroller: $('main'), empty: $('reader-empty'), article: $('article'), title: $('article-title'),
    meta: $('article-meta'), tags: $('article-tags'), contents: $('article-contents'), notes: $('article-notes'), reader: $('reader'),
    banner: $('reattach-banner'), sidebar: $('sidebar-annotations'),
  };
  initToolbar({ element: $('highlight-toolbar'), create: createHighlight });
  initEditor({ element: $('annotation-editor'), changed: afterChange, saved: annotationSaved });

  // Only mouse gestures that start or end in the reader produce a selection
  // (a click on an unrelated button must not re-use a stale selection).
  let downInReader = false;
  document.addEventListener('mouseup', (e) => {
    // A right click opens the context menu, not the toolbar.
    if (e.button === 2 || inPopover(e.target)) return;
    const inReader = e.target instanceof Node && els.reader.contains(e.target);
    if (!downInReader && !inReader) return;
    downInReader = false;
    setTimeout(handleSelection, 0);
  });
  document.addEventListener('keyup', (e) => {
    if (e.shiftKey && e.key.startsWith('Arrow')) handleSelection();
  });
  document.addEventListener('mousedown', (e) => {
    if (e.button === 2 || inPopover(e.target)) return;
    downInReader = e.target instanceof Node && els.reader.contains(e.target);
    hideToolbar();
    if (!(e.target instanceof Element && e.target.closest('mark.hl, .annotation'))) closeEditor();
  });
  els.reader.addEventListener('click', (e) => {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const mark = e.target instanceof Element ? e.target.closest('mark.hl') : null;
    const link = e.target instanceof Element ? e.target.closest('a.link') : null;
    // A link opens on a click, or a Ctrl/⌘-click when it is highlighted
    // (a plain click on a highlight edits it).
    if (link && !state.reattachId && (!mark || e.ctrlKey || e.metaKey)) {
      follow(link);
      return;
    }
    if (!mark || state.reattachId) return;
    const ids = (mark.dataset.ids || '').split(' ').filter(Boolean);
    if (ids.length === 0) return;
    const r = mark.getBoundingClientRect();
    openEditor(ids[ids.length - 1], { top: r.top, bottom: r.bottom, left: r.left, width: r.width }, ids);
  });
  els.reader.addEventListener('keydown', (e) => {
    const link = e.key === 'Enter' && e.target instanceof Element ? e.target.closest('a.link') : null;
    if (link) { e.preventDefault(); follow(link); }
  });
  renderSidebar(els.sidebar, null, sidebarHandlers);
  initReaderMenus({
    reader: els.reader, sidebar: els.sidebar, offsets: selectedOffsets, highlight: (color, off) => highlightWith(color, off), edit: openEditor,
    jump: (a) => jumpTo(a), reattach: (a) => sidebarHandlers.onReattach(a), search: (text) => searchFor(text), closePopovers,
  });
  initPosition({ scroller: els.scroller, reader: els.reader, progress: showReading });
  on('reading-changed', ({ id }) => { if (state.current?.article.id === id) renderMeta(state.current.article); });
}

/** Minutes to read, at 230 words a minute; counted once per text. */
const minutesCache = new Map();
function minutesToRead(a) {
  const key = `${a.id}:${a.text.length}`;
  if (!minutesCache.has(key)) {
    if (minutesCache.size > 50) minutesCache.clear();
    minutesCache.set(key, Math.max(1, Math.round((a.text.match(/\S+/g)?.length || 0) / 230)));
  }
  return minutesCache.get(key);
}

/** The reading line under the title: time to read and how much is read. */
function showReading(a) {
  const el = els.meta.querySelector('[data-testid="reading-info"]');
  if (!el) return;
  const read = a.progress ? ` · ${a.progress}% read` : '';
  el.textContent = `${minutesToRead(a)} min read${read}`;
}

/** Follows a link in the open article (to its target, or out). */
function follow(link) {
  followLink(link, state.current?.article?.structure, (cp) => scrollToOffset(cp));
}

function inPopover(t) {
  return t instanceof Node && (toolbarElement()?.contains(t) || editorElement()?.contains(t) ||
    (t instanceof Element && !!t.closest('dialog')));
}

/** The same logic as a mouseup in the reader: toolbar, or re-attach. */
/**
 * The selection in the reader as code points, snapped to whole words (a
 * selection ending in "agreeme" takes the whole "agreement"); the visible
 * selection follows.
 */
function selectedOffsets() {
  const off = selectionToOffsets(els.reader);
  if (!off || !state.current) return off;
  const snapped = snapToWords(state.current.article.text, off.start, off.end);
  if (snapped.start !== off.start || snapped.end !== off.end) selectOffsets(snapped.start, snapped.end);
  return snapped;
}

export function handleSelection() {
  if (!state.current || state.view !== 'reader') return false;
  const off = selectedOffsets();
  if (!off) {
    const sel = window.getSelection();
    if (isToolbarOpen() && sel && sel.isCollapsed && !inPopover(document.activeElement)) hideToolbar();
    return false;
  }
  if (state.reattachId) { reattach(off); return true; }
  showToolbar(off, selectionRect());
  return true;
}

/** Test hook & programmatic selection: selects [start, end) then runs the mouseup logic. */
export function selectRange(start, end) {
  if (!state.current) return false;
  if (!selectOffsets(start, end)) return false;
  return handleSelection();
}

/** Keyboard path: highlight the toolbar passage or the live selection. */
export function highlightSelection(color) {
  if (!state.current) return Promise.resolve(false);
  const live = selectedOffsets();
  if (!isToolbarOpen() && !live) {
    toast('Select some text in the article first.');
    return Promise.resolve(false);
  }
  return highlightWith(color, live);
}

async function createHighlight(off, color, note, tags) {
  const cur = state.current;
  if (!cur) return false;
  const input = { color };
  if (note) input.note = note;
  if (tags.length) input.tags = tags;
  const ann = await guard(() => api.createHighlight(cur.article.id, off.start, off.end, input));
  if (!ann) return false;
  window.getSelection()?.removeAllRanges();
  await afterChange({ tags: tags.length > 0 });
  flashHighlight(ann.id);
  return true;
}

async function reattach(off) {
  const id = state.reattachId;
  setReattach(null);
  window.getSelection()?.removeAllRanges();
  const ann = await guard(() => api.reattachHighlight(id, off.start, off.end));
  if (!ann) return;
  await afterChange();
  flashHighlight(ann.id);
  toast('Highlight re-attached');
}

function setReattach(id) {
  state.reattachId = id;
  if (id) window.getSelection()?.removeAllRanges();
  hideToolbar();
  closeEditor();
  clear(els.banner);
  els.banner.hidden = !id;
  document.body.classList.toggle('reattaching', !!id);
  if (!id) return;
  const a = state.current?.annotations.find((x) => x.id === id);
  els.banner.append(
    // (<q> draws its own quotation marks.)
    h('span', null, 'Re-attach mode: select the passage for ', h('q', null, a?.quote || ''), ' in the text.'),
    h('button', { type: 'button', class: 'small', onclick: () => setReattach(null) }, 'Cancel'));
}

export function cancelReattach() {
  if (!state.reattachId) return false;
  setReattach(null);
  return true;
}

const sidebarHandlers = {
  onJump: (a) => jumpTo(a),
  onEdit: (a, rect) => openEditor(a.id, rect),
  onReattach: (a) => { setReattach(a.id); toast('Now select the passage in the article.'); },
};

/** Scrolls to an annotation of the open article and points it out. */
export function jumpTo(a) {
  if (a.kind === 'highlight' && a.start != null && !a.orphaned) {
    scrollToOffset(a.start, els.scroller);
    flashHighlight(a.id);
    emit('highlight-shown', { id: a.id });
  } else if (a.kind === 'note') {
    const n = els.notes.querySelector(`[data-note-id="${CSS.escape(a.id)}"]`);
    n?.scrollIntoView({ block: 'center' });
  }
  flashSidebarItem(els.sidebar, a.id);
}

/**
 * A note saved as it was typed: the open article's copy of the annotation
 * and the sidebar follow, without redrawing the article (or the field the
 * note is being typed in).
 */
function annotationSaved(a) {
  const cur = state.current;
  if (!cur || cur.article.id !== a.article_id) return;
  const i = cur.annotations.findIndex((x) => x.id === a.id);
  if (i >= 0) cur.annotations[i] = a;
  else cur.annotations.push(a);
  renderSidebar(els.sidebar, cur, sidebarHandlers);
  emit('article-updated', cur);
}

/** Reloads the open article after a change; keeps scroll; tells others. */
async function afterChange(flags = {}) {
  const cur = state.current;
  if (!cur) return;
  const data = await guard(() => api.getArticle(cur.article.id));
  if (!data || state.current?.article.id !== cur.article.id) return;
  const top = els.scroller.scrollTop;
  state.current = data;
  // Same text (a highlight added, edited or removed): redraw only the
  // paragraphs whose marks changed, so the reader keeps its place.
  render({ keepText: data.article.text === cur.article.text });
  els.scroller.scrollTop = top;
  refreshEditor();
  emit('article-updated', data);
  if (flags.tags) emit('tags-dirty');
}

export async function openArticle(id, { annotationId, offset, terms } = {}) {
  const seq = ++openSeq;
  // Timings for the benchmark (performance.getEntriesByType('measure')).
  const t0 = performance.now();
  let data;
  try {
    data = await api.getArticle(id);
  } catch (e) {
    showError(e);
    return false;
  }
  if (seq !== openSeq) return false;
  const t1 = performance.now();
  flushPosition();
  setReattach(null);
  clearMatches();
  state.current = data;
  emit('view', { name: 'reader' });
  render();
  const t2 = performance.now();
  els.scroller.scrollTop = 0;
  const t3 = performance.now();
  emit('article-opened', data);
  performance.measure('article: get_article', { start: t0, end: t1 });
  performance.measure('article: first draw', { start: t1, end: t2 });
  performance.measure('article: scroll', { start: t2, end: t3 });
  performance.measure('article: opened', { start: t3 });
  if (annotationId) {
    const a = data.annotations.find((x) => x.id === annotationId);
    if (a) requestAnimationFrame(() => jumpTo(a));
  } else if (offset != null) {
    // A search hit: its passage a third of the way down, its words marked.
    requestAnimationFrame(() => {
      scrollToOffset(offset, els.scroller);
      markMatches(offset, terms);
    });
  } else if (data.article.position > 0) {
    // Where the reader left it.
    const at = data.article.position;
    requestAnimationFrame(() => scrollToOffset(at, els.scroller, 0));
  }
  opened(data.article).then(refreshCounts); // now in Continue reading
  return true;
}

export function closeArticle() {
  state.current = null;
  setReattach(null);
  render();
  emit('article-closed');
}

/** A small article with one of everything the reader and sidebar draw. */
const WARM_UP = (() => {
  const text = 'A first paragraph with a highlighted passage in it.\n\nA second paragraph.';
  const at = '2026-01-01T00:00:00Z';
  const ann = (id, kind, extra) => ({
    id, article_id: 'warm-up', kind, quote: null, prefix: null, suffix: null, start: null, end: null,
    orphaned: false, note: 'A note', note_html: '<p>A <em>note</em></p>', color: 'yellow', tags: ['tag'],
    created_at: at, updated_at: at, ...extra,
  });
  return {
    article: {
      id: 'warm-up', title: 'Warming Up', author: 'An Author', source: 'warm-up.txt', published: at,
      imported_at: at, updated_at: at, text, content_hash: '', tags: ['tag'],
    },
    annotations: [
      ann('warm-up-1', 'highlight', { quote: 'highlighted passage', prefix: 'A first paragraph with a ', suffix: ' in it.', start: 25, end: 44 }),
      ann('warm-up-2', 'highlight', { quote: 'lost words', prefix: '', suffix: '', orphaned: true, color: 'blue' }),
      ann('warm-up-3', 'note', {}),
    ],
  };
})();

/**
 * Draws a small article into the reader and sidebar, lays it out, and
 * clears it again, all in one task (so nothing of it is ever painted). The
 * first layout of the article view loads and matches every font it uses
 * (the serif title, italic quotes, small labels); without this the first
 * article opened paid 60-100 ms for that (measured: a forced layout after
 * each part of render()). Call once the library is on screen.
 */
export function warmArticleView() {
  if (state.current) return; // an article is open already
  state.current = WARM_UP;
  render();
  void els.scroller.scrollHeight;
  state.current = null;
  render();
}

/** Who, where from, when; time to read and progress; list and star; actions. */
function renderMeta(a) {
  clear(els.meta);
  const bits = [];
  if (a.author) bits.push(h('span', { class: 'author' }, a.author));
  if (a.site_name) bits.push(h('span', { class: 'site' }, a.site_name));
  if (a.url) {
    bits.push(h('button', {
      type: 'button', class: 'link-like source', title: `Open ${a.url}`, onclick: () => guard(() => api.openLink(a.url)),
    }, a.url));
  } else if (a.source) bits.push(h('span', { class: 'source', title: a.source }, a.source));
  if (a.published) bits.push(h('span', null, `Published ${dateOnly(a.published)}`));
  bits.push(h('span', null, `Imported ${dateOnly(a.imported_at)}`));
  bits.forEach((b, i) => { if (i) els.meta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · ')); els.meta.append(b); });
  if (/^https?:\/\//i.test(a.source || '')) {
    els.meta.append(h('button', {
      type: 'button', class: 'small subtle update-source', 'data-testid': 'update-source',
      title: 'Fetch it again from its web address; highlights follow their passages',
      onclick: () => emit('update-from-source', a),
    }, 'Update from source'));
  }
  els.meta.append(h('button', {
    type: 'button', class: 'small subtle edit-details', 'data-testid': 'edit-details',
    title: 'Correct the title, author, published date or web address',
    onclick: () => editDetails(a, (stored) => detailsEdited(stored)),
  }, 'Edit details'));
  if (a.trashed_at) {
    els.meta.append(h('span', { class: 'trash-note', role: 'status', 'data-testid': 'trash-note' },
      `In the Trash since ${dateOnly(a.trashed_at)} `,
      h('button', { type: 'button', class: 'small', 'data-testid': 'restore-article', onclick: () => restoreArticle(a) }, 'Restore'),
      h('button', { type: 'button', class: 'small danger', onclick: () => deleteForGood(a) }, 'Delete for good')));
  } else {
    els.meta.append(h('button', {
      type: 'button', class: 'small subtle delete-article', 'data-testid': 'delete-article',
      title: 'Move it to the Trash, with its highlights and notes (Undo brings it back)', onclick: () => deleteArticle(a),
    }, 'Move to Trash'));
  }

  els.meta.append(h('span', { class: 'reading-line' },
    h('span', { class: 'reading-info', 'data-testid': 'reading-info' }), triageControls(a)));
  // Counting the words of a long text waits until the article is on screen.
  afterPaint(() => { if (state.current?.article === a) showReading(a); });
}

function render({ keepText = false } = {}) {
  const data = state.current;
  els.empty.hidden = !!data;
  els.article.hidden = !data;
  const ts = performance.now();
  renderSidebar(els.sidebar, data, sidebarHandlers);
  if (data) performance.measure('article: sidebar', { start: ts });
  if (!data) {
    // Nothing of the last article stays behind in the hidden view.
    els.title.textContent = '';
    for (const el of [els.meta, els.tags, els.notes, els.contents]) clear(el);
    els.contents.hidden = true;
    clearText(els.reader);
    delete els.reader.dataset.article;
    return;
  }
  const a = data.article;
  els.title.textContent = a.title || 'Untitled';
  renderMeta(a);

  clear(els.tags);
  els.tags.append(tagEditor({
    scope: 'articles',
    tags: a.tags, label: 'Add tag to article',
    onAdd: (tags) => api.addTags([a.id], tags),
    onRemove: (t) => api.removeTags([a.id], [t]),
    onChanged: () => afterChange({ tags: true }),
  }));
  renderNotes(els.notes, data, {
    openEditor: (id, rect) => openEditor(id, rect),
    saved: annotationSaved,
    done: () => afterChange(),
  });
  if (keepText && els.reader.dataset.article === a.id && updateHighlights(els.reader, data.annotations)) return;
  els.reader.dataset.article = a.id;
  const t0 = performance.now();
  renderText(els.reader, a.text, data.annotations, a.structure);
  const t1 = performance.now();
  renderContents(els.contents, renderedBlocks(), (cp) => scrollToOffset(cp), els.scroller);
  performance.measure('article: text', { start: t0, end: t1 });
  performance.measure('article: contents', { start: t1 });
}

/** The open article's metadata was corrected: its header, the list and the search follow. */
function detailsEdited(stored) {
  const a = state.current?.article;
  if (!a || a.id !== stored.id) return;
  Object.assign(a, stored);
  els.title.textContent = a.title || 'Untitled';
  renderMeta(a);
  emit('library-changed');
  toast('Details saved');
}

async function deleteArticle(a) {
  const done = await guard(async () => { await api.trashArticles([a.id]); return true; });
  if (!done) return;
  closeArticle();
  emit('library-changed');
  emit('tags-dirty');
  undoable(`Moved “${a.title || 'Untitled'}” to the Trash`);
}

/** An article in the Trash, open in the reader: take it out, or delete it for good. */
async function restoreArticle(a) {
  if (!(await guard(() => api.restoreArticles([a.id])))) return;
  emit('library-changed');
  emit('tags-dirty');
  emit('annotations-dirty');
  undoable(`Restored “${a.title || 'Untitled'}”`);
}

async function deleteForGood(a) {
  const ok = await confirmDialog(`Delete “${a.title || 'Untitled'}” and its highlights and notes for good? This cannot be undone.`,
    { ok: 'Delete for good', danger: true });
  if (!ok || !(await guard(() => api.deletePermanently([a.id])))) return;
  closeArticle();
  emit('library-changed');
  emit('tags-dirty');
  toast('Deleted for good');
}

/** Reloads the open article (e.g. after an import or tag change elsewhere). */
export function reloadCurrent() { return afterChange(); }

export function isPopoverOpen() { return isToolbarOpen() || isEditorOpen(); }
export function closePopovers() {
  const had = isToolbarOpen() || isEditorOpen();
  hideToolbar();
  closeEditor();
  return had;
}
