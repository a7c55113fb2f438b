// Positions a floating element (inside the scrolling main pane) next to a
// viewport rect, so it scrolls with the text it belongs to.

export function placeNear(el, rect) {
  const box = el.offsetParent || document.body;
  const boxRect = box.getBoundingClientRect();
  const w = el.offsetWidth;
  const hgt = el.offsetHeight;
  const r = rect || { top: boxRect.top + 40, bottom: boxRect.top + 40, left: boxRect.left + 40, width: 0 };
  let top = r.bottom - boxRect.top + box.scrollTop + 8;
  const spaceBelow = window.innerHeight - r.bottom;
  if (spaceBelow < hgt + 16 && r.top - boxRect.top > hgt + 16) {
    top = r.top - boxRect.top + box.scrollTop - hgt - 8;
  }
  let left = r.left - boxRect.left + box.scrollLeft + (r.width || 0) / 2 - w / 2;
  const maxLeft = box.scrollLeft + box.clientWidth - w - 8;
  left = Math.max(box.scrollLeft + 8, Math.min(left, maxLeft));
  el.style.setProperty('top', `${Math.max(0, Math.round(top))}px`);
  el.style.setProperty('left', `${Math.round(left)}px`);
}

/** Bounding rect of the current selection (its last line), or null. */
export function selectionRect() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  const rects = range.getClientRects();
  const last = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
  const first = rects.length ? rects[0] : last;
  if (!last || (last.width === 0 && last.height === 0 && last.top === 0)) return null;
  return { top: first.top, bottom: last.bottom, left: last.left, width: last.width };
}
