import { api, del, get, patch, post, put } from '../api.js';
import { formData, h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../me.js';
import { flash, showError } from '../notify.js';
import { resultBoard } from './voting.js';
import { documentsEditor, signaturesInfo } from './documents.js';

const KINDS = ['regular', 'thematic', 'extraordinary'];
const ITEM_KINDS = ['procedural', 'report', 'submission', 'discussion_group', 'discussion_plenary', 'questioning', 'explanation', 'voting'];
const isStaff = () => can('sessions.manage');

function dateVi(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function sessionForm(onDone) {
  const form = h('form', { class: 'card form-grid', onsubmit: async (e) => {
    e.preventDefault();
    const d = formData(form);
    try {
      const { session } = await post('/api/sessions', { ...d, number: Number(d.number) });
      location.hash = `#/sessions/${session.id}`;
    } catch (err) { showError(err); }
  } },
  h('label', {}, t('number'), h('input', { name: 'number', type: 'number', min: 1, max: 999, required: true })),
  h('label', {}, t('kind'), h('select', { name: 'kind' }, KINDS.map((k) => h('option', { value: k }, t('kind_' + k))))),
  h('label', { class: 'wide' }, t('title'), h('input', { name: 'title', required: true, maxlength: 300 })),
  h('label', {}, t('start_date'), h('input', { name: 'start_date', type: 'date', required: true })),
  h('label', {}, t('end_date'), h('input', { name: 'end_date', type: 'date', required: true })),
  h('label', { class: 'wide' }, t('location'), h('input', { name: 'location', maxlength: 200 })),
  h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, t('create')),
    h('button', { type: 'button', onclick: onDone }, t('cancel'))));
  return form;
}

export async function sessionsView(main, ctx) {
  const { sessions } = await get('/api/sessions');
  const editor = h('div');
  mount(main, h('h2', {}, t('sessions')),
    isStaff() ? h('div', { class: 'toolbar' }, h('button', { class: 'primary', onclick: () => mount(editor, sessionForm(() => mount(editor))) }, t('new_session'))) : null,
    editor,
    sessions.length ? h('ul', { class: 'session-list' }, sessions.map((s) => h('li', { class: 'card' },
      h('a', { href: isStaff() ? `#/sessions/${s.id}` : `#/live/${s.id}`, class: 'session-link', 'data-testid': 'session-link' },
        h('strong', {}, s.title),
        h('span', { class: 'meta' }, `${dateVi(s.start_date)} – ${dateVi(s.end_date)} · ${t('kind_' + s.kind)} · `, h('span', { class: `badge st-${s.status}` }, t('st_' + s.status)))),
      h('a', { class: 'button primary', href: `#/live/${s.id}` }, can('session.control') ? t('console') : t('live'))))) : h('p', {}, t('no_sessions')));
}

function siblingsOf(agenda, item) {
  return agenda.filter((i) => i.parent_id === item.parent_id);
}

