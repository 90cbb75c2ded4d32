import { api, del, get, patch, post, put } from '../api.js';
import { formData, h, mount } from '../dom.js';
import { moment, t, tf } from '../i18n.js';
import { can } from '../me.js';
import { flash, showError } from '../notify.js';
import { ask } from '../confirm.js';
import { resultBoard } from './voting.js';
import { documentsEditor, labelled, signaturesInfo } from './documents.js';
import { receiptsPanel } from './receipts.js';
import { searchBox } from './search.js';
import '../styles/session-page.css';

const KINDS = ['regular', 'thematic', 'extraordinary'];
export const MEETING_KINDS = ['standing', 'explanation', 'committee', 'giao_ban']; // server/sessions/models.py: a conclusion notice each
const ITEM_KINDS = ['procedural', 'report', 'submission', 'discussion_group', 'discussion_plenary', 'questioning', 'explanation', 'voting'];
const isStaff = () => can('sessions.manage');

function dateVi(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const GROUP_OF = { standing: 'standing', explanation: 'standing', giao_ban: 'standing', committee: 'committee' }; // server/sessions/rules.py

function sessionForm(onDone) {
  let groups = [];
  const group = h('select', { name: 'group_id', 'data-testid': 'meeting-group' });
  const groupRow = h('label', { hidden: true }, t('meeting_group'), group);
  const kind = h('select', { name: 'kind', 'data-testid': 'session-kind', onchange: () => showGroups() },
    h('optgroup', { label: t('kinds_plenary') }, KINDS.map((k) => h('option', { value: k }, t('kind_' + k)))),
    h('optgroup', { label: t('kinds_meeting') }, MEETING_KINDS.map((k) => h('option', { value: k }, t('kind_' + k)))));
  const hint = h('p', { class: 'hint', hidden: true }, t('no_group_of_kind'));
  function showGroups() {
    const needed = GROUP_OF[kind.value];
    const fit = groups.filter((g) => g.kind === needed);
    groupRow.hidden = !needed;
    hint.hidden = !needed || fit.length > 0;
    mount(group, fit.map((g) => h('option', { value: g.id }, g.name)));
  }
  get('/api/council').then((c) => { groups = c.groups || []; showGroups(); }).catch(showError);
  const form = h('form', { class: 'card form-grid', onsubmit: async (e) => {
    e.preventDefault();
    const d = formData(form);
    const body = { ...d, number: d.number ? Number(d.number) : null, group_id: GROUP_OF[d.kind] ? Number(d.group_id) || null : null };
    try {
      const { session } = await post('/api/sessions', body);
      location.hash = `#/sessions/${session.id}`;
    } catch (err) { showError(err); }
  } },
  h('label', {}, t('number'), h('input', { name: 'number', type: 'number', min: 1, max: 999, placeholder: t('number_auto') })),
  h('label', {}, t('kind'), kind),
  groupRow, hint,
  h('label', { class: 'wide' }, t('session_title'), h('input', { name: 'title', required: true, maxlength: 300 })),
  h('label', {}, t('start_date'), h('input', { name: 'start_date', type: 'date', required: true })),
  h('label', {}, t('end_date'), h('input', { name: 'end_date', type: 'date', required: true })),
  h('label', { class: 'wide' }, t('location'), h('input', { name: 'location', maxlength: 200 })),
  h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, t('create')),
    h('button', { type: 'button', onclick: onDone }, t('cancel'))));
  return form;
}

