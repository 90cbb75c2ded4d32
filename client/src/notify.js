// Notifications: a short message at the bottom of the screen; errors carry the server's bilingual text.
import { h } from './dom.js';
import { errorText } from './i18n.js';

export function flash(message, kind = 'error') {
  const box = h('div', { class: `flash ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  document.body.append(box);
  setTimeout(() => box.remove(), kind === 'error' ? 6000 : 2500);
}

export function showError(err) {
  flash(errorText(err), 'error');
}
