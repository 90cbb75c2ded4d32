// "Kiến nghị cử tri" on a delegate's tablet: #/my-petitions lists the cases heard in their constituency (the server
// scopes GET /api/petitions?mine=1) with status, agency, deadline and latest answer; #/my-petitions/<id> is a case,
// its origins and steps. The service worker keeps the list and every case's page (sw.js DATA_QUERIES): only the
// cases changed since the tablet's copy are fetched again, and without a network the screen shows the copy and when
// it was kept. A delegate present at a voter meeting enters what was heard there (online only: the server gives
// the trace code the voters take home).
import '../styles/petitions.css';
import '../styles/my-petitions.css';
import { get, savedAt } from '../api.js';
import { h, mount } from '../dom.js';
import { day, moment, t, tf } from '../i18n.js';
import { can, me } from '../me.js';
import { keptCopy } from '../offline.js';
import { entryPanel, facts, origins, stepsList } from './petitions.js';
import { overdueBadge, statusBadge } from './petition-parts.js';

const LIST = (page) => `/api/petitions?mine=1&page=${page}`;
const CASE = (id) => `/api/petitions/${id}`;
const HOME = '#/my-petitions';
const MAX_PAGES = 20; // a constituency has tens of cases: a bound on what one tablet keeps, not one it meets
const ANSWERED = ['resolved', 'explained', 'not_resolved'];
const SHOWS = { all: () => true, overdue: (c) => c.overdue, waiting: (c) => !ANSWERED.includes(c.status),
  answered: (c) => ANSWERED.includes(c.status) };
const SHOW_LABEL = { all: 'kn_all', overdue: 'kn_overdue', waiting: 'mp_waiting', answered: 'mp_answered' };
let show = 'all'; // kept while the delegate opens a case and comes back

const savedNote = (at) => (at ? h('p', { class: 'mp-saved', role: 'status', 'data-testid': 'saved-at' },
  tf('mp_saved_at', { time: moment(at) })) : null);

/** Every page of the delegate's cases; `saved`: when the service worker kept the copy it answered with (offline). */
async function loadCases() {
  const first = await get(LIST(1));
  const pages = Math.min(MAX_PAGES, Math.ceil(first.total / first.page_size));
  const rest = await Promise.allSettled(Array.from({ length: pages - 1 }, (_, i) => get(LIST(i + 2))));
  const cases = [first, ...rest.filter((r) => r.status === 'fulfilled').map((r) => r.value)].flatMap((p) => p.cases);
  return { cases, total: first.total, saved: savedAt(first) };
}

/** Resolves once the service worker answers this page's requests (and so keeps them); false where there is none. */
async function keeping() {
  const sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return false;
  await sw.ready;
  if (!sw.controller) { // the first visit: the worker claims the page when it starts; a hard reload never gives it
    await Promise.race([new Promise((r) => sw.addEventListener('controllerchange', r, { once: true })),
      new Promise((r) => setTimeout(r, 5000))]);
  }
  return !!sw.controller;
}

/** Keep each case's page on the tablet: those missing or older than the list says are fetched (the service worker
 * keeps what passes through it), three at a time. `report(kept)` after each. */
async function keepCases(cases, report) {
  const copies = await Promise.all(cases.map((c) => keptCopy(CASE(c.id))));
  const stale = cases.filter((c, i) => copies[i]?.case?.updated_at !== c.updated_at).map((c) => c.id);
  let kept = cases.length - stale.length;
  report(kept);
  const fetchNext = async () => {
    while (stale.length) {
      const id = stale.shift();
      if (await get(CASE(id)).then(() => true, () => false)) report(++kept);
    }
  };
  await Promise.all([fetchNext(), fetchNext(), fetchNext()]);
}

function caseCard(c) {
  return h('li', {}, h('a', { class: `mp-case${c.overdue ? ' overdue' : ''}`, href: `${HOME}/${c.id}`, 'data-testid': 'my-case',
    dataset: { code: c.code } },
  h('span', { class: 'mp-case-head' }, h('span', { class: 'mp-code mono' }, c.code),
    h('span', { class: 'kn-flags' }, statusBadge(c.status), c.overdue ? overdueBadge() : null)),
  h('span', { class: 'mp-summary' }, c.summary),
  h('span', { class: 'mp-meta' }, [t(`pf_${c.field}`), c.area].filter(Boolean).join(' · ')),
  h('span', { class: 'mp-agency', 'data-testid': 'my-case-agency' }, c.agency
    ? [c.agency, c.deadline ? h('span', { class: `kn-deadline${c.overdue ? ' late' : ''}` }, tf('kn_due', { date: day(c.deadline) })) : null]
    : h('span', { class: 'hint' }, t('mp_not_sent'))),
  c.answer ? h('span', { class: 'mp-answer', 'data-testid': 'my-case-answer' },
    h('span', { class: 'hint small' }, tf('mp_answer', { date: moment(c.answered_at) })), h('span', { class: 'mp-answer-text' }, c.answer))
    : h('span', { class: 'hint small' }, t('mp_no_answer'))));
}

/** The petitions of the voter meetings this delegate attended, entered from the tablet; without a network the
 * meetings come from the tablet's copy and nothing can be entered. */
