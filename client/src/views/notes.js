// Private notes in the reader (per document or per page) and the tablet's read receipts. A note is written to
// this tablet first (localStorage, per user) and sent by the outbox by the UUID made here: offline it waits, a
// replay is the same note. Only its author ever reads it (GET /api/documents/<id>/notes answers nobody else's).
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, moment, t, tf } from '../i18n.js';
import { can, me } from '../me.js';
import { isWaiting, queue } from '../outbox.js';
import { MAX_POINTS, MAX_STROKES, paintInk, pointsOf, startPen } from './ink.js';
import '../styles/notes.css';

const storeKey = (docId) => `kyhop.notes.${me()?.user?.id ?? 'anon'}.${docId}`;
function loadLocal(docId) {
  try { return JSON.parse(localStorage.getItem(storeKey(docId)) || '{}') || {}; } catch { return {}; }
}
function saveLocal(docId, notes) {
  try { localStorage.setItem(storeKey(docId), JSON.stringify(notes)); } catch { /* full: the server keeps it */ }
}
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Where a note stands for the version being read: 'trang 3', or 'ghi trên bản lần 1, trang 3'. */
export function noteWhere(note, versionNo) {
  const place = note.page == null ? t('note_whole_doc') : tf('note_page', { p: note.page });
  return note.version === versionNo ? place : tf('note_other_version', { v: note.version, place });
}

/** The notes button and side panel of the reader, a mark on each page that has notes, and the pen that highlights a
 * page (its strokes are the `ink` of the page's note). `pageNo()`: the page being read; `go(n)`: turn to it;
 * `column`: the pages' box; `pageDiv(n)`: a page's element; `changesFrom(m)`: what changed since version m (a note
 * written on another version is found on its page of this one: its text moved with it). */
