// The one place that talks to Rust. Every command in docs/ipc.md has a thin
// wrapper here. Failures always reject with {code, message}.

function tauri() {
  return window.__TAURI__;
}

function normaliseError(e) {
  if (e && typeof e === 'object' && 'message' in e) {
    return { code: e.code || 'internal', message: String(e.message) };
  }
  return { code: 'internal', message: typeof e === 'string' ? e : 'Something went wrong' };
}

export async function call(cmd, args) {
  const t = tauri();
  if (!t || !t.core) {
    throw { code: 'internal', message: 'The desktop bridge is not available.' };
  }
  try {
    return await t.core.invoke(cmd, args);
  } catch (e) {
    throw normaliseError(e);
  }
}

export const libraryInfo = () => call('library_info');
export const openingProgress = () => call('opening_progress');
export const listArticles = (query) => call('list_articles', { query });
/** Every id of a list (select all), in its order. */
export const listArticleIds = (query) => call('list_article_ids', { query });
export const getArticle = (id) => call('get_article', { id });
/** Moves articles to the Trash (undoable); resolves to how many moved. */
export const trashArticles = (ids) => call('trash_articles', { ids });
export const restoreArticles = (ids) => call('restore_articles', { ids });
/** Deletes articles or annotations for good: {articles, annotations}. */
export const deletePermanently = (ids) => call('delete_permanently', { ids });
export const emptyTrash = () => call('empty_trash');
export const setState = (ids, to) => call('set_state', { ids, to });
export const setStarred = (ids, starred) => call('set_starred', { ids, starred });
/** Takes back the last change: {label, articles, annotations, state: {undo, redo}}. */
export const undo = () => call('undo');
export const redo = () => call('redo');
/** {undo, redo}: the labels of what Undo and Redo would do now, or null. */
export const undoState = () => call('undo_state');
export const savePosition = (id, position, progress) => call('save_position', { id, position, progress });
export const stateCounts = () => call('state_counts');
export const editArticle = (id, edit) => call('edit_article', { id, edit });
export const readerSettings = () => call('reader_settings');
export const setReaderSettings = (settings) => call('set_reader_settings', { settings });
export const session = () => call('session');
export const saveSession = (session) => call('save_session', { session });
export const search = (query) => call('search', { query });
export const createHighlight = (articleId, start, end, input) =>
  call('create_highlight', { articleId, start, end, input });
export const createNote = (articleId, input) => call('create_note', { articleId, input });
export const updateAnnotation = (id, patch) => call('update_annotation', { id, patch });
export const deleteAnnotation = (id) => call('delete_annotation', { id });
export const deleteAnnotations = (ids) => call('delete_annotations', { ids });
export const reattachHighlight = (id, start, end) => call('reattach_highlight', { id, start, end });
export const findAnnotations = (query) => call('find_annotations', { query });
export const countAnnotations = (query) => call('count_annotations', { query });
/** Every id of an annotation list (select all), in its order. */
export const annotationIds = (query) => call('annotation_ids', { query });
export const setColor = (ids, color) => call('set_color', { ids, color });
/** `ids`: articles and annotations, any mix; one transaction. */
export const addTags = (ids, tags) => call('add_tags', { ids, tags });
export const removeTags = (ids, tags) => call('remove_tags', { ids, tags });
export const listTags = () => call('list_tags');
export const renameTag = (oldName, newName) => call('rename_tag', { old: oldName, new: newName });
export const mergeTags = (from, into) => call('merge_tags', { from, into });
export const deleteTag = (name) => call('delete_tag', { name });
export const listColors = () => call('list_colors');
export const setColorLabel = (name, label) => call('set_color_label', { name, label });
/** The native save dialog, opened by Rust: {token, names} or null when cancelled. */
export const chooseExportFile = () => call('choose_export_file');
/** Writes the export to the file behind a token from chooseExportFile. */
export const exportCsv = (token, options) => call('export_csv', { token, options });
/** The native save dialog for a backup: {token, names} or null. */
export const chooseBackupFile = () => call('choose_backup_file');
/** Backs the library up to the file behind a token from chooseBackupFile; its size in bytes. */
export const backupLibrary = (token) => call('backup_library', { token });
/** The native open dialog, opened by Rust: {token, names} or null when cancelled. */
export const chooseImportFiles = () => call('choose_import_files');
export const chooseImportFolders = () => call('choose_import_folders');

/**
 * import_files for the files behind a token (from chooseImportFiles or a
 * drop) with a progress Channel; onProgress gets {done, total, file}.
 */
export function importFiles(token, onProgress) {
  return withProgress('import_files', { token }, onProgress);
}

/** A command that reports progress on a Channel to `onProgress`. */
function withProgress(cmd, args, onProgress) {
  const t = tauri();
  if (!t || !t.core || !t.core.Channel) {
    return Promise.reject({ code: 'internal', message: 'The desktop bridge is not available.' });
  }
  const channel = new t.core.Channel();
  channel.onmessage = (msg) => {
    try { onProgress && onProgress(msg); } catch (err) { console.error(err); }
  };
  return call(cmd, { ...args, onProgress: channel });
}

/** Fetches the article at a web address and imports it; onProgress gets {received, total}. */
export const importLink = (url, onProgress) => withProgress('import_link', { url }, onProgress);
/** Fetches an article again from its link and updates it (its highlights re-anchored). */
export const updateFromSource = (id, onProgress) => withProgress('update_from_source', { id }, onProgress);
/** Stops the running fetch; it then rejects with code "cancelled". */
export const cancelFetch = () => call('cancel_fetch');

// ---- events --------------------------------------------------------------

/** Subscribes to a Tauri event; resolves to an unlisten fn (noop without Tauri). */
export async function listen(event, handler) {
  const ev = tauri()?.event;
  if (!ev) return () => {};
  try { return await ev.listen(event, handler); } catch (e) { console.error(e); return () => {}; }
}
export const openLink = (href) => call('open_link', { href });
