// The organizer's questioning (the office's secretary, the chair): #/questions/meetings lists the council's
// sessions and meetings; #/questions/meeting/<id> is one meeting's questioning — the slips not yet in a group, the
// issue groups made of them (title, the official preset from the slips), slips moved between groups, groups
// selected and applied to the meeting's questioning item (its sub-items, the slips' authors in the floor queue,
// the official preset to answer), a written answer asked by a deadline, a slip published, a commitment recorded on
// a group or slip, and the earlier commitments with their status — what the next meeting's questioning lists.
import { del, get, patch, post } from '../api.js';
import { h, mount } from '../dom.js';
import { day, t, tf } from '../i18n.js';
import { flash, showError } from '../notify.js';
import { ask } from '../confirm.js';
import { labelled } from './documents.js';
import { inDays } from './petition-parts.js';
import { commitmentItem, loadMeetings, loadOfficials, officialOptions, slipCard, tabs } from './question-parts.js';

const kindLabel = (k) => { const v = t(`kind_${k}`); return v === `kind_${k}` ? t(`qv_kind_${k}`) : v; };

export async function meetingsPage(main) {
  const { list } = await loadMeetings();
  mount(main, h('h2', {}, t('qv_title')), tabs('organize'),
    h('div', { class: 'tab-panel' }, h('p', { class: 'hint' }, t('qv_organize_hint')),
      list.length ? h('ul', { class: 'qv-meetings', 'data-testid': 'qv-meetings' }, list.map((m) => h('li', {},
        h('a', { class: 'card qv-meeting-link', href: `#/questions/meeting/${m.id}`, 'data-testid': 'qv-meeting', dataset: { id: m.id } },
          h('strong', {}, m.title),
          h('span', { class: 'hint small' }, [kindLabel(m.kind), day(m.start_date), t(`st_${m.status}`)].join(' · '))))))
        : h('p', { class: 'hint' }, t('no_sessions'))));
}

