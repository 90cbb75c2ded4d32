// Polls on the live screens: the ballot on a delegate's tablet, the chair's poll panel, the result board.
import { get, post } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, lang, percent, resultLine, t, tf } from '../i18n.js';
import { encryptBallot, plainFor, tracker } from '../ballots/elgamal.js';
import { serverNow } from '../clock.js';
import { flash, showError } from '../notify.js';
import { ask } from '../confirm.js';

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

/** "Bỏ phiếu kín", "Bầu cử · Bỏ phiếu kín", … : what kind of vote this is, on every screen that shows one. */
export function kindLabel(poll) {
  if (!(poll.secret ?? poll.kind !== 'open')) return t('open_vote');
  if (poll.kind === 'confidence') return t('pk_confidence');  // "Lấy phiếu tín nhiệm": its own procedure, by secret ballot
  return poll.kind === 'secret' ? t('secret_ballot') : `${t('pk_' + poll.kind)} · ${t('secret_ballot')}`;
}

/** The choice, to check before confirming: one line per kept candidate or rated person. */
function choiceView(poll, choice) {
  if (typeof choice === 'string') return h('strong', { class: `chosen ans-${choice}` }, t('ans_' + choice));
  if (Array.isArray(choice)) {
    if (!choice.length) return h('strong', {}, t('none_kept'));
    return h('ul', { class: 'choice-list' }, poll.options.filter((o) => choice.includes(o.id)).map((o) => h('li', {}, '✓ ', h('strong', {}, o.label))));
  }
  return h('ul', { class: 'choice-list' }, poll.options.map((o) => h('li', {}, `${o.label}: `,
    h('strong', { class: `rated rate-${choice[o.id]}` }, t('rate_' + choice[o.id])))));
}

/** Bring the ballot to the top of the screen when it is out of sight or far down (a vote opened while the
 * delegate was reading further down; a step of the ballot made the page shorter). */
export function reveal(el) {
  setTimeout(() => {
    if (!el.isConnected) return;
    const top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.4) el.scrollIntoView({ block: 'start' });
  }, 0);
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

/** The tracker, first 16 hex digits in groups of 4; a tap shows it whole, four groups a line (the title always has it). */
export function trackerCode(tracker) {
  const code = h('code', { class: 'tracker', title: tracker, 'data-testid': 'tracker', 'data-tracker': tracker });
  const toggle = h('button', { type: 'button', class: 'tracker-toggle', 'aria-label': `${t('tracker')}: ${t('tracker_tap')}`,
    onclick: () => show(!code.classList.contains('whole')) }, code);
  const show = (whole) => {
    const parts = [];
    tracker.slice(0, whole ? 64 : 16).match(/.{1,4}/g).forEach((g, i) => parts.push(i ? ' ' : '', h('span', { class: 'g' }, g)));
    if (!whole) parts.push(' ', h('span', { class: 'more' }, '…'));
    mount(code, parts);
    code.classList.toggle('whole', whole);
    toggle.setAttribute('aria-expanded', String(whole));
  };
  show(false);
  return toggle;
}

function trackerBlock(tracker) {
  return h('div', { class: 'tracker-box' }, h('div', { class: 'tracker-label' }, `${t('tracker')} `, h('span', { class: 'hint small' }, `(${t('tracker_tap')})`)),
    trackerCode(tracker), h('p', { class: 'hint small' }, t('tracker_note')));
}

// The panel is kept while its state is the same: an event redrawing the tablet must not undo a choice
// half made. It reports to the latest screen's `update` (the live screen may have been left and reopened).
let cached = { key: null, el: null, update: null };

/** `update(vote)`: the tablet's own vote changed (vote given) or only the panel's state (none). The panel's
 * data-state is choose, pending, done or no (not entitled); `overlay`: it is shown on top of the screen (the
 * tablet's ballot layer), not in the page, so it is not scrolled to. */
export function ballotPanel(s, update, { overlay = false } = {}) {
  const poll = s.poll;
  const mine = s.me.vote;
  if (!poll || poll.status !== 'open' || !mine || mine.poll_id !== poll.id) return null;
  const pending = pendingOf(poll.id);
  const state = !mine.entitled ? 'no' : pending ? 'pending' : mine.has_voted && !changing.has(poll.id) ? 'done' : 'choose';
  const key = `${poll.id}:${state}:${mine.tracker || mine.choice || ''}:${sending.has(poll.id)}`;
  if (cached.key !== key) {
    cached = { key, el: buildBallot(s, state, pending, (vote) => cached.update(vote), overlay) };
    cached.el.dataset.state = state;
  }
  cached.update = update;
  if (!overlay && !revealed.has(poll.id)) { revealed.add(poll.id); reveal(cached.el); }
  return cached.el;
}
const revealed = new Set(); // polls whose ballot was brought into sight once

