// What the petitions screens share (views/petitions.js and the tools beside it: petition-samples.js,
// petition-report.js, petition-sheets.js, petition-reminders.js): the codes of fields, levels and statuses, the
// status and deadline badges, the office's tabs, and small form helpers.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../me.js';

export const FIELDS = ['land', 'transport', 'health', 'education', 'social_policy', 'environment', 'economy', 'security', 'administration', 'other'];
export const LEVELS = ['commune', 'province', 'national'];
export const STATUSES = ['received', 'transferred', 'in_progress', 'resolved', 'explained', 'not_resolved', 'reopened'];

export const office = () => can('petitions.manage');
export const isoDay = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export const inDays = (n) => { const d = new Date(); d.setDate(d.getDate() + n); return isoDay(d); };

export const statusBadge = (status) => h('span', { class: `badge kn-st kn-st-${status}`, 'data-testid': 'case-status' }, t(`ps_${status}`));
export const overdueBadge = () => h('span', { class: 'badge kn-overdue', 'data-testid': 'overdue' }, t('kn_overdue'));
export const dueSoonBadge = () => h('span', { class: 'badge kn-due-soon', 'data-testid': 'due-soon' }, t('kn_due_soon'));
/** A case's status with what its deadline says: overdue, or due within the reminder's days. */
export const caseFlags = (c) => h('span', { class: 'kn-flags' }, statusBadge(c.status),
  c.overdue ? overdueBadge() : null, c.due_soon && !c.overdue ? dueSoonBadge() : null);

export const options = (values, prefix, selected, empty) => [
  empty ? h('option', { value: '' }, empty) : null,
  values.map((v) => h('option', { value: v, selected: v === selected }, t(prefix + v)))];
export const select = (name, values, prefix, selected, empty) => h('select', { name }, options(values, prefix, selected, empty));

/** The petitions screens' tabs; each shows what the account may do there. */
export function tabs(current) {
  const list = [['cases', '#/petitions', t('kn_cases')], ['meetings', '#/petitions/meetings', t('kn_meetings')]];
  if (can('petitions.oversee')) list.push(['samples', '#/petitions/samples', t('gs_title')]);
  if (can('petitions.read')) list.push(['report', '#/petitions/report', t('rp_title')]);
  if (office()) list.push(['agencies', '#/petitions/agencies', t('kn_agencies')]);
  // the chair, a delegate too, follows their own constituency's cases from here (the menu has one entry)
  if (can('petitions.own')) list.push(['mine', '#/my-petitions', t('mp_nav_chair')]);
  return h('nav', { class: 'tabs kn-tabs', 'aria-label': t('kn_title') }, list.map(([k, href, label]) =>
    h('a', { class: 'tab', href, 'aria-current': k === current ? 'page' : null, 'data-testid': `kn-tab-${k}` }, label)));
}
