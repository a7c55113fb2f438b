// This machine's ports and processes, as the end-to-end tests
// (e2e/harness.mjs) and the app benchmarks (bench/app.mjs) both need them.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** PIDs of all live descendants of `pid` (from /proc), deepest last. */
export function descendants(pid) {
  const kids = new Map();
  let entries = [];
  try { entries = readdirSync('/proc'); } catch { return []; }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(e));
    } catch { /* exited meanwhile */ }
  }
  const out = [];
  const walk = (p) => { for (const c of kids.get(p) || []) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

export function portFree(port) {
  return new Promise((r) => {
    const s = createServer();
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });
}

/** A port P such that P and P+1 are both free (tauri-driver and its native driver). */
export async function freePortPair() {
  for (let i = 0; i < 50; i++) {
    const p = 20000 + Math.floor(Math.random() * 39000);
    if (await portFree(p) && await portFree(p + 1)) return p;
  }
  throw new Error('no free TCP port pair found');
}
