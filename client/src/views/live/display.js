// The hall display: a 16:9 screen read from the back row, 15 m away. Fixed regions — a header (council,
// session, clock), one main region showing the one thing that matters now, a footer (attendance,
// connection) — and it never scrolls: long titles are drawn smaller, long lists turn their own pages.
import '../../styles/display.css';
import { h, mount } from '../../dom.js';
import { lang, percent, t, tf } from '../../i18n.js';
import { serverNow } from '../../clock.js';
import { countdown, kindLabel } from '../voting.js';
import { speakerTimer } from '../speaking.js';
import { currentItem, withDetails } from './shared.js';

const RESULT_SHOWN_MS = 10 * 60 * 1000; // a result stays 10 minutes (a secret poll's: from its count)
const PAGE_MS = 8000; // a list longer than the screen turns a page this often

export function display(el, live) {
  const pages = { key: null, index: 0, turn: null };
  let expiry = null;
  const timer = setInterval(() => {
    if (!el.isConnected) { clearInterval(timer); return; }
    pages.turn?.();
  }, PAGE_MS);
  const render = (s) => {
    clearTimeout(expiry);
    pages.turn = null;
    const shown = resultToShow(s, () => render(live.state));
    if (shown) expiry = setTimeout(() => render(live.state), shown.until - serverNow() + 50);
    const screen = mainScreen(s, live, shown?.poll, pages);
    const closed = s.status === 'closed';
    mount(el, frame(s.council.name, s.session.title, screen,
      !closed && !s.paused && s.message ? h('div', { class: 'hall-banner', role: 'status', 'data-testid': 'message' }, s.message) : null,
      h('footer', { class: 'hall-foot' }, closed ? h('span') : quorum(s.attendance), connection(live.connected))));
    layout(el);
  };
  const onResize = () => {
    if (!el.isConnected) window.removeEventListener('resize', onResize);
    else layout(el);
  };
  window.addEventListener('resize', onResize);
  return render;
}

/** The calm screen of a display with no session to show: the council and the time. */
export function waitingScreen(councilName) {
  const screen = { cls: 'st-waiting', body: [h('div', { class: 'big-clock fig' }, clockText()),
    h('div', { class: 'big-date' }, dateText(new Date(serverNow()))),
    h('div', { class: 'calm', 'data-testid': 'hall-waiting' }, t('hall_no_session'))] };
  const box = frame(councilName, '', screen, null, h('footer', { class: 'hall-foot' }));
  const tick = setInterval(() => {
    if (!box.isConnected) { clearInterval(tick); return; }
    box.querySelector('.big-clock').textContent = clockText();
  }, 1000);
  return box;
}

function frame(council, title, screen, banner, footer) {
  return h('div', { class: `hall ${screen.cls}`, 'data-testid': 'hall' },
    h('header', { class: 'hall-head' },
      h('div', { class: 'hall-id' }, h('div', { class: 'council' }, council),
        title ? h('div', { class: 'session' }, title) : null),
      clock()),
    h('section', { class: 'hall-main' }, screen.body),
    banner, footer);
}

// ---- what the main region shows, by priority: the end, a pause, a vote, its count, a speaker, a result,
// the current item
function mainScreen(s, live, result, pages) {
  if (s.status === 'closed') return endScreen(s);
  if (s.paused) return { cls: 'st-paused', body: [h('div', { class: 'paused-word fig', 'data-testid': 'display-paused' }, t('paused')),
    s.message ? h('div', { class: 'paused-message', 'data-testid': 'message' }, s.message) : null] };
  const poll = s.poll;
  if (poll?.status === 'open') return pollScreen(poll);
  if (poll?.status === 'counting') return countingScreen(poll);
  if (s.speaking?.current) return speakerScreen(s, live);
  if (result) return resultScreen(result, pages);
  if (s.status !== 'in_progress') return beforeScreen(s);
  return itemScreen(s);
}

function beforeScreen(s) {
  const where = [sessionDates(s.session), s.session.location].filter(Boolean).join(' · ');
  return { cls: 'st-before', body: [
    h('div', { class: 'headline fig', 'data-testid': 'display-item' }, t('not_started')),
    h('div', { class: 'title-line' }, s.session.title),
    where ? h('div', { class: 'sub-line' }, where) : null] };
}

function itemScreen(s) {
  const item = currentItem(s);
  return { cls: 'st-item', body: [
    h('div', { class: 'label' }, t('current_item')),
    h('div', { class: 'item-title fig', 'data-testid': 'display-item' }, item ? `${item.number}. ${item.title}` : ''),
    item ? h('div', { class: 'sub-line' }, [t('ik_' + item.kind), item.presenter].filter(Boolean).join(' · ')) : null,
    nextStrip(s)] };
}

