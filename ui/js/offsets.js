// Pure helpers for mapping between Unicode code-point offsets (what the Rust
// side stores: Annotation.start/end) and UTF-16 indices (what the DOM uses).
// No DOM access here: this module is imported by node unit tests.

function isHigh(c) { return c >= 0xd800 && c <= 0xdbff; }
function isLow(c) { return c >= 0xdc00 && c <= 0xdfff; }

/** Any surrogate code unit; without one, code points and UTF-16 units coincide. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** Number of Unicode code points in `str` (a lone surrogate counts as one). */
export function cpLength(str) {
  // Fast path (a native scan): most text has no character outside the BMP.
  if (!SURROGATE.test(str)) return str.length;
  let n = 0;
  const len = str.length;
  for (let i = 0; i < len; i++) {
    if (isHigh(str.charCodeAt(i)) && i + 1 < len && isLow(str.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/** UTF-16 index of code point `cp` in `str`; clamped to [0, str.length]. */
export function cpToUtf16Index(str, cp) {
  if (!(cp > 0)) return 0;
  const len = str.length;
  if (!SURROGATE.test(str)) return Math.min(Math.ceil(cp), len);
  let i = 0;
  let n = 0;
  while (i < len && n < cp) {
    if (isHigh(str.charCodeAt(i)) && i + 1 < len && isLow(str.charCodeAt(i + 1))) i += 2;
    else i += 1;
    n++;
  }
  return i;
}

/**
 * Code-point offset of UTF-16 `index` in `str`; clamped. An index that falls
 * between the two halves of a surrogate pair is rounded down to the pair start.
 */
export function utf16ToCp(str, index) {
  const stop = Math.max(0, Math.min(index | 0, str.length));
  if (!SURROGATE.test(str)) return stop;
  let n = 0;
  let i = 0;
  while (i < stop) {
    if (isHigh(str.charCodeAt(i)) && i + 1 < str.length && isLow(str.charCodeAt(i + 1))) {
      if (i + 2 > stop) break; // index points inside the pair
      i += 2;
    } else {
      i += 1;
    }
    n++;
  }
  return n;
}

/**
 * A function from code-point offsets to UTF-16 indices of `str` that walks
 * forward from the last offset asked, so asking offsets in ascending order
 * costs one pass over `str` in all (cpToUtf16Index scans from the start each
 * time). Asking a smaller offset walks again from the start. Clamped.
 * @returns {(cp:number)=>number}
 */
export function cpCursor(str) {
  const len = str.length;
  if (!SURROGATE.test(str)) return (cp) => (cp > 0 ? Math.min(Math.ceil(cp), len) : 0);
  let n = 0;
  let i = 0;
  return (cp) => {
    if (cp < n) { n = 0; i = 0; }
    while (i < len && n < cp) {
      if (isHigh(str.charCodeAt(i)) && i + 1 < len && isLow(str.charCodeAt(i + 1))) i += 2;
      else i += 1;
      n++;
    }
    return i;
  };
}

/**
 * The inverse of cpCursor: UTF-16 indices of `str` to code-point offsets,
 * one pass in all for ascending indices (a smaller one walks again).
 * @returns {(index:number)=>number}
 */
export function utf16Cursor(str) {
  const len = str.length;
  if (!SURROGATE.test(str)) return (i) => Math.max(0, Math.min(i, len));
  let n = 0;
  let i = 0;
  return (to) => {
    if (to < i) { n = 0; i = 0; }
    const end = Math.min(to, len);
    while (i < end) {
      if (isHigh(str.charCodeAt(i)) && i + 1 < len && isLow(str.charCodeAt(i + 1))) i += 2;
      else i += 1;
      n++;
    }
    return n;
  };
}

/** Substring by code-point offsets [startCp, endCp). */
export function cpSlice(str, startCp, endCp) {
  const a = cpToUtf16Index(str, startCp);
  const b = endCp === undefined ? str.length : cpToUtf16Index(str, endCp);
  return str.slice(a, Math.max(a, b));
}

/**
 * Splits `text` on "\n\n" into paragraphs, each with its absolute code-point
 * start and length. Separators belong to no paragraph.
 * @returns {{text:string,start:number,length:number}[]}
 */
export function paragraphs(text) {
  const out = [];
  const parts = text.split('\n\n');
  let cp = 0;
  for (const part of parts) {
    const length = cpLength(part);
    out.push({ text: part, start: cp, length });
    cp += length + 2;
  }
  return out;
}

/**
 * Splits [0, textLength) into runs at every highlight boundary. Each run lists
 * the ids of the highlights covering it (overlaps allowed; runs covered by no
 * highlight have ids: []). Highlights with null/invalid offsets are ignored;
 * offsets are clamped to the text. ids are ordered by highlight start, then by
 * longer first, then by input order.
 * @param {number} textLength
 * @param {{id:string,start:number|null,end:number|null}[]} highlights
 * @returns {{start:number,end:number,ids:string[]}[]}
 */
export function segments(textLength, highlights) {
  const len = Math.max(0, textLength | 0);
  const hs = [];
  (highlights || []).forEach((h, order) => {
    if (!h || typeof h.start !== 'number' || typeof h.end !== 'number') return;
    const start = Math.max(0, Math.min(len, h.start));
    const end = Math.max(0, Math.min(len, h.end));
    if (end <= start) return;
    hs.push({ id: h.id, start, end, order });
  });
  hs.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
  const bounds = new Set([0, len]);
  for (const h of hs) { bounds.add(h.start); bounds.add(h.end); }
  const points = [...bounds].sort((a, b) => a - b);
  const out = [];
  let active = [];
  let next = 0; // index into hs of the next highlight to activate
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (b <= a) continue;
    active = active.filter((h) => h.end > a);
    while (next < hs.length && hs[next].start <= a) {
      if (hs[next].end > a) active.push(hs[next]);
      next++;
    }
    active.sort((x, y) => x.start - y.start || y.end - x.end || x.order - y.order);
    out.push({ start: a, end: b, ids: active.map((h) => h.id) });
  }
  return out;
}

/**
 * Intersects runs from `segments` with [from, to) (paragraph bounds), returning
 * runs relative to `from`. Runs must be sorted; uses binary search.
 */
export function runsWithin(runs, from, to) {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].end <= from) lo = mid + 1; else hi = mid;
  }
  const out = [];
  for (let i = lo; i < runs.length && runs[i].start < to; i++) {
    const s = Math.max(runs[i].start, from);
    const e = Math.min(runs[i].end, to);
    if (e > s) out.push({ start: s - from, end: e - from, ids: runs[i].ids });
  }
  return out;
}