function buildBallot(s, state, pending, update, overlay) {
  const poll = s.poll;
  const mine = s.me.vote;
  const head = h('div', { class: 'ballot-head' }, h('div', { class: 'label' }, kindLabel(poll)),
    h('h2', {}, poll.title), countdown(poll));
  let section = null;
  const panel = (cls, ...body) => (section = h('section', { class: `ballot ${cls}`, 'data-testid': 'ballot' }, head, ...body));
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
  const step = (...children) => { mount(body, ...children); if (section && !overlay) reveal(section); };
  const confirm = (choice) => step(
    h('div', { class: 'confirm-q' }, `${t('you_chose')}: `, choiceView(poll, choice)),
    h('div', { class: 'row' },
      h('button', { class: 'primary huge', 'data-testid': 'confirm-vote', onclick: async (e) => {
        e.target.disabled = true;
        let request;
        // a choice that does not fit (cannot happen from these buttons) is said in the voter's language
        try { request = makeRequest(poll, choice); } catch { flash(t('choice_invalid')); e.target.disabled = false; return; }
        await cast(request);
      } }, t('confirm')),
      h('button', { class: 'huge', 'data-testid': 'choose-again', onclick: () => choose() }, t('choose_again'))));
  // what the voter marked so far, kept when they go back from the confirmation to change it
  const keep = new Set(poll.options.map((o) => o.id));
  const rating = {};
  const choose = () => {
    if (poll.kind === 'open' || poll.kind === 'secret') {
      step(h('div', { class: 'answers' }, ANSWERS.map((a) => h('button', {
        class: `huge answer ans-${a}`, 'data-testid': `vote-${a}`, onclick: () => confirm(a) }, t('ans_' + a)))));
    } else if (poll.kind === 'election') {
      const seats = poll.seats || 1;
      const status = h('p', { class: 'kept-count', 'data-testid': 'kept-count', 'aria-live': 'polite' });
      const next = h('button', { class: 'primary huge', 'data-testid': 'ballot-next',
        onclick: () => confirm(poll.options.filter((o) => keep.has(o.id)).map((o) => o.id)) }, t('next_step'));
      const sync = () => {
        const n = keep.size;
        status.textContent = n > seats ? tf('kept_too_many', { n, seats, more: n - seats }) : tf('kept_n', { n, seats });
        status.classList.toggle('over', n > seats);
        next.disabled = n > seats;
      };
      const list = h('ul', { class: 'candidates' }, poll.options.map((o) => {
        const mark = h('span', { class: 'mark' });
        const li = h('li', {});
        const btn = h('button', { class: 'huge candidate', 'data-option': o.id, onclick: () => {
          if (keep.has(o.id)) keep.delete(o.id); else keep.add(o.id);
          paint();
          sync();
        } }, h('span', { class: 'name' }, o.label), mark);
        const paint = () => {
          const kept = keep.has(o.id);
          li.className = kept ? 'kept' : 'struck';
          btn.setAttribute('aria-pressed', String(kept));
          mark.textContent = kept ? `✓ ${t('mark_kept')}` : `✗ ${t('mark_struck')}`;
        };
        paint();
        li.append(btn);
        return li;
      }));
      sync();
      step(h('p', { class: 'hint strike-hint' }, tf('strike_seats', { seats })), list, status, next);
    } else {
      const left = h('p', { class: 'hint rate-left', 'aria-live': 'polite' });
      const done = h('button', { class: 'primary huge', 'data-testid': 'ballot-next', onclick: () => confirm({ ...rating }) }, t('next_step'));
      const sync = () => {
        const n = poll.options.filter((o) => !rating[o.id]).length;
        left.textContent = n ? tf('rate_left', { n }) : '';
        done.disabled = n > 0;
      };
      const rows = poll.options.map((o) => {
        const buttons = RATINGS.map((r) => h('button', { class: `rate rate-${r}`, dataset: { person: o.id, rating: r },
          'aria-pressed': String(rating[o.id] === r), onclick: () => {
            rating[o.id] = r;
            buttons.forEach((b) => { b.classList.toggle('on', b.dataset.rating === r); b.setAttribute('aria-pressed', String(b.dataset.rating === r)); });
            sync();
          } }, t('rate_' + r)));
        buttons.forEach((b) => b.classList.toggle('on', b.dataset.rating === rating[o.id]));
        return h('div', { class: 'rate-row' }, h('div', { class: 'who' }, o.label), h('div', { class: 'rate-choices' }, buttons));
      });
      sync();
      step(rows, left, done);
    }
  };
  choose();
  return panel('', body, changing.has(poll.id)
    ? h('button', { class: 'link cancel-change', onclick: () => { changing.delete(poll.id); update(); } }, t('cancel')) : null);
}