/** The confidence rating is headed as what it is; the other kinds by kindLabel. */
function pollKind(poll) {
  return poll.kind === 'confidence' ? t('pk_confidence') : kindLabel(poll);
}

function pollHead(poll) {
  return [h('div', { class: 'label' }, pollKind(poll)), h('div', { class: 'poll-title' }, poll.title)];
}

function pollScreen(poll) {
  const cast = poll.progress?.cast ?? 0;
  const of = poll.progress?.entitled ?? poll.present;
  return { cls: 'st-poll', body: h('div', { class: 'poll-box', 'data-testid': 'display-poll' }, pollHead(poll),
    h('div', { class: 'poll-figures' },
      h('div', { class: 'figure-box' }, h('div', { class: 'label' }, t('hall_time_left')), h('div', { class: 'countdown-box fig' }, countdown(poll))),
      h('div', { class: 'figure-box' }, h('div', { class: 'label' }, t('voted')),
        h('div', { class: 'progress-fig fig', 'data-testid': 'display-progress' }, h('span', { class: 'sr' }, `${t('voted')}: `), `${cast}/${of}`,
          h('span', { class: 'unit' }, t('delegates')))))) };
}

function countingScreen(poll) {
  return { cls: 'st-counting', body: h('div', { class: 'poll-box', 'data-testid': 'display-poll' }, pollHead(poll),
    h('div', { class: 'headline fig' }, t('ps_counting')),
    h('div', { class: 'sub-line', 'data-testid': 'display-counting' }, tf('count_progress', poll.counting))) };
}

function speakerScreen(s, live) {
  const sp = s.speaking.current;
  const item = currentItem(s);
  return { cls: 'st-speaker', body: [
    item ? h('div', { class: 'context' }, `${item.number}. ${item.title}`) : null,
    h('div', { class: 'speaker-box', 'data-testid': 'current-speaker' },
      h('div', { class: 'who-box' },
        h('div', { class: 'label' }, t('sk_' + sp.kind)),
        h('div', { class: 'speaker-name fig', 'data-testid': 'speaker-name' }, sp.full_name),
        h('div', { class: 'sub-line' }, [sp.title, sp.constituency].filter(Boolean).join(' · ')),
        sp.addressee ? h('div', { class: 'addressee' }, `→ ${sp.addressee}`, sp.subject ? h('span', { class: 'subject' }, `: ${sp.subject}`) : null) : null),
      h('div', { class: 'timer-box' }, speakerTimer(sp, live))),
    nextStrip(s)] };
}

function nextStrip(s) {
  const q = s.speaking?.queue || [];
  if (!q.length) return null;
  return h('div', { class: 'next-strip' }, h('span', { class: 'label' }, t('next_up')),
    h('ol', { class: 'next-speakers', 'data-testid': 'next-speakers' }, q.slice(0, 3).map((r, i) => h('li', {},
      h('span', { class: 'pos' }, `${i + 1}.`), h('span', { class: 'n' }, r.full_name), h('span', { class: 'meta' }, ` · ${t('rk_' + r.kind)}`)))),
    q.length > 3 ? h('span', { class: 'more' }, `+${q.length - 3}`) : null);
}

function endScreen(s) {
  const seal = s.sealed_hash || s.session.sealed_hash;
  return { cls: 'st-closed', body: [
    h('div', { class: 'headline fig', 'data-testid': 'display-end' }, t('ended')),
    h('div', { class: 'title-line' }, s.session.title),
    h('div', { class: 'sub-line' }, [sessionDates(s.session), s.session.location].filter(Boolean).join(' · ')),
    seal ? h('div', { class: 'seal' }, `${t('sealed')}: `, h('code', { 'data-testid': 'display-seal', title: seal },
      `${seal.slice(0, 16).match(/.{4}/g).join(' ')} …`)) : null] };
}

// ---- results, in the National Assembly's manner: a line per answer, "Tán thành 28/50 đại biểu (56,00%)",
// with its bar; the verdict large; how each delegate voted (open votes) with a legend.
function resultToShow(s, rerender) {
  const p = s.poll;
  if (!p || p.status !== 'closed' || !p.result || !p.closed_at) return null;
  const until = Date.parse(p.counted_at || p.closed_at) + RESULT_SHOWN_MS;
  return until > serverNow() ? { poll: withDetails(p, rerender), until } : null;
}

function bar(parts, base) {
  const track = h('div', { class: 'bar' });
  for (const [cls, count] of parts) {
    const fill = h('span', { class: `fill ${cls}` });
    fill.style.width = `${base > 0 ? (100 * count) / base : 0}%`; // CSSOM: allowed by the CSP
    track.append(fill);
  }
  return track;
}

