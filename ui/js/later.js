// Work spread over frames: `afterPaint(fn)` runs fn in a task after the next
// frame has been painted (requestAnimationFrame, then a MessageChannel task:
// not setTimeout, which WebKit clamps to 4 ms once nested), so what was just
// drawn is on screen first. `eachFrame(step)` repeats a chunk of work after
// every painted frame for up to `FRAME_BUDGET_MS`.
const FRAME_BUDGET_MS = 8;

const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => { const fn = queue.shift(); if (fn) fn(); };

export function afterPaint(fn) {
  requestAnimationFrame(() => { queue.push(fn); channel.port2.postMessage(0); });
}

/**
 * After each painted frame, calls `step` (at least once, then again while
 * FRAME_BUDGET_MS lasts) until it returns false: nothing is left, or the
 * work was replaced by newer work.
 */
export function eachFrame(step) {
  afterPaint(() => {
    const until = performance.now() + FRAME_BUDGET_MS;
    let more;
    do more = step(); while (more && performance.now() < until);
    if (more) eachFrame(step);
  });
}
