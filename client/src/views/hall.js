// Where the display account lands: the live display of the council's session in progress, else of the
// next published one; with none, a calm waiting screen that looks again every half minute.
import { get } from '../api.js';
import { mount } from '../dom.js';
import { me } from '../me.js';
import { liveView } from './live.js';
import { waitingScreen } from './live/display.js';


export function hallSession(sessions) {
  const live = sessions.find((s) => s.status === 'in_progress');
  if (live) return live;
  const published = sessions.filter((s) => s.status === 'published').sort((a, b) => a.start_date.localeCompare(b.start_date));
  const today = new Date().toISOString().slice(0, 10);
  return published.find((s) => s.end_date >= today) || published[published.length - 1] || null;
}

export async function hallView(el, ctx) {
  const { sessions } = await get('/api/sessions');
  const session = hallSession(sessions);
  if (session) {
    await liveView(el, session.id, ctx);
    return;
  }
  mount(el, waitingScreen(me().council.name));
  const timer = setInterval(async () => {
    try {
      const again = await get('/api/sessions');
      if (hallSession(again.sessions)) { clearInterval(timer); window.dispatchEvent(new HashChangeEvent('hashchange')); }
    } catch { /* the server is away: look again later */ }
  }, window.KYHOP_HALL_LOOK_MS || 30000);
  ctx.setCleanup(() => clearInterval(timer));
}