function agendaEditor(sessionId, agenda, editable, refresh) {
  const act = (fn) => async () => { try { await fn(); await refresh(); } catch (err) { showError(err); } };
  const move = (item, parent_id, index) => post(`/api/agenda/${item.id}/move`, { parent_id, index });
  const itemForm = (parent_id, item) => {
    const form = h('form', { class: 'item-form', onsubmit: async (e) => {
      e.preventDefault();
      const d = formData(form);
      const body = { title: d.title, kind: d.kind, planned_minutes: Number(d.planned_minutes || 0), presenter: d.presenter };
      try {
        if (item) await patch(`/api/agenda/${item.id}`, body);
        else await post(`/api/sessions/${sessionId}/agenda`, { ...body, parent_id });
        await refresh();
      } catch (err) { showError(err); }
    } },
    h('input', { name: 'title', required: true, maxlength: 500, placeholder: t('title'), value: item?.title || '' }),
    h('select', { name: 'kind' }, ITEM_KINDS.map((k) => h('option', { value: k, selected: item?.kind === k }, t('ik_' + k)))),
    h('input', { name: 'planned_minutes', type: 'number', min: 0, max: 1440, placeholder: t('planned_minutes'), value: item?.planned_minutes ?? '' }),
    h('input', { name: 'presenter', maxlength: 200, placeholder: t('presenter'), value: item?.presenter || '' }),
    h('button', { class: 'primary', type: 'submit' }, item ? t('save') : t('add')),
    h('button', { type: 'button', onclick: refresh }, t('cancel')));
    return form;
  };
  const rows = agenda.map((item) => {
    const sibs = siblingsOf(agenda, item);
    const idx = sibs.indexOf(item);
    const row = h('li', { class: `agenda-row depth-${item.depth}`, 'data-testid': 'agenda-row' },
      h('span', { class: 'num' }, item.number),
      h('span', { class: 'title' }, item.title),
      h('span', { class: 'kind' }, t('ik_' + item.kind)),
      h('span', { class: 'mins' }, item.planned_minutes ? `${item.planned_minutes} ${t('minutes_short')}` : ''),
      editable ? h('span', { class: 'tools' },
        h('button', { title: t('up'), 'aria-label': t('up'), disabled: idx === 0, onclick: act(() => move(item, item.parent_id, idx - 1)) }, '↑'),
        h('button', { title: t('down'), 'aria-label': t('down'), disabled: idx === sibs.length - 1, onclick: act(() => move(item, item.parent_id, idx + 1)) }, '↓'),
        h('button', { title: t('indent'), 'aria-label': t('indent'), disabled: idx === 0, onclick: act(() => move(item, sibs[idx - 1].id, 9999)) }, '→'),
        h('button', { title: t('outdent'), 'aria-label': t('outdent'), disabled: item.parent_id == null, onclick: act(() => {
          const parent = agenda.find((i) => i.id === item.parent_id);
          return move(item, parent.parent_id, siblingsOf(agenda, parent).indexOf(parent) + 1);
        }) }, '←'),
        h('button', { onclick: () => row.after(h('li', { class: 'agenda-form' }, itemForm(null, item))) }, t('edit')),
        h('button', { onclick: () => row.after(h('li', { class: 'agenda-form' }, itemForm(item.id, null))) }, t('add_child')),
        h('button', { class: 'danger', onclick: act(() => confirm(`${t('delete')}: ${item.title}?`) && del(`/api/agenda/${item.id}`)) }, t('delete'))) : null);
    return row;
  });
  return h('div', {},
    h('ol', { class: 'agenda-edit', 'data-testid': 'agenda' }, rows),
    editable ? h('div', { class: 'card' }, h('h3', {}, t('add_item')), itemForm(null, null)) : null);
}

