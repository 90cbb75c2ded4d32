// The floor on the live screens: requests on tablets, the chair's queue, the speaker's countdown.
import { del, get, post } from '../api.js';
import { h, mount } from '../dom.js';
import { lang, t, tf } from '../i18n.js';
import { serverNow } from '../clock.js';
import { can } from '../me.js';
import { showError } from '../notify.js';
import '../styles/tablet-forms.css';
import { ask } from '../confirm.js';

// whoever can be given the floor (a fact about that person, not a right of the viewer)
const SPEAKER_ROLES = ['chair', 'delegate', 'guest', 'agency'];
// officials: invited guests and the agencies' accounts (who answer questions)
const official = (m) => m.role === 'guest' || m.role === 'agency';

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

// The tablet's forms are built once and kept across the redraws every event causes: what is typed stays
// typed, and the field being typed in keeps the focus.
// The focused element is read before `build` runs: building moves the kept form into a new, detached
// section, and a focused element that leaves the document loses its focus.
function keepFocus(build) {
  const active = document.activeElement;
  const el = build();
  if (active && active !== document.body && el.contains(active)) {
    const sel = typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    setTimeout(() => {
      if (!active.isConnected || document.activeElement === active) return;
      active.focus({ preventScroll: true });
      if (sel) try { active.setSelectionRange(...sel); } catch { /* not a text field */ }
    }, 0);
  }
  return el;
}

const field = (id, label, control) => h('div', { class: 'field' }, h('label', { for: id }, label), control);

/** "Đăng ký chất vấn Giám đốc Sở Xây dựng", "Đăng ký phát biểu", …: what a request in the queue is. */
export function requestLabel(r) {
  return r.kind === 'question' ? tf('req_question', { to: r.addressee || '' }).trim() : t('req_' + r.kind);
}

// ---- asking a question: who it is addressed to and its subject, in the page
const questions = { sessionId: null, el: null, toggle: null };
function questionForm(sessionId, ask) {
  if (questions.sessionId === sessionId && questions.lang === lang && questions.el) return questions;
  const to = h('input', { id: 'q-to', name: 'addressee', required: true, maxlength: 200, autocomplete: 'off',
    placeholder: t('question_to_example'), 'data-testid': 'question-to' });
  const subject = h('input', { id: 'q-subject', name: 'subject', maxlength: 300, autocomplete: 'off', 'data-testid': 'question-subject' });
  const show = (open) => {
    form.hidden = !open;
    questions.toggle?.setAttribute('aria-expanded', String(open));
    questions.field = to;
    if (open) setTimeout(() => to.focus(), 0);
  };
  const form = h('form', { class: 'floor-form', hidden: true, 'data-testid': 'question-form',
    onfocusin: (e) => { questions.field = e.target; }, onsubmit: async (e) => {
    e.preventDefault();
    const addressee = to.value.trim();
    if (!addressee) { to.focus(); return; }
    const sent = await ask('question', { addressee, subject: subject.value.trim() });
    if (sent) { form.reset(); show(false); }
  } },
  field('q-to', t('question_to_label'), to),
  field('q-subject', t('question_subject'), subject),
  h('div', { class: 'row' },
    h('button', { class: 'primary big', type: 'submit', 'data-testid': 'question-submit' }, t('ask_question')),
    h('button', { class: 'big', type: 'button', onclick: () => show(false) }, t('cancel'))));
  Object.assign(questions, { sessionId, lang, el: form, show, buttons: null });
  return questions;
}

