// Work spread over frames: `afterPaint(fn)` runs fn in a task after the next
// frame has been painted (requestAnimationFrame, then a MessageChannel task:
// not setTimeout, which WebKit clamps to 4 ms once nested), so what was just
// drawn is on screen first. `FRAME_BUDGET_MS` is how long one such task
// should keep the main thread.
export const FRAME_BUDGET_MS = 8;

const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => { const fn = queue.shift(); if (fn) fn(); };

export function afterPaint(fn) {
  requestAnimationFrame(() => { queue.push(fn); channel.port2.postMessage(0); });
}