// Who is invited to a session or meeting (server/sessions/invitations.py): the council's officials; at a giao ban
// also another council's standing committee, whole. Invitees never vote and are never counted.
function inviteesPanel(sessionId, closed) {
  const box = h('div', { class: 'invitees', 'data-testid': 'invitees' });
  async function load() {
    try {
      const { invitees, invitable } = await get(`/api/sessions/${sessionId}/invitees`);
      const act = (fn) => async () => { try { await fn(); flash(t('saved'), 'info'); await load(); } catch (err) { showError(err); } };
      const official = h('select', { 'data-testid': 'invite-official' }, invitable.officials
        .filter((o) => !invitees.some((i) => i.user_id === o.user_id))
        .map((o) => h('option', { value: o.user_id }, `${o.full_name}${o.agency ? ` — ${o.agency}` : ''}`)));
      const council = h('select', { 'data-testid': 'invite-council' }, invitable.councils.map((c) => h('option', { value: c.id }, c.name)));
      mount(box,
        h('p', { class: 'hint' }, t('invitees_note')),
        invitees.length ? h('ul', { class: 'plain', 'data-testid': 'invitee-list' }, invitees.map((i) => h('li', {},
          h('strong', {}, i.full_name), h('span', { class: 'meta' }, ` · ${i.official ? `${t('invitee_official')}${i.agency ? ` — ${i.agency}` : ''}` : i.council}`),
          closed ? null : [' ', h('button', { class: 'small', onclick: act(() => del(`/api/sessions/${sessionId}/invitees/${i.user_id}`)) }, t('uninvite'))])))
          : h('p', { class: 'hint' }, t('invitees_none')),
        closed ? null : h('div', { class: 'row' },
          invitable.officials.length ? h('label', {}, t('invite_official'), official,
            h('button', { type: 'button', disabled: !official.options.length,
              onclick: act(() => post(`/api/sessions/${sessionId}/invitees`, { user_id: Number(official.value) })) }, t('invite_button'))) : null,
          invitable.councils.length ? h('label', {}, t('invite_council'), council,
            h('button', { type: 'button', 'data-testid': 'invite-council-button',
              onclick: act(() => post(`/api/sessions/${sessionId}/invitees`, { council_id: Number(council.value) })) }, t('invite_button'))) : null));
    } catch (err) { showError(err); }
  }
  load();
  return box;
}

export async function sessionsView(main, ctx) {
  const { sessions } = await get('/api/sessions');
  const editor = h('div');
  mount(main, h('h2', {}, t('sessions')),
    isStaff() ? h('div', { class: 'toolbar' }, h('button', { class: 'primary', onclick: () => mount(editor, sessionForm(() => mount(editor))) }, t('new_session'))) : null,
    editor,
    sessions.length ? h('ul', { class: 'session-list' }, sessions.map((s) => h('li', { class: 'card' },
      h('a', { href: isStaff() && !s.invited ? `#/sessions/${s.id}` : `#/live/${s.id}`, class: 'session-link', 'data-testid': 'session-link' },
        h('strong', {}, s.title),
        h('span', { class: 'meta' }, `${dateVi(s.start_date)} – ${dateVi(s.end_date)} · ${t('kind_' + s.kind)} · `, h('span', { class: `badge st-${s.status}` }, t('st_' + s.status)),
          s.invited ? h('span', { class: 'badge', 'data-testid': 'invited' }, ` ${t('invited_meeting')} · ${s.council}`) : null)),
      h('div', { class: 'session-actions' },
        s.status !== 'draft' ? h('a', { class: 'button', href: `#/docs/${s.id}`, 'data-testid': 'session-library' }, t('library')) : null,
        h('a', { class: 'button primary', href: `#/live/${s.id}` }, can('session.control') && !s.invited ? t('console') : t('live')))))) : h('p', {}, t('no_sessions')));
}

function siblingsOf(agenda, item) {
  return agenda.filter((i) => i.parent_id === item.parent_id);
}

const field = labelled;

function sittingsPanel(sessionId, session, sittings, editable, refresh) {
  const part = (p) => t(p === 'morning' ? 'part_morning' : 'part_afternoon');
  const list = sittings.length
    ? h('ol', { class: 'sittings', 'data-testid': 'sittings' }, sittings.map((st) => h('li', { class: 'tag' },
      `${dateVi(st.date)} · ${part(st.part)}${st.title ? ` — ${st.title}` : ''}`)))
    : h('p', { class: 'hint' }, '—');
  if (!editable) return h('div', { class: 'sittings-box' }, h('h3', {}, t('sittings')), list);
  const date = h('input', { type: 'date', name: 'date', required: true, min: session.start_date, max: session.end_date, value: session.start_date });
  const partSel = h('select', { name: 'part' }, ['morning', 'afternoon'].map((p) => h('option', { value: p }, part(p))));
  const title = h('input', { name: 'title', maxlength: 300 });
  const form = h('form', { class: 'inline-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await post(`/api/sessions/${sessionId}/sittings`, { date: date.value, part: partSel.value, title: title.value });
      await refresh();
    } catch (err) { showError(err); }
  } }, field(t('sitting_date'), date), field(t('part'), partSel), field(t('sitting_title'), title, 'grow'),
  h('button', { type: 'submit' }, t('add_sitting')));
  return h('div', { class: 'sittings-box' }, h('h3', {}, t('sittings')), list, form);
}

