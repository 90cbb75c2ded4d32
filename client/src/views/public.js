// The public archive, without login: the councils with public sessions, a council's sessions and a search
// across them, a session (date, place, minutes, resolutions, the agenda with each item's votes, the bundle),
// a delegate's record of open votes. Routes: #/public, #/public/councils/<id>, #/public/sessions/<id>[?vote=<id>],
// #/public/search?council=<id>&q=…, #/public/delegates/<id>, #/public/petitions?council=<id>[&area=…&field=…&status=…&page=N]
// (the council's voter petitions; each links to its page by trace code, #/public/petition?code=…),
// #/public/questions?council=<id> (the questions, answers and commitments the council published).
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { day, errorText, lang, moment, resultLine, t, tf, toggleLang } from '../i18n.js';
import { snippetNodes } from './search.js';
import { kindLabel } from './voting.js';
import { petitionPage } from './petition-public.js';
import { FIELDS, STATUSES } from './petition-parts.js';
import '../styles/public.css';

const ANSWERS = ['for', 'against', 'abstain'];
const CHOICES = ['for', 'against', 'abstain', 'did_not_vote', 'absent'];
const MARK = { for: '✓', against: '✗', abstain: '○', did_not_vote: '–', absent: 'V' };
const RATINGS = ['high', 'medium', 'low'];
const dates = (s) => (s.start_date === s.end_date ? day(s.start_date) : `${day(s.start_date)} – ${day(s.end_date)}`);

/** "Tán thành 28/50 đại biểu (56,00%)" — a count of all delegates and its share, the way results are read out. */
function line(label, count, base, cls = '', outcome = '') {
  return h('li', { class: `pub-line ${cls}` },
    h('span', { class: 'pub-line-text' }, resultLine(label, count, base),
      outcome ? h('strong', { class: 'outcome' }, ` ${outcome}`) : null),
    h('progress', { max: base || 1, value: count, 'aria-hidden': 'true' }));
}

function frame(main, { councilId } = {}, ...children) {
  mount(main,
    h('header', { class: 'topbar pub-top' },
      h('a', { class: 'brand', href: '#/public' }, h('span', { class: 'star' }, '★'), t('public_archive')),
      h('nav', {}, h('a', { href: '#/public' }, t('councils')),
        councilId ? h('a', { href: `#/public/search?council=${councilId}` }, t('pub_search')) : null,
        councilId ? h('a', { href: `#/public/petitions?council=${councilId}`, 'data-testid': 'public-petitions-nav' }, t('pub_petitions')) : null,
        councilId ? h('a', { href: `#/public/questions?council=${councilId}`, 'data-testid': 'public-questions-nav' }, t('pub_questions')) : null),
      h('div', { class: 'who' },
        h('button', { class: 'link', onclick: () => { toggleLang(); window.dispatchEvent(new HashChangeEvent('hashchange')); } }, t('language')),
        h('a', { class: 'pub-login', href: '#/login', 'data-testid': 'public-login' }, t('login')))),
    h('main', { class: 'page pub' }, ...children));
}

function crumbs(...links) {
  return h('nav', { class: 'pub-crumbs', 'aria-label': t('public_archive') },
    links.filter(Boolean).map(([href, label], i) => [i ? h('span', { class: 'sep', 'aria-hidden': 'true' }, '›') : null, href ? h('a', { href }, label) : h('span', {}, label)]));
}

// "Số: 01/NQ-HĐND" as the resolution itself prints it; its number alone in a sentence or in English
const resNo = (r) => r.code.replace(/^Số:\s*/, '');
const resCode = (r) => (lang === 'en' ? `No. ${resNo(r)}` : r.code);

const statusBadge = (s) => h('span', { class: `badge st-${s.status}` }, t(`pub_status_${s.status}`));

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

/** How each delegate voted in an open vote: a legend (symbol, answer, how many), then the names, each a link
 * to the delegate's record. */
