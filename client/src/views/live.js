// The live screens: delegate/guest tablet, chair console, secretary view and the hall display.
// All render from one LiveSession state; commands go over HTTP and come back as events.
import { LiveSession } from '../live.js';
import { can } from '../me.js';
import { SessionDocuments } from './documents.js';
import { console_ } from './live/console.js';
import { display } from './live/display.js';
import { tablet } from './live/tablet.js';

export async function liveView(el, sessionId, ctx) {
  let render;
  const live = new LiveSession(sessionId, (s) => render && s && render(s));
  const docs = new SessionDocuments(sessionId, () => live.state && render(live.state));
  live.onDocuments = (change) => docs.changed(change);
  const hall = can('hall.display');
  if (hall) render = display(el, live);
  else if (can('session.control') || can('sessions.manage')) render = console_(el, live, sessionId, can('session.control'));
  else render = tablet(el, live, sessionId, docs);
  await live.start();
  if (!hall) docs.load();
  window.kyhopLive = live; // for diagnostics from the browser console
  ctx.setCleanup(() => live.stop());
}