function agendaEditor(sessionId, agenda, sittings, editable, refresh) {
  const act = (fn) => async () => { try { await fn(); await refresh(); } catch (err) { showError(err); } };
  const move = (item, parent_id, index) => post(`/api/agenda/${item.id}/move`, { parent_id, index });
  const itemForm = (parent_id, item) => {
    const title = h('input', { name: 'title', required: true, maxlength: 500, value: item?.title || '' });
    const kind = h('select', { name: 'kind' }, ITEM_KINDS.map((k) => h('option', { value: k, selected: item?.kind === k }, t('ik_' + k))));
    const mins = h('input', { name: 'planned_minutes', type: 'number', min: 0, max: 1440, value: item?.planned_minutes ?? '' });
    const presenter = h('input', { name: 'presenter', maxlength: 200, value: item?.presenter || '' });
    const sitting = sittings.length ? h('select', { name: 'sitting_id' }, h('option', { value: '' }, t('no_sitting')),
      sittings.map((st) => h('option', { value: st.id, selected: item?.sitting_id === st.id },
        `${dateVi(st.date)} · ${t(st.part === 'morning' ? 'part_morning' : 'part_afternoon')}`))) : null;
    const form = h('form', { class: 'item-form', onsubmit: async (e) => {
      e.preventDefault();
      const body = { title: title.value, kind: kind.value, planned_minutes: Number(mins.value || 0), presenter: presenter.value };
      if (sitting) body.sitting_id = sitting.value ? Number(sitting.value) : null;
      try {
        if (item) await patch(`/api/agenda/${item.id}`, body);
        else await post(`/api/sessions/${sessionId}/agenda`, { ...body, parent_id });
        await refresh();
      } catch (err) { showError(err); }
    } },
    field(t('item_title'), title, 'grow'), field(t('item_kind'), kind), field(t('planned_minutes_label'), mins),
    field(t('presenter'), presenter), sitting ? field(t('sittings'), sitting) : null,
    h('div', { class: 'row form-actions' }, h('button', { class: 'primary', type: 'submit' }, item ? t('save') : t('add')),
      item || parent_id ? h('button', { type: 'button', onclick: refresh }, t('cancel')) : null));
    return form;
  };
  // one editing form or confirmation open at a time, under its row
  let open = null;
  const under = (row, el) => {
    open?.remove();
    open = h('li', { class: 'agenda-form' }, el);
    row.after(open);
    open.querySelector('input, button')?.focus({ preventScroll: true });
  };
  const rows = agenda.map((item) => {
    const sibs = siblingsOf(agenda, item);
    const idx = sibs.indexOf(item);
    const kids = agenda.filter((i) => i.number.startsWith(`${item.number}.`)).length;
    const menu = h('details', { class: 'more' });
    const pick = (fn) => () => { menu.open = false; fn(); };
    const remove = async () => {
      if (await ask({ title: tf('sure_delete_item', { title: item.title }), danger: true, ok: t('delete_item'),
        text: [kids ? tf('sure_delete_children', { n: kids }) : '', t('cannot_undo')].filter(Boolean).join(' ') })) {
        await act(() => del(`/api/agenda/${item.id}`))();
      }
    };
    mount(menu, h('summary', { 'aria-label': t('more_actions'), title: t('more_actions'), 'data-testid': 'row-more' }, '…'),
      h('div', { class: 'more-menu', role: 'menu' },
        h('button', { role: 'menuitem', disabled: idx === 0, onclick: pick(act(() => move(item, item.parent_id, idx - 1))) }, `↑ ${t('up')}`),
        h('button', { role: 'menuitem', disabled: idx === sibs.length - 1, onclick: pick(act(() => move(item, item.parent_id, idx + 1))) }, `↓ ${t('down')}`),
        h('button', { role: 'menuitem', disabled: idx === 0, onclick: pick(act(() => move(item, sibs[idx - 1].id, 9999))) }, `→ ${t('indent')}`),
        h('button', { role: 'menuitem', disabled: item.parent_id == null, onclick: pick(act(() => {
          const parent = agenda.find((i) => i.id === item.parent_id);
          return move(item, parent.parent_id, siblingsOf(agenda, parent).indexOf(parent) + 1);
        })) }, `← ${t('outdent')}`),
        h('button', { role: 'menuitem', class: 'menu-delete', 'data-testid': 'row-delete', onclick: pick(remove) }, `${t('delete')}…`)));
    menu.addEventListener('toggle', () => { if (menu.open) closeMenus(menu); });
    const row = h('li', { class: `agenda-row depth-${item.depth}`, 'data-testid': 'agenda-row' },
      h('span', { class: 'num' }, item.number),
      h('span', { class: 'title' }, item.title,
        item.presenter ? h('span', { class: 'meta' }, ` · ${item.presenter}`) : null),
      h('span', { class: 'kind' }, t('ik_' + item.kind)),
      h('span', { class: 'mins' }, item.planned_minutes ? `${item.planned_minutes} ${t('minutes_short')}` : ''),
      editable ? h('span', { class: 'tools' },
        h('button', { onclick: () => under(row, itemForm(item.parent_id, item)) }, t('edit')),
        h('button', { onclick: () => under(row, itemForm(item.id, null)) }, t('add_child')),
        menu) : null);
    return row;
  });
  return h('div', {},
    h('ol', { class: 'agenda-edit', 'data-testid': 'agenda' }, rows),
    editable ? h('div', { class: 'card' }, h('h3', {}, t('add_item')), itemForm(null, null)) : null);
}