function namedList(named) {
  const by = Object.fromEntries(CHOICES.map((c) => [c, named.filter((n) => n.choice === c)]));
  return h('details', { class: 'pub-named', 'data-testid': 'named-list' },
    h('summary', {}, `${t('named_list')} (${named.length})`),
    h('ul', { class: 'pub-legend', 'data-testid': 'legend', 'aria-label': t('pub_legend') },
      CHOICES.map((c) => h('li', { class: `ch-${c}` }, h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[c]), ` ${t('ans_' + c)}: ${by[c].length}`))),
    h('ul', { class: 'pub-names' }, named.map((n) => h('li', { class: `ch-${n.choice}` },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[n.choice]),
      h('a', { href: `#/public/delegates/${n.user_id}`, 'data-testid': 'delegate-link' }, n.full_name),
      h('span', { class: 'sr-only' }, `: ${t('ans_' + n.choice)}`)))));
}

function resultLines(poll) {
  const r = poll.result;
  if (poll.kind === 'open' || poll.kind === 'secret') {
    return [h('ul', { class: 'pub-lines' }, ANSWERS.map((a) => line(t('ans_' + a), r.answers[a].count, r.base, `ans-${a}`))),
      h('p', { class: `verdict ${r.passed ? 'passed' : 'failed'}`, 'data-testid': 'verdict' }, r.passed ? t('passed') : t('failed')),
      h('p', { class: 'rule hint' }, lang === 'en' ? r.rule[1] : r.rule[0])];
  }
  if (poll.kind === 'election') {
    const byOption = new Map(r.candidates.map((c) => [c.option_id, c]));
    return [h('ul', { class: 'pub-lines' }, poll.options.map((o) => {
      const c = byOption.get(o.id);
      const outcome = c.elected ? `✓ ${t('elected')}` : r.tied.includes(o.id) ? t('tie') : '';
      return line(`${o.label}:`, c.count, r.total, c.elected ? 'elected' : '', outcome);
    })),
    h('p', { class: 'rule hint' }, `${tf('seats_elected', { seats: r.seats ?? poll.seats ?? 1, elected: r.elected?.length ?? 0 })} · ${t('election_rule')}`)];
  }
  return h('div', { class: 'pub-people' }, poll.options.map((o) => {
    const p = r.people.find((x) => x.option_id === o.id);
    const flag = p.low_two_thirds ? t('low_two_thirds') : p.low_over_half ? t('low_over_half') : '';
    return h('div', { class: 'pub-person' }, h('h5', {}, o.label, flag ? h('span', { class: 'flag' }, ` · ${flag}`) : null),
      h('ul', { class: 'pub-lines' }, RATINGS.map((k) => line(t('rate_' + k), p[k].count, r.total, `rate-${k}`))));
  }));
}

function voteCard(poll, resolution) {
  const r = poll.result;
  const head = [h('div', { class: 'label' }, kindLabel(poll)), h('h4', {}, poll.title),
    resolution ? h('p', { class: 'pub-res-tag', 'data-testid': 'vote-resolution' }, tf('pub_resolution_no', { no: resNo(resolution) })) : null];
  if (poll.status === 'cancelled') return h('article', { class: 'card pub-vote cancelled', id: `vote-${poll.id}` }, head, h('p', {}, t('poll_cancelled')));
  return h('article', { class: 'card pub-vote', id: `vote-${poll.id}`, 'data-testid': 'public-vote' }, head,
    r ? resultLines(poll) : null,
    r ? h('p', { class: 'facts hint small' }, `${t('total')}: ${r.total} · ${t('present')}: ${r.present} · ${t('cast')}: ${r.cast} · ${t('did_not_vote')}: ${r.did_not_vote} · ${t('absent')}: ${r.absent}`) : null,
    r?.named ? namedList(r.named) : null, boardLinks(poll));
}

function docLink(d) {
  return h('li', {}, h('a', { href: d.url, target: '_blank', rel: 'noopener', 'data-testid': 'public-document' }, d.title),
    d.current?.pages ? h('span', { class: 'hint small' }, ` · ${tf('pub_pages', { n: d.current.pages })}`) : null);
}

