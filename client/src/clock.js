// The server's clock, as far as this screen can tell: every countdown (speech timer, poll deadline, how long
// a result stays on the hall display) reads serverNow(), so tablets with a wrong clock still agree.
let offset = 0;

// From the live snapshot's `server_time` and from events' `patch.server_time`.
export function setServerTime(iso) {
  const at = Date.parse(iso);
  if (!Number.isNaN(at)) offset = at - Date.now();
}

export function serverNow() {
  return Date.now() + offset;
}