// a "…" menu closes when the secretary taps elsewhere or presses Esc
const closeMenus = (except) => document.querySelectorAll('details.more[open]').forEach((d) => { if (d !== except) d.open = false; });
document.addEventListener('click', (e) => closeMenus(e.target.closest?.('details.more')));
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeMenus(null); });

const TABS = ['agenda', 'documents', 'polls', 'minutes', 'invitees', 'publication'];
const lastTab = new Map(); // session id -> the tab open, kept while the page redraws

export async function sessionView(main, id, ctx) {
  const head = h('div', { class: 'session-head' });
  const tabBar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('sessions'), 'data-testid': 'session-tabs' });
  const panel = h('section', { class: 'tab-panel', role: 'tabpanel', id: 'session-tab-panel', 'data-testid': 'tab-panel' });
  let data = null;
  const search = searchBox(id); // the Tài liệu tab's: kept across redraws
  async function refresh() {
    data = await get(`/api/sessions/${id}`);
    render();
  }
  const mmss = (sec) => (sec == null ? '' : `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`);
  const itemName = (itemId) => {
    const item = data.agenda.find((i) => i.id === itemId);
    return item ? `${item.number}. ${item.title}` : '';
  };
  const speechLog = () => {
    const box = h('div', { 'data-testid': 'speech-log' });
    get(`/api/sessions/${id}/speeches`).then(({ speeches, written }) => mount(box,
      h('h3', {}, t('speech_log')),
      speeches.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
        h('tr', {}, h('th', {}, t('time_col')), h('th', {}, t('full_name')), h('th', {}, t('kind')), h('th', {}, t('duration')), h('th', {}, t('overrun'))),
        speeches.map((sp) => h('tr', {}, h('td', {}, moment(sp.started_at, { timeOnly: true })),
          h('td', {}, sp.full_name), h('td', {}, t('sk_' + sp.kind)), h('td', {}, mmss(sp.duration_s)),
          h('td', { class: sp.overrun_s ? 'error' : '' }, sp.overrun_s ? mmss(sp.overrun_s) : ''))))) : h('p', { class: 'hint' }, '—'),
      written?.length ? [h('h3', {}, t('written_opinions')), h('ul', { class: 'opinions', 'data-testid': 'written-opinions' }, written.map((w) => h('li', {},
        h('strong', {}, w.full_name), h('span', { class: 'meta' }, ` · ${itemName(w.agenda_item_id)}`), h('p', {}, w.text))))] : null))
      .catch(showError);
    return box;
  };
  const pollsList = () => {
    const box = h('div', { 'data-testid': 'session-polls' });
    get(`/api/sessions/${id}/polls`).then(({ polls }) => mount(box,
      polls.length ? polls.map((p) => h('div', { class: 'card' }, h('span', { class: `badge ps-${p.status}` }, t('ps_' + p.status)),
        p.agenda_item_id ? h('span', { class: 'meta' }, ` ${itemName(p.agenda_item_id)}`) : null,
        p.result || p.status === 'cancelled' ? resultBoard(p) : h('h4', {}, p.title),
        isStaff() && p.result?.passed ? registerButton(p) : null)) : h('p', { class: 'hint' }, '—'))).catch(showError);
    return box;
  };
  const publication = () => {
    const { session } = data;
    const editable = isStaff() && session.status !== 'closed';
    const box = h('div', { class: 'publication' });
    const save = (changes) => async () => {
      try { await patch(`/api/sessions/${id}`, changes); flash(t('saved'), 'info'); await refresh(); } catch (err) { showError(err); }
    };
    const asked = (title, ok, changes) => async () => { if (await ask({ title, ok })) await save(changes)(); };
    mount(box,
      h('div', { class: 'card' }, h('h3', {}, t('status')),
        h('p', {}, h('span', { class: `badge st-${session.status}`, 'data-testid': 'publication-status' }, t('st_' + session.status)), ' ',
          session.status === 'draft' ? t('pub_draft_note') : session.status === 'published' ? t('pub_published_note') : ''),
        h('div', { class: 'row' },
          editable && session.status === 'draft' ? h('button', { class: 'primary', 'data-testid': 'publish',
            onclick: asked(t('sure_publish'), t('publish'), { status: 'published' }) }, t('publish')) : null,
          editable && session.status === 'published' ? h('button', { onclick: save({ status: 'draft' }) }, t('unpublish')) : null)),
      isStaff() ? h('div', { class: 'card' }, h('h3', {}, t('public_archive')),
        h('p', { 'data-testid': 'public-state' }, session.public ? `✓ ${t('is_public')}` : t('not_public')),
        session.public
          ? h('button', { 'data-testid': 'make-public', onclick: asked(t('sure_unpublic'), t('unpublic'), { public: false }) }, t('unpublic'))
          : h('button', { class: 'primary', 'data-testid': 'make-public',
            onclick: asked(t('sure_make_public'), t('make_public'), { public: true }) }, t('make_public'))) : null,
      session.sealed_hash ? h('div', { class: 'card seal' }, h('h3', {}, t('sealed')), h('code', {}, session.sealed_hash),
        session.seal_timestamp ? h('p', { 'data-testid': 'seal-timestamp' }, `${t('seal_stamped')}: ${moment(session.seal_timestamp.time)} — ${session.seal_timestamp.tsa}`) : null) : null);
    return box;
  };
  const panels = {
    agenda: () => {
      const editable = isStaff() && data.session.status !== 'closed';
      return [sittingsPanel(id, data.session, data.sittings, editable, refresh), h('h3', {}, t('agenda')),
        agendaEditor(id, data.agenda, data.sittings, editable, refresh)];
    },
    documents: () => (isStaff()
      ? [search, documentsEditor(id, data.agenda, { closed: data.session.status === 'closed' }),
        h('p', {}, h('a', { href: `#/docs/${id}` }, `${t('library')} →`)), receiptsPanel(id)]
      : [search, h('p', {}, h('a', { class: 'button primary', href: `#/docs/${id}`, 'data-testid': 'open-library' }, t('library')))]),
    polls: pollsList,
    minutes: () => [speechLog(), data.session.status === 'closed'
      ? [h('h3', {}, t('minutes')), minutesEditor(id, isStaff()),
        MEETING_KINDS.includes(data.session.kind) ? [h('h3', {}, t('conclusion')), minutesEditor(id, isStaff(), 'conclusion')] : null]
      : h('p', { class: 'hint' }, t('minutes_after_close'))],
    invitees: () => [h('h3', {}, t('invitees_title')), inviteesPanel(id, data.session.status === 'closed')],
    publication,
  };
  const render = () => {
    const { session } = data;
    const tabs = TABS.filter((k) => !['publication', 'invitees'].includes(k) || isStaff());
    const tab = tabs.includes(lastTab.get(id)) ? lastTab.get(id) : 'agenda';
    mount(head,
      h('div', {}, h('h2', {}, session.title),
        h('p', { class: 'meta' }, `${dateVi(session.start_date)} – ${dateVi(session.end_date)}${session.location ? ` · ${session.location}` : ''} · `,
          h('span', { class: `badge st-${session.status}`, 'data-testid': 'session-status' }, t('st_' + session.status)))),
      h('div', { class: 'toolbar' }, h('a', { class: 'button primary', href: `#/live/${id}` }, can('session.control') ? t('console') : t('live'))));
    const select = (k) => { lastTab.set(id, k); render(); };
    mount(tabBar, tabs.map((k, i) => h('button', { role: 'tab', id: `tab-${k}`, class: 'tab', 'aria-selected': String(k === tab),
      'aria-controls': 'session-tab-panel', tabindex: k === tab ? '0' : '-1', 'data-testid': `tab-${k}`, onclick: () => select(k),
      onkeydown: (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        const next = tabs[(i + step + tabs.length) % tabs.length];
        select(next);
        tabBar.querySelector(`#tab-${next}`)?.focus();
      } }, t('tab_' + k))));
    panel.setAttribute('aria-labelledby', `tab-${tab}`);
    panel.dataset.tab = tab;
    mount(panel, panels[tab]());
  };
  mount(main, head, tabBar, panel);
  await refresh();
}