// ---- pages
async function councilsPage(main) {
  const { councils } = await get('/api/public/councils');
  frame(main, {}, h('h1', {}, t('public_archive')), h('p', { class: 'hint' }, t('pub_intro')),
    h('a', { class: 'card pub-tile kp-tile', href: '#/public/petition', 'data-testid': 'public-petition-link' },
      h('strong', {}, t('kp_title')), h('span', { class: 'hint' }, t('kp_tile'))),
    councils.length ? h('ul', { class: 'pub-list' }, councils.map((c) => h('li', {},
      h('a', { class: 'card pub-tile', href: `#/public/councils/${c.id}`, 'data-testid': 'public-council' }, h('strong', {}, c.name)))))
      : h('p', {}, t('pub_none')));
}

function searchForm(councilId, q = '') {
  const input = h('input', { type: 'search', name: 'q', id: 'pub-q', value: q, minlength: '2', maxlength: '200', required: true,
    placeholder: t('pub_search_placeholder'), 'data-testid': 'public-search-input' });
  return h('form', { class: 'pub-search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/public/search?council=${councilId}&q=${encodeURIComponent(input.value.trim())}`;
  } }, h('label', { for: 'pub-q' }, t('pub_search_label')),
  h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary' }, t('pub_search'))));
}

async function councilPage(main, id) {
  const { council, sessions } = await get(`/api/public/councils/${id}/sessions`);
  frame(main, { councilId: council.id }, crumbs(['#/public', t('public_archive')], [null, council.name]),
    h('h1', {}, council.name), searchForm(council.id),
    h('section', { class: 'pub-pet-intro' }, h('h2', {}, t('pub_petitions')),
      h('a', { class: 'card pub-tile', href: `#/public/petitions?council=${council.id}`, 'data-testid': 'public-petitions-link' },
        h('strong', {}, t('pub_petitions_see')), h('span', { class: 'hint' }, t('pub_petitions_intro')))),
    h('h2', {}, t('pub_sessions')),
    h('ul', { class: 'pub-list' }, sessions.map((s) => h('li', {},
      h('a', { class: 'card pub-tile', href: `#/public/sessions/${s.id}`, 'data-testid': 'public-session' },
        h('strong', {}, s.title),
        h('span', { class: 'pub-when', 'data-testid': 'session-dates' }, `${t('pub_when')}: ${dates(s)}`),
        s.location ? h('span', { class: 'pub-where', 'data-testid': 'session-place' }, `${t('pub_where')}: ${s.location}`) : null,
        h('span', {}, h('span', { class: 'badge' }, t('kind_' + s.kind)), ' ', statusBadge(s)))))));
}