function resultScreen(poll, pages) {
  const r = poll.result;
  const head = pollHead(poll);
  if (poll.kind === 'election') return electionResult(poll, r, head, pages);
  if (poll.kind === 'confidence') return confidenceResult(poll, r, head, pages);
  const rows = [['for', r.answers.for.count, t('ans_for')], ['against', r.answers.against.count, t('ans_against')],
    ['abstain', r.answers.abstain.count, t('ans_abstain')]];
  if (poll.rule?.base !== 'cast') rows.push(['none', Math.max(0, r.base - r.cast), t('ans_did_not_vote')]);
  const lines = h('div', { class: 'bars' }, rows.map(([key, count, label]) => [
    h('div', { class: `bar-label a-${key}` }, label),
    bar([[`a-${key}`, count]], r.base),
    h('div', { class: 'bar-fig fig' }, h('strong', { 'data-testid': `result-${key}` }, `${count}/${r.base}`),
      ` ${t('delegates')} (${percent(count, r.base)})`)]));
  const verdict = h('div', { class: 'verdict-line' },
    h('div', { class: `verdict fig ${r.passed ? 'passed' : 'failed'}`, 'data-testid': 'verdict' }, r.passed ? t('passed') : t('failed')),
    h('div', { class: 'rule' }, lang === 'en' ? r.rule[1] : r.rule[0]));
  const named = r.named ? namedList(poll, r.named, pages) : null;
  // with the names, the verdict stands beside the title: the names get the room of a line of figures
  return { cls: `st-result ${named ? 'with-named' : ''}`, body: h('div', { class: 'result-box', 'data-testid': 'result' },
    named ? h('div', { class: 'result-head' }, h('div', {}, head), verdict) : head, lines, named ? null : verdict, named) };
}

const MARKS = { for: '✓', against: '✗', abstain: '○', did_not_vote: '–' };
const NAMED_LABEL = { for: 'ans_for', against: 'ans_against', abstain: 'ans_abstain', did_not_vote: 'ans_did_not_vote', absent: 'absent' };

function mark(choice) {
  return h('span', { class: `mark ch-${choice}`, 'aria-hidden': 'true' }, MARKS[choice] ?? t('hall_absent_mark'));
}

function namedList(poll, named, pages) {
  const counts = {};
  for (const n of named) counts[n.choice] = (counts[n.choice] || 0) + 1;
  const pager = h('span', { class: 'pager' });
  const legend = h('div', { class: 'legend', 'data-testid': 'named-legend' },
    Object.keys(NAMED_LABEL).filter((c) => counts[c]).map((c) => h('span', { class: 'key' }, mark(c), `${t(NAMED_LABEL[c])} (${counts[c]})`)),
    pager);
  const items = named.map((n) => h('li', { class: `ch-${n.choice}`, title: t(NAMED_LABEL[n.choice]) }, mark(n.choice),
    h('span', { class: 'name' }, n.full_name)));
  return h('div', { class: 'named-box' }, h('div', { class: 'label' }, t('named_list')), legend,
    paged(h('ol', { class: 'named-grid', 'data-testid': 'named-list' }), items, pager, pages, `named:${poll.id}`));
}

function electionResult(poll, r, head, pages) {
  const byOption = new Map(r.candidates.map((c) => [c.option_id, c]));
  const pager = h('span', { class: 'pager' });
  const rows = poll.options.map((o) => {
    const c = byOption.get(o.id);
    const tied = r.tied.includes(o.id);
    return h('li', { class: c.elected ? 'elected' : tied ? 'tied' : '' },
      h('span', { class: 'cand' }, o.label), bar([['a-for', c.count]], r.total),
      h('span', { class: 'bar-fig' }, h('strong', {}, `${c.count}/${r.total}`), ` (${percent(c.count, r.total)})`),
      h('span', { class: 'outcome' }, c.elected ? `✓ ${t('elected')}` : tied ? t('tie') : ''));
  });
  return { cls: 'st-result', body: h('div', { class: 'result-box', 'data-testid': 'result' }, head,
    h('div', { class: 'list-head' }, h('span', {}, `${tf('seats_elected', { seats: r.seats ?? poll.seats ?? 1, elected: r.elected?.length ?? 0 })} · ${t('election_rule')}`), pager),
    paged(h('ol', { class: 'rows election' }), rows, pager, pages, `election:${poll.id}`),
    r.new_round_needed ? h('div', { class: 'verdict-note' }, r.tie ? t('tie') : t('new_round')) : null) };
}