// ---- results
export function resultBoard(poll, { big = false } = {}) {
  const r = poll.result;
  if (poll.status === 'cancelled') return h('div', { class: 'result cancelled' }, h('h2', {}, poll.title), h('p', {}, t('poll_cancelled')));
  if (!r) return null;
  const facts = h('p', { class: 'facts' }, `${t('total')}: ${r.total} · ${t('present')}: ${r.present} · ${t('cast')}: ${r.cast} · ${t('absent')}: ${r.absent}`);
  let body;
  if (poll.kind === 'open' || poll.kind === 'secret') {
    // read out as the hall hears it, "Tán thành 28/50 đại biểu (56,00%)", each with its bar
    // the lines add up to the base: who did not vote, present or absent, "did not take part" (as on the display)
    const lines = ANSWERS.map((a) => [a, r.answers[a].count]);
    if (poll.rule?.base !== 'cast') lines.push(['did_not_vote', Math.max(0, r.base - r.cast)]);
    body = [h('ul', { class: 'result-lines' }, lines
      .map(([a, count]) => h('li', { class: `ans-${a}` },
        h('span', { 'data-testid': `result-${a}`, 'data-count': count }, resultLine(t('ans_' + a), count, r.base)),
        h('progress', { max: r.base || 1, value: count, 'aria-hidden': 'true' })))),
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
    body = [h('table', { class: 'result-table election' }, poll.options.map((o) => {
      const c = byOption.get(o.id);
      return h('tr', { class: c.elected ? 'elected' : r.tied.includes(o.id) ? 'tied' : '' }, h('th', {}, o.label), h('td', { class: 'n' }, `${c.count}/${r.total}`),
        h('td', { class: 'pct' }, percent(c.count, r.total)), h('td', { class: 'outcome' }, c.elected ? `✓ ${t('elected')}` : r.tied.includes(o.id) ? t('tie') : ''));
    })),
    h('p', { class: 'rule' }, `${tf('seats_elected', { seats: r.seats ?? poll.seats ?? 1, elected: r.elected?.length ?? 0 })} · ${t('election_rule')}`),
    r.new_round_needed && !r.tie ? h('p', { class: 'verdict-note' }, t('new_round')) : null];
  } else {
    // the share of each level under its count (a narrow screen keeps four columns); the flag under the name
    body = h('table', { class: 'result-table confidence' }, h('tr', {}, h('th'), RATINGS.map((k) => h('th', { class: 'n' }, t('rate_' + k)))),
      poll.options.map((o) => {
        const p = r.people.find((x) => x.option_id === o.id);
        const flag = p.low_two_thirds ? t('low_two_thirds') : p.low_over_half ? t('low_over_half') : '';
        return h('tr', { class: p.low_two_thirds ? 'low-2-3' : p.low_over_half ? 'low-1-2' : '' },
          h('th', {}, o.label, flag ? h('span', { class: 'flag' }, flag) : null),
          RATINGS.map((k) => h('td', { class: 'n' }, h('span', { class: 'c' }, p[k].count), ' ', h('span', { class: 'pct' }, percent(p[k].count, r.total)))));
      }));
  }
  return h('div', { class: `result ${big ? 'big' : ''} rk-${poll.kind}`, 'data-testid': 'result' },
    h('div', { class: 'label' }, kindLabel(poll)), h('h2', {}, poll.title), body, facts);
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
      found ? t('tracker_found') : t('tracker_missing')), h('div', { class: 'tracker-label' }, t('tracker')), trackerCode(own));
  }
  return h('button', { class: 'check-tracker', 'data-testid': 'check-tracker', onclick: () => { asked.add(poll.id); if (fullPoll(poll.id, rerender)) rerender(); } },
    t('check_tracker'));
}

/** A secret poll closed and waiting for the committee's decryptions, in place of its result; with `nameOf`
 * (the chair's console) who of the committee has confirmed and who is still awaited. */
export function countingNote(poll, nameOf) {
  if (poll?.status !== 'counting' || !poll.counting) return null;
  return h('div', { class: 'counting-note', 'data-testid': 'counting' },
    h('div', { class: 'label' }, kindLabel(poll)), h('h2', {}, poll.title),
    h('p', { 'data-testid': 'counting-line' }, tf('counting_line', poll.counting)),
    nameOf ? h('ul', { class: 'count-members' }, poll.counting.members.map((m) => h('li', { class: m.confirmed ? 'ok' : 'wait' },
      m.confirmed ? '✓ ' : '… ', nameOf(m.user_id) || `#${m.number}`, m.confirmed ? '' : ` (${t('waiting')})`))) : null);
}

