// Writes that must reach the server even when the tablet is offline — private notes, read receipts: kept in
// localStorage with the user they belong to, sent in order when the network is back. Each is idempotent on the
// server (a note by its UUID, a receipt's first time counts), so sending one again is harmless.
import { ApiError, api } from './api.js';
import { me } from './me.js';

const KEY = 'kyhop.outbox';
const load = () => {
  try { return JSON.parse(localStorage.getItem(KEY) || '[]') || []; } catch { return []; }
};
const save = (q) => {
  try { localStorage.setItem(KEY, JSON.stringify(q)); } catch { /* full or private mode: sent now or never */ }
};
let busy = false;
let again = false;

/** Send `method path body` as the logged-in user, now if the network allows, else later; a newer write with the
 * same `key` replaces one not sent yet. Resolves to the answer, or null when kept for later. */
export async function queue(key, method, path, body) {
  const user = me()?.user?.id;
  if (!user) return null;
  save([...load().filter((x) => !(x.key === key && x.user === user)), { key, user, method, path, body }]);
  return flush(key);
}

/** Send what waits for the logged-in user (never another's: a shared tablet). A refusal (4xx but 401) drops the
 * write — it can never succeed; no network or a server error keeps it for the next try. */
export async function flush(want) {
  if (busy) { again = true; return null; }
  busy = true;
  let answer = null;
  try {
    const user = me()?.user?.id;
    for (const item of load().filter((x) => x.user === user)) {
      let done = true;
      try {
        const r = await api(item.method, item.path, item.body);
        if (item.key === want) answer = r;
        else window.dispatchEvent(new CustomEvent('kyhop-sent', { detail: { key: item.key, answer: r } })); // sent later
      } catch (err) {
        done = err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401;
        if (!done) break;
      }
      if (done) save(load().filter((x) => !(x.key === item.key && x.user === item.user && x.path === item.path
        && JSON.stringify(x.body) === JSON.stringify(item.body))));
    }
  } finally {
    busy = false;
  }
  if (again) { again = false; return flush(want); }
  return answer;
}

/** Does the logged-in user's write `key` wait for the network? */
export const isWaiting = (key) => load().some((x) => x.key === key && x.user === me()?.user?.id);

/** How many writes of the logged-in user wait for the network. */
export const waiting = () => load().filter((x) => x.user === me()?.user?.id).length;

window.addEventListener('online', () => flush());
setInterval(() => { if (navigator.onLine && waiting()) flush(); }, 20000);