/** UTF-16 index reached by advancing `n` code points from UTF-16 index `i`. */
export function advance(str, i, n) {
  const len = str.length;
  let k = 0;
  while (i < len && k < n) {
    if (isHigh(str.charCodeAt(i)) && i + 1 < len && isLow(str.charCodeAt(i + 1))) i += 2;
    else i += 1;
    k++;
  }
  return i;
}

const WORD = /[\p{L}\p{N}\p{M}_]/u;
const isWord = (ch) => ch != null && WORD.test(ch);

/**
 * Widens the code-point range [start, end) of `text` to whole words: a
 * start inside a word moves back to the word's start, an end inside a word
 * forward to its end. A range that already starts and ends between words
 * is returned as it is (it never grows past what was touched).
 * @returns {{start:number,end:number}}
 */
export function snapToWords(text, start, end) {
  let a = cpToUtf16Index(text, start);
  let b = cpToUtf16Index(text, end);
  const before = (i) => (i > 0 ? String.fromCodePoint(text.codePointAt(i - (i > 1 && isLowAt(text, i - 1) ? 2 : 1))) : null);
  const at = (i) => (i < text.length ? String.fromCodePoint(text.codePointAt(i)) : null);
  if (isWord(before(a)) && isWord(at(a))) {
    while (isWord(before(a))) a -= before(a).length;
  }
  if (b > a && isWord(before(b)) && isWord(at(b))) {
    while (isWord(at(b))) b += at(b).length;
  }
  return { start: utf16ToCp(text, a), end: utf16ToCp(text, b) };
}

function isLowAt(str, i) {
  return isLow(str.charCodeAt(i)) && i > 0 && isHigh(str.charCodeAt(i - 1));
}