export function floorPanel(s, live, sessionId) {
  const sp = s.speaking;
  if (!sp || s.status !== 'in_progress' || !can('floor.request')) return null;
  const ask = (kind, extra = {}) => post(`/api/sessions/${sessionId}/floor`, { kind, ...extra }).then(() => true)
    .catch((err) => { showError(err); return false; });
  // each of my requests with its place: "Đăng ký chất vấn Giám đốc Sở X: vị trí 4"
  const mine = sp.queue.map((r, i) => [r, i]).filter(([r]) => r.user_id === s.me.id).map(([r, i]) =>
    h('div', { class: 'row my-request' },
      h('strong', { 'data-testid': 'my-place', 'data-kind': r.kind }, tf('place_of', { req: requestLabel(r), n: i + 1 })),
      h('button', { 'data-testid': 'withdraw', onclick: () => del(`/api/sessions/${sessionId}/floor/${r.id}`).catch(showError) }, t('withdraw'))));
  if (sp.closed) {
    return h('section', { class: 'floor card', 'data-testid': 'floor' }, mine, h('p', {}, t('list_closed')),
      h('div', { class: 'row' },
        h('button', { class: 'primary big', 'data-testid': 'write-instead', onclick: () => openOpinion(sp.item_id) }, t('opinion_write')),
        h('button', { onclick: () => ask('procedural') }, t('rk_procedural'))));
  }
  const q = questionForm(sessionId, ask);
  // the buttons are the same elements from one redraw to the next: a tap that lands while an event redraws
  // the tablet is not lost between the old button and its copy
  q.buttons ||= {
    floor: h('button', { class: 'primary big', 'data-testid': 'ask-floor', onclick: () => ask('discussion') }, t('ask_floor')),
    question: h('button', { class: 'big', 'data-testid': 'ask-question', 'aria-expanded': 'false', 'aria-controls': 'question-form',
      onclick: () => q.show(q.el.hidden) }, t('rk_question')),
    procedural: h('button', { onclick: () => ask('procedural') }, t('rk_procedural')),
  };
  questions.toggle = q.buttons.question;
  q.el.id = 'question-form';
  const panel = keepFocus(() => h('section', { class: 'floor card', 'data-testid': 'floor' }, mine,
    h('div', { class: 'row' }, q.buttons.floor,
      sp.current && sp.current.user_id !== s.me.id
        ? h('button', { class: 'big', onclick: () => ask('debate', { replies_to_speech_id: sp.current.id }) }, t('rk_debate')) : null,
      q.buttons.question, q.buttons.procedural),
    q.el));
  // an open form whose field lost the focus to a redraw that took the panel out for a moment (a resync)
  // gets it back, unless the delegate has moved on to something else meanwhile
  if (!q.el.hidden) {
    setTimeout(() => {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && q.el.isConnected && !q.el.hidden) q.field?.focus({ preventScroll: true });
    }, 0);
  }
  return panel;
}

// ---- a written opinion (gửi ý kiến bằng văn bản) on any item of the session, from its publication on
const opinion = { sessionId: null };
function opinionBox(sessionId) {
  if (opinion.sessionId === sessionId && opinion.lang === lang) return opinion;
  const select = h('select', { id: 'op-item', 'data-testid': 'opinion-item', onchange: () => { opinion.picked = true; } });
  const text = h('textarea', { id: 'op-text', rows: 4, maxlength: 20000, required: true, 'data-testid': 'opinion-text' });
  const note = h('p', { class: 'ok', role: 'status', 'data-testid': 'opinion-sent' });
  const show = (open) => {
    if (open) fill();
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) note.textContent = '';
  };
  const toggle = h('button', { class: 'big', type: 'button', 'data-testid': 'open-opinion', 'aria-expanded': 'false',
    'aria-controls': 'opinion-form', onclick: () => show(body.hidden) }, t('opinion_write'));
  const body = h('form', { id: 'opinion-form', class: 'floor-form', hidden: true, onsubmit: async (e) => {
    e.preventDefault();
    const itemId = Number(select.value);
    const label = select.selectedOptions[0]?.textContent || '';
    try {
      await post(`/api/sessions/${sessionId}/opinions`, { text: text.value, agenda_item_id: itemId });
      text.value = '';
      opinion.picked = false;
      show(false);
      note.textContent = `✓ ${tf('opinion_sent_on', { item: label })}`;
    } catch (err) { showError(err); }
  } },
  field('op-item', t('opinion_item'), select),
  field('op-text', t('opinion_text'), text),
  h('div', { class: 'row' },
    h('button', { class: 'primary big', type: 'submit', 'data-testid': 'send-opinion' }, t('send')),
    h('button', { class: 'big', type: 'button', onclick: () => show(false) }, t('cancel'))));
  // the items are listed while the form is open (closed, it holds no option to be found on the page)
  const fill = () => {
    const { agenda, itemId } = opinion;
    const key = agenda.map((i) => `${i.id}:${i.number}:${i.title}`).join('|');
    if (opinion.agendaKey !== key) {
      const value = select.value;
      mount(select, agenda.map((i) => h('option', { value: i.id }, `${'\u2003'.repeat(i.depth)}${i.number}. ${i.title}`)));
      if (value && agenda.some((i) => String(i.id) === value)) select.value = value;
      else opinion.picked = false;
      opinion.agendaKey = key;
    }
    if (!opinion.picked && itemId != null) select.value = String(itemId);
  };
  const el = h('section', { class: 'opinion card', 'data-testid': 'opinion' }, toggle, note, body);
  Object.assign(opinion, { sessionId, lang, el, select, text, show, fill, body, agenda: [], itemId: null, agendaKey: null, picked: false });
  return opinion;
}

