// Text the user types is saved as they type: after a short pause, and at
// once on blur, close, Esc, article switch and window close (flushAll).
// Saves of one field run one after another, each saving what the field
// holds when its turn comes, so a slow save never reorders text and a
// first save that creates something is never made twice. A visible status
// says whether the text is saved.

import { showError } from './toast.js';

/** Pause after the last keystroke before saving. */
const PAUSE_MS = 400;

/** Fields with text that may still need saving. */
const live = new Set();

const STATUS = {
  saved: 'Saved',
  dirty: 'Not saved yet',
  saving: 'Saving…',
  error: 'Not saved: try again',
};

/**
 * Saves `field` (a textarea or input) through `save(text)` as the user
 * types. `saved` is the text the library already holds. `status` (an
 * element) shows the state in words and as `data-state`.
 * @returns {{field: HTMLElement, flush: () => Promise<boolean>, dirty: () => boolean, release: () => void}}
 */
export function autosave(field, { save, saved = field.value, status = null }) {
  let stored = saved;
  let timer = null;
  let chain = Promise.resolve(true);
  let failed = false;
  const show = (state) => {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = STATUS[state];
  };
  const step = async () => {
    const text = field.value;
    if (text === stored && !failed) return true;
    show('saving');
    try {
      await save(text);
      stored = text;
      failed = false;
      show(field.value === stored ? 'saved' : 'dirty');
      return true;
    } catch (e) {
      failed = true;
      show('error');
      throw e;
    }
  };
  const draft = {
    field,
    dirty: () => field.value !== stored || failed,
    flush() {
      clearTimeout(timer);
      timer = null;
      const run = chain.catch(() => false).then(step);
      chain = run;
      return run;
    },
    release() { clearTimeout(timer); live.delete(draft); },
  };
  field.addEventListener('input', () => {
    show('dirty');
    clearTimeout(timer);
    timer = setTimeout(() => { draft.flush().catch(showError); }, PAUSE_MS);
  });
  field.addEventListener('blur', () => { draft.flush().catch(showError); });
  live.add(draft);
  if (status) show('saved');
  return draft;
}

/**
 * Text that is saved whole rather than as typed (a tag not yet added):
 * `flush` saves it, on blur and with flushAll. Entries whose field has left
 * the page are dropped as new ones come.
 */
export function track(entry) {
  for (const d of live) if (d.field && !d.field.isConnected && !d.dirty()) live.delete(d);
  live.add(entry);
}

/** Saves every field with unsaved text; resolves when all are done. */
export function flushAll() {
  return Promise.allSettled([...live].map((d) => d.flush()));
}

/** True while some field holds text not yet saved. */
export function anyDirty() {
  return [...live].some((d) => d.dirty());
}
