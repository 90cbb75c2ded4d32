// Ban kiểm phiếu (the counting committee), docs/ballots.md. On a member's tablet: the key ceremony's two
// taps — join, then confirm — with the deal between them done automatically, and, once a secret poll has
// closed, "Xác nhận kết quả kiểm phiếu" (this member's proven share of the decryption). For the secretary
// and the chair: appointing the committee and following its ceremony.
import { get, post, put } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, t, tf } from '../i18n.js';
import { showError } from '../notify.js';
import { reveal } from './voting.js';
import { ProofError, aggregate, base, hx, scalar, tracker, verifyBallot } from '../ballots/elgamal.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { MAX_MEMBERS, MIN_MEMBERS, deal, partialDecrypt, proveShare, receive, threshold, transportKey } from '../ballots/threshold.js';

const store = window.localStorage;

// The fingerprint of the code this tablet runs: SHA-256 of the loaded script, as in the release's
// BUILD.sha256 (make build). Members compare it with the published one before the ceremony
// (server/voting/SECRECY.md: a tampering server is the threat this narrows).
let fingerprint = null;
async function codeFingerprint() {
  if (fingerprint) return fingerprint;
  const src = document.querySelector('script[type=module][src]')?.src;
  if (!src) return null;
  const bytes = new Uint8Array(await (await fetch(src, { cache: 'no-store' })).arrayBuffer());
  fingerprint = { file: new URL(src).pathname.split('/').pop(), hash: bytesToHex(sha256(bytes)) };
  return fingerprint;
}

function fingerprintLine() {
  const el = h('p', { class: 'meta fingerprint', 'data-testid': 'code-fingerprint' });
  codeFingerprint().then((f) => {
    if (f) mount(el, `${t('code_fingerprint')}: `, h('code', { title: f.hash }, `${f.file} ${f.hash.slice(0, 16)}…`));
  }).catch(() => {});
  return el;
}
const busy = new Set();   // steps in flight (a redraw must not start one twice): 'key:<id>:<step>', 'poll:<id>'
const failed = new Map(); // step -> why it failed last (a retry button is shown)
const done = new Set();   // steps answered by the server (its event may come a moment later)
let redraw = () => {};    // the latest screen's: a step may end after its screen was left and reopened

// The transport secret x: made at joining, kept on this tablet only, needed at every later step.
const secretKey = (keyId, userId) => `kyhop.committee.${keyId}.${userId}`;

const storedSecret = (keyId, userId) => {
  try { return scalar(store.getItem(secretKey(keyId, userId))); } catch { return null; }
};

/** This tablet's x for the member, if it is the one behind the published transport key. */
function mySecret(member, keyId) {
  const x = storedSecret(keyId, member.user_id);
  if (!x || hx(base(x)) !== member.transport_key) throw new Error(t('no_key_here'));
  return x;
}

/** s_j from the published deals (ProofError names a dealer whose share is bad). */
function myShare(com, member, x) {
  const deals = Object.fromEntries(com.members.map((m) => [m.number, m.deal]));
  return receive(com.context, member.number, x, deals);
}

// What went wrong, in the member's language: a check of the crypto library speaks English (its detail is kept
// in brackets for whoever investigates); the messages made here (t(...)) and the server's are already translated.
function failure(err) {
  if (err instanceof ProofError && err.message !== t('board_bad')) {
    return `${t('proof_failed')} (${err.message})`;
  }
  return errorText(err);
}

async function step(id, fn) {
  if (busy.has(id)) return;
  busy.add(id);
  failed.delete(id);
  redraw();
  try { await fn(); done.add(id); } catch (err) { failed.set(id, failure(err)); } finally { busy.delete(id); redraw(); }
}

const fullCommittee = (sessionId) => get(`/api/sessions/${sessionId}/committee`).then((r) => r.committee);

function join(sessionId, com, me) {
  return step(`key:${com.key_id}:join`, async () => {
    const key = secretKey(com.key_id, me.user_id);
    // a retry after a lost answer sends the same key again: the server may have taken the first
    let x = storedSecret(com.key_id, me.user_id);
    if (!x) { x = transportKey().x; store.setItem(key, hx(x)); }
    await post(`/api/sessions/${sessionId}/committee/join`, { transport_key: hx(base(x)) });
  });
}

function dealShares(sessionId, com, me) {
  return step(`key:${com.key_id}:deal`, async () => {
    const full = await fullCommittee(sessionId);
    const transport = Object.fromEntries(full.members.map((m) => [m.number, m.transport_key]));
    await post(`/api/sessions/${sessionId}/committee/deal`, { deal: deal(full.context, me.number, full.threshold, transport) });
  });
}

