// Shared application state and a small event bus.
//   'palette'            palette changed
//   'tags'               tag list changed (list_tags re-fetched)
//   'library-changed'    articles added/removed/retagged: reload the list
//   'article-updated'    the open article or its annotations changed: {article, annotations}
//   'open-article'       request: {id, annotationId?, offset?}
//   'view'               request: {name: 'reader'|'highlights'|'tags'|'colors'}

export const state = {
  palette: [],          // [Color]
  tags: [],             // [TagCount]
  current: null,        // {article, annotations} of the open article
  view: 'reader',
  reattachId: null,     // orphan being re-attached
};

const bus = new EventTarget();

export function on(name, fn) {
  bus.addEventListener(name, (e) => fn(e.detail));
}

export function emit(name, detail) {
  bus.dispatchEvent(new CustomEvent(name, { detail }));
}

export function colorByName(name) {
  return state.palette.find((c) => c.name === name) || null;
}

export function colorLabel(name) {
  const c = colorByName(name);
  return c ? c.label || c.name : name;
}