export async function myVotesView(main) {
  const { votes } = await get('/api/me/votes');
  mount(main, h('h2', {}, t('my_votes')),
    votes.length ? h('table', { class: 'grid', 'data-testid': 'my-votes' },
      h('tr', {}, h('th', {}, t('poll_title')), h('th', {}, t('kind')), h('th', {}, t('my_choice')), h('th', {}, t('status'))),
      votes.map((v) => h('tr', {}, h('td', {}, v.title), h('td', {}, t('pk_' + v.kind)),
        h('td', {}, !v.present ? t('ans_absent') : !v.has_voted ? t('ans_did_not_vote') : v.choice ? t('ans_' + v.choice) : `✓ ${t('secret_voted')}`),
        h('td', {}, v.passed === true ? t('passed') : v.passed === false ? t('failed') : t('ps_' + v.status))))) : h('p', {}, '—'));
}

function registerButton(poll) {
  const box = h('div', { class: 'row' });
  const normative = h('input', { type: 'checkbox' });
  mount(box, h('label', { class: 'check' }, normative, t('normative')), h('button', { 'data-testid': 'register-resolution', onclick: () =>
    post(`/api/polls/${poll.id}/resolution`, { normative: normative.checked })
      .then(({ resolution }) => mount(box, h('strong', { 'data-testid': 'resolution-code' }, `${resolution.code} — ${resolution.title}`)))
      .catch(showError) }, t('register_resolution')));
  return box;
}