function confirmKey(sessionId, com, me) {
  return step(`key:${com.key_id}:confirm`, async () => {
    const full = await fullCommittee(sessionId);
    const mine = full.members.find((m) => m.user_id === me.user_id);
    const x = mySecret(mine, full.key_id); // not this tablet's key: say so, blame no dealer
    let share;
    try {
      share = myShare(full, mine, x);
    } catch (err) {
      if (!(err instanceof ProofError)) throw err;
      // a share that does not open or match its dealer's commitments: say whose, the ceremony fails
      const dealer = err.message.match(/member (\d+)/)?.[1];
      await post(`/api/sessions/${sessionId}/committee/confirm`, { complaint: `${tf('bad_share', { dealer })} (${err.message})` });
      return;
    }
    await post(`/api/sessions/${sessionId}/committee/confirm`, { proof: proveShare(full.context, share) });
  });
}

/** Decrypt only the sum of the published ballots: every ballot's proofs and tracker, no ciphertext used twice,
 * and the totals are their sum — else a server could have this tablet open a single ballot. */
function checkBoard(board) {
  const seen = new Set();
  const rows = board.ballots.map((b) => {
    const cts = verifyBallot(board.context, board.committee.public_key, board.questions, b.ballot);
    if (tracker(board.context, b.ballot) !== b.tracker) throw new ProofError(t('board_bad'));
    for (const [a] of cts.flat()) {
      if (seen.has(a)) throw new ProofError(t('board_bad'));
      seen.add(a);
    }
    return cts;
  });
  if (JSON.stringify(aggregate(board.questions, rows)) !== JSON.stringify(board.aggregate)) throw new ProofError(t('board_bad'));
}

function confirmCount(poll, userId) {
  return step(`poll:${poll.id}`, async () => {
    const { board } = await get(`/api/polls/${poll.id}/board`);
    const com = board.committee; // the committee of the key the poll was encrypted to
    const mine = com.members.find((m) => m.user_id === userId);
    const share = myShare(com, mine, mySecret(mine, com.key_id));
    checkBoard(board);
    await post(`/api/polls/${poll.id}/decryptions`, { partial: partialDecrypt(board.context, share, board.aggregate) });
  });
}

function stepState(id, retry) {
  if (busy.has(id)) return h('p', { class: 'hint' }, t('working'));
  if (failed.has(id)) {
    return h('p', { class: 'error', 'data-testid': 'committee-error' }, failed.get(id), ' ',
      retry ? h('button', { onclick: retry }, t('retry')) : null);
  }
  return null;
}

const count = (com, flag) => com.members.filter((m) => m[flag]).length;

/** The member's ceremony, from the live snapshot's `committee` section. */
function ceremony(s, sessionId, me) {
  const com = s.committee;
  const size = com.members.length;
  const id = (name) => `key:${com.key_id}:${name}`;
  const did = (flag, name) => me[flag] || done.has(id(name));
  let body;
  if (com.status === 'joining') {
    body = [h('p', {}, tf('joined_n', { n: count(com, 'joined'), size })),
      did('joined', 'join') ? h('p', { class: 'ok' }, t('you_joined'))
        : [h('p', { class: 'next-step' }, t('committee_join_hint')),
          h('button', { class: 'primary huge', 'data-testid': 'committee-join', disabled: busy.has(id('join')),
            onclick: () => join(sessionId, com, me) }, t('join_key')), stepState(id('join'))]];
  } else if (com.status === 'dealing') {
    if (!did('dealt', 'deal') && !busy.has(id('deal')) && !failed.has(id('deal'))) setTimeout(() => dealShares(sessionId, com, me), 0);
    body = [h('p', {}, tf('dealt_n', { n: count(com, 'dealt'), size })),
      did('dealt', 'deal') ? null : [h('p', { class: 'hint' }, t('dealing_auto')), stepState(id('deal'), () => dealShares(sessionId, com, me))]];
  } else if (com.status === 'confirming') {
    body = [h('p', {}, tf('confirmed_n', { n: count(com, 'confirmed'), size })),
      did('confirmed', 'confirm') ? h('p', { class: 'ok' }, t('you_confirmed'))
        : [h('p', { class: 'next-step' }, t('committee_confirm_hint')),
          h('button', { class: 'primary huge', 'data-testid': 'committee-confirm', disabled: busy.has(id('confirm')),
            onclick: () => confirmKey(sessionId, com, me) }, t('confirm_key')), stepState(id('confirm'))]];
  } else if (com.status === 'failed') {
    const who = com.members.find((m) => m.complaint);
    body = h('p', { class: 'error' }, tf('key_failed', { complaint: who?.complaint || '', number: who?.number || '' }));
  } else if (com.status === 'ready') {
    body = h('p', { class: 'hint' }, t('committee_ready_hint'));
  }
  const noKey = me.joined && com.status !== 'failed' && !storedSecret(com.key_id, me.user_id);
  return h('div', { class: `ceremony cs-${com.status}`, 'data-testid': 'committee-status', 'data-status': com.status },
    h('p', { class: 'meta' }, tf('committee_you', { number: me.number, size, k: com.threshold }), ' · ',
      h('span', { class: `badge cs-${com.status}` }, t('cs_' + com.status))),
    body, noKey ? h('p', { class: 'error' }, t('no_key_here')) : null,
    com.status === 'ready' ? null : fingerprintLine());
}

