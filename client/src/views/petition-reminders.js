// An agency's reminders of deadlines (server/petitions/reminders.py: one per case and deadline, a few days before
// it), the latest first: which case, its deadline, whether it was also e-mailed.
import { get } from '../api.js';
import { h } from '../dom.js';
import { day, moment, t, tf } from '../i18n.js';
import { overdueBadge, statusBadge } from './petition-parts.js';

const SHOWN = 10; // the latest; older ones are folded under them

const item = (r) => h('li', { class: `rm-item${r.overdue ? ' overdue' : ''}`, 'data-testid': 'reminder', dataset: { code: r.code } },
  h('div', { class: 'rm-head' }, h('a', { class: 'kn-code mono', href: `#/petitions/${r.case_id}` }, r.code),
    h('span', { class: 'kn-flags' }, statusBadge(r.status), r.overdue ? overdueBadge() : null),
    h('span', { class: `kn-deadline${r.overdue ? ' late' : ''}` }, tf('kn_due', { date: day(r.deadline) }))),
  h('span', { class: 'rm-summary' }, r.summary),
  h('span', { class: 'hint small' }, [tf('rm_at', { when: moment(r.at) }), r.emailed ? t('rm_emailed') : null].filter(Boolean).join(' · ')));

/** The section, or null when nothing was ever reminded. */
export async function remindersSection() {
  const { reminders } = await get('/api/petitions/reminders');
  if (!reminders.length) return null;
  const older = reminders.slice(SHOWN);
  return h('section', { class: 'rm-list', 'data-testid': 'reminders' }, h('h3', {}, tf('rm_title', { n: reminders.length })),
    h('p', { class: 'hint small' }, t('rm_hint')),
    h('ul', {}, reminders.slice(0, SHOWN).map(item)),
    older.length ? h('details', {}, h('summary', {}, tf('rm_older', { n: older.length })), h('ul', {}, older.map(item))) : null);
}