/** The official most of the slips are addressed to (a group's preset). */
function commonOfficial(slips) {
  const n = new Map();
  for (const s of slips) n.set(s.official.id, (n.get(s.official.id) || 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export async function meetingPage(main, sid) {
  const y = window.scrollY;
  const again = () => meetingPage(main, sid).then(() => window.scrollTo(0, y)).catch(showError);
  const [q, { session, agenda }, officials, meetings, { commitments }] = await Promise.all([
    get(`/api/sessions/${sid}/questioning`), get(`/api/sessions/${sid}`), loadOfficials(), loadMeetings(),
    get(`/api/commitments?session_id=${sid}`)]);
  const run = async (fn, note = t('saved')) => { try { await fn(); flash(note, 'info'); again(); } catch (err) { showError(err); } };
  const groups = q.groups;
  // after bế mạc the groups stand as they were taken up; commitments, written answers and publishing go on
  const closed = session.status === 'closed';

  // ---- what can be done to a slip wherever it is
  const writtenControl = (s) => {
    const date = h('input', { type: 'date', min: inDays(0), value: s.answer_deadline || inDays(15), 'aria-label': t('qv_written_deadline'), 'data-testid': 'written-deadline' });
    return h('span', { class: 'row qv-inline' }, date,
      h('button', { type: 'button', 'data-testid': 'ask-written', onclick: () => run(() => post(`/api/question-slips/${s.id}/written`, { deadline: date.value }), t('qv_written_asked')) },
        t('qv_ask_written')));
  };
  const publishButton = (s) => h('button', { type: 'button', 'data-testid': 'slip-publish',
    onclick: () => run(() => post(`/api/question-slips/${s.id}/publish`, { public: !s.public })) }, s.public ? t('qv_unpublish') : t('qv_publish'));
  const moveSelect = (s, from) => {
    const sel = h('select', { 'aria-label': t('qv_move'), 'data-testid': 'slip-move', onchange: () => {
      if (!sel.value) return;
      const to = sel.value === 'none' ? null : groups.find((g) => String(g.id) === sel.value);
      run(async () => {
        if (from) await patch(`/api/question-groups/${from.id}`, { slip_ids: from.slips.filter((x) => x.id !== s.id).map((x) => x.id) });
        if (to) await patch(`/api/question-groups/${to.id}`, { slip_ids: [...to.slips.map((x) => x.id), s.id] });
      }, t('qv_moved'));
    } }, h('option', { value: '' }, from ? t('qv_move') : t('qv_put_in')),
    groups.filter((g) => g !== from).map((g) => h('option', { value: g.id }, g.title)),
    from ? h('option', { value: 'none' }, t('qv_unplace')) : null);
    return sel;
  };
  const slipActions = (s, from) => (s.status === 'withdrawn' ? [] : [
    !closed && (groups.length > (from ? 1 : 0) || from) ? moveSelect(s, from) : null, s.answer ? null : writtenControl(s), publishButton(s)].filter(Boolean));

  // ---- the slips not in a group: chosen to make a group of
  const picks = new Map();
  const title = h('input', { name: 'title', required: true, maxlength: 300, 'data-testid': 'group-title' });
  const official = h('select', { name: 'official_id', required: true, 'data-testid': 'group-official' }, officialOptions(officials, null, t('qv_choose_official')));
  const preset = () => {
    const chosen = q.unplaced.filter((s) => picks.get(s.id)?.checked);
    const o = commonOfficial(chosen);
    if (o) official.value = String(o);
    if (!title.value && chosen.length) title.placeholder = chosen[0].text.slice(0, 60);
  };
  const unplaced = q.unplaced.map((s) => {
    const box = h('input', { type: 'checkbox', 'data-testid': 'slip-pick', onchange: preset });
    picks.set(s.id, box);
    const card = slipCard(s, { meetings: meetings.names, actions: slipActions(s, null) });
    if (!closed) card.prepend(h('label', { class: 'check qv-pick' }, box, t('qv_pick')));
    return card;
  });
  const makeGroup = h('form', { class: 'card kn-form qv-group-form', 'data-testid': 'group-form', onsubmit: (e) => {
    e.preventDefault();
    const ids = q.unplaced.filter((s) => picks.get(s.id)?.checked).map((s) => s.id);
    if (!ids.length) { flash(t('qv_pick_first')); return; }
    run(() => post(`/api/sessions/${sid}/question-groups`, { title: title.value.trim() || title.placeholder, official_id: Number(official.value), slip_ids: ids }), t('qv_group_made'));
  } }, h('h3', {}, t('qv_make_group')),
  h('div', { class: 'kn-grid' }, labelled(t('qv_group_title'), title, 'wide'), labelled(t('qv_answerer'), official, 'wide')),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'group-make' }, t('qv_make_group_go')));

  // ---- a commitment, recorded on a group (and one of its slips, if said)
  const commitmentForm = (g) => {
    const who = h('select', { required: true, 'data-testid': 'commitment-official' }, officialOptions(officials, g.official?.id, t('qv_choose_official')));
    const slip = h('select', { 'data-testid': 'commitment-slip' }, h('option', { value: '' }, t('qv_whole_group')),
      g.slips.map((s) => h('option', { value: s.id }, `${s.author.full_name}: ${s.text.slice(0, 60)}`)));
    const text = h('textarea', { rows: 3, required: true, maxlength: 5000, 'data-testid': 'commitment-text-input' });
    const deadline = h('input', { type: 'date', required: true, value: inDays(90), 'data-testid': 'commitment-deadline-input' });
    return h('details', { class: 'qv-commit', 'data-testid': 'commitment-form' }, h('summary', {}, t('qv_record_commitment')),
      h('form', { class: 'kn-form', onsubmit: (e) => {
        e.preventDefault();
        const data = { official_id: Number(who.value), text: text.value, deadline: deadline.value, session_id: sid, group_id: g.id };
        if (slip.value) data.slip_id = Number(slip.value);
        run(() => post('/api/commitments', data), t('qv_commitment_made'));
      } }, labelled(t('qv_official'), who), labelled(t('qv_slip'), slip), labelled(t('qv_commitment_text'), text),
      labelled(t('qv_commitment_deadline'), deadline),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'commitment-go' }, t('qv_record_commitment'))));
  };

  const groupCard = (g) => {
    const who = h('select', { 'aria-label': t('qv_answerer'), 'data-testid': 'group-official-change',
      onchange: () => run(() => patch(`/api/question-groups/${g.id}`, { official_id: Number(who.value) })) }, officialOptions(officials, g.official?.id));
    const selected = h('input', { type: 'checkbox', checked: g.selected, 'data-testid': 'group-select',
      onchange: () => run(() => patch(`/api/question-groups/${g.id}`, { selected: selected.checked }), selected.checked ? t('qv_selected') : t('qv_unselected')) });
    return h('li', { class: `card qv-group${g.selected ? ' selected' : ''}`, 'data-testid': 'group', dataset: { id: g.id, title: g.title } },
      h('div', { class: 'qv-group-head' },
        h('h4', {}, g.title),
        h('span', { class: 'qv-flags' }, g.selected ? h('span', { class: 'badge qv-st-selected' }, t('qs_selected')) : null,
          g.agenda_item_id ? h('span', { class: 'badge ok', 'data-testid': 'group-applied' }, t('qv_applied')) : null)),
      closed ? h('p', { class: 'hint', 'data-testid': 'group-answerer' }, `${t('qv_answerer')}: ${g.official?.full_name ?? ''}`) : h('div', { class: 'row qv-group-tools' },
        h('label', { class: 'check' }, selected, t('qv_select_group')),
        h('label', { class: 'inline' }, t('qv_answerer'), who),
        h('button', { type: 'button', onclick: async () => {
          const name = await ask({ title: t('qv_rename'), ok: t('save'), input: { label: t('qv_group_title'), maxlength: 300, placeholder: g.title } });
          if (name) run(() => patch(`/api/question-groups/${g.id}`, { title: name }));
        } }, t('qv_rename')),
        g.agenda_item_id ? null : h('button', { type: 'button', class: 'danger', 'data-testid': 'group-delete', onclick: async () => {
          if (await ask({ title: tf('qv_delete_group_q', { title: g.title }), text: t('qv_delete_group_text'), ok: t('delete'), danger: true })) {
            run(() => del(`/api/question-groups/${g.id}`));
          }
        } }, t('delete'))),
      h('ul', { class: 'qv-slips' }, g.slips.map((s) => slipCard(s, { meetings: meetings.names, official: false, actions: slipActions(s, g) }))),
      commitmentForm(g));
  };

  // ---- the groups selected, to the meeting's questioning item
  const items = agenda.filter((i) => i.kind === 'questioning');
  const itemSel = h('select', { 'data-testid': 'apply-item', 'aria-label': t('qv_apply_item') }, items.map((i) => h('option', { value: i.id }, `${i.number ? `${i.number}. ` : ''}${i.title}`)));
  const chosen = groups.filter((g) => g.selected);
  const apply = h('section', { class: 'card qv-apply', 'data-testid': 'apply' }, h('h3', {}, t('qv_apply')),
    items.length ? [h('p', { class: 'hint small' }, tf('qv_apply_hint', { n: chosen.length })),
      h('div', { class: 'row' }, labelled(t('qv_apply_item'), itemSel, 'grow'),
        h('button', { type: 'button', class: 'primary', disabled: !chosen.length, 'data-testid': 'apply-go', onclick: () => run(async () => {
          const r = await post(`/api/sessions/${sid}/questioning/apply`, { agenda_item_id: Number(itemSel.value) });
          return r;
        }, t('qv_applied_note')) }, t('qv_apply_go')))]
      : h('p', { class: 'hint', 'data-testid': 'apply-no-item' }, t('qv_no_item')));

  const organize = (c) => (c.status === 'done'
    ? [h('button', { type: 'button', onclick: () => run(() => patch(`/api/commitments/${c.id}`, { status: 'open' })) }, t('qv_reopen'))]
    : [h('button', { type: 'button', 'data-testid': 'commitment-done', onclick: () => run(() => patch(`/api/commitments/${c.id}`, { status: 'done' })) }, t('qv_mark_done'))]);
  const earlier = q.earlier_commitments;
  const late = earlier.filter((c) => c.overdue).length;
  mount(main, h('a', { class: 'kn-back', href: '#/questions/meetings' }, `← ${t('qv_meetings_back')}`),
    h('h2', {}, tf('qv_meeting_title', { title: session.title })),
    h('p', { class: 'meta' }, [kindLabel(session.kind), day(session.start_date), t(`st_${session.status}`)].join(' · ')),
    h('section', { class: 'qv-earlier', 'data-testid': 'earlier-commitments' },
      h('h3', {}, tf('qv_earlier', { n: earlier.length }), late ? h('span', { class: 'badge kn-overdue qv-count' }, tf('qv_n_overdue', { n: late })) : null),
      earlier.length ? h('ul', { class: 'qv-slips' }, earlier.map((c) => commitmentItem(c, { meetings: meetings.names, actions: organize(c) })))
        : h('p', { class: 'hint' }, t('qv_no_earlier'))),
    h('div', { class: 'qv-columns' },
      h('section', { 'data-testid': 'unplaced' }, h('h3', {}, tf('qv_unplaced', { n: q.unplaced.length })),
        q.unplaced.length ? [h('ul', { class: 'qv-slips' }, unplaced), closed ? null : makeGroup] : h('p', { class: 'hint' }, t('qv_no_unplaced'))),
      h('section', { 'data-testid': 'groups' }, h('h3', {}, tf('qv_groups', { n: groups.length })),
        groups.length ? h('ul', { class: 'qv-groups' }, groups.map(groupCard)) : h('p', { class: 'hint' }, t('qv_no_groups')),
        closed ? null : apply)),
    h('section', { 'data-testid': 'meeting-commitments' }, h('h3', {}, tf('qv_here_commitments', { n: commitments.length })),
      commitments.length ? h('ul', { class: 'qv-slips' }, commitments.map((c) => commitmentItem(c, { meetings: meetings.names, actions: organize(c) })))
        : h('p', { class: 'hint' }, t('qv_no_commitments'))));
}
