// The live screens: delegate/guest tablet, chair console, secretary view and the hall display.
// All render from one LiveSession state; commands go over HTTP and come back as events.
import { LiveSession } from '../live.js';
import { actingIn, can } from '../me.js';
import { SessionDocuments } from './documents.js';
import { console_ } from './live/console.js';
import { display } from './live/display.js';
import { tablet } from './live/tablet.js';

export async function liveView(el, sessionId, ctx) {
  let render;
  const live = new LiveSession(sessionId, (s) => render && s && render(s));
  const docs = new SessionDocuments(sessionId, () => live.state && render(live.state));
  live.onDocuments = (change) => docs.changed(change);
  await live.start();
  // the screen follows what the user may do in THIS session: someone invited to another council's meeting (or an
  // official invited to one) acts there as an invitee, whatever their own role at home (the snapshot's me.permissions)
  const here = live.state?.me?.permissions;
  actingIn(here);
  const may = (p) => (here ? here.includes(p) : can(p));
  const hall = may('hall.display');
  if (hall) render = display(el, live);
  else if (may('session.control') || may('sessions.manage')) render = console_(el, live, sessionId, may('session.control'));
  else render = tablet(el, live, sessionId, docs);
  if (live.state) render(live.state);
  if (!hall) docs.load();
  window.kyhopLive = live; // for diagnostics from the browser console
  ctx.setCleanup(() => { actingIn(null); live.stop(); });
}
