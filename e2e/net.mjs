// Free loopback ports for tauri-driver and its native WebDriver; shared by the
// end-to-end tests (e2e/harness.mjs) and the app benchmarks (bench/app.mjs).
import { createServer } from 'node:net';

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