/** Opens the opinion form on an item (the list of speakers of the current item is closed). */
function openOpinion(itemId) {
  if (!opinion.el) return;
  opinion.show(true);
  if (itemId != null) { opinion.select.value = String(itemId); opinion.picked = true; }
  opinion.el.scrollIntoView({ block: 'center' });
  opinion.text.focus({ preventScroll: true });
}

/** The form on the tablet; `itemId`: the item on screen, chosen until the delegate picks another. */
export function opinionForm(s, sessionId, itemId) {
  // an invitee speaks when given the floor; written opinions are the council's own delegates'
  if (!can('floor.request') || s.me?.role === 'invitee' || !['published', 'in_progress'].includes(s.status) || !s.agenda.length) return null;
  const o = opinionBox(sessionId);
  o.agenda = s.agenda;
  o.itemId = itemId;
  if (!o.body.hidden) o.fill();
  return keepFocus(() => o.el);
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
    if (score && official(m)) score += 0.5;
    if (score > bestScore) { best = m; bestScore = score; }
  }
  return best;
}

function whoLabel(m) {
  return m.title ? `${m.full_name} — ${m.title}` : m.full_name;
}

/** A list of who can take the floor, officials first; `value` preset (or a first line asking to choose).
 * `preset`: the questioning group's official ({id, full_name}, an agency's account, not among the members). */
function peopleSelect(testid, value, onPick, preset = null) {
  const group = (label, list) => (list.length ? h('optgroup', { label }, list.map((m) => h('option', { value: m.id, selected: m.id === value }, whoLabel(m)))) : null);
  const extra = preset && !members.some((m) => m.id === preset.id) ? [preset] : [];
  const officials = [...extra, ...members.filter(official)];
  const delegates = members.filter((m) => !official(m));
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
      const rank = (m) => (official(m) ? 0 : 1);
      members = r.members.filter((m) => SPEAKER_ROLES.includes(m.role) && m.active)
        .sort((x, y) => rank(x) - rank(y) || x.full_name.localeCompare(y.full_name, 'vi'));
      onReady();
    }).catch((err) => { members = null; showError(err); });
  }
  const cur = sp.current;
  let answer = null;
  if (cur && cur.kind === 'question') {
    // the official the question is addressed to, preset: the questioning group's official when the item is a
    // group's (the live state's `answerer`), else found by the addressee's words; the chair may choose someone else
    const preset = sp.answerer || null;
    if (picked.answer?.speech !== cur.id || (preset && !picked.answer.user)) {
      picked.answer = { speech: cur.id, user: preset?.id || answererFor(cur.addressee, members)?.id || null };
    }
    const go = h('button', { class: 'primary', 'data-testid': 'give-answer', disabled: !picked.answer.user,
      onclick: () => cmd('give', { user_id: picked.answer.user, kind: 'answer', answers_speech_id: cur.id }) }, t('give_answer'));
    answer = h('div', { class: 'answer-row' }, h('label', { class: 'inline' }, t('answerer'),
      peopleSelect('give-who', picked.answer.user, (id) => { picked.answer.user = id; go.disabled = !id; }, preset)), go);
  }
  const remove = async (r) => {
    const yes = await ask({ title: t('sure_remove_request'), text: `${r.full_name} · ${t('rk_' + r.kind)}${r.addressee ? ' → ' + r.addressee : ''}`,
      ok: t('remove_request'), danger: true });
    if (yes) cmd('remove', { request_id: r.id });
  };
  const anyone = h('button', { 'data-testid': 'give-anyone', disabled: !picked.anyone, onclick: () => {
    const m = members.find((x) => x.id === picked.anyone);
    if (m) cmd('give', { user_id: m.id, kind: official(m) ? 'explanation' : 'discussion' });
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