export async function sessionView(main, id, ctx) {
  async function refresh() {
    const { session, sittings, agenda } = await get(`/api/sessions/${id}`);
    const editable = isStaff() && session.status !== 'closed';
    const setStatus = (status) => async () => {
      try { await patch(`/api/sessions/${id}`, { status }); flash(t('saved'), 'info'); await refresh(); } catch (err) { showError(err); }
    };
    mount(main,
      h('div', { class: 'session-head' },
        h('div', {}, h('h2', {}, session.title),
          h('p', { class: 'meta' }, `${dateVi(session.start_date)} – ${dateVi(session.end_date)} · ${session.location || ''} · `,
            h('span', { class: `badge st-${session.status}`, 'data-testid': 'session-status' }, t('st_' + session.status))),
          session.sealed_hash ? h('p', { class: 'seal' }, `${t('sealed')}: `, h('code', {}, session.sealed_hash)) : null,
          session.seal_timestamp ? h('p', { class: 'seal', 'data-testid': 'seal-timestamp' }, `${t('seal_stamped')}: ${new Date(session.seal_timestamp.time).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} — ${session.seal_timestamp.tsa}`) : null),
        h('div', { class: 'toolbar' },
          editable && session.status === 'draft' ? h('button', { class: 'primary', onclick: setStatus('published') }, t('publish')) : null,
          editable && session.status === 'published' ? h('button', { onclick: setStatus('draft') }, t('unpublish')) : null,
          isStaff() ? h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: session.public, 'data-testid': 'make-public',
            onchange: (e) => patch(`/api/sessions/${id}`, { public: e.target.checked }).then(() => flash(t('saved'), 'info')).catch(showError) }),
          t('make_public')) : null,
          h('a', { class: 'button primary', href: `#/live/${id}` }, t('live')))),
      sittings.length ? h('p', { class: 'sittings' }, `${t('sittings')}: `, sittings.map((s) => h('span', { class: 'tag' }, s.title || `${dateVi(s.date)} ${s.part}`))) : null,
      h('h3', {}, t('agenda')),
      agendaEditor(id, agenda, editable, refresh),
      h('h3', {}, t('documents')),
      isStaff() ? documentsEditor(id, agenda) : null,
      h('h3', {}, t('polls')),
      pollsList,
      h('h3', {}, t('speech_log')),
      speechLog,
      session.status === 'closed' ? [h('h3', {}, t('minutes')), minutesEditor(id, isStaff())] : null);
  }
  const speechLog = h('div', { 'data-testid': 'speech-log' });
  const mmss = (sec) => (sec == null ? '' : `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`);
  get(`/api/sessions/${id}/speeches`).then(({ speeches, written }) => mount(speechLog,
    speeches.length ? h('table', { class: 'grid' }, h('tr', {}, h('th', {}, t('start_date')), h('th', {}, t('full_name')),
      h('th', {}, t('kind')), h('th', {}, t('duration')), h('th', {}, t('overrun'))),
    speeches.map((sp) => h('tr', {}, h('td', {}, new Date(sp.started_at).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })),
      h('td', {}, sp.full_name), h('td', {}, t('sk_' + sp.kind)), h('td', {}, mmss(sp.duration_s)),
      h('td', { class: sp.overrun_s ? 'error' : '' }, sp.overrun_s ? mmss(sp.overrun_s) : '')))) : h('p', { class: 'hint' }, '—'),
    written?.length ? [h('h4', {}, t('written_opinion')), h('ul', {}, written.map((w) => h('li', {}, h('strong', {}, w.full_name), ': ', w.text)))] : null))
    .catch(showError);
  const pollsList = h('div', { 'data-testid': 'session-polls' });
  get(`/api/sessions/${id}/polls`).then(({ polls }) => mount(pollsList,
    polls.length ? polls.map((p) => h('div', { class: 'card' }, h('span', { class: `badge ps-${p.status}` }, t('ps_' + p.status)),
      p.result || p.status === 'cancelled' ? resultBoard(p) : h('h4', {}, p.title),
      isStaff() && p.result?.passed ? registerButton(p) : null)) : h('p', { class: 'hint' }, '—'))).catch(showError);
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

function minutesEditor(id, editable) {
  const box = h('div', { class: 'minutes', 'data-testid': 'minutes' });
  const load = () => get(`/api/sessions/${id}/minutes`).then(({ text, signed, seal_timestamp: stamp }) => {
    const area = h('textarea', { rows: 18, class: 'minutes-text', readonly: !editable, 'data-testid': 'minutes-text' });
    area.value = text;
    const signer = can('minutes.sign');
    const done = () => { flash(t('saved'), 'info'); load(); };
    const upload = h('input', { type: 'file', accept: 'application/pdf,.pdf', onchange: (e) => {
      const file = e.target.files[0];
      if (file) api('PUT', `/api/sessions/${id}/minutes.signed.pdf?${new URLSearchParams({ filename: file.name })}`, undefined, { form: file })
        .then(done).catch(showError);
    } });
    mount(box, area, h('div', { class: 'row' },
      editable ? h('button', { class: 'primary', 'data-testid': 'save-minutes', onclick: () => put(`/api/sessions/${id}/minutes`, { text: area.value })
        .then(() => flash(t('saved'), 'info')).catch(showError) }, t('save')) : null,
      h('a', { class: 'button', href: `/api/sessions/${id}/minutes.pdf`, target: '_blank', rel: 'noopener' }, 'PDF'),
      h('a', { class: 'button', href: `/api/sessions/${id}/minutes.docx` }, 'DOCX'),
      signer ? h('button', { 'data-testid': 'sign-minutes', onclick: () => post(`/api/sessions/${id}/minutes/sign`).then(done).catch(showError) }, t('sign_minutes')) : null,
      signer ? h('label', { class: 'button' }, t('upload_signed'), upload) : null,
      signer && !stamp ? h('button', { onclick: () => post(`/api/sessions/${id}/seal/timestamp`).then(done).catch(showError) }, t('stamp_seal')) : null),
    signed ? h('div', { class: 'signed', 'data-testid': 'signed-minutes' },
      h('a', { href: signed.url, target: '_blank', rel: 'noopener' }, t('signed_minutes')), signaturesInfo(signed.signatures)) : null);
  }).catch(showError);
  load();
  return box;
}