async function enterCard() {
  if (!can('petitions.enter')) return null;
  const data = await get('/api/voter-meetings').catch(() => null);
  const mine = (data?.meetings || []).filter((m) => m.delegate_ids.includes(me().user.id));
  if (!mine.length) return null;
  const level = me().council.level === 'commune' ? 'commune' : 'province';
  const panel = h('div');
  const choose = () => mount(panel, entryPanel(mine.find((m) => m.id === Number(pick.value)), level, { href: (c) => `${HOME}/${c.id}` }));
  const pick = h('select', { id: 'mp-meeting', 'data-testid': 'mp-meeting', onchange: choose },
    mine.map((m) => h('option', { value: m.id }, `${day(m.held_on)} · ${m.place}`)));
  const offline = savedAt(data) || !data;
  if (!offline) choose();
  return h('details', { class: 'card mp-enter', 'data-testid': 'mp-enter' }, h('summary', {}, t('mp_enter')),
    offline ? h('p', { class: 'mp-saved', 'data-testid': 'mp-enter-offline' }, t('mp_enter_offline'))
      : [h('div', { class: 'field' }, h('label', { for: 'mp-meeting' }, t('mp_meeting')), pick), panel]);
}

// the sample checks of a delegate's committee or delegate group (the chair reaches them by the office's tabs)
const samplesLink = () => (can('petitions.oversee') && !can('petitions.read')
  ? h('a', { class: 'button mp-samples', href: '#/petitions/samples', 'data-testid': 'mp-samples' }, t('gs_title')) : null);

async function listPage(main) {
  const constituency = me().user.constituency;
  if (!constituency) {
    mount(main, h('h2', {}, t('mp_title')), h('p', { class: 'hint', 'data-testid': 'mp-no-constituency' }, t('mp_no_constituency')), samplesLink());
    return;
  }
  const wasKeeping = !!navigator.serviceWorker?.controller;
  const { cases, total, saved } = await loadCases();
  const kept = h('p', { class: 'hint small', 'data-testid': 'petitions-kept', 'aria-live': 'polite' });
  const list = h('div');
  const draw = () => {
    const shown = cases.filter(SHOWS[show]);
    mount(list,
      cases.length ? h('div', { class: 'mp-shows', role: 'group', 'aria-label': t('mp_show') }, Object.keys(SHOWS).map((k) =>
        h('button', { type: 'button', 'aria-pressed': String(show === k), 'data-testid': `mp-show-${k}`, onclick: () => { show = k; draw(); } },
          `${t(SHOW_LABEL[k])} (${cases.filter(SHOWS[k]).length})`))) : null,
      shown.length ? h('ul', { class: 'mp-cases', 'data-testid': 'my-cases' }, shown.map(caseCard))
        : h('p', { class: 'hint' }, cases.length ? t('kn_none') : t('mp_none')));
  };
  draw();
  mount(main, h('div', { class: 'mp-head' }, h('h2', {}, t('mp_title')),
    h('p', { class: 'meta' }, `${tf('mp_of', { c: constituency })} · ${tf('kn_total', { n: total })}`), samplesLink()),
  saved ? savedNote(saved) : kept, await enterCard(), list);
  if (saved || !(await keeping())) return;
  if (!wasKeeping) await loadCases(); // fetched before the worker took the page: again, to be kept
  await keepCases(cases, (n) => { kept.textContent = tf('mp_kept', { n, total: cases.length }); });
}

async function casePage(main, id) {
  const back = h('a', { class: 'kn-back', href: HOME }, `← ${t('kn_back')}`);
  let data;
  try {
    data = await get(CASE(id));
  } catch (err) {
    if (!(err instanceof TypeError)) throw err; // no network, and no copy on the tablet
    mount(main, back, h('p', { class: 'mp-saved', 'data-testid': 'mp-not-kept' }, t('mp_not_kept')));
    return;
  }
  const c = data.case;
  mount(main, back, savedNote(savedAt(data)),
    h('header', { class: 'kn-case-head' },
      h('div', { class: 'kn-code-big mono', 'data-testid': 'case-code' }, c.code),
      h('div', { class: 'kn-flags' }, statusBadge(c.status), c.overdue ? overdueBadge() : null),
      h('h2', { class: 'kn-case-summary' }, c.summary)),
    facts([t('kn_field'), t(`pf_${c.field}`)], [t('kn_level'), t(`pl_${c.level}`)], [t('kn_area'), c.area],
      [t('kn_agency'), c.agency || t('mp_not_sent'), 'case-agency'],
      [t('kn_deadline'), c.deadline ? h('span', { class: c.overdue ? 'kn-deadline late' : '' }, day(c.deadline)) : null],
      [t('kn_merged_codes'), c.merged_codes.length ? c.merged_codes.join(', ') : null, 'merged-codes']),
    h('section', {}, h('h3', {}, tf('kn_origins', { n: c.origins.length })), origins(c)),
    h('section', {}, h('h3', {}, t('kn_steps')), stepsList(c)));
}

/** #/my-petitions[/<id>]. */
export async function myPetitionsView(main, id) {
  main.classList.add('mp-page');
  if (id) await casePage(main, id);
  else await listPage(main);
}
