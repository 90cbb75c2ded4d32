// Polls on the live screens: the ballot on a delegate's tablet, the chair's poll panel, the result board.
import { get, post } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, lang, t, tf } from '../i18n.js';
import { encryptBallot, plainFor, tracker } from '../ballots/elgamal.js';
import { serverNow } from '../clock.js';
import { flash, showError } from '../notify.js';

const ANSWERS = ['for', 'against', 'abstain'];
const RATINGS = ['high', 'medium', 'low'];
const store = window.localStorage;

function newRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function remaining(poll) {
  if (!poll?.deadline) return 0;
  return Math.max(0, Math.round((Date.parse(poll.deadline) - serverNow()) / 1000));
}

function clock(sec) {
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`;
}

export function countdown(poll) {
  const el = h('span', { class: 'countdown', 'data-testid': 'poll-countdown' }, clock(remaining(poll)));
  const timer = setInterval(() => {
    if (!el.isConnected) { clearInterval(timer); return; }
    el.textContent = clock(remaining(poll));
  }, 500);
  return el;
}

function choiceText(poll, choice) {
  if (typeof choice === 'string') return t('ans_' + choice);
  if (Array.isArray(choice)) {
    const keep = new Set(choice);
    return poll.options.filter((o) => keep.has(o.id)).map((o) => o.label).join(', ') || t('none_kept');
  }
  return poll.options.map((o) => `${o.label}: ${t('rate_' + choice[o.id])}`).join('; ');
}

// ---- casting. Secret kinds: the choice is encrypted here (docs/ballots.md); it is never sent nor stored
// in the clear, and no screen shows it once cast. The request (with the encrypted ballot) is kept until the server answers,
// so a retry — in the loop below or after a reload — resends the identical ballot: same tracker, one vote.
const pendingKey = (pollId) => `kyhop.ballot.${pollId}`;
// The tracker this tablet computed of the ballot it sent — not the one the server reports — so that the
// voter's check finds a ballot swapped on the server (server/voting/SECRECY.md).
const ownTrackerKey = (pollId) => `kyhop.tracker.${pollId}`;
const pendingOf = (pollId) => JSON.parse(store.getItem(pendingKey(pollId)) || 'null');
const sending = new Set();  // poll ids with a request in flight (renders must not start a second one)
const changing = new Set(); // poll ids whose done ballot the voter chose to change
const resumed = new Set();  // poll ids whose stored request was resent once after a reload

function makeRequest(poll, choice) {
  if (!poll.secret) return { request_id: newRequestId(), choice };
  const enc = poll.encryption;
  const plain = plainFor(poll.kind, choice, poll.options.map((o) => o.id), poll.seats);
  const ballot = encryptBallot(enc.context, enc.public_key, enc.questions, plain);
  return { request_id: newRequestId(), ballot };
}

async function send(pollId, request) {
  store.setItem(pendingKey(pollId), JSON.stringify(request));
  sending.add(pollId);
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const answer = await post(`/api/polls/${pollId}/ballots`, request);
        store.removeItem(pendingKey(pollId));
        return answer;
      } catch (err) {
        // an answer from the server is final; a lost one is retried, then left for "Gửi lại phiếu"
        if (err.status) { store.removeItem(pendingKey(pollId)); throw err; }
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
  } finally {
    sending.delete(pollId);
  }
}

/** The tracker, first 16 hex digits in groups of 4; a tap shows it whole (the title always has it). */
export function trackerCode(tracker) {
  const groups = (n) => tracker.slice(0, n).match(/.{1,4}/g).join(' ');
  const short = `${groups(16)} …`;
  const code = h('code', { class: 'tracker', title: tracker, 'data-testid': 'tracker', 'data-tracker': tracker,
    onclick: () => { code.textContent = code.textContent === short ? groups(64) : short; } }, short);
  return code;
}

function trackerBlock(tracker) {
  return h('div', { class: 'tracker-box' }, h('div', {}, `${t('tracker')}: `, trackerCode(tracker)),
    h('p', { class: 'hint small' }, t('tracker_note')));
}

// The panel is kept while its state is the same: an event redrawing the tablet must not undo a choice
// half made. It reports to the latest screen's `update` (the live screen may have been left and reopened).
let cached = { key: null, el: null, update: null };

/** `update(vote)`: the tablet's own vote changed (vote given) or only the panel's state (none). */
export function ballotPanel(s, update) {
  const poll = s.poll;
  const mine = s.me.vote;
  if (!poll || poll.status !== 'open' || !mine || mine.poll_id !== poll.id) return null;
  const pending = pendingOf(poll.id);
  const state = !mine.entitled ? 'no' : pending ? 'pending' : mine.has_voted && !changing.has(poll.id) ? 'done' : 'choose';
  const key = `${poll.id}:${state}:${mine.tracker || mine.choice || ''}:${sending.has(poll.id)}`;
  if (cached.key !== key) cached = { key, el: buildBallot(s, state, pending, (vote) => cached.update(vote)) };
  cached.update = update;
  return cached.el;
}

function buildBallot(s, state, pending, update) {
  const poll = s.poll;
  const mine = s.me.vote;
  const head = h('div', { class: 'ballot-head' }, h('div', { class: 'label' }, poll.secret ? t('secret_ballot') : t('open_vote')),
    h('h2', {}, poll.title), countdown(poll));
  const panel = (cls, ...body) => h('section', { class: `ballot ${cls}`, 'data-testid': 'ballot' }, head, ...body);
  const cast = async (request) => {
    try {
      const answer = await send(poll.id, request);
      changing.delete(poll.id);
      if (request.ballot) {
        const own = tracker(poll.encryption.context, request.ballot);
        store.setItem(ownTrackerKey(poll.id), own);
        if (answer.tracker !== own) flash(t('tracker_mismatch'));
      }
      update({ ...mine, has_voted: true, tracker: answer.tracker, choice: answer.choice });
    } catch (err) { showError(err); update(); }
  };
  if (state === 'no') return panel('', h('p', {}, t('not_entitled')));
  if (state === 'pending') {
    if (!sending.has(poll.id) && !resumed.has(poll.id)) { // a request left unanswered before a reload
      resumed.add(poll.id);
      setTimeout(() => !sending.has(poll.id) && pendingOf(poll.id) && cast(pendingOf(poll.id)), 0);
    }
    return panel('', h('p', { class: 'hint', 'data-testid': 'ballot-sending' }, t('sending')),
      h('button', { class: 'big', disabled: sending.has(poll.id), onclick: (e) => { e.target.disabled = true; cast(pending); } }, t('resend')));
  }
  if (state === 'done') {
    return panel('done',
      h('p', { class: 'recorded', 'data-testid': 'ballot-recorded' }, `✓ ${t('recorded')}`,
        !poll.secret && mine.choice ? `: ${choiceText(poll, mine.choice)}` : ''),
      poll.secret && mine.tracker ? trackerBlock(mine.tracker) : null,
      poll.changeable ? h('button', { class: 'big', 'data-testid': 'change-ballot', onclick: () => { changing.add(poll.id); update(); } },
        t('change_ballot')) : null);
  }
  const body = h('div', { class: 'ballot-body' });
  const confirm = (choice) => mount(body,
    h('p', { class: 'confirm-q' }, `${t('you_chose')}: `, h('strong', {}, choiceText(poll, choice))),
    h('div', { class: 'row' },
      h('button', { class: 'primary huge', 'data-testid': 'confirm-vote', onclick: async (e) => {
        e.target.disabled = true;
        let request;
        try { request = makeRequest(poll, choice); } catch (err) { showError(err); e.target.disabled = false; return; }
        await cast(request);
      } }, t('confirm')),
      h('button', { class: 'huge', onclick: () => choose() }, t('choose_again'))));
  const choose = () => {
    if (poll.kind === 'open' || poll.kind === 'secret') {
      mount(body, h('div', { class: 'answers' }, ANSWERS.map((a) => h('button', {
        class: `huge answer ans-${a}`, 'data-testid': `vote-${a}`, onclick: () => confirm(a) }, t('ans_' + a)))));
    } else if (poll.kind === 'election') {
      const keep = new Set(poll.options.map((o) => o.id));
      const list = h('ul', { class: 'candidates' }, poll.options.map((o) => {
        const li = h('li', { class: 'kept' }, h('button', { class: 'huge', onclick: () => {
          if (keep.has(o.id)) keep.delete(o.id); else keep.add(o.id);
          li.className = keep.has(o.id) ? 'kept' : 'struck';
        } }, o.label));
        return li;
      }));
      mount(body, h('p', { class: 'hint' }, t('strike_hint')), list,
        h('button', { class: 'primary huge', onclick: () => confirm([...keep]) }, t('next_step')));
    } else {
      const rating = {};
      const done = h('button', { class: 'primary huge', disabled: true, onclick: () => confirm({ ...rating }) }, t('next_step'));
      mount(body, poll.options.map((o) => h('div', { class: 'rate-row' }, h('div', { class: 'who' }, o.label),
        h('div', { class: 'row' }, RATINGS.map((r) => h('button', { class: 'rate', dataset: { person: o.id, rating: r }, onclick: (e) => {
          rating[o.id] = r;
          e.target.parentElement.querySelectorAll('button').forEach((b) => b.classList.toggle('on', b === e.target));
          done.disabled = Object.keys(rating).length !== poll.options.length;
        } }, t('rate_' + r)))))), done);
    }
  };
  choose();
  return panel('', body, changing.has(poll.id)
    ? h('button', { class: 'link', onclick: () => { changing.delete(poll.id); update(); } }, t('cancel')) : null);
}

// ---- results
export function resultBoard(poll, { big = false } = {}) {
  const r = poll.result;
  if (poll.status === 'cancelled') return h('div', { class: 'result cancelled' }, h('h2', {}, poll.title), h('p', {}, t('poll_cancelled')));
  if (!r) return null;
  const facts = h('p', { class: 'facts' }, `${t('total')}: ${r.total} · ${t('present')}: ${r.present} · ${t('cast')}: ${r.cast} · ${t('did_not_vote')}: ${r.did_not_vote} · ${t('absent')}: ${r.absent}`);
  let body;
  if (poll.kind === 'open' || poll.kind === 'secret') {
    body = [h('table', { class: 'result-table' }, ANSWERS.map((a) => h('tr', {},
      h('th', {}, t('ans_' + a)), h('td', { class: 'n', 'data-testid': `result-${a}` }, `${r.answers[a].count}/${r.base}`), h('td', { class: 'pct' }, `${r.answers[a].percent}%`)))),
    h('div', { class: `verdict ${r.passed ? 'passed' : 'failed'}`, 'data-testid': 'verdict' }, r.passed ? t('passed') : t('failed')),
    h('p', { class: 'rule' }, lang === 'en' ? r.rule[1] : r.rule[0])];
    if (r.named && !big) {
      body.push(h('details', { class: 'named' }, h('summary', {}, t('named_list')),
        h('ul', {}, r.named.map((n) => h('li', { class: `ch-${n.choice}` }, `${n.full_name}: ${t('ans_' + n.choice)}`)))));
    } else if (r.named) {
      body.push(h('ul', { class: 'named-board' }, r.named.map((n) => h('li', { class: `ch-${n.choice}` }, n.full_name))));
    }
  } else if (poll.kind === 'election') {
    const byOption = new Map(r.candidates.map((c) => [c.option_id, c]));
    body = h('table', { class: 'result-table' }, poll.options.map((o) => {
      const c = byOption.get(o.id);
      return h('tr', { class: c.elected ? 'elected' : '' }, h('th', {}, o.label), h('td', { class: 'n' }, `${c.count}/${r.total}`),
        h('td', { class: 'pct' }, `${c.percent}%`), h('td', {}, c.elected ? `✓ ${t('elected')}` : r.tied.includes(o.id) ? t('tie') : ''));
    }));
  } else {
    body = h('table', { class: 'result-table' }, h('tr', {}, h('th'), RATINGS.map((k) => h('th', {}, t('rate_' + k))), h('th')),
      poll.options.map((o) => {
        const p = r.people.find((x) => x.option_id === o.id);
        return h('tr', {}, h('th', {}, o.label), RATINGS.map((k) => h('td', {}, `${p[k].count} (${p[k].percent}%)`)),
          h('td', {}, p.low_two_thirds ? t('low_two_thirds') : p.low_over_half ? t('low_over_half') : ''));
      }));
  }
  return h('div', { class: `result ${big ? 'big' : ''}`, 'data-testid': 'result' }, h('h2', {}, poll.title), body, facts);
}

// The full result (named list, trackers) is fetched, not pushed: events to every tablet stay small.
const fullResults = new Map();
export function fullPoll(pollId, onLoaded) {
  if (!fullResults.has(pollId)) {
    fullResults.set(pollId, null);
    get(`/api/polls/${pollId}`).then(({ poll }) => { fullResults.set(pollId, poll); onLoaded(poll); })
      .catch(() => fullResults.delete(pollId));
  }
  return fullResults.get(pollId);
}

/** After the count: is this tablet's tracker among the result's? The whole list is downloaded and searched
 * here, so the server never learns which ballot this tablet holds. */
const asked = new Set();
export function trackerCheck(poll, vote, rerender) {
  const own = store.getItem(ownTrackerKey(poll.id)) || (vote?.poll_id === poll.id ? vote.tracker : null);
  if (!poll.secret || poll.status !== 'closed' || !own) return null;
  const full = asked.has(poll.id) ? fullPoll(poll.id, rerender) : null;
  if (full) {
    const found = (full.result?.trackers || []).includes(own);
    return h('div', { class: 'tracker-check' }, h('p', { class: found ? 'ok' : 'error', 'data-testid': 'tracker-check' },
      found ? t('tracker_found') : t('tracker_missing')), h('div', { class: 'small' }, `${t('tracker')}: `, trackerCode(own)));
  }
  return h('button', { 'data-testid': 'check-tracker', onclick: () => { asked.add(poll.id); if (fullPoll(poll.id, rerender)) rerender(); } },
    t('check_tracker'));
}

/** A secret poll closed and waiting for the committee's decryptions, in place of its result. */
export function countingNote(poll) {
  if (poll?.status !== 'counting' || !poll.counting) return null;
  return h('div', { class: 'counting-note', 'data-testid': 'counting' },
    h('div', { class: 'label' }, t('pk_' + poll.kind)), h('h2', {}, poll.title),
    h('p', { 'data-testid': 'counting-line' }, tf('counting_line', poll.counting)));
}

// ---- the chair's panel
export function pollPanel(s, sessionId, canRun, canPrepare) {
  const box = h('div', { class: 'poll-panel' });
  const refresh = async () => {
    const { polls } = await get(`/api/sessions/${sessionId}/polls`);
    const open = polls.find((p) => p.status === 'open');
    mount(box,
      open ? h('div', { class: 'card open-poll' }, h('h3', {}, open.title), countdown(open),
        h('p', { 'data-testid': 'poll-progress' }, `${t('voted')}: ${(s.poll?.id === open.id ? s.poll.progress?.cast : open.progress?.cast) ?? 0}/${open.present}`),
        canRun ? h('div', { class: 'row' },
          h('button', { class: 'primary', 'data-testid': 'close-poll', onclick: () => post(`/api/polls/${open.id}/close`).catch(showError) }, t('close_poll')),
          h('button', { class: 'danger', onclick: () => confirm(t('sure_cancel')) && post(`/api/polls/${open.id}/cancel`).catch(showError) }, t('cancel_poll'))) : null) : null,
      h('ul', { class: 'poll-list' }, polls.filter((p) => p.status !== 'open').map((p) => h('li', {},
        h('span', {}, h('span', { class: `badge ps-${p.status}` }, t('ps_' + p.status)), ' ', p.title, ' ',
          p.result && 'passed' in p.result ? h('strong', {}, p.result.passed ? t('passed') : t('failed')) : ''),
        canRun && p.status === 'draft' && s.status === 'in_progress' && !open ? h('button', { 'data-testid': 'open-poll', onclick: () => openPoll(p) }, t('open_poll')) : null,
        canRun && ['closed', 'cancelled'].includes(p.status) ? h('button', { onclick: () => post(`/api/polls/${p.id}/repeat`).then(refresh).catch(showError) }, t('repeat_poll')) : null))),
      canPrepare ? newPollForm(sessionId, s, refresh) : null);
  };
  const openPoll = async (p, acknowledge = false) => {
    try {
      await post(`/api/polls/${p.id}/open`, { acknowledge_small: acknowledge });
    } catch (err) {
      if (err.data?.error?.code === 'small_electorate' && confirm(errorText(err))) return openPoll(p, true);
      showError(err);
    }
  };
  refresh().catch(showError);
  box.refresh = refresh;
  return box;
}

function newPollForm(sessionId, s, onDone) {
  const form = h('form', { class: 'card poll-form', onsubmit: async (e) => {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(form).entries());
    const body = { title: d.title, kind: d.kind, duration_s: Number(d.duration_s), changeable: !!d.changeable,
      agenda_item_id: s.current_item_id || undefined };
    if (d.kind === 'open' || d.kind === 'secret') body.preset = d.preset;
    else body.options = d.options.split('\n').map((x) => x.trim()).filter(Boolean);
    if (d.kind === 'election') body.seats = Number(d.seats || 1);
    try { await post(`/api/sessions/${sessionId}/polls`, body); form.reset(); onDone(); } catch (err) { showError(err); }
  } },
  h('h3', {}, t('new_poll')),
  h('input', { name: 'title', required: true, maxlength: 500, placeholder: t('poll_title'), 'data-testid': 'poll-title' }),
  h('div', { class: 'row' },
    h('select', { name: 'kind', 'data-testid': 'poll-kind' }, ['open', 'secret', 'election', 'confidence'].map((k) => h('option', { value: k }, t('pk_' + k)))),
    h('select', { name: 'preset' }, ['resolution', 'dismissal', 'procedural'].map((k) => h('option', { value: k }, t('preset_' + k)))),
    h('label', { class: 'inline' }, t('duration_s'), h('input', { name: 'duration_s', type: 'number', min: 10, max: 3600, value: 60 })),
    h('label', { class: 'inline' }, t('seats'), h('input', { name: 'seats', type: 'number', min: 1, max: 50, value: 1 })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'changeable' }), t('changeable'))),
  h('textarea', { name: 'options', rows: 3, placeholder: t('options_hint') }),
  h('button', { class: 'primary', type: 'submit', 'data-testid': 'create-poll' }, t('create')));
  return form;
}