function confidenceResult(poll, r, head, pages) {
  const levels = ['high', 'medium', 'low'];
  const pager = h('span', { class: 'pager' });
  const rows = poll.options.map((o) => {
    const p = r.people.find((x) => x.option_id === o.id);
    const flag = p.low_two_thirds ? t('low_two_thirds') : p.low_over_half ? t('low_over_half') : '';
    return h('li', { class: p.low_two_thirds ? 'low-2-3' : p.low_over_half ? 'low-1-2' : '' },
      h('span', { class: 'cand' }, o.label, flag ? h('span', { class: 'flag' }, `⚑ ${flag}`) : null),
      bar(levels.map((k) => [`r-${k}`, p[k].count]), r.total),
      levels.map((k) => h('span', { class: `lvl r-${k}` }, h('strong', {}, p[k].count), ` (${percent(p[k].count, r.total)})`)));
  });
  return { cls: 'st-result', body: h('div', { class: 'result-box', 'data-testid': 'result' }, head,
    h('div', { class: 'list-head confidence' }, h('span', {}, `${t('total')}: ${r.total}`),
      levels.map((k) => h('span', { class: `lvl-head r-${k}` }, h('span', { class: 'swatch' }), t('rate_' + k))), pager),
    paged(h('ol', { class: 'rows confidence' }, []), rows, pager, pages, `confidence:${poll.id}`)) };
}

/** A list that shows what fits its box and turns its pages by itself: its capacity is measured once the
 * screen is laid out (layout() calls `fill`), and the display's timer turns the page. */
function paged(list, items, pager, pages, key) {
  if (pages.key !== key) Object.assign(pages, { key, index: 0 });
  list.classList.add('paged');
  list.fill = () => {
    mount(list, items);
    const room = list.clientHeight;
    let per = items.findIndex((it) => it.offsetTop - list.offsetTop + it.offsetHeight > room + 1);
    per = per < 0 ? items.length : Math.max(1, per);
    const count = Math.ceil(items.length / per);
    per = Math.ceil(items.length / count); // pages as even as they go: 25 + 25, not 35 + 15
    const show = () => {
      pages.index %= count;
      mount(list, items.slice(pages.index * per, (pages.index + 1) * per));
      pager.textContent = count > 1 ? tf('hall_page', { n: pages.index + 1, of: count }) : '';
    };
    pages.turn = count > 1 ? () => { if (list.isConnected) { pages.index += 1; show(); } } : null;
    show();
  };
  return list;
}

// ---- the pieces around
function quorum(a) {
  return h('div', { class: `hall-quorum ${a.quorum_met ? 'met' : 'unmet'}`, 'data-testid': 'quorum' },
    h('span', { class: 'q-fig fig' }, `${t('present')} `, h('strong', { 'data-testid': 'present-count' }, a.present), `/${a.total} ${t('delegates')}`),
    h('span', { class: 'q-note' }, a.quorum_met ? `✓ ${t('quorum_met')}` : `${t('quorum_not_met')} (${tf('hall_need', { n: a.required })})`));
}

function connection(on) {
  return h('span', { class: `hall-conn ${on ? 'on' : 'off'}`, 'data-testid': 'conn' },
    on ? h('span', { class: 'dot', title: t('online'), 'aria-label': t('online') }, '●') : t('offline'));
}

const pad = (n) => String(n).padStart(2, '0');
const clockText = () => { const d = new Date(serverNow()); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; };

function dateText(d) {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

function isoDate(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function sessionDates(session) {
  if (!session.start_date) return '';
  return session.end_date && session.end_date !== session.start_date
    ? `${isoDate(session.start_date)} – ${isoDate(session.end_date)}` : isoDate(session.start_date);
}

function clock() {
  const time = h('div', { class: 'time', 'data-testid': 'hall-clock' }, clockText());
  const date = h('div', { class: 'date' }, dateText(new Date(serverNow())));
  const tick = setInterval(() => {
    if (!time.isConnected) { clearInterval(tick); return; }
    time.textContent = clockText();
    date.textContent = dateText(new Date(serverNow()));
  }, 1000);
  return h('div', { class: 'hall-clock' }, time, date);
}

// ---- fitting: each region is a fixed box; what does not fit in it is drawn smaller, step by step, down to
// a floor that stays readable (CSS: max(floor, size × --fit)); then lists measure what fits and page.
function layout(el) {
  const hall = el.firstChild;
  if (!hall) return;
  for (const region of hall.querySelectorAll('.hall-head, .hall-main, .hall-banner')) {
    region.querySelectorAll('.paged').forEach((l) => mount(l));
    region.style.removeProperty('--fit');
    for (let f = 1; overflows(region) && f > 0.4;) {
      f = Math.round((f - 0.05) * 100) / 100;
      region.style.setProperty('--fit', String(f));
    }
  }
  hall.querySelectorAll('.paged').forEach((l) => l.fill());
}

const overflows = (el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