// ---- the console's polls: the open one with its count, those prepared for the current item (one tap to open),
// the others, and the form to prepare one from an item (its title filled from the item)

/** The item and its sub-items: a vote prepared for "Biểu quyết thông qua các nghị quyết" is under one of its own. */
function subtree(agenda, rootId) {
  const ids = new Set(rootId ? [rootId] : []);
  for (const i of agenda) if (ids.has(i.parent_id)) ids.add(i.id); // the agenda is in tree order
  return ids;
}

export function pollPanel(s, sessionId, canRun, canPrepare) {
  const box = h('div', { class: 'poll-panel' });
  const itemOf = (id) => s.agenda.find((i) => i.id === id);
  const refresh = async () => {
    const { polls } = await get(`/api/sessions/${sessionId}/polls`);
    const open = polls.find((p) => p.status === 'open');
    const here = subtree(s.agenda, s.current_item_id);
    const drafts = polls.filter((p) => p.status === 'draft');
    const mine = drafts.filter((p) => !p.agenda_item_id || here.has(p.agenda_item_id));
    const others = drafts.filter((p) => !mine.includes(p));
    const held = polls.filter((p) => !['draft', 'open'].includes(p.status)).reverse();
    const canOpen = canRun && s.status === 'in_progress' && !open;
    const draftRow = (p) => h('li', { class: 'draft', 'data-poll-id': p.id },
      h('div', { class: 'poll-what' }, h('div', { class: 'label' }, kindLabel(p), ` · ${clock(p.duration_s)}`),
        h('div', { class: 'poll-name', 'data-testid': 'draft-title' }, p.title),
        p.agenda_item_id && itemOf(p.agenda_item_id) && itemOf(p.agenda_item_id).title !== p.title
          ? h('div', { class: 'meta' }, `${itemOf(p.agenda_item_id).number}. ${itemOf(p.agenda_item_id).title}`) : null),
      canRun ? h('button', { class: 'primary open-btn', 'data-testid': 'open-poll', disabled: !canOpen, onclick: (e) => { e.target.disabled = true; openPoll(p); } },
        `▶ ${t('open_poll')}`) : null);
    mount(box,
      open ? h('div', { class: 'card open-poll' }, h('div', { class: 'label' }, kindLabel(open)), h('h3', {}, open.title),
        h('div', { class: 'open-line' },
          h('span', { class: 'progress', 'data-testid': 'poll-progress' }, `${t('voted')}: ${(s.poll?.id === open.id ? s.poll.progress?.cast : open.progress?.cast) ?? 0}/${open.present}`),
          countdown(open),
          canRun ? [h('button', { class: 'primary', 'data-testid': 'close-poll', onclick: () => closePoll(open) }, t('close_poll')),
            h('button', { class: 'danger', 'data-testid': 'cancel-poll', onclick: () => cancelPoll(open) }, t('cancel_poll_full'))] : null)) : null,
      h('h4', { class: 'poll-group' }, t('prepared_here')),
      mine.length ? h('ul', { class: 'poll-list drafts', 'data-testid': 'drafts-here' }, mine.map(draftRow))
        : h('p', { class: 'hint', 'data-testid': 'no-drafts' }, t('none_prepared')),
      others.length ? h('details', { class: 'poll-more' }, h('summary', {}, `${t('prepared_other')} (${others.length})`),
        h('ul', { class: 'poll-list drafts' }, others.map(draftRow))) : null,
      held.length ? h('details', { class: 'poll-more' }, h('summary', {}, `${t('polls_held')} (${held.length})`),
        h('ul', { class: 'poll-list' }, held.map((p) => h('li', {},
          h('span', {}, h('span', { class: `badge ps-${p.status}` }, t('ps_' + p.status)), ' ', p.title, ' ',
            p.result && 'passed' in p.result ? h('strong', {}, p.result.passed ? t('passed') : t('failed')) : ''),
          canRun && ['closed', 'cancelled'].includes(p.status) ? h('button', { onclick: () => post(`/api/polls/${p.id}/repeat`).then(refresh).catch(showError) }, t('repeat_poll')) : null)))) : null,
      canPrepare && s.status !== 'closed' ? newPollForm(sessionId, s, refresh) : null);
  };
  const openPoll = async (p, acknowledge = false) => {
    try {
      await post(`/api/polls/${p.id}/open`, { acknowledge_small: acknowledge });
    } catch (err) {
      if (err.data?.error?.code === 'small_electorate'
        && await ask({ title: t('open_poll'), text: errorText(err), ok: t('open_poll') })) return openPoll(p, true);
      showError(err);
      refresh().catch(showError);
    }
  };
  const closePoll = async (p) => {
    if (await ask({ title: tf('sure_close_poll', { title: p.title }), text: t('close_poll_note'), ok: t('close_poll') })) {
      post(`/api/polls/${p.id}/close`).catch(showError);
    }
  };
  const cancelPoll = async (p) => {
    if (await ask({ title: tf('sure_cancel_poll', { title: p.title }), text: t('cancel_poll_note'), ok: t('cancel_poll_full'), danger: true })) {
      post(`/api/polls/${p.id}/cancel`).catch(showError);
    }
  };
  refresh().catch(showError);
  box.refresh = refresh;
  return box;
}