async function sessionPage(main, id, focusVote) {
  const data = await get(`/api/public/sessions/${id}`);
  const { council, session: s, agenda, documents, polls, resolutions, files } = data;
  const resOf = new Map(resolutions.map((r) => [r.poll_id, r]));
  const itemIds = new Set(agenda.map((i) => i.id));
  const minutesUrl = files.minutes_signed_pdf || files.minutes_pdf;
  const conclusionUrl = files.conclusion_signed_pdf || files.conclusion_pdf; // a meeting's, after bế mạc
  const record = h('section', { class: 'card pub-files', 'data-testid': 'public-files' }, h('h2', {}, t('pub_files')),
    minutesUrl ? h('div', { class: 'row' },
      h('a', { class: 'button primary', href: minutesUrl, target: '_blank', rel: 'noopener', 'data-testid': 'public-minutes' },
        files.minutes_signed_pdf ? t('pub_minutes_signed') : t('pub_minutes_pdf')),
      conclusionUrl ? h('a', { class: 'button', href: conclusionUrl, target: '_blank', rel: 'noopener', 'data-testid': 'public-conclusion' },
        files.conclusion_signed_pdf ? t('pub_conclusion_signed') : t('pub_conclusion_pdf')) : null,
      h('a', { class: 'button', href: files.bundle, download: `ky-hop-${s.number}.zip`, 'data-testid': 'public-bundle' }, t('pub_bundle')))
      : h('p', { class: 'hint', 'data-testid': 'public-files-later' }, t('pub_files_later')),
    minutesUrl ? h('p', { class: 'hint small' }, t('pub_bundle_hint')) : null,
    s.sealed_hash ? h('p', { class: 'seal', 'data-testid': 'seal' }, `${t('sealed')}: `, h('code', {}, s.sealed_hash)) : null,
    s.seal_timestamp ? h('p', { class: 'seal', 'data-testid': 'seal-timestamp' }, `${t('seal_stamped')}: ${moment(s.seal_timestamp.time)} — ${s.seal_timestamp.tsa}`) : null);
  const resList = h('section', { class: 'pub-resolutions' }, h('h2', {}, t('pub_resolutions')),
    resolutions.length ? h('ul', { class: 'pub-list', 'data-testid': 'public-resolutions' }, resolutions.map((r) => h('li', { class: 'card pub-res' },
      h('strong', { class: 'pub-res-code', 'data-testid': 'resolution-code' }, resCode(r)),
      h('span', { class: 'pub-res-title' }, r.title),
      h('span', { class: 'hint small' }, tf('pub_adopted', { date: day(r.adopted_on) })),
      h('span', { class: 'row' },
        h('a', { href: `#/public/sessions/${s.id}?vote=${r.poll_id}`, 'data-testid': 'resolution-vote' }, t('pub_see_vote')),
        r.document_url ? h('a', { href: r.document_url, target: '_blank', rel: 'noopener' }, t('pub_resolution_text')) : null))))
      : h('p', { class: 'hint' }, t('pub_no_resolutions')));
  const docsOf = (itemId) => documents.filter((d) => (itemId === null ? !itemIds.has(d.agenda_item_id) : d.agenda_item_id === itemId));
  const pollsOf = (itemId) => polls.filter((p) => (itemId === null ? !itemIds.has(p.agenda_item_id) : p.agenda_item_id === itemId));
  const itemBlock = (number, title, depth, itemId, testid) => {
    const docs = docsOf(itemId);
    const votes = pollsOf(itemId);
    return h('li', { class: `pub-item depth-${depth}`, 'data-testid': testid, dataset: itemId ? { item: itemId } : {} },
      h('h3', {}, number ? h('span', { class: 'num' }, `${number}. `) : null, title),
      docs.length ? h('ul', { class: 'pub-docs' }, docs.map(docLink)) : null,
      votes.length ? h('div', { class: 'pub-votes' }, votes.map((p) => voteCard(p, resOf.get(p.id)))) : null);
  };
  const general = docsOf(null);
  const other = pollsOf(null);
  frame(main, { councilId: council.id },
    crumbs(['#/public', t('public_archive')], [`#/public/councils/${council.id}`, council.name], [null, s.title]),
    h('h1', { 'data-testid': 'public-title' }, s.title),
    h('dl', { class: 'pub-facts' },
      h('div', {}, h('dt', {}, t('pub_when')), h('dd', { 'data-testid': 'session-dates' }, dates(s))),
      h('div', {}, h('dt', {}, t('pub_where')), h('dd', { 'data-testid': 'session-place' }, s.location || '—')),
      h('div', {}, h('dt', {}, t('status')), h('dd', {}, statusBadge(s), ' ', h('span', { class: 'badge' }, t('kind_' + s.kind))))),
    record, resList,
    general.length ? h('section', {}, h('h2', {}, t('pub_general_docs')), h('ul', { class: 'pub-docs' }, general.map(docLink))) : null,
    h('section', { 'data-testid': 'public-polls' }, h('h2', {}, t('pub_agenda_votes')),
      h('ol', { class: 'pub-agenda' }, agenda.map((i) => itemBlock(i.number, i.title, i.depth, i.id, 'public-item')),
        other.length ? itemBlock(null, t('pub_other_items'), 0, null, 'public-item-other') : null)));
  if (focusVote) {
    const el = main.querySelector(`#vote-${focusVote}`);
    if (el) { el.classList.add('target'); el.scrollIntoView({ block: 'start' }); }
  }
}

/** A poll's title with the words searched for marked; search ignores case and diacritics, so does the marking
 * (a document's snippet comes with its hits marked by the server: search.js snippetNodes). */
function marked(text, q) {
  const fold = (c) => c.replace(/[đĐ]/g, 'd').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const chars = Array.from(text);
  const folded = chars.map((c) => fold(c).slice(0, 1) || c).join('');
  const needle = fold(q).replace(/\s+/g, ' ').trim();
  const out = [];
  let at = 0;
  for (let i = folded.indexOf(needle); needle && i >= 0; i = folded.indexOf(needle, i + needle.length)) {
    out.push(chars.slice(at, i).join(''), h('mark', {}, chars.slice(i, i + needle.length).join('')));
    at = i + needle.length;
  }
  out.push(chars.slice(at).join(''));
  return out;
}