export function attachNotes(root, { doc, version, pageNo, go, column, pageDiv, changesFrom }) {
  if (!can('notes.keep')) return;
  let notes = loadLocal(doc.id); // uuid -> {uuid, version, page, text, updated_at, pending?, deleted?}
  let editing = null;
  const moved = new Map(); // "version.page" of another version → its page in this one (0: taken out); unknown offline
  const same = new Set(); // … and those whose text is the same there: their highlight still lies over its words
  const pageHere = (n) => (n.page == null ? null : n.version === version.number ? n.page : moved.get(`${n.version}.${n.page}`) || null);
  const follow = () => {
    for (const v of new Set(live().filter((n) => n.page != null && n.version !== version.number).map((n) => n.version))) {
      changesFrom(v).then(({ from_pages: fromPages, changed }) => {
        const altered = new Set(changed.filter((p) => p.status !== 'moved' || p.passages.length).map((p) => p.page));
        for (const n of live().filter((x) => x.version === v && x.page != null)) {
          const here = fromPages.indexOf(n.page) + 1;
          moved.set(`${v}.${n.page}`, here);
          if (here && !altered.has(here)) same.add(`${v}.${n.page}`);
        }
        draw();
      }).catch(() => { /* offline and never compared here: the note stands against its version only */ });
    }
  };
  const count = h('span', { class: 'notes-count', 'data-testid': 'notes-count' });
  const toggle = h('button', { type: 'button', class: 'notes-toggle', 'data-testid': 'reader-notes-toggle',
    'aria-controls': 'reader-notes', onclick: () => { panel.hidden = !panel.hidden; if (!panel.hidden) draw(); } },
  t('notes'), ' ', count);
  const panel = h('aside', { id: 'reader-notes', class: 'notes-panel', 'data-testid': 'reader-notes', hidden: true,
    'aria-label': t('notes') });
  const status = h('p', { class: 'meta notes-status', 'data-testid': 'notes-status', 'aria-live': 'polite' });
  // the pen: a stroke on a page goes into that page's note (the first one of this version, else a new one)
  let stopPen = null;
  const penBtn = h('button', { type: 'button', class: 'pen-toggle', 'data-testid': 'reader-pen', 'aria-pressed': 'false',
    onclick: () => pen(!stopPen) }, t('pen'));
  const penBar = h('div', { class: 'pen-bar', 'data-testid': 'pen-bar', hidden: true }, h('span', {}, t('pen_on')),
    h('button', { type: 'button', 'data-testid': 'pen-undo', onclick: () => undo() }, t('pen_undo')),
    h('button', { type: 'button', class: 'primary', 'data-testid': 'pen-done', onclick: () => pen(false) }, t('pen_done')));
  const pen = (on) => {
    stopPen?.();
    stopPen = on ? startPen(column, (p, stroke) => addStroke(p, stroke)) : null;
    penBtn.setAttribute('aria-pressed', String(on));
    penBar.hidden = !on;
    root.classList.toggle('pen-mode', on);
  };
  const noteOf = (p) => live().filter((n) => n.version === version.number && n.page === p)
    .sort((a, b) => (a.created_at || '').localeCompare(b.created_at || ''))[0];
  const addStroke = (p, stroke) => {
    const n = noteOf(p) || { uuid: uuid(), version: version.number, page: p, text: '', created_at: new Date().toISOString() };
    const ink = [...(n.ink || []), stroke];
    if (ink.length > MAX_STROKES || pointsOf(ink) > MAX_POINTS) { status.textContent = t('ink_full'); draw(); return; }
    write({ ...n, ink });
  };
  const undo = () => {
    const n = noteOf(pageNo());
    if (!n?.ink?.length) return;
    const ink = n.ink.slice(0, -1);
    write(ink.length || n.text ? { ...n, ink: ink.length ? ink : null } : { ...n, deleted: true });
  };
  root.append(toggle, penBtn, penBar, panel);

  const live = () => Object.values(notes).filter((n) => !n.deleted);
  const send = (n) => (n.deleted
    ? queue(`note:${n.uuid}`, 'DELETE', `/api/documents/${doc.id}/notes/${n.uuid}`)
    : queue(`note:${n.uuid}`, 'PUT', `/api/documents/${doc.id}/notes/${n.uuid}`,
      { version: n.version, page: n.page, text: n.text, ink: n.ink || null }))
    .then((answer) => {
      // sent (or refused for good: the outbox dropped it): the server's copy stands; otherwise it waits
      if (answer) {
        notes = loadLocal(doc.id);
        if (n.deleted) delete notes[n.uuid]; else notes[n.uuid] = { ...answer.note, pending: false };
        saveLocal(doc.id, notes);
      }
      status.textContent = answer ? '' : t('notes_waiting');
      draw();
    }).catch((err) => { status.textContent = errorText(err); });
  const write = (n) => {
    notes[n.uuid] = { ...n, updated_at: new Date().toISOString(), pending: true };
    saveLocal(doc.id, notes);
    draw();
    send(notes[n.uuid]);
  };

  const form = () => {
    const area = h('textarea', { rows: 4, maxlength: 10000, class: 'note-text', 'data-testid': 'note-text',
      'aria-label': t('note_text'), value: editing?.text || '' });
    const onPage = h('input', { type: 'checkbox', 'data-testid': 'note-on-page', checked: editing ? editing.page != null : true,
      disabled: !!editing?.ink }); // a highlight stays on its page
    const pageLabel = editing?.page != null ? editing.page : pageNo();
    return h('form', { class: 'note-form', onsubmit: (e) => {
      e.preventDefault();
      const text = area.value.trim();
      if (!text && !editing?.ink) return;
      const base = editing || { uuid: uuid(), version: version.number, page: null, created_at: new Date().toISOString() };
      write({ ...base, text, page: onPage.checked ? (editing?.page ?? pageNo()) : null,
        version: editing ? editing.version : version.number });
      editing = null;
      draw();
    } }, area,
    h('label', { class: 'note-on-page check' }, onPage, ' ', tf('note_on_page', { p: pageLabel })),
    h('span', { class: 'note-buttons' },
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'note-save' }, editing ? t('save') : t('add_note')),
      editing ? h('button', { type: 'button', onclick: () => { editing = null; draw(); } }, t('cancel')) : null));
  };
  const item = (n) => h('li', { class: `note${n.pending ? ' pending' : ''}`, 'data-testid': 'note', dataset: { page: pageHere(n) ?? '' } },
    h('div', { class: 'note-where' },
      n.page != null && n.version === version.number
        ? h('button', { type: 'button', class: 'linklike', onclick: () => go(n.page) }, noteWhere(n, version.number))
        : [pageHere(n) ? [h('button', { type: 'button', class: 'linklike', 'data-testid': 'note-now', onclick: () => go(pageHere(n)) },
          tf('note_now_on', { p: pageHere(n) })), ' · '] : null,
        h('span', { 'data-testid': 'note-where' }, noteWhere(n, version.number)),
        moved.get(`${n.version}.${n.page}`) === 0 ? h('span', { class: 'meta', 'data-testid': 'note-gone' }, ` · ${t('note_page_gone')}`) : null],
      h('span', { class: 'meta' }, ` · ${moment(n.updated_at)}${n.pending ? ` · ${t('notes_waiting_one')}` : ''}`)),
    n.text ? h('div', { class: 'note-body', 'data-testid': 'note-body' }, n.text) : null,
    n.ink ? h('div', { class: 'meta note-ink', 'data-testid': 'note-ink' }, tf('note_ink', { n: n.ink.length })) : null,
    h('span', { class: 'note-tools' },
      h('button', { type: 'button', class: 'linklike', 'data-testid': 'note-edit', onclick: () => { editing = n; draw(); } }, t('edit')),
      h('button', { type: 'button', class: 'linklike danger', 'data-testid': 'note-delete',
        onclick: () => write({ ...n, deleted: true }) }, t('delete'))));
  const order = (a, b) => (a.version - b.version) || ((a.page ?? 0) - (b.page ?? 0)) || a.updated_at.localeCompare(b.updated_at);
  // a mark in the corner of each page with notes: how many, a tap opens them; and the pages' highlights
  const marks = [];
  let inked = new Set();
  const markPages = (list) => {
    marks.splice(0).forEach((m) => m.remove());
    const ink = new Map();
    for (const n of list) {
      if (!n.ink || !pageHere(n) || (n.version !== version.number && !same.has(`${n.version}.${n.page}`))) continue;
      ink.set(pageHere(n), [...(ink.get(pageHere(n)) || []), ...n.ink]);
    }
    for (const p of new Set([...inked, ...ink.keys()])) if (pageDiv(p)) paintInk(pageDiv(p), ink.get(p) || []);
    inked = new Set(ink.keys());
    const per = new Map();
    for (const n of list) if (pageHere(n)) per.set(pageHere(n), (per.get(pageHere(n)) || 0) + 1);
    for (const [p, k] of per) {
      const div = pageDiv(p);
      if (!div) continue;
      const mark = h('button', { type: 'button', class: 'page-notes', 'data-testid': 'page-notes', 'aria-label': tf('notes_on_page', { n: k, p }),
        title: tf('notes_on_page', { n: k, p }), onclick: () => { panel.hidden = false; draw(); } }, `✎ ${k}`);
      div.append(mark);
      marks.push(mark);
    }
  };
  function draw() {
    const list = live().sort(order);
    count.textContent = list.length ? `(${list.length})` : '';
    markPages(list);
    if (panel.hidden) return;
    mount(panel,
      h('div', { class: 'notes-head' }, h('strong', {}, t('notes_private')),
        h('button', { type: 'button', class: 'linklike', onclick: () => { panel.hidden = true; } }, t('close'))),
      h('p', { class: 'hint' }, t('notes_only_you')),
      form(), status,
      list.length ? h('ul', { class: 'notes-list', 'data-testid': 'notes-list' }, list.map(item))
        : h('p', { class: 'hint' }, t('no_notes')),
      h('p', {}, h('a', { href: '/api/me/notes/export', download: '', 'data-testid': 'notes-export' }, t('notes_export'))));
  }

  // the server's notes, with what this tablet has not sent yet on top
  get(`/api/documents/${doc.id}/notes`).then(({ notes: remote }) => {
    const mine = loadLocal(doc.id);
    const merged = {};
    for (const n of remote) merged[n.uuid] = n;
    for (const n of Object.values(mine)) if (n.pending) merged[n.uuid] = n;
    notes = merged;
    saveLocal(doc.id, notes);
    for (const n of Object.values(notes)) if (n.pending) send(n);
    follow();
    draw();
  }).catch(() => { status.textContent = t('notes_offline'); follow(); draw(); });
  // sent later by the outbox (the network came back): the server's copy stands
  const sent = (e) => {
    if (!root.isConnected) { window.removeEventListener('kyhop-sent', sent); return; }
    const uuid = e.detail.key.startsWith('note:') && e.detail.key.slice(5);
    if (!uuid || !notes[uuid]) return;
    if (notes[uuid].deleted) delete notes[uuid]; else notes[uuid] = { ...e.detail.answer.note, pending: false };
    saveLocal(doc.id, notes);
    status.textContent = '';
    draw();
  };
  window.addEventListener('kyhop-sent', sent);
  follow();
  draw();
}

