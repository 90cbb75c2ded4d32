// The floor on the live screens: requests on tablets, the chair's queue, the speaker's countdown.
import { del, get, post } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { serverNow } from '../clock.js';
import { can } from '../me.js';
import { showError } from '../notify.js';
import { ask } from '../confirm.js';

// whoever can be given the floor (a fact about that person, not a right of the viewer)
const SPEAKER_ROLES = ['chair', 'delegate', 'guest'];

function remaining(sp) {
  const now = serverNow();
  const until = sp.paused_at ? Date.parse(sp.paused_at) : now;
  return sp.limit_s + sp.added_s - ((until - Date.parse(sp.started_at)) / 1000 - sp.paused_total_s);
}

function clock(sec) {
  const s = Math.abs(Math.round(sec));
  return `${sec < 0 ? '+' : ''}${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function speakerTimer(sp, live) {
  const el = h('span', { class: 'timer', 'data-testid': 'speech-timer' });
  const tick = () => {
    const r = remaining(sp);
    el.textContent = clock(r);
    el.className = `timer ${r <= 0 ? 'over' : r <= 30 ? 'warning' : 'ok'}${sp.paused_at ? ' paused' : ''}`;
    el.dataset.state = r <= 0 ? 'over' : r <= 30 ? 'warning' : 'ok';
  };
  tick();
  const timer = setInterval(() => (el.isConnected ? tick() : clearInterval(timer)), 250);
  return el;
}

export function currentSpeaker(s, live, { big = false } = {}) {
  const sp = s.speaking?.current;
  if (!sp) return null;
  return h('div', { class: `speaker ${big ? 'big' : ''}`, 'data-testid': 'current-speaker' },
    h('div', { class: 'label' }, t('sk_' + sp.kind)),
    h('div', { class: 'name', 'data-testid': 'speaker-name' }, sp.full_name),
    h('div', { class: 'who' }, [sp.title, sp.constituency].filter(Boolean).join(' · ')),
    sp.addressee ? h('div', { class: 'who' }, `→ ${sp.addressee}${sp.subject ? ': ' + sp.subject : ''}`) : null,
    speakerTimer(sp, live));
}

export function nextSpeakers(s, n = 3) {
  const q = s.speaking?.queue || [];
  if (!q.length) return null;
  return h('ol', { class: 'next-speakers', 'data-testid': 'next-speakers' }, q.slice(0, n).map((r) => h('li', {},
    r.full_name, h('span', { class: 'meta' }, ` · ${t('rk_' + r.kind)}`))));
}

export function floorPanel(s, live, sessionId) {
  const sp = s.speaking;
  if (!sp || s.status !== 'in_progress' || !can('floor.request')) return null;
  const mine = sp.queue.findIndex((r) => r.user_id === s.me.id);
  const ask = (kind, extra = {}) => post(`/api/sessions/${sessionId}/floor`, { kind, ...extra }).catch(showError);
  if (sp.closed) {
    const text = h('textarea', { rows: 3, maxlength: 20000, placeholder: t('written_opinion'), 'data-testid': 'opinion-text' });
    return h('section', { class: 'floor card' }, h('p', {}, t('list_closed')), text,
      h('button', { 'data-testid': 'send-opinion', onclick: () => post(`/api/sessions/${sessionId}/opinions`, { text: text.value })
        .then(() => { text.value = ''; text.placeholder = t('opinion_sent'); }).catch(showError) }, t('send')),
      h('button', { onclick: () => ask('procedural') }, t('rk_procedural')));
  }
  return h('section', { class: 'floor card', 'data-testid': 'floor' },
    mine >= 0
      ? h('div', { class: 'row' }, h('strong', { 'data-testid': 'my-place' }, `${t('your_place')}: ${mine + 1}`),
        h('button', { 'data-testid': 'withdraw', onclick: () => del(`/api/sessions/${sessionId}/floor/${sp.queue[mine].id}`).catch(showError) }, t('withdraw')))
      : null,
    h('div', { class: 'row' },
      h('button', { class: 'primary big', 'data-testid': 'ask-floor', onclick: () => ask('discussion') }, t('ask_floor')),
      sp.current && sp.current.user_id !== s.me.id
        ? h('button', { class: 'big', onclick: () => ask('debate', { replies_to_speech_id: sp.current.id }) }, t('rk_debate')) : null,
      h('button', { class: 'big', onclick: () => {
        const addressee = prompt(t('question_to'));
        if (addressee) ask('question', { addressee, subject: prompt(t('question_subject')) || '' });
      } }, t('rk_question')),
      h('button', { onclick: () => ask('procedural') }, t('rk_procedural'))));
}

// ---- the chair's floor (the console's "Phát biểu" tab)
let members = null; // who can be given the floor: officials (guests) first, then the chair and delegates
const picked = { answer: null, anyone: null }; // the chair's choice in each list, kept across redraws

const norm = (x) => (x || '').normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The person a question is addressed to ("Giám đốc Sở Tài chính", or a name), among those who can take the
 * floor: the title or name said in full first, then one said inside the other; an official before a delegate. */
export function answererFor(addressee, people) {
  const a = norm(addressee);
  if (a.length < 3) return null;
  let best = null;
  let bestScore = 0;
  for (const m of people) {
    const title = norm(m.title);
    const name = norm(m.full_name);
    let score = 0;
    if (a === title || a === name) score = 4;
    else if ((title.length >= 3 && a.includes(title)) || (name.length >= 3 && a.includes(name))) score = 3;
    else if (title.includes(a)) score = 2;
    if (score && m.role === 'guest') score += 0.5;
    if (score > bestScore) { best = m; bestScore = score; }
  }
  return best;
}

function whoLabel(m) {
  return m.title ? `${m.full_name} — ${m.title}` : m.full_name;
}

/** A list of who can take the floor, officials first; `value` preset (or a first line asking to choose). */
function peopleSelect(testid, value, onPick) {
  const group = (label, list) => (list.length ? h('optgroup', { label }, list.map((m) => h('option', { value: m.id, selected: m.id === value }, whoLabel(m)))) : null);
  const officials = members.filter((m) => m.role === 'guest');
  const delegates = members.filter((m) => m.role !== 'guest');
  return h('select', { 'data-testid': testid, onchange: (e) => onPick(Number(e.target.value) || null) },
    h('option', { value: '', selected: !value }, t('choose_person')),
    group(t('officials'), officials), group(t('delegates_list'), delegates));
}

export function chairFloor(s, live, sessionId, onReady = () => {}) {
  const sp = s.speaking;
  if (!sp || s.status !== 'in_progress') return null;
  const cmd = (action, extra = {}) => post(`/api/sessions/${sessionId}/floor/chair`, { action, ...extra }).catch(showError);
  if (!members) {
    members = [];
    get('/api/members').then((r) => {
      const rank = (m) => (m.role === 'guest' ? 0 : 1);
      members = r.members.filter((m) => SPEAKER_ROLES.includes(m.role) && m.active)
        .sort((x, y) => rank(x) - rank(y) || x.full_name.localeCompare(y.full_name, 'vi'));
      onReady();
    }).catch((err) => { members = null; showError(err); });
  }
  const cur = sp.current;
  let answer = null;
  if (cur && cur.kind === 'question') {
    // the official the question is addressed to, preset; the chair may choose someone else
    if (picked.answer?.speech !== cur.id) picked.answer = { speech: cur.id, user: answererFor(cur.addressee, members)?.id || null };
    const go = h('button', { class: 'primary', 'data-testid': 'give-answer', disabled: !picked.answer.user,
      onclick: () => cmd('give', { user_id: picked.answer.user, kind: 'answer', answers_speech_id: cur.id }) }, t('give_answer'));
    answer = h('div', { class: 'answer-row' }, h('label', { class: 'inline' }, t('answerer'),
      peopleSelect('give-who', picked.answer.user, (id) => { picked.answer.user = id; go.disabled = !id; })), go);
  }
  const remove = async (r) => {
    const yes = await ask({ title: t('sure_remove_request'), text: `${r.full_name} · ${t('rk_' + r.kind)}${r.addressee ? ' → ' + r.addressee : ''}`,
      ok: t('remove_request'), danger: true });
    if (yes) cmd('remove', { request_id: r.id });
  };
  const anyone = h('button', { 'data-testid': 'give-anyone', disabled: !picked.anyone, onclick: () => {
    const m = members.find((x) => x.id === picked.anyone);
    if (m) cmd('give', { user_id: m.id, kind: m.role === 'guest' ? 'explanation' : 'discussion' });
  } }, t('give_anyone'));
  return h('section', { class: 'chair-floor' },
    cur ? h('div', { class: 'card now-speaking' }, currentSpeaker(s, live), h('div', { class: 'row' },
      h('button', { class: 'primary', 'data-testid': 'end-speech', onclick: () => cmd('end') }, t('end_speech')),
      h('button', { onclick: () => cmd('add', { seconds: 60 }) }, t('add_minute')),
      cur.paused_at ? h('button', { onclick: () => cmd('resume') }, t('resume_timer')) : h('button', { onclick: () => cmd('pause') }, t('pause_timer'))),
    answer) : null,
    sp.queue.length ? h('ol', { class: 'queue', 'data-testid': 'queue' }, sp.queue.map((r, i) => h('li', {}, h('div', { class: 'q-row' },
      h('span', { class: 'q-name' }, r.full_name, h('span', { class: 'meta' }, ` · ${t('rk_' + r.kind)}${r.addressee ? ' → ' + r.addressee : ''}`)),
      h('button', { class: 'primary', 'data-testid': 'give-floor', onclick: () => cmd('give', { request_id: r.id }) }, t('give_floor')),
      i > 0 ? h('button', { 'aria-label': t('up'), title: t('up'), onclick: () => cmd('move', { request_id: r.id, index: i - 1 }) }, '↑') : h('span'),
      h('button', { class: 'danger', 'aria-label': t('remove_request'), title: t('remove_request'), 'data-testid': 'remove-request', onclick: () => remove(r) }, '✕')))))
      : h('p', { class: 'hint empty-queue', 'data-testid': 'queue-empty' }, t('queue_empty')),
    h('div', { class: 'row floor-tools' },
      sp.queue.length ? h('button', { class: 'primary', 'data-testid': 'give-next', onclick: () => cmd('give', { request_id: sp.queue[0].id }) }, t('give_next')) : null,
      sp.closed ? h('button', { onclick: () => cmd('reopen') }, t('reopen_list')) : h('button', { 'data-testid': 'close-list', onclick: () => cmd('close') }, t('close_list')),
      h('span', { class: 'give-any' }, peopleSelect('give-any-who', picked.anyone, (id) => { picked.anyone = id; anyone.disabled = !id; }), anyone)));
}