async function searchPage(main, params) {
  const councilId = Number(params.get('council'));
  const q = (params.get('q') || '').trim();
  const { council, sessions } = await get(`/api/public/councils/${councilId}/sessions`);
  const title = new Map(sessions.map((s) => [s.id, s.title]));
  let results = null;
  if (q.length >= 2) results = await get(`/api/public/search?council=${councilId}&q=${encodeURIComponent(q)}`);
  const found = results ? h('div', { 'data-testid': 'public-search-results', 'aria-live': 'polite' },
    h('h2', {}, tf('pub_results_for', { q })),
    !results.polls.length && !results.documents.length ? h('p', {}, t('pub_nothing')) : null,
    results.polls.length ? [h('h3', {}, t('pub_found_votes')), h('ul', { class: 'pub-list' }, results.polls.map((p) => h('li', { class: 'card pub-hit' },
      h('a', { href: `#/public/sessions/${p.session_id}?vote=${p.poll_id}`, 'data-testid': 'hit-vote' }, marked(p.title, q)),
      h('span', { class: 'hint small' }, title.get(p.session_id) || ''))))] : null,
    results.documents.length ? [h('h3', {}, t('pub_found_docs')), h('ul', { class: 'pub-list' }, results.documents.map((d) => h('li', { class: 'card pub-hit', 'data-testid': 'hit-document' },
      h('a', { href: `/api/public/documents/${d.document_id}/file#page=${d.page}`, target: '_blank', rel: 'noopener' }, d.title),
      h('span', { class: 'hint small' }, `${title.get(d.session_id) || ''} · ${tf('pub_page', { page: d.page })}`),
      d.snippet ? h('p', { class: 'snippet' }, snippetNodes(d.snippet)) : null)))] : null) : null;
  frame(main, { councilId },
    crumbs(['#/public', t('public_archive')], [`#/public/councils/${councilId}`, council.name], [null, t('pub_search')]),
    h('h1', {}, t('pub_search')), searchForm(councilId, q), found);
}