/** A secret poll waiting for this member's decryption. */
function counting(poll, userId) {
  const c = poll.counting;
  const mine = c.members.find((m) => m.user_id === userId);
  const id = `poll:${poll.id}`;
  return h('div', { class: 'count-confirm', 'data-testid': 'count-confirm' },
    h('h3', {}, tf('counting_poll', { title: poll.title })),
    h('p', { 'data-testid': 'count-progress' }, tf('count_progress', c)),
    mine.confirmed || done.has(id) ? [h('p', { class: 'ok' }, t('count_confirmed')), h('p', { class: 'hint' }, tf('count_wait', c))]
      : [h('p', { class: 'next-step' }, t('count_hint')),
        h('button', { class: 'primary huge', 'data-testid': 'confirm-count', disabled: busy.has(id),
          onclick: () => confirmCount(poll, userId) }, t('confirm_count')), stepState(id)]);
}

/** True when the tablet's committee panel shows the current poll's count (no other counting note needed). */
export function countsHere(s) {
  return s.poll?.status === 'counting' && !!s.poll.counting?.members.some((m) => m.user_id === s.me.id);
}

/** The member's panel on the live screen; null for everyone else. */
export function committeePanel(s, sessionId, rerender) {
  const me = s.committee?.members.find((m) => m.user_id === s.me.id);
  const here = countsHere(s);
  if (!me && !here) return null;
  redraw = rerender;
  const el = h('section', { class: `committee card ${here ? 'urgent' : ''}`, 'data-testid': 'committee' },
    h('div', { class: 'label' }, t('committee')),
    here ? counting(s.poll, s.me.id) : null,
    me && !(here && s.committee.status === 'ready') ? ceremony(s, sessionId, me) : null);
  // a count waiting for this member, or a ceremony step to take: brought into sight once
  const ask = here ? `poll:${s.poll.id}` : me && ['joining', 'confirming'].includes(s.committee.status) ? `key:${s.committee.key_id}:${s.committee.status}` : null;
  if (ask && !shown.has(ask)) { shown.add(ask); reveal(el); }
  return el;
}
const shown = new Set();

// ---- appointing (secretary, chair)
function memberTable(com) {
  const mark = (v) => (v ? '✓' : '—');
  return h('table', { class: 'grid committee-members' },
    h('tr', {}, h('th', {}, '#'), h('th', {}, t('full_name')), h('th', {}, t('joined')), h('th', {}, t('key_confirmed'))),
    com.members.map((m) => h('tr', { class: m.complaint ? 'error' : '' }, h('td', {}, m.number), h('td', {}, m.full_name),
      h('td', {}, mark(m.joined)), h('td', {}, m.complaint ? `✗ ${m.complaint}` : mark(m.confirmed)))));
}

/** The committee's state and the form to appoint it; `update(s)` redraws the state and keeps the form. */
export function appointPanel(sessionId) {
  const box = h('div', { class: 'committee-admin', 'data-testid': 'committee-admin' });
  const state = h('div');
  const form = h('details', { class: 'appoint' });
  let built = false;
  let last = null;
  const build = (roll) => {
    const boxes = roll.map((r) => h('input', { type: 'checkbox', value: r.user_id, 'data-testid': 'appoint-member' }));
    const hint = h('p', { class: 'hint' });
    const go = h('button', { class: 'primary', 'data-testid': 'appoint-committee', onclick: async () => {
      const members = boxes.filter((b) => b.checked).map((b) => Number(b.value));
      if (last && last.status !== 'failed' && !confirm(t('appoint_again'))) return;
      try { await put(`/api/sessions/${sessionId}/committee`, { members }); form.open = false; } catch (err) { showError(err); }
    } }, t('appoint'));
    const changed = () => {
      const n = boxes.filter((b) => b.checked).length;
      hint.textContent = [tf('appoint_pick', { n }), n >= MIN_MEMBERS && n <= MAX_MEMBERS ? tf('appoint_k', { k: threshold(n) }) : ''].join(' ');
      go.disabled = n < MIN_MEMBERS || n > MAX_MEMBERS;
    };
    boxes.forEach((b) => b.addEventListener('change', changed));
    changed();
    mount(form, h('summary', {}, t('appoint')),
      h('fieldset', { class: 'carry' }, roll.map((r, i) => h('label', { class: 'check' }, boxes[i], r.full_name))), hint, go);
  };
  box.update = (s) => {
    if (!built && s.roll) { build(s.roll); built = true; form.open = !s.committee || s.committee.status === 'failed'; }
    const com = s.committee;
    if (com && last?.key_id !== com.key_id) form.open = com.status === 'failed';
    last = com;
    mount(state, com
      ? [h('p', {}, h('span', { class: `badge cs-${com.status}`, 'data-testid': 'committee-admin-status' }, t('cs_' + com.status)), ' ',
        tf('confirmed_n', { n: count(com, 'confirmed'), size: com.members.length }), ` · ${tf('needed_k', { k: com.threshold })}`), memberTable(com)]
      : h('p', { class: 'hint' }, t('no_committee')));
  };
  mount(box, state, form);
  return box;
}
