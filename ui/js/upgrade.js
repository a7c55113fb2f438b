// While the library is being upgraded as it opens (a large library moves
// every text once, which takes a while), a panel says how far it has come.
// The other start-up calls wait for the library meanwhile; this one polls
// `opening_progress`, which answers at once.
import * as api from './api.js';
import { h, clear } from './dom.js';

const EVERY_MS = 200;

/** Shows the panel in `element` until `opened` settles. */
export function watchUpgrade(element, opened) {
  let over = false;
  opened.finally(() => { over = true; element.hidden = true; });
  const poll = async () => {
    if (over) return;
    const progress = await api.openingProgress().catch(() => null);
    if (over) return;
    if (progress) show(element, progress);
    setTimeout(poll, EVERY_MS);
  };
  poll();
}

function show(element, { done, total, compacting }) {
  const of = Math.max(total, 1);
  const percent = Math.floor((100 * (compacting ? of : done)) / of);
  const number = (n) => n.toLocaleString();
  clear(element).append(
    h('strong', null, 'Upgrading your library'),
    h('p', null, compacting
      ? 'Giving the space it no longer needs back to the disk…'
      : `Moving it to a lighter format: ${number(done)} of ${number(total)} articles and notes (${percent}%).`),
    h('progress', { max: of, value: compacting ? of : done, 'aria-label': 'Upgrade progress' }),
    h('p', { class: 'hint' }, 'This happens once. If Marginalia is closed now, it goes on from here next time.'),
  );
  element.dataset.percent = String(percent);
  element.hidden = false;
}