function recordTable(votes) {
  const row = (v) => h('tr', {},
    h('td', { 'data-label': t('pub_item') }, h('span', {}, v.item ? `${v.item.number}. ${v.item.title}` : t('pub_other_items'))),
    h('td', { 'data-label': t('pub_vote') }, h('a', { href: `#/public/sessions/${v.session_id}?vote=${v.poll_id}` }, v.title)),
    h('td', { 'data-label': t('pub_choice'), class: `ch-${v.choice}` }, h('span', { class: 'pub-choice', 'data-testid': 'delegate-choice' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[v.choice]), ` ${t('ans_' + v.choice)}`)),
    h('td', { 'data-label': t('pub_outcome') }, h('span', {}, v.passed == null ? '—' : v.passed ? t('pub_passed') : t('pub_failed'))));
  return h('table', { class: 'grid pub-table', 'data-testid': 'delegate-votes' },
    h('thead', {}, h('tr', {}, [t('pub_item'), t('pub_vote'), t('pub_choice'), t('pub_outcome')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, votes.map(row)));
}

async function delegatePage(main, id) {
  const { delegate, council, votes } = await get(`/api/public/delegates/${id}/votes`);
  const counts = Object.fromEntries(CHOICES.map((c) => [c, votes.filter((v) => v.choice === c).length]));
  const sessions = [...new Map(votes.map((v) => [v.session_id, { id: v.session_id, title: v.session, date: v.session_date }])).values()];
  const bySession = sessions.map((s) => h('section', { class: 'pub-record' },
    h('h2', {}, h('a', { href: `#/public/sessions/${s.id}` }, s.title), s.date ? h('span', { class: 'hint small' }, ` · ${day(s.date)}`) : null),
    recordTable(votes.filter((v) => v.session_id === s.id).sort((x, y) => x.poll_id - y.poll_id))));
  frame(main, { councilId: council?.id },
    crumbs(['#/public', t('public_archive')], council ? [`#/public/councils/${council.id}`, council.name] : null, [null, delegate.full_name]),
    h('h1', { 'data-testid': 'delegate-name' }, delegate.full_name), delegate.title ? h('p', { class: 'hint' }, delegate.title) : null,
    h('p', {}, t('pub_record_note')),
    h('ul', { class: 'pub-legend pub-summary', 'data-testid': 'delegate-summary' }, CHOICES.map((c) => h('li', { class: `ch-${c}` },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[c]), ` ${t('ans_' + c)}: ${counts[c]}`))),
    votes.length ? bySession : h('p', {}, t('pub_no_votes')));
}

const PET_FILTERS = ['area', 'field', 'status'];
const petitionsHref = (councilId, f, page = 1) => `#/public/petitions?${new URLSearchParams(
  Object.entries({ council: councilId, ...f, page: page > 1 ? page : '' }).filter(([, v]) => v))}`;

/** The council's voter petitions by area, field and status: trace code, what is asked, status, agency. */
async function petitionsPage(main, params) {
  const councilId = Number(params.get('council'));
  const f = Object.fromEntries(PET_FILTERS.map((k) => [k, params.get(k) || '']));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = new URLSearchParams(Object.entries({ ...f, page }).filter(([, v]) => v));
  const data = await get(`/api/public/councils/${councilId}/petitions?${query}`);
  const { council } = data;
  const pages = Math.max(1, Math.ceil(data.total / data.page_size));
  const choice = (name, label, all, values) => h('div', { class: 'field' }, h('label', { for: `pub-pet-${name}` }, label),
    h('select', { id: `pub-pet-${name}`, name, 'data-testid': `public-petitions-${name}` },
      h('option', { value: '' }, all), values.map(([v, text]) => h('option', { value: v, selected: v === f[name] }, text))));
  const form = h('form', { class: 'pub-pet-filters', 'aria-label': t('pub_pet_filter'), onsubmit: (e) => {
    e.preventDefault();
    location.hash = petitionsHref(councilId, Object.fromEntries(PET_FILTERS.map((k) => [k, form.elements[k].value])));
  } },
  choice('area', t('kn_area'), t('pub_pet_all_areas'), data.areas.map((a) => [a, a])),
  choice('field', t('kn_field'), t('pub_pet_all_fields'), FIELDS.map((v) => [v, t(`pf_${v}`)])),
  choice('status', t('status'), t('pub_pet_all_statuses'), STATUSES.map((v) => [v, t(`ps_${v}`)])),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'public-petitions-filter' }, t('pub_pet_filter')));
  const item = (c) => h('li', { class: 'card pub-pet', 'data-testid': 'public-petition' },
    h('div', { class: 'pub-pet-head' },
      h('a', { class: 'pub-pet-code mono', href: `#/public/petition?code=${encodeURIComponent(c.code)}`, 'data-testid': 'public-petition-code' }, c.code),
      h('span', { class: `badge kn-st kn-st-${c.status}` }, t(`ps_${c.status}`))),
    h('p', { class: 'pub-pet-summary' }, c.summary),
    h('p', { class: 'hint small' }, [t(`pf_${c.field}`), c.area, c.agency].filter(Boolean).join(' · ')));
  const pager = pages > 1 ? h('nav', { class: 'row pub-pet-pager', 'aria-label': tf('kn_page_of', { page, pages }) },
    page > 1 ? h('a', { class: 'button', href: petitionsHref(councilId, f, page - 1) }, `‹ ${t('prev_page')}`) : null,
    h('span', {}, tf('kn_page_of', { page, pages })),
    page < pages ? h('a', { class: 'button', href: petitionsHref(councilId, f, page + 1) }, `${t('next_page')} ›`) : null) : null;
  frame(main, { councilId },
    crumbs(['#/public', t('public_archive')], [`#/public/councils/${councilId}`, council.name], [null, t('pub_petitions')]),
    h('h1', {}, t('pub_petitions')), h('p', { class: 'hint' }, t('pub_petitions_intro')), form,
    h('p', { class: 'meta', 'data-testid': 'public-petitions-total', 'aria-live': 'polite' }, tf('kn_total', { n: data.total })),
    data.cases.length ? h('ul', { class: 'pub-list', 'data-testid': 'public-petitions' }, data.cases.map(item))
      : h('p', {}, t('pub_pet_none')),
    pager);
}