// The versions opened since this page loaded: the lists' "Đã sửa đổi — lần N" goes at once, before the server
// (or, offline, the tablet's cached copy of what it said) knows.
const openedNow = new Map(); // document id -> the highest version opened

/** The reader opened this version: the secretary's "đã mở", and the end of this reader's "Đã sửa đổi" mark
 * (queued when offline). Once the server has it, its list of unopened revisions is fetched again: the copy the
 * tablet keeps for offline then says so too. */
export function reportOpened(doc, number) {
  openedNow.set(doc.id, Math.max(openedNow.get(doc.id) || 0, number));
  if (!can('receipts.report')) return;
  queue(openedKey(doc.id, number), 'POST', `/api/documents/${doc.id}/versions/${number}/opened`, {}).then((answer) => {
    if (answer) get(`/api/me/sessions/${doc.session_id}/unopened-revisions`).catch(() => {});
  });
}
const openedKey = (docId, number) => `opened:${docId}:${number}`;

/** Has this reader opened the version on this tablet, whether the server knows it yet or not (it waits in the
 * outbox when the page was reloaded offline)? */
export const openedHere = (docId, number) => (openedNow.get(docId) || 0) >= number || isWaiting(openedKey(docId, number));

/** The tablet has the session's current versions (the service worker's sync is done): "đã nhận". Sent once per set. */
export function reportReceived(sessionId, documents) {
  if (!can('receipts.report') || !documents.length) return;
  const versions = documents.map((d) => ({ document_id: d.id, number: d.current.number }));
  const sig = versions.map((v) => `${v.document_id}.${v.number}`).join(',');
  const key = `kyhop.received.${me()?.user?.id}.${sessionId}`;
  try { if (localStorage.getItem(key) === sig) return; localStorage.setItem(key, sig); } catch { /* send it anyway */ }
  queue(`received:${sessionId}`, 'POST', `/api/sessions/${sessionId}/receipts`, { versions });
}