/** The text of a paper drafted from the record — the minutes, or a meeting's conclusion notice (`paper`):
 * edited by the secretary after bế mạc, downloaded as PDF or Word, signed here or uploaded signed. */
function minutesEditor(id, editable, paper = 'minutes') {
  const box = h('div', { class: 'minutes', 'data-testid': paper });
  const load = () => get(`/api/sessions/${id}/${paper}`).then(({ text, signed, seal_timestamp: stamp }) => {
    const area = h('textarea', { rows: 18, class: 'minutes-text', readonly: !editable, 'data-testid': `${paper}-text` });
    area.value = text;
    const signer = can('minutes.sign');
    const done = () => { flash(t('saved'), 'info'); load(); };
    const upload = h('input', { type: 'file', accept: 'application/pdf,.pdf', onchange: (e) => {
      const file = e.target.files[0];
      if (file) api('PUT', `/api/sessions/${id}/${paper}.signed.pdf?${new URLSearchParams({ filename: file.name })}`, undefined, { form: file })
        .then(done).catch(showError);
    } });
    mount(box, area, h('div', { class: 'row' },
      editable ? h('button', { class: 'primary', 'data-testid': `save-${paper}`, onclick: () => put(`/api/sessions/${id}/${paper}`, { text: area.value })
        .then(() => flash(t('saved'), 'info')).catch(showError) }, t('save')) : null,
      h('a', { class: 'button', href: `/api/sessions/${id}/${paper}.pdf`, target: '_blank', rel: 'noopener' }, 'PDF'),
      h('a', { class: 'button', href: `/api/sessions/${id}/${paper}.docx` }, 'DOCX'),
      signer ? h('button', { 'data-testid': `sign-${paper}`, onclick: () => post(`/api/sessions/${id}/${paper}/sign`).then(done).catch(showError) }, t(`sign_${paper}`)) : null,
      signer ? h('label', { class: 'button' }, t('upload_signed'), upload) : null,
      signer && !stamp && paper === 'minutes' ? h('button', { onclick: () => post(`/api/sessions/${id}/seal/timestamp`).then(done).catch(showError) }, t('stamp_seal')) : null),
    signed ? h('div', { class: 'signed', 'data-testid': `signed-${paper}` },
      h('a', { href: signed.url, target: '_blank', rel: 'noopener' }, t(`signed_${paper}`)), signaturesInfo(signed.signatures)) : null);
  }).catch(showError);
  load();
  return box;
}