/** Prepare a poll from an agenda item: the item chosen (the current one first), its title filled in and
 * still editable; the server takes the item's title too when none is sent. */
function newPollForm(sessionId, s, onDone) {
  // the current item when it is voted on, else the next one to be voted on (a resolution, not the heading
  // over several), else the current one
  const at = s.agenda.findIndex((i) => i.id === s.current_item_id);
  const parents = new Set(s.agenda.map((i) => i.parent_id));
  const voting = s.agenda.filter((i, n) => i.kind === 'voting' && !parents.has(i.id) && n >= at);
  const first = (s.agenda[at]?.kind === 'voting' ? s.agenda[at] : voting[0]) || s.agenda[at] || null;
  const title = h('input', { name: 'title', maxlength: 500, placeholder: t('poll_title'), 'data-testid': 'poll-title', value: first?.title || '' });
  let typed = false; // a title the person typed is not replaced by the item's
  title.addEventListener('input', () => { typed = !!title.value; });
  const item = h('select', { name: 'agenda_item_id', 'data-testid': 'poll-item', onchange: () => {
    const it = s.agenda.find((i) => i.id === Number(item.value));
    if (!typed) title.value = it ? it.title : '';
  } }, h('option', { value: '' }, t('no_item')),
  s.agenda.map((i) => h('option', { value: i.id, selected: i.id === first?.id }, `${i.number}. ${i.title}`)));
  // what each kind asks for: a rule (open, secret), seats (election), names (election, confidence)
  const rule = h('label', {}, t('rule'), h('select', { name: 'preset' }, ['resolution', 'dismissal', 'procedural'].map((k) => h('option', { value: k }, t('preset_' + k)))));
  const seats = h('label', {}, t('seats'), h('input', { name: 'seats', type: 'number', min: 1, max: 50, value: 1 }));
  const options = h('label', {}, t('options'), h('textarea', { name: 'options', rows: 3, placeholder: t('options_hint') }));
  const kind = h('select', { name: 'kind', 'data-testid': 'poll-kind', onchange: () => fit() }, ['open', 'secret', 'election', 'confidence'].map((k) => h('option', { value: k }, t('pk_' + k))));
  const fit = () => {
    rule.hidden = !['open', 'secret'].includes(kind.value);
    seats.hidden = kind.value !== 'election';
    options.hidden = !['election', 'confidence'].includes(kind.value);
  };
  fit();
  const form = h('form', { class: 'poll-form', onsubmit: async (e) => {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(form).entries());
    const body = { kind: d.kind, duration_s: Number(d.duration_s), changeable: !!d.changeable,
      agenda_item_id: Number(d.agenda_item_id) || undefined, title: d.title.trim() || undefined };
    if (d.kind === 'open' || d.kind === 'secret') body.preset = d.preset;
    else body.options = d.options.split('\n').map((x) => x.trim()).filter(Boolean);
    if (d.kind === 'election') body.seats = Number(d.seats || 1);
    try { await post(`/api/sessions/${sessionId}/polls`, body); onDone(); } catch (err) { showError(err); }
  } },
  h('label', {}, t('poll_item'), item),
  h('label', {}, t('poll_title'), title),
  h('div', { class: 'row' },
    h('label', {}, t('kind'), kind),
    rule, h('label', {}, t('duration_s'), h('input', { name: 'duration_s', type: 'number', min: 10, max: 3600, value: 60 })),
    seats, h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'changeable' }), t('changeable'))),
  options,
  h('button', { class: 'primary', type: 'submit', 'data-testid': 'create-poll' }, t('prepare_poll')));
  return h('details', { class: 'poll-more new-poll', 'data-testid': 'new-poll' }, h('summary', {}, t('new_poll')), form);
}
