// The public archive: every public session's agenda, public documents and votes — no login.
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { t, toggleLang } from '../i18n.js';
import { resultBoard } from './voting.js';

function frame(main, ...children) {
  mount(main, h('header', { class: 'topbar' }, h('div', { class: 'brand' }, h('span', { class: 'star' }, '★'), t('public_archive')),
    h('nav', {}, h('a', { href: '#/public' }, t('councils'))),
    h('div', { class: 'who' }, h('button', { class: 'link', onclick: () => { toggleLang(); location.reload(); } }, t('language')),
      h('a', { class: 'link', href: '#/login' }, t('login')))), h('main', { class: 'page' }, ...children));
}

// A secret poll's published board (docs/ballots.md): the file anyone's verifier rechecks, and a tracker lookup.
function boardLinks(poll) {
  if (!poll.encryption || poll.status !== 'closed' || !poll.result?.trackers) return null;
  const answer = h('p', { class: 'lookup-answer', 'data-testid': 'public-tracker-answer', 'aria-live': 'polite' });
  const input = h('input', { type: 'text', id: `tracker-${poll.id}`, autocomplete: 'off', spellcheck: 'false', placeholder: 'b1f0 e996 f295 b520' });
  const check = () => {
    const v = input.value.trim().toLowerCase().replace(/[^0-9a-f]/g, '');
    const found = v.length >= 8 && poll.result.trackers.some((tr) => tr.startsWith(v));
    answer.className = `lookup-answer ${!v ? '' : v.length < 8 ? 'warn' : found ? 'ok' : 'error'}`;
    answer.textContent = !v ? '' : v.length < 8 ? t('tracker_short') : found ? t('public_tracker_found') : t('tracker_not_found');
  };
  return h('div', { class: 'board-links', 'data-testid': 'public-board' },
    h('a', { class: 'button', href: `/api/public/polls/${poll.id}/board`, download: `bang-phieu-${poll.id}.json` }, t('board_download')),
    h('form', { class: 'tracker-lookup', onsubmit: (e) => { e.preventDefault(); check(); } },
      h('label', { for: input.id }, t('tracker_prompt')),
      h('div', { class: 'row' }, input, h('button', { type: 'submit' }, t('tracker_lookup'))), answer));
}

export async function publicView(main, kind, id) {
  if (kind === 's') {
    const { council, session, agenda, documents, polls } = await get(`/api/public/sessions/${id}`);
    frame(main, h('p', { class: 'meta' }, h('a', { href: `#/public/c/${council.id}` }, council.name)),
      h('h2', { 'data-testid': 'public-title' }, session.title),
      session.sealed_hash ? h('p', { class: 'seal', 'data-testid': 'seal' }, `${t('sealed')}: `, h('code', {}, session.sealed_hash)) : null,
      session.seal_timestamp ? h('p', { class: 'seal', 'data-testid': 'seal-timestamp' }, `${t('seal_stamped')}: ${new Date(session.seal_timestamp.time).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} — ${session.seal_timestamp.tsa}`) : null,
      h('h3', {}, t('agenda')), h('ol', { class: 'agenda-edit' }, agenda.map((i) => h('li', { class: `agenda-row depth-${i.depth}` },
        h('span', { class: 'num' }, i.number), h('span', { class: 'title' }, i.title)))),
      h('h3', {}, t('documents')), documents.length ? h('ul', {}, documents.map((d) => h('li', {}, h('a', { href: d.url, target: '_blank', rel: 'noopener' }, d.title)))) : h('p', {}, '—'),
      h('h3', {}, t('polls')), h('div', { 'data-testid': 'public-polls' }, polls.map((p) => h('div', { class: 'card poll-card' }, resultBoard(p), boardLinks(p)))));
    return;
  }
  if (kind === 'c') {
    const { council, sessions } = await get(`/api/public/councils/${id}/sessions`);
    frame(main, h('h2', {}, council.name), sessions.length ? h('ul', { class: 'session-list' }, sessions.map((s) => h('li', { class: 'card' },
      h('a', { href: `#/public/s/${s.id}`, 'data-testid': 'public-session' }, s.title)))) : h('p', {}, '—'));
    return;
  }
  const { councils } = await get('/api/public/councils');
  frame(main, h('h2', {}, t('public_archive')), councils.length ? h('ul', { class: 'session-list' }, councils.map((c) => h('li', { class: 'card' },
    h('a', { href: `#/public/c/${c.id}`, 'data-testid': 'public-council' }, c.name)))) : h('p', {}, '—'));
}
