// The ballot on top: when a poll opens, the delegate's ballot is laid over whatever they are looking at —
// the agenda scrolled down, a document zoomed in — with a short tone and a vibration where the device
// allows. It stays until the vote is given (or the poll closes); the delegate may fold it into a bar to read
// the motion and open it again; once given, a small confirmation stays in the corner.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import '../styles/ballot.css';

// ---- the tone. Browsers let a page sound only after the user has touched it: the first touch or key
// wakes the audio up, so that the tone of a poll opened later is heard.
let audio = null;
function audioContext() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!audio && Ctx) {
    try { audio = new Ctx(); } catch { audio = null; }
  }
  if (audio?.state === 'suspended') audio.resume().catch(() => {});
  return audio;
}
const GESTURES = ['pointerdown', 'keydown', 'touchend'];
function unlock() {
  if (audioContext()?.state === 'running') for (const type of GESTURES) removeEventListener(type, unlock, true);
}
let armed = false;
function arm() { // from the first screen with a ballot layer on: every other screen stays silent
  if (armed) return;
  armed = true;
  for (const type of GESTURES) addEventListener(type, unlock, true);
}

/** Two short rising tones and a buzz: a poll has opened. */
export function alertPoll() {
  try { navigator.vibrate?.([250, 120, 250]); } catch { /* not allowed here */ }
  const ctx = audioContext();
  if (!ctx) return;
  try {
    const now = ctx.currentTime;
    [[0, 784], [0.22, 1047]].forEach(([at, hz]) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, now + at);
      gain.gain.exponentialRampToValueAtTime(0.3, now + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(now + at);
      osc.stop(now + at + 0.2);
    });
  } catch { /* no sound on this device */ }
}

/** The layer for one live screen: `update(ballot, poll)` with the ballot panel (its data-state says choose,
 * pending or done) or null when there is no poll to vote in. */
export function ballotLayer() {
  arm();
  const el = h('div', { class: 'ballot-layer', 'data-testid': 'ballot-layer', hidden: true });
  const folded = new Set();   // poll ids the delegate folded into the bar
  const alerted = new Set();  // poll ids already announced (tone, vibration, focus)
  let shown = { ballot: null, mode: null, poll: null };

  const fold = (pollId, yes) => {
    if (yes) folded.add(pollId); else folded.delete(pollId);
    render(shown.ballot, shown.poll, true);
  };
  const sheet = h('div', { class: 'ballot-sheet', role: 'dialog', 'aria-modal': 'true', tabindex: '-1', 'aria-label': t('vote_now') });
  sheet.addEventListener('keydown', (e) => { if (e.key === 'Escape' && shown.poll) fold(shown.poll.id, true); });

  const render = (ballot, poll, force = false) => {
    const state = ballot?.dataset.state;
    let mode = null;
    if (ballot && poll && state !== 'no') {
      const done = state === 'done';
      mode = folded.has(poll.id) ? (done ? 'folded-done' : 'folded') : (done ? 'dock' : 'modal');
    }
    if (!force && mode === shown.mode && ballot === shown.ballot && poll?.id === shown.poll?.id) return;
    const was = shown;
    shown = { ballot, mode, poll };
    el.hidden = !mode;
    el.className = `ballot-layer ${mode ? `is-${mode}` : ''}`;
    document.documentElement.classList.toggle('ballot-modal', mode === 'modal');
    if (!mode) { el.replaceChildren(); return; }
    if (mode === 'folded' || mode === 'folded-done') {
      el.replaceChildren(h('button', { type: 'button', class: `ballot-bar is-${mode}`, 'data-testid': 'ballot-bar',
        onclick: () => fold(poll.id, false) },
      h('span', { class: 'pulse', 'aria-hidden': 'true' }),
      h('span', { class: 'what' }, mode === 'folded' ? t('vote_bar') : `✓ ${t('voted_bar')}`),
      h('span', { class: 'title' }, poll.title)));
      return;
    }
    const close = h('button', { type: 'button', class: 'fold', 'data-testid': 'ballot-fold', onclick: () => fold(poll.id, true) },
      mode === 'modal' ? t('fold_ballot') : t('close'));
    if (sheet.lastChild !== ballot || sheet.firstChild.dataset.mode !== mode) {
      sheet.replaceChildren(h('div', { class: 'sheet-top', dataset: { mode } }, close), ballot);
    }
    if (el.firstChild !== sheet) el.replaceChildren(sheet);
    if (mode === 'modal') {
      sheet.setAttribute('aria-modal', 'true');
      sheet.setAttribute('role', 'dialog');
      if (!alerted.has(poll.id)) { alerted.add(poll.id); alertPoll(); }
      if (was.mode !== 'modal') sheet.focus({ preventScroll: true });
    } else {
      sheet.setAttribute('role', 'status');
      sheet.removeAttribute('aria-modal');
    }
  };
  return { el, update: (ballot, poll) => render(ballot, poll) };
}
