// The live channel: a snapshot with its seq, then events applied only in order. A gap in seq, a reconnect
// or a refused follow means one snapshot reload — never a screen that silently drifted.
import { io } from 'socket.io-client';
import { get } from './api.js';
import { setServerTime } from './clock.js';

export class LiveSession {
  constructor(sessionId, onChange) {
    this.sessionId = sessionId;
    this.onChange = onChange; // (state, event|null) => void
    this.state = null;
    this.connected = false;
    this.reloading = null;
    this.pending = [];
    this.stats = { reloads: 0, events: 0 };
  }

  async start() {
    await this.reload();
    this.socket = io({ transports: ['websocket'], reconnectionDelayMax: 3000 });
    this.socket.on('connect', () => this.follow());
    // A heartbeat: follow again now and then. Its answer carries the server's seq, so a change whose event
    // never arrived (Redis away, a process restarted) is caught up even if no later event comes.
    this.heartbeat = setInterval(() => { if (this.socket.connected) this.follow(); },
      window.KYHOP_HEARTBEAT_MS || 30000);
    this.socket.on('disconnect', (reason) => {
      this.connected = false;
      this.onChange(this.state, null);
      // dropped by the server (its login ended or its role changed): connect again, as what it now is;
      // an ended login is refused and the next request asks to log in again
      if (reason === 'io server disconnect') {
        setTimeout(() => {
          this.reload().catch((err) => { if (err.status === 401) location.hash = '#/login'; });
          this.socket.connect();
        }, 1000);
      }
    });
    this.socket.on('event', (ev) => this.receive(ev));
    // the count of ballots cast: frequent, coalesced, outside the seq order (a snapshot has it too)
    this.socket.on('poll_progress', (p) => {
      if (this.state?.poll?.id === p.poll_id) { this.state.poll.progress = p; this.onChange(this.state, null); }
    });
    return this;
  }

  stop() {
    clearInterval(this.heartbeat);
    this.socket?.close();
  }

  follow() {
    // No answer in 10 s, or a busy server: follow again, or this tablet would miss every event from now on.
    this.socket.timeout(10000).emit('follow', { session_id: this.sessionId }, (err, ack) => {
      if (!this.socket.connected) return; // the next connect follows again
      if (err || ack?.error === 'retry') { setTimeout(() => this.follow(), 1000); return; }
      const was = this.connected;
      this.connected = !!ack?.ok;
      // Whatever happened while we were away: if the server is ahead of us, reload. Otherwise redraw only
      // if the connection state changed (a heartbeat must not disturb a ballot being filled in).
      if (!ack?.ok || !this.state || ack.seq > this.state.seq) this.reload();
      else if (was !== this.connected) this.onChange(this.state, null);
    });
  }

  receive(ev) {
    if (ev.session_id !== this.sessionId) return;
    if (this.reloading) { this.pending.push(ev); return; }
    if (ev.seq <= this.state.seq) return; // already reflected
    if (ev.seq !== this.state.seq + 1) { this.reload(); return; } // missed something
    this.apply(ev);
  }

  apply(ev) {
    const s = this.state;
    for (const [key, value] of Object.entries(ev.patch)) {
      if (key === 'attendance_change') {
        if (s.me && value.user_id === s.me.id) s.me.attendance = value.status;
        const row = s.roll?.find((r) => r.user_id === value.user_id);
        if (row) row.status = value.status;
      } else if (key === 'server_time') {
        setServerTime(value);
      } else if (key === 'documents_changed') {
        this.onDocuments?.(value); // not state: the list depends on who reads it, so it is refetched
      } else if (key === 'poll') {
        if (value.status === 'open' && s.poll?.id !== value.id && s.me) {
          // a poll just opened: entitled if checked in at that moment (the server took the same snapshot)
          s.me.vote = { poll_id: value.id, entitled: s.me.attendance === 'present', has_voted: false };
        }
        s.poll = value;
      } else {
        s[key] = value;
      }
    }
    if (ev.patch.status) s.session.status = ev.patch.status;
    s.seq = ev.seq;
    this.stats.events += 1;
    this.onChange(s, ev);
  }

  reload() {
    if (this.reloading) return this.reloading;
    this.stats.reloads += 1;
    this.reloading = (async () => {
      try {
        for (;;) {
          try {
            this.state = await get(`/api/sessions/${this.sessionId}/live`);
            setServerTime(this.state.server_time); // for countdowns
            break;
          } catch (err) {
            if (err.status === 401 || err.status === 404 || err.status === 403) throw err;
            await new Promise((r) => setTimeout(r, 1000)); // server restarting: try again
          }
        }
      } finally {
        this.reloading = null;
      }
      const queued = this.pending.sort((a, b) => a.seq - b.seq);
      this.pending = [];
      this.onChange(this.state, null);
      for (const ev of queued) this.receive(ev);
      return this.state;
    })();
    return this.reloading;
  }
}
