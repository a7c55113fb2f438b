// Pure parser for SearchHit.snippet: HTML-escaped text in which matches are
// wrapped in <mark>…</mark>. We never hand it to innerHTML; instead we split it
// into parts and the caller builds text nodes and <mark> elements.

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Unescapes exactly the five entities the Rust side produces (single pass). */
export function unescapeHtml(s) {
  return s.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
}

/**
 * @param {string} snippet
 * @returns {{text:string, mark:boolean}[]} non-empty parts; adjacent parts with
 *   the same `mark` flag are merged.
 */
export function parseSnippet(snippet) {
  const out = [];
  const push = (raw, mark) => {
    const text = unescapeHtml(raw);
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.mark === mark) last.text += text;
    else out.push({ text, mark });
  };
  const re = /<mark>|<\/mark>/g;
  let mark = false;
  let pos = 0;
  let m;
  const s = String(snippet ?? '');
  while ((m = re.exec(s)) !== null) {
    push(s.slice(pos, m.index), mark);
    mark = m[0] === '<mark>';
    pos = m.index + m[0].length;
  }
  push(s.slice(pos), mark);
  return out;
}
