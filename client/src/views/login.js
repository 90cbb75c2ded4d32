import { get, post } from '../api.js';
import { formData, h } from '../dom.js';
import { errorText, t, toggleLang } from '../i18n.js';

export function loginView(onLoggedIn) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await get('/api/auth/me'); // obtains a CSRF token for this browser session
      onLoggedIn(await post('/api/auth/login', formData(form)));
    } catch (err) {
      error.textContent = errorText(err);
    }
  } },
  h('div', { class: 'emblem' }, '★'),
  h('h1', {}, t('app')),
  h('label', {}, t('username'), h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none' })),
  h('label', {}, t('password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  error,
  h('button', { class: 'primary big', type: 'submit' }, t('login')),
  h('button', { class: 'link', type: 'button', onclick: () => { toggleLang(); location.reload(); } }, t('language')),
  h('a', { href: '#/public', 'data-testid': 'public-link' }, t('public_archive')));
  return h('main', { class: 'center' }, form);
}