/** The questions the council published — who asked whom, the answer (live or written, late ones marked) — and the
 * commitments of the officials questioned, each open, overdue or done. */
async function questionsPage(main, councilId) {
  const { council, slips, commitments } = await get(`/api/public/councils/${councilId}/questions`);
  const official = (o) => `${o.full_name}${o.agency.name ? ` (${o.agency.name})` : ''}`;
  const answer = (a) => (!a ? h('p', { class: 'hint' }, t('pub_unanswered'))
    : h('div', { class: 'pub-answer' }, h('strong', {}, a.mode === 'live' ? t('qv_answer_live') : t('qv_answer_written')),
      h('span', { class: 'hint small' }, ` · ${moment(a.at)}`), a.late ? h('span', { class: 'badge warn', 'data-testid': 'public-late' }, ` ${t('qv_late')}`) : null,
      a.text ? h('p', {}, a.text) : null));
  const slip = (x) => h('li', { class: 'card pub-slip', 'data-testid': 'public-slip' },
    h('p', { class: 'hint small' }, `${t('qv_author')}: ${x.author.full_name} · ${t('qv_to')}: ${official(x.official)} · ${moment(x.created_at)}`),
    h('p', { class: 'pub-slip-text' }, x.text), answer(x.answer));
  const promise = (c) => h('li', { class: 'card pub-commitment', 'data-testid': 'public-commitment', dataset: { status: c.status } },
    h('div', { class: 'row' }, h('strong', {}, official(c.official)), h('span', { class: `badge qc-${c.status}` }, t(`qc_${c.status}`))),
    h('p', {}, c.text),
    h('p', { class: 'hint small' }, [tf('qv_deadline_of', { date: day(c.deadline) }), c.done_on ? tf('qv_done_on', { date: day(c.done_on) }) : '',
      c.progress ? `${t('qv_progress')}: ${c.progress}` : ''].filter(Boolean).join(' · ')));
  frame(main, { councilId },
    crumbs(['#/public', t('public_archive')], [`#/public/councils/${councilId}`, council.name], [null, t('pub_questions')]),
    h('h1', {}, t('pub_questions')), h('p', { class: 'hint' }, t('pub_questions_intro')),
    !slips.length && !commitments.length ? h('p', {}, t('pub_questions_none')) : null,
    slips.length ? h('section', {}, h('h2', {}, t('pub_slips')), h('ul', { class: 'pub-list', 'data-testid': 'public-slips' }, slips.map(slip))) : null,
    commitments.length ? h('section', {}, h('h2', {}, t('pub_commitments')),
      h('ul', { class: 'pub-list', 'data-testid': 'public-commitments' }, commitments.map(promise))) : null);
}

/** `hash`: the whole location hash (#/public…). Errors (a session not public: 404) are shown in the frame. */
export async function publicView(main, hash) {
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const m = path.match(/^#\/public(?:\/(councils|c|sessions|s|delegates|search|petition|petitions|questions)(?:\/(\d+))?)?\/?$/);
  const [kind, id] = m ? [m[1], m[2] && Number(m[2])] : [null, null];
  try {
    if ((kind === 'sessions' || kind === 's') && id) await sessionPage(main, id, Number(params.get('vote')) || null);
    else if ((kind === 'councils' || kind === 'c') && id) await councilPage(main, id);
    else if (kind === 'delegates' && id) await delegatePage(main, id);
    else if (kind === 'search' && params.get('council')) await searchPage(main, params);
    else if (kind === 'petition') await petitionPage(main, params, { frame, crumbs });
    else if (kind === 'petitions' && params.get('council')) await petitionsPage(main, params);
    else if (kind === 'questions' && params.get('council')) await questionsPage(main, Number(params.get('council')));
    else await councilsPage(main);
    if (!params.get('vote')) window.scrollTo(0, 0);
  } catch (err) {
    frame(main, {}, h('p', { class: 'error', 'data-testid': 'public-error' }, errorText(err)), h('p', {}, h('a', { href: '#/public' }, t('public_archive'))));
  }
}
